//! Reading numbers and slices out of untrusted bytes: every read is checked and
//! answers `None` past the end, so no parser here can index out of bounds.

/// `len` bytes at `at`, if they are all there.
pub(crate) fn slice(b: &[u8], at: usize, len: usize) -> Option<&[u8]> {
    b.get(at..at.checked_add(len)?)
}

pub(crate) fn u8_at(b: &[u8], at: usize) -> Option<u8> {
    b.get(at).copied()
}

pub(crate) fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(slice(b, at, 2)?.try_into().ok()?))
}

pub(crate) fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(slice(b, at, 4)?.try_into().ok()?))
}

pub(crate) fn be64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_be_bytes(slice(b, at, 8)?.try_into().ok()?))
}

pub(crate) fn le16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(slice(b, at, 2)?.try_into().ok()?))
}

pub(crate) fn le24(b: &[u8], at: usize) -> Option<u32> {
    let s = slice(b, at, 3)?;
    Some(u32::from(s[0]) | u32::from(s[1]) << 8 | u32::from(s[2]) << 16)
}

pub(crate) fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(slice(b, at, 4)?.try_into().ok()?))
}

/// Where `needle` first occurs in `haystack`, if anywhere.
pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut from = 0;
    while let Some(i) = haystack.get(from..)?.iter().position(|&b| b == first) {
        let at = from + i;
        if haystack.get(at + 1..at + 1 + rest.len()) == Some(rest) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Text read from a file, for people: invalid UTF-8 replaced, control characters
/// dropped, trailing NULs and spaces trimmed, at most `max` bytes kept (cut on a
/// character boundary, marked with `…`).
pub(crate) fn text(raw: &[u8], max: usize) -> String {
    let raw = match raw.iter().position(|&b| b == 0) {
        Some(nul) => &raw[..nul],
        None => raw,
    };
    let lossy = String::from_utf8_lossy(raw);
    let mut out = String::new();
    for c in lossy.trim_end().chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            continue;
        }
        if out.len() + c.len_utf8() > max {
            out.push('…');
            break;
        }
        out.push(c);
    }
    out
}

/// Bytes as Latin-1 text (PNG's tEXt chunks), with [`text`]'s clean-up.
pub(crate) fn latin1(raw: &[u8], max: usize) -> String {
    let s: String = raw.iter().map(|&b| char::from(b)).collect();
    text(s.as_bytes(), max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stop_at_the_end() {
        let b = [1, 2, 3];
        assert_eq!(be16(&b, 1), Some(0x0203));
        assert_eq!(be16(&b, 2), None);
        assert_eq!(be32(&b, usize::MAX), None);
        assert_eq!(slice(&b, usize::MAX, 2), None);
        assert_eq!(le24(&b, 0), Some(0x030201));
    }

    #[test]
    fn find_finds_the_first() {
        assert_eq!(find(b"aababc", b"abc"), Some(3));
        assert_eq!(find(b"aab", b"abc"), None);
        assert_eq!(find(b"abc", b""), None);
    }

    #[test]
    fn text_is_cleaned_and_bounded() {
        assert_eq!(text(b"Canon\0\0junk", 64), "Canon");
        assert_eq!(text(b"a\x07b  ", 64), "ab");
        assert_eq!(text("ééé".as_bytes(), 5), "éé…");
        assert_eq!(text(b"\xff", 8), "\u{fffd}");
    }
}

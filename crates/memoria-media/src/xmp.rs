//! XMP: Adobe's RDF/XML metadata packet. Its presence and size are what matter most
//! (stripping removes it whole); a few properties are read for the record.
//!
//! Not an XML parser: properties are found by their conventional prefixes
//! (`xmp:`/`xap:`, `dc:`, `exif:`), in either of RDF's two spellings (attribute or
//! element). A packet using other prefixes is still reported present, with those
//! fields empty.

use serde::{Deserialize, Serialize};

use crate::bytes::{find, text};

/// An XMP packet's size and the properties Memoria keeps.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Xmp {
    /// The packet's size in bytes.
    pub bytes: usize,
    /// `xmp:CreatorTool`: the application that made the file.
    pub creator_tool: Option<String>,
    /// `xmp:CreateDate`, as written (ISO 8601).
    pub create_date: Option<String>,
    /// `xmp:ModifyDate`, as written.
    pub modify_date: Option<String>,
    /// `dc:creator`: the first name listed.
    pub creator: Option<String>,
    /// `exif:GPSLatitude` and `exif:GPSLongitude`, as written (`10,30.0N`).
    pub gps_latitude: Option<String>,
    pub gps_longitude: Option<String>,
    /// Part of the packet could not be read (compressed, or split into JPEG's
    /// extended XMP segments, which are not joined).
    pub incomplete: bool,
}

const MAX_VALUE: usize = 256;

/// How far past a property's name its value may end. Looking further would make
/// a packet repeating one name without ever closing it cost quadratic time.
const MAX_REACH: usize = 4096;
const MAX_TRIES: usize = 64;

/// Reads a packet's properties. Never fails: an unreadable packet is an empty [`Xmp`]
/// of its size.
pub(crate) fn read(packet: &[u8]) -> Xmp {
    let prop = |names: &[&str]| names.iter().find_map(|n| property(packet, n));
    Xmp {
        bytes: packet.len(),
        creator_tool: prop(&["xmp:CreatorTool", "xap:CreatorTool"]),
        create_date: prop(&["xmp:CreateDate", "xap:CreateDate"]),
        modify_date: prop(&["xmp:ModifyDate", "xap:ModifyDate"]),
        creator: prop(&["dc:creator"]),
        gps_latitude: prop(&["exif:GPSLatitude"]),
        gps_longitude: prop(&["exif:GPSLongitude"]),
        incomplete: false,
    }
}

/// The first XMP packet anywhere in `b`: from `<?xpacket begin` (or a bare
/// `<x:xmpmeta`) to the packet's end, or at most 4 MiB.
pub(crate) fn scan(b: &[u8]) -> Option<&[u8]> {
    const MAX_PACKET: usize = 4 << 20;
    let start = find(b, b"<?xpacket begin").or_else(|| find(b, b"<x:xmpmeta"))?;
    let rest = &b[start..];
    let window = rest.get(..MAX_PACKET).unwrap_or(rest);
    let end = match find(window, b"<?xpacket end") {
        Some(at) => find(&window[at..], b"?>").map_or(window.len(), |e| at + e + 2),
        None => find(window, b"</x:xmpmeta>").map_or(window.len(), |at| at + 12),
    };
    Some(&window[..end])
}

/// A property's value: `name="value"` (or single quotes), or `<name>value</name>`,
/// or the first `<rdf:li>` inside `<name>`. Entities are decoded.
fn property(packet: &[u8], name: &str) -> Option<String> {
    let name = name.as_bytes();
    let mut from = 0;
    // A real packet names a property once or twice; a hostile one may repeat it
    // without ever giving a value: give up after a few tries.
    for _ in 0..MAX_TRIES {
        let i = find(packet.get(from..)?, name)?;
        let at = from + i;
        from = at + name.len();
        // The name must stand alone: preceded by space or `<`, followed by `=` or `>`.
        let before = at.checked_sub(1).and_then(|p| packet.get(p)).copied();
        if !matches!(before, Some(b' ' | b'\t' | b'\n' | b'\r' | b'<')) {
            continue;
        }
        let after = packet.get(from..)?;
        let after = after.get(..MAX_REACH).unwrap_or(after);
        let value = if before == Some(b'<') {
            element(after, name)
        } else {
            attribute(after)
        };
        if let Some(v) = value {
            let v = text(&decode_entities(v), MAX_VALUE);
            if !v.trim().is_empty() {
                return Some(v.trim().to_string());
            }
        }
    }
    None
}

fn attribute(after: &[u8]) -> Option<&[u8]> {
    let eq = after.iter().position(|&c| !c.is_ascii_whitespace())?;
    if after.get(eq) != Some(&b'=') {
        return None;
    }
    let rest = &after[eq + 1..];
    let q = rest.iter().position(|&c| !c.is_ascii_whitespace())?;
    let quote = *rest.get(q).filter(|&&c| c == b'"' || c == b'\'')?;
    let body = &rest[q + 1..];
    let end = body.iter().position(|&c| c == quote)?;
    Some(&body[..end])
}

fn element<'a>(after: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let gt = after.iter().position(|&c| c == b'>')?;
    // `<name ...>`: attributes are allowed; `<name/>` is empty.
    if after[..gt].ends_with(b"/") {
        return None;
    }
    let body = &after[gt + 1..];
    let mut close = b"</".to_vec();
    close.extend_from_slice(name);
    let end = find(body, &close).unwrap_or(body.len());
    let inner = &body[..end];
    if let Some(li) = find(inner, b"<rdf:li") {
        let li = &inner[li..];
        let gt = li.iter().position(|&c| c == b'>')?;
        let value = &li[gt + 1..];
        let lt = value.iter().position(|&c| c == b'<').unwrap_or(value.len());
        return Some(&value[..lt]);
    }
    let lt = inner.iter().position(|&c| c == b'<').unwrap_or(inner.len());
    Some(&inner[..lt])
}

fn decode_entities(v: &[u8]) -> Vec<u8> {
    let s = String::from_utf8_lossy(v);
    if !s.contains('&') {
        return s.into_owned().into_bytes();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
        .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_spellings_and_lists() {
        let p = br#"<rdf:Description xmp:CreatorTool = 'Tool &amp; Co'
            xmp:CreateDate="2020-01-01"><xap:ModifyDate>2021</xap:ModifyDate>
            <dc:creator><rdf:Seq><rdf:li>First</rdf:li><rdf:li>Second</rdf:li></rdf:Seq></dc:creator>
            <exif:GPSLatitude/>"#;
        let x = read(p);
        assert_eq!(x.creator_tool.as_deref(), Some("Tool & Co"));
        assert_eq!(x.create_date.as_deref(), Some("2020-01-01"));
        assert_eq!(x.modify_date.as_deref(), Some("2021"));
        assert_eq!(x.creator.as_deref(), Some("First"));
        assert_eq!(x.gps_latitude, None);
    }

    #[test]
    fn a_prefix_inside_another_name_is_not_a_match() {
        let x = read(br#"<a myxmp:CreatorTool="no"/>"#);
        assert_eq!(x.creator_tool, None);
    }

    #[test]
    fn scanning_finds_the_packet() {
        let b = b"%PDF junk <?xpacket begin='' id='x'?><x:xmpmeta/><?xpacket end='w'?> more";
        assert_eq!(
            scan(b),
            Some(&b"<?xpacket begin='' id='x'?><x:xmpmeta/><?xpacket end='w'?>"[..])
        );
        assert_eq!(scan(b"<?xpacket begin"), Some(&b"<?xpacket begin"[..]));
        assert_eq!(scan(b"nothing"), None);
    }
}

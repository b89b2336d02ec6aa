//! Decoding single-byte legacy encodings (Latin-1, Windows-1252) without a dependency:
//! both are a fixed table from byte to character.

use crate::mapping::Encoding;

/// Windows-1252 bytes 0x80–0x9F. The five bytes the code page leaves undefined map to
/// the C1 control of the same number, as the WHATWG Encoding Standard does.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// The text of `bytes`; for UTF-8, the offset of the first invalid byte on failure.
pub(crate) fn decode(bytes: &[u8], encoding: Encoding) -> Result<String, usize> {
    match encoding {
        Encoding::Utf8 => std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|e| e.valid_up_to()),
        Encoding::Latin1 => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
        Encoding::Windows1252 => Ok(bytes
            .iter()
            .map(|&b| match b {
                0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
                _ => char::from(b),
            })
            .collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_encodings() {
        assert_eq!(decode(b"Jos\xe9", Encoding::Latin1).unwrap(), "José");
        assert_eq!(
            decode(b"\x93ok\x94 \x80", Encoding::Windows1252).unwrap(),
            "\u{201C}ok\u{201D} €"
        );
        assert_eq!(decode(b"Jos\xe9", Encoding::Utf8).unwrap_err(), 3);
    }
}

//! PNG: a walk over chunks, shared by reading and stripping.
//!
//! Metadata lives in ancillary chunks: `eXIf` (EXIF), `iTXt` with the keyword
//! `XML:com.adobe.xmp` (XMP), `tEXt`/`zTXt`/`iTXt` (free text), `tIME` (when last
//! changed) and `caBX` (C2PA). Stripping keeps a fixed list of chunks that carry
//! only pixels and how to show them, copied with their CRCs untouched, and drops
//! every other chunk, known or not.

use crate::bytes::{be16, be32, latin1, slice, text, u8_at};
use crate::strip::{StripError, Stripped};
use crate::{MAX_TEXT, Metadata, c2pa, exif, xmp};

const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Chunks a stripped PNG keeps: the critical ones, colour and display information,
/// transparency, and APNG animation.
const KEPT: [&[u8; 4]; 17] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"cICP",
    b"mDCV", b"cLLI", b"bKGD", b"tRNS", b"pHYs", b"acTL", b"fcTL",
];

/// APNG frame data, kept too (separate only to keep the table above short).
const FRAME_DATA: &[u8; 4] = b"fdAT";

pub(crate) struct Chunk<'a> {
    pub(crate) kind: [u8; 4],
    pub(crate) data: &'a [u8],
    /// The whole chunk: length, type, data, CRC.
    pub(crate) raw: &'a [u8],
    pub(crate) at: usize,
    pub(crate) crc_ok: bool,
}

pub(crate) enum Piece<'a> {
    Chunk(Chunk<'a>),
    /// Bytes after `IEND`.
    Trailing(&'a [u8]),
}

pub(crate) struct Pieces<'a> {
    b: &'a [u8],
    pos: usize,
    ended: bool,
    done: bool,
}

pub(crate) fn pieces(b: &[u8]) -> Pieces<'_> {
    Pieces {
        b,
        pos: 0,
        ended: false,
        done: false,
    }
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Result<Piece<'a>, String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let b = self.b;
        let mut fail = |why: String| {
            self.done = true;
            Some(Err(why))
        };
        if self.pos == 0 {
            if !b.starts_with(SIGNATURE) {
                return fail("no PNG signature".into());
            }
            self.pos = SIGNATURE.len();
        }
        if self.ended {
            self.done = true;
            let rest = &b[self.pos.min(b.len())..];
            return (!rest.is_empty()).then_some(Ok(Piece::Trailing(rest)));
        }
        let at = self.pos;
        if at >= b.len() {
            return fail("no IEND chunk: the file is cut short".into());
        }
        let (Some(len), Some(kind)) = (be32(b, at), slice(b, at + 4, 4)) else {
            return fail(format!("the chunk header at byte {at} is cut short"));
        };
        if len > 0x7FFF_FFFF {
            return fail(format!(
                "the chunk at byte {at} declares an impossible length"
            ));
        }
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return fail(format!("the chunk at byte {at} has no valid type"));
        }
        let len = len as usize;
        let Some(raw) = slice(b, at, len + 12) else {
            return fail(format!(
                "the chunk at byte {at} declares {len} bytes, more than the file has"
            ));
        };
        let kind: [u8; 4] = [kind[0], kind[1], kind[2], kind[3]];
        let data = &raw[8..8 + len];
        let crc_ok = be32(raw, 8 + len) == Some(crc32(&raw[4..8 + len]));
        self.pos = at + len + 12;
        if &kind == b"IEND" {
            self.ended = true;
        }
        Some(Ok(Piece::Chunk(Chunk {
            kind,
            data,
            raw,
            at,
            crc_ok,
        })))
    }
}

fn name(kind: &[u8; 4]) -> String {
    String::from_utf8_lossy(kind).into_owned()
}

const XMP_KEYWORD: &[u8] = b"XML:com.adobe.xmp";

/// An iTXt chunk: keyword, whether the text is compressed, the text.
fn itxt(data: &[u8]) -> Option<(&[u8], bool, &[u8])> {
    let key_end = data.iter().position(|&c| c == 0)?;
    let compressed = u8_at(data, key_end + 1)? != 0;
    let rest = data.get(key_end + 3..)?;
    let lang_end = rest.iter().position(|&c| c == 0)?;
    let rest = rest.get(lang_end + 1..)?;
    let tkey_end = rest.iter().position(|&c| c == 0)?;
    Some((&data[..key_end], compressed, rest.get(tkey_end + 1..)?))
}

/// An EXIF block, with the `Exif\0\0` prefix some writers put in `eXIf` removed.
fn exif_block(data: &[u8]) -> &[u8] {
    data.strip_prefix(b"Exif\0\0").unwrap_or(data)
}

pub(crate) fn inspect(b: &[u8], m: &mut Metadata) {
    for piece in pieces(b) {
        let c = match piece {
            Err(why) => {
                m.warn(format!("PNG: {why}"));
                break;
            }
            Ok(Piece::Trailing(t)) => {
                m.note_other(format!(
                    "data after the end of the image ({} bytes)",
                    t.len()
                ));
                break;
            }
            Ok(Piece::Chunk(c)) => c,
        };
        if !c.crc_ok {
            m.warn(format!(
                "PNG chunk {} at byte {} has a wrong CRC: the file is damaged",
                name(&c.kind),
                c.at
            ));
        }
        match &c.kind {
            b"IHDR" => {
                m.width = be32(c.data, 0);
                m.height = be32(c.data, 4);
            }
            b"eXIf" if m.exif.is_none() => m.exif = exif::read(exif_block(c.data), m),
            b"eXIf" => m.note_other("a second EXIF chunk"),
            b"iTXt" => match itxt(c.data) {
                Some((XMP_KEYWORD, false, packet)) if m.xmp.is_none() => {
                    m.xmp = Some(xmp::read(packet));
                }
                Some((XMP_KEYWORD, true, packet)) if m.xmp.is_none() => {
                    m.warn("the XMP packet is compressed: its fields were not read");
                    m.xmp = Some(xmp::Xmp {
                        bytes: packet.len(),
                        incomplete: true,
                        ..Default::default()
                    });
                }
                Some((XMP_KEYWORD, ..)) => m.note_other("a second XMP packet"),
                Some((key, compressed, value)) => {
                    let value = if compressed {
                        "(compressed, not read)".to_string()
                    } else {
                        text(value, MAX_TEXT)
                    };
                    m.add_text(latin1(key, 80), value);
                }
                None => m.warn("a PNG iTXt chunk is malformed"),
            },
            b"tEXt" => {
                let (key, value) = split_key(c.data);
                if key == XMP_KEYWORD && m.xmp.is_none() {
                    m.xmp = Some(xmp::read(value));
                } else {
                    m.add_text(latin1(key, 80), latin1(value, MAX_TEXT));
                }
            }
            b"zTXt" => {
                let (key, _) = split_key(c.data);
                m.add_text(latin1(key, 80), "(compressed, not read)".into());
            }
            b"tIME" => {
                let t = (
                    be16(c.data, 0),
                    u8_at(c.data, 2),
                    u8_at(c.data, 3),
                    u8_at(c.data, 4),
                    u8_at(c.data, 5),
                    u8_at(c.data, 6),
                );
                if let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s)) = t {
                    m.note_other(format!(
                        "PNG modification time ({y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC)"
                    ));
                } else {
                    m.note_other("PNG modification time");
                }
            }
            b"caBX" => c2pa::add_whole(m, c.data.len()),
            b"iCCP" => m.note_other("ICC profile"),
            kind if KEPT.contains(&kind) || kind == FRAME_DATA => {}
            kind => m.note_other(format!("PNG chunk {}", name(kind))),
        }
    }
}

/// `keyword\0rest`; no NUL means all keyword.
fn split_key(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&c| c == 0) {
        Some(nul) => (&data[..nul], &data[nul + 1..]),
        None => (data, &[]),
    }
}

pub(crate) fn strip(b: &[u8]) -> Result<Stripped, StripError> {
    let malformed = |reason: String| StripError::Malformed {
        mime: "image/png",
        reason,
    };
    let mut s = Stripped::with_capacity(b.len());
    s.bytes.extend_from_slice(SIGNATURE);
    for piece in pieces(b) {
        let c = match piece.map_err(malformed)? {
            Piece::Trailing(_) => {
                s.remove("data after the end of the image");
                continue;
            }
            Piece::Chunk(c) => c,
        };
        if KEPT.contains(&&c.kind) || &c.kind == FRAME_DATA {
            if !c.crc_ok {
                return Err(malformed(format!(
                    "chunk {} at byte {} has a wrong CRC",
                    name(&c.kind),
                    c.at
                )));
            }
            s.bytes.extend_from_slice(c.raw);
            if &c.kind == b"iCCP" {
                s.keep("ICC profile");
            }
            continue;
        }
        // An unknown critical chunk (upper-case first letter) means the image
        // cannot be decoded without it: dropping it would publish something else.
        if c.kind[0].is_ascii_uppercase() {
            return Err(malformed(format!(
                "unknown critical chunk {}",
                name(&c.kind)
            )));
        }
        let what = match &c.kind {
            b"eXIf" => "EXIF".to_string(),
            b"iTXt" if itxt(c.data).is_some_and(|(k, ..)| k == XMP_KEYWORD) => "XMP".into(),
            b"tEXt" if split_key(c.data).0 == XMP_KEYWORD => "XMP".into(),
            b"tEXt" | b"zTXt" | b"iTXt" => format!("text \"{}\"", latin1(split_key(c.data).0, 80)),
            b"tIME" => "modification time".into(),
            b"caBX" => "C2PA".into(),
            kind => format!("PNG chunk {}", name(kind)),
        };
        if c.kind == *b"eXIf" {
            s.note_orientation(exif_block(c.data));
        }
        s.remove(&what);
    }
    Ok(s)
}

/// CRC-32 as PNG (and zip, and gzip) compute it.
fn crc32(data: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut n = 0;
        while n < 256 {
            let mut c = n as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[n] = c;
            n += 1;
        }
        table
    };
    !data.iter().fold(!0u32, |c, &x| {
        TABLE[((c ^ u32::from(x)) & 0xFF) as usize] ^ (c >> 8)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_of_iend() {
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
    }
}

//! WebP: a RIFF container of chunks. Metadata lives in `EXIF`, `XMP ` and `C2PA`
//! chunks of the extended format, whose `VP8X` header has a flag bit for each of
//! EXIF and XMP. Stripping keeps the image chunks, fixes those flags and the RIFF
//! size, and drops everything else.

use crate::bytes::{le16, le24, le32, slice, u8_at};
use crate::strip::{StripError, Stripped};
use crate::{Metadata, c2pa, exif, xmp};

/// Chunks a stripped WebP keeps: the extended header, ICC profile, animation,
/// alpha and the bitstreams.
const KEPT: [&[u8; 4]; 7] = [
    b"VP8X", b"ICCP", b"ANIM", b"ANMF", b"ALPH", b"VP8 ", b"VP8L",
];

const FLAG_EXIF: u8 = 0x08;
const FLAG_XMP: u8 = 0x04;

pub(crate) struct Chunk<'a> {
    kind: [u8; 4],
    data: &'a [u8],
}

/// The chunks of a WebP file and the size of anything after the RIFF container;
/// or what is wrong with it, in words, with the chunks read before that.
fn chunks(b: &[u8]) -> (Vec<Chunk<'_>>, usize, Option<String>) {
    let mut out = Vec::new();
    let Some(size) = le32(b, 4) else {
        return (out, 0, Some("the RIFF header is cut short".into()));
    };
    let end = match (size as usize).checked_add(8) {
        Some(end) if end <= b.len() && size >= 4 => end,
        _ => {
            let why = format!("the RIFF container declares {size} bytes, more than the file has");
            return (out, 0, Some(why));
        }
    };
    let mut pos = 12;
    while pos < end {
        let (Some(kind), Some(len)) = (slice(b, pos, 4), le32(b, pos + 4)) else {
            return (
                out,
                0,
                Some(format!("the chunk at byte {pos} is cut short")),
            );
        };
        let len = len as usize;
        let Some(data) = slice(b, pos + 8, len).filter(|_| pos + 8 + len <= end) else {
            let why =
                format!("the chunk at byte {pos} declares {len} bytes, more than the file has");
            return (out, 0, Some(why));
        };
        out.push(Chunk {
            kind: [kind[0], kind[1], kind[2], kind[3]],
            data,
        });
        // Odd sizes are followed by a pad byte (a missing last one is tolerated).
        pos += 8 + len + (len & 1);
    }
    (out, b.len() - end, None)
}

fn name(kind: &[u8; 4]) -> String {
    String::from_utf8_lossy(kind).trim_end().to_string()
}

fn exif_block(data: &[u8]) -> &[u8] {
    data.strip_prefix(b"Exif\0\0").unwrap_or(data)
}

pub(crate) fn inspect(b: &[u8], m: &mut Metadata) {
    let (chunks, trailing, error) = chunks(b);
    for c in &chunks {
        match &c.kind {
            b"VP8X" => {
                m.width = le24(c.data, 4).map(|w| w + 1);
                m.height = le24(c.data, 7).map(|h| h + 1);
            }
            b"VP8 " if m.width.is_none() && slice(c.data, 3, 3) == Some(b"\x9d\x01\x2a") => {
                m.width = le16(c.data, 6).map(|w| u32::from(w & 0x3FFF));
                m.height = le16(c.data, 8).map(|h| u32::from(h & 0x3FFF));
            }
            b"VP8L" if m.width.is_none() && u8_at(c.data, 0) == Some(0x2F) => {
                if let Some(bits) = le32(c.data, 1) {
                    m.width = Some((bits & 0x3FFF) + 1);
                    m.height = Some((bits >> 14 & 0x3FFF) + 1);
                }
            }
            b"EXIF" if m.exif.is_none() => m.exif = exif::read(exif_block(c.data), m),
            b"XMP " if m.xmp.is_none() => m.xmp = Some(xmp::read(c.data)),
            b"EXIF" | b"XMP " => m.note_other(format!("a second {} chunk", name(&c.kind))),
            b"C2PA" => c2pa::add_whole(m, c.data.len()),
            b"ICCP" => m.note_other("ICC profile"),
            kind if KEPT.contains(&kind) => {}
            kind => m.note_other(format!("WebP chunk {}", name(kind))),
        }
    }
    if trailing > 0 {
        m.note_other(format!(
            "data after the end of the image ({trailing} bytes)"
        ));
    }
    if let Some(why) = error {
        m.warn(format!("WebP: {why}"));
    }
}

pub(crate) fn strip(b: &[u8]) -> Result<Stripped, StripError> {
    let (chunks, trailing, error) = chunks(b);
    if let Some(reason) = error {
        return Err(StripError::Malformed {
            mime: "image/webp",
            reason,
        });
    }
    let mut s = Stripped::with_capacity(b.len());
    s.bytes.extend_from_slice(b"RIFF\0\0\0\0WEBP");
    for c in &chunks {
        if !KEPT.contains(&&c.kind) {
            let what = match &c.kind {
                b"EXIF" => {
                    s.note_orientation(exif_block(c.data));
                    "EXIF".to_string()
                }
                b"XMP " => "XMP".into(),
                b"C2PA" => "C2PA".into(),
                kind => format!("WebP chunk {}", name(kind)),
            };
            s.remove(&what);
            continue;
        }
        s.bytes.extend_from_slice(&c.kind);
        s.bytes
            .extend_from_slice(&(c.data.len() as u32).to_le_bytes());
        let start = s.bytes.len();
        s.bytes.extend_from_slice(c.data);
        if &c.kind == b"VP8X"
            && let Some(flags) = s.bytes.get_mut(start)
        {
            *flags &= !(FLAG_EXIF | FLAG_XMP);
        }
        if &c.kind == b"ICCP" {
            s.keep("ICC profile");
        }
        if c.data.len() % 2 == 1 {
            s.bytes.push(0);
        }
    }
    if trailing > 0 {
        s.remove("data after the end of the image");
    }
    let size = (s.bytes.len() - 8) as u32;
    s.bytes[4..8].copy_from_slice(&size.to_le_bytes());
    Ok(s)
}

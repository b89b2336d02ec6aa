//! ISO base media files (HEIC, HEIF, AVIF, MP4, QuickTime): a walk over boxes to a
//! fixed depth. Top level: C2PA `uuid` boxes and the `meta` box; in `meta`, the
//! item list (`iinf`), their locations (`iloc`, `idat`) and the image size (`ispe`
//! in `iprp/ipco`). The `Exif` item is read as EXIF and an XMP `mime` item as XMP.
//!
//! In `moov`, a video's location (QuickTime `udta/©xyz`, or Apple's ISO 6709 key in
//! `meta`) is noted as present but not decoded; other MP4 metadata is not read.

use crate::bytes::{be16, be32, be64, find, slice, u8_at};
use crate::{Metadata, c2pa, exif, xmp};

/// Boxes inside `b`, in order: type and body. A box running past the end stops the
/// walk with a warning; a box of size 0 runs to the end.
struct Boxes<'a> {
    b: &'a [u8],
    pos: usize,
    error: Option<String>,
}

fn boxes(b: &[u8]) -> Boxes<'_> {
    Boxes {
        b,
        pos: 0,
        error: None,
    }
}

impl<'a> Iterator for Boxes<'a> {
    type Item = ([u8; 4], &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let (b, at) = (self.b, self.pos);
        if at >= b.len() || self.error.is_some() {
            return None;
        }
        let (Some(size), Some(kind)) = (be32(b, at), slice(b, at + 4, 4)) else {
            self.error = Some(format!("the box at byte {at} is cut short"));
            return None;
        };
        let (header, size) = match size {
            0 => (8, (b.len() - at) as u64),
            1 => match be64(b, at + 8) {
                Some(n) => (16, n),
                None => {
                    self.error = Some(format!("the box at byte {at} is cut short"));
                    return None;
                }
            },
            n => (8, u64::from(n)),
        };
        let body = usize::try_from(size)
            .ok()
            .filter(|&s| s >= header)
            .and_then(|s| slice(b, at + header, s - header));
        let Some(body) = body else {
            self.error = Some(format!(
                "the box at byte {at} declares {size} bytes, more than the file has"
            ));
            return None;
        };
        self.pos = at + header + body.len();
        Some(([kind[0], kind[1], kind[2], kind[3]], body))
    }
}

/// An item of the `meta` box that Memoria reads.
#[derive(Clone, Copy, PartialEq)]
enum Wanted {
    Exif,
    Xmp,
}

pub(crate) fn inspect(b: &[u8], m: &mut Metadata) {
    let mut top = boxes(b);
    for (kind, body) in top.by_ref() {
        match &kind {
            b"uuid" if body.starts_with(&c2pa::BMFF_UUID) => {
                c2pa::add_whole(m, body.len() - 16);
            }
            b"meta" => meta(b, body, m),
            b"moov" => movie(body, m),
            _ => {}
        }
    }
    if let Some(why) = top.error {
        m.warn(format!("ISO-BMFF: {why}"));
    }
}

/// A movie's user data and metadata: where phones record where a video was made.
/// Noted as present; the position itself is not read yet.
fn movie(moov: &[u8], m: &mut Metadata) {
    for (kind, body) in boxes(moov) {
        match &kind {
            b"udta" => {
                for (kind, _) in boxes(body) {
                    if &kind == b"\xA9xyz" {
                        m.note_other("QuickTime location (\u{a9}xyz, not read)");
                    }
                }
            }
            b"meta" if find(body, b"location.ISO6709").is_some() => {
                m.note_other("QuickTime location (ISO 6709 key, not read)");
            }
            _ => {}
        }
    }
}

/// The `meta` box (a full box: four bytes of version and flags, then boxes).
fn meta(file: &[u8], body: &[u8], m: &mut Metadata) {
    let Some(children) = body.get(4..) else {
        return;
    };
    let mut items: Vec<(u32, Wanted)> = Vec::new();
    let mut iloc = None;
    let mut idat: &[u8] = &[];
    let mut walk = boxes(children);
    for (kind, body) in walk.by_ref() {
        match &kind {
            b"iinf" => items = item_infos(body),
            b"iloc" => iloc = Some(body),
            b"idat" => idat = body,
            b"iprp" => size(body, m),
            _ => {}
        }
    }
    if let Some(why) = walk.error {
        m.warn(format!("HEIF meta box: {why}"));
    }
    let Some(iloc) = iloc else {
        return;
    };
    for &(id, wanted) in &items {
        let Some(data) = item_data(file, idat, iloc, id) else {
            m.warn("a HEIF metadata item's location is outside the file");
            continue;
        };
        match wanted {
            Wanted::Exif if m.exif.is_none() => {
                // The item starts with the offset of the TIFF header within it.
                let skip = be32(&data, 0).map_or(usize::MAX, |n| n as usize);
                let tiff = data.get(4..).and_then(|d| d.get(skip..)).unwrap_or(&[]);
                let tiff = tiff.strip_prefix(b"Exif\0\0").unwrap_or(tiff);
                m.exif = exif::read(tiff, m);
            }
            Wanted::Xmp if m.xmp.is_none() => m.xmp = Some(xmp::read(&data)),
            _ => {}
        }
    }
}

/// The `Exif` and XMP items listed in `iinf`, by id.
fn item_infos(body: &[u8]) -> Vec<(u32, Wanted)> {
    let Some(version) = u8_at(body, 0) else {
        return Vec::new();
    };
    let start = if version == 0 { 6 } else { 8 };
    let mut out = Vec::new();
    for (kind, infe) in boxes(body.get(start..).unwrap_or(&[])) {
        if &kind != b"infe" || out.len() >= 64 {
            continue;
        }
        let (id, rest) = match u8_at(infe, 0) {
            Some(2) => (be16(infe, 4).map(u32::from), infe.get(8..)),
            Some(3) => (be32(infe, 4), infe.get(10..)),
            _ => continue,
        };
        let (Some(id), Some(rest)) = (id, rest) else {
            continue;
        };
        let Some(item_type) = rest.get(..4) else {
            continue;
        };
        let after_name = rest
            .get(4..)
            .and_then(|r| r.iter().position(|&c| c == 0).map(|n| &r[n + 1..]));
        match item_type {
            b"Exif" => out.push((id, Wanted::Exif)),
            b"mime" if after_name.is_some_and(|ct| ct.starts_with(b"application/rdf+xml")) => {
                out.push((id, Wanted::Xmp));
            }
            _ => {}
        }
    }
    out
}

/// The largest image size given by an `ispe` property (tiles have their own,
/// smaller ones; the grid that joins them has the whole).
fn size(iprp: &[u8], m: &mut Metadata) {
    for (kind, ipco) in boxes(iprp) {
        if &kind != b"ipco" {
            continue;
        }
        for (kind, ispe) in boxes(ipco) {
            if &kind != b"ispe" {
                continue;
            }
            if let (Some(w), Some(h)) = (be32(ispe, 4), be32(ispe, 8)) {
                let area = u64::from(w) * u64::from(h);
                let known = u64::from(m.width.unwrap_or(0)) * u64::from(m.height.unwrap_or(0));
                if area > known {
                    m.width = Some(w);
                    m.height = Some(h);
                }
            }
        }
    }
}

/// An item's bytes, joined from its extents: offsets in the file (construction
/// method 0) or in `idat` (method 1). At most the file's size in total, so that
/// extents repeating one range cannot multiply memory.
fn item_data(file: &[u8], idat: &[u8], iloc: &[u8], wanted: u32) -> Option<Vec<u8>> {
    let version = u8_at(iloc, 0)?;
    let sizes = u8_at(iloc, 4)?;
    let (offset_size, length_size) = (usize::from(sizes >> 4), usize::from(sizes & 0xF));
    let sizes = u8_at(iloc, 5)?;
    let base_size = usize::from(sizes >> 4);
    let index_size = if version == 1 || version == 2 {
        usize::from(sizes & 0xF)
    } else {
        0
    };
    let (count, mut at) = if version < 2 {
        (be16(iloc, 6).map(u32::from)?, 8)
    } else {
        (be32(iloc, 6)?, 10)
    };
    let number = |at: &mut usize, n: usize| -> Option<u64> {
        let v = match n {
            0 => 0,
            4 => u64::from(be32(iloc, *at)?),
            8 => be64(iloc, *at)?,
            _ => return None,
        };
        *at += n;
        Some(v)
    };
    for _ in 0..count {
        let id = if version < 2 {
            let id = u32::from(be16(iloc, at)?);
            at += 2;
            id
        } else {
            let id = be32(iloc, at)?;
            at += 4;
            id
        };
        let method = if version == 1 || version == 2 {
            let method = be16(iloc, at)? & 0xF;
            at += 2;
            method
        } else {
            0
        };
        at += 2; // data reference index
        let base = number(&mut at, base_size)?;
        let extents = be16(iloc, at)?;
        at += 2;
        let mut data = Vec::new();
        for _ in 0..extents {
            number(&mut at, index_size)?;
            let offset = number(&mut at, offset_size)?;
            let length = number(&mut at, length_size)?;
            if id != wanted {
                continue;
            }
            let source = match method {
                0 => file,
                1 => idat,
                _ => return None,
            };
            let start = usize::try_from(base.checked_add(offset)?).ok()?;
            let length = match length {
                0 => source.len().checked_sub(start)?,
                n => usize::try_from(n).ok()?,
            };
            if data.len().saturating_add(length) > file.len() {
                return None;
            }
            data.extend_from_slice(slice(source, start, length)?);
        }
        if id == wanted {
            return Some(data);
        }
    }
    None
}

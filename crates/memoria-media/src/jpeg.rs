//! JPEG: a walk over markers and segments, shared by reading and stripping, so that
//! what [`inspect`] finds is exactly what [`strip`] removes.
//!
//! Metadata lives in APPn segments (EXIF and XMP in APP1, ICC and MPF in APP2, JUMBF
//! and C2PA in APP11, IPTC in APP13) and in COM comments, before the first scan or
//! between scans. Everything after the end-of-image marker is trailing data (phones
//! append further images, depth maps and maker data there).

use crate::bytes::{be16, slice, text};
use crate::c2pa::JpegSegments;
use crate::strip::{StripError, Stripped};
use crate::{MAX_TEXT, Metadata, exif, xmp};

const XMP_ID: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const XMP_EXTENDED_ID: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";

/// One piece of a JPEG file, as it appears in the bytes.
pub(crate) enum Piece<'a> {
    /// A marker segment: `raw` is all of it (fill bytes, marker, length, payload).
    Segment {
        marker: u8,
        raw: &'a [u8],
        payload: &'a [u8],
    },
    /// A marker without a length: SOI, RSTn or TEM outside a scan.
    Marker(&'a [u8]),
    /// Entropy-coded data after a start-of-scan segment, with its restart markers.
    Scan(&'a [u8]),
    /// The end-of-image marker.
    End(&'a [u8]),
    /// Bytes after the end-of-image marker.
    Trailing(&'a [u8]),
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Start,
    Markers,
    Scan,
    AfterEnd,
    Done,
}

/// The pieces of a JPEG in order; an `Err` (saying what is wrong, in words) is the
/// last item.
pub(crate) struct Pieces<'a> {
    b: &'a [u8],
    pos: usize,
    state: State,
}

pub(crate) fn pieces(b: &[u8]) -> Pieces<'_> {
    Pieces {
        b,
        pos: 0,
        state: State::Start,
    }
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Result<Piece<'a>, String>;

    fn next(&mut self) -> Option<Self::Item> {
        let b = self.b;
        let fail = |s: &mut Self, why: String| {
            s.state = State::Done;
            Some(Err(why))
        };
        match self.state {
            State::Done => None,
            State::Start => {
                if !b.starts_with(b"\xFF\xD8") {
                    return fail(self, "no start-of-image marker".into());
                }
                self.pos = 2;
                self.state = State::Markers;
                Some(Ok(Piece::Marker(&b[..2])))
            }
            State::AfterEnd => {
                self.state = State::Done;
                let rest = &b[self.pos.min(b.len())..];
                (!rest.is_empty()).then_some(Ok(Piece::Trailing(rest)))
            }
            State::Scan => {
                let start = self.pos;
                let mut i = start;
                while let Some(off) = b.get(i..).and_then(|r| r.iter().position(|&c| c == 0xFF)) {
                    i += off;
                    match b.get(i + 1) {
                        // Stuffed zero, restart marker: still scan data.
                        Some(0x00 | 0xD0..=0xD7) => i += 2,
                        Some(0xFF) => i += 1,
                        Some(_) => break,
                        None => i += 1,
                    }
                }
                let end = i.min(b.len());
                self.pos = end;
                self.state = State::Markers;
                Some(Ok(Piece::Scan(&b[start..end])))
            }
            State::Markers => {
                let pos = self.pos;
                match b.get(pos) {
                    None => {
                        return fail(self, "no end-of-image marker: the file is cut short".into());
                    }
                    Some(0xFF) => {}
                    Some(_) => {
                        return fail(self, format!("no marker where one must be, at byte {pos}"));
                    }
                }
                let mut p = pos;
                while b.get(p + 1) == Some(&0xFF) {
                    p += 1;
                }
                let Some(&marker) = b.get(p + 1) else {
                    return fail(self, "no end-of-image marker: the file is cut short".into());
                };
                match marker {
                    0xD9 => {
                        self.pos = p + 2;
                        self.state = State::AfterEnd;
                        Some(Ok(Piece::End(&b[pos..p + 2])))
                    }
                    0x00 | 0xD8 => fail(self, format!("invalid marker 0x{marker:02X} at byte {p}")),
                    0x01 | 0xD0..=0xD7 => {
                        self.pos = p + 2;
                        Some(Ok(Piece::Marker(&b[pos..p + 2])))
                    }
                    _ => {
                        let Some(len) = be16(b, p + 2).map(usize::from) else {
                            return fail(self, "a segment header is cut short".into());
                        };
                        let Some(payload) = len.checked_sub(2).and_then(|n| slice(b, p + 4, n))
                        else {
                            return fail(
                                self,
                                format!(
                                    "the segment at byte {p} declares {len} bytes, more than the file has"
                                ),
                            );
                        };
                        let end = p + 2 + len;
                        self.pos = end;
                        if marker == 0xDA {
                            self.state = State::Scan;
                        }
                        Some(Ok(Piece::Segment {
                            marker,
                            raw: &b[pos..end],
                            payload,
                        }))
                    }
                }
            }
        }
    }
}

/// What a marker segment is, for reading and for stripping.
#[derive(PartialEq)]
enum Class {
    Jfif,
    JfifThumbnail,
    Exif,
    Xmp,
    XmpExtended,
    Icc,
    MultiPicture,
    Jumbf,
    Photoshop,
    /// APP14 "Adobe": the colour transform, needed to decode CMYK/YCCK correctly.
    Adobe,
    Comment,
    OtherApp,
    /// Not metadata: tables, frame and scan headers (SOFn, DHT, DAC, SOS, DQT, DNL,
    /// DRI, DHP, EXP).
    Image,
    /// Anything else with a length (JPEG-LS and extension markers, reserved ones):
    /// neither known to be harmless nor safe to drop.
    Unknown,
}

fn classify(marker: u8, payload: &[u8]) -> Class {
    match marker {
        0xE0 if payload.starts_with(b"JFIF\0") => Class::Jfif,
        0xE0 if payload.starts_with(b"JFXX\0") => Class::JfifThumbnail,
        0xE1 if payload.starts_with(b"Exif\0") => Class::Exif,
        0xE1 if payload.starts_with(XMP_ID) => Class::Xmp,
        0xE1 if payload.starts_with(XMP_EXTENDED_ID) => Class::XmpExtended,
        0xE2 if payload.starts_with(b"ICC_PROFILE\0") => Class::Icc,
        0xE2 if payload.starts_with(b"MPF\0") => Class::MultiPicture,
        0xEB if payload.starts_with(b"JP") => Class::Jumbf,
        0xED => Class::Photoshop,
        0xEE if payload.starts_with(b"Adobe") => Class::Adobe,
        0xFE => Class::Comment,
        0xE0..=0xEF => Class::OtherApp,
        0xC0..=0xCF | 0xDA..=0xDF => Class::Image,
        _ => Class::Unknown,
    }
}

/// Whether a JFIF header says a thumbnail follows it (its width and height bytes).
fn has_jfif_thumbnail(payload: &[u8]) -> bool {
    payload.get(12..14).is_some_and(|t| t != [0, 0])
}

/// The EXIF block of an APP1 "Exif" segment: after `Exif\0` and one pad byte.
fn exif_block(payload: &[u8]) -> &[u8] {
    payload.get(6..).unwrap_or(&[])
}

/// An APPn segment's identifier, for naming segments no one here knows.
fn app_name(marker: u8, payload: &[u8]) -> String {
    let id: String = payload
        .iter()
        .take(24)
        .take_while(|&&c| c != 0)
        .filter(|c| c.is_ascii_graphic() || **c == b' ')
        .map(|&c| char::from(c))
        .collect();
    let n = marker - 0xE0;
    if id.is_empty() {
        format!("APP{n} segment")
    } else {
        format!("APP{n} segment \"{id}\"")
    }
}

pub(crate) fn inspect(b: &[u8], m: &mut Metadata) {
    let mut jumbf = JpegSegments::default();
    for piece in pieces(b) {
        let (marker, payload) = match piece {
            Err(why) => {
                m.warn(format!("JPEG: {why}"));
                break;
            }
            Ok(Piece::Trailing(t)) => {
                m.note_other(format!(
                    "data after the end of the image ({} bytes)",
                    t.len()
                ));
                continue;
            }
            Ok(Piece::Segment {
                marker, payload, ..
            }) => (marker, payload),
            Ok(_) => continue,
        };
        match classify(marker, payload) {
            Class::Image => {
                let is_frame =
                    matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
                if is_frame && m.width.is_none() {
                    m.height = be16(payload, 1).map(u32::from);
                    m.width = be16(payload, 3).map(u32::from);
                }
            }
            Class::Exif if m.exif.is_none() => m.exif = exif::read(exif_block(payload), m),
            Class::Exif => m.note_other("a second EXIF segment"),
            Class::Xmp if m.xmp.is_none() => {
                m.xmp = Some(xmp::read(&payload[XMP_ID.len()..]));
            }
            Class::Xmp => m.note_other("a second XMP segment"),
            Class::XmpExtended => {
                // The rest of a long packet, in pieces: present, not joined.
                let x = m.xmp.get_or_insert_with(Default::default);
                x.incomplete = true;
                x.bytes = x.bytes.saturating_add(payload.len().saturating_sub(75));
            }
            Class::Jumbf => {
                if !jumbf.add(payload) {
                    m.note_other("JUMBF box (not C2PA)");
                }
            }
            Class::Icc => m.note_other("ICC profile"),
            Class::MultiPicture => m.note_other("MPF index of further images"),
            Class::JfifThumbnail => m.note_other("JFIF thumbnail"),
            Class::Photoshop => m.note_other("IPTC/Photoshop"),
            Class::Comment => m.add_text("comment".into(), text(payload, MAX_TEXT)),
            Class::OtherApp => m.note_other(app_name(marker, payload)),
            Class::Jfif => {
                if has_jfif_thumbnail(payload) {
                    m.note_other("JFIF thumbnail");
                }
            }
            Class::Adobe => {}
            Class::Unknown => m.note_other(format!("JPEG segment 0x{marker:02X}")),
        }
    }
    m.c2pa = jumbf.finish(m);
}

pub(crate) fn strip(b: &[u8]) -> Result<Stripped, StripError> {
    let mut s = Stripped::with_capacity(b.len());
    let mut jumbf = JpegSegments::default();
    for piece in pieces(b) {
        let piece = piece.map_err(|reason| StripError::Malformed {
            mime: "image/jpeg",
            reason,
        })?;
        let (marker, raw, payload) = match piece {
            Piece::Segment {
                marker,
                raw,
                payload,
            } => (marker, raw, payload),
            Piece::Marker(raw) | Piece::Scan(raw) | Piece::End(raw) => {
                s.bytes.extend_from_slice(raw);
                continue;
            }
            Piece::Trailing(_) => {
                s.remove("data after the end of the image");
                continue;
            }
        };
        let class = classify(marker, payload);
        match class {
            Class::Image => s.bytes.extend_from_slice(raw),
            Class::Jfif => {
                // The JFIF header may carry a thumbnail too: kept only without one.
                if has_jfif_thumbnail(payload) {
                    s.remove("JFIF thumbnail");
                    s.bytes
                        .extend_from_slice(&raw[..raw.len() - payload.len() - 2]);
                    let mut header = payload.get(..14).unwrap_or(payload).to_vec();
                    header[12] = 0;
                    header[13] = 0;
                    s.bytes
                        .extend_from_slice(&(header.len() as u16 + 2).to_be_bytes());
                    s.bytes.extend_from_slice(&header);
                } else {
                    s.bytes.extend_from_slice(raw);
                }
                s.keep("JFIF header");
            }
            Class::Icc => {
                s.bytes.extend_from_slice(raw);
                s.keep("ICC profile");
            }
            Class::Adobe => {
                s.bytes.extend_from_slice(raw);
                s.keep("Adobe colour transform");
            }
            Class::Exif => {
                s.note_orientation(exif_block(payload));
                s.remove("EXIF");
            }
            Class::Xmp | Class::XmpExtended => s.remove("XMP"),
            Class::Jumbf => {
                s.remove(if jumbf.add(payload) { "C2PA" } else { "JUMBF" });
            }
            Class::MultiPicture => s.remove("MPF index of further images"),
            Class::JfifThumbnail => s.remove("JFIF thumbnail"),
            Class::Photoshop => s.remove("IPTC/Photoshop"),
            Class::Comment => s.remove("comment"),
            Class::OtherApp => s.remove(&app_name(marker, payload)),
            Class::Unknown => {
                return Err(StripError::Malformed {
                    mime: "image/jpeg",
                    reason: format!("it has a segment of unknown kind 0x{marker:02X}"),
                });
            }
        }
    }
    Ok(s)
}

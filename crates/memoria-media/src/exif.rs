//! EXIF: a bounded reader of the TIFF structure EXIF is stored in, for the tags that
//! matter to evidence (when, with what device, by whom, where).
//!
//! It walks IFD0, the Exif IFD and the GPS IFD it points to, and notes whether IFD1
//! (the thumbnail) is there: a fixed depth, no recursion, so pointer loops cannot
//! make it spin. Each entry is looked at once and only the wanted ones are decoded,
//! so work is linear in the number of entries (at most 65,535 per IFD) and memory is
//! what the kept strings take.

use serde::{Deserialize, Serialize};

use crate::Metadata;
use crate::bytes::{be16, be32, le16, le32, slice, text};

/// The EXIF tags Memoria keeps. Text is cleaned and cut to 256 bytes; times are
/// EXIF's own text (`2023:05:01 10:22:03`), not reinterpreted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Exif {
    /// DateTimeOriginal: when the picture was taken, in the camera's local time.
    pub captured_at: Option<String>,
    /// OffsetTimeOriginal: that local time's offset from UTC, e.g. `+02:00`.
    pub captured_at_offset: Option<String>,
    /// DateTime: when the file was last changed.
    pub modified_at: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    /// BodySerialNumber: identifies the very device.
    pub serial_number: Option<String>,
    pub lens_model: Option<String>,
    /// CameraOwnerName.
    pub owner: Option<String>,
    pub artist: Option<String>,
    pub copyright: Option<String>,
    pub description: Option<String>,
    pub user_comment: Option<String>,
    pub software: Option<String>,
    /// 1 is upright; 2–8 ask viewers to mirror or rotate the pixels.
    pub orientation: Option<u16>,
    pub gps: Option<Gps>,
    /// IFD1 is present: a thumbnail, which may show the picture as it was before
    /// it was cropped or edited.
    pub has_thumbnail: bool,
    /// The size of the EXIF block in bytes.
    pub bytes: usize,
}

/// A GPS position in decimal degrees, signed: south and west are negative.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Gps {
    pub lat: f64,
    pub lon: f64,
    /// Metres above sea level (negative below).
    pub alt: Option<f64>,
    /// GPSDateStamp and GPSTimeStamp, in UTC: `2023:05:01 08:22:03`.
    pub time: Option<String>,
}

const MAX_STRING: usize = 256;

// Tags, by IFD.
const IMAGE_WIDTH: u16 = 0x0100;
const IMAGE_LENGTH: u16 = 0x0101;
const IMAGE_DESCRIPTION: u16 = 0x010E;
const MAKE: u16 = 0x010F;
const MODEL: u16 = 0x0110;
const ORIENTATION: u16 = 0x0112;
const SOFTWARE: u16 = 0x0131;
const DATE_TIME: u16 = 0x0132;
const ARTIST: u16 = 0x013B;
const XMP_PACKET: u16 = 0x02BC;
const COPYRIGHT: u16 = 0x8298;
const IPTC: u16 = 0x83BB;
const PHOTOSHOP: u16 = 0x8649;
const EXIF_IFD: u16 = 0x8769;
const GPS_IFD: u16 = 0x8825;
const DNG_VERSION: u16 = 0xC612;

const DATE_TIME_ORIGINAL: u16 = 0x9003;
const OFFSET_TIME_ORIGINAL: u16 = 0x9011;
const USER_COMMENT: u16 = 0x9286;
const OWNER_NAME: u16 = 0xA430;
const SERIAL_NUMBER: u16 = 0xA431;
const LENS_MODEL: u16 = 0xA434;

const GPS_LAT_REF: u16 = 1;
const GPS_LAT: u16 = 2;
const GPS_LON_REF: u16 = 3;
const GPS_LON: u16 = 4;
const GPS_ALT_REF: u16 = 5;
const GPS_ALT: u16 = 6;
const GPS_TIME: u16 = 7;
const GPS_DATE: u16 = 29;

/// A TIFF structure: the bytes from its header on, and its byte order.
pub(crate) struct Tiff<'a> {
    b: &'a [u8],
    le: bool,
}

/// One IFD entry, undecoded.
#[derive(Clone, Copy)]
pub(crate) struct Entry {
    tag: u16,
    typ: u16,
    count: u32,
    /// Where the entry's 4-byte value-or-offset field is.
    field: usize,
}

/// An IFD's entries, in order, and where the next IFD is.
pub(crate) struct Ifd {
    entries: Vec<Entry>,
    next: u32,
}

impl<'a> Tiff<'a> {
    pub(crate) fn new(b: &'a [u8]) -> Option<Tiff<'a>> {
        let le = match slice(b, 0, 4)? {
            b"II*\0" => true,
            b"MM\0*" => false,
            _ => return None,
        };
        Some(Tiff { b, le })
    }

    fn u16(&self, at: usize) -> Option<u16> {
        if self.le {
            le16(self.b, at)
        } else {
            be16(self.b, at)
        }
    }

    fn u32(&self, at: usize) -> Option<u32> {
        if self.le {
            le32(self.b, at)
        } else {
            be32(self.b, at)
        }
    }

    pub(crate) fn first_ifd(&self) -> Option<u32> {
        self.u32(4)
    }

    /// The IFD at `offset`. An IFD cut short by the end of the data yields the
    /// entries that are there and `truncated`.
    pub(crate) fn ifd(&self, offset: u32, m: &mut Metadata, name: &str) -> Option<Ifd> {
        let offset = offset as usize;
        let Some(count) = self.u16(offset) else {
            m.warn(format!("EXIF {name} points outside the EXIF block"));
            return None;
        };
        let mut entries = Vec::with_capacity(usize::from(count).min(256));
        for i in 0..usize::from(count) {
            let at = offset + 2 + 12 * i;
            let (Some(tag), Some(typ), Some(n)) =
                (self.u16(at), self.u16(at + 2), self.u32(at + 4))
            else {
                m.warn(format!("EXIF {name} is cut short"));
                return Some(Ifd { entries, next: 0 });
            };
            if slice(self.b, at + 8, 4).is_none() {
                m.warn(format!("EXIF {name} is cut short"));
                return Some(Ifd { entries, next: 0 });
            }
            entries.push(Entry {
                tag,
                typ,
                count: n,
                field: at + 8,
            });
        }
        let next = self.u32(offset + 2 + 12 * usize::from(count)).unwrap_or(0);
        Some(Ifd { entries, next })
    }

    /// An entry's value bytes, if its type is known and they are all inside.
    fn value(&self, e: &Entry) -> Option<&'a [u8]> {
        let unit = match e.typ {
            1 | 2 | 6 | 7 | 129 => 1, // BYTE, ASCII, SBYTE, UNDEFINED, UTF-8
            3 | 8 => 2,               // SHORT, SSHORT
            4 | 9 | 11 | 13 => 4,     // LONG, SLONG, FLOAT, IFD
            5 | 10 | 12 => 8,         // RATIONAL, SRATIONAL, DOUBLE
            _ => return None,
        };
        let len = (e.count as usize).checked_mul(unit)?;
        if len <= 4 {
            slice(self.b, e.field, len)
        } else {
            slice(self.b, self.u32(e.field)? as usize, len)
        }
    }

    fn string(&self, e: &Entry) -> Option<String> {
        if !matches!(e.typ, 1 | 2 | 7 | 129) {
            return None;
        }
        let s = text(self.value(e)?, MAX_STRING);
        (!s.is_empty()).then_some(s)
    }

    /// The first number of a BYTE, SHORT or LONG entry.
    fn uint(&self, e: &Entry) -> Option<u32> {
        let v = self.value(e)?;
        match e.typ {
            1 => v.first().map(|&x| u32::from(x)),
            3 => self.u16_in(v, 0).map(u32::from),
            4 | 13 => self.u32_in(v, 0),
            _ => None,
        }
    }

    /// The first `n` unsigned rationals of a RATIONAL entry, as floats; `None` if
    /// any denominator is zero.
    fn rationals(&self, e: &Entry, n: usize) -> Option<Vec<f64>> {
        if e.typ != 5 || (e.count as usize) < n {
            return None;
        }
        let v = self.value(e)?;
        (0..n)
            .map(|i| {
                let num = self.u32_in(v, 8 * i)?;
                let den = self.u32_in(v, 8 * i + 4)?;
                (den != 0).then(|| f64::from(num) / f64::from(den))
            })
            .collect()
    }

    fn u16_in(&self, v: &[u8], at: usize) -> Option<u16> {
        if self.le { le16(v, at) } else { be16(v, at) }
    }

    fn u32_in(&self, v: &[u8], at: usize) -> Option<u32> {
        if self.le { le32(v, at) } else { be32(v, at) }
    }
}

impl Ifd {
    fn get(&self, tag: u16) -> Option<&Entry> {
        self.entries.iter().find(|e| e.tag == tag)
    }
}

/// Reads an EXIF block (a TIFF structure, without JPEG's `Exif\0\0` prefix).
pub(crate) fn read(b: &[u8], m: &mut Metadata) -> Option<Exif> {
    let Some(tiff) = Tiff::new(b) else {
        m.warn("the EXIF block does not start with a TIFF header: not read");
        return None;
    };
    let ifd0 = tiff.ifd(tiff.first_ifd()?, m, "IFD0")?;
    let mut exif = Exif {
        bytes: b.len(),
        ..Exif::default()
    };
    let s = |ifd: &Ifd, tag| ifd.get(tag).and_then(|e| tiff.string(e));
    exif.modified_at = s(&ifd0, DATE_TIME);
    exif.make = s(&ifd0, MAKE);
    exif.model = s(&ifd0, MODEL);
    exif.software = s(&ifd0, SOFTWARE);
    exif.artist = s(&ifd0, ARTIST);
    exif.copyright = s(&ifd0, COPYRIGHT);
    exif.description = s(&ifd0, IMAGE_DESCRIPTION);
    exif.orientation = ifd0
        .get(ORIENTATION)
        .and_then(|e| tiff.uint(e))
        .and_then(|o| u16::try_from(o).ok());
    if ifd0.next != 0 {
        exif.has_thumbnail = tiff.u16(ifd0.next as usize).is_some();
    }
    if let Some(at) = ifd0.get(EXIF_IFD).and_then(|e| tiff.uint(e))
        && let Some(sub) = tiff.ifd(at, m, "Exif IFD")
    {
        exif.captured_at = s(&sub, DATE_TIME_ORIGINAL);
        exif.captured_at_offset = s(&sub, OFFSET_TIME_ORIGINAL);
        exif.serial_number = s(&sub, SERIAL_NUMBER);
        exif.owner = s(&sub, OWNER_NAME);
        exif.lens_model = s(&sub, LENS_MODEL);
        exif.user_comment = sub
            .get(USER_COMMENT)
            .and_then(|e| tiff.value(e))
            .and_then(user_comment);
    }
    if let Some(at) = ifd0.get(GPS_IFD).and_then(|e| tiff.uint(e))
        && let Some(gps) = tiff.ifd(at, m, "GPS IFD")
    {
        exif.gps = read_gps(&tiff, &gps, m);
    }
    Some(exif)
}

fn read_gps(tiff: &Tiff<'_>, ifd: &Ifd, m: &mut Metadata) -> Option<Gps> {
    if ifd.entries.is_empty() {
        return None;
    }
    let reference = |tag| {
        ifd.get(tag)
            .and_then(|e| tiff.value(e))
            .and_then(|v| v.first().copied())
    };
    let degrees = |tag, reference: Option<u8>, positive: u8, negative: u8, max: f64| {
        let dms = ifd.get(tag).and_then(|e| tiff.rationals(e, 3))?;
        let value = dms[0] + dms[1] / 60.0 + dms[2] / 3600.0;
        let sign = match reference.map(|r| r.to_ascii_uppercase()) {
            Some(r) if r == positive => 1.0,
            Some(r) if r == negative => -1.0,
            _ => return None,
        };
        (value.is_finite() && value <= max).then_some(sign * value)
    };
    let lat = degrees(GPS_LAT, reference(GPS_LAT_REF), b'N', b'S', 90.0);
    let lon = degrees(GPS_LON, reference(GPS_LON_REF), b'E', b'W', 180.0);
    let (Some(lat), Some(lon)) = (lat, lon) else {
        if ifd.get(GPS_LAT).is_some() || ifd.get(GPS_LON).is_some() {
            m.warn("EXIF GPS position present but not readable (bad value or N/S/E/W reference)");
        } else {
            m.note_other("EXIF GPS data without a position");
        }
        return None;
    };
    let alt = ifd
        .get(GPS_ALT)
        .and_then(|e| tiff.rationals(e, 1))
        .map(|v| v[0])
        .filter(|a| a.is_finite())
        .map(|a| {
            if reference(GPS_ALT_REF) == Some(1) {
                -a
            } else {
                a
            }
        });
    let date = ifd.get(GPS_DATE).and_then(|e| tiff.string(e));
    let time = ifd
        .get(GPS_TIME)
        .and_then(|e| tiff.rationals(e, 3))
        .and_then(|hms| {
            let ok = hms.iter().all(|x| x.is_finite() && *x >= 0.0 && *x < 100.0);
            ok.then(|| format_hms(&hms))
        });
    let time = match (date, time) {
        (Some(d), Some(t)) => Some(format!("{d} {t}")),
        (d, t) => d.or(t),
    };
    Some(Gps {
        lat,
        lon,
        alt,
        time,
    })
}

fn format_hms(hms: &[f64]) -> String {
    let (h, mi, s) = (hms[0] as u32, hms[1] as u32, hms[2]);
    if s.fract() == 0.0 {
        format!("{h:02}:{mi:02}:{:02}", s as u32)
    } else {
        format!("{h:02}:{mi:02}:{s:06.3}")
    }
}

/// UserComment: an 8-byte character code, then the text.
fn user_comment(v: &[u8]) -> Option<String> {
    let (code, body) = (v.get(..8)?, v.get(8..)?);
    let s = match code {
        b"UNICODE\0" => {
            // UTF-16 in the block's byte order is the rule; big-endian is common.
            let units: Vec<u16> = body
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            text(String::from_utf16_lossy(&units).as_bytes(), MAX_STRING)
        }
        _ => text(body, MAX_STRING),
    };
    (!s.trim().is_empty()).then_some(s)
}

/// A TIFF file (or DNG): its IFD0 is the EXIF, plus the size and any XMP or IPTC
/// kept in tags.
pub(crate) fn inspect_tiff(b: &[u8], m: &mut Metadata) {
    let Some(tiff) = Tiff::new(b) else {
        m.warn("BigTIFF is not read: metadata unknown");
        return;
    };
    if let Some(ifd0) = tiff.first_ifd().and_then(|at| tiff.ifd(at, m, "IFD0")) {
        m.width = ifd0.get(IMAGE_WIDTH).and_then(|e| tiff.uint(e));
        m.height = ifd0.get(IMAGE_LENGTH).and_then(|e| tiff.uint(e));
        if let Some(packet) = ifd0.get(XMP_PACKET).and_then(|e| tiff.value(e)) {
            m.xmp = Some(crate::xmp::read(packet));
        }
        if ifd0.get(IPTC).is_some() || ifd0.get(PHOTOSHOP).is_some() {
            m.note_other("IPTC/Photoshop");
        }
    }
    // The EXIF block is the whole file, so its size says nothing; IFD1 is the
    // second page, not a thumbnail.
    m.exif = read(b, m).map(|e| Exif {
        bytes: 0,
        has_thumbnail: false,
        ..e
    });
    if m.exif.as_ref().is_some_and(|e| *e == Exif::default()) {
        m.exif = None;
    }
}

/// Whether a TIFF's IFD0 (as far as `prefix` reaches) has a DNGVersion tag.
pub(crate) fn is_dng(prefix: &[u8]) -> bool {
    let Some(tiff) = Tiff::new(prefix) else {
        return false;
    };
    let mut scratch = Metadata::new(crate::MediaType::Tiff);
    tiff.first_ifd()
        .and_then(|at| tiff.ifd(at, &mut scratch, "IFD0"))
        .is_some_and(|ifd| ifd.get(DNG_VERSION).is_some())
}

/// The Orientation tag of an EXIF block, for [`crate::strip`]'s warning.
pub(crate) fn orientation(b: &[u8]) -> Option<u16> {
    let tiff = Tiff::new(b)?;
    let mut scratch = Metadata::new(crate::MediaType::Tiff);
    let ifd0 = tiff.ifd(tiff.first_ifd()?, &mut scratch, "IFD0")?;
    u16::try_from(tiff.uint(ifd0.get(ORIENTATION)?)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A little-endian TIFF with IFD0 holding `entries` (tag, type, count, value)
    /// and extra data after it.
    fn tiff(entries: &[(u16, u16, u32, u32)], extra: &[u8]) -> Vec<u8> {
        let mut b = b"II*\0\x08\0\0\0".to_vec();
        b.extend((entries.len() as u16).to_le_bytes());
        for (tag, typ, count, value) in entries {
            b.extend(tag.to_le_bytes());
            b.extend(typ.to_le_bytes());
            b.extend(count.to_le_bytes());
            b.extend(value.to_le_bytes());
        }
        b.extend(0u32.to_le_bytes());
        b.extend_from_slice(extra);
        b
    }

    fn meta() -> Metadata {
        Metadata::new(crate::MediaType::Jpeg)
    }

    #[test]
    fn huge_counts_and_offsets_are_refused_not_followed() {
        let b = tiff(
            &[
                (MAKE, 2, u32::MAX, 0),
                (MODEL, 2, 16, u32::MAX - 2),
                (EXIF_IFD, 4, 1, u32::MAX),
                (GPS_IFD, 4, 1, 8), // GPS IFD = IFD0 itself: no loop, no position
            ],
            b"",
        );
        let mut m = meta();
        let exif = read(&b, &mut m).unwrap();
        assert_eq!(exif.make, None);
        assert_eq!(exif.model, None);
        assert_eq!(exif.gps, None);
        assert!(
            m.warnings[0].contains("Exif IFD points outside"),
            "{:?}",
            m.warnings
        );
    }

    #[test]
    fn a_count_larger_than_the_data_reads_what_is_there() {
        let mut b = tiff(&[(MAKE, 2, 4, u32::from_le_bytes(*b"Cam\0"))], b"");
        b[8] = 0xFF; // 255 entries claimed, one present
        let mut m = meta();
        let exif = read(&b, &mut m).unwrap();
        assert_eq!(exif.make.as_deref(), Some("Cam"));
        assert_eq!(m.warnings, ["EXIF IFD0 is cut short"]);
    }

    #[test]
    fn southern_and_western_positions_are_negative() {
        // GPS IFD at 8 + 2 + 12 + 4 = 26.
        let gps_at = 26u32;
        let mut extra = Vec::new();
        let entries = 5u16;
        let data_at = gps_at + 2 + 12 * u32::from(entries) + 4;
        extra.extend(entries.to_le_bytes());
        for (tag, typ, count, value) in [
            (GPS_LAT_REF, 2u16, 2u32, u32::from(b'S')),
            (GPS_LAT, 5, 3, data_at),
            (GPS_LON_REF, 2, 2, u32::from(b'W')),
            (GPS_LON, 5, 3, data_at + 24),
            (GPS_ALT_REF, 1, 1, 1),
        ] {
            extra.extend(tag.to_le_bytes());
            extra.extend(typ.to_le_bytes());
            extra.extend(count.to_le_bytes());
            extra.extend(value.to_le_bytes());
        }
        extra.extend(0u32.to_le_bytes());
        for (n, d) in [(33, 1), (52, 1), (1818, 100), (70, 1), (30, 1), (0, 1)] {
            extra.extend((n as u32).to_le_bytes());
            extra.extend((d as u32).to_le_bytes());
        }
        let b = tiff(&[(GPS_IFD, 4, 1, gps_at)], &extra);
        let mut m = meta();
        let gps = read(&b, &mut m).unwrap().gps.unwrap();
        assert!((gps.lat - -33.871_717).abs() < 1e-6, "{}", gps.lat);
        assert_eq!(gps.lon, -70.5);
        assert_eq!(gps.alt, None);
        assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    }

    #[test]
    fn zero_denominators_are_no_position() {
        let gps_at = 26u32;
        let mut extra = Vec::new();
        extra.extend(2u16.to_le_bytes());
        let data_at = gps_at + 2 + 24 + 4;
        for (tag, typ, count, value) in [
            (GPS_LAT_REF, 2u16, 2u32, u32::from(b'N')),
            (GPS_LAT, 5, 3, data_at),
        ] {
            extra.extend(tag.to_le_bytes());
            extra.extend(typ.to_le_bytes());
            extra.extend(count.to_le_bytes());
            extra.extend(value.to_le_bytes());
        }
        extra.extend(0u32.to_le_bytes());
        extra.extend([0u8; 24]);
        let b = tiff(&[(GPS_IFD, 4, 1, gps_at)], &extra);
        let mut m = meta();
        assert_eq!(read(&b, &mut m).unwrap().gps, None);
        assert_eq!(m.warnings.len(), 1);
    }

    #[test]
    fn gps_time_formats() {
        assert_eq!(format_hms(&[8.0, 22.0, 3.0]), "08:22:03");
        assert_eq!(format_hms(&[8.0, 22.0, 3.25]), "08:22:03.250");
    }
}

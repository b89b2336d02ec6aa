//! What a file really is, from its first bytes: never from its name.
//!
//! One hand-written table of magic numbers rather than a crate such as `infer`: the
//! table is short, it covers what evidence arrives as (including WARC, MHTML and
//! HTML, which `infer` does not), and each guess is tested here. Text guesses come
//! last and are the weakest: valid UTF-8 without control characters.

use serde::{Deserialize, Serialize};

use crate::bytes::{be16, be32, find, le16, le32, slice, u8_at};

/// How many leading bytes [`sniff`] looks at; callers reading a stream pass at
/// least this many when the file has them.
pub const SNIFF_LEN: usize = 8192;

/// What kind of thing a file holds, in a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Image,
    Video,
    Audio,
    Document,
    Archive,
    WebCapture,
    Other,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Image => "image",
            Kind::Video => "video",
            Kind::Audio => "audio",
            Kind::Document => "document",
            Kind::Archive => "archive",
            Kind::WebCapture => "web-capture",
            Kind::Other => "other",
        }
    }
}

macro_rules! media_types {
    ($($variant:ident => $mime:literal, $kind:ident, [$($ext:literal),*];)*) => {
        /// A type [`sniff`] recognises. Stored as its MIME type.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum MediaType {
            $($variant,)*
        }

        impl MediaType {
            /// Every type, in the order of the table.
            pub const ALL: &[MediaType] = &[$(MediaType::$variant,)*];

            /// The MIME type, e.g. `image/jpeg`.
            pub fn mime(self) -> &'static str {
                match self {
                    $(MediaType::$variant => $mime,)*
                }
            }

            pub fn kind(self) -> Kind {
                match self {
                    $(MediaType::$variant => Kind::$kind,)*
                }
            }

            /// The file name extensions (lower case, no dot) this type goes by.
            pub fn extensions(self) -> &'static [&'static str] {
                match self {
                    $(MediaType::$variant => &[$($ext),*],)*
                }
            }
        }
    };
}

media_types! {
    Jpeg => "image/jpeg", Image, ["jpg", "jpeg", "jpe", "jfif"];
    Png => "image/png", Image, ["png", "apng"];
    Gif => "image/gif", Image, ["gif"];
    Webp => "image/webp", Image, ["webp"];
    Heic => "image/heic", Image, ["heic", "heif", "hif"];
    Heif => "image/heif", Image, ["heif", "heic", "hif"];
    Avif => "image/avif", Image, ["avif"];
    // Most camera raw formats are TIFF inside.
    Tiff => "image/tiff", Image, ["tif", "tiff", "dng", "nef", "cr2", "arw", "pef", "srw", "3fr", "erf"];
    Dng => "image/x-adobe-dng", Image, ["dng", "tif", "tiff"];
    Svg => "image/svg+xml", Image, ["svg"];
    // ISO-BMFF files are often named for their content rather than their brand: an
    // audio-only `.m4a` may carry the `isom` brand.
    Mp4 => "video/mp4", Video, ["mp4", "m4v", "m4a", "m4b", "mov", "3gp"];
    QuickTime => "video/quicktime", Video, ["mov", "qt", "mp4"];
    M4a => "audio/mp4", Audio, ["m4a", "m4b", "mp4", "aac"];
    ThreeGp => "video/3gpp", Video, ["3gp", "3gpp", "3g2", "mp4"];
    Webm => "video/webm", Video, ["webm", "mkv"];
    Matroska => "video/x-matroska", Video, ["mkv", "mka", "mks", "webm"];
    Avi => "video/x-msvideo", Video, ["avi"];
    OggVideo => "video/ogg", Video, ["ogv", "ogg"];
    Wav => "audio/wav", Audio, ["wav", "wave"];
    Mp3 => "audio/mpeg", Audio, ["mp3", "mpga", "mp2"];
    Aac => "audio/aac", Audio, ["aac", "adts"];
    Ogg => "audio/ogg", Audio, ["ogg", "oga", "opus", "spx"];
    Flac => "audio/flac", Audio, ["flac"];
    Pdf => "application/pdf", Document, ["pdf"];
    Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Document, ["docx", "docm", "dotx"];
    Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Document, ["xlsx", "xlsm", "xltx"];
    Pptx => "application/vnd.openxmlformats-officedocument.presentationml.presentation", Document, ["pptx", "pptm", "potx"];
    Odt => "application/vnd.oasis.opendocument.text", Document, ["odt"];
    Ods => "application/vnd.oasis.opendocument.spreadsheet", Document, ["ods"];
    Odp => "application/vnd.oasis.opendocument.presentation", Document, ["odp"];
    Odg => "application/vnd.oasis.opendocument.graphics", Document, ["odg"];
    Epub => "application/epub+zip", Document, ["epub"];
    // A zip whose first entry told nothing may still be any of these.
    Zip => "application/zip", Archive, ["zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "odg", "epub", "wacz", "jar", "apk", "kmz", "ipa"];
    Gzip => "application/gzip", Archive, ["gz", "tgz"];
    Warc => "application/warc", WebCapture, ["warc"];
    Mhtml => "multipart/related", WebCapture, ["mhtml", "mht"];
    Html => "text/html", WebCapture, ["html", "htm", "xhtml", "shtml"];
    Xml => "application/xml", Document, ["xml", "rdf", "kml", "gpx", "xhtml", "svg"];
    // Text is a guess from the absence of binary bytes, so it answers to any text name.
    Text => "text/plain", Document, ["txt", "text", "md", "csv", "tsv", "json", "log", "html", "htm", "xml", "eml", "srt", "vtt", "yaml", "yml", "ini"];
    OctetStream => "application/octet-stream", Other, [];
}

impl MediaType {
    /// The type whose MIME type this is.
    pub fn from_mime(mime: &str) -> Option<MediaType> {
        MediaType::ALL
            .iter()
            .copied()
            .find(|t| t.mime().eq_ignore_ascii_case(mime))
    }
}

impl std::fmt::Display for MediaType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.mime())
    }
}

impl Serialize for MediaType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.mime())
    }
}

impl<'de> Deserialize<'de> for MediaType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mime = String::deserialize(d)?;
        Ok(MediaType::from_mime(&mime).unwrap_or(MediaType::OctetStream))
    }
}

/// The type of a file from its first bytes ([`SNIFF_LEN`] are enough; more are
/// ignored). Anything not recognised is `application/octet-stream`.
pub fn sniff(prefix: &[u8]) -> MediaType {
    let b = prefix.get(..SNIFF_LEN).unwrap_or(prefix);
    binary(b)
        .or_else(|| text(b))
        .unwrap_or(MediaType::OctetStream)
}

/// Whether `file_name`'s extension names a type other than `media_type`: ".jpg" on
/// a PDF. Unknown extensions, names without one and unrecognised contents are not
/// mismatches: there is no claim to contradict.
pub fn extension_mismatch(file_name: &str, media_type: &MediaType) -> bool {
    if *media_type == MediaType::OctetStream {
        return false;
    }
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let Some((stem, ext)) = base.rsplit_once('.') else {
        return false;
    };
    if stem.is_empty() {
        return false; // ".profile": a hidden file, not an extension
    }
    let ext = ext.to_ascii_lowercase();
    let known = MediaType::ALL
        .iter()
        .any(|t| t.extensions().contains(&ext.as_str()));
    known && !media_type.extensions().contains(&ext.as_str())
}

fn binary(b: &[u8]) -> Option<MediaType> {
    use MediaType::*;
    let starts = |m: &[u8]| b.starts_with(m);
    if starts(b"\xFF\xD8\xFF") {
        return Some(Jpeg);
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Some(Png);
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return Some(Gif);
    }
    if starts(b"II*\0") || starts(b"MM\0*") {
        return Some(if crate::exif::is_dng(b) { Dng } else { Tiff });
    }
    if starts(b"II+\0") || starts(b"MM\0+") {
        return Some(Tiff); // BigTIFF
    }
    if starts(b"RIFF") {
        return match slice(b, 8, 4)? {
            b"WEBP" => Some(Webp),
            b"AVI " => Some(Avi),
            b"WAVE" => Some(Wav),
            _ => None,
        };
    }
    if slice(b, 4, 4) == Some(b"ftyp") {
        return ftyp(b);
    }
    if matches!(slice(b, 4, 4), Some(b"moov" | b"mdat" | b"wide" | b"pnot"))
        && be32(b, 0).is_some_and(|n| n == 1 || n >= 8)
    {
        return Some(QuickTime); // QuickTime before the `ftyp` box existed
    }
    if starts(b"\x1A\x45\xDF\xA3") {
        // The EBML header's DocType element (0x4282) says which.
        return Some(match find(slice(b, 0, 64).unwrap_or(b), b"\x42\x82") {
            Some(at) if slice(b, at + 3, 4) == Some(b"webm") => Webm,
            _ => Matroska,
        });
    }
    if starts(b"OggS") {
        return Some(if find(b, b"\x80theora").is_some() {
            OggVideo
        } else {
            Ogg
        });
    }
    if starts(b"fLaC") {
        return Some(Flac);
    }
    if starts(b"ID3") {
        // An ID3v2 tag can stand before FLAC too: look past it when it is short.
        let size = syncsafe(b, 6)? as usize + 10;
        if slice(b, size, 4) == Some(b"fLaC") {
            return Some(Flac);
        }
        return Some(Mp3);
    }
    // UTF-16 text with a byte order mark; checked before MPEG audio, whose sync
    // word `FF FE` also is. ASCII characters have a zero high byte.
    if (starts(b"\xFF\xFE") && b.get(3).is_none_or(|&c| c == 0))
        || (starts(b"\xFE\xFF") && b.get(2).is_none_or(|&c| c == 0))
    {
        return Some(Text);
    }
    if let Some(t) = mpeg_audio(b) {
        return Some(t);
    }
    // Readers accept the header anywhere in the first KiB.
    if find(b.get(..1024).unwrap_or(b), b"%PDF-").is_some() {
        return Some(Pdf);
    }
    if starts(b"PK\x03\x04") {
        return Some(zip(b));
    }
    if starts(b"PK\x05\x06") {
        return Some(Zip); // an empty archive
    }
    if starts(b"\x1F\x8B\x08") {
        return Some(Gzip);
    }
    if starts(b"WARC/1.") {
        return Some(Warc);
    }
    None
}

/// ISO base media files (MP4, QuickTime, HEIF, AVIF, 3GP) by their brands: the
/// major brand first, then the compatible ones.
fn ftyp(b: &[u8]) -> Option<MediaType> {
    use MediaType::*;
    let size = (be32(b, 0)? as usize).clamp(16, 4096);
    let box_ = b.get(8..size.min(b.len()))?;
    let major = slice(box_, 0, 4)?;
    let compatible: Vec<&[u8]> = box_.get(8..).unwrap_or(&[]).chunks_exact(4).collect();
    let by_brand = |brand: &[u8]| -> Option<MediaType> {
        Some(match brand {
            b"avif" | b"avis" => Avif,
            b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" => Heic,
            b"qt  " => QuickTime,
            b"M4A " | b"M4B " | b"M4P " => M4a,
            b"M4V " | b"M4VH" | b"M4VP" => Mp4,
            b if b.starts_with(b"3g") => ThreeGp,
            b"isom" | b"iso2" | b"iso3" | b"iso4" | b"iso5" | b"iso6" | b"mp41" | b"mp42"
            | b"avc1" | b"dash" | b"mmp4" | b"f4v " | b"MSNV" | b"XAVC" => Mp4,
            _ => return None,
        })
    };
    if let Some(t) = by_brand(major) {
        return Some(t);
    }
    // `mif1`/`msf1` major brands: HEIF, more precisely named by a compatible brand.
    for brand in &compatible {
        if let Some(t @ (Avif | Heic)) = by_brand(brand) {
            return Some(t);
        }
    }
    if matches!(major, b"mif1" | b"msf1" | b"mif2") {
        return Some(Heif);
    }
    compatible
        .iter()
        .find_map(|brand| by_brand(brand))
        .or(Some(Mp4))
}

/// An ID3v2 size: four bytes of seven bits each.
fn syncsafe(b: &[u8], at: usize) -> Option<u32> {
    let s = slice(b, at, 4)?;
    if s.iter().any(|&x| x & 0x80 != 0) {
        return None;
    }
    Some(s.iter().fold(0u32, |n, &x| n << 7 | u32::from(x)))
}

/// MPEG audio without an ID3 tag: a frame header whose fields are all valid and,
/// when the file is long enough, a second one right where the first frame ends.
/// ADTS (raw AAC) shares the sync word with layer bits of zero.
fn mpeg_audio(b: &[u8]) -> Option<MediaType> {
    let h = be32(b, 0)?;
    if h >> 21 != 0x7FF {
        return None;
    }
    let version = (h >> 19) & 3;
    let layer = (h >> 17) & 3;
    if layer == 0 {
        // ADTS: sync 0xFFF, layer 0; the frame length is 13 bits.
        if h >> 20 != 0xFFF || (h >> 12) & 0xF == 0xF {
            return None;
        }
        let len = ((u32::from(be16(b, 3)?) & 0x03FF) << 3 | u32::from(u8_at(b, 5)?) >> 5) as usize;
        return match be16(b, len) {
            Some(next) if next >> 4 == 0xFFF => Some(MediaType::Aac),
            Some(_) => None,
            None if len >= 7 => Some(MediaType::Aac),
            None => None,
        };
    }
    let bitrate = (h >> 12) & 0xF;
    let rate = (h >> 10) & 3;
    if version == 1 || bitrate == 0 || bitrate == 0xF || rate == 3 {
        return None;
    }
    // The frame length for the common case (MPEG-1 layer III); other layers and
    // versions are accepted on the header alone.
    if version == 3 && layer == 1 {
        const KBPS: [u32; 15] = [
            0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
        ];
        const HZ: [u32; 3] = [44100, 48000, 32000];
        let pad = (h >> 9) & 1;
        let len = (144 * KBPS[bitrate as usize] * 1000 / HZ[rate as usize] + pad) as usize;
        if be16(b, len).is_some_and(|next| next >> 5 != 0x7FF) {
            return None;
        }
    }
    Some(MediaType::Mp3)
}

/// A zip archive, named more precisely by its first entry where that says: ODF and
/// EPUB store their MIME type uncompressed as the first entry `mimetype`; OOXML
/// starts with `[Content_Types].xml` and its part names show which application.
fn zip(b: &[u8]) -> MediaType {
    use MediaType::*;
    let (Some(name_len), Some(extra_len)) = (le16(b, 26), le16(b, 28)) else {
        return Zip;
    };
    let Some(name) = slice(b, 30, name_len.into()) else {
        return Zip;
    };
    let data = 30 + usize::from(name_len) + usize::from(extra_len);
    if name == b"mimetype" {
        let stored = le16(b, 8) == Some(0);
        let size = le32(b, 18).unwrap_or(0) as usize;
        let content = if stored {
            slice(b, data, size.min(100))
        } else {
            None
        };
        return match content {
            Some(b"application/vnd.oasis.opendocument.text") => Odt,
            Some(b"application/vnd.oasis.opendocument.spreadsheet") => Ods,
            Some(b"application/vnd.oasis.opendocument.presentation") => Odp,
            Some(b"application/vnd.oasis.opendocument.graphics") => Odg,
            Some(b"application/epub+zip") => Epub,
            _ => Zip,
        };
    }
    let ooxml = name == b"[Content_Types].xml"
        || name.starts_with(b"_rels/")
        || name.starts_with(b"docProps/")
        || name.starts_with(b"word/")
        || name.starts_with(b"xl/")
        || name.starts_with(b"ppt/");
    if ooxml {
        // Later local file headers' names, as far as the prefix reaches.
        for (part, t) in [(&b"word/"[..], Docx), (b"xl/", Xlsx), (b"ppt/", Pptx)] {
            if name.starts_with(part) || find(b, part).is_some() {
                return t;
            }
        }
    }
    Zip
}

fn text(b: &[u8]) -> Option<MediaType> {
    use MediaType::*;
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    if b.is_empty() || !looks_like_text(b) {
        return None;
    }
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let head: Vec<u8> = b[start..]
        .iter()
        .take(512)
        .map(u8::to_ascii_lowercase)
        .collect();
    let head = head.as_slice();
    if (head.starts_with(b"mime-version:") || head.starts_with(b"from: <saved by"))
        && find(&lowercase(b, 4096), b"multipart/related").is_some()
    {
        return Some(Mhtml);
    }
    const HTML: [&[u8]; 8] = [
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<body",
        b"<meta",
        b"<title",
        b"<script",
        b"<iframe",
    ];
    if HTML.iter().any(|tag| head.starts_with(tag)) {
        return Some(Html);
    }
    if head.starts_with(b"<?xml") || head.starts_with(b"<svg") || head.starts_with(b"<!--") {
        let lower = lowercase(b, 4096);
        if find(&lower, b"<svg").is_some() {
            return Some(Svg);
        }
        if find(&lower, b"<html").is_some() {
            return Some(Html);
        }
        if head.starts_with(b"<?xml") {
            return Some(Xml);
        }
    }
    Some(Text)
}

fn lowercase(b: &[u8], max: usize) -> Vec<u8> {
    b.iter().take(max).map(u8::to_ascii_lowercase).collect()
}

/// Valid UTF-8 (a character cut by the end of the prefix is allowed) with no NUL
/// and almost no other control characters.
fn looks_like_text(b: &[u8]) -> bool {
    let valid = match std::str::from_utf8(b) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && b.len() - e.valid_up_to() < 4,
    };
    if !valid {
        return false;
    }
    let controls = b
        .iter()
        .filter(|&&c| c < 0x20 && !matches!(c, b'\n' | b'\r' | b'\t' | 0x0C | 0x1B))
        .count();
    !b.contains(&0) && controls * 100 <= b.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use MediaType::*;

    #[test]
    fn magic_numbers() {
        let cases: &[(&[u8], MediaType)] = &[
            (b"\xFF\xD8\xFF\xE0\0\x10JFIF", Jpeg),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Png),
            (b"GIF89a\x01\0\x01\0", Gif),
            (b"RIFF\x24\0\0\0WEBPVP8 ", Webp),
            (b"RIFF\x24\0\0\0WAVEfmt ", Wav),
            (b"RIFF\x24\0\0\0AVI LIST", Avi),
            (b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", Heic),
            (b"\0\0\0\x18ftypmif1\0\0\0\0mif1avif", Avif),
            (b"\0\0\0\x14ftypmif1\0\0\0\0mif1", Heif),
            (b"\0\0\0\x14ftypqt  \0\0\0\0qt  ", QuickTime),
            (b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2", Mp4),
            (b"\0\0\0\x14ftypM4A \0\0\0\0M4A ", M4a),
            (b"\0\0\0\x14ftyp3gp5\0\0\0\x003gp5", ThreeGp),
            (b"\0\0\0\x08wide\0\0\0\x08mdat", QuickTime),
            (
                b"\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01\x42\x82\x84webm",
                Webm,
            ),
            (
                b"\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01\x42\x82\x88matroska",
                Matroska,
            ),
            (
                b"OggS\0\x02\0\0\0\0\0\0\0\0\x01\0\0\0\0\0\0\0\0\0\x01\x13OpusHead",
                Ogg,
            ),
            (
                b"OggS\0\x02\0\0\0\0\0\0\0\0\x01\0\0\0\0\0\0\0\0\0\x01\x2a\x80theora",
                OggVideo,
            ),
            (b"fLaC\0\0\0\x22", Flac),
            (b"ID3\x04\0\0\0\0\0\x0a\xFF\xFB", Mp3),
            (b"ID3\x04\0\0\0\0\0\0fLaC", Flac),
            (b"\xFF\xF1\x50\x80\x00\xFF\xFC", Aac),
            (b"%PDF-1.7\n", Pdf),
            (b"\n\n%PDF-1.4\n", Pdf),
            (b"II*\0\x08\0\0\0", Tiff),
            (b"MM\0*\0\0\0\x08", Tiff),
            (b"\x1F\x8B\x08\0\0\0\0\0", Gzip),
            (b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", Warc),
            (b"PK\x05\x06\0\0\0\0", Zip),
            (b"\xEF\xBB\xBF<!DOCTYPE html><html>", Html),
            (b"  <html lang=en>", Html),
            (
                b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                Svg,
            ),
            (b"<?xml version=\"1.0\"?>\n<kml/>", Xml),
            (
                b"MIME-Version: 1.0\r\nContent-Type: multipart/related;",
                Mhtml,
            ),
            (
                b"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;",
                Mhtml,
            ),
            ("Testimonio: el 3 de mayo…\n".as_bytes(), Text),
            (b"\xFF\xFEh\0i\0", Text),
            (b"", OctetStream),
            (b"\0\x01\x02\x03", OctetStream),
            (b"\xC3", Text),
            (b"MZ\x90\0", OctetStream),
        ];
        for (bytes, want) in cases {
            assert_eq!(sniff(bytes), *want, "{:?}", String::from_utf8_lossy(bytes));
        }
    }

    #[test]
    fn zip_contents() {
        fn entry(name: &[u8], data: &[u8]) -> Vec<u8> {
            let mut z = b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0".to_vec();
            z.extend_from_slice(&(data.len() as u32).to_le_bytes());
            z.extend_from_slice(&(data.len() as u32).to_le_bytes());
            z.extend_from_slice(&(name.len() as u16).to_le_bytes());
            z.extend_from_slice(&0u16.to_le_bytes());
            z.extend_from_slice(name);
            z.extend_from_slice(data);
            z
        }
        let odt = entry(b"mimetype", b"application/vnd.oasis.opendocument.text");
        assert_eq!(sniff(&odt), Odt);
        assert_eq!(sniff(&entry(b"mimetype", b"application/epub+zip")), Epub);
        let mut docx = entry(b"[Content_Types].xml", b"<Types/>");
        docx.extend(entry(b"word/document.xml", b"<w/>"));
        assert_eq!(sniff(&docx), Docx);
        let mut xlsx = entry(b"[Content_Types].xml", b"<Types/>");
        xlsx.extend(entry(b"xl/workbook.xml", b"<w/>"));
        assert_eq!(sniff(&xlsx), Xlsx);
        assert_eq!(sniff(&entry(b"photo.jpg", b"\xFF\xD8")), Zip);
    }

    #[test]
    fn mismatches() {
        assert!(extension_mismatch("photo.jpg", &Pdf));
        assert!(extension_mismatch("dir.jpg/photo.PNG", &Jpeg));
        assert!(!extension_mismatch("photo.JPEG", &Jpeg));
        assert!(!extension_mismatch("photo", &Jpeg));
        assert!(!extension_mismatch(".hidden", &Jpeg));
        assert!(!extension_mismatch("photo.unknownext", &Jpeg));
        assert!(!extension_mismatch("blob.jpg", &OctetStream));
        assert!(!extension_mismatch("voice.m4a", &Mp4));
        assert!(!extension_mismatch("page.html", &Text));
        assert!(extension_mismatch("notes.txt", &Zip));
    }

    #[test]
    fn mime_round_trip() {
        for t in MediaType::ALL {
            assert_eq!(MediaType::from_mime(t.mime()), Some(*t), "{t}");
        }
    }
}

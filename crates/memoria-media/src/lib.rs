//! Inspecting evidence files: what a file really is, what it says about itself, and
//! a copy that says nothing.
//!
//! When a photo, video, recording, document or web capture enters the evidence
//! vault, Memoria
//!
//! - [`sniff()`]s its type from its first bytes, never from its name, and
//!   [`extension_mismatch`] says when the name claims something else (".jpg" on a PDF);
//! - [`inspect`]s the metadata it carries: EXIF (capture time, camera, serial number,
//!   GPS position), XMP, C2PA manifests, comments and text chunks, into a
//!   [`Metadata`] value stored with the record, with a warning for each thing that
//!   could not be read;
//! - [`strip`]s that metadata from JPEG, PNG and WebP images into a new copy, the only
//!   form of an image that is ever published. The pixels are copied byte for byte.
//!
//! Modules (all private; the API is re-exported here): `sniff` (the table of types),
//! `jpeg`, `png`, `webp` (each read and stripped by one walk over its structure),
//! `isobmff` (HEIF/AVIF items, MP4 boxes), `exif` (a bounded TIFF/IFD reader), `xmp`,
//! `c2pa`, `strip`, `bytes` (checked reads).
//!
//! What this crate deliberately does not do:
//! - no IO: it reads byte slices the caller has read, writes nothing, and never
//!   modifies its input (the original evidence stays untouched);
//! - no re-encoding: it cannot strip video, audio, PDF, TIFF or HEIF; those return
//!   [`StripError::Unsupported`] and must be converted before publication;
//! - no C2PA validation: a manifest store is detected and measured, its claims and
//!   signatures are not checked (the `c2pa` crate that could is very large);
//! - no decompression: compressed PNG text, PDF streams and archives are not
//!   inflated, so a zip bomb stays a small file here; an XMP packet inside a
//!   compressed stream is not seen;
//! - no clock, no network, no randomness.
//!
//! Hostile input: every read is bounds-checked (`bytes`), declared lengths larger
//! than the data are refused, nothing recurses (containers are walked to a fixed
//! depth), allocations are bounded by the input's size, text kept is capped, and no
//! input makes it panic (a fuzz target checks this).
//!
//! Why no format crates: the containers (JPEG segments, PNG chunks, RIFF chunks,
//! ISO-BMFF boxes) must be walked here anyway, to find XMP and C2PA and to strip, and
//! they are simple enough to read with every bound in view. `kamadak-exif` 0.6 (the
//! usual EXIF parser, careful: lazy values, an IFD limit) would walk the same hostile
//! bytes a second time with its own container code, wants the EXIF block copied into
//! a `Vec` (all of a TIFF file), and indexes every entry; Memoria needs about twenty
//! tags from three IFDs, which `exif` reads in ~300 lines. `infer` knows neither
//! WARC, MHTML nor HTML and names fewer ISO-BMFF brands.

mod bytes;
mod c2pa;
mod exif;
mod isobmff;
mod jpeg;
mod png;
mod sniff;
mod strip;
mod webp;
mod xmp;

use serde::{Deserialize, Serialize};

pub use c2pa::C2pa;
pub use exif::{Exif, Gps};
pub use sniff::{Kind, MediaType, SNIFF_LEN, extension_mismatch, sniff};
pub use strip::{StripError, Stripped, strip};
pub use xmp::Xmp;

/// What a file says about itself. Absent fields were not there (or not readable:
/// then `warnings` says why).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    pub media_type: MediaType,
    /// Pixel size, where the container states it cheaply (images; not videos).
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub exif: Option<Exif>,
    pub xmp: Option<Xmp>,
    pub c2pa: Option<C2pa>,
    /// Free text the file carries: JPEG comments, PNG text chunks (by keyword).
    pub text: Vec<TextEntry>,
    /// Other metadata blocks present, by name: "ICC profile", "IPTC/Photoshop",
    /// "PNG modification time", "data after the end of the image (120 bytes)".
    pub other: Vec<String>,
    /// What could not be read, and why, in words for a person. Never a value.
    pub warnings: Vec<String>,
}

/// One piece of free text: a keyword (`comment` for JPEG comments) and its value,
/// cut to [`MAX_TEXT`] bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextEntry {
    pub key: String,
    pub value: String,
}

/// The most bytes of any one text value kept.
pub const MAX_TEXT: usize = 1024;
/// The most text entries kept; more are counted in a warning.
pub const MAX_TEXT_ENTRIES: usize = 64;
/// The most warnings kept; the last one says that more were left out.
pub const MAX_WARNINGS: usize = 32;

/// Reads the metadata of a whole file. Never panics and never fails: what cannot be
/// read becomes a warning, and the rest is still reported.
pub fn inspect(bytes: &[u8]) -> Metadata {
    let media_type = sniff(bytes);
    let mut m = Metadata::new(media_type);
    match media_type {
        MediaType::Jpeg => jpeg::inspect(bytes, &mut m),
        MediaType::Png => png::inspect(bytes, &mut m),
        MediaType::Webp => webp::inspect(bytes, &mut m),
        MediaType::Tiff | MediaType::Dng => exif::inspect_tiff(bytes, &mut m),
        MediaType::Gif => {
            m.width = bytes::le16(bytes, 6).map(u32::from);
            m.height = bytes::le16(bytes, 8).map(u32::from);
        }
        MediaType::Heic
        | MediaType::Heif
        | MediaType::Avif
        | MediaType::Mp4
        | MediaType::QuickTime
        | MediaType::M4a
        | MediaType::ThreeGp => isobmff::inspect(bytes, &mut m),
        _ => {}
    }
    // JPEG, PNG and WebP keep XMP in known places, read above; elsewhere an XMP
    // packet is found the way the XMP specification allows: by scanning for it.
    let structured = matches!(
        media_type,
        MediaType::Jpeg | MediaType::Png | MediaType::Webp
    );
    if !structured
        && m.xmp.is_none()
        && let Some(packet) = xmp::scan(bytes)
    {
        m.xmp = Some(xmp::read(packet));
    }
    m
}

impl Metadata {
    fn new(media_type: MediaType) -> Metadata {
        Metadata {
            media_type,
            width: None,
            height: None,
            exif: None,
            xmp: None,
            c2pa: None,
            text: Vec::new(),
            other: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Whether anything that identifies a person, a device, a place or a time is
    /// known to be embedded: what [`strip`] removes.
    pub fn has_metadata(&self) -> bool {
        self.exif.is_some() || self.xmp.is_some() || self.c2pa.is_some() || !self.text.is_empty()
    }

    pub(crate) fn warn(&mut self, warning: impl Into<String>) {
        push_warning(&mut self.warnings, warning.into());
    }

    pub(crate) fn note_other(&mut self, name: impl Into<String>) {
        let name = name.into();
        if !self.other.contains(&name) && self.other.len() < MAX_TEXT_ENTRIES {
            self.other.push(name);
        }
    }

    pub(crate) fn add_text(&mut self, key: String, value: String) {
        if self.text.len() < MAX_TEXT_ENTRIES {
            self.text.push(TextEntry { key, value });
        } else if self.text.len() == MAX_TEXT_ENTRIES {
            self.warn(format!(
                "more than {MAX_TEXT_ENTRIES} text entries: the rest were not kept"
            ));
        }
    }
}

/// Adds a warning unless [`MAX_WARNINGS`] are already there; the last slot says so.
pub(crate) fn push_warning(warnings: &mut Vec<String>, warning: String) {
    if warnings.contains(&warning) {
        return;
    }
    match warnings.len() {
        n if n + 1 < MAX_WARNINGS => warnings.push(warning),
        n if n + 1 == MAX_WARNINGS => warnings.push("further warnings left out".into()),
        _ => {}
    }
}

//! Stripping: a new copy of an image with every metadata block removed, the only
//! form of an image that leaves the vault for publication.
//!
//! Only JPEG, PNG and WebP can be stripped, because only there can metadata be
//! removed without touching the pixels: their compressed image data is copied byte
//! for byte. Kept besides the image: the ICC profile (colours would shift without
//! it), JPEG's JFIF header (without thumbnail) and Adobe colour transform, PNG's
//! colour, transparency and animation chunks. Anything unknown is dropped.
//! Everything else is refused: video, audio, documents and other image formats must
//! be converted (re-encoded) before publication.

use serde::{Deserialize, Serialize};

use crate::{MediaType, exif, jpeg, png, push_warning, sniff, webp};

/// A metadata-free copy and what was done to make it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stripped {
    pub bytes: Vec<u8>,
    /// What was removed, each kind named once: "EXIF", "XMP", "C2PA", "comment",
    /// "IPTC/Photoshop", "data after the end of the image", ….
    pub removed: Vec<String>,
    /// Blocks deliberately kept: "ICC profile", "JFIF header", ….
    pub kept: Vec<String>,
    /// What a person publishing the copy should know (a lost orientation).
    pub warnings: Vec<String>,
}

/// Why a file could not be stripped. The original is never changed either way.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StripError {
    /// The type cannot be stripped here; the value is its MIME type.
    #[error(
        "cannot strip metadata from {0}: a file of this type cannot be published stripped and must be converted first (images to JPEG, PNG or WebP; video, audio and documents re-encoded)"
    )]
    Unsupported(&'static str),
    #[error("the {mime} file cannot be stripped as it is ({reason}): convert it first")]
    Malformed { mime: &'static str, reason: String },
}

/// Removes all metadata from a JPEG, PNG or WebP image, returning a new copy. The
/// type is sniffed from the bytes; any other type is [`StripError::Unsupported`].
pub fn strip(bytes: &[u8]) -> Result<Stripped, StripError> {
    match sniff(bytes) {
        MediaType::Jpeg => jpeg::strip(bytes),
        MediaType::Png => png::strip(bytes),
        MediaType::Webp => webp::strip(bytes),
        other => Err(StripError::Unsupported(other.mime())),
    }
}

impl Stripped {
    pub(crate) fn with_capacity(n: usize) -> Stripped {
        Stripped {
            bytes: Vec::with_capacity(n),
            removed: Vec::new(),
            kept: Vec::new(),
            warnings: Vec::new(),
        }
    }

    pub(crate) fn remove(&mut self, what: &str) {
        if !self.removed.iter().any(|r| r == what) && self.removed.len() < 64 {
            self.removed.push(what.to_string());
        }
    }

    pub(crate) fn keep(&mut self, what: &str) {
        if !self.kept.iter().any(|k| k == what) {
            self.kept.push(what.to_string());
        }
    }

    /// Removing EXIF removes its Orientation tag: a picture that relied on it
    /// shows sideways or mirrored. Stripping never re-encodes, so it only warns.
    pub(crate) fn note_orientation(&mut self, exif_block: &[u8]) {
        if let Some(o) = exif::orientation(exif_block).filter(|&o| o > 1) {
            push_warning(
                &mut self.warnings,
                format!(
                    "the EXIF orientation ({o}) is removed with the EXIF: viewers will show the pixels unrotated; rotate them before publishing if that matters"
                ),
            );
        }
    }
}

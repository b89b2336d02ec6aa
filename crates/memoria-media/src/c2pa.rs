//! C2PA (Content Credentials): detected and measured, never validated.
//!
//! A C2PA manifest store is a JUMBF superbox (ISO 19566-5) whose description box
//! carries the label `c2pa` and a type UUID beginning with the bytes `c2pa`. JPEG
//! splits it over APP11 segments; PNG keeps it in a `caBX` chunk, WebP in a `C2PA`
//! chunk, ISO-BMFF files in a `uuid` box. Checking its claims and signatures needs
//! the `c2pa` crate, which is very large; the vault records that a store is there
//! and its size, and keeps the original file for anyone who wants to validate it.

use serde::{Deserialize, Serialize};

use crate::Metadata;
use crate::bytes::{be32, be64, slice};

/// A C2PA manifest store found in the file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct C2pa {
    /// The size of the manifest store (all stores, if several), in bytes.
    pub manifest_store_bytes: usize,
}

/// The UUID of ISO-BMFF `uuid` boxes holding a C2PA manifest store.
pub(crate) const BMFF_UUID: [u8; 16] = [
    0xd8, 0xfe, 0xc3, 0xd6, 0x1b, 0x0e, 0x48, 0x3c, 0x92, 0x97, 0x58, 0x28, 0x87, 0x7e, 0xc4, 0x81,
];

/// A JUMBF box header's length: 8, or 16 with an extended length.
fn header_len(b: &[u8]) -> Option<(usize, u64)> {
    match be32(b, 0)? {
        1 => Some((16, be64(b, 8)?)),
        n => Some((8, u64::from(n))),
    }
}

/// Whether `b` starts with a JUMBF superbox labelled as a C2PA manifest store.
pub(crate) fn is_manifest_store(b: &[u8]) -> bool {
    let Some((h, _)) = header_len(b) else {
        return false;
    };
    if slice(b, 4, 4) != Some(b"jumb") {
        return false;
    }
    let jumd = &b[h.min(b.len())..];
    if slice(jumd, 4, 4) != Some(b"jumd") {
        return false;
    }
    let type_is_c2pa = slice(jumd, 8, 4) == Some(b"c2pa");
    let toggles = jumd.get(24).copied().unwrap_or(0);
    let label_is_c2pa = toggles & 0x02 != 0 && slice(jumd, 25, 5) == Some(b"c2pa\0");
    type_is_c2pa || label_is_c2pa
}

/// JPEG APP11 segments, gathered: each JUMBF box is numbered (`En`) and its
/// segments are numbered in order (`Z`); every segment after the first repeats
/// the box's header.
#[derive(Default)]
pub(crate) struct JpegSegments {
    boxes: Vec<JumbfBox>,
}

struct JumbfBox {
    instance: u16,
    c2pa: bool,
    declared: u64,
    found: usize,
}

impl JpegSegments {
    /// Adds one APP11 segment's payload (after its length). Answers whether it was
    /// part of a C2PA manifest store.
    pub(crate) fn add(&mut self, payload: &[u8]) -> bool {
        if !payload.starts_with(b"JP") {
            return false;
        }
        let (Some(instance), Some(seq)) = (
            payload.get(2..4).map(|x| u16::from_be_bytes([x[0], x[1]])),
            be32(payload, 4),
        ) else {
            return false;
        };
        let data = &payload[8..];
        let Some((h, declared)) = header_len(data) else {
            return false;
        };
        let full = self.boxes.len() >= 256;
        match self.boxes.iter_mut().find(|b| b.instance == instance) {
            Some(b) if seq > 1 => {
                b.found = b.found.saturating_add(data.len().saturating_sub(h));
                b.c2pa
            }
            Some(_) => false, // a second first segment: ignored
            None if !full => {
                let c2pa = is_manifest_store(data);
                self.boxes.push(JumbfBox {
                    instance,
                    c2pa,
                    declared,
                    found: data.len(),
                });
                c2pa
            }
            None => false,
        }
    }

    pub(crate) fn finish(self, m: &mut Metadata) -> Option<C2pa> {
        let mut total: Option<usize> = None;
        for b in self.boxes.iter().filter(|b| b.c2pa) {
            if b.declared != b.found as u64 {
                m.warn(format!(
                    "the C2PA manifest store declares {} bytes but its APP11 segments hold {}",
                    b.declared, b.found
                ));
            }
            total = Some(total.unwrap_or(0).saturating_add(b.found));
        }
        total.map(|manifest_store_bytes| C2pa {
            manifest_store_bytes,
        })
    }
}

/// Adds a store found whole (PNG `caBX`, WebP `C2PA`, ISO-BMFF `uuid`).
pub(crate) fn add_whole(m: &mut Metadata, bytes: usize) {
    let c = m.c2pa.get_or_insert_with(C2pa::default);
    c.manifest_store_bytes = c.manifest_store_bytes.saturating_add(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_types() {
        let mut by_label = b"\0\0\0\x30jumb\0\0\0\x22jumdXXXX".to_vec();
        by_label.extend([0u8; 12]);
        by_label.push(0x03);
        by_label.extend(b"c2pa\0");
        assert!(is_manifest_store(&by_label));
        let mut other = by_label.clone();
        other[33..37].copy_from_slice(b"c2pb");
        assert!(!is_manifest_store(&other));
        other[16..20].copy_from_slice(b"c2pa");
        assert!(is_manifest_store(&other));
        assert!(!is_manifest_store(b"\0\0\0\x01jumb"));
        assert!(!is_manifest_store(b""));
    }
}

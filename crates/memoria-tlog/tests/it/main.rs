//! One integration-test binary for `memoria-tlog`: the published vectors, properties
//! checked against a brute-force RFC 6962 transcription, notes and checkpoints, tiles,
//! garbage input, and the independent check by Go's `sumdb/tlog` and `note`.

mod fuzz_corpus;
mod garbage;
mod go;
mod notes;
mod properties;
mod reference;
mod tiles;
mod vectors;

use memoria_tlog::{Hash, stored_hashes};

/// Parses a hex hash from the vectors; the vectors are known good.
pub fn h(hex: &str) -> Hash {
    Hash::from_hex(hex).unwrap()
}

pub fn hashes(hexes: &[&str]) -> Vec<Hash> {
    hexes.iter().map(|x| h(x)).collect()
}

pub fn unhex(hex: &str) -> Vec<u8> {
    data_encoding::HEXLOWER.decode(hex.as_bytes()).unwrap()
}

/// A log kept in memory the way a caller keeps one: the stored hashes, appended.
#[derive(Default)]
pub struct MemLog {
    pub stored: Vec<Hash>,
    pub size: u64,
}

impl MemLog {
    pub fn from_entries<E: AsRef<[u8]>>(entries: &[E]) -> Self {
        let mut log = Self::default();
        for e in entries {
            log.append(e.as_ref());
        }
        log
    }

    pub fn append(&mut self, entry: &[u8]) {
        let new = stored_hashes(self.size, entry, &self.stored).unwrap();
        self.stored.extend(new);
        self.size += 1;
    }
}

/// The eight entries of the reference tree (`merkle-vectors.md` §2).
pub fn reference_entries() -> Vec<Vec<u8>> {
    [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
    .iter()
    .map(|x| unhex(x))
    .collect()
}

//! One integration-test binary for `memoria-media`: sniffing the fixtures, the exact
//! metadata read from each, stripping (nothing left, pixels unchanged, still
//! decodable by Pillow), hostile input, and the fuzzer's corpus replayed.
//!
//! The fixtures in `tests/data/` are made by `tests/data/make_fixtures.py`.

mod decode;
mod fuzz_corpus;
mod hostile;
mod inspecting;
mod sniffing;
mod stripping;

use std::path::PathBuf;

pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// A fixture's bytes.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = data_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The image fixtures that can be stripped.
pub const STRIPPABLE: [&str; 4] = ["photo.jpg", "progressive.jpg", "photo.png", "photo.webp"];

/// Every fixture.
pub const ALL: [&str; 9] = [
    "photo.jpg",
    "progressive.jpg",
    "photo.png",
    "photo.webp",
    "photo.avif",
    "report.pdf",
    "pdf-named.jpg",
    "truncated.jpg",
    "garbage.bin",
];

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

//! The publication crate through its public API: the demonstration collection's map,
//! the fuzzers' corpora replayed, and the published site in a real browser.

mod browser;
mod browser_fixture;
mod demo_map;
mod fixture;
mod frictionless;
mod fuzz_corpus;
mod planted;

//! The publication crate through its public API: the demonstration collection's map,
//! and the fuzzers' corpora replayed.

mod demo_map;
mod fixture;
mod frictionless;
mod fuzz_corpus;
mod planted;

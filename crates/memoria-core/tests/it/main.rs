//! All integration tests of memoria-core, in one binary so that the crate is linked once.

mod edtf;
mod fuzz_corpus;

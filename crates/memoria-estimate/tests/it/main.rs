//! One integration-test binary for memoria-estimate: the reference numbers of
//! `shared/reference/mse-reference.md`, the Philippines data, and simulations; and
//! the descriptive counts over uncertain dates with their SVG charts.
//!
//! The crate is built optimised even in tests (the workspace's `Cargo.toml`), so the UK
//! long chains (1.1 million sweeps) run in every `cargo test`.

mod chart;
mod csv;
mod describe;
mod fuzz_corpus;
mod lcmcr;
mod loglinear;
mod philippines;
mod simulation;

use memoria_estimate::{CaptureTable, Captures, CsvOptions, read_csv};

/// A fixture table from `tests/data/`.
pub fn fixture(name: &str) -> CaptureTable {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    let file = std::fs::File::open(&path).expect("fixture file");
    read_csv(file, &CsvOptions::default())
        .expect("fixture parses")
        .table
}

/// The single stratum of an unstratified fixture.
pub fn captures(name: &str) -> Captures {
    fixture(name).strata().remove(0).captures
}

/// `actual` agrees with `expected` (a reference number, itself rounded) to
/// `digits` significant digits: within half a unit of the `digits`-th digit.
#[track_caller]
pub fn assert_sig(actual: f64, expected: f64, digits: i32, what: &str) {
    let tol = 0.5 * 10f64.powi(1 - digits) * expected.abs();
    assert!(
        (actual - expected).abs() <= tol,
        "{what}: got {actual}, expected {expected} to {digits} significant digits"
    );
}

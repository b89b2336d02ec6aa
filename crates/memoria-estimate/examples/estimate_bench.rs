//! Benchmarks of the estimators, against the targets in issue 6:
//! LCMCR in the reference configuration (K = 10, 10,000 burn-in, 10,000 samples,
//! thinning 10: about 110,000 sweeps) on a 4-list table (≤ 0.5 s, one chain) and on
//! a 9-list table with 40 non-empty cells (≤ 1 s), and the exhaustive AIC search
//! over the 1,024 hierarchical two-way models of 5 lists (≤ 1 s).
//!
//! `cargo run --release -p memoria-estimate --example estimate_bench` prints the median of
//! several runs of each.

use std::time::{Duration, Instant};

use memoria_estimate::lcmcr::sample;
use memoria_estimate::select::select;
use memoria_estimate::{Captures, LcmcrOptions, SearchOptions, parse_pattern};

const UK: &[(&str, u64)] = &[
    ("00001", 316),
    ("00010", 695),
    ("00011", 8),
    ("00100", 995),
    ("00101", 11),
    ("00110", 76),
    ("01000", 463),
    ("01001", 1),
    ("01010", 19),
    ("01100", 62),
    ("01110", 4),
    ("10000", 54),
    ("10010", 3),
    ("10100", 19),
    ("11000", 15),
    ("11010", 1),
    ("11100", 1),
    ("11110", 1),
];

/// Quezon City, police (34 cells), and six more single-individual patterns: a
/// 9-list table with 40 non-empty cells.
const NINE: &[(&str, u64)] = &[
    ("000010000", 1),
    ("000100010", 1),
    ("001001000", 1),
    ("010000000", 16),
    ("010000001", 2),
    ("010000010", 4),
    ("100000000", 42),
    ("100000011", 1),
    ("100000100", 3),
    ("100001100", 1),
    ("100010000", 2),
    ("101000000", 1),
    ("101000001", 1),
    ("110000000", 100),
    ("110000001", 11),
    ("110000010", 102),
    ("110000011", 4),
    ("110000100", 1),
    ("110000101", 1),
    ("110000110", 3),
    ("110000111", 1),
    ("110001100", 3),
    ("110001110", 11),
    ("110010010", 1),
    ("110010100", 1),
    ("110010110", 2),
    ("110010111", 2),
    ("110100000", 1),
    ("110110100", 1),
    ("110110110", 1),
    ("111000000", 1),
    ("111000010", 6),
    ("111010000", 7),
    ("111110100", 1),
    ("001000000", 1),
    ("000001000", 1),
    ("000000100", 1),
    ("000000001", 1),
    ("011000000", 1),
    ("000100001", 1),
];

fn table(lists: usize, cells: &[(&str, u64)]) -> Captures {
    let names = (0..lists).map(|j| format!("L{j}")).collect();
    let cells: Vec<(u32, u64)> = cells
        .iter()
        .map(|&(p, c)| (parse_pattern(p, lists).expect("pattern"), c))
        .collect();
    Captures::new(names, &cells).expect("table")
}

/// The UK table without its fifth list (GP): four lists, 15 cells.
fn four_lists() -> Captures {
    let cells: Vec<(String, u64)> = UK
        .iter()
        .filter(|(p, _)| &p[..4] != "0000")
        .map(|(p, c)| (p[..4].to_string(), *c))
        .collect();
    let borrowed: Vec<(&str, u64)> = cells.iter().map(|(p, c)| (p.as_str(), *c)).collect();
    table(4, &borrowed)
}

fn median_of(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    let reference = LcmcrOptions {
        classes: 10,
        burn_in: 10_000,
        samples: 10_000,
        thinning: 10,
        chains: 1,
        seed: 1,
        ..Default::default()
    };
    let four = four_lists();
    let nine = table(9, NINE);
    assert_eq!(nine.cells().len(), 40);
    let uk = table(5, UK);
    let runs = 5;

    let t = median_of(runs, || {
        sample(&four, &reference).expect("runs");
    });
    println!(
        "lcmcr, 4 lists ({} cells), one chain:          {:>8.3} s  (target 0.5 s)",
        four.cells().len(),
        t.as_secs_f64()
    );
    let t = median_of(runs, || {
        sample(&nine, &reference).expect("runs");
    });
    println!(
        "lcmcr, 9 lists (40 cells), one chain:          {:>8.3} s  (target 1 s)",
        t.as_secs_f64()
    );
    let two = LcmcrOptions {
        chains: 2,
        ..reference
    };
    let t = median_of(runs, || {
        sample(&nine, &two).expect("runs");
    });
    println!(
        "lcmcr, 9 lists (40 cells), two chains, 2 threads: {:>5.3} s",
        t.as_secs_f64()
    );
    let t = median_of(runs, || {
        let s = select(&uk, &SearchOptions::default()).expect("search");
        assert_eq!(s.ranking.len(), 1024);
    });
    println!(
        "exhaustive AIC search, 5 lists (1,024 models): {:>8.3} s  (target 1 s)",
        t.as_secs_f64()
    );
}

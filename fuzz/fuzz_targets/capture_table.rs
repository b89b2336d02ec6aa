//! Arbitrary bytes as a capture-history CSV, and arbitrary text as a model formula:
//! problems, never a panic; a table that reads is fitted without a panic either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use memoria_estimate::{CsvOptions, LoglinearSpec, Model};

fuzz_target!(|data: &[u8]| {
    // The first byte picks stratum handling, so that one corpus covers both.
    let (strata, bytes) = match data.split_first() {
        Some((b, rest)) if b % 2 == 1 => (vec!["region".to_string()], rest),
        Some((_, rest)) => (Vec::new(), rest),
        None => (Vec::new(), data),
    };
    let options = CsvOptions {
        strata,
        ..CsvOptions::default()
    };
    match memoria_estimate::read_csv_bytes(bytes, &options) {
        Ok(t) => {
            let lists: Vec<String> = t.table.lists().to_vec();
            // Small tables only: fitting is exponential in the number of lists.
            if lists.len() <= 6 {
                let _ = memoria_estimate::loglinear(&t.table, &LoglinearSpec::Formula(
                    lists.join("*"),
                ));
            }
        }
        Err(e) => assert!(!e.problems.is_empty()),
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let names = ["A".to_string(), "B".to_string(), "C".to_string()];
        let _ = Model::parse(text, &names);
    }
});

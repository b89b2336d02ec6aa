//! Replays the fuzzer's corpus (`fuzz/corpus/capture_table`) through the CSV reader,
//! the fit and the formula parser on every test run, as the fuzz target does.

use memoria_estimate::{CsvOptions, LoglinearSpec, Model};

#[test]
fn capture_table_corpus_replays_without_a_panic() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/capture_table");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("the corpus is in the repository") {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        let (strata, bytes) = match data.split_first() {
            Some((b, rest)) if b % 2 == 1 => (vec!["region".to_string()], rest),
            Some((_, rest)) => (Vec::new(), rest),
            None => (Vec::new(), &data[..]),
        };
        let options = CsvOptions {
            strata,
            ..CsvOptions::default()
        };
        match memoria_estimate::read_csv_bytes(bytes, &options) {
            Ok(t) if t.table.lists().len() <= 6 => {
                let formula = t.table.lists().join("*");
                let _ = memoria_estimate::loglinear(&t.table, &LoglinearSpec::Formula(formula));
            }
            Ok(_) => {}
            Err(e) => assert!(!e.problems.is_empty()),
        }
        if let Ok(text) = std::str::from_utf8(bytes) {
            let _ = Model::parse(text, &["A".to_string(), "B".to_string(), "C".to_string()]);
        }
        n += 1;
    }
    assert!(n > 0, "the corpus is empty");
}

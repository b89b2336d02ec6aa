//! Replays the fuzzers' corpora (`fuzz/corpus/import_*`) through the readers on every
//! test run, so an input that once crashed an importer keeps being tried without
//! cargo-fuzz. The fuzz targets themselves hold the richer assertions.

use memoria_intake::{Format, ImportOptions, Input, NoProgress, check_table};

use crate::{mapping, test_data, workspace};

fn replay(folder: &str, format: Format) {
    let dir = workspace().join("fuzz/corpus").join(folder);
    let options = ImportOptions {
        dry_run: true,
        vocabularies: memoria_core::vocab::defaults(),
        max_row_bytes: 4096,
        format: Some(format),
        ..ImportOptions::default()
    };
    let mapping = mapping(&test_data("people.toml"));
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        // The CSV target spends the first byte choosing a mapping; replay both ways.
        for input in [&bytes[..], bytes.get(1..).unwrap_or(&[])] {
            let report = check_table(
                Input::Bytes {
                    name: "corpus",
                    bytes: input,
                },
                &mapping,
                &options,
                &mut NoProgress,
            );
            assert!(!report.committed);
            assert!(
                report
                    .problems
                    .iter()
                    .all(|p| p.value.as_ref().is_none_or(|v| v.chars().count() <= 40))
            );
        }
        n += 1;
    }
    assert!(n > 0, "the corpus {folder} is empty");
}

#[test]
fn csv_corpus_replays_without_a_panic() {
    replay("import_csv", Format::Csv);
}

#[test]
fn xlsx_corpus_replays_without_a_panic() {
    replay("import_xlsx", Format::Xlsx);
}

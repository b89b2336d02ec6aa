//! Arbitrary bytes through the CSV reader and the mapper: problems, never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use memoria_intake::{Format, ImportOptions, Input, Mapping, NoProgress, check_table};

/// A victim-list mapping that reaches every kind of field: terms, ages, dates, an
/// interval-free date, extra columns and the place hierarchy.
const RECORDS: &str = r#"
target = "records"
collection = "fuzz"
list = "fuzz"
[record]
external_id = { column = "id" }
name = { template = "{given} {family}" }
sex = { column = "sex", map = { "M" = "male", "F" = "female" }, missing = ["?"] }
age = { column = "age", missing = ["unknown"] }
date = { column = "date", format = "%m/%d/%y" }
birth_date = { column = "born", format = "edtf" }
extra = ["note", { name = "other", column = "id" }]
[place]
country = { value = "Fuzzland", iso_code = "FZ" }
region = { column = "region", iso_code = "column" }
locality = { column = "town", when = { column = "sex", is = ["M"] } }
"#;

/// An incident mapping: intervals, counts, organisations, points.
const INCIDENTS: &str = r#"
target = "incidents"
collection = "fuzz"
[incident]
external_id = { column = "id" }
title = { template = "Event {id} at {town}" }
date = { start = "date", end = "born", format = "%Y-%m-%d" }
status = { column = "note" }
[act]
violation = { column = "sex", map = { "1" = "killing", "3" = "killing-of-civilians" } }
[act.victim]
group_size = { column = "age" }
[[act.perpetrators]]
organization = { column = "given" }
[[act.perpetrators]]
organization = { column = "family", missing = ["Civilians"] }
[place]
country = { column = "region" }
locality = { column = "town" }
[point]
lat = { column = "age" }
lon = { column = "id" }
precision_m = { column = "sex", map = { "1" = "5000" } }
"#;

struct Setup {
    records: Mapping,
    incidents: Mapping,
    options: ImportOptions,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| Setup {
        records: Mapping::from_toml(RECORDS).unwrap(),
        incidents: Mapping::from_toml(INCIDENTS).unwrap(),
        options: ImportOptions {
            dry_run: true,
            vocabularies: memoria_core::vocab::defaults(),
            // Small, so that the row cap is reached often.
            max_row_bytes: 4096,
            format: Some(Format::Csv),
            ..ImportOptions::default()
        },
    })
}

fuzz_target!(|data: &[u8]| {
    let s = setup();
    // The first byte picks the mapping, so that one corpus covers both.
    let (mapping, bytes) = match data.split_first() {
        Some((b, rest)) if b % 2 == 1 => (&s.incidents, rest),
        Some((_, rest)) => (&s.records, rest),
        None => (&s.records, data),
    };
    let report = check_table(
        Input::Bytes {
            name: "fuzz.csv",
            bytes,
        },
        mapping,
        &s.options,
        &mut NoProgress,
    );
    assert!(!report.committed);
    for p in &report.problems {
        assert!(p.value.as_ref().is_none_or(|v| v.chars().count() <= 40));
    }
});

//! Arbitrary bytes through calamine's XLSX reader and the mapper: problems, never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use memoria_intake::{Format, ImportOptions, Input, Mapping, NoProgress, check_table};

const RECORDS: &str = r#"
target = "records"
collection = "fuzz"
list = "fuzz"
[record]
external_id = { column = "id" }
name = { column = "name" }
sex = { column = "sex", map = { "M" = "male", "F" = "female" } }
age = { column = "age" }
date = { column = "date", format = "%Y-%m-%d" }
extra = ["note"]
[place]
country = { value = "Fuzzland" }
locality = { column = "town" }
"#;

fn setup() -> &'static (Mapping, ImportOptions) {
    static SETUP: OnceLock<(Mapping, ImportOptions)> = OnceLock::new();
    SETUP.get_or_init(|| {
        (
            Mapping::from_toml(RECORDS).unwrap(),
            ImportOptions {
                dry_run: true,
                vocabularies: memoria_core::vocab::defaults(),
                format: Some(Format::Xlsx),
                ..ImportOptions::default()
            },
        )
    })
}

fuzz_target!(|data: &[u8]| {
    let (mapping, options) = setup();
    let report = check_table(
        Input::Bytes {
            name: "fuzz.xlsx",
            bytes: data,
        },
        mapping,
        options,
        &mut NoProgress,
    );
    assert!(!report.committed);
});

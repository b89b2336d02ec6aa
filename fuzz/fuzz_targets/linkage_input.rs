//! Arbitrary bytes as a linkage configuration (TOML) and as a CSV of records, then a
//! run: a clear error or a result, never a panic, and never a record's value in an
//! error message.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use memoria_linkage::{Config, Records};

// u from a few thousand random pairs, not the 300,000 a real run draws however few
// the records: those took nearly all of each input's time, at two inputs a second.
const CONFIG: &str = r#"
mode = "dedupe"
max_pairs = 20000
u_sample = 2000
[[field]]
name = "name"
kind = "name"
[[field]]
name = "born"
kind = "date"
[[field]]
name = "age"
kind = "age"
[[field]]
name = "sex"
kind = "sex"
[[field]]
name = "place"
kind = "place"
[[block]]
on = ["name:first", "name:last"]
[[block]]
on = ["name:pairs", "age:near"]
"#;

/// The same records with their last column read as an identifier with bands of edits
/// and of Jaro-Winkler similarity (a first byte of 2 mod 4 picks it).
fn with_identifier() -> String {
    CONFIG.replace(
        "name = \"place\"\nkind = \"place\"",
        "name = \"place\"\nkind = \"exact\"\nwithin_edits = [1, 2]\njaro_winkler = [0.8]",
    ) + "[[block]]\non = [\"place\"]\n"
}

fn config(identifier: bool) -> &'static Config {
    static C: OnceLock<Config> = OnceLock::new();
    static I: OnceLock<Config> = OnceLock::new();
    if identifier {
        I.get_or_init(|| Config::from_toml(&with_identifier()).unwrap())
    } else {
        C.get_or_init(|| Config::from_toml(CONFIG).unwrap())
    }
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks what the rest is: a configuration or records.
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    if first % 4 == 0 {
        if let Ok(text) = std::str::from_utf8(rest) {
            let _ = Config::from_toml(text);
        }
        return;
    }
    let config = config(first % 4 == 2);
    let mut records = Records::new(&config.schema).unwrap();
    let mut csv = b"id,name,born,age,sex,place\n".to_vec();
    csv.extend_from_slice(rest);
    if memoria_linkage::read_csv(&csv[..], 1, "id", &mut records).is_err() {
        return;
    }
    if let Ok(plan) = memoria_linkage::plan(&records, &config.settings) {
        let linkage = plan.run();
        let _ = linkage.clusters().count();
        let _ = linkage.review();
    }
});

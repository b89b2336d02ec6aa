//! Replays the fuzzer's corpus (`fuzz/corpus/linkage_input`) on every test run, as the
//! fuzz target reads it: a configuration, or records run through the whole pipeline.

use memoria_linkage::{Config, Records};

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

#[test]
fn linkage_corpus_replays_without_a_panic() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/linkage_input");
    let plain = Config::from_toml(CONFIG).unwrap();
    let identifier = Config::from_toml(&with_identifier()).unwrap();
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("the corpus is in the repository") {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        n += 1;
        let Some((first, rest)) = data.split_first() else {
            continue;
        };
        if first % 4 == 0 {
            if let Ok(text) = std::str::from_utf8(rest) {
                let _ = Config::from_toml(text);
            }
            continue;
        }
        let config = if first % 4 == 2 { &identifier } else { &plain };
        let mut records = Records::new(&config.schema).unwrap();
        let mut csv = b"id,name,born,age,sex,place\n".to_vec();
        csv.extend_from_slice(rest);
        if memoria_linkage::read_csv(&csv[..], 1, "id", &mut records).is_err() {
            continue;
        }
        if let Ok(plan) = memoria_linkage::plan(&records, &config.settings) {
            let linkage = plan.run();
            let _ = linkage.clusters().count();
            let _ = linkage.review();
        }
    }
    assert!(n > 0, "the corpus is empty");
}

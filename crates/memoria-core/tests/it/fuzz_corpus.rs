//! Replays the fuzzers' corpora (`fuzz/corpus/*`) on every test run, so an input
//! that once broke a parser keeps being tried without cargo-fuzz.

use memoria_core::Edtf;

#[test]
fn edtf_corpus_replays_and_round_trips() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/edtf");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        n += 1;
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        if let Ok(value) = Edtf::parse(text) {
            assert_eq!(value.to_string(), text);
            assert_eq!(Edtf::parse(&value.to_string()).unwrap(), value);
            if let (Some(a), Some(b)) = (value.earliest(), value.latest()) {
                assert!(a <= b, "{text}");
            }
        }
    }
    assert!(n > 0, "the EDTF corpus is empty");
}

fn corpus(name: &str) -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(name);
    let files: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    assert!(!files.is_empty(), "the {name} corpus is empty");
    files
}

/// What the `entity_body` fuzzer checks: API bodies parse or are refused, validate
/// without panicking, and what is accepted reads back the same.
#[test]
fn entity_body_corpus_replays() {
    use memoria_core::entity::{Entity, EntityKind};
    let vocabs = memoria_core::vocab::defaults();
    for bytes in corpus("entity_body") {
        let Some((&selector, json)) = bytes.split_first() else {
            continue;
        };
        let kind = EntityKind::ALL[selector as usize % EntityKind::ALL.len()];
        let Ok(value) = serde_json::from_slice::<serde_json::Value>(json) else {
            continue;
        };
        let Ok(entity) = Entity::from_body(kind, value) else {
            continue;
        };
        let _ = memoria_core::validate::validate(&entity, &vocabs);
        let body = entity.to_body();
        assert_eq!(
            Entity::from_body(kind, body.clone()).unwrap().to_body(),
            body
        );
    }
}

/// What the `search_text` fuzzer checks: folding is idempotent on any text.
#[test]
fn search_text_corpus_replays() {
    for bytes in corpus("search_text") {
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let once = memoria_core::fold::fold(text);
        assert_eq!(memoria_core::fold::fold(&once), once);
        for word in once.split_whitespace() {
            if let Some(key) = memoria_core::fold::latin_skeleton(word) {
                assert!(key.is_ascii());
            }
        }
    }
}

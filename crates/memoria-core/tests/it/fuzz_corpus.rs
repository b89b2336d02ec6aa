//! Replays the EDTF fuzzer's corpus (`fuzz/corpus/edtf`) on every test run, so an input
//! that once broke the parser keeps being tried without cargo-fuzz.

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

//! Replays the fuzzer's corpus (`fuzz/corpus/media_inspect`) on every test run, so
//! an input that once broke a parser keeps being tried without cargo-fuzz.

#[test]
fn media_inspect_corpus_replays() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/media_inspect");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("the corpus is in the repository") {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        crate::hostile::check_any(&bytes);
        n += 1;
    }
    assert!(n > 0, "the media_inspect corpus is empty");
}

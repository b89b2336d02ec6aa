//! Replays the fuzzer's corpus (`fuzz/corpus/tlog_texts`) on every test run, with the
//! fuzz target's checks: any bytes are survived, and what a parser accepts is the one
//! canonical text it writes back.

use memoria_tlog::note::{Note, NoteVerifier};
use memoria_tlog::{Checkpoint, Receipt, Tile, checkpoint, tile};

use crate::vectors::TEST_VKEY;

fn check(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    match which % 6 {
        0 => {
            if let Ok(c) = Checkpoint::parse_text(&text) {
                assert_eq!(c.to_text(), text);
            }
        }
        1 => {
            if let Ok(r) = Receipt::parse(&text) {
                assert_eq!(Receipt::parse(&r.to_text()).unwrap().to_text(), r.to_text());
            }
        }
        2 => {
            if let Ok(t) = Tile::parse_path(&text) {
                assert_eq!(t.path(), text);
            }
        }
        3 => {
            let _ = tile::parse_entry_bundle(rest, 256);
            let _ = tile::parse_entry_bundle(rest, u16::from(which));
        }
        4 => {
            let _ = NoteVerifier::from_vkey(&text);
        }
        _ => {
            let trusted: Vec<NoteVerifier> =
                NoteVerifier::from_vkey(TEST_VKEY).into_iter().collect();
            if let Ok(note) = Note::parse(rest) {
                let _ = note.verify(&trusted);
            }
            let _ = checkpoint::open(rest, &trusted, None);
        }
    }
}

#[test]
fn tlog_texts_corpus_replays() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/tlog_texts");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("the corpus is in the repository") {
        check(&std::fs::read(entry.unwrap().path()).unwrap());
        n += 1;
    }
    assert!(n > 0, "the tlog_texts corpus is empty");
}

//! The transparency log's texts come from outside: checkpoints and receipts handed back
//! by partners (`memoria log verify --against`), signed notes, public keys, and tile
//! paths in URLs. Every parser must survive any bytes, and whatever it accepts must be
//! the one canonical form it writes back. (`crates/memoria-tlog/tests/it/garbage.rs`
//! checks damaged inputs on every test run.)

#![no_main]

use libfuzzer_sys::fuzz_target;
use memoria_tlog::note::{Note, NoteVerifier};
use memoria_tlog::{Checkpoint, Receipt, Tile, checkpoint, tile};

/// The published test key of the signed-note vectors: a note it signed can open.
const TEST_VKEY: &str = "example.com/hrdoc-test-log+370e9c22+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4";

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    match which % 6 {
        0 => {
            if let Ok(c) = Checkpoint::parse_text(&text) {
                assert_eq!(c.to_text(), text, "a checkpoint has one text");
            }
        }
        1 => {
            if let Ok(r) = Receipt::parse(&text) {
                assert_eq!(Receipt::parse(&r.to_text()).unwrap().to_text(), r.to_text());
            }
        }
        2 => {
            if let Ok(t) = Tile::parse_path(&text) {
                assert_eq!(t.path(), text, "a tile has one path");
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
            let trusted: Vec<NoteVerifier> = NoteVerifier::from_vkey(TEST_VKEY).into_iter().collect();
            if let Ok(note) = Note::parse(rest) {
                let _ = note.verify(&trusted);
                let _ = note.text();
            }
            let _ = checkpoint::open(rest, &trusted, None);
        }
    }
});

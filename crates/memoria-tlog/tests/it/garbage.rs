//! Garbage in, errors out: every parser takes random bytes and randomly damaged valid
//! inputs without panicking (a panic fails the test).

use memoria_tlog::note::{self, Note, NoteSigner, NoteVerifier};
use memoria_tlog::{Checkpoint, Hash, Tile, checkpoint, tile};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::vectors::{CHECKPOINT_8, TEST_VKEY};

const SEEDS: &[&str] = &[
    CHECKPOINT_8,
    TEST_VKEY,
    "PRIVATE+KEY+example.com/hrdoc-test-log+370e9c22+AQABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f",
    "tile/0/x001/x234/067.p/17",
    "tile/entries/000",
    "\u{2014} \n\n\n\u{2014}\u{2014} a b\n",
];

fn damage(rng: &mut ChaCha8Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..rng.random_range(1..4) {
        match rng.random_range(0..4) {
            0 if !out.is_empty() => {
                let i = rng.random_range(0..out.len());
                out[i] = rng.random();
            }
            1 if !out.is_empty() => {
                let i = rng.random_range(0..out.len());
                out.truncate(i);
            }
            2 => {
                let i = rng.random_range(0..=out.len());
                let b = *[b'\n', b'+', b'/', b'0', b'x', 0xe2, 0x80, 0x94, b' ']
                    .get(rng.random_range(0..9))
                    .unwrap_or(&b'\n');
                out.insert(i, b);
            }
            _ => {
                let i = rng.random_range(0..=out.len());
                out.splice(i..i, input.iter().copied().take(rng.random_range(0..40)));
            }
        }
    }
    out
}

fn feed(bytes: &[u8], trusted: &[NoteVerifier]) {
    let _ = Note::parse(bytes);
    let _ = note::open(bytes, trusted);
    let _ = checkpoint::open(bytes, trusted, Some("example.com/hrdoc-test-log"));
    let _ = tile::parse_entry_bundle(bytes, 3);
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = Checkpoint::parse_text(text);
        let _ = Tile::parse_path(text);
        let _ = NoteVerifier::from_vkey(text);
        let _ = NoteSigner::from_skey(text);
        let _ = Hash::from_hex(text);
        let _ = Hash::from_base64(text);
    }
}

#[test]
fn parsers_never_panic() {
    let trusted = [NoteVerifier::from_vkey(TEST_VKEY).unwrap()];
    let mut rng = ChaCha8Rng::seed_from_u64(0x7e57);
    for _ in 0..3000 {
        let len = rng.random_range(0..200);
        let random: Vec<u8> = (0..len).map(|_| rng.random()).collect();
        feed(&random, &trusted);
        let seed = SEEDS[rng.random_range(0..SEEDS.len())].as_bytes();
        feed(&damage(&mut rng, seed), &trusted);
    }
    // A damaged checkpoint is never accepted with different content.
    let good = checkpoint::open(CHECKPOINT_8.as_bytes(), &trusted, None).unwrap();
    for _ in 0..2000 {
        let bad = damage(&mut rng, CHECKPOINT_8.as_bytes());
        if let Ok(cp) = checkpoint::open(&bad, &trusted, None) {
            assert_eq!(cp, good, "a damaged checkpoint verified with other content");
        }
    }
    feed(&vec![b'\n'; note::MAX_NOTE_LEN + 1], &trusted);
}

/// Found by the fuzzer: base64 decoders take padded blocks run together, so a root,
/// key or signature could be written two ways. Only the canonical form is read.
#[test]
fn base64_has_one_form() {
    let root = "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=";
    assert!(Hash::from_base64(root).is_ok());
    for other in [
        "XncaeacGWamtVZy3Ad7tL0lgw+zRN3/gQyg=tile0001",
        "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh=",
        "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg",
    ] {
        assert!(Hash::from_base64(other).is_err(), "{other}");
        let text = format!("example.com/hrdoc-test-log\n8\n{other}\n");
        assert!(Checkpoint::parse_text(&text).is_err(), "{other}");
    }
    let vkey = TEST_VKEY.replace("SVTG4", "SVTG4=AAAA");
    assert!(NoteVerifier::from_vkey(&vkey).is_err());
}

//! Search boxes take any text: folding and the cross-script key must survive it, and
//! folding must be idempotent (a folded word folds to itself), or indexed words and
//! query words would stop meeting.

#![no_main]

use libfuzzer_sys::fuzz_target;
use memoria_core::fold::{fold, latin_skeleton};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let once = fold(text);
    assert_eq!(fold(&once), once, "fold is not idempotent");
    for word in once.split_whitespace() {
        if let Some(key) = latin_skeleton(word) {
            assert!(key.is_ascii(), "a skeleton is plain Latin letters");
            assert!(key.len() <= 4 * word.len() + 8);
        }
    }
});

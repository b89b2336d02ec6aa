//! Text to index terms: the same folding at index time and at query time.
//!
//! We tokenize ourselves and hand tantivy pre-tokenized strings, rather than register a
//! tokenizer, so that a text is folded once for both its words and their skeletons, and
//! so that an index opened by any process needs no registration to be written.

use memoria_core::fold::{fold, latin_skeleton};
use tantivy::tokenizer::{PreTokenizedString, Token};

/// Words longer than this (in bytes) are not indexed: no one searches for them, and
/// tantivy limits the length of a term.
const MAX_WORD_BYTES: usize = 120;

/// The folded words of `text`: runs of letters and digits after [`fold`].
pub(crate) fn words(text: &str) -> Vec<String> {
    let folded = fold(text);
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.len() <= MAX_WORD_BYTES)
        .map(str::to_string)
        .collect()
}

/// The Latin skeletons of folded words, where they have one.
pub(crate) fn skeletons(words: &[String]) -> Vec<String> {
    words.iter().filter_map(|w| latin_skeleton(w)).collect()
}

/// Words as a value tantivy indexes as they are.
pub(crate) fn pre_tokenized(words: Vec<String>) -> PreTokenizedString {
    let tokens = words
        .into_iter()
        .enumerate()
        .map(|(position, text)| Token {
            offset_from: 0,
            offset_to: 0,
            position,
            text,
            position_length: 1,
        })
        .collect();
    PreTokenizedString {
        text: String::new(),
        tokens,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_split() {
        assert_eq!(
            words("Détention à Al-Qāmishlī — 12 hommes; مُحَمَّد"),
            ["detention", "a", "al", "qamishli", "12", "hommes", "محمد"]
        );
        assert_eq!(skeletons(&words("Mohammed 42 محمد")), ["mhmd", "mhmd"]);
    }
}

//! The last check before a file is handed over to be written: every byte of it is
//! searched for every value that must not leave (names of persons not named, contact
//! details, exact coordinates, file names, source references), ignoring ASCII case.
//! The policy was applied record by record already; this catches what a template, an
//! index or a table could let slip. Finding one refuses the whole publication: the
//! file that holds it is never handed over, nor any file after it.

use std::collections::HashSet;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};

use crate::model::Forbidden;

/// Values shorter than this many bytes go to an automaton of their own that reads
/// every byte; the rest are found through their first [`KEY`] bytes.
const KEY: usize = 4;
/// Bits in the table of the first bytes of values (128 KiB: it stays in cache).
const TABLE_BITS: u32 = 20;

/// Every forbidden value, and the escaped forms of those a format would escape.
///
/// A site of 100,000 incidents is some 700 MB to search for some 500,000 values. One
/// automaton walked over every byte spends most of its time waiting for memory, its
/// states being far larger than any cache. So a file is first lower-cased (the search
/// ignores ASCII case), then each position's next four bytes are looked up in a small
/// table of the first four bytes of every value; only where the table says a value
/// may start is the automaton walked, anchored there, for as long as some value
/// continues to match. The answer is the same as the plain search's (a test below
/// compares the two); it is several times faster.
pub struct Scanner<'a> {
    forbidden: &'a Forbidden,
    /// Lower-cased values of at least [`KEY`] bytes, anchored searches only.
    anchored: Option<AhoCorasick>,
    /// For each of its patterns, the forbidden value it stands for.
    anchored_value: Vec<usize>,
    /// Which hashes of a value's first [`KEY`] bytes occur.
    starts: Vec<u64>,
    /// Lower-cased values shorter than [`KEY`] bytes, searched for everywhere.
    short: Option<AhoCorasick>,
    short_value: Vec<usize>,
}

/// Where the first four bytes at a position fall in the table.
fn slot(key: [u8; KEY]) -> usize {
    (u32::from_le_bytes(key).wrapping_mul(0x9E37_79B1) >> (32 - TABLE_BITS)) as usize
}

impl<'a> Scanner<'a> {
    pub fn new(forbidden: &'a Forbidden) -> Scanner<'a> {
        let (mut long, mut short) = (Vec::new(), Vec::new());
        // Many people share a name: each text is one pattern, which stands for the
        // first record that holds it.
        let mut seen = HashSet::new();
        for (i, (text, _, _)) in forbidden.values.iter().enumerate() {
            let mut forms = vec![text.to_ascii_lowercase()];
            // Escaping (`&amp;`, `&#x27;`) would hide a name with `&`, `<`, `>` or a
            // quote from a search for the name as written, so those forms are
            // searched for too.
            if text.contains(['&', '<', '>', '"', '\'']) {
                forms.push(
                    forms[0]
                        .replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;")
                        .replace('"', "&quot;")
                        .replace('\'', "&#x27;"),
                );
            }
            for form in forms {
                if form.is_empty() || !seen.insert(form.clone()) {
                    continue;
                }
                if form.len() >= KEY {
                    long.push((form, i));
                } else {
                    short.push((form, i));
                }
            }
        }
        let mut starts = vec![0u64; (1 << TABLE_BITS) / 64];
        for (form, _) in &long {
            let key: [u8; KEY] = form.as_bytes()[..KEY].try_into().expect("KEY bytes");
            let at = slot(key);
            starts[at / 64] |= 1 << (at % 64);
        }
        let build = |patterns: &[(String, usize)], start: StartKind| {
            (!patterns.is_empty()).then(|| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .start_kind(start)
                    .build(patterns.iter().map(|(p, _)| p))
                    .expect("the forbidden values form a searcher")
            })
        };
        Scanner {
            forbidden,
            anchored: build(&long, StartKind::Anchored),
            anchored_value: long.iter().map(|(_, i)| *i).collect(),
            starts,
            short: build(&short, StartKind::Unanchored),
            short_value: short.iter().map(|(_, i)| *i).collect(),
        }
    }

    /// What was found in the file at `path`, as "a person's name (record …) in path",
    /// or `None`. The value itself is never in the message.
    pub fn check(&self, path: &str, bytes: &[u8]) -> Option<String> {
        let value = self.find(bytes)?;
        let (_, what, id) = &self.forbidden.values[value];
        Some(format!("{what} (record {id}) in {path}"))
    }

    /// The index of a forbidden value that occurs in `bytes`, if any.
    fn find(&self, bytes: &[u8]) -> Option<usize> {
        if self.anchored.is_none() && self.short.is_none() {
            return None;
        }
        let lower = bytes.to_ascii_lowercase();
        if let Some(short) = &self.short
            && let Some(m) = short.find(&lower[..])
        {
            return Some(self.short_value[m.pattern().as_usize()]);
        }
        let anchored = self.anchored.as_ref()?;
        for (at, window) in lower.windows(KEY).enumerate() {
            let key: [u8; KEY] = window.try_into().expect("KEY bytes");
            let s = slot(key);
            if self.starts[s / 64] & (1 << (s % 64)) == 0 {
                continue;
            }
            let input = Input::new(&lower[..]).range(at..).anchored(Anchored::Yes);
            if let Some(m) = anchored.find(input) {
                return Some(self.anchored_value[m.pattern().as_usize()]);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use memoria_core::id::RecordId;
    use std::collections::BTreeMap;

    /// The first forbidden value found in any of `files`, as [`Scanner::check`] says it.
    fn find(files: &BTreeMap<String, Vec<u8>>, forbidden: &Forbidden) -> Option<String> {
        let scanner = Scanner::new(forbidden);
        files
            .iter()
            .find_map(|(path, bytes)| scanner.check(path, bytes))
    }

    fn forbidden(text: &str) -> Forbidden {
        Forbidden {
            values: vec![(text.to_string(), "a person's name", RecordId::random())],
        }
    }

    #[test]
    fn a_forbidden_value_anywhere_refuses_and_says_where_but_not_what() {
        let files = BTreeMap::from([
            ("en/index.html".to_string(), b"<p>nothing here</p>".to_vec()),
            (
                "assets/search-index.js".to_string(),
                b"[\"ZAYNAB quillfeather\"]".to_vec(),
            ),
        ]);
        let found = find(&files, &forbidden("Zaynab Quillfeather")).expect("found");
        assert!(found.contains("assets/search-index.js"), "{found}");
        assert!(found.contains("a person's name"));
        assert!(!found.to_lowercase().contains("zaynab"), "{found}");
    }

    #[test]
    fn escaped_forms_are_found_too() {
        let files = BTreeMap::from([(
            "en/x.html".to_string(),
            b"<li>O&#x27;Brien &amp; Sons</li>".to_vec(),
        )]);
        assert!(find(&files, &forbidden("O'Brien & Sons")).is_some());
    }

    #[test]
    fn clean_output_passes() {
        let files =
            BTreeMap::from([("en/x.html".to_string(), b"<p>Harbour District</p>".to_vec())]);
        assert_eq!(find(&files, &forbidden("Qaryat Sirriya")), None);
    }

    /// The table and anchored walks find what one plain automaton over every byte
    /// finds, on texts made to hold values, parts of values, near-misses in case and
    /// escaped forms at every position.
    #[test]
    fn the_fast_search_finds_what_the_plain_search_finds() {
        let values = [
            "Zaynab Quillfeather",
            "Zaynab Q",
            "+999 555 0142",
            "O'Brien & Sons",
            "12.3456",
            "abc",
            "Ali",
            "ÉLODIE Marchand",
            "photo_0412.jpg",
        ];
        let forbidden = Forbidden {
            values: values
                .iter()
                .map(|v| (v.to_string(), "a value", RecordId::random()))
                .collect(),
        };
        let plain = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(
                values
                    .iter()
                    .map(|v| v.to_string())
                    .chain(["O&#x27;Brien &amp; Sons".to_string()]),
            )
            .unwrap();
        let scanner = Scanner::new(&forbidden);
        let pieces = [
            "zAYNAB quillfeather",
            "Zaynab",
            " Quill",
            "+999 555 014",
            "2",
            "O&#x27;Brien &amp; Sons",
            "o'brien & sons",
            "12.345",
            "6",
            "ab",
            "c",
            "AL",
            "i",
            "Élodie marchand",
            "ÉLODIE Marchand",
            "<p>",
            "</p>",
            " ",
            "photo_0412",
            ".JPG",
            "x",
            "é",
        ];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let (mut found, mut clean) = (0, 0);
        for _ in 0..3000 {
            let n = (next() % 12) as usize;
            let text: String = (0..n)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            let expected = plain.find(text.as_bytes()).is_some();
            assert_eq!(
                scanner.find(text.as_bytes()).is_some(),
                expected,
                "{text:?}"
            );
            if expected {
                found += 1;
            } else {
                clean += 1;
            }
        }
        assert!(found > 300 && clean > 300, "{found} found, {clean} clean");
    }
}

//! The last check before anything is written: every byte of every file is searched
//! for every value that must not leave (names of persons not named, contact details,
//! exact coordinates, file names, source references), ignoring ASCII case. The policy
//! was applied record by record already; this catches what a template, an index or a
//! table could let slip. Finding one refuses the whole publication.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::model::Forbidden;

/// What was found, as "a person's name (record …) in path", or `None`.
pub fn find(files: &BTreeMap<String, Vec<u8>>, forbidden: &Forbidden) -> Option<String> {
    if forbidden.values.is_empty() {
        return None;
    }
    let patterns: Vec<&str> = forbidden
        .values
        .iter()
        .map(|(t, _, _)| t.as_str())
        .collect();
    let searcher: AhoCorasick = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(&patterns)
        .expect("the forbidden values form a searcher");
    for (path, bytes) in files {
        if let Some(m) = searcher.find(bytes) {
            let (_, what, id) = &forbidden.values[m.pattern().as_usize()];
            // Escaped forms (`&amp;`) cannot hide a name from this search only if the
            // name has no character a format escapes; names with `&`, `<` or quotes
            // are also searched for in their escaped forms below.
            return Some(format!("{what} (record {id}) in {path}"));
        }
    }
    let escaped: Vec<(String, usize)> = forbidden
        .values
        .iter()
        .enumerate()
        .filter(|(_, (t, _, _))| t.contains(['&', '<', '>', '"', '\'']))
        .map(|(i, (t, _, _))| {
            (
                t.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
                    .replace('"', "&quot;")
                    .replace('\'', "&#x27;"),
                i,
            )
        })
        .collect();
    if !escaped.is_empty() {
        let searcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(escaped.iter().map(|(t, _)| t.as_str()))
            .expect("the escaped values form a searcher");
        for (path, bytes) in files {
            if let Some(m) = searcher.find(bytes) {
                let (_, what, id) = &forbidden.values[escaped[m.pattern().as_usize()].1];
                return Some(format!("{what} (record {id}) in {path}"));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use memoria_core::id::RecordId;

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
}

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

//! Queries: what a text matches, and what an account may see.
//!
//! # Matching a word
//!
//! Every word of the query must match (in any of the searched fields). A word matches
//! a document in one of four tiers, and a document scores the best tier each word
//! reaches, so that exact matches always rank above looser ones:
//!
//! | tier | matches | score |
//! | --- | --- | --- |
//! | exact | the folded word (case, diacritics, Arabic spelling variants ignored) | 10 + BM25 |
//! | prefix | a word that starts with it (the query's last word, 3 letters or more) | 4 |
//! | skeleton | a word with the same Latin skeleton (محمد ~ Mohammed) | 2 |
//! | fuzzy | a word within 1 edit (4–7 letters) or 2 edits (8 or more) | 1 |
//!
//! Prefix and fuzzy matching look at titles and names, not narratives: a narrative's
//! many words would flood the results with near misses, and cost time.
//!
//! # Scope
//!
//! Each document carries `acl` terms `{collection}/{sensitivity}` (`/n` added for the
//! kinds found only by personal names). An account's [`Scope`] becomes the set of terms
//! it may see, and that set is a required clause of every query, so that totals and
//! facet counts never count what the account may not read.

use memoria_core::fold::latin_skeleton;
use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery, FuzzyTermQuery,
    Occur, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use crate::Scope;
use crate::schema::{Fields, SENSITIVITIES, acl_term};

const EXACT: f32 = 10.0;
const PREFIX: f32 = 4.0;
const SKELETON: f32 = 2.0;
const FUZZY: f32 = 1.0;

/// At most this many words of a query are used.
const MAX_WORDS: usize = 12;

/// Which fields a text query searches.
pub(crate) struct TextFields {
    /// Fields matched exactly, with the weight of their BM25 score.
    pub exact: Vec<(Field, f32)>,
    /// Fields matched by prefix and fuzzily.
    pub loose: Vec<Field>,
    /// Skeleton fields.
    pub skeleton: Vec<Field>,
}

impl TextFields {
    /// Every searchable field: titles, narratives, names.
    pub fn all(f: &Fields) -> TextFields {
        TextFields {
            exact: vec![(f.text, 2.0), (f.names, 2.0), (f.body, 1.0)],
            loose: vec![f.text, f.names],
            skeleton: vec![f.text_skel, f.names_skel],
        }
    }

    /// The fields of incidents.
    pub fn incidents(f: &Fields) -> TextFields {
        TextFields {
            exact: vec![(f.text, 2.0), (f.body, 1.0)],
            loose: vec![f.text],
            skeleton: vec![f.text_skel],
        }
    }
}

/// How many edits a fuzzy match of `word` may make.
fn fuzzy_distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

pub(crate) fn union(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if queries.len() == 1 {
        queries.into_iter().next().expect("one query")
    } else {
        Box::new(BooleanQuery::union(queries))
    }
}

/// A query every word of `words` (folded) must match; `None` for no words.
pub(crate) fn text(words: &[String], fields: &TextFields) -> Option<Box<dyn Query>> {
    let mut seen: Vec<&str> = Vec::new();
    for w in words {
        if !seen.contains(&w.as_str()) && seen.len() < MAX_WORDS {
            seen.push(w);
        }
    }
    // Only the last word may be unfinished (search as you type); completing every word
    // would cost a scan of the term dictionary per word for little gain.
    let last = seen.len().saturating_sub(1);
    let per_word: Vec<Box<dyn Query>> = seen
        .iter()
        .enumerate()
        .map(|(i, w)| word(w, fields, i == last))
        .collect();
    match per_word.len() {
        0 => None,
        1 => per_word.into_iter().next(),
        _ => Some(Box::new(BooleanQuery::intersection(per_word))),
    }
}

fn word(w: &str, fields: &TextFields, complete: bool) -> Box<dyn Query> {
    let mut tiers: Vec<Box<dyn Query>> = Vec::new();

    let exact: Vec<Box<dyn Query>> = fields
        .exact
        .iter()
        .map(|(f, weight)| {
            let q = TermQuery::new(Term::from_field_text(*f, w), IndexRecordOption::WithFreqs);
            Box::new(BoostQuery::new(Box::new(q), *weight)) as Box<dyn Query>
        })
        .collect();
    let exact = union(exact);
    tiers.push(Box::new(BooleanQuery::new(vec![
        (
            Occur::Should,
            Box::new(ConstScoreQuery::new(exact.box_clone(), EXACT)),
        ),
        (Occur::Should, exact),
    ])));

    let chars = w.chars().count();
    if complete && chars >= 3 {
        let prefix = fields
            .loose
            .iter()
            .map(|f| {
                Box::new(FuzzyTermQuery::new_prefix(
                    Term::from_field_text(*f, w),
                    0,
                    false,
                )) as Box<dyn Query>
            })
            .collect();
        tiers.push(Box::new(ConstScoreQuery::new(union(prefix), PREFIX)));
    }

    if let Some(key) = latin_skeleton(w).filter(|k| k.len() >= 2) {
        let terms = fields.skeleton.iter().map(|f| term(*f, &key)).collect();
        tiers.push(Box::new(ConstScoreQuery::new(union(terms), SKELETON)));
    }

    let distance = fuzzy_distance(w);
    if distance > 0 {
        let fuzzy = fields
            .loose
            .iter()
            .map(|f| {
                Box::new(FuzzyTermQuery::new(
                    Term::from_field_text(*f, w),
                    distance,
                    true,
                )) as Box<dyn Query>
            })
            .collect();
        tiers.push(Box::new(ConstScoreQuery::new(union(fuzzy), FUZZY)));
    }

    Box::new(DisjunctionMaxQuery::new(tiers))
}

/// What `scope` may see, as a query; `None` when it may see everything.
pub(crate) fn scope(f: &Fields, scope: &Scope) -> Option<Box<dyn Query>> {
    if scope.all {
        return None;
    }
    let mut terms = Vec::new();
    for c in &scope.collections {
        for s in SENSITIVITIES
            .into_iter()
            .filter(|s| *s <= c.max_sensitivity)
        {
            terms.push(Term::from_field_text(
                f.acl,
                &acl_term(c.collection, s, false),
            ));
            if c.names {
                terms.push(Term::from_field_text(
                    f.acl,
                    &acl_term(c.collection, s, true),
                ));
            }
        }
    }
    if terms.is_empty() {
        return Some(Box::new(EmptyQuery));
    }
    // A union of posting lists rather than a term set: a term set reads every posting
    // of every term into a bit set of the whole segment, on every query, whereas a
    // union is only advanced to the documents the rest of the query matches.
    Some(union(
        terms
            .into_iter()
            .map(|t| Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>)
            .collect(),
    ))
}

/// A clause that narrows without adding to the score.
pub(crate) fn filter(q: Box<dyn Query>) -> (Occur, Box<dyn Query>) {
    (Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0)))
}

pub(crate) fn term(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::Basic,
    ))
}

pub(crate) fn term_u64(field: Field, value: u64) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_u64(field, value),
        IndexRecordOption::Basic,
    ))
}

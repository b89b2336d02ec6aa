//! Capture tables: how many individuals each combination of lists documented.
//!
//! A [`CaptureTable`] holds, per stratum, the count of every observed capture pattern.
//! A pattern is a bit mask with bit `j` set when list `j` recorded the individual; in
//! text it is written as a string of `0`/`1` with the *first* list as the leftmost
//! digit ([`parse_pattern`], [`format_pattern`]), as in the reference file.
//!
//! [`CaptureTable::strata`] hands each stratum to the estimators as [`Captures`]: only
//! the lists that captured someone in that stratum, with a note of those dropped, as
//! HRDAG does (a list with no capture carries no information about overlap, and a
//! log-linear term for it has no finite estimate).
//!
//! What this module does not do: read files (see [`crate::csv_input`]) or estimate.

use std::collections::BTreeMap;

/// At most this many lists: 2^15 − 1 observable cells is where exhaustive log-linear
/// fitting stays cheap and a pattern fits comfortably in a `u32`.
pub const MAX_LISTS: usize = 15;

/// A table of capture-pattern counts, possibly split into strata.
#[derive(Clone, Debug, PartialEq)]
pub struct CaptureTable {
    lists: Vec<String>,
    stratum_columns: Vec<String>,
    /// Keyed by the stratum's values, in the order of `stratum_columns`; the
    /// unstratified table has one stratum with an empty key.
    strata: BTreeMap<Vec<String>, BTreeMap<u32, u64>>,
}

/// Why a table could not be built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    #[error("a capture table needs at least one list")]
    NoLists,
    #[error("{lists} lists given; at most {MAX_LISTS} are supported, merge or drop some")]
    TooManyLists { lists: usize },
    #[error("list {index} has an empty name; name every list")]
    EmptyListName { index: usize },
    #[error("list name {name:?} is used twice; list names must be distinct")]
    DuplicateList { name: String },
    #[error("pattern {pattern:#x} is not a capture pattern over {lists} lists")]
    BadPattern { pattern: u32, lists: usize },
    #[error("the all-zero pattern cannot be observed; drop rows with no list")]
    ZeroPattern,
    #[error("pattern text {text:?} must be {lists} digits 0 or 1")]
    BadPatternText { text: String, lists: usize },
    #[error("a stratum key has {given} values but the table has {expected} stratum columns")]
    StratumArity { given: usize, expected: usize },
    #[error("counts overflow; a table this large cannot be real")]
    Overflow,
}

impl CaptureTable {
    /// An empty, unstratified table over these lists.
    pub fn new(lists: Vec<String>) -> Result<CaptureTable, TableError> {
        CaptureTable::stratified(lists, Vec::new())
    }

    /// An empty table over these lists, split by the named stratum columns.
    pub fn stratified(
        lists: Vec<String>,
        stratum_columns: Vec<String>,
    ) -> Result<CaptureTable, TableError> {
        if lists.is_empty() {
            return Err(TableError::NoLists);
        }
        if lists.len() > MAX_LISTS {
            return Err(TableError::TooManyLists { lists: lists.len() });
        }
        for (index, name) in lists.iter().enumerate() {
            if name.trim().is_empty() {
                return Err(TableError::EmptyListName { index });
            }
            if lists[..index].contains(name) {
                return Err(TableError::DuplicateList { name: name.clone() });
            }
        }
        Ok(CaptureTable {
            lists,
            stratum_columns,
            strata: BTreeMap::new(),
        })
    }

    /// An unstratified table from `(pattern text, count)` pairs, e.g. `("10010", 3)`.
    /// Handy for tests and for tables typed in from a publication.
    pub fn from_patterns(lists: &[&str], cells: &[(&str, u64)]) -> Result<Self, TableError> {
        let mut table = CaptureTable::new(lists.iter().map(|s| s.to_string()).collect())?;
        for (text, count) in cells {
            let pattern = parse_pattern(text, lists.len())?;
            if pattern == 0 {
                if *count == 0 {
                    continue;
                }
                return Err(TableError::ZeroPattern);
            }
            table.add(&[], pattern, *count)?;
        }
        Ok(table)
    }

    /// Adds `count` individuals with this pattern to the stratum `key` (empty for an
    /// unstratified table). A zero count is accepted and changes nothing.
    pub fn add(&mut self, key: &[&str], pattern: u32, count: u64) -> Result<(), TableError> {
        if key.len() != self.stratum_columns.len() {
            return Err(TableError::StratumArity {
                given: key.len(),
                expected: self.stratum_columns.len(),
            });
        }
        if pattern == 0 {
            return Err(TableError::ZeroPattern);
        }
        if pattern >> self.lists.len() != 0 {
            return Err(TableError::BadPattern {
                pattern,
                lists: self.lists.len(),
            });
        }
        let stratum = self
            .strata
            .entry(key.iter().map(|s| s.to_string()).collect())
            .or_default();
        if count > 0 {
            let cell = stratum.entry(pattern).or_insert(0);
            *cell = cell.checked_add(count).ok_or(TableError::Overflow)?;
        }
        Ok(())
    }

    /// Every non-empty cell: its stratum key (one value per stratum column), its
    /// capture pattern (bit j: list j) and its count, in key and pattern order.
    pub fn cells(&self) -> impl Iterator<Item = (&[String], u32, u64)> + '_ {
        self.strata.iter().flat_map(|(key, cells)| {
            cells
                .iter()
                .filter(|(_, c)| **c > 0)
                .map(move |(&p, &c)| (key.as_slice(), p, c))
        })
    }

    /// The list names, in column order.
    pub fn lists(&self) -> &[String] {
        &self.lists
    }

    /// The stratum column names (empty when unstratified).
    pub fn stratum_columns(&self) -> &[String] {
        &self.stratum_columns
    }

    /// Documented individuals over all strata.
    pub fn documented(&self) -> u64 {
        self.strata.values().flat_map(|s| s.values()).sum()
    }

    /// The count of one pattern in one stratum.
    pub fn count(&self, key: &[&str], pattern: u32) -> u64 {
        let key: Vec<String> = key.iter().map(|s| s.to_string()).collect();
        self.strata
            .get(&key)
            .and_then(|s| s.get(&pattern))
            .copied()
            .unwrap_or(0)
    }

    /// Each stratum in key order, with the lists that captured no one there dropped.
    /// An unstratified table yields one stratum with an empty key.
    pub fn strata(&self) -> Vec<Stratum> {
        self.strata
            .iter()
            .map(|(key, cells)| {
                let mut captured = 0u32;
                for &p in cells.keys() {
                    captured |= p;
                }
                let kept: Vec<usize> = (0..self.lists.len())
                    .filter(|&j| captured >> j & 1 == 1)
                    .collect();
                let dropped = (0..self.lists.len())
                    .filter(|&j| captured >> j & 1 == 0)
                    .map(|j| self.lists[j].clone())
                    .collect();
                let mut counts: BTreeMap<u32, u64> = BTreeMap::new();
                for (&p, &c) in cells {
                    let mut q = 0u32;
                    for (new, &old) in kept.iter().enumerate() {
                        q |= (p >> old & 1) << new;
                    }
                    *counts.entry(q).or_insert(0) += c;
                }
                Stratum {
                    key: self
                        .stratum_columns
                        .iter()
                        .cloned()
                        .zip(key.iter().cloned())
                        .collect(),
                    captures: Captures {
                        lists: kept.iter().map(|&j| self.lists[j].clone()).collect(),
                        cells: counts.into_iter().collect(),
                    },
                    dropped,
                }
            })
            .collect()
    }
}

/// One stratum of a table, ready for an estimator.
#[derive(Clone, Debug, PartialEq)]
pub struct Stratum {
    /// `(stratum column, value)` pairs; empty for an unstratified table.
    pub key: Vec<(String, String)>,
    /// The counts over the lists kept in this stratum.
    pub captures: Captures,
    /// Lists of the table that captured no one in this stratum, so were left out.
    pub dropped: Vec<String>,
}

/// The counts of one stratum over the lists that captured someone in it.
///
/// Invariant: every pattern is non-zero, below `1 << lists.len()`, listed once with a
/// positive count, and the patterns are sorted.
#[derive(Clone, Debug, PartialEq)]
pub struct Captures {
    lists: Vec<String>,
    cells: Vec<(u32, u64)>,
}

impl Captures {
    /// Counts straight from `(pattern, count)` pairs, for callers that already hold a
    /// table (zero counts are ignored, repeated patterns added up).
    pub fn new(lists: Vec<String>, cells: &[(u32, u64)]) -> Result<Captures, TableError> {
        let mut table = CaptureTable::new(lists)?;
        for &(p, c) in cells {
            table.add(&[], p, c)?;
        }
        let counts = table.strata.remove(&Vec::new()).unwrap_or_default();
        Ok(Captures {
            lists: table.lists,
            cells: counts.into_iter().collect(),
        })
    }

    /// The lists, in pattern bit order.
    pub fn lists(&self) -> &[String] {
        &self.lists
    }

    /// The non-zero cells, sorted by pattern.
    pub fn cells(&self) -> &[(u32, u64)] {
        &self.cells
    }

    /// Observed (documented) individuals.
    pub fn documented(&self) -> u64 {
        self.cells.iter().map(|&(_, c)| c).sum()
    }

    /// How many individuals each list recorded.
    pub fn list_totals(&self) -> Vec<u64> {
        (0..self.lists.len())
            .map(|j| {
                self.cells
                    .iter()
                    .filter(|(p, _)| p >> j & 1 == 1)
                    .map(|&(_, c)| c)
                    .sum()
            })
            .collect()
    }

    /// All 2^k cells as counts indexed by pattern (index 0, the unobserved cell, is 0).
    pub(crate) fn dense(&self) -> Vec<f64> {
        let mut y = vec![0.0; 1 << self.lists.len()];
        for &(p, c) in &self.cells {
            y[p as usize] = c as f64;
        }
        y
    }
}

/// Reads a pattern written with the first list as the leftmost digit.
pub fn parse_pattern(text: &str, lists: usize) -> Result<u32, TableError> {
    let bad = || TableError::BadPatternText {
        text: text.chars().take(40).collect(),
        lists,
    };
    if text.len() != lists || lists > MAX_LISTS {
        return Err(bad());
    }
    let mut p = 0u32;
    for (j, b) in text.bytes().enumerate() {
        match b {
            b'0' => {}
            b'1' => p |= 1 << j,
            _ => return Err(bad()),
        }
    }
    Ok(p)
}

/// Writes a pattern with the first list as the leftmost digit.
pub fn format_pattern(pattern: u32, lists: usize) -> String {
    (0..lists)
        .map(|j| if pattern >> j & 1 == 1 { '1' } else { '0' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_read_first_list_leftmost() {
        assert_eq!(parse_pattern("100", 3).unwrap(), 0b001);
        assert_eq!(parse_pattern("001", 3).unwrap(), 0b100);
        assert_eq!(format_pattern(0b110, 3), "011");
        assert!(parse_pattern("10", 3).is_err());
        assert!(parse_pattern("1x0", 3).is_err());
    }

    #[test]
    fn strata_drop_lists_without_captures() {
        let mut t =
            CaptureTable::stratified(vec!["A".into(), "B".into(), "C".into()], vec!["r".into()])
                .unwrap();
        t.add(&["x"], 0b001, 5).unwrap();
        t.add(&["x"], 0b101, 2).unwrap();
        t.add(&["y"], 0b111, 1).unwrap();
        let strata = t.strata();
        assert_eq!(strata.len(), 2);
        assert_eq!(strata[0].dropped, vec!["B".to_string()]);
        assert_eq!(strata[0].captures.lists(), ["A", "C"]);
        assert_eq!(strata[0].captures.cells(), [(0b01, 5), (0b11, 2)]);
        assert!(strata[1].dropped.is_empty());
        assert_eq!(t.documented(), 8);
    }
}

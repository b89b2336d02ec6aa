//! What each comparison level means, as data: the interface words it in the reader's
//! language, and [`fmt::Display`] gives the English label the command line prints.

use std::fmt;

use crate::records::Column;
use crate::schema::{Field, FieldKind};

/// The meaning of one comparison level (or of a missing value, level 0).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LevelName {
    /// Either value is missing.
    Missing,
    /// Names: every part the same, as many on each side. `long`: three parts or more.
    SameNames {
        long: bool,
    },
    /// Names: every part of the shorter name the same, parts of the longer left over.
    SameNamesSomeMissing {
        long: bool,
    },
    /// Names: every part of the shorter name paired with one alike.
    AllPartsAlike {
        long: bool,
    },
    /// Names: every part paired by sound (the same Latin skeleton), as many on each side.
    SameNamesBySound {
        long: bool,
    },
    /// Names: as [`LevelName::SameNamesBySound`], with parts of the longer left over.
    SameNamesBySoundSomeMissing {
        long: bool,
    },
    FirstAndOtherPartsAlike,
    SeveralPartsAlike,
    OnePartAlike,
    /// Dates.
    SameDay,
    WithinDays(u32),
    DayAndMonthSwapped,
    /// Dates or ages, when either is a span (`1990`, `40s`) the other falls in.
    Overlapping,
    /// Ages.
    WithinYears(u32),
    /// Ages, sexes and identifiers.
    Same,
    /// Identifiers: at most this many edits apart.
    WithinEdits(u32),
    /// Identifiers: Jaro–Winkler similarity at least this many thousandths.
    AlikeAtLeast(u32),
    /// Places.
    SamePlace,
    SimilarPlace,
    /// Places: the same down to the level held in this column.
    SameColumn(String),
    /// Places given as one path: the same down to level `k` (from 1).
    SameDownToLevel(usize),
    /// Text.
    SameWords,
    HalfTheWordsShared,
    SomeWordsShared,
    NoWordShared,
    /// Any kind: no agreement at all.
    Different,
}

impl fmt::Display for LevelName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use LevelName::*;
        let long = |l: &bool| if *l { " (3+ parts)" } else { "" };
        let plural =
            |n: u32, one: &'static str, many: &'static str| if n == 1 { one } else { many };
        let text = match self {
            Missing => "missing".to_string(),
            SameNames { long: l } => format!("same names{}", long(l)),
            SameNamesSomeMissing { long: l } => format!("same names, some missing{}", long(l)),
            AllPartsAlike { long: l } => format!("all parts alike{}", long(l)),
            SameNamesBySound { long: l } => format!("same names by sound{}", long(l)),
            SameNamesBySoundSomeMissing { long: l } => {
                format!("same names by sound, some missing{}", long(l))
            }
            FirstAndOtherPartsAlike => "first and other parts alike".to_string(),
            SeveralPartsAlike => "several parts alike".to_string(),
            OnePartAlike => "one part alike".to_string(),
            SameDay => "same day".to_string(),
            WithinDays(d) => format!("within {d} {}", plural(*d, "day", "days")),
            DayAndMonthSwapped => "day and month swapped".to_string(),
            Overlapping => "overlapping".to_string(),
            WithinYears(y) => format!("within {y} {}", plural(*y, "year", "years")),
            Same => "same".to_string(),
            WithinEdits(e) => format!("within {e} {}", plural(*e, "edit", "edits")),
            AlikeAtLeast(t) => format!("Jaro-Winkler {:.2} or more", f64::from(*t) / 1000.0),
            SamePlace => "same place".to_string(),
            SimilarPlace => "similar place".to_string(),
            SameColumn(column) => format!("same {column}"),
            SameDownToLevel(k) => format!("same down to level {k}"),
            SameWords => "same words".to_string(),
            HalfTheWordsShared => "half the words shared".to_string(),
            SomeWordsShared => "some words shared".to_string(),
            NoWordShared => "no word shared".to_string(),
            Different => "different".to_string(),
        };
        // `pad`, so that a width (`{:<32}`) applies.
        f.pad(&text)
    }
}

/// Places deeper than this compare as if they stopped here (levels fit in four bits).
pub(crate) const MAX_DEPTH: usize = 10;

/// The levels of field `f` (from level 1), in order; see the `compare` module for how
/// each is reached.
pub(crate) fn level_names(f: &Field, column: &Column) -> Vec<LevelName> {
    use LevelName::*;
    match f.kind {
        FieldKind::Name => vec![
            SameNames { long: false },
            SameNamesSomeMissing { long: false },
            AllPartsAlike { long: false },
            FirstAndOtherPartsAlike,
            SeveralPartsAlike,
            OnePartAlike,
            Different,
            SameNames { long: true },
            SameNamesSomeMissing { long: true },
            AllPartsAlike { long: true },
            SameNamesBySound { long: false },
            SameNamesBySound { long: true },
            SameNamesBySoundSomeMissing { long: false },
            SameNamesBySoundSomeMissing { long: true },
        ],
        FieldKind::Date => {
            let mut l = vec![SameDay];
            if let Some(&d) = f.within_days.first() {
                l.push(WithinDays(d));
            }
            l.push(DayAndMonthSwapped);
            l.push(Overlapping);
            l.extend(f.within_days.iter().skip(1).map(|&d| WithinDays(d)));
            l.push(Different);
            l
        }
        FieldKind::Age => {
            let mut l = vec![Same, Overlapping];
            l.extend(f.within_years.iter().map(|&y| WithinYears(y)));
            l.push(Different);
            l
        }
        FieldKind::Sex => vec![Same, Different],
        FieldKind::Exact => {
            let mut l = vec![Same];
            l.extend(f.within_edits.iter().map(|&e| WithinEdits(e)));
            l.extend(
                f.jaro_winkler
                    .iter()
                    .map(|&j| AlikeAtLeast((j * 1000.0).round() as u32)),
            );
            l.push(Different);
            l
        }
        FieldKind::Place => {
            let depth = match column {
                Column::Place(p) => p.depth.clamp(1, MAX_DEPTH),
                _ => 1,
            };
            let mut l = vec![SamePlace, SimilarPlace];
            for k in (1..depth).rev() {
                l.push(
                    match (f.columns.len() == depth).then(|| &f.columns[k - 1]) {
                        Some(col) => SameColumn(col.clone()),
                        None => SameDownToLevel(k),
                    },
                );
            }
            l.push(Different);
            l
        }
        FieldKind::Text => vec![SameWords, HalfTheWordsShared, SomeWordsShared, NoWordShared],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The English labels are the command line's and the benchmarks' words: kept as
    /// they were before levels had names of their own.
    #[test]
    fn english_labels_read_as_before() {
        assert_eq!(
            LevelName::SameNames { long: true }.to_string(),
            "same names (3+ parts)"
        );
        assert_eq!(
            LevelName::SameNamesBySoundSomeMissing { long: false }.to_string(),
            "same names by sound, some missing"
        );
        assert_eq!(LevelName::WithinDays(1).to_string(), "within 1 day");
        assert_eq!(LevelName::WithinYears(5).to_string(), "within 5 years");
        assert_eq!(
            LevelName::SameColumn("district".into()).to_string(),
            "same district"
        );
        assert_eq!(format!("{:<12}|", LevelName::Different), "different   |");
    }
}

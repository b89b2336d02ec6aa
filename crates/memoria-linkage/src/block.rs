//! Blocking: which pairs of records are compared at all.
//!
//! Each rule makes keys for every record (a record may have several: one per name part
//! with `name:parts`, none when a field it needs is missing); records sharing a key are
//! candidate pairs. The rules are combined by union. Everything is done by sorting
//! `(key, record)` entries, never with a map per record, and the pairs are `u64`s
//! (`a << 32 | b`, `a < b`), sorted and free of repeats.
//!
//! Before any pair is made, each rule's pairs are *counted* from its block sizes, and a
//! rule that would make more than the limit is refused with advice; so is a rule with
//! no key, which would compare everyone with everyone. Then the union is made rule by
//! rule and checked against the limit too. The [`BlockingReport`] says how many pairs
//! each rule and the union produce.

use std::fmt;

use crate::error::LinkageError;
use crate::records::{Column, NONE, Records};
use crate::schema::{BlockingRule, FieldKind, KeyHow, Mode, Schema};

/// What blocking found, before any pair is scored.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockingReport {
    pub records: usize,
    /// Every pair the mode allows (what comparing everyone would cost).
    pub all_pairs: u128,
    pub rules: Vec<RuleReport>,
    /// Distinct pairs of all rules together.
    pub union: u64,
}

/// One rule's share.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleReport {
    pub text: String,
    /// Distinct pairs this rule makes.
    pub pairs: u64,
    /// Records with at least one key (the others cannot be found by this rule).
    pub records_keyed: usize,
    /// The most records sharing one key.
    pub largest_block: u64,
}

impl fmt::Display for BlockingReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} records, {} possible pairs",
            self.records, self.all_pairs
        )?;
        for (i, r) in self.rules.iter().enumerate() {
            writeln!(
                f,
                "rule {} ({}): {} pairs, {} records keyed, largest block {}",
                i + 1,
                r.text,
                r.pairs,
                r.records_keyed,
                r.largest_block
            )?;
        }
        write!(f, "union: {} candidate pairs", self.union)
    }
}

/// The pairs of a blocking run, and which rules made each.
pub(crate) struct Blocked {
    pub pairs: Vec<u64>,
    /// Bit r set: rule r made the pair.
    pub rules: Vec<u16>,
    pub report: BlockingReport,
}

/// Rules made from the fields when none are given: names by first and last part; the
/// first date's day with sex or the coarsest place level; name pairs within a year
/// of the first date; name pairs of one age; the last part with the age and the sex.
///
/// Lists give an age where they have no birth date, and an age is worked out from a
/// birth date where the field says so: the pairs by age reach the records that give
/// only an age, which the pairs by the date's year cannot. On synthetic people's
/// names, birth dates, ages and sexes (100,000 records, a quarter with an age and no
/// date), blocking kept 0.930 of the true pairs with both against 0.878 by the date's
/// year alone, for 1.3 times the candidate pairs. (Ages a year apart, `age:near`,
/// kept 0.948 for 2.5 times: 39 million pairs of a million such records, just under
/// the limit.)
///
/// A two-part name with a consonant wrong in its first part shares no pair of parts
/// with the name written right; without a date nothing else brings the two together.
/// The family name with the age and the sex does, in small blocks: 3% more pairs,
/// and 0.939 of the true pairs kept against 0.930.
pub fn default_rules(schema: &Schema) -> Vec<BlockingRule> {
    let first = |kind: FieldKind| {
        schema
            .fields()
            .iter()
            .find(|f| f.kind == kind)
            .map(|f| f.name.clone())
    };
    let mut rules = Vec::new();
    let mut add = |keys: &[String]| {
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        if let Ok(rule) = BlockingRule::parse(schema, &keys) {
            rules.push(rule);
        }
    };
    let name = first(FieldKind::Name);
    let date = first(FieldKind::Date);
    let age = first(FieldKind::Age);
    let sex = first(FieldKind::Sex);
    let place = first(FieldKind::Place);
    if let Some(n) = &name {
        add(&[format!("{n}:first"), format!("{n}:last")]);
    }
    if let Some(d) = &date {
        let mut keys = vec![format!("{d}:day")];
        if let Some(p) = &place {
            keys.push(format!("{p}:1"));
        } else if let Some(s) = &sex {
            keys.push(s.clone());
        }
        add(&keys);
    }
    if let Some(n) = &name {
        if let Some(d) = &date {
            add(&[format!("{n}:pairs"), format!("{d}:year")]);
        }
        if let Some(a) = &age {
            add(&[format!("{n}:pairs"), a.clone()]);
            let mut keys = vec![format!("{n}:last"), a.clone()];
            keys.extend(sex.clone());
            add(&keys);
        }
    }
    rules
}

/// How many pairs the mode allows among `sizes[i]` records of each input.
pub(crate) fn pairs_allowed(mode: Mode, sizes: &[u64]) -> u128 {
    let total: u128 = sizes.iter().map(|&n| u128::from(n)).sum();
    let within: u128 = sizes
        .iter()
        .map(|&n| u128::from(n) * u128::from(n.saturating_sub(1)) / 2)
        .sum();
    let all = total * total.saturating_sub(1) / 2;
    match mode {
        Mode::Link => all - within,
        Mode::Dedupe => within,
        Mode::LinkAndDedupe => all,
    }
}

/// Makes the candidate pairs of `rules`, or refuses.
pub(crate) fn block(
    records: &Records,
    rules: &[BlockingRule],
    mode: Mode,
    max_pairs: u64,
) -> Result<Blocked, LinkageError> {
    let n = records.len();
    let mut sizes = vec![0u64; usize::from(u16::MAX) + 1];
    for r in 0..n {
        sizes[usize::from(records.input_of(r))] += 1;
    }
    let all_pairs = pairs_allowed(mode, &sizes);
    // Keys of every rule first, so that every rule is checked before any pair is made.
    let mut keyed: Vec<(Vec<(u64, u32)>, RuleReport)> = Vec::with_capacity(rules.len());
    // Every rule's keys, sorted, with its count of pairs: rules are independent, so
    // the even ones are made on a second thread.
    let prepare = |rule: &BlockingRule| {
        if rule.parts.is_empty() {
            return None;
        }
        let mut entries = match rule_keys(records, rule, mode, max_pairs / 2) {
            Ok(entries) => entries,
            Err(overflow) => return Some(Err(overflow)),
        };
        entries.sort_unstable();
        entries.dedup();
        let (upper, largest) = count_pairs(records, &entries, mode);
        // How many records have a key: a bit per record (sorting millions of record
        // numbers to count them took as long as making the keys).
        let mut keyed = vec![0u64; records.len().div_ceil(64)];
        for &(_, r) in &entries {
            keyed[r as usize / 64] |= 1 << (r % 64);
        }
        let keyed_records = keyed.iter().map(|w| w.count_ones() as usize).sum::<usize>();
        Some(Ok((entries, upper, largest, keyed_records)))
    };
    let mut prepared: Vec<Option<_>> = std::thread::scope(|s| {
        let odd = s.spawn(|| {
            rules
                .iter()
                .skip(1)
                .step_by(2)
                .map(&prepare)
                .collect::<Vec<_>>()
        });
        let even: Vec<_> = rules.iter().step_by(2).map(&prepare).collect();
        let odd = odd.join().expect("a blocking thread panicked");
        let mut all = Vec::with_capacity(rules.len());
        let (mut e, mut o) = (even.into_iter(), odd.into_iter());
        for i in 0..rules.len() {
            all.push(if i % 2 == 0 { e.next() } else { o.next() }.flatten());
        }
        all
    });
    for (i, rule) in rules.iter().enumerate() {
        if rule.parts.is_empty() {
            return Err(LinkageError::EveryoneWithEveryone {
                rule: i + 1,
                text: rule.text.clone(),
            });
        }
        let (entries, upper, largest, keyed_records) = match prepared[i]
            .take()
            .expect("every rule's keys are made")
        {
            Ok(made) => made,
            Err(overflow) => {
                let what = match overflow {
                    KeyOverflow::OneRecord(n) => format!(
                        "gives one record {n} keys, more than the {MAX_KEYS_PER_RECORD} a rule may give a record"
                    ),
                    KeyOverflow::InAll(n) => {
                        format!("gives the records more than {n} keys in all (half of max_pairs)")
                    }
                };
                return Err(LinkageError::RuleTooManyKeys {
                    rule: i + 1,
                    text: rule.text.clone(),
                    what,
                });
            }
        };
        if upper > max_pairs {
            return Err(LinkageError::RuleTooBroad {
                rule: i + 1,
                text: rule.text.clone(),
                pairs: upper,
                limit: max_pairs,
                largest_block: largest,
            });
        }
        keyed.push((
            entries,
            RuleReport {
                text: rule.text.clone(),
                pairs: 0,
                records_keyed: keyed_records,
                largest_block: largest,
            },
        ));
    }
    let mut union: Vec<u64> = Vec::new();
    let mut masks: Vec<u16> = Vec::new();
    let mut reports = Vec::with_capacity(rules.len());
    // Each rule's pairs, made and sorted two rules at a time (they are independent),
    // then merged into the union in order.
    let mut keyed = keyed.into_iter().map(Some).collect::<Vec<_>>();
    let mut made: Vec<Option<Vec<u64>>> = (0..keyed.len()).map(|_| None).collect();
    let make = |entries: Vec<(u64, u32)>| {
        let mut pairs = make_pairs(records, &entries, mode);
        drop(entries);
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    };
    for i in 0..keyed.len() {
        if made[i].is_none() {
            let first = keyed[i].as_mut().map(|k| std::mem::take(&mut k.0));
            let second = keyed
                .get_mut(i + 1)
                .and_then(Option::as_mut)
                .map(|k| std::mem::take(&mut k.0));
            let (x, y) = std::thread::scope(|s| {
                let other = second.map(|e| s.spawn(|| make(e)));
                let x = first.map(make);
                (
                    x,
                    other.map(|h| h.join().expect("a blocking thread panicked")),
                )
            });
            made[i] = x;
            if i + 1 < made.len() {
                made[i + 1] = y;
            }
        }
        let mut report = keyed[i].take().map(|k| k.1).expect("each rule once");
        let pairs = made[i].take().unwrap_or_default();
        report.pairs = pairs.len() as u64;
        reports.push(report);
        // Merge into the union, both sorted.
        let mut merged = Vec::with_capacity(union.len() + pairs.len());
        let mut merged_masks = Vec::with_capacity(union.len() + pairs.len());
        let bit = 1u16 << i;
        let (mut x, mut y) = (0, 0);
        while x < union.len() || y < pairs.len() {
            if y == pairs.len() || (x < union.len() && union[x] < pairs[y]) {
                merged.push(union[x]);
                merged_masks.push(masks[x]);
                x += 1;
            } else if x == union.len() || pairs[y] < union[x] {
                merged.push(pairs[y]);
                merged_masks.push(bit);
                y += 1;
            } else {
                merged.push(union[x]);
                merged_masks.push(masks[x] | bit);
                x += 1;
                y += 1;
            }
        }
        union = merged;
        masks = merged_masks;
        if union.len() as u64 > max_pairs {
            return Err(LinkageError::TooManyPairs {
                pairs: union.len() as u64,
                limit: max_pairs,
            });
        }
    }
    Ok(Blocked {
        report: BlockingReport {
            records: n,
            all_pairs,
            rules: reports,
            union: union.len() as u64,
        },
        pairs: union,
        rules: masks,
    })
}

fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// The most keys one rule may give one record. A rule's keys are every combination of
/// its parts' keys, so two parts with many values multiply: words by words can give a
/// record 4,096 keys, and a million such records would need tens of gigabytes before a
/// single pair was counted. The default rules give at most 28 (pairs of eight name parts).
pub(crate) const MAX_KEYS_PER_RECORD: usize = 1024;

/// Why a rule's keys were not all made: one record would get more than
/// [`MAX_KEYS_PER_RECORD`], or all records more than the limit given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyOverflow {
    OneRecord(usize),
    InAll(usize),
}

/// Every `(key, record)` of one rule, or the overflow that stopped it before its memory
/// ran away (at most `max_entries` entries are ever held). In dedupe mode the input is
/// part of the key, so that only records of one input meet.
fn rule_keys(
    records: &Records,
    rule: &BlockingRule,
    mode: Mode,
    max_entries: u64,
) -> Result<Vec<(u64, u32)>, KeyOverflow> {
    let max_entries = usize::try_from(max_entries).unwrap_or(usize::MAX);
    let mut out = Vec::with_capacity(records.len().min(max_entries));
    let mut current: Vec<u64> = Vec::new();
    let mut next: Vec<u64> = Vec::new();
    let mut part_keys: Vec<u64> = Vec::new();
    for r in 0..records.len() {
        current.clear();
        current.push(if mode == Mode::Dedupe {
            mix(0x9e37_79b9, u64::from(records.input_of(r)))
        } else {
            0x9e37_79b9
        });
        for (k, part) in rule.parts.iter().enumerate() {
            part_keys.clear();
            keys_of(records, part.field, part.how, r, &mut part_keys);
            let combinations = current.len().saturating_mul(part_keys.len());
            if combinations > MAX_KEYS_PER_RECORD {
                return Err(KeyOverflow::OneRecord(combinations));
            }
            next.clear();
            for &h in &current {
                for &v in &part_keys {
                    next.push(mix(mix(h, k as u64), v));
                }
            }
            std::mem::swap(&mut current, &mut next);
            if current.is_empty() {
                break;
            }
        }
        if out.len() + current.len() > max_entries {
            return Err(KeyOverflow::InAll(max_entries));
        }
        for &h in &current {
            out.push((h, r as u32));
        }
    }
    Ok(out)
}

/// The keys one part of a rule gives record `r` (none when the value is missing).
fn keys_of(records: &Records, field: usize, how: KeyHow, r: usize, out: &mut Vec<u64>) {
    const SKEL: u64 = 1 << 40;
    match (&records.columns[field], how) {
        (Column::Name(p), _) => {
            let parts = p.of(r);
            if parts.is_empty() {
                return;
            }
            let key = |t: u32| match p.skel[t as usize] {
                NONE => u64::from(t),
                s => SKEL | u64::from(s),
            };
            let full: Vec<u32> = parts
                .iter()
                .copied()
                .filter(|&t| !p.initial[t as usize])
                .collect();
            let whole = if full.is_empty() { parts } else { &full };
            match how {
                KeyHow::NameFirst => out.push(key(parts[0])),
                KeyHow::NameLast => out.push(key(parts[parts.len() - 1])),
                KeyHow::NameParts => out.extend(whole.iter().map(|&t| key(t))),
                _ => {
                    if whole.len() == 1 {
                        out.push(key(whole[0]));
                    }
                    for i in 0..whole.len() {
                        for j in i + 1..whole.len() {
                            let (x, y) = (key(whole[i]), key(whole[j]));
                            out.push(mix(x.min(y), x.max(y)));
                        }
                    }
                }
            }
            out.sort_unstable();
            out.dedup();
        }
        (Column::Text(p), _) => out.extend(p.of(r).iter().map(|&t| u64::from(t))),
        (Column::Date(s), how) => {
            let span = s[r];
            if span.is_missing() {
                return;
            }
            let (lo, hi) = (
                memoria_core::edtf::Day::from_days(i64::from(span.lo)),
                memoria_core::edtf::Day::from_days(i64::from(span.hi)),
            );
            match how {
                KeyHow::DateDay if span.is_day() => out.push(span.lo as u64),
                KeyHow::DateMonth if (lo.year, lo.month) == (hi.year, hi.month) => {
                    out.push((lo.year as u64) << 8 | u64::from(lo.month))
                }
                KeyHow::DateYear if lo.year == hi.year => out.push(lo.year as u64),
                _ => {}
            }
        }
        (Column::Age(s), how) => {
            if !s[r].is_missing() && s[r].lo == s[r].hi {
                let a = u64::from(s[r].lo);
                if how == KeyHow::AgeNear {
                    // Ages a and a + 1 share a / 2 or (a + 1) / 2. An odd age holds
                    // both keys, so it also meets the ages two apart on either side.
                    out.push(a / 2);
                    if a.div_ceil(2) != a / 2 {
                        out.push(a.div_ceil(2));
                    }
                } else {
                    out.push(a);
                }
            }
        }
        (Column::Sex(s), _) => {
            if s[r] != 0 {
                out.push(u64::from(s[r]));
            }
        }
        (Column::Place(p), KeyHow::PlaceLevel(level)) => {
            let path = p.of(r);
            let at = if level == u8::MAX {
                path.len()
            } else {
                usize::from(level)
            };
            if at >= 1 && at <= path.len() {
                out.push(u64::from(path[at - 1]));
            }
        }
        (Column::Place(_), _) => {}
        (Column::Exact { values, .. }, _) => {
            if values[r] != NONE {
                out.push(u64::from(values[r]));
            }
        }
    }
}

/// Blocks as runs of equal keys in sorted entries.
fn blocks(entries: &[(u64, u32)]) -> impl Iterator<Item = &[(u64, u32)]> {
    entries.chunk_by(|x, y| x.0 == y.0)
}

/// An upper bound of the pairs a rule makes (before repeats across keys are removed),
/// and its largest block.
fn count_pairs(records: &Records, entries: &[(u64, u32)], mode: Mode) -> (u64, u64) {
    let mut total = 0u64;
    let mut largest = 0u64;
    let mut per_input: Vec<(u16, u64)> = Vec::new();
    for block in blocks(entries) {
        let n = block.len() as u64;
        largest = largest.max(n);
        if n < 2 {
            continue;
        }
        let pairs = match mode {
            Mode::Dedupe | Mode::LinkAndDedupe => n * (n - 1) / 2,
            Mode::Link => {
                per_input.clear();
                for &(_, r) in block {
                    let input = records.input_of(r as usize);
                    match per_input.iter_mut().find(|(i, _)| *i == input) {
                        Some((_, c)) => *c += 1,
                        None => per_input.push((input, 1)),
                    }
                }
                let within: u64 = per_input.iter().map(|&(_, c)| c * (c - 1) / 2).sum();
                n * (n - 1) / 2 - within
            }
        };
        total = total.saturating_add(pairs);
    }
    (total, largest)
}

fn make_pairs(records: &Records, entries: &[(u64, u32)], mode: Mode) -> Vec<u64> {
    let mut pairs = Vec::new();
    let mut by_input: Vec<(u16, u32)> = Vec::new();
    let pair = |a: u32, b: u32| u64::from(a.min(b)) << 32 | u64::from(a.max(b));
    for block in blocks(entries) {
        if block.len() < 2 {
            continue;
        }
        if mode != Mode::Link {
            // Entries are sorted by record within a block, so a < b.
            for (i, &(_, a)) in block.iter().enumerate() {
                for &(_, b) in &block[i + 1..] {
                    pairs.push(pair(a, b));
                }
            }
            continue;
        }
        // Across inputs only: group the block by input, so that a block of a million
        // records of one list and one of another costs a million steps, not 10^12.
        by_input.clear();
        by_input.extend(
            block
                .iter()
                .map(|&(_, r)| (records.input_of(r as usize), r)),
        );
        by_input.sort_unstable();
        let groups: Vec<&[(u16, u32)]> = by_input.chunk_by(|x, y| x.0 == y.0).collect();
        for (g, first) in groups.iter().enumerate() {
            for second in &groups[g + 1..] {
                for &(_, a) in *first {
                    for &(_, b) in *second {
                        pairs.push(pair(a, b));
                    }
                }
            }
        }
    }
    pairs
}

//! Comparing two records field by field: each compared field gives a *level* (how
//! alike the two values are, from "same" down to "different"; 0 when either is
//! missing) and, at levels of agreement, a term-frequency adjustment in bits.
//!
//! The levels per kind:
//!
//! - **name**: parts are paired regardless of order — equal parts first, then parts with
//!   the same Latin skeleton (محمد / Mohammed; not between two parts in Arabic script,
//!   whose letters are written out, and one skeleton holds محمد and محمود), then the same
//!   dotless Arabic form (rasm), then parts alike by Jaro–Winkler (of the text or of the
//!   rasm), then parts in different scripts whose skeletons are one edit apart (خالد /
//!   Khale: a typo across a transliteration), then initials with parts they begin.
//!   Levels: same names; same names with some missing (a shorter patronymic chain, one
//!   surname of two); same names by sound (every part paired with one of the same id or
//!   skeleton), and by sound with some missing; all parts alike; the first part and
//!   others alike; several parts alike; one part alike; different. All but the last four
//!   are split by the length of the shorter name: two names of three parts or more
//!   agreeing by chance is far rarer than two names of one or two parts (a common given
//!   name and surname), and one u for both would undervalue the agreement of long names
//!   (Arabic patronymic chains) and overvalue that of short ones.
//! - **date**: same day; within the first band (1 day); day and month swapped;
//!   overlapping (when either is less precise than a day); within each further band;
//!   different.
//! - **age**: same; overlapping spans (`40s`); within each band; different.
//! - **sex**, **exact**: same; different.
//! - **place**: one comparison for the whole hierarchy, so that a person who moved
//!   (several levels changing together) counts once, not once per level: same place;
//!   the same parent and a similar last level (a typo); the same down to each level;
//!   different.
//! - **text**: same words; half the words shared; some shared; none.
//!
//! Term frequency: agreeing on a rare value is stronger evidence than on a common one.
//! The adjustment is `centre − log2 tf(value)`, clamped to ±[`TF_CAP`] bits, where
//! `tf` is the share of records holding the value (for names: the rarest part the two
//! names share, counted by skeleton) and `centre` is `log2` of the mean `tf` over the
//! records, which is `log2 Σ tf²`: the chance that two random records agree at all. A
//! random pair agrees on `v` with chance `tf(v)²`, a true pair with chance about `tf(v)`,
//! so agreeing on `v` is worth `log2(m / tf(v))` bits, which is the level's
//! `log2(m / u)` plus this adjustment. (The mean of `log2 tf` would be lower than
//! `log2` of the mean by Jensen's inequality, and ever lower as the records grow, since
//! every typo makes a value held once: agreements would be undervalued more at a
//! million records than at a hundred thousand, and recall would fall with size.)
//!
//! For names the centre is taken per level, once the model is known (see
//! `name_centres` in the linkage): same names share the record's rarest part, but names
//! that share one part mostly share a given name, far commoner. With one centre for
//! all, every pair sharing a given name was held 4–6 bits below what it is worth, and
//! more so as records grow: more people bring more family names, which makes the rarest
//! parts rarer and the centre lower, while given names stay as common.
//!
//! Fields that move together are not counted as independent: family names run in places,
//! so two strangers who share one share a country far more often than two records at
//! random. Between records whose names share a part, agreeing on the place's first level
//! is worth what it is among that part's holders, not among all records (see
//! `place_given_name`, below). In a world that grows by countries with families of their
//! own, a shared family name and a shared country were otherwise counted as two pieces of
//! evidence where they are nearly one, and more so the more countries the records span:
//! at a million records in sixty countries, pairs with the same names, a different age
//! and the same country were 76 true of 2,457 where the model expected 793.
//!
//! Initials pair with parts they begin, but an initial standing for the other name's
//! last part while a whole part is left over is not counted ("Mary B. Wirtford" and
//! "Mary Bruckford" share "Mary", not every part): that was the commonest way for two
//! strangers to reach "all parts alike", five times in six at a million records.

use crate::level::{LevelName, MAX_DEPTH, level_names};
use crate::name::MAX_PARTS;
use crate::records::{Column, NONE, Parts, Places, Records};
use crate::schema::{FieldKind, Mode};
use crate::value::{AgeSpan, DaySpan};

/// The largest term-frequency adjustment, in bits, either way: a bound on what one
/// value's rarity can do, for values seen once (typos) whose share says little. (At 4
/// bits, with the centres per level, it held back 19% of true pairs at a million
/// records against 13% at a hundred thousand in the growing world, seed 3: rare family names get rarer as people
/// grow in number, and a bound that binds more at scale costs recall at scale.)
pub const TF_CAP: f32 = 6.0;

/// Levels are packed four bits each into a `u64`: at most 16 comparisons of at most 15
/// levels (level 0 is "missing").
pub(crate) fn level_of(pattern: u64, c: usize) -> u8 {
    ((pattern >> (4 * c)) & 0xF) as u8
}

/// One compared field.
#[derive(Debug)]
pub(crate) struct Comparison {
    pub field: usize,
    pub kind: FieldKind,
    pub fuzzy: f64,
    pub days: Vec<u32>,
    pub years: Vec<u32>,
    /// Exact values: the bands of edits apart, then of Jaro–Winkler similarity, each a
    /// level after "same" (see [`exact_level`]).
    pub edits: Vec<u32>,
    pub jaro_winkler: Vec<f64>,
    /// Level `l` (from 1) means `names[l - 1]`.
    pub names: Vec<LevelName>,
    /// Per interned value: `log2 tf`, when the field has a term-frequency adjustment.
    pub log_tf: Vec<f32>,
    /// `log2` of the chance that two records at random agree on a value (for places,
    /// end at the same node): adjustments are `centre − log2 tf` (see
    /// `term_frequencies`).
    pub centre: f32,
    /// Names: per level (from 1), the centre its adjustments are taken from, once
    /// estimated (see `name_centres` in the linkage); empty until then, when every
    /// level uses `centre`.
    pub level_centres: Vec<f32>,
    /// Names: the share of records whose name has three parts or more.
    pub long_names: f64,
    /// Ages: the birth-date field they may be worked out from. When both records have
    /// a birth date, the age says nothing more and is not counted twice.
    pub born: Option<usize>,
    /// Places: per part of the name comparison [`Comparer::apart`] (by its id), the
    /// bits an agreement on the place's first level, and a disagreement, are worth
    /// beyond the level's own between two records whose names share that part (see
    /// `place_given_name`). Empty when there is no such name.
    pub given_name: Vec<(f32, f32)>,
}

impl Comparison {
    pub fn levels(&self) -> usize {
        self.names.len()
    }

    /// The term-frequency adjustment at `level` of a value of `log2 tf` `log_tf`.
    pub fn adjustment(&self, level: u8, log_tf: f32) -> f32 {
        let centre = match self.level_centres.get(usize::from(level).wrapping_sub(1)) {
            Some(&c) => c,
            None => self.centre,
        };
        (centre - log_tf).clamp(-TF_CAP, TF_CAP)
    }
}

/// A candidate pair compared: the levels, the term-frequency adjustments of every
/// comparison but [`Comparer::apart`], and that one's value's `log2 tf` (NaN when it
/// has none), so that its adjustment can be taken again from a centre per level.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Compared {
    pub pattern: u64,
    pub tf: f32,
    pub rarity: f32,
}

/// One name part, with everything comparing it needs in one place. All but its
/// characters are copied into the rows ([`PART_WORDS`] each), so that comparing two
/// names reads only their rows; the characters are read only for Jaro–Winkler.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    /// The Latin skeleton's id, or [`NONE`].
    skel: u32,
    /// The dotless Arabic form's id, or [`NONE`] for other scripts.
    rasm: u32,
    /// The characters, at `chars[text..text + len]` of the field's character arena.
    text: u32,
    len: u32,
    /// The dotless form's characters, likewise.
    rasm_text: u32,
    rasm_len: u32,
    /// A bit per character (hashed to 64; of the dotless form for Arabic), for a
    /// bound on Jaro–Winkler.
    bits: u64,
    /// `log2 tf` (0 when the field has no term-frequency adjustment).
    log_tf: f32,
    /// The part's own id (in the field's vocabulary).
    id: u32,
    /// The first character, as a number.
    first: u32,
    initial: bool,
}

/// How many `u32`s a name part takes in a row: everything comparing it needs but its
/// characters, so that comparing two names reads only their rows.
const PART_WORDS: usize = 8;

/// How many pairs' rows [`Comparer::compare_in_turn`] fetches from memory together:
/// 16 was faster than 8 and 32 at a million records.
const FETCHED_TOGETHER: usize = 16;

/// Words of a row in a cache line of 64 bytes.
const WORDS_PER_LINE: usize = 16;

impl Token {
    fn write(&self, out: &mut [u32]) {
        out[0] = self.id;
        out[1] = self.skel;
        out[2] = self.rasm;
        out[3] = self.len | u32::from(self.initial) << 31;
        out[4] = self.first;
        out[5] = self.bits as u32;
        out[6] = (self.bits >> 32) as u32;
        out[7] = self.log_tf.to_bits();
    }
}

/// The parts of a name as its row holds them ([`PART_WORDS`] each, as
/// [`Token::write`] puts them), read in place: comparing two names copies nothing, and
/// most pairs look at only a few words of each part.
#[derive(Clone, Copy)]
struct RowParts<'a>(&'a [u32]);

impl RowParts<'_> {
    fn count(self) -> usize {
        self.0.len() / PART_WORDS
    }

    fn word(self, i: usize, k: usize) -> u32 {
        self.0[PART_WORDS * i + k]
    }

    fn id(self, i: usize) -> u32 {
        self.word(i, 0)
    }

    fn skel(self, i: usize) -> u32 {
        self.word(i, 1)
    }

    fn rasm(self, i: usize) -> u32 {
        self.word(i, 2)
    }

    /// The number of characters and the character bits, for [`jaro_winkler_bound`].
    fn shape(self, i: usize) -> (u32, u64) {
        (
            self.word(i, 3) & !(1 << 31),
            u64::from(self.word(i, 5)) | u64::from(self.word(i, 6)) << 32,
        )
    }

    fn initial(self, i: usize) -> bool {
        self.word(i, 3) >> 31 != 0
    }

    fn first(self, i: usize) -> u32 {
        self.word(i, 4)
    }

    fn log_tf(self, i: usize) -> f32 {
        f32::from_bits(self.word(i, 7))
    }
}

/// The name parts of one name field, ready to compare.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    tokens: Vec<Token>,
    chars: Vec<char>,
    /// The Latin skeletons, by their id ([`Token::skel`]): each one's start and end in
    /// `skel_bytes`.
    skels: Vec<(u32, u32)>,
    skel_bytes: Vec<u8>,
    /// A number no other table of parts has, for the cache of similarities.
    serial: u64,
}

/// Per place node, where its last level's characters sit in the characters that follow.
type Leaves = (Vec<(u32, u32)>, Vec<char>);

/// Where a comparison's values sit in a record's row.
#[derive(Clone, Copy, Debug)]
enum Slot {
    /// `[count, where the parts start in the row]`, the parts (each [`PART_WORDS`])
    /// after every fixed-size slot; `tokens` indexes [`Comparer::tokens`].
    Name {
        at: usize,
        tokens: usize,
    },
    /// Read from the column itself (texts may have many words).
    Text,
    /// `[lo, hi]` as `i32`s.
    Date {
        at: usize,
    },
    /// `lo | hi << 8 | (both dates present: 1) << 16`.
    Age {
        at: usize,
    },
    Sex {
        at: usize,
    },
    /// `[count, last node, node…]` (at most [`MAX_DEPTH`] nodes); `leaves` indexes
    /// [`Comparer::leaves`].
    Place {
        at: usize,
        leaves: usize,
    },
    Exact {
        at: usize,
    },
}

/// Compares records of one [`Records`].
///
/// Every record's compared values are copied into one row of `u32`s, so that
/// comparing a pair reads two rows (a cache line or two each) rather than a dozen
/// columns scattered over memory; name parts carry their comparison data in one
/// [`Token`] each. A row holds the fixed-size values first, then the parts of its
/// names, as many as it has: rows are packed one after another, with no room kept for
/// the longest name. At a million records that halves the rows (300 to 140 bytes on
/// average), and fetching the other record's row is most of the cost of a pair.
pub(crate) struct Comparer<'r> {
    pub records: &'r Records,
    pub comps: Vec<Comparison>,
    slots: Vec<Slot>,
    rows: Vec<u32>,
    /// Record `r`'s row starts at `rows[place[r]]`: rows are laid out in the order of
    /// the records' names (last part, then first), so that the records a blocking rule
    /// on names pairs sit near each other in memory.
    place: Vec<usize>,
    /// The records in the order of their rows.
    by_row: Vec<u32>,
    tokens: Vec<Tokens>,
    /// Per place field, per node: its last level's characters.
    leaves: Vec<Leaves>,
    /// The name comparison (the first with a term-frequency adjustment) whose rarity
    /// [`Comparer::compare_all`] keeps apart.
    pub apart: Option<usize>,
}

/// The comparisons of `records` (levels and their names, term frequencies), without the rows.
pub(crate) fn comparisons(records: &Records) -> Vec<Comparison> {
    let mut comps = Vec::new();
    for (i, f) in records.schema().fields().iter().enumerate() {
        if !f.compare {
            continue;
        }
        let names = level_names(f, &records.columns[i]);
        let (log_tf, centre) = if f.term_frequency {
            term_frequencies(&records.columns[i], records.len())
        } else {
            (Vec::new(), 0.0)
        };
        let long_names = match &records.columns[i] {
            Column::Name(p) => {
                let long = (0..records.len()).filter(|&r| p.of(r).len() >= 3).count();
                long as f64 / f64::from(p.present.max(1))
            }
            _ => 0.0,
        };
        comps.push(Comparison {
            long_names,
            field: i,
            kind: f.kind,
            fuzzy: f.fuzzy,
            days: f.within_days.clone(),
            years: f.within_years.clone(),
            edits: f.within_edits.clone(),
            jaro_winkler: f.jaro_winkler.clone(),
            names,
            log_tf,
            centre,
            level_centres: Vec::new(),
            given_name: Vec::new(),
            born: f
                .age_from
                .as_ref()
                .and_then(|b| records.schema().position(b)),
        });
    }
    comps
}

/// How many levels each compared field has (without counting term frequencies).
pub(crate) fn level_counts(records: &Records) -> Vec<(usize, usize)> {
    records
        .schema()
        .fields()
        .iter()
        .enumerate()
        .filter(|(_, f)| f.compare)
        .map(|(i, f)| (i, level_names(f, &records.columns[i]).len()))
        .collect()
}

/// The records in the order of their rows: sorted by the skeletons of the last and first
/// parts of their first compared name (in the order pushed when there is none).
fn layout(records: &Records, comps: &[Comparison]) -> Vec<u32> {
    let n = records.len();
    let name = comps.iter().find_map(|c| match &records.columns[c.field] {
        Column::Name(p) => Some(p),
        _ => None,
    });
    let Some(p) = name else {
        return (0..n as u32).collect();
    };
    let key = |t: u32| match p.skel[t as usize] {
        NONE => u64::from(t) | 1 << 32,
        s => u64::from(s),
    };
    let mut order: Vec<(u64, u64, u32)> = (0..n)
        .map(|r| {
            let parts = p.of(r);
            match (parts.first(), parts.last()) {
                (Some(&f), Some(&l)) => (key(l), key(f), r as u32),
                _ => (u64::MAX, u64::MAX, r as u32),
            }
        })
        .collect();
    order.sort_unstable();
    order.into_iter().map(|(_, _, r)| r).collect()
}

impl Tokens {
    /// The Jaro–Winkler similarity of parts `x` and `y`, the better of their text's
    /// and (both Arabic) their dotless forms'; remembered per thread, since the same
    /// parts meet again and again.
    fn similarity(&self, x: u32, y: u32) -> f64 {
        const SLOTS: usize = 1 << 13;
        thread_local! {
            static SEEN: std::cell::RefCell<Vec<(u64, u64, f64)>> =
                const { std::cell::RefCell::new(Vec::new()) };
        }
        let key = u64::from(x) << 32 | u64::from(y);
        let me = self.serial;
        let slot =
            (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - SLOTS.trailing_zeros())) as usize;
        SEEN.with(|seen| {
            let mut seen = seen.borrow_mut();
            if seen.is_empty() {
                seen.resize(SLOTS, (0, u64::MAX, 0.0));
            }
            let (owner, k, sim) = seen[slot];
            if owner == me && k == key {
                return sim;
            }
            let sim = self.compute_similarity(x, y);
            seen[slot] = (me, key, sim);
            sim
        })
    }

    /// Whether two different skeletons are one edit apart (a letter added, dropped,
    /// changed, or two swapped), begin alike, and one has three letters or more: two
    /// letters apart by one change are any two short names. Beginning alike takes g
    /// and j as one: Egyptian spellings write ج as g (Gamal / جمال, jml).
    fn skeletons_alike(&self, x: u32, y: u32) -> bool {
        let bytes = |s: u32| {
            let (at, end) = self.skels[s as usize];
            &self.skel_bytes[at as usize..end as usize]
        };
        let (a, b) = (bytes(x), bytes(y));
        let first = |s: &[u8]| match s.first() {
            Some(b'g') => Some(b'j'),
            c => c.copied(),
        };
        a.len().max(b.len()) >= 3 && first(a) == first(b) && one_edit_apart(a, b)
    }

    fn compute_similarity(&self, x: u32, y: u32) -> f64 {
        let (x, y) = (&self.tokens[x as usize], &self.tokens[y as usize]);
        let text = |t: &Token| &self.chars[t.text as usize..(t.text + t.len) as usize];
        let mut sim = jaro_winkler(text(x), text(y));
        if x.rasm != NONE && y.rasm != NONE {
            let dotless =
                |t: &Token| &self.chars[t.rasm_text as usize..(t.rasm_text + t.rasm_len) as usize];
            sim = sim.max(jaro_winkler(dotless(x), dotless(y)));
        }
        sim
    }
}

fn name_tokens(p: &Parts, log_tf: &[f32]) -> Tokens {
    static SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let mut out = Tokens {
        serial: SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        ..Tokens::default()
    };
    let mut rasm_ids: rustc_hash::FxHashMap<&str, u32> = Default::default();
    for s in &p.skels.strs {
        let at = out.skel_bytes.len() as u32;
        out.skel_bytes.extend_from_slice(s.as_bytes());
        out.skels.push((at, out.skel_bytes.len() as u32));
    }
    out.tokens.reserve(p.vocab.len());
    for t in 0..p.vocab.len() {
        let s: &str = &p.vocab.strs[t];
        let text = out.chars.len() as u32;
        out.chars.extend(s.chars());
        let len = out.chars.len() as u32 - text;
        let r: &str = &p.rasm[t];
        let (rasm, rasm_text, rasm_len) = if r.is_empty() {
            (NONE, 0, 0)
        } else {
            let next = rasm_ids.len() as u32;
            let id = *rasm_ids.entry(r).or_insert(next);
            let at = out.chars.len() as u32;
            out.chars.extend(r.chars());
            (id, at, out.chars.len() as u32 - at)
        };
        out.tokens.push(Token {
            skel: p.skel[t],
            rasm,
            text,
            len,
            rasm_text,
            rasm_len,
            // An Arabic part's bits are those of its dotless form: a character can
            // match only one of the same dotless shape, so one bound then covers both
            // Jaro–Winkler of the text and of the dotless forms (a part without Arabic
            // letters has none that the dotless mapping changes).
            bits: if r.is_empty() {
                p.shape[t].1
            } else {
                crate::records::shape(r).1
            },
            log_tf: log_tf.get(t).copied().unwrap_or(0.0),
            id: t as u32,
            first: s.chars().next().map_or(0, u32::from),
            initial: p.initial[t],
        });
    }
    out
}

fn place_leaves(p: &Places) -> Leaves {
    let mut chars = Vec::new();
    let leaves = p
        .vocab
        .strs
        .iter()
        .map(|s| {
            let leaf = s.rsplit('\u{1f}').next().unwrap_or(s);
            let at = chars.len() as u32;
            chars.extend(leaf.chars());
            (at, chars.len() as u32 - at)
        })
        .collect();
    (leaves, chars)
}

impl<'r> Comparer<'r> {
    pub fn new(records: &'r Records) -> Comparer<'r> {
        let mut comps = comparisons(records);
        let apart = comps
            .iter()
            .position(|c| c.kind == FieldKind::Name && !c.log_tf.is_empty());
        if let Some(name) = apart {
            let name_field = comps[name].field;
            for comp in &mut comps {
                if let (Column::Name(parts), Column::Place(places)) =
                    (&records.columns[name_field], &records.columns[comp.field])
                {
                    comp.given_name = place_given_name(parts, places, records.len());
                }
            }
        }
        let n = records.len();
        let mut slots = Vec::with_capacity(comps.len());
        let mut tokens = Vec::new();
        let mut leaves = Vec::new();
        let mut stride = 0usize;
        for comp in &comps {
            let at = stride;
            let slot = match &records.columns[comp.field] {
                Column::Name(p) => {
                    stride += 2;
                    tokens.push(name_tokens(p, &comp.log_tf));
                    Slot::Name {
                        at,
                        tokens: tokens.len() - 1,
                    }
                }
                Column::Text(_) => Slot::Text,
                Column::Date(_) => {
                    stride += 2;
                    Slot::Date { at }
                }
                Column::Age(_) => {
                    stride += 1;
                    Slot::Age { at }
                }
                Column::Sex(_) => {
                    stride += 1;
                    Slot::Sex { at }
                }
                Column::Place(p) => {
                    let most = (0..n).map(|r| p.of(r).len()).max().unwrap_or(0);
                    stride += 2 + most.min(MAX_DEPTH);
                    leaves.push(place_leaves(p));
                    Slot::Place {
                        at,
                        leaves: leaves.len() - 1,
                    }
                }
                Column::Exact { .. } => {
                    stride += 1;
                    Slot::Exact { at }
                }
            };
            slots.push(slot);
        }
        let fixed = stride;
        let name_parts = |r: usize| -> usize {
            comps
                .iter()
                .map(|c| match &records.columns[c.field] {
                    Column::Name(p) => p.of(r).len().min(MAX_PARTS),
                    _ => 0,
                })
                .sum()
        };
        let by_row = layout(records, &comps);
        let mut place = vec![0usize; n];
        let mut end = 0usize;
        for &r in &by_row {
            place[r as usize] = end;
            end += fixed + PART_WORDS * name_parts(r as usize);
        }
        let mut rows = vec![0u32; end.max(1)];
        // Where the next name's parts go in each row.
        let mut parts_at = vec![fixed; n];
        for (comp, slot) in comps.iter().zip(&slots) {
            let column = &records.columns[comp.field];
            for r in 0..n {
                let row = &mut rows[place[r]..];
                match (slot, column) {
                    (&Slot::Name { at, tokens: t }, Column::Name(p)) => {
                        let parts = p.of(r);
                        let k = parts.len().min(MAX_PARTS);
                        row[at] = k as u32;
                        row[at + 1] = parts_at[r] as u32;
                        for (i, &id) in parts[..k].iter().enumerate() {
                            let w = parts_at[r] + PART_WORDS * i;
                            tokens[t].tokens[id as usize].write(&mut row[w..w + PART_WORDS]);
                        }
                        parts_at[r] += PART_WORDS * k;
                    }
                    (&Slot::Date { at }, Column::Date(s)) => {
                        row[at] = s[r].lo as u32;
                        row[at + 1] = s[r].hi as u32;
                    }
                    (&Slot::Age { at }, Column::Age(s)) => {
                        let dated = comp.born.is_some_and(|born| {
                            matches!(&records.columns[born], Column::Date(d) if !d[r].is_missing())
                        });
                        row[at] =
                            u32::from(s[r].lo) | u32::from(s[r].hi) << 8 | u32::from(dated) << 16;
                    }
                    (&Slot::Sex { at }, Column::Sex(s)) => row[at] = u32::from(s[r]),
                    (&Slot::Place { at, .. }, Column::Place(p)) => {
                        let path = p.of(r);
                        let k = path.len().min(MAX_DEPTH);
                        row[at] = k as u32;
                        row[at + 1] = path.last().copied().unwrap_or(NONE);
                        row[at + 2..at + 2 + k].copy_from_slice(&path[..k]);
                    }
                    (&Slot::Exact { at }, Column::Exact { values, .. }) => row[at] = values[r],
                    _ => {}
                }
            }
        }
        Comparer {
            records,
            comps,
            slots,
            rows,
            place,
            by_row,
            tokens,
            leaves,
            apart,
        }
    }

    /// Calls `each` with [`Comparer::compare_apart`] of every pair, in order.
    ///
    /// At a million records most pairs' second row is not in the cache, and a pair's
    /// comparison waited for it before it could start: a third of the time of names.
    /// So the rows of [`FETCHED_TOGETHER`] pairs are read first, in a loop that does
    /// nothing else, where the processor waits for all of them at once; they are then
    /// compared from the cache. (Reading each row a few pairs ahead, inside the loop
    /// that compares, did not help: the comparisons between kept the reads apart.)
    fn compare_in_turn(
        &self,
        pairs: impl Iterator<Item = (usize, usize)>,
        mut each: impl FnMut(Compared),
    ) {
        let mut batch = [(0, 0); FETCHED_TOGETHER];
        let mut len = 0;
        let mut run = |batch: &[(usize, usize)]| {
            let mixed = batch
                .iter()
                .fold(0, |x, &(a, b)| x ^ self.touch(a) ^ self.touch(b));
            std::hint::black_box(mixed);
            for &(a, b) in batch {
                each(self.compare_apart(a, b));
            }
        };
        for pair in pairs {
            batch[len] = pair;
            len += 1;
            if len == FETCHED_TOGETHER {
                run(&batch);
                len = 0;
            }
        }
        run(&batch[..len]);
    }

    /// The packed levels of every pair, as [`Comparer::compare`] gives them, on
    /// `threads` threads.
    pub fn patterns(&self, pairs: &[(u32, u32)], threads: usize) -> Vec<u64> {
        let part = |part: &[(u32, u32)]| {
            let mut out = Vec::with_capacity(part.len());
            let pairs = part.iter().map(|&(a, b)| (a as usize, b as usize));
            self.compare_in_turn(pairs, |x| out.push(x.pattern));
            out
        };
        crate::par::in_parts(pairs, threads, 10_000, part).concat()
    }

    /// Reads a word of each of the first three cache lines of record `r`'s row (most
    /// rows fit in them) and returns them mixed, to be thrown away: see
    /// [`Comparer::compare_in_turn`].
    fn touch(&self, r: usize) -> u32 {
        let at = self.place[r];
        let end = (at + 3 * WORDS_PER_LINE).min(self.rows.len());
        self.rows[at..end]
            .iter()
            .step_by(WORDS_PER_LINE)
            .fold(0, |x, &w| x ^ w)
    }

    /// Record `r`'s row, and the rows after it (a row's length is in its slots).
    fn row(&self, r: usize) -> &[u32] {
        &self.rows[self.place[r]..]
    }

    /// All comparisons of records `a` and `b`: the packed levels and the sum of the
    /// term-frequency adjustments.
    pub fn compare(&self, a: usize, b: usize) -> (u64, f32) {
        let x = self.compare_apart(a, b);
        let mut tf = x.tf;
        if let Some(c) = self.apart
            && !x.rarity.is_nan()
        {
            tf += self.comps[c].adjustment(level_of(x.pattern, c), x.rarity);
        }
        (x.pattern, tf)
    }

    /// [`Comparer::compare`], with comparison [`Comparer::apart`]'s rarity kept
    /// apart from the other adjustments.
    fn compare_apart(&self, a: usize, b: usize) -> Compared {
        let (ra, rb) = (self.row(a), self.row(b));
        let mut out = Compared {
            pattern: 0,
            tf: 0.0,
            rarity: f32::NAN,
        };
        let mut shared = NONE;
        if let Some(c) = self.apart {
            let (level, log_tf, part) = self.name_rarity(c, ra, rb);
            out.rarity = log_tf;
            shared = part;
            out.pattern |= u64::from(level) << (4 * c);
        }
        for c in 0..self.comps.len() {
            if Some(c) == self.apart {
                continue;
            }
            let (level, adj) = self.compare_rows(c, a, b, ra, rb);
            out.tf += adj + self.given_name(c, level, shared);
            out.pattern |= u64::from(level) << (4 * c);
        }
        out
    }

    /// What comparison `c` at `level` is worth beyond its level and its own
    /// adjustment when the names share part `shared` ([`NONE`] when they share
    /// none): for places, that sharing a name makes sharing a country likelier.
    fn given_name(&self, c: usize, level: u8, shared: u32) -> f32 {
        let comp = &self.comps[c];
        if shared == NONE || level == 0 || comp.given_name.is_empty() {
            return 0.0;
        }
        let (agree, differ) = comp.given_name[shared as usize];
        if usize::from(level) == comp.levels() {
            differ
        } else {
            agree
        }
    }

    /// Name comparison `c` of two rows: its level, the `log2 tf` of the part whose
    /// rarity adjusts it (NaN when none does) and that part ([`NONE`] when none).
    fn name_rarity(&self, c: usize, ra: &[u32], rb: &[u32]) -> (u8, f32, u32) {
        let comp = &self.comps[c];
        let Slot::Name { at, tokens } = self.slots[c] else {
            return (0, f32::NAN, NONE);
        };
        let parts = |row: &[u32]| -> std::ops::Range<usize> {
            let from = row[at + 1] as usize;
            from..from + PART_WORDS * row[at] as usize
        };
        let (level, rarest) =
            compare_names(&self.tokens[tokens], &ra[parts(ra)], &rb[parts(rb)], comp);
        let adjusted = level > 0 && level != NAME_DIFFERENT && rarest != NONE;
        if adjusted && !comp.log_tf.is_empty() {
            (level, comp.log_tf[rarest as usize], rarest)
        } else {
            (level, f32::NAN, NONE)
        }
    }

    /// [`Comparer::compare`] of every pair (`a << 32 | b`, sorted), in the order of
    /// `pairs`, on `threads` threads, with [`Comparer::apart`]'s rarity kept apart.
    ///
    /// The pairs are compared record by record in the order of the rows, not of the
    /// records: a record's pairs are mostly with records of similar names, whose rows
    /// sit near its own, and its neighbours' pairs were compared just before, so those
    /// rows are still in the cache. In the order of the records every pair fetched a
    /// row from memory, and waiting for it was a fifth of the run.
    pub fn compare_all(&self, pairs: &[u64], threads: usize) -> Vec<Compared> {
        let n = self.records.len();
        // Record a's pairs (as the first of the two) are pairs[starts[a]..starts[a + 1]].
        let mut starts = vec![0usize; n + 1];
        for &p in pairs {
            starts[(p >> 32) as usize + 1] += 1;
        }
        for a in 0..n {
            starts[a + 1] += starts[a];
        }
        let by_row = &self.by_row;
        // Rounds of a part per thread, each part with about as many pairs; the results
        // of a round are copied into place before the next, so that only a round's
        // worth is held twice.
        let threads = threads.max(1);
        let parts = if pairs.len() < 10_000 { 1 } else { threads * 8 };
        let per_part = pairs.len().div_ceil(parts).max(1);
        let mut bounds = vec![0usize];
        let mut count = 0;
        for (i, &a) in by_row.iter().enumerate() {
            count += starts[a as usize + 1] - starts[a as usize];
            if count >= per_part {
                bounds.push(i + 1);
                count = 0;
            }
        }
        if *bounds.last().expect("starts at 0") != n {
            bounds.push(n);
        }
        let records: Vec<&[u32]> = bounds.windows(2).map(|w| &by_row[w[0]..w[1]]).collect();
        let compare_part = |part: &[u32]| {
            let mut out = Vec::new();
            let pairs_of = |a: u32| {
                let a = a as usize;
                pairs[starts[a]..starts[a + 1]]
                    .iter()
                    .map(move |&p| (a, (p & 0xFFFF_FFFF) as usize))
            };
            self.compare_in_turn(part.iter().flat_map(|&a| pairs_of(a)), |x| out.push(x));
            out
        };
        let mut compared = vec![Compared::default(); pairs.len()];
        for round in records.chunks(threads) {
            let results: Vec<Vec<Compared>> = if round.len() == 1 {
                vec![compare_part(round[0])]
            } else {
                std::thread::scope(|s| {
                    let handles: Vec<_> = round
                        .iter()
                        .map(|&part| s.spawn(move || compare_part(part)))
                        .collect();
                    handles
                        .into_iter()
                        .map(|h| h.join().expect("a comparison thread panicked"))
                        .collect()
                })
            };
            for (part, out) in round.iter().zip(results) {
                let mut at = 0;
                for &a in *part {
                    let (from, to) = (starts[a as usize], starts[a as usize + 1]);
                    compared[from..to].copy_from_slice(&out[at..at + to - from]);
                    at += to - from;
                }
            }
        }
        compared
    }

    /// Comparison `c` of records `a` and `b`: its level and term-frequency adjustment.
    pub fn compare_one(&self, c: usize, a: usize, b: usize) -> (u8, f32) {
        let (ra, rb) = (self.row(a), self.row(b));
        let (level, adj) = self.compare_rows(c, a, b, ra, rb);
        match self.apart {
            Some(name) if name != c && !self.comps[c].given_name.is_empty() => {
                let shared = self.name_rarity(name, ra, rb).2;
                (level, adj + self.given_name(c, level, shared))
            }
            _ => (level, adj),
        }
    }

    #[inline]
    fn compare_rows<'a>(
        &self,
        c: usize,
        a: usize,
        b: usize,
        ra: &'a [u32],
        rb: &'a [u32],
    ) -> (u8, f32) {
        let comp = &self.comps[c];
        let tf = |value: u32| -> f32 {
            if comp.log_tf.is_empty() || value == NONE {
                0.0
            } else {
                (comp.centre - comp.log_tf[value as usize]).clamp(-TF_CAP, TF_CAP)
            }
        };
        match self.slots[c] {
            Slot::Name { .. } => {
                let (level, log_tf, _) = self.name_rarity(c, ra, rb);
                (
                    level,
                    if log_tf.is_nan() {
                        0.0
                    } else {
                        comp.adjustment(level, log_tf)
                    },
                )
            }
            Slot::Text => match &self.records.columns[comp.field] {
                Column::Text(p) => (compare_words(p.of(a), p.of(b)), 0.0),
                _ => (0, 0.0),
            },
            Slot::Date { at } => {
                let span = |r: &[u32]| DaySpan {
                    lo: r[at] as i32,
                    hi: r[at + 1] as i32,
                };
                (compare_days(span(ra), span(rb), &comp.days), 0.0)
            }
            Slot::Age { at } => {
                let (x, y) = (ra[at], rb[at]);
                if x & y & (1 << 16) != 0 {
                    return (0, 0.0);
                }
                let span = |w: u32| AgeSpan {
                    lo: w as u8,
                    hi: (w >> 8) as u8,
                };
                (compare_ages(span(x), span(y), &comp.years), 0.0)
            }
            Slot::Sex { at } => match (ra[at], rb[at]) {
                (0, _) | (_, 0) => (0, 0.0),
                (x, y) if x == y => (1, 0.0),
                _ => (2, 0.0),
            },
            Slot::Place { at, leaves } => {
                let pa = &ra[at + 2..at + 2 + ra[at] as usize];
                let pb = &rb[at + 2..at + 2 + rb[at] as usize];
                let level = compare_places(&self.leaves[leaves], pa, pb, comp);
                (level, if level == 1 { tf(ra[at + 1]) } else { 0.0 })
            }
            Slot::Exact { at } => match (ra[at], rb[at]) {
                (NONE, _) | (_, NONE) => (0, 0.0),
                (x, y) if x == y => (1, tf(x)),
                (x, y) => match &self.records.columns[comp.field] {
                    Column::Exact { vocab, .. } if comp.levels() > 2 => (
                        exact_level(comp, &vocab.strs[x as usize], &vocab.strs[y as usize]),
                        0.0,
                    ),
                    _ => (comp.levels() as u8, 0.0),
                },
            },
        }
    }
}

/// Per interned value `log2 tf`, and the centre: `log2` of the mean `tf` over the
/// records of their rarest value (names) or of their value, which is the chance that
/// two records at random agree.
///
/// A place's `tf` counts every record whose path passes through it: a record that
/// gives only its country is somewhere in that country, and two such records agreeing
/// is worth what the country is. But "same place" is two records that end at the same
/// node, so the centre is the chance of that, counted by where paths end. Taken from the
/// shares of the nodes they end at, records that give only a region or a country held
/// the centre up by their region's or country's share, and every shared district was
/// worth 1.4 bits more than it is (100,000 records of the growing world: 44 nameless
/// strangers of one age, sex and district expected to be 15, and the model expecting
/// 374 more true pairs among the candidates than there were).
fn term_frequencies(column: &Column, n: usize) -> (Vec<f32>, f32) {
    match column {
        Column::Name(p) => {
            let present = f64::from(p.present.max(1));
            let log_tf: Vec<f32> = (0..p.vocab.len())
                .map(|t| {
                    let count = match p.skel[t] {
                        NONE => p.vocab.count[t],
                        s => p.skels.count[s as usize],
                    };
                    (f64::from(count) / present).log2() as f32
                })
                .collect();
            let mut sum = 0f64;
            for r in 0..n {
                let parts = p.of(r);
                if let Some(min) = parts
                    .iter()
                    .map(|&t| log_tf[t as usize])
                    .min_by(|x, y| x.total_cmp(y))
                {
                    sum += f64::from(min).exp2();
                }
            }
            let centre = (sum / present).log2() as f32;
            (log_tf, centre)
        }
        Column::Place(p) => {
            // Per node: its records' share, those below it included (`log_tf`), and
            // how many records end there.
            let present = f64::from(p.present.max(1));
            let log_tf: Vec<f32> = p
                .vocab
                .count
                .iter()
                .map(|&c| (f64::from(c) / present).log2() as f32)
                .collect();
            let mut ends = vec![0u32; p.vocab.len()];
            for r in 0..n {
                if let Some(&last) = p.of(r).last() {
                    ends[last as usize] += 1;
                }
            }
            let pairs = |c: f64| c * (c - 1.0);
            let same: f64 = ends.iter().map(|&c| pairs(f64::from(c))).sum();
            (log_tf, (same / pairs(present).max(1.0)).log2() as f32)
        }
        Column::Exact { values, vocab } => {
            let present = values.iter().filter(|&&v| v != NONE).count().max(1) as f64;
            let log_tf: Vec<f32> = vocab
                .count
                .iter()
                .map(|&c| (f64::from(c) / present).log2() as f32)
                .collect();
            let sum: f64 = values
                .iter()
                .filter(|&&v| v != NONE)
                .map(|&v| f64::from(log_tf[v as usize]).exp2())
                .sum();
            (log_tf, (sum / present).log2() as f32)
        }
        _ => (Vec::new(), 0.0),
    }
}

/// Pseudo-pairs of a place's first level drawn at its share among all records, added to
/// the pairs of a name part's holders (see [`place_given_name`]): a part held by a
/// handful of records is mostly held by one person's copies, whose places agree for
/// being one person, not for the name; with few holders the correction fades to none.
const GIVEN_NAME_PRIOR_PAIRS: f64 = 1_000.0;

/// Per name part (by id in `names`' vocabulary): the bits agreeing on the first level
/// of `places` (a country, a state) is worth beyond its level's own, and disagreeing,
/// between two records whose names share that part.
///
/// A level's u is the chance that two records at random agree there, as if names and
/// places were unrelated; but family names run in places, so two strangers who share
/// a family name share a country far more often than two at random, and counting
/// both agreements at their own u counts the name's evidence twice. How much more
/// often grows with the data: in a world of sixty countries where each six have
/// family names of their own, sharing a family name makes sharing a country ten times
/// likelier (3.3 bits) than at random, and in a world of six countries not at all.
/// The correction is `log2(u1 / κ)` for an agreement and `log2((1 − u1) / (1 − κ))`
/// for a disagreement, where `u1` is the share of pairs of records that agree on the
/// first level and `κ` that among pairs of records holding the part (counted by
/// skeleton, as term frequencies are), with [`GIVEN_NAME_PRIOR_PAIRS`] pairs at `u1`
/// added. A given name spread over every country gets none.
pub(crate) fn place_given_name(names: &Parts, places: &Places, n: usize) -> Vec<(f32, f32)> {
    let skels = names.skels.len() as u64;
    let key = |t: u32| -> u64 {
        match names.skel[t as usize] {
            NONE => skels + u64::from(t),
            s => u64::from(s),
        }
    };
    // (part key, first level) per record holding both, each part once per record.
    let mut held: Vec<u64> = Vec::new();
    let mut by_top: std::collections::HashMap<u32, u64> = Default::default();
    let mut holders = 0u64;
    let mut keys: Vec<u64> = Vec::with_capacity(MAX_PARTS);
    for r in 0..n {
        let (Some(&top), parts) = (places.of(r).first(), names.of(r)) else {
            continue;
        };
        if parts.is_empty() {
            continue;
        }
        holders += 1;
        *by_top.entry(top).or_default() += 1;
        keys.clear();
        keys.extend(parts.iter().map(|&t| key(t)));
        keys.sort_unstable();
        keys.dedup();
        held.extend(keys.iter().map(|&k| k << 32 | u64::from(top)));
    }
    let pairs = |c: u64| (c * c.saturating_sub(1)) as f64;
    let u1 = by_top.values().map(|&c| pairs(c)).sum::<f64>() / pairs(holders).max(1.0);
    if u1 <= 0.0 || u1 >= 1.0 {
        return Vec::new();
    }
    held.sort_unstable();
    // Per part key: (pairs of holders, pairs of holders with the same first level).
    let mut per_key: std::collections::HashMap<u64, (f64, f64)> = Default::default();
    let mut i = 0;
    while i < held.len() {
        let k = held[i] >> 32;
        let (mut all, mut same) = (0u64, 0f64);
        while i < held.len() && held[i] >> 32 == k {
            let cell = held[i];
            let mut c = 0u64;
            while i < held.len() && held[i] == cell {
                c += 1;
                i += 1;
            }
            all += c;
            same += pairs(c);
        }
        per_key.insert(k, (pairs(all), same));
    }
    let bits = |(all, same): (f64, f64)| -> (f32, f32) {
        let kappa = (same + GIVEN_NAME_PRIOR_PAIRS * u1) / (all + GIVEN_NAME_PRIOR_PAIRS);
        let clamp = |b: f64| (b as f32).clamp(-TF_CAP, TF_CAP);
        (
            clamp((u1 / kappa).log2()),
            clamp(((1.0 - u1) / (1.0 - kappa).max(1e-9)).log2()),
        )
    };
    (0..names.vocab.len() as u32)
        .map(|t| per_key.get(&key(t)).map_or((0.0, 0.0), |&x| bits(x)))
        .collect()
}

/// Per comparison, its levels of "the same value" with the share of comparable pairs
/// (both values present; pairs as `mode` makes them) at each, counted from the values
/// themselves: same names (short and long), same day, same place, same identifier.
/// These are the rarest levels and carry the most weight, and random pairs find them
/// a handful of times or not at all (at a million records, "same place" among 57,600
/// districts was hit 0 to 9 times in 300,000 random pairs, one seed to the next: a
/// swing of five bits on every pair sharing a district).
pub(crate) fn same_value_shares(
    records: &Records,
    comps: &[Comparison],
    mode: Mode,
) -> Vec<Vec<(u8, f64)>> {
    let n = records.len();
    comps
        .iter()
        .map(|comp| {
            // Per record: the level two records reach when they hold the same value,
            // and a key for the value; None when missing. Names have two: the same
            // parts, and the same parts by sound, whose pairs include those of the
            // same parts (taken out below).
            let key: Box<dyn Fn(usize) -> Vec<(u8, u64)>> = match &records.columns[comp.field] {
                Column::Name(p) => Box::new(move |r| {
                    let parts = &p.of(r)[..p.of(r).len().min(MAX_PARTS)];
                    if parts.is_empty() {
                        return Vec::new();
                    }
                    let long = parts.len() >= 3;
                    let hashed = |mut ids: Vec<u64>| {
                        ids.sort_unstable();
                        let mut h = rustc_hash::FxHasher::default();
                        std::hash::Hash::hash(&ids, &mut h);
                        std::hash::Hasher::finish(&h)
                    };
                    // A part's sound: its skeleton, or itself for an initial (which
                    // pairs by sound with nothing) or a part without one.
                    let sound = |t: u32| match p.skel[t as usize] {
                        s if s == NONE || p.initial[t as usize] => u64::from(t) | 1 << 32,
                        s => u64::from(s),
                    };
                    let long_or = |level: u8| if long { level + 1 } else { level };
                    let mut keys = vec![
                        (
                            if long { 1 + LONG_NAMES } else { 1 },
                            hashed(parts.iter().map(|&t| u64::from(t)).collect()),
                        ),
                        (
                            long_or(SOUNDS),
                            hashed(parts.iter().map(|&t| sound(t)).collect()),
                        ),
                    ];
                    // Two names in Arabic script never pair by skeleton (محمد and
                    // محمود share one): among them, the pairs that share skeletons
                    // but not their parts are taken out (see `ARABIC_BY_SKELETON`).
                    if parts.iter().all(|&t| !p.rasm[t as usize].is_empty()) {
                        keys.push((
                            long_or(ARABIC_BY_SKELETON),
                            hashed(parts.iter().map(|&t| sound(t)).collect()),
                        ));
                        keys.push((
                            long_or(ARABIC_SAME),
                            hashed(parts.iter().map(|&t| u64::from(t)).collect()),
                        ));
                    }
                    keys
                }),
                Column::Date(days) => Box::new(move |r| {
                    let d = days[r];
                    (!d.is_missing())
                        .then_some((
                            1,
                            if d.is_day() {
                                d.lo as u32 as u64
                            } else {
                                u64::MAX - r as u64
                            },
                        ))
                        .into_iter()
                        .collect()
                }),
                Column::Place(p) => Box::new(move |r| {
                    let path = p.of(r);
                    let path = &path[..path.len().min(MAX_DEPTH)];
                    path.last()
                        .map(|&leaf| (1, (path.len() as u64) << 32 | u64::from(leaf)))
                        .into_iter()
                        .collect()
                }),
                Column::Exact { values, .. } => Box::new(move |r| {
                    (values[r] != NONE)
                        .then_some((1, u64::from(values[r])))
                        .into_iter()
                        .collect()
                }),
                _ => return Vec::new(),
            };
            // (level, value, input) per record and key, sorted so that each value's
            // records sit together (a sort, not a map: at a million records the
            // names alone have two million keys); per input: how many present.
            let mut keyed: Vec<(u8, u64, u16)> = Vec::new();
            let mut present: rustc_hash::FxHashMap<u16, u64> = Default::default();
            for r in 0..n {
                let keys = key(r);
                if keys.is_empty() {
                    continue;
                }
                let input = records.input_of(r);
                keyed.extend(keys.into_iter().map(|(level, k)| (level, k, input)));
                *present.entry(input).or_default() += 1;
            }
            keyed.sort_unstable();
            // The pairs among records as `mode` pairs them (see `pairs_allowed`), from
            // how many there are in all and how many pairs within inputs.
            let pairs = |(total, within): (f64, f64)| -> f64 {
                let all = total * (total - 1.0) / 2.0;
                match mode {
                    Mode::Link => all - within,
                    Mode::Dedupe => within,
                    Mode::LinkAndDedupe => all,
                }
            };
            let add = |sum: &mut (f64, f64), c: u64| {
                let c = c as f64;
                sum.0 += c;
                sum.1 += c * (c - 1.0) / 2.0;
            };
            // Per value: (level, (records, pairs within inputs)).
            let mut by_value: Vec<(u8, (f64, f64))> = Vec::new();
            let mut i = 0;
            while i < keyed.len() {
                let (level, k, _) = keyed[i];
                let mut sum = (0.0, 0.0);
                while i < keyed.len() && (keyed[i].0, keyed[i].1) == (level, k) {
                    let cell = keyed[i];
                    let mut c = 0u64;
                    while i < keyed.len() && keyed[i] == cell {
                        c += 1;
                        i += 1;
                    }
                    add(&mut sum, c);
                }
                if sum.0 >= 2.0 {
                    by_value.push((level, sum));
                }
            }
            drop(keyed);
            let mut everyone = (0.0, 0.0);
            for &c in present.values() {
                add(&mut everyone, c);
            }
            let all = pairs(everyone);
            if all <= 0.0 {
                return Vec::new();
            }
            let levels: Vec<u8> = if comp.kind == FieldKind::Name {
                vec![
                    1,
                    1 + LONG_NAMES,
                    SOUNDS,
                    SOUNDS + 1,
                    ARABIC_BY_SKELETON,
                    ARABIC_BY_SKELETON + 1,
                    ARABIC_SAME,
                    ARABIC_SAME + 1,
                ]
            } else {
                vec![1]
            };
            let mut same = vec![0f64; levels.len()];
            for (level, sum) in by_value {
                let i = levels.iter().position(|&l| l == level).unwrap_or(0);
                same[i] += pairs(sum);
            }
            if comp.kind == FieldKind::Name {
                // The same by sound, less the same outright, and less the pairs of
                // names in Arabic script that share skeletons but not their parts.
                same[2] -= same[0] + (same[4] - same[6]);
                same[3] -= same[1] + (same[5] - same[7]);
            }
            levels
                .into_iter()
                .zip(same)
                .take(if comp.kind == FieldKind::Name { 4 } else { 1 })
                // Never zero: as if half a pair had been seen.
                .map(|(level, same)| (level, same.max(0.5) / all))
                .collect()
        })
        .collect()
}

/// The name level "different" (no part alike); see [`level_names`].
const NAME_DIFFERENT: u8 = 7;

/// The levels of names of three parts or more follow the seven others.
const LONG_NAMES: u8 = 7;

/// "Same names by sound" (then its long form, then both forms "with some missing"):
/// every part of the shorter name paired with one of the same id or the same Latin
/// skeleton (Mohammed / محمد / Muhammad), not all of the same id; with as many parts
/// on each side, or (some missing) with parts of the longer left over. It was part of "all parts alike", whose random
/// pairs are mostly names that fit loosely (a two-part name within an Arabic chain of
/// four, by the dotless forms): one u for both held the sound-alike matches far below
/// their worth, and more so as records grow, since loose fits grow with the square of
/// the records and sound-alike strangers only with the namesakes of each family name.
/// With as many parts on each side, its share of random pairs is counted exactly, as
/// that of same names is; with some missing it is sampled, as "same names, some
/// missing" is.
const SOUNDS: u8 = 11;

/// Keys of [`same_value_shares`] only, never levels: names wholly in Arabic script
/// sharing their parts' skeletons (short, and long one above), and sharing their
/// parts. Two such names never reach "the same by sound" (comparing does not pair
/// two Arabic parts by skeleton), so their pairs by skeleton alone are not counted
/// there.
const ARABIC_BY_SKELETON: u8 = 200;
const ARABIC_SAME: u8 = 202;

/// How two parts were paired.
const EXACT: u8 = 1;
const SKELETON: u8 = 2;
const FUZZY: u8 = 3;
const INITIAL: u8 = 4;
/// The same dotless Arabic form, but not the same skeleton.
const RASM: u8 = 5;

/// A part's key of sound (its skeleton or its dotless form), [`NONE`] when it has none.
type SoundOf = fn(RowParts<'_>, usize) -> u32;

/// The level of two names and the part (of `a`) whose rarity adjusts it.
// Indexes run over parallel arrays (parts, their pairing, how they were paired).
#[allow(clippy::needless_range_loop)]
fn compare_names(p: &Tokens, a: &[u32], b: &[u32], comp: &Comparison) -> (u8, u32) {
    let (ta, tb) = (RowParts(a), RowParts(b));
    let (la, lb) = (ta.count(), tb.count());
    if la == 0 || lb == 0 {
        return (0, NONE);
    }
    let mut used = [false; MAX_PARTS];
    let mut to = [usize::MAX; MAX_PARTS];
    let mut how = [0u8; MAX_PARTS];
    fn pair(i: usize, j: usize, kind: u8, (to, how, used): (&mut [usize], &mut [u8], &mut [bool])) {
        to[i] = j;
        how[i] = kind;
        used[j] = true;
    }
    for i in 0..la {
        let id = ta.id(i);
        if let Some(j) = (0..lb).find(|&j| !used[j] && tb.id(j) == id) {
            pair(i, j, EXACT, (&mut to, &mut how, &mut used));
        }
    }
    if how[..la].iter().all(|&h| h != 0) {
        return name_level(ta, tb, &how, &to, comp);
    }
    // The same skeleton first, then the same dotless form: a part that could pair
    // either way pairs by sound, so that names alike by sound throughout are found
    // as such (see `SOUNDS`).
    let sounds: [(u8, SoundOf); 2] = [(SKELETON, |p, i| p.skel(i)), (RASM, |p, i| p.rasm(i))];
    for (kind, sound) in sounds {
        for i in 0..la {
            let key = sound(ta, i);
            if how[i] != 0 || ta.initial(i) || key == NONE {
                continue;
            }
            // Two parts in Arabic script have their letters, long vowels included, and
            // one skeleton holds محمد and محمود (mhmd), brothers' names: they pair by
            // their letters (the dotless form, Jaro–Winkler), not by sound. Across
            // scripts, and between Latin spellings, which drop the vowels anyway, the
            // skeleton pairs.
            let both_arabic = |j: usize| {
                script_of(ta.first(i)) == Script::Arabic && script_of(tb.first(j)) == Script::Arabic
            };
            if let Some(j) = (0..lb).find(|&j| {
                !used[j]
                    && !tb.initial(j)
                    && sound(tb, j) == key
                    && (kind != SKELETON || !both_arabic(j))
            }) {
                pair(i, j, kind, (&mut to, &mut how, &mut used));
            }
        }
    }
    for i in 0..la {
        if how[i] != 0 || ta.initial(i) {
            continue;
        }
        let shape = ta.shape(i);
        let mut best = (comp.fuzzy, usize::MAX);
        for j in 0..lb {
            if used[j] || tb.initial(j) {
                continue;
            }
            if !may_reach(shape, tb.shape(j), best.0) {
                continue;
            }
            let sim = p.similarity(ta.id(i), tb.id(j));
            if sim >= best.0 {
                best = (sim, j);
            }
        }
        if best.1 != usize::MAX {
            pair(i, best.1, FUZZY, (&mut to, &mut how, &mut used));
        }
    }
    // Parts written in different scripts (محمد / Mohamed) share no letters for
    // Jaro–Winkler to find; a typo on either side leaves their Latin skeletons one
    // edit apart (خالد / Khale, دازني / Daanazy).
    for i in 0..la {
        if how[i] != 0 || ta.initial(i) || ta.skel(i) == NONE {
            continue;
        }
        let script = script_of(ta.first(i));
        if let Some(j) = (0..lb).find(|&j| {
            !used[j]
                && !tb.initial(j)
                && tb.skel(j) != NONE
                && script_of(tb.first(j)) != script
                && p.skeletons_alike(ta.skel(i), tb.skel(j))
        }) {
            pair(i, j, FUZZY, (&mut to, &mut how, &mut used));
        }
    }
    for i in 0..la {
        if how[i] != 0 {
            continue;
        }
        let (initial, first) = (ta.initial(i), ta.first(i));
        if let Some(j) =
            (0..lb).find(|&j| !used[j] && (initial || tb.initial(j)) && first == tb.first(j))
        {
            pair(i, j, INITIAL, (&mut to, &mut how, &mut used));
        }
    }
    name_level(ta, tb, &how, &to, comp)
}

/// The level of two names from how their parts were paired, and the part whose
/// rarity adjusts it.
#[allow(clippy::needless_range_loop)]
fn name_level(
    ta: RowParts<'_>,
    tb: RowParts<'_>,
    how: &[u8; MAX_PARTS],
    to: &[usize; MAX_PARTS],
    comp: &Comparison,
) -> (u8, u32) {
    let (la, lb) = (ta.count(), tb.count());
    let mut exact = 0;
    let mut matched = 0;
    let mut rarest = NONE;
    let mut rarest_tf = f32::INFINITY;
    for i in 0..la {
        match how[i] {
            0 => continue,
            EXACT => exact += 1,
            _ => {}
        }
        matched += 1;
        if how[i] != INITIAL && !comp.log_tf.is_empty() {
            // A fuzzy pair is as rare as the commoner of its two parts.
            let (t, tf) = if how[i] == FUZZY && tb.log_tf(to[i]) > ta.log_tf(i) {
                (tb.id(to[i]), tb.log_tf(to[i]))
            } else {
                (ta.id(i), ta.log_tf(i))
            };
            if tf < rarest_tf {
                rarest_tf = tf;
                rarest = t;
            }
        }
    }
    // An initial standing for a name's last part, the family name, is weak evidence:
    // "Mary B. Wirtford" and "Mary Bruckford" pair "B." with "Bruckford", and every
    // part of the shorter name is then paired while the longer's family name is left
    // over. A middle initial meeting someone's family name is the commonest way for
    // strangers to look alike, so when a whole part is left over in either name, such
    // a pairing is not counted. (A first initial, "J. Smith" and "John Andrew Smith",
    // still is.)
    let stands_for_last = |i: usize| {
        how[i] == INITIAL
            && if ta.initial(i) {
                lb >= 2 && to[i] == lb - 1
            } else {
                la >= 2 && i == la - 1
            }
    };
    let mut first_agree = to[0] == 0;
    if (0..la).any(stands_for_last) {
        let mut paired = [false; MAX_PARTS];
        for i in 0..la {
            if how[i] != 0 {
                paired[to[i]] = true;
            }
        }
        let left_over = (0..la).any(|i| how[i] == 0 && !ta.initial(i))
            || (0..lb).any(|j| !paired[j] && !tb.initial(j));
        if left_over {
            matched -= (0..la).filter(|&i| stands_for_last(i)).count();
            first_agree &= !stands_for_last(0);
        }
    }
    let short = la.min(lb);
    let by_sound = (0..la).all(|i| how[i] == 0 || how[i] == EXACT || how[i] == SKELETON);
    let level = if la == lb && exact == la {
        1
    } else if la == lb && matched == la && by_sound {
        if la >= 3 { SOUNDS + 1 } else { SOUNDS }
    } else if short >= 2 && exact == short {
        2
    } else if short >= 2 && matched == short && by_sound {
        if short >= 3 { SOUNDS + 3 } else { SOUNDS + 2 }
    } else if (short >= 2 && matched == short) || (la == 1 && lb == 1 && matched == 1) {
        3
    } else if matched >= 2 && first_agree {
        4
    } else if matched >= 2 {
        5
    } else if matched == 1 {
        6
    } else {
        NAME_DIFFERENT
    };
    let level = if level <= 3 && short >= 3 {
        level + LONG_NAMES
    } else {
        level
    };
    (level, rarest)
}

/// Whether `a` and `b` differ by exactly one edit: a letter inserted, deleted or
/// substituted, or two neighbours swapped. The same as `strsim::osa_distance(a, b)
/// == 1`, in one pass and without the table and allocation that fills, since it runs
/// on the comparing of every candidate pair whose parts are in different scripts.
fn one_edit_apart(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let Some(i) = short.iter().zip(long).position(|(x, y)| x != y) else {
        // One is the other with a letter more at the end (or they are equal).
        return short.len() != long.len();
    };
    if short.len() == long.len() {
        short[i + 1..] == long[i + 1..]
            || (i + 1 < short.len()
                && short[i] == long[i + 1]
                && short[i + 1] == long[i]
                && short[i + 2..] == long[i + 2..])
    } else {
        short[i..] == long[i + 1..]
    }
}

/// The scripts [`memoria_core::fold::latin_skeleton`] reads; `Latin` stands for any
/// other too.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Arabic,
    Cyrillic,
}

/// The script of a part, by its first character.
fn script_of(first: u32) -> Script {
    match first {
        0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        0x0400..=0x04FF => Script::Cyrillic,
        _ => Script::Latin,
    }
}

/// An upper bound of the Jaro–Winkler similarity of two words from their lengths and
/// character bits. A character whose bit the other word lacks cannot match, and each
/// such bit stands for at least one character; transpositions only lower the score;
/// the common prefix adds at most 0.4 of what is left (and only above 0.7).
/// Comparing asks [`may_reach`], the same bound without dividing; the tests hold the
/// two together.
#[cfg(test)]
fn jaro_winkler_bound((la, ba): (u32, u64), (lb, bb): (u32, u64)) -> f64 {
    let matches = la
        .saturating_sub((ba & !bb).count_ones())
        .min(lb.saturating_sub((bb & !ba).count_ones()));
    if matches == 0 {
        return 0.0;
    }
    let m = f64::from(matches);
    let jaro = (m / f64::from(la) + m / f64::from(lb) + 1.0) / 3.0;
    if jaro <= 0.7 {
        jaro
    } else {
        jaro + 0.4 * (1.0 - jaro)
    }
}

/// Whether [`jaro_winkler_bound`] of two words reaches `at_least` (give or take
/// 10⁻⁹, on the side of yes), without dividing: it is asked of most pairs of parts
/// that are not the same, and its two divisions were a tenth of comparing names.
fn may_reach((la, ba): (u32, u64), (lb, bb): (u32, u64), at_least: f64) -> bool {
    let matches = la
        .saturating_sub((ba & !bb).count_ones())
        .min(lb.saturating_sub((bb & !ba).count_ones()));
    if matches == 0 {
        return at_least <= 0.0;
    }
    // jaro = num / den, exactly (the counts are small integers).
    let (m, la, lb) = (u64::from(matches), u64::from(la), u64::from(lb));
    let num = (m * (la + lb) + la * lb) as f64;
    let den = (3 * la * lb) as f64;
    let at_least = at_least - 1e-9;
    // At exactly 0.7 the bound in floating point may come out either side of it: take
    // the boost, the larger.
    if 10.0 * num < 7.0 * den {
        num >= at_least * den
    } else {
        0.6 * num >= (at_least - 0.4) * den
    }
}

/// Jaro–Winkler similarity of two words as characters: the same arithmetic as
/// `strsim::jaro_winkler` (so the same result to the last bit), without its
/// allocations or its counting of characters.
/// The level of two different exact values: the first band of edits apart they fall
/// in, else the first band of Jaro–Winkler similarity, else "different" (the last).
pub(crate) fn exact_level(comp: &Comparison, a: &str, b: &str) -> u8 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut level = 2u8;
    if let Some(&most) = comp.edits.last() {
        let apart = edits_apart(&a, &b, most);
        for &band in &comp.edits {
            if apart <= band {
                return level;
            }
            level += 1;
        }
    }
    if !comp.jaro_winkler.is_empty() {
        let alike = jaro_winkler(&a, &b);
        for &band in &comp.jaro_winkler {
            if alike >= band {
                return level;
            }
            level += 1;
        }
    }
    level
}

/// Edits between `a` and `b` — insertions, deletions, changes, and swaps of two
/// neighbours (optimal string alignment) — or `most + 1` where there are more than
/// `most`, found without finishing the table.
pub(crate) fn edits_apart(a: &[char], b: &[char], most: u32) -> u32 {
    let most = most as usize;
    if a.len().abs_diff(b.len()) > most {
        return most as u32 + 1;
    }
    let width = b.len() + 1;
    // Three rows: the one before last (for swaps), the last, and this one.
    let mut before: Vec<usize> = vec![0; width];
    let mut last: Vec<usize> = (0..width).collect();
    let mut row: Vec<usize> = vec![0; width];
    // A swap reaches back two rows, so the table may stop only when two rows in turn
    // are past `most`.
    let mut last_least = 0;
    for i in 1..=a.len() {
        row[0] = i;
        let mut least = row[0];
        for j in 1..width {
            let change = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (last[j] + 1).min(row[j - 1] + 1).min(last[j - 1] + change);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            row[j] = d;
            least = least.min(d);
        }
        if least > most && last_least > most {
            return most as u32 + 1;
        }
        last_least = least;
        std::mem::swap(&mut before, &mut last);
        std::mem::swap(&mut last, &mut row);
    }
    (last[b.len()].min(most + 1)) as u32
}

pub(crate) fn jaro_winkler(a: &[char], b: &[char]) -> f64 {
    let (la, lb) = (a.len(), b.len());
    if la > 64 || lb > 64 {
        let (x, y): (String, String) = (a.iter().collect(), b.iter().collect());
        return strsim::jaro_winkler(&x, &y);
    }
    if la == 0 && lb == 0 {
        return 1.0;
    } else if la == 0 || lb == 0 {
        return 0.0;
    }
    let range = (la.max(lb) / 2).saturating_sub(1);
    let (mut fa, mut fb) = (0u64, 0u64);
    let mut matches = 0usize;
    for (i, &x) in a.iter().enumerate() {
        let lo = i.saturating_sub(range);
        let hi = lb.min(i + range + 1);
        for (j, &y) in b.iter().enumerate().take(hi).skip(lo) {
            if fb & (1 << j) == 0 && y == x {
                fa |= 1 << i;
                fb |= 1 << j;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut j = 0usize;
    for (i, &x) in a.iter().enumerate() {
        if fa & (1 << i) != 0 {
            while fb & (1 << j) == 0 {
                j += 1;
            }
            if b[j] != x {
                transpositions += 1;
            }
            j += 1;
        }
    }
    transpositions /= 2;
    let m = matches as f64;
    let sim = ((m / la as f64) + (m / lb as f64) + ((matches - transpositions) as f64 / m)) / 3.0;
    if sim > 0.7 {
        let prefix = a.iter().take(4).zip(b).take_while(|(x, y)| x == y).count();
        sim + 0.1 * prefix as f64 * (1.0 - sim)
    } else {
        sim
    }
}

fn compare_words(a: &[u32], b: &[u32]) -> u8 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    // Both are sorted by number and free of repeats (see `Parts::push_words`).
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - shared;
    if shared == union {
        1
    } else if shared * 2 >= union {
        2
    } else if shared > 0 {
        3
    } else {
        4
    }
}

fn compare_days(a: DaySpan, b: DaySpan, bands: &[u32]) -> u8 {
    if a.is_missing() || b.is_missing() {
        return 0;
    }
    let n = bands.len() as u8;
    let gap = if a.lo > b.hi {
        i64::from(a.lo) - i64::from(b.hi)
    } else if b.lo > a.hi {
        i64::from(b.lo) - i64::from(a.hi)
    } else {
        0
    };
    if a.is_day() && b.is_day() {
        if gap == 0 {
            return 1;
        }
        if let Some(&first) = bands.first()
            && gap <= i64::from(first)
        {
            return 2;
        }
        if gap <= 366 && swapped(a.lo, b.lo) {
            return 3;
        }
    } else if gap == 0 {
        return 4;
    }
    for (k, &band) in bands.iter().enumerate().skip(1) {
        if gap <= i64::from(band) {
            return 4 + k as u8;
        }
    }
    4 + n.max(1)
}

/// Whether two days are the same but for day and month written the wrong way round.
fn swapped(a: i32, b: i32) -> bool {
    let (a, b) = (
        memoria_core::edtf::Day::from_days(i64::from(a)),
        memoria_core::edtf::Day::from_days(i64::from(b)),
    );
    a.year == b.year && a.month == b.day && a.day == b.month
}

fn compare_ages(a: AgeSpan, b: AgeSpan, bands: &[u32]) -> u8 {
    if a.is_missing() || b.is_missing() {
        return 0;
    }
    if a == b && a.lo == a.hi {
        return 1;
    }
    let gap = if a.lo > b.hi {
        a.lo - b.hi
    } else if b.lo > a.hi {
        b.lo - a.hi
    } else {
        return 2;
    };
    for (k, &band) in bands.iter().enumerate() {
        if u32::from(gap) <= band {
            return 3 + k as u8;
        }
    }
    3 + bands.len() as u8
}

fn compare_places((leaves, chars): &Leaves, a: &[u32], b: &[u32], comp: &Comparison) -> u8 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let depth = comp.levels() - 2; // same place, similar, (depth - 1) shared levels, different
    let (a, b) = (&a[..a.len().min(MAX_DEPTH)], &b[..b.len().min(MAX_DEPTH)]);
    if a.len() == b.len() && a[a.len() - 1] == b[b.len() - 1] {
        return 1;
    }
    let shared = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if a.len() == b.len() && shared + 1 == a.len() {
        let leaf = |n: u32| {
            let (at, len) = leaves[n as usize];
            &chars[at as usize..(at + len) as usize]
        };
        let (la, lb) = (leaf(a[a.len() - 1]), leaf(b[b.len() - 1]));
        if !la.is_empty() && jaro_winkler(la, lb) >= comp.fuzzy {
            return 2;
        }
    }
    if shared == 0 {
        return comp.levels() as u8;
    }
    // Shared down to level `shared` (from 1): the level after "similar" for depth - 1,
    // and so on up to level 1.
    let shared = shared.min(depth.saturating_sub(1)).max(1);
    (2 + (depth - shared)) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The centre of a place's adjustments is the chance that two records end at the
    /// same place, counted pair by pair, however many records give only a region or
    /// a country: sharing a district is worth no more for their being there.
    #[test]
    fn places_given_only_in_part_leave_a_shared_district_its_worth() {
        let config = crate::Config::from_toml(crate::synth::CONFIG).expect("config");
        let mut records = Records::new(&config.schema).expect("schema");
        for k in 0..600 {
            // Five in six down to a district, the rest only a region or a country.
            let place = match k % 12 {
                0 => format!("Alda > R{}", k % 4),
                6 => "Alda".to_owned(),
                _ => format!("Alda > R{} > D{}", k % 4, k % 30),
            };
            records
                .push(0, &format!("r{k}"), &["", "", "", "", &place])
                .expect("push");
        }
        let comparer = Comparer::new(&records);
        let place = comparer
            .comps
            .iter()
            .position(|c| c.kind == FieldKind::Place)
            .expect("a place");
        let n = records.len();
        let (mut pairs, mut same) = (0f64, 0f64);
        for a in 0..n {
            for b in a + 1..n {
                pairs += 1.0;
                same += f64::from(u8::from(comparer.compare_one(place, a, b).0 == 1));
            }
        }
        let centre = f64::from(comparer.comps[place].centre);
        assert!(
            (centre - (same / pairs).log2()).abs() < 1e-3,
            "centre {centre} against {}",
            (same / pairs).log2()
        );
        // Two records in one district of ten: the level's chance and the adjustment
        // together make it the district's share, 10 in 600. (From the shares of the
        // nodes records end at, the centre was 2.2 bits higher.)
        let (level, adjustment) = comparer.compare_one(place, 1, 61);
        assert_eq!(level, 1);
        let share = (same / pairs).log2() - f64::from(adjustment);
        assert!((share - (10.0f64 / 600.0).log2()).abs() < 1e-3, "{share}");
    }

    /// Family names that run in one country make a shared country weaker evidence
    /// between two records sharing the name; a given name found everywhere changes
    /// next to nothing. The corrections are those of counting every pair.
    #[test]
    fn a_family_name_that_runs_in_a_country_weakens_a_shared_country() {
        let config = crate::Config::from_toml(crate::synth::CONFIG).expect("config");
        let mut records = Records::new(&config.schema).expect("schema");
        let countries = ["Alda", "Brevo", "Cassa", "Dorn"];
        let families = ["Wirtford", "Bruckford", "Castellan", "Okonjo"];
        let given = ["Mary", "John", "Lucia", "Omar", "Ines"];
        let mut id = 0;
        for (f, family) in families.iter().enumerate() {
            for k in 0..60 {
                // Every family at home, but one in twenty abroad.
                let country = if k % 20 == 19 { (f + 1) % 4 } else { f };
                let name = format!("{} {family}", given[k % given.len()]);
                let place = format!("{} > R{} > D{}", countries[country], k % 3, k % 7);
                records
                    .push(0, &format!("r{id}"), &[&name, "", "", "", &place])
                    .expect("push");
                id += 1;
            }
        }
        let comparer = Comparer::new(&records);
        let name = comparer.apart.expect("a name with term frequencies");
        let place = comparer
            .comps
            .iter()
            .position(|c| c.kind == FieldKind::Place)
            .expect("a place");
        let (Column::Name(parts), Column::Place(places)) = (
            &records.columns[comparer.comps[name].field],
            &records.columns[comparer.comps[place].field],
        ) else {
            panic!("columns of their kinds");
        };
        let given_name = &comparer.comps[place].given_name;
        assert_eq!(given_name.len(), parts.vocab.len());
        // Every pair of records, counted.
        let n = records.len();
        let top = |r: usize| places.of(r)[0];
        let pairs = (n * (n - 1)) as f64;
        let mut same_top = 0f64;
        for a in 0..n {
            for b in 0..n {
                same_top += f64::from(u8::from(a != b && top(a) == top(b)));
            }
        }
        let u1 = same_top / pairs;
        let key = |t: u32| (parts.skel[t as usize], t);
        let holds = |r: usize, t: u32| {
            parts.of(r).iter().any(|&x| match key(t) {
                (NONE, t) => x == t,
                (s, _) => parts.skel[x as usize] == s,
            })
        };
        for t in 0..parts.vocab.len() as u32 {
            let (mut all, mut same) = (0f64, 0f64);
            for a in 0..n {
                for b in 0..n {
                    if a != b && holds(a, t) && holds(b, t) {
                        all += 1.0;
                        same += f64::from(u8::from(top(a) == top(b)));
                    }
                }
            }
            let kappa = (same + GIVEN_NAME_PRIOR_PAIRS * u1) / (all + GIVEN_NAME_PRIOR_PAIRS);
            let (agree, differ) = given_name[t as usize];
            let part = &parts.vocab.strs[t as usize];
            assert!(
                (f64::from(agree) - (u1 / kappa).log2()).abs() < 1e-4,
                "{part}: {agree} against {}",
                (u1 / kappa).log2()
            );
            assert!(
                (f64::from(differ) - ((1.0 - u1) / (1.0 - kappa)).log2()).abs() < 1e-4,
                "{part}"
            );
            if families.iter().any(|f| f.eq_ignore_ascii_case(part)) {
                assert!(agree < -1.0 && differ > 0.5, "{part}: {agree}, {differ}");
            } else {
                assert!(
                    agree.abs() < 0.2 && differ.abs() < 0.1,
                    "{part}: {agree}, {differ}"
                );
            }
        }
        // Two Wirtfords at home in different districts: the place's adjustment is
        // the family name's; a Mary Wirtford and a Mary Okonjo share only "Mary".
        let wirtford = (0..parts.vocab.len() as u32)
            .find(|&t| parts.vocab.strs[t as usize].eq_ignore_ascii_case("wirtford"))
            .expect("interned");
        let (level, adjustment) = comparer.compare_one(place, 0, 1);
        assert!(level > 1 && usize::from(level) < comparer.comps[place].levels());
        assert_eq!(adjustment, given_name[wirtford as usize].0);
        let (_, apart) = comparer.compare_one(place, 0, 180);
        assert!(apart.abs() < 0.2, "{apart}");
    }

    /// The shares counted from the values are those of comparing every pair.
    #[test]
    fn same_value_shares_are_those_of_every_pair() {
        let config = crate::Config::from_toml(crate::synth::CONFIG).expect("config");
        let mut records = Records::new(&config.schema).expect("schema");
        // Few people with many copies, so that every "same" level is reached often;
        // the copies go to two inputs.
        let mut synth = crate::synth::SynthConfig::new(600, 3);
        synth.countries = 1;
        for (i, r) in crate::synth::records(&synth).enumerate() {
            let input = (i % 2) as u16;
            records
                .push(
                    input,
                    &format!("r{i}"),
                    &[&r.name, &r.born, &r.age, &r.sex, &r.place],
                )
                .expect("push");
        }
        // Names in Arabic script that share a skeleton but not their letters (محمد and
        // محمود, brothers' names), which comparing never pairs by sound, beside their
        // Latin spellings, which it does; and dotted letters dropped (شعيب, سعيب),
        // which pair by their dotless form.
        for (i, name) in [
            "محمد علي",
            "محمود علي",
            "Mohammed Ali",
            "حسن حداد",
            "حسين حداد",
            "Hassan Haddad",
            "شعيب خليل",
            "سعيب خليل",
        ]
        .iter()
        .cycle()
        .take(24)
        .enumerate()
        {
            records
                .push((i % 2) as u16, &format!("a{i}"), &[name, "", "", "", ""])
                .expect("push");
        }
        let comparer = Comparer::new(&records);
        for mode in [Mode::Dedupe, Mode::Link, Mode::LinkAndDedupe] {
            let shares = same_value_shares(&records, &comparer.comps, mode);
            for (c, comp) in comparer.comps.iter().enumerate() {
                let mut present = 0u64;
                let mut at = vec![0u64; comp.levels() + 1];
                for a in 0..records.len() {
                    for b in a + 1..records.len() {
                        let same_input = records.input_of(a) == records.input_of(b);
                        let allowed = match mode {
                            Mode::Dedupe => same_input,
                            Mode::Link => !same_input,
                            Mode::LinkAndDedupe => true,
                        };
                        let (level, _) = comparer.compare_one(c, a, b);
                        if allowed && level > 0 {
                            present += 1;
                            at[usize::from(level)] += 1;
                        }
                    }
                }
                let expected: Vec<u8> = match comp.kind {
                    FieldKind::Name => vec![1, 1 + LONG_NAMES, SOUNDS, SOUNDS + 1],
                    FieldKind::Date | FieldKind::Place => vec![1],
                    _ => vec![],
                };
                let got: Vec<u8> = shares[c].iter().map(|&(l, _)| l).collect();
                assert_eq!(got, expected, "{mode:?}, comparison {c}");
                for &(level, share) in &shares[c] {
                    let counted = at[usize::from(level)];
                    assert!(
                        counted > 0,
                        "{mode:?}, comparison {c}: level {level} never reached"
                    );
                    let brute = counted as f64 / present as f64;
                    assert!(
                        (share - brute).abs() < 1e-12,
                        "{mode:?}, comparison {c}, level {level}: {share} counted, {brute} by pairs"
                    );
                }
            }
        }
    }

    #[test]
    fn one_edit_apart_is_one_insertion_deletion_change_or_swap() {
        let apart = |a: &str, b: &str| one_edit_apart(a.as_bytes(), b.as_bytes());
        assert!(apart("xld", "xl"));
        assert!(apart("fd", "fnd"));
        assert!(apart("dnz", "dzn"));
        assert!(apart("snz", "cnz"));
        assert!(apart("mhmd", "mhmtd"));
        assert!(!apart("mhmd", "mhmd"));
        assert!(!apart("dnz", "znd"));
        assert!(!apart("ab", "abcd"));
        assert!(!apart("abcd", "acbe"));
        assert!(!apart("", ""));
        assert!(apart("", "a"));
        // Every pair of words of up to four letters from three: as strsim counts.
        let mut words = vec![String::new()];
        for len in 1..=4 {
            for n in 0..3usize.pow(len) {
                let mut w = String::new();
                let mut k = n;
                for _ in 0..len {
                    w.push(b"abc"[k % 3] as char);
                    k /= 3;
                }
                words.push(w);
            }
        }
        for a in &words {
            for b in &words {
                assert_eq!(apart(a, b), strsim::osa_distance(a, b) == 1, "{a} / {b}");
            }
        }
    }

    #[test]
    fn day_levels() {
        let d = |x: i32| DaySpan { lo: x, hi: x };
        let bands = [1, 10, 366];
        assert_eq!(compare_days(d(100), d(100), &bands), 1);
        assert_eq!(compare_days(d(100), d(101), &bands), 2);
        assert_eq!(compare_days(d(100), DaySpan { lo: 0, hi: 364 }, &bands), 4);
        assert_eq!(compare_days(d(100), d(105), &bands), 5);
        assert_eq!(compare_days(d(100), d(300), &bands), 6);
        assert_eq!(compare_days(d(100), d(3000), &bands), 7);
        assert_eq!(compare_days(d(100), DaySpan::MISSING, &bands), 0);
        // 1970-03-04 and 1970-04-03.
        assert_eq!(compare_days(d(62), d(92), &bands), 3);
    }

    #[test]
    fn the_bound_is_above_jaro_winkler() {
        use crate::records::shape;
        let words = [
            "mohammed",
            "muhammad",
            "ahmed",
            "smith",
            "smyth",
            "al",
            "garcia",
            "gracia",
            "x",
            "jose",
            "josé",
            "maria",
            "mario",
            "abcdefghij",
            "jihgfedcba",
        ];
        for a in words {
            for b in words {
                let jw = strsim::jaro_winkler(a, b);
                assert!(
                    jaro_winkler_bound(shape(a), shape(b)) + 1e-9 >= jw,
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn may_reach_answers_as_the_bound_does() {
        // Every pair of shapes up to 12 characters with a few bit overlaps, against
        // thresholds on both sides of the Winkler boost (0.7) and at the bound itself.
        for la in 1..=12u32 {
            for lb in 1..=12u32 {
                for (ba, bb) in [
                    (0b1111u64, 0b1111u64),
                    (0b1111, 0b0111),
                    (0b1, 0b10),
                    (0xFF, 0xF0),
                ] {
                    let bound = jaro_winkler_bound((la, ba), (lb, bb));
                    for at_least in [0.0, 0.5, 0.7, 0.75, 0.82, 0.85, 0.88, 0.92, 1.0, bound] {
                        let yes = may_reach((la, ba), (lb, bb), at_least);
                        let what = format!("{la} {ba:b} {lb} {bb:b} {at_least}");
                        // Never no where the bound says yes (a pair would be missed)…
                        assert!(yes || bound + 1e-9 < at_least, "{what}");
                        // …and yes beyond the bound only where it stands at 0.7, which
                        // floating point rounds either way.
                        let at_the_edge = (bound - 0.7).abs() < 1e-9;
                        assert!(!yes || bound + 1e-9 >= at_least || at_the_edge, "{what}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_bound_covers_dotless_arabic() {
        use crate::name::rasm;
        use crate::records::shape;
        // Arabic parts carry the bits of their dotless form (see `name_tokens`); the
        // bound must stay above the similarity of the text and of the dotless forms.
        let words = [
            "شعيب", "سعيب", "قاسم", "فاسم", "سعيد", "سعود", "محمد", "احمد", "ثابت", "نابت", "خالد",
            "جالد", "x", "smith", "saeed", "ب", "بت",
        ];
        let chars = |w: &str| w.chars().collect::<Vec<char>>();
        let bits = |w: &str| rasm(w).map_or(shape(w), |r| (shape(w).0, shape(&r).1));
        for a in words {
            for b in words {
                let mut sim = jaro_winkler(&chars(a), &chars(b));
                if let (Some(x), Some(y)) = (rasm(a), rasm(b)) {
                    sim = sim.max(jaro_winkler(&chars(&x), &chars(&y)));
                }
                assert!(
                    jaro_winkler_bound(bits(a), bits(b)) + 1e-9 >= sim,
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn edits_apart_counts_insertions_deletions_changes_and_swaps() {
        let e = |a: &str, b: &str, most: u32| {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            edits_apart(&a, &b, most)
        };
        assert_eq!(e("ab-1234", "ab-1234", 3), 0);
        assert_eq!(e("ab-1234", "ab-1243", 3), 1, "a swap of neighbours is one");
        assert_eq!(e("ab-1234", "ab-124", 3), 1);
        assert_eq!(e("ab-1234", "ab-12345", 3), 1);
        assert_eq!(e("ab-1234", "ab-9234", 3), 1);
        assert_eq!(e("ab-1234", "xb-9243", 3), 3);
        assert_eq!(e("ab-1234", "zz-9999", 2), 3, "past the most: most + 1");
        assert_eq!(e("1234", "12345678", 2), 3, "lengths alone tell");
        assert_eq!(e("", "ab", 5), 2);
        assert_eq!(e("محمد", "محمود", 2), 1);
        // Stopping early never says more than the whole table does.
        for (a, b) in [("abcdef", "badcfe"), ("kitten", "sitting"), ("ca", "abc")] {
            let whole = e(a, b, 10);
            for most in 0..whole {
                assert_eq!(e(a, b, most), most + 1, "{a} {b} {most}");
            }
            assert_eq!(e(a, b, whole), whole);
        }
    }

    #[test]
    fn jaro_winkler_is_strsims() {
        let words = [
            "mohammed",
            "muhammad",
            "ahmed",
            "smith",
            "smyth",
            "al",
            "garcia",
            "gracia",
            "x",
            "jose",
            "josé",
            "maria",
            "mario",
            "abcdefghij",
            "jihgfedcba",
            "",
            "a",
            "محمد",
            "مُحمد",
            "dixon",
            "dicksonx",
            "martha",
            "marhta",
            "jellyfish",
            "smellyfish",
        ];
        for a in words {
            for b in words {
                let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                assert_eq!(
                    jaro_winkler(&x, &y).to_bits(),
                    strsim::jaro_winkler(a, b).to_bits(),
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn age_levels() {
        let a = |x: u8| AgeSpan { lo: x, hi: x };
        let bands = [1, 3];
        assert_eq!(compare_ages(a(30), a(30), &bands), 1);
        assert_eq!(compare_ages(a(30), AgeSpan { lo: 30, hi: 39 }, &bands), 2);
        assert_eq!(compare_ages(a(30), a(31), &bands), 3);
        assert_eq!(compare_ages(a(30), a(33), &bands), 4);
        assert_eq!(compare_ages(a(30), a(40), &bands), 5);
    }
}

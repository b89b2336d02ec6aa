//! Descriptive counts that respect uncertain dates: victims, acts or incidents by
//! period, violation type, perpetrator, place, sex and age group.
//!
//! The caller decides what an item is (an act, an incident, a victim of an act) and
//! fills one compact [`Item`] per record: its date as a span of days ([`When`]), a
//! weight (a group victim stands for many people), and its category values as
//! interned [`Key`]s. Each count then says how many items had no value for the
//! dimension, so that a chart never hides what the records do not say.
//!
//! # Uncertain dates
//!
//! An item dated "1999" or "March–May 2003" may fall in several periods. It is never
//! put on its first day; every period count has two readings, both computed in one
//! pass ([`Mode`] picks one for a chart):
//!
//! - **spread** — the item's weight is shared out in proportion to the days of its
//!   span that fall in each period: "1999" gives January 31/365 of an item and
//!   February 28/365, not 1/12 each, because periods are unequal and a day is the
//!   finest thing a date can name. Uncertain ages are shared out by whole years the
//!   same way. Shares are whole multiples of 2^-20 (about a millionth), rounded so
//!   that each item's shares add up to its weight exactly, which makes every sum of
//!   counts exact in `f64` (while below 8 billion): the periods, what fell
//!   [`outside`](Counts::outside) them, and the undated and open-ended items add up
//!   to [`total`](Counts::total) to the last bit.
//! - **band** — per period, `min`: the weight of items surely in it (their whole
//!   span inside it), and `max`: the weight of items that may be in it (their span
//!   touches it).
//!
//! Undated items are counted in [`Counts::no_value`], and items whose date has an open
//! or unknown end (`1999/..`, `../2003`, `1999/`) in [`Counts::open_ended`]: they
//! could fall in any period from (or up to) their known end, so they are reported
//! beside the series rather than spread over an arbitrary stretch of it.
//!
//! # Several values
//!
//! An act committed by police and soldiers together has two kinds of perpetrator:
//! [`Keys::intern_all`] makes one key for the pair, and counts by category put the
//! act under each, noting its weight in `multi_valued` (the rows then add up to more
//! than the items that have a value).
//!
//! # What this module does not do
//!
//! No IO and no store access: the caller reads the records, resolves each place to
//! its ancestors at the level it wants, and chooses whether an act without a date
//! takes its incident's ([`Item::from_act`] does). It does not translate: codes come
//! back as they went in, and labels are the caller's (see [`crate::chart`]).

mod keys;
mod periods;

use memoria_core::edtf::{Day, Edtf};
use memoria_core::entity::{Act, AgeRange, Incident, Person};
use memoria_core::place::PlaceLevel;

pub use keys::{Key, Keys};
pub use periods::{AgeBands, Granularity, Period, Periods};

/// A spread share is a whole number of units of 2^-UNIT_BITS of an item.
const UNIT_BITS: u32 = 20;
const UNIT: f64 = (1u64 << UNIT_BITS) as f64;

/// When an item happened, as far as is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum When {
    /// No date at all.
    Undated,
    /// Some day between `earliest` and `latest`, both included, as day numbers
    /// (days since 1970-01-01, [`Day::to_days`]). One day when they are equal.
    Between { earliest: i64, latest: i64 },
    /// One end known and the other open or unknown (`1999/..`, `../2003`), or a day
    /// beyond the years a [`Day`] can hold.
    OpenEnded,
}

impl When {
    /// One known day.
    pub fn day(day: Day) -> When {
        let d = day.to_days();
        When::Between {
            earliest: d,
            latest: d,
        }
    }

    /// Some day between two days, in either order.
    pub fn between(a: Day, b: Day) -> When {
        When::from_days(a.to_days(), b.to_days())
    }

    /// Some day between two day numbers, in either order.
    pub fn from_days(a: i64, b: i64) -> When {
        When::Between {
            earliest: a.min(b),
            latest: a.max(b),
        }
    }

    /// The span an EDTF date may denote: its [`Edtf::earliest`] to its
    /// [`Edtf::latest`] day. Qualifiers (`1999?`) do not widen it.
    pub fn of(date: Option<&Edtf>) -> When {
        match date {
            None => When::Undated,
            Some(d) => match (d.earliest(), d.latest()) {
                (Some(a), Some(b)) => When::between(a, b),
                _ => When::OpenEnded,
            },
        }
    }
}

impl From<&Edtf> for When {
    fn from(date: &Edtf) -> When {
        When::of(Some(date))
    }
}

impl From<Option<&Edtf>> for When {
    fn from(date: Option<&Edtf>) -> When {
        When::of(date)
    }
}

/// One thing to count: an act, an incident or a victim, as the caller decides.
///
/// Small and `Copy` (64 bytes), so that a million fit in a plain `Vec`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    pub when: When,
    /// How many the item counts for: 1, or the size of a group victim.
    pub weight: u32,
    /// From the `violation-types` vocabulary.
    pub violation: Key,
    /// From the `perpetrator-types` vocabulary; several kinds through
    /// [`Keys::intern_all`].
    pub perpetrator: Key,
    /// The place and its ancestors, one key per level (indexed by
    /// [`PlaceLevel`] `as usize`, country first); see [`Item::set_place`].
    pub place: [Key; 4],
    /// From the `sex` vocabulary.
    pub sex: Key,
    pub age: Option<AgeRange>,
}

impl Item {
    /// An item of weight 1 with no category values.
    pub fn new(when: When) -> Item {
        Item {
            when,
            weight: 1,
            violation: Key::NONE,
            perpetrator: Key::NONE,
            place: [Key::NONE; 4],
            sex: Key::NONE,
            age: None,
        }
    }

    /// An act: its date or, when it has none, its incident's; its violation type; the
    /// kinds of its perpetrators (those with none recorded are left out). Places are
    /// left to the caller, who knows the hierarchy.
    pub fn from_act(act: &Act, incident: Option<&Incident>, keys: &mut Keys) -> Item {
        let date = act
            .date
            .as_ref()
            .or_else(|| incident.and_then(|i| i.date.as_ref()));
        Item {
            violation: keys.intern(&act.violation),
            perpetrator: keys.intern_all(act.perpetrators.iter().filter_map(|p| p.kind.as_ref())),
            ..Item::new(When::of(date))
        }
    }

    /// A victim of an act: the act's fields ([`Item::from_act`]) with the person's sex
    /// and age, weighing as many as a group victim stands for.
    pub fn from_victim(
        person: &Person,
        act: &Act,
        incident: Option<&Incident>,
        keys: &mut Keys,
    ) -> Item {
        let mut item = Item::from_act(act, incident, keys);
        item.weight = person.group_size.filter(|&n| n > 0).unwrap_or(1);
        item.sex = person.sex.as_deref().map_or(Key::NONE, |s| keys.intern(s));
        item.age = person.age;
        item
    }

    /// An incident: only its date; its acts' values are the caller's to combine.
    pub fn from_incident(incident: &Incident) -> Item {
        Item::new(When::of(incident.date.as_ref()))
    }

    pub fn set_place(&mut self, level: PlaceLevel, key: Key) {
        self.place[level as usize] = key;
    }

    pub fn place(&self, level: PlaceLevel) -> Key {
        self.place[level as usize]
    }
}

/// A categorical dimension of an [`Item`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dimension {
    Violation,
    Perpetrator,
    Place(PlaceLevel),
    Sex,
}

impl Dimension {
    pub fn key(self, item: &Item) -> Key {
        match self {
            Dimension::Violation => item.violation,
            Dimension::Perpetrator => item.perpetrator,
            Dimension::Place(level) => item.place(level),
            Dimension::Sex => item.sex,
        }
    }
}

/// Which reading of a period count to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Each uncertain item shared out over its periods in proportion to days.
    #[default]
    Spread,
    /// Per period, from the items surely in it to those that may be.
    Band,
}

/// Counts per bin (period or age group), in both readings.
///
/// `spread`, `min` and `max` have one entry per bin. The weights of all items add up
/// as `spread.sum() + outside + no_value + open_ended == total`, exactly.
#[derive(Clone, Debug, PartialEq)]
pub struct Counts {
    /// Weight shared out by days (or years of age) of overlap.
    pub spread: Vec<f64>,
    /// Weight of the items whose whole span lies in the bin.
    pub min: Vec<u64>,
    /// Weight of the items whose span touches the bin.
    pub max: Vec<u64>,
    /// Spread weight of dated items that falls before the first bin or after the
    /// last: the bins do not cover everything the items may denote.
    pub outside: f64,
    /// Weight of the items with no value (no date, no age).
    pub no_value: u64,
    /// Weight of the items whose date has an open or unknown end.
    pub open_ended: u64,
    /// Weight of all items.
    pub total: u64,
}

impl Counts {
    pub fn len(&self) -> usize {
        self.spread.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spread.is_empty()
    }

    /// The weight shared out over the bins (the sum of `spread`).
    pub fn counted(&self) -> f64 {
        self.spread.iter().sum()
    }
}

/// Counts by the values of a categorical dimension.
#[derive(Clone, Debug, PartialEq)]
pub struct CategoryCounts {
    /// One row per value met, the largest count first (ties by code).
    pub rows: Vec<CategoryRow>,
    /// Weight of the items with no value for the dimension.
    pub no_value: u64,
    /// Weight of the items counted under several values: the rows add up to more
    /// than `total - no_value` by as much for each extra value.
    pub multi_valued: u64,
    pub total: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryRow {
    pub key: Key,
    pub code: String,
    pub count: u64,
}

/// Period counts per value of a categorical dimension.
#[derive(Clone, Debug, PartialEq)]
pub struct CrossTab {
    /// One row per value met, the largest total first (ties by code). Each row's
    /// counts say how many of the value's items were undated or open-ended.
    pub rows: Vec<CrossRow>,
    /// The items with no value for the dimension, by period.
    pub no_value: Counts,
    /// Weight of the items counted under several values (see [`CategoryCounts`]).
    pub multi_valued: u64,
    pub total: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CrossRow {
    pub key: Key,
    pub code: String,
    pub counts: Counts,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DescribeError {
    #[error("the first day comes after the last; give the earlier day first")]
    Reversed,
    #[error(
        "{periods} periods is more than the {max} a series may have; choose a coarser \
         granularity or a narrower range"
    )]
    TooManyPeriods { periods: i64, max: usize },
    #[error("a period falls outside the years a calendar day can hold; give a narrower range")]
    OutOfRange,
    #[error("no age groups given; give at least one starting age (e.g. 0)")]
    NoBands,
    #[error("age groups must start at strictly increasing ages (e.g. 0, 18, 30, 45, 60)")]
    BandsNotIncreasing,
}

/// Counts of items per period.
pub fn by_period(items: &[Item], periods: &Periods) -> Counts {
    let bounds = periods.bounds();
    let mut tally = Tally::new(periods.len());
    for item in items {
        tally.add_date(bounds, item.when, u64::from(item.weight));
    }
    tally.finish()
}

/// Counts of items per age group; an age known as a range ("about 30": 28–32) is
/// shared out by whole years, or banded, like a date.
pub fn by_age(items: &[Item], bands: &AgeBands) -> Counts {
    let bounds = bands.bounds();
    let mut tally = Tally::new(bands.len());
    for item in items {
        let w = u64::from(item.weight);
        tally.total += w;
        match item.age {
            None => tally.no_value += w,
            Some(AgeRange { min, max }) => {
                let (lo, hi) = (min.min(max), min.max(max));
                tally.add(bounds, i64::from(lo), i64::from(hi) + 1, w);
            }
        }
    }
    tally.finish()
}

/// Counts of items per value of a categorical dimension.
///
/// # Panics
///
/// If an item holds a key that `keys` did not make.
pub fn by_category(items: &[Item], keys: &Keys, dimension: Dimension) -> CategoryCounts {
    let mut counts = vec![0u64; keys.len()];
    let (mut no_value, mut multi_valued, mut total) = (0, 0, 0);
    for item in items {
        let w = u64::from(item.weight);
        total += w;
        let key = dimension.key(item);
        if key.is_none() {
            no_value += w;
            continue;
        }
        let members = keys.members(key);
        if members.len() > 1 {
            multi_valued += w;
        }
        for m in members {
            counts[m.index()] += w;
        }
    }
    let mut rows: Vec<CategoryRow> = counts
        .iter()
        .enumerate()
        // Only single values are counted into, so sets never make a row.
        .filter(|&(_, &c)| c > 0)
        .map(|(i, &count)| CategoryRow {
            key: Key::from_index(i),
            code: keys.code(Key::from_index(i)).to_string(),
            count,
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    CategoryCounts {
        rows,
        no_value,
        multi_valued,
        total,
    }
}

/// Period counts per value of a categorical dimension (violation types over time).
///
/// # Panics
///
/// If an item holds a key that `keys` did not make.
pub fn crosstab(items: &[Item], periods: &Periods, keys: &Keys, dimension: Dimension) -> CrossTab {
    let bounds = periods.bounds();
    // Rows are made as values are met, so that a locality-level dimension with
    // thousands of places costs only the places that occur.
    let mut row_of = vec![u32::MAX; keys.len()];
    let mut rows: Vec<(Key, Tally)> = Vec::new();
    let mut none = Tally::new(periods.len());
    let (mut multi_valued, mut total) = (0, 0);
    for item in items {
        let w = u64::from(item.weight);
        total += w;
        let key = dimension.key(item);
        if key.is_none() {
            none.add_date(bounds, item.when, w);
            continue;
        }
        let members = keys.members(key);
        if members.len() > 1 {
            multi_valued += w;
        }
        for &m in members {
            let slot = &mut row_of[m.index()];
            if *slot == u32::MAX {
                *slot = rows.len() as u32;
                rows.push((m, Tally::new(periods.len())));
            }
            rows[*slot as usize].1.add_date(bounds, item.when, w);
        }
    }
    let mut rows: Vec<CrossRow> = rows
        .into_iter()
        .map(|(key, tally)| CrossRow {
            key,
            code: keys.code(key).to_string(),
            counts: tally.finish(),
        })
        .collect();
    rows.sort_by(|a, b| {
        b.counts
            .total
            .cmp(&a.counts.total)
            .then_with(|| a.code.cmp(&b.code))
    });
    CrossTab {
        rows,
        no_value: none.finish(),
        multi_valued,
        total,
    }
}

/// Running totals over bins; spread shares in units of 2^-UNIT_BITS.
struct Tally {
    spread: Vec<u64>,
    min: Vec<u64>,
    max: Vec<u64>,
    outside: u64,
    no_value: u64,
    open_ended: u64,
    total: u64,
}

impl Tally {
    fn new(bins: usize) -> Tally {
        Tally {
            spread: vec![0; bins],
            min: vec![0; bins],
            max: vec![0; bins],
            outside: 0,
            no_value: 0,
            open_ended: 0,
            total: 0,
        }
    }

    #[inline]
    fn add_date(&mut self, bounds: &[i64], when: When, w: u64) {
        self.total += w;
        match when {
            When::Undated => self.no_value += w,
            When::OpenEnded => self.open_ended += w,
            When::Between { earliest, latest } => {
                let (lo, hi) = (earliest.min(latest), earliest.max(latest));
                self.add(bounds, lo, hi.saturating_add(1), w);
            }
        }
    }

    /// Adds weight `w` spread over the whole numbers `lo..end` (`lo < end`), given
    /// bins `bounds[i]..bounds[i + 1]`.
    #[inline]
    fn add(&mut self, bounds: &[i64], lo: i64, end: i64, w: u64) {
        let units = w << UNIT_BITS;
        let n = bounds.len() - 1;
        if n == 0 || end <= bounds[0] || lo >= bounds[n] {
            self.outside += units;
            return;
        }
        let mut bin = if lo < bounds[0] {
            0
        } else {
            // bounds[0] <= lo < bounds[n], so this is in 0..n.
            let i = bounds.partition_point(|&b| b <= lo) - 1;
            if end <= bounds[i + 1] {
                // The common case: a known day, or a month counted by month.
                self.spread[i] += units;
                self.min[i] += w;
                self.max[i] += w;
                return;
            }
            i
        };
        // The span crosses a boundary: it is surely in no single bin. Shares are the
        // differences of cumulative shares rounded to the nearest unit, so each is
        // within one unit of its exact value (half a unit when the span starts in a
        // bin), none is negative, and together they are exactly `units`.
        let len = i128::from(end) - i128::from(lo);
        let cut = |days: i128| -> u64 {
            if days >= len {
                units
            } else {
                // days < len, so the quotient is at most `units`.
                ((2 * i128::from(units) * days + len) / (2 * len)) as u64
            }
        };
        let mut pos = lo;
        let mut done = 0u64;
        if lo < bounds[0] {
            let u = cut(i128::from(bounds[0]) - i128::from(lo));
            self.outside += u;
            done = u;
            pos = bounds[0];
        }
        while bin < n && pos < end {
            let stop = bounds[bin + 1].min(end);
            let u = cut(i128::from(stop) - i128::from(lo));
            self.spread[bin] += u - done;
            self.max[bin] += w;
            done = u;
            pos = stop;
            bin += 1;
        }
        self.outside += units - done;
    }

    fn finish(self) -> Counts {
        let to_f64 = |u: u64| u as f64 / UNIT;
        Counts {
            spread: self.spread.into_iter().map(to_f64).collect(),
            min: self.min,
            max: self.max,
            outside: to_f64(self.outside),
            no_value: self.no_value,
            open_ended: self.open_ended,
            total: self.total,
        }
    }
}

//! Uncertain dates in the Extended Date/Time Format (EDTF).
//!
//! EDTF is the Library of Congress profile of ISO 8601-1 and ISO 8601-2 (specification of
//! 2019-02-04, <https://www.loc.gov/standards/datetime/>). Human-rights documentation rarely
//! knows exactly when something happened: a witness remembers "spring 2001", a record says
//! "some day in April 1985", a detention started on a known day and has no known end. EDTF
//! writes all of these as short strings that both people and machines can read, so Memoria
//! stores dates as EDTF and never forces a false precision on them.
//!
//! # What is supported
//!
//! **Level 0** (plain ISO 8601): `1985-04-12`, `1985-04`, `1985`; date-times
//! `1985-04-12T23:20:30` with an optional `Z`, `-04` or `+04:30` shift; intervals between two
//! dates such as `1964/2008` or `2004-02-01/2005-02`.
//!
//! **Level 1**: years beyond four digits written `Y170000002` / `Y-170000002`; seasons
//! `2001-21` … `2001-24`; a qualifier at the end of a date: `?` uncertain, `~` approximate,
//! `%` both; unspecified digits from the right (`201X`, `20XX`, `2004-XX`, `1985-04-XX`,
//! `1985-XX-XX`); interval ends that are open (`..`) or unknown (empty); negative years
//! (`-1985`).
//!
//! Beyond level 1, one form is accepted because collections write it: a known day in an
//! unspecified month (`1999-XX-15`, "the 15th of some month of 1999"). Everything else from
//! level 2 (sets, exponents, significant digits, partial qualification, seasons 25–41, `X`
//! inside a component) is rejected with an error saying "level 2 EDTF is not supported",
//! so that a value is never silently misread.
//!
//! A few points the specification leaves open are settled here:
//! - `Y`-prefixed years may carry a qualifier and may be interval ends, but have no month,
//!   day or `X` digit.
//! - An interval needs a date on at least one side, and may not start after it ends.
//! - Interval ends are dates only (level 0 excludes time of day from intervals).
//! - Times allow a leap second (`23:59:60`); time shifts run from `-14:00` to `+14:00`.
//!
//! # Bounds
//!
//! [`Edtf::earliest`] and [`Edtf::latest`] give the widest span of days the value may denote,
//! so that searching "everything between A and B" never loses a record. Qualifiers do not
//! widen the bounds: `1984?` is still 1984-01-01..1984-12-31, because how far an uncertain
//! date may stray has no agreed measure, and guessing one would create false matches.
//!
//! Seasons follow the Northern-hemisphere meteorological convention, since level 1 seasons
//! are "independent of location" and a fixed convention beats none: spring is March–May,
//! summer June–August, autumn September–November, and winter runs from 1 December of the
//! stated year to the end of February of the next.
//!
//! A date-time's bounds are its calendar day as written: the time shift is not applied,
//! because the day the source wrote down is the day a reader will search for.
//!
//! Years count in the proleptic Gregorian calendar with a year 0 (= 1 BC), as ISO 8601 has
//! it. A `Y` year outside the range of `i32` (at most 18 digits are accepted) is a valid
//! value, but [`Day`] cannot hold it, so its bounds are `None`; ordering still places it
//! correctly.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A calendar day in the proleptic Gregorian calendar (year 0 = 1 BC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Day {
    /// The day, if it exists in the calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Day> {
        if (1..=12).contains(&month) && day >= 1 && day <= days_in_month(i64::from(year), month) {
            Some(Day { year, month, day })
        } else {
            None
        }
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn to_days(&self) -> i64 {
        days_from_civil(i64::from(self.year), self.month, self.day)
    }

    /// The day `days` days after 1970-01-01.
    ///
    /// # Panics
    ///
    /// If the year does not fit in `i32` (more than about 784 billion days away); use
    /// [`Day::checked_from_days`] where that can happen.
    pub fn from_days(days: i64) -> Day {
        Day::checked_from_days(days).expect("day out of the range of Day")
    }

    /// The day `days` days after 1970-01-01, or `None` if its year does not fit in `i32`.
    pub fn checked_from_days(days: i64) -> Option<Day> {
        let (year, month, day) = civil_from_days(days)?;
        Some(Day {
            year: i32::try_from(year).ok()?,
            month,
            day,
        })
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.year < 0 { "-" } else { "" };
        write!(
            f,
            "{sign}{:04}-{:02}-{:02}",
            self.year.unsigned_abs(),
            self.month,
            self.day
        )
    }
}

/// How finely a single EDTF date is written; intervals have none.
///
/// Ordered from coarse to fine. Unspecified digits do not change the precision, as the
/// specification says: `201X` has year precision and `1985-XX-XX` has day precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Season,
    Month,
    Day,
    /// A date-time, which EDTF always writes to the second.
    Second,
}

/// An EDTF value, kept exactly as written so that it prints back unchanged.
///
/// Equality is equality of the text; since only one spelling of each value is accepted,
/// that is also equality of meaning.
#[derive(Clone, Debug)]
pub struct Edtf {
    text: String,
    value: Value,
    lo: Option<Ymd>,
    hi: Option<Ymd>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an EDTF date: {reason}")]
pub struct EdtfError {
    pub reason: String,
}

impl Edtf {
    pub fn parse(s: &str) -> Result<Edtf, EdtfError> {
        let value = Parser { input: s }.parse()?;
        let (lo, hi) = value.bounds();
        Ok(Edtf {
            text: s.to_string(),
            value,
            lo,
            hi,
        })
    }

    /// The earliest day the value may denote; `None` when the start is open or unknown,
    /// or its year does not fit in a [`Day`].
    pub fn earliest(&self) -> Option<Day> {
        self.lo.and_then(Ymd::to_day)
    }

    /// The latest day the value may denote; `None` when the end is open or unknown,
    /// or its year does not fit in a [`Day`].
    pub fn latest(&self) -> Option<Day> {
        self.hi.and_then(Ymd::to_day)
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// How finely a single date is written; `None` for an interval.
    pub fn precision(&self) -> Option<Precision> {
        match &self.value {
            Value::Date(d) => Some(d.precision()),
            Value::DateTime(_) => Some(Precision::Second),
            Value::Interval(..) => None,
        }
    }

    pub fn is_interval(&self) -> bool {
        matches!(self.value, Value::Interval(..))
    }

    /// Whether the value falls short of one certain day: qualified (`?`, `~`, `%`), with
    /// unspecified digits, a season, an interval, or coarser than a day.
    pub fn is_uncertain(&self) -> bool {
        match &self.value {
            Value::Date(d) => {
                d.qualifier.is_some() || d.has_unspecified() || d.precision() < Precision::Day
            }
            Value::DateTime(_) => false,
            Value::Interval(..) => true,
        }
    }
}

impl PartialEq for Edtf {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Edtf {}

impl std::hash::Hash for Edtf {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

/// Chronological: by earliest day (open or unknown starts first), then by latest day (open
/// or unknown ends last), then by text so that only equal values compare equal.
impl Ord for Edtf {
    fn cmp(&self, other: &Self) -> Ordering {
        let latest = match (self.hi, other.hi) {
            (Some(a), Some(b)) => a.cmp(&b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        self.lo
            .cmp(&other.lo)
            .then(latest)
            .then_with(|| self.text.cmp(&other.text))
    }
}

impl PartialOrd for Edtf {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Printed from the parsed value rather than the stored text, so that tests of the
/// round trip check the parser really understood every character.
impl fmt::Display for Edtf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl FromStr for Edtf {
    type Err = EdtfError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Edtf::parse(s)
    }
}

impl Serialize for Edtf {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Edtf {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Edtf::parse(&s).map_err(serde::de::Error::custom)
    }
}

// ---------------------------------------------------------------------------------------
// Parsed form

#[derive(Clone, Debug)]
enum Value {
    Date(Date),
    DateTime(DateTime),
    Interval(End, End),
}

#[derive(Clone, Debug)]
enum End {
    /// Written as nothing: there is an end but nobody knows it.
    Unknown,
    /// Written `..`: there is no end, or it is deliberately left unsaid.
    Open,
    Date(Date),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Qualifier {
    Uncertain,
    Approximate,
    Both,
}

impl Qualifier {
    fn from_byte(b: u8) -> Option<Qualifier> {
        match b {
            b'?' => Some(Qualifier::Uncertain),
            b'~' => Some(Qualifier::Approximate),
            b'%' => Some(Qualifier::Both),
            _ => None,
        }
    }

    fn as_char(self) -> char {
        match self {
            Qualifier::Uncertain => '?',
            Qualifier::Approximate => '~',
            Qualifier::Both => '%',
        }
    }
}

#[derive(Clone, Debug)]
enum Year {
    /// A four-character year, `known` being the value of its leading digits and
    /// `unspecified` the number of trailing `X`s.
    Four {
        negative: bool,
        known: u16,
        unspecified: u8,
    },
    /// A `Y`-prefixed year of more than four digits.
    Long(i64),
}

#[derive(Clone, Debug)]
enum Rest {
    None,
    /// `None` for `XX`.
    Month(Option<u8>),
    Season(u8),
    Day(Option<u8>, Option<u8>),
}

#[derive(Clone, Debug)]
struct Date {
    year: Year,
    rest: Rest,
    qualifier: Option<Qualifier>,
}

#[derive(Clone, Debug)]
enum Shift {
    None,
    Utc,
    Hours(char, u8),
    HoursMinutes(char, u8, u8),
}

#[derive(Clone, Debug)]
struct DateTime {
    year: i32,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    shift: Shift,
}

/// A day whose year may exceed `i32`, so that bounds and ordering work for `Y` years.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Ymd {
    year: i64,
    month: u8,
    day: u8,
}

impl Ymd {
    fn new(year: i64, month: u8, day: u8) -> Ymd {
        Ymd { year, month, day }
    }

    fn last_of(year: i64, month: u8) -> Ymd {
        Ymd::new(year, month, days_in_month(year, month))
    }

    fn to_day(self) -> Option<Day> {
        Some(Day {
            year: i32::try_from(self.year).ok()?,
            month: self.month,
            day: self.day,
        })
    }
}

impl fmt::Display for Ymd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.year < 0 { "-" } else { "" };
        write!(
            f,
            "{sign}{:04}-{:02}-{:02}",
            self.year.unsigned_abs(),
            self.month,
            self.day
        )
    }
}

impl Value {
    fn bounds(&self) -> (Option<Ymd>, Option<Ymd>) {
        match self {
            Value::Date(d) => {
                let (lo, hi) = d.bounds();
                (Some(lo), Some(hi))
            }
            Value::DateTime(t) => {
                let day = Ymd::new(i64::from(t.year), t.month, t.day);
                (Some(day), Some(day))
            }
            Value::Interval(start, end) => {
                let lo = match start {
                    End::Date(d) => Some(d.bounds().0),
                    End::Open | End::Unknown => None,
                };
                let hi = match end {
                    End::Date(d) => Some(d.bounds().1),
                    End::Open | End::Unknown => None,
                };
                (lo, hi)
            }
        }
    }
}

impl Date {
    fn precision(&self) -> Precision {
        match self.rest {
            Rest::None => Precision::Year,
            Rest::Season(_) => Precision::Season,
            Rest::Month(_) => Precision::Month,
            Rest::Day(..) => Precision::Day,
        }
    }

    fn has_unspecified(&self) -> bool {
        let year = matches!(self.year, Year::Four { unspecified, .. } if unspecified > 0);
        let rest = match self.rest {
            Rest::None | Rest::Season(_) => false,
            Rest::Month(m) => m.is_none(),
            Rest::Day(m, d) => m.is_none() || d.is_none(),
        };
        year || rest
    }

    /// The first and last years the year part may denote.
    fn year_range(&self) -> (i64, i64) {
        match self.year {
            Year::Four {
                negative,
                known,
                unspecified,
            } => {
                let span = 10i64.pow(u32::from(unspecified));
                let low = i64::from(known) * span;
                let high = low + span - 1;
                if negative { (-high, -low) } else { (low, high) }
            }
            Year::Long(y) => (y, y),
        }
    }

    fn bounds(&self) -> (Ymd, Ymd) {
        let (first, last) = self.year_range();
        // Only a bare year may have unspecified year digits, so below `first == last`.
        let y = first;
        match self.rest {
            Rest::None | Rest::Month(None) | Rest::Day(None, None) => {
                (Ymd::new(first, 1, 1), Ymd::new(last, 12, 31))
            }
            Rest::Month(Some(m)) | Rest::Day(Some(m), None) => {
                (Ymd::new(y, m, 1), Ymd::last_of(y, m))
            }
            Rest::Day(Some(m), Some(d)) => (Ymd::new(y, m, d), Ymd::new(y, m, d)),
            Rest::Day(None, Some(d)) => {
                // The parser only accepts a day that exists in some month of the year.
                let fits = |m: &u8| d <= days_in_month(y, *m);
                let lo = (1..=12).find(fits).unwrap_or(1);
                let hi = (1..=12).rev().find(fits).unwrap_or(12);
                (Ymd::new(y, lo, d), Ymd::new(y, hi, d))
            }
            Rest::Season(s) => match s {
                21 => (Ymd::new(y, 3, 1), Ymd::new(y, 5, 31)),
                22 => (Ymd::new(y, 6, 1), Ymd::new(y, 8, 31)),
                23 => (Ymd::new(y, 9, 1), Ymd::new(y, 11, 30)),
                _ => (Ymd::new(y, 12, 1), Ymd::last_of(y + 1, 2)),
            },
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Date(d) => d.fmt(f),
            Value::DateTime(t) => t.fmt(f),
            Value::Interval(start, end) => write!(f, "{start}/{end}"),
        }
    }
}

impl fmt::Display for End {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            End::Unknown => Ok(()),
            End::Open => f.write_str(".."),
            End::Date(d) => d.fmt(f),
        }
    }
}

fn two(f: &mut fmt::Formatter<'_>, part: Option<u8>) -> fmt::Result {
    match part {
        Some(n) => write!(f, "-{n:02}"),
        None => f.write_str("-XX"),
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Year::Four {
                negative,
                known,
                unspecified,
            } => {
                if negative {
                    f.write_str("-")?;
                }
                let width = 4 - usize::from(unspecified);
                write!(f, "{known:0width$}")?;
                for _ in 0..unspecified {
                    f.write_str("X")?;
                }
            }
            Year::Long(y) => write!(f, "Y{y}")?,
        }
        match self.rest {
            Rest::None => {}
            Rest::Month(m) => two(f, m)?,
            Rest::Season(s) => two(f, Some(s))?,
            Rest::Day(m, d) => {
                two(f, m)?;
                two(f, d)?;
            }
        }
        if let Some(q) = self.qualifier {
            write!(f, "{}", q.as_char())?;
        }
        Ok(())
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.year < 0 { "-" } else { "" };
        write!(
            f,
            "{sign}{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year.unsigned_abs(),
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second
        )?;
        match self.shift {
            Shift::None => Ok(()),
            Shift::Utc => f.write_str("Z"),
            Shift::Hours(sign, h) => write!(f, "{sign}{h:02}"),
            Shift::HoursMinutes(sign, h, m) => write!(f, "{sign}{h:02}:{m:02}"),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Calendar arithmetic

fn is_leap(year: i64) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

fn days_in_month(year: i64, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

// Howard Hinnant's algorithms (http://howardhinnant.github.io/date_algorithms.html): eras
// of 400 years repeat exactly, and counting from March puts the leap day last.
fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> Option<(i64, u8, u8)> {
    let z = days.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = (yoe + era * 400) + i64::from(month <= 2);
    // `doy`, `mp` and hence `day` and `month` are small by construction.
    Some((year, month as u8, day as u8))
}

// ---------------------------------------------------------------------------------------
// Parser

/// Errors quote at most this many characters of the input, so that a pasted document
/// does not end up in a log line.
const QUOTE_LIMIT: usize = 32;

const LEVEL_2: &str = "level 2 EDTF is not supported";

struct Parser<'a> {
    input: &'a str,
}

impl Parser<'_> {
    fn err(&self, what: impl fmt::Display) -> EdtfError {
        let quoted = match self.input.char_indices().nth(QUOTE_LIMIT) {
            Some((cut, _)) => format!("{:?}…", &self.input[..cut]),
            None => format!("{:?}", self.input),
        };
        EdtfError {
            reason: format!("{quoted}: {what}"),
        }
    }

    fn level2(&self, what: &str) -> EdtfError {
        self.err(format_args!("{LEVEL_2} ({what})"))
    }

    fn parse(&self) -> Result<Value, EdtfError> {
        let s = self.input;
        if s.is_empty() {
            return Err(EdtfError {
                reason: "empty string: expected a date such as 1985-04-12, 1985-04, 1985 \
                         or an interval such as 1964/2008"
                    .into(),
            });
        }
        if let Some(c) = s.chars().find(|c| c.is_whitespace()) {
            return Err(self.err(format_args!(
                "contains whitespace ({c:?}); EDTF allows none, so trim the value"
            )));
        }
        if let Some(c) = s.chars().find(|c| !c.is_ascii() || c.is_ascii_control()) {
            return Err(self.err(format_args!(
                "unexpected character {c:?}; EDTF uses only digits and - : / . T Z Y X ? ~ %"
            )));
        }
        if s.contains(['[', ']', '{', '}', ',']) {
            return Err(self.level2("sets and lists"));
        }
        if s.contains(['(', ')']) {
            return Err(self.err(
                "parentheses are from the 2012 draft of EDTF; \
                 put a single ?, ~ or % at the end of the date instead",
            ));
        }
        if s.starts_with("open") || s.contains("/open") || s.contains("unknown") {
            return Err(self.err(
                "'open' and 'unknown' are from the 2012 draft of EDTF; \
                 write '..' for an open end and nothing for an unknown one (e.g. 1985/..)",
            ));
        }
        // Only when the letters are all x or u, so that other junk gets the general message.
        let old_or_lower_x = |c: char| !c.is_ascii_alphabetic() || matches!(c, 'x' | 'u' | 'X');
        if s.contains(['x', 'u']) && s.chars().all(old_or_lower_x) {
            return Err(self
                .err("unspecified digits are written with upper-case X (e.g. 198X, 1985-04-XX)"));
        }

        if let Some((start, end)) = s.split_once('/') {
            if end.contains('/') {
                return Err(self
                    .err("more than one '/'; an interval is written start/end (e.g. 1964/2008)"));
            }
            return self.interval(start, end);
        }
        if s.contains("..") {
            return Err(self.err(
                "'..' is only allowed as the start or end of an interval (e.g. 1985/.. or ../1985)",
            ));
        }
        if s.contains(['T', 't']) {
            return self.datetime(s).map(Value::DateTime);
        }
        self.date(s).map(Value::Date)
    }

    fn interval(&self, start: &str, end: &str) -> Result<Value, EdtfError> {
        let start = self.end(start, "start")?;
        let end = self.end(end, "end")?;
        match (&start, &end) {
            (End::Date(a), End::Date(b)) => {
                let (lo, _) = a.bounds();
                let (_, hi) = b.bounds();
                if lo > hi {
                    return Err(self.err(format_args!(
                        "the interval starts ({lo} at the earliest) after it ends \
                         ({hi} at the latest); write the earlier date first"
                    )));
                }
            }
            (End::Date(_), _) | (_, End::Date(_)) => {}
            _ => {
                return Err(self
                    .err("an interval needs a date at one end at least (e.g. 1985/.. or /1985)"));
            }
        }
        Ok(Value::Interval(start, end))
    }

    fn end(&self, part: &str, which: &str) -> Result<End, EdtfError> {
        match part {
            "" => Ok(End::Unknown),
            ".." => Ok(End::Open),
            _ if part.contains("..") => Err(self.err(format_args!(
                "the {which} of the interval must be a date, '..' (open) or nothing (unknown)"
            ))),
            _ if part.contains(['T', 't']) => Err(self.err(format_args!(
                "the {which} of the interval has a time of day; interval ends must be dates \
                 (e.g. 2004-02-01/2005-02-08)"
            ))),
            _ => self.date(part).map(End::Date),
        }
    }

    fn date(&self, s: &str) -> Result<Date, EdtfError> {
        let bytes = s.as_bytes();
        let (body, qualifier) = match bytes.last().copied().and_then(Qualifier::from_byte) {
            Some(q) => (&s[..s.len() - 1], Some(q)),
            None => (s, None),
        };
        if body.ends_with(['?', '~', '%']) {
            return Err(self.err(
                "more than one qualifier; use a single ?, ~ or % (% means both uncertain and \
                 approximate)",
            ));
        }
        if body.contains(['?', '~', '%']) {
            return Err(self.level2(
                "qualifying part of a date; put a single ?, ~ or % at the end of the date",
            ));
        }
        if body.is_empty() {
            return Err(self.err("a qualifier must follow a date (e.g. 1984?)"));
        }

        let (year, rest) = if let Some(long) = body.strip_prefix('Y') {
            (self.long_year(long)?, Rest::None)
        } else if body.starts_with('y') {
            return Err(self.err("the year prefix is an upper-case Y (e.g. Y170000002)"));
        } else {
            self.short_date(body)?
        };
        Ok(Date {
            year,
            rest,
            qualifier,
        })
    }

    fn long_year(&self, s: &str) -> Result<Year, EdtfError> {
        let (negative, digits) = match s.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, s),
        };
        let end = digits
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(digits.len());
        let (digits, tail) = digits.split_at(end);
        if tail.starts_with(['E', 'S']) {
            return Err(self.level2("exponential years and significant digits"));
        }
        if tail.starts_with('X') {
            return Err(self.err("a Y-prefixed year cannot have unspecified (X) digits"));
        }
        if tail.starts_with('-') && !digits.is_empty() {
            return Err(
                self.err("a Y-prefixed year stands alone, without month or day (e.g. Y170000002)")
            );
        }
        if !tail.is_empty() || digits.is_empty() {
            return Err(self.err("expected digits after Y (e.g. Y170000002 or Y-170000002)"));
        }
        if digits.starts_with('0') {
            return Err(self.err("a Y-prefixed year has no leading zeros (e.g. Y170000002)"));
        }
        if digits.len() <= 4 {
            return Err(self.err(format_args!(
                "the Y prefix is only for years of more than four digits; write {}{:0>4}",
                if negative { "-" } else { "" },
                digits
            )));
        }
        // 18 digits always fit in i64, which keeps the bound arithmetic overflow-free.
        if digits.len() > 18 {
            return Err(self.err("year too large: at most 18 digits are supported"));
        }
        let value: i64 = digits
            .parse()
            .map_err(|_| self.err("expected digits after Y"))?;
        Ok(Year::Long(if negative { -value } else { value }))
    }

    /// `[-]YYYY[-MM[-DD]]` where rightmost digits may be `X`.
    fn short_date(&self, s: &str) -> Result<(Year, Rest), EdtfError> {
        let (negative, body) = match s.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, s),
        };
        let mut parts = body.split('-');
        let year_part = parts.next().unwrap_or_default();
        let month_text = parts.next();
        let day_text = parts.next();
        if parts.next().is_some() {
            return Err(
                self.err("too many '-' separated parts; expected YYYY, YYYY-MM or YYYY-MM-DD")
            );
        }

        let (known, unspecified) = self.four_digit_year(year_part, negative)?;
        let year = Year::Four {
            negative,
            known,
            unspecified,
        };
        let Some(month_text) = month_text else {
            return Ok((year, Rest::None));
        };
        if unspecified > 0 {
            return Err(self.level2("a year with X digits followed by a month"));
        }
        let year_value = if negative {
            -i64::from(known)
        } else {
            i64::from(known)
        };

        let month = self.two_digits(month_text, "month")?;
        match month {
            None | Some(1..=12) => {}
            Some(season @ 21..=24) => {
                if day_text.is_some() {
                    return Err(self.err("a season (21–24) cannot be followed by a day"));
                }
                return Ok((year, Rest::Season(season)));
            }
            Some(25..=41) => return Err(self.level2("sub-year groupings 25–41")),
            Some(m) => {
                return Err(self.err(format_args!(
                    "month {m:02} does not exist: expected 01–12, or 21–24 for a season"
                )));
            }
        }
        let Some(day_text) = day_text else {
            return Ok((year, Rest::Month(month)));
        };
        let day = self.two_digits(day_text, "day")?;
        if let Some(d) = day {
            match month {
                Some(m) => {
                    let max = days_in_month(year_value, m);
                    if d == 0 || d > max {
                        let name = MONTH_NAMES[usize::from(m - 1)];
                        return Err(self.err(format_args!(
                            "{name} {} has {max} days, so day {d:02} does not exist",
                            year_text(year_value)
                        )));
                    }
                }
                None if d == 0 || d > 31 => {
                    return Err(self.err(format_args!(
                        "day {d:02} does not exist in any month: expected 01–31"
                    )));
                }
                None => {}
            }
        }
        Ok((year, Rest::Day(month, day)))
    }

    /// The value of the known leading digits and the number of trailing `X`s.
    fn four_digit_year(&self, s: &str, negative: bool) -> Result<(u16, u8), EdtfError> {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        let xs = s[digits..].bytes().take_while(|&b| b == b'X').count();
        let tail = &s[digits + xs..];
        if digits > 0 && tail.starts_with(['E', 'S']) {
            return Err(self.level2("exponential years and significant digits"));
        }
        if xs > 0 && tail.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(self.level2("X digits other than the rightmost of the year"));
        }
        if !tail.is_empty() {
            return Err(self.err(
                "expected a four-digit year (e.g. 1985), then -MM and -DD, each of two digits",
            ));
        }
        if digits == 8 && xs == 0 && !negative {
            return Err(
                self.err("EDTF needs hyphens between year, month and day (e.g. 1985-04-12)")
            );
        }
        if digits + xs > 4 {
            return Err(self.err(
                "a year has four digits; write years beyond 9999 with a Y prefix \
                 (e.g. Y170000002)",
            ));
        }
        if digits + xs < 4 {
            return Err(
                self.err("a year has four digits, with leading zeros if need be (e.g. 0985)")
            );
        }
        if xs > 2 {
            return Err(self.level2("more than two unspecified year digits"));
        }
        let known = s[..digits]
            .bytes()
            .fold(0u16, |n, b| n * 10 + u16::from(b - b'0'));
        if negative && known == 0 && xs == 0 {
            return Err(self.err("year -0000 is written 0000"));
        }
        // At most two by the check above.
        Ok((known, xs as u8))
    }

    /// Two digits, or `XX` for unspecified (`None`).
    fn two_digits(&self, s: &str, what: &str) -> Result<Option<u8>, EdtfError> {
        match s.as_bytes() {
            b"XX" => Ok(None),
            [a, b] if a.is_ascii_digit() && b.is_ascii_digit() => {
                Ok(Some((a - b'0') * 10 + (b - b'0')))
            }
            [a, b] if (*a == b'X' || a.is_ascii_digit()) && (*b == b'X' || b.is_ascii_digit()) => {
                Err(self.level2(&format!("a {what} with only some digits unspecified")))
            }
            _ => Err(self.err(format_args!(
                "the {what} must be two digits (e.g. 04) or XX"
            ))),
        }
    }

    fn datetime(&self, s: &str) -> Result<DateTime, EdtfError> {
        let Some((date, time)) = s.split_once('T') else {
            return Err(self.err("the date-time separator is an upper-case T"));
        };
        if s.ends_with(['?', '~', '%']) {
            return Err(self.err("a date with a time of day cannot be qualified with ?, ~ or %"));
        }
        let parsed = self.date(date)?;
        let (
            Year::Four {
                negative,
                known,
                unspecified: 0,
            },
            Rest::Day(Some(month), Some(day)),
            None,
        ) = (&parsed.year, &parsed.rest, parsed.qualifier)
        else {
            return Err(self.err(
                "a time of day needs a complete, certain date before it \
                 (e.g. 1985-04-12T23:20:30)",
            ));
        };
        let year = if *negative {
            -i32::from(*known)
        } else {
            i32::from(*known)
        };

        let b = time.as_bytes();
        let hms = |i: usize| -> Option<u8> {
            let (a, c) = (*b.get(i)?, *b.get(i + 1)?);
            (a.is_ascii_digit() && c.is_ascii_digit()).then(|| (a - b'0') * 10 + (c - b'0'))
        };
        let shape_ok = b.len() >= 8 && b[2] == b':' && b[5] == b':';
        let (Some(hour), Some(minute), Some(second), true) = (hms(0), hms(3), hms(6), shape_ok)
        else {
            return Err(self.err("expected a time of day as hh:mm:ss after T (e.g. T23:20:30)"));
        };
        if hour > 23 || minute > 59 || second > 60 {
            return Err(self.err(format_args!(
                "{hour:02}:{minute:02}:{second:02} is not a time of day: expected 00:00:00 to \
                 23:59:59 (60 seconds only for a leap second)"
            )));
        }
        let shift = match &time[8..] {
            "" => Shift::None,
            "Z" => Shift::Utc,
            z if z.starts_with(['.', ',']) => {
                return Err(self.err("fractions of a second are not part of EDTF"));
            }
            z => {
                let zb = z.as_bytes();
                let sign = match zb[0] {
                    b'+' => '+',
                    b'-' => '-',
                    _ => {
                        return Err(self.err(
                            "expected Z, or a time shift such as -04 or +04:30, after the time",
                        ));
                    }
                };
                let two = |i: usize| -> Option<u8> {
                    let (a, c) = (*zb.get(i)?, *zb.get(i + 1)?);
                    (a.is_ascii_digit() && c.is_ascii_digit()).then(|| (a - b'0') * 10 + (c - b'0'))
                };
                let shift = match (zb.len(), two(1), zb.get(3), two(4)) {
                    (3, Some(h), _, _) => Shift::Hours(sign, h),
                    (6, Some(h), Some(b':'), Some(m)) => Shift::HoursMinutes(sign, h, m),
                    _ => {
                        return Err(self.err(
                            "expected a time shift such as -04 or +04:30 (hours, or hours:minutes)",
                        ));
                    }
                };
                let (h, m) = match shift {
                    Shift::Hours(_, h) => (h, 0),
                    Shift::HoursMinutes(_, h, m) => (h, m),
                    _ => (0, 0),
                };
                if h > 14 || m > 59 || (h == 14 && m > 0) {
                    return Err(self.err("time shift out of range: expected -14:00 to +14:00"));
                }
                shift
            }
        };
        Ok(DateTime {
            year,
            month: *month,
            day: *day,
            hour,
            minute,
            second,
            shift,
        })
    }
}

fn year_text(year: i64) -> String {
    let sign = if year < 0 { "-" } else { "" };
    format!("{sign}{:04}", year.unsigned_abs())
}

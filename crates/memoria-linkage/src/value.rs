//! One cell's text as a value to compare: a span of days, a span of ages, a sex, the
//! levels of a place. Anything unreadable is missing (and reported by the caller), never
//! a guess.

use memoria_core::edtf::Day;
use memoria_core::fold::fold;

use crate::schema::DateFormat;

/// A span of days since 1970-01-01, both ends included. `lo > hi` means missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DaySpan {
    pub lo: i32,
    pub hi: i32,
}

impl DaySpan {
    pub const MISSING: DaySpan = DaySpan {
        lo: i32::MAX,
        hi: i32::MIN,
    };

    pub fn is_missing(self) -> bool {
        self.lo > self.hi
    }

    /// Exactly one day.
    pub fn is_day(self) -> bool {
        self.lo == self.hi
    }
}

/// A span of ages in whole years, both ends included. `lo > hi` means missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AgeSpan {
    pub lo: u8,
    pub hi: u8,
}

impl AgeSpan {
    pub const MISSING: AgeSpan = AgeSpan { lo: 255, hi: 0 };

    pub fn is_missing(self) -> bool {
        self.lo > self.hi
    }
}

/// A cell that is neither empty, an "unknown" word, nor a value of its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unreadable;

/// Sex codes.
pub const SEX_MISSING: u8 = 0;
pub const SEX_MALE: u8 = 1;
pub const SEX_FEMALE: u8 = 2;
pub const SEX_OTHER: u8 = 3;

/// Words meaning "not known", read as missing without complaint.
pub(crate) fn is_unknown_word(folded: &str) -> bool {
    matches!(
        folded,
        "" | "unknown"
            | "unk"
            | "n/a"
            | "na"
            | "none"
            | "null"
            | "-"
            | "?"
            | "desconocido"
            | "desconocida"
            | "inconnu"
            | "مجهول"
            | "غير معروف"
    )
}

/// Reads a date; `Err` for text that is neither empty, an "unknown" word nor a date.
pub fn read_date(text: &str, format: DateFormat) -> Result<DaySpan, Unreadable> {
    let t = text.trim();
    if is_unknown_word(&t.to_lowercase()) {
        return Ok(DaySpan::MISSING);
    }
    // EDTF is always understood; a declared format is the fallback (no EDTF value
    // contains a slash between numbers of one or two digits, so there is no ambiguity).
    let span = read_edtf(t).or_else(|| match format {
        DateFormat::Edtf => None,
        DateFormat::MonthDayYear => read_slashed(t, false),
        DateFormat::DayMonthYear => read_slashed(t, true),
    });
    span.ok_or(Unreadable)
}

fn read_edtf(t: &str) -> Option<DaySpan> {
    // ISO 8601's basic format, `20240131`, which EDTF leaves out.
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        let d = Day::new(
            t[..4].parse().ok()?,
            t[4..6].parse().ok()?,
            t[6..].parse().ok()?,
        )?;
        let days = i32::try_from(d.to_days()).ok()?;
        return Some(DaySpan { lo: days, hi: days });
    }
    let parsed = memoria_core::Edtf::parse(t).ok().or_else(|| {
        // A timestamp written with a space, or a date with a time after it.
        t.get(..10)
            .filter(|_| t.len() > 10)
            .and_then(|d| memoria_core::Edtf::parse(d).ok())
    })?;
    let lo = parsed.earliest()?.to_days();
    let hi = parsed.latest()?.to_days();
    Some(DaySpan {
        lo: i32::try_from(lo).ok()?,
        hi: i32::try_from(hi).ok()?,
    })
}

fn read_slashed(t: &str, day_first: bool) -> Option<DaySpan> {
    let mut nums = t
        .split(['/', '-', '.'])
        .map(|p| p.trim().parse::<u32>().ok());
    let (a, b, y) = (nums.next()??, nums.next()??, nums.next()??);
    if nums.next().is_some() {
        return None;
    }
    let (month, day) = if day_first { (b, a) } else { (a, b) };
    // Two-digit years: 00-29 are this century, 30-99 the last (documented on DateFormat).
    let year = match y {
        0..=29 => 2000 + y,
        30..=99 => 1900 + y,
        _ => y,
    };
    let d = Day::new(
        i32::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )?;
    let days = i32::try_from(d.to_days()).ok()?;
    Some(DaySpan { lo: days, hi: days })
}

/// Reads an age: `34`, `34.5`, `40s`, `20-25`, `0`; `Err` for anything else that is not
/// an "unknown" word.
pub fn read_age(text: &str) -> Result<AgeSpan, Unreadable> {
    let t = text.trim().to_lowercase();
    if is_unknown_word(&t) {
        return Ok(AgeSpan::MISSING);
    }
    let whole = |s: &str| -> Option<u8> {
        let s = s.trim();
        let n: f64 = s.parse().ok()?;
        (0.0..=130.0).contains(&n).then_some(n.floor() as u8)
    };
    if let Some(n) = whole(&t) {
        return Ok(AgeSpan { lo: n, hi: n });
    }
    if let Some(decade) = t.strip_suffix('s').and_then(whole)
        && decade % 10 == 0
    {
        return Ok(AgeSpan {
            lo: decade,
            hi: decade + 9,
        });
    }
    if let Some((a, b)) = t.split_once('-')
        && let (Some(a), Some(b)) = (whole(a), whole(b))
        && a <= b
    {
        return Ok(AgeSpan { lo: a, hi: b });
    }
    Err(Unreadable)
}

/// The age at `on` of someone born in `born`.
pub fn age_at(born: DaySpan, on: Day) -> AgeSpan {
    if born.is_missing() {
        return AgeSpan::MISSING;
    }
    let years = |b: i32| -> Option<i32> {
        let b = Day::checked_from_days(i64::from(b))?;
        let mut y = on.year - b.year;
        if (on.month, on.day) < (b.month, b.day) {
            y -= 1;
        }
        Some(y)
    };
    // A birth span running past `on` (born "2024", counted at 2024-06-30) holds babies
    // not yet a year old: its youngest end is 0, not unknown.
    match (years(born.hi), years(born.lo)) {
        (Some(lo), Some(hi)) if (0..=130).contains(&hi) => AgeSpan {
            lo: lo.clamp(0, 130) as u8,
            hi: hi as u8,
        },
        _ => AgeSpan::MISSING,
    }
}

/// Reads a sex or gender in English, Spanish, French, Portuguese, Arabic or Russian;
/// unknown words are missing.
pub fn read_sex(text: &str) -> u8 {
    let f = fold(text.trim());
    match f.as_str() {
        "m" | "male" | "man" | "boy" | "masculino" | "hombre" | "homme" | "masculin" | "ذكر"
        | "м" | "мужской" | "муж" => SEX_MALE,
        "f" | "female" | "woman" | "girl" | "femenino" | "mujer" | "femme" | "feminin"
        | "feminino" | "انثي" | "ж" | "женский" | "жен" => SEX_FEMALE,
        "x" | "other" | "non-binary" | "nonbinary" | "transgender" | "otro" | "autre" => SEX_OTHER,
        _ => SEX_MISSING,
    }
}

/// The levels of a place in folded form, coarse to fine: several columns, or one column
/// written `country > region > district`. The path stops at the first level that is
/// empty or unknown: a district without its country is somewhere unknown, and an
/// empty level kept as a value made every record without a country share one (and
/// meet in one block by `place:1`).
pub fn place_levels(cells: &[&str], out: &mut Vec<String>) {
    out.clear();
    let push = |s: &str, out: &mut Vec<String>| {
        let f = fold(s);
        let words: Vec<&str> = f
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let level = words.join(" ");
        out.push(if is_unknown_word(&level) || is_unknown_word(f.trim()) {
            String::new()
        } else {
            level
        });
    };
    if cells.len() == 1 {
        for part in cells[0].split('>') {
            push(part, out);
        }
    } else {
        for c in cells {
            push(c, out);
        }
    }
    if let Some(gap) = out.iter().position(String::is_empty) {
        out.truncate(gap);
    }
    // Deeper levels are not compared; cut here, so that every use of the path (the
    // level, the place a record ends at, its term frequency) sees the same levels.
    out.truncate(crate::level::MAX_DEPTH);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_age_from_a_birth_year_not_yet_over_is_a_babys() {
        let on = memoria_core::Edtf::parse("2024-06-30")
            .unwrap()
            .earliest()
            .unwrap();
        let born = |t: &str| read_date(t, DateFormat::Edtf).unwrap();
        assert_eq!(age_at(born("2024"), on), AgeSpan { lo: 0, hi: 0 });
        assert_eq!(age_at(born("2023"), on), AgeSpan { lo: 0, hi: 1 });
        assert_eq!(age_at(born("1990-07-01"), on), AgeSpan { lo: 33, hi: 33 });
        assert!(age_at(born("2025"), on).is_missing(), "born after the day");
    }

    #[test]
    fn a_place_stops_at_its_first_unknown_level() {
        let mut out = Vec::new();
        place_levels(&["Valdoria", "Upper Ormelle", ""], &mut out);
        assert_eq!(out, ["valdoria", "upper ormelle"]);
        place_levels(&["", "North", "D1"], &mut out);
        assert!(out.is_empty(), "{out:?}");
        place_levels(&["Unknown", "North", "D1"], &mut out);
        assert!(out.is_empty(), "{out:?}");
        place_levels(&["Valdoria > ? > Beaumirail"], &mut out);
        assert_eq!(out, ["valdoria"]);
        place_levels(&["Valdoria", "N/A", "Beaumirail"], &mut out);
        assert_eq!(out, ["valdoria"]);
        let deep: Vec<String> = (0..14).map(|k| format!("L{k}")).collect();
        place_levels(&[&deep.join(" > ")], &mut out);
        assert_eq!(out.len(), crate::level::MAX_DEPTH);
    }

    #[test]
    fn dates() {
        let d = read_date("2015-01-02", DateFormat::Edtf).unwrap();
        assert!(d.is_day());
        assert_eq!(read_date("1/2/15", DateFormat::MonthDayYear).unwrap(), d);
        assert_eq!(read_date("2/1/2015", DateFormat::DayMonthYear).unwrap(), d);
        assert_eq!(read_date("20150102", DateFormat::Edtf).unwrap(), d);
        let y = read_date("2015", DateFormat::Edtf).unwrap();
        assert_eq!(y.hi - y.lo, 364);
        assert!(read_date("", DateFormat::Edtf).unwrap().is_missing());
        assert!(read_date("Unknown", DateFormat::Edtf).unwrap().is_missing());
        assert!(read_date("yesterday", DateFormat::Edtf).is_err());
        assert!(read_date("2/30/15", DateFormat::MonthDayYear).is_err());
    }

    #[test]
    fn ages() {
        assert_eq!(read_age("34").unwrap(), AgeSpan { lo: 34, hi: 34 });
        assert_eq!(read_age("40s").unwrap(), AgeSpan { lo: 40, hi: 49 });
        assert_eq!(read_age("20-25").unwrap(), AgeSpan { lo: 20, hi: 25 });
        assert_eq!(read_age("0.5").unwrap(), AgeSpan { lo: 0, hi: 0 });
        assert!(read_age("Unknown").unwrap().is_missing());
        assert!(read_age("old").is_err());
        let born = read_date("2000-06-15", DateFormat::Edtf).unwrap();
        let on = Day::new(2024, 6, 14).unwrap();
        assert_eq!(age_at(born, on), AgeSpan { lo: 23, hi: 23 });
    }

    #[test]
    fn sexes_and_places() {
        assert_eq!(read_sex("Male"), SEX_MALE);
        assert_eq!(read_sex("f"), SEX_FEMALE);
        assert_eq!(read_sex("أنثى"), SEX_FEMALE);
        assert_eq!(read_sex(""), SEX_MISSING);
        let mut out = Vec::new();
        place_levels(&["Valdoria > Norte >  San José "], &mut out);
        assert_eq!(out, ["valdoria", "norte", "san jose"]);
        place_levels(&["TX", ""], &mut out);
        assert_eq!(out, ["tx"]);
    }
}

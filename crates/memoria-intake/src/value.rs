//! Reading one cell's text as a typed value: dates, ages, counts, coordinates.
//!
//! Each function returns the value or a message saying what is wrong *and* what to do;
//! the caller adds the file, row and column. Nothing here guesses: a value that does
//! not read cleanly is a problem, never a default.

use memoria_core::edtf::{Day, Edtf};
use memoria_core::entity::AgeRange;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Checks a date format: `edtf`, `iso`, or a pattern with `%Y %y %m %d %b %B %H %M %S %%`.
pub fn check_date_format(format: &str) -> Result<(), String> {
    if format == "edtf" || format == "iso" {
        return Ok(());
    }
    let mut chars = format.chars();
    let mut has_year = false;
    let mut has_day = false;
    let mut has_month = false;
    while let Some(c) = chars.next() {
        if c == '%' {
            match chars.next() {
                Some('Y' | 'y') => has_year = true,
                Some('m' | 'b' | 'B') => has_month = true,
                Some('d') => has_day = true,
                Some('H' | 'M' | 'S' | '%') => {}
                Some(other) => {
                    return Err(format!(
                        "date format has %{other}, which is not supported (use %Y %y %m %d %b %B %H %M %S)"
                    ));
                }
                None => return Err("date format ends with a lone %".into()),
            }
        }
    }
    if !has_year {
        return Err("a date format needs a year (%Y or %y)".into());
    }
    if has_day && !has_month {
        return Err("a date format with a day (%d) needs a month (%m or %b)".into());
    }
    Ok(())
}

/// Reads `text` written in `format` as an EDTF date (a year, a month or a day,
/// according to what the format holds). Times of day are read and dropped: the
/// documentation model keeps dates.
pub fn parse_date(text: &str, format: &str) -> Result<Edtf, String> {
    let text = text.trim();
    if format == "edtf" {
        return Edtf::parse(text).map_err(|e| {
            format!("{e}; write an EDTF date such as 1999-03 or 1999-03-05/1999-03-07")
        });
    }
    if format == "iso" {
        return parse_date(text, "%Y-%m-%d");
    }
    let bad = || format!("not a date written as {format}; fix the value or the mapping's format");
    let (mut year, mut month, mut day) = (None::<i32>, None::<u8>, None::<u8>);
    let mut s = text;
    let mut f = format.chars();
    while let Some(c) = f.next() {
        if c != '%' {
            s = s.strip_prefix(c).ok_or_else(bad)?;
            continue;
        }
        match f.next() {
            Some('Y') => {
                let (n, rest) = digits(s, 4, 4).ok_or_else(bad)?;
                year = Some(n as i32);
                s = rest;
            }
            Some('y') => {
                let (n, rest) = digits(s, 2, 2).ok_or_else(bad)?;
                // The POSIX strptime rule: 69–99 are 1969–1999, 00–68 are 2000–2068.
                year = Some(if n >= 69 {
                    1900 + n as i32
                } else {
                    2000 + n as i32
                });
                s = rest;
            }
            Some('m') => {
                let (n, rest) = digits(s, 1, 2).ok_or_else(bad)?;
                month = Some(u8::try_from(n).map_err(|_| bad())?);
                s = rest;
            }
            Some('d') => {
                let (n, rest) = digits(s, 1, 2).ok_or_else(bad)?;
                day = Some(u8::try_from(n).map_err(|_| bad())?);
                s = rest;
            }
            Some('H' | 'M' | 'S') => {
                let (_, rest) = digits(s, 1, 2).ok_or_else(bad)?;
                s = rest;
            }
            Some('b' | 'B') => {
                let lower = s.to_lowercase();
                let (i, len) = MONTHS
                    .iter()
                    .enumerate()
                    .find_map(|(i, m)| {
                        if lower.starts_with(m) {
                            Some((i, m.len()))
                        } else if lower.starts_with(&m[..3]) {
                            Some((i, 3))
                        } else {
                            None
                        }
                    })
                    .ok_or_else(bad)?;
                month = Some(i as u8 + 1);
                // The month names are ASCII, so `len` bytes of `s` are `len` chars.
                s = s.get(len..).ok_or_else(bad)?;
            }
            Some('%') => s = s.strip_prefix('%').ok_or_else(bad)?,
            _ => return Err(bad()),
        }
    }
    if !s.is_empty() {
        return Err(bad());
    }
    let year = year.ok_or_else(bad)?;
    let text = match (month, day) {
        (None, _) => format!("{year:04}"),
        (Some(m), None) => {
            if !(1..=12).contains(&m) {
                return Err(format!("month {m} does not exist; fix the value"));
            }
            format!("{year:04}-{m:02}")
        }
        (Some(m), Some(d)) => match Day::new(year, m, d) {
            Some(day) => day.to_string(),
            None => {
                return Err(format!(
                    "{year:04}-{m:02}-{d:02} is not a day of the calendar; fix the value or leave it empty"
                ));
            }
        },
    };
    Edtf::parse(&text).map_err(|e| format!("{e}; fix the value"))
}

/// An interval from two dates; the same day twice is that day.
pub fn date_interval(start: Option<Edtf>, end: Option<Edtf>) -> Result<Option<Edtf>, String> {
    match (start, end) {
        (None, None) => Ok(None),
        (Some(s), None) => Edtf::parse(&format!("{}/", s.as_str()))
            .map(Some)
            .map_err(|e| e.to_string()),
        (None, Some(e)) => Edtf::parse(&format!("/{}", e.as_str()))
            .map(Some)
            .map_err(|e| e.to_string()),
        (Some(s), Some(e)) => {
            if s == e {
                return Ok(Some(s));
            }
            if let (Some(a), Some(b)) = (s.earliest(), e.latest())
                && a > b
            {
                return Err(
                    "the end date comes before the start date; check which column is which".into(),
                );
            }
            Edtf::parse(&format!("{}/{}", s.as_str(), e.as_str()))
                .map(Some)
                .map_err(|e| format!("{e}; check both dates"))
        }
    }
}

/// The leading run of ASCII digits of `s`, between `min` and `max` long.
fn digits(s: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let n = s.bytes().take(max).take_while(u8::is_ascii_digit).count();
    if n < min {
        return None;
    }
    Some((s[..n].parse().ok()?, &s[n..]))
}

/// An age: `53`, `53.0`, a range `40-49`, or a decade `40s` (40 to 49).
pub fn parse_age(text: &str) -> Result<AgeRange, String> {
    let t = text.trim();
    let bad = || {
        "not an age; write whole years (53), a range (40-49) or a decade (40s), or list the word under missing".to_string()
    };
    let years = |s: &str| -> Result<u16, String> {
        let s = s.trim();
        let n = s.strip_suffix(".0").unwrap_or(s);
        n.parse::<u16>().map_err(|_| bad())
    };
    let age = if let Some(d) = t.strip_suffix('s') {
        let d = years(d)?;
        if d % 10 != 0 || d > 130 {
            return Err(bad());
        }
        AgeRange { min: d, max: d + 9 }
    } else if let Some((a, b)) = t.split_once('-') {
        AgeRange {
            min: years(a)?,
            max: years(b)?,
        }
    } else {
        AgeRange::exact(years(t)?)
    };
    if age.min > age.max {
        return Err("the range's first age is above its second; write it as 40-49".into());
    }
    if age.max > 130 {
        return Err("no one is older than 130; check the value".into());
    }
    Ok(age)
}

/// A whole number of people; `3.0` is read as 3.
pub fn parse_count(text: &str) -> Result<u32, String> {
    let t = text.trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    t.parse::<u32>()
        .map_err(|_| "not a whole number of people; write digits only, such as 37".to_string())
}

/// A decimal number (coordinates, metres).
pub fn parse_number(text: &str) -> Result<f64, String> {
    let n: f64 = text.trim().parse().map_err(|_| {
        "not a number; write it with a dot for decimals, such as 5.3998".to_string()
    })?;
    if n.is_finite() {
        Ok(n)
    } else {
        Err("not a finite number".into())
    }
}

/// `value` cut to at most 40 characters, for showing in a problem.
pub fn truncate(value: &str) -> String {
    const MAX: usize = 40;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        let mut s: String = value.chars().take(MAX - 1).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str, format: &str) -> String {
        match parse_date(text, format) {
            Ok(d) => d.as_str().to_string(),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn dates_in_the_formats_lists_use() {
        assert_eq!(date("2015-01-02", "%Y-%m-%d"), "2015-01-02");
        assert_eq!(date("7/15/18", "%m/%d/%y"), "2018-07-15");
        assert_eq!(date("12/31/1999", "%m/%d/%Y"), "1999-12-31");
        assert_eq!(
            date("2009-02-20T00:00:00", "%Y-%m-%dT%H:%M:%S"),
            "2009-02-20"
        );
        assert_eq!(date("1999", "%Y"), "1999");
        assert_eq!(date("July 31, 2018", "%B %d, %Y"), "2018-07-31");
        assert_eq!(date("1999-03~", "edtf"), "1999-03~");
        assert!(date("1999-02-30", "%Y-%m-%d").contains("not a day of the calendar"));
        assert!(date("1999-13", "%Y-%m").contains("month 13"));
        assert!(date("1999-1-1x", "%Y-%m-%d").starts_with("error"));
        assert!(date("99", "%Y").starts_with("error"));
    }

    #[test]
    fn intervals() {
        let d = |s: &str| Some(Edtf::parse(s).unwrap());
        let show = |r: Result<Option<Edtf>, String>| match r {
            Ok(Some(e)) => e.as_str().to_string(),
            Ok(None) => "none".into(),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(
            show(date_interval(d("2009-02-20"), d("2009-02-20"))),
            "2009-02-20"
        );
        assert_eq!(
            show(date_interval(d("2009-08-07"), d("2009-09-10"))),
            "2009-08-07/2009-09-10"
        );
        assert!(show(date_interval(d("2009-09-10"), d("2009-08-07"))).contains("before"));
        assert_eq!(show(date_interval(None, None)), "none");
    }

    #[test]
    fn ages() {
        assert_eq!(parse_age("53").unwrap(), AgeRange::exact(53));
        assert_eq!(parse_age("40s").unwrap(), AgeRange { min: 40, max: 49 });
        assert_eq!(parse_age("17-19").unwrap(), AgeRange { min: 17, max: 19 });
        assert_eq!(parse_age("53.0").unwrap(), AgeRange::exact(53));
        for bad in ["Unknown", "", "45s", "200", "19-17", "-3", "65530s"] {
            assert!(parse_age(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn truncation_counts_characters() {
        assert_eq!(truncate("abc"), "abc");
        let long = "é".repeat(50);
        assert_eq!(truncate(&long).chars().count(), 40);
    }
}

//! EDTF parsing, printing, bounds and ordering.
//!
//! The `spec_*` tests hold every level 0 and level 1 example of the Library of Congress
//! EDTF specification of 2019-02-04 (<https://www.loc.gov/standards/datetime/>), in the
//! order the specification gives them.

use memoria_core::edtf::{Day, Edtf, Precision};

/// Parses `input`, checks it prints back unchanged, and checks its bounds (`None` for an
/// open or unknown end).
#[track_caller]
fn check(input: &str, earliest: Option<&str>, latest: Option<&str>) -> Edtf {
    let value = Edtf::parse(input).unwrap_or_else(|e| panic!("{input:?} should parse: {e}"));
    assert_eq!(value.to_string(), input, "Display of {input:?}");
    assert_eq!(value.as_str(), input, "as_str of {input:?}");
    let show = |d: Option<Day>| d.map(|d| d.to_string());
    assert_eq!(
        show(value.earliest()).as_deref(),
        earliest,
        "earliest of {input:?}"
    );
    assert_eq!(
        show(value.latest()).as_deref(),
        latest,
        "latest of {input:?}"
    );
    value
}

/// Number of specification examples checked below; kept in step by `spec_example_count`.
const SPEC_EXAMPLES: usize = 13 + 24;

fn spec_examples() -> Vec<(&'static str, Option<&'static str>, Option<&'static str>)> {
    vec![
        // Level 0: date.
        ("1985-04-12", Some("1985-04-12"), Some("1985-04-12")),
        ("1985-04", Some("1985-04-01"), Some("1985-04-30")),
        ("1985", Some("1985-01-01"), Some("1985-12-31")),
        // Level 0: date and time.
        (
            "1985-04-12T23:20:30",
            Some("1985-04-12"),
            Some("1985-04-12"),
        ),
        (
            "1985-04-12T23:20:30Z",
            Some("1985-04-12"),
            Some("1985-04-12"),
        ),
        (
            "1985-04-12T23:20:30-04",
            Some("1985-04-12"),
            Some("1985-04-12"),
        ),
        (
            "1985-04-12T23:20:30+04:30",
            Some("1985-04-12"),
            Some("1985-04-12"),
        ),
        // Level 0: time interval.
        ("1964/2008", Some("1964-01-01"), Some("2008-12-31")),
        ("2004-06/2006-08", Some("2004-06-01"), Some("2006-08-31")),
        (
            "2004-02-01/2005-02-08",
            Some("2004-02-01"),
            Some("2005-02-08"),
        ),
        ("2004-02-01/2005-02", Some("2004-02-01"), Some("2005-02-28")),
        ("2004-02-01/2005", Some("2004-02-01"), Some("2005-12-31")),
        ("2005/2006-02", Some("2005-01-01"), Some("2006-02-28")),
        // Level 1: letter-prefixed calendar year.
        (
            "Y170000002",
            Some("170000002-01-01"),
            Some("170000002-12-31"),
        ),
        (
            "Y-170000002",
            Some("-170000002-01-01"),
            Some("-170000002-12-31"),
        ),
        // Level 1: seasons.
        ("2001-21", Some("2001-03-01"), Some("2001-05-31")),
        // Level 1: qualification of a date (complete).
        ("1984?", Some("1984-01-01"), Some("1984-12-31")),
        ("2004-06~", Some("2004-06-01"), Some("2004-06-30")),
        ("2004-06-11%", Some("2004-06-11"), Some("2004-06-11")),
        // Level 1: unspecified digit(s) from the right.
        ("201X", Some("2010-01-01"), Some("2019-12-31")),
        ("20XX", Some("2000-01-01"), Some("2099-12-31")),
        ("2004-XX", Some("2004-01-01"), Some("2004-12-31")),
        ("1985-04-XX", Some("1985-04-01"), Some("1985-04-30")),
        ("1985-XX-XX", Some("1985-01-01"), Some("1985-12-31")),
        // Level 1: extended interval, open end.
        ("1985-04-12/..", Some("1985-04-12"), None),
        ("1985-04/..", Some("1985-04-01"), None),
        ("1985/..", Some("1985-01-01"), None),
        // Open start.
        ("../1985-04-12", None, Some("1985-04-12")),
        ("../1985-04", None, Some("1985-04-30")),
        ("../1985", None, Some("1985-12-31")),
        // Unknown end.
        ("1985-04-12/", Some("1985-04-12"), None),
        ("1985-04/", Some("1985-04-01"), None),
        ("1985/", Some("1985-01-01"), None),
        // Unknown start.
        ("/1985-04-12", None, Some("1985-04-12")),
        ("/1985-04", None, Some("1985-04-30")),
        ("/1985", None, Some("1985-12-31")),
        // Level 1: negative calendar year.
        ("-1985", Some("-1985-01-01"), Some("-1985-12-31")),
    ]
}

#[test]
fn spec_example_count() {
    assert_eq!(spec_examples().len(), SPEC_EXAMPLES);
}

#[test]
fn spec_examples_round_trip_with_bounds() {
    for (input, earliest, latest) in spec_examples() {
        check(input, earliest, latest);
    }
}

#[test]
fn spec_examples_survive_serde() {
    for (input, _, _) in spec_examples() {
        let value = Edtf::parse(input).unwrap();
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(json, format!("\"{input}\""));
        let back: Edtf = serde_json::from_str(&json).unwrap();
        assert_eq!(back, value);
    }
}

#[test]
fn deserialising_validates() {
    let err = serde_json::from_str::<Edtf>("\"1999-02-30\"").unwrap_err();
    assert!(
        err.to_string().contains("February 1999 has 28 days"),
        "{err}"
    );
    assert!(serde_json::from_str::<Edtf>("1999").is_err());
}

#[test]
fn more_level_0() {
    check(
        "1985-04-12T10:10:40+05:30",
        Some("1985-04-12"),
        Some("1985-04-12"),
    );
    check("2000-02", Some("2000-02-01"), Some("2000-02-29"));
    check("1999-02", Some("1999-02-01"), Some("1999-02-28"));
    check("1900-02", Some("1900-02-01"), Some("1900-02-28"));
    check("2004-02-29", Some("2004-02-29"), Some("2004-02-29"));
    check("0000", Some("0000-01-01"), Some("0000-12-31"));
    check("9999-12-31", Some("9999-12-31"), Some("9999-12-31"));
    check(
        "1998-12-31T23:59:60Z",
        Some("1998-12-31"),
        Some("1998-12-31"),
    );
    check("-0044-03-15", Some("-0044-03-15"), Some("-0044-03-15"));
    // Ends may overlap: "sometime in 2004, until sometime in June 2004".
    check("2004/2004-06", Some("2004-01-01"), Some("2004-06-30"));
    check(
        "1985-04-12/1985-04-12",
        Some("1985-04-12"),
        Some("1985-04-12"),
    );
}

#[test]
fn more_level_1() {
    check("1999", Some("1999-01-01"), Some("1999-12-31"));
    check("199X", Some("1990-01-01"), Some("1999-12-31"));
    check("00XX", Some("0000-01-01"), Some("0099-12-31"));
    check("-198X", Some("-1989-01-01"), Some("-1980-12-31"));
    check("2001-22", Some("2001-06-01"), Some("2001-08-31"));
    check("2001-23", Some("2001-09-01"), Some("2001-11-30"));
    check("2001-24", Some("2001-12-01"), Some("2002-02-28"));
    check("2003-24", Some("2003-12-01"), Some("2004-02-29"));
    check("2001-21?", Some("2001-03-01"), Some("2001-05-31"));
    check("1999-XX-15", Some("1999-01-15"), Some("1999-12-15"));
    check("1999-XX-29", Some("1999-01-29"), Some("1999-12-29"));
    check("1999-XX-31", Some("1999-01-31"), Some("1999-12-31"));
    check("2000-02-XX", Some("2000-02-01"), Some("2000-02-29"));
    check("1985-04-XX~", Some("1985-04-01"), Some("1985-04-30"));
    check(
        "1984-06-02?/2004-08-08~",
        Some("1984-06-02"),
        Some("2004-08-08"),
    );
    check("1984?/2004%", Some("1984-01-01"), Some("2004-12-31"));
    check("1984~/2004-06", Some("1984-01-01"), Some("2004-06-30"));
    check("../2001-24", None, Some("2002-02-28"));
    check("201X/..", Some("2010-01-01"), None);
    check(
        "Y-170000002/2000",
        Some("-170000002-01-01"),
        Some("2000-12-31"),
    );
    check("Y12000?", Some("12000-01-01"), Some("12000-12-31"));
}

#[test]
fn years_beyond_day_have_no_bounds_but_still_sort() {
    let far = check("Y99999999999", None, None);
    let past = check("Y-99999999999", None, None);
    let now = Edtf::parse("2024").unwrap();
    let mut list = vec![far.clone(), now.clone(), past.clone()];
    list.sort();
    assert_eq!(list, vec![past, now, far]);
    // Inside i32 the bounds are there.
    check(
        "Y2147483647",
        Some("2147483647-01-01"),
        Some("2147483647-12-31"),
    );
    check("Y2147483648", None, None);
}

#[test]
fn precision_and_uncertainty() {
    let info = |s: &str| {
        let v = Edtf::parse(s).unwrap();
        (v.precision(), v.is_uncertain(), v.is_interval())
    };
    assert_eq!(info("1985-04-12"), (Some(Precision::Day), false, false));
    assert_eq!(
        info("1985-04-12T23:20:30Z"),
        (Some(Precision::Second), false, false)
    );
    assert_eq!(info("-1985-04-12"), (Some(Precision::Day), false, false));
    assert_eq!(info("1985-04-12?"), (Some(Precision::Day), true, false));
    assert_eq!(info("1985-04-12~"), (Some(Precision::Day), true, false));
    assert_eq!(info("1985-04-12%"), (Some(Precision::Day), true, false));
    assert_eq!(info("1985-04-XX"), (Some(Precision::Day), true, false));
    assert_eq!(info("1985-XX-12"), (Some(Precision::Day), true, false));
    assert_eq!(info("1985-04"), (Some(Precision::Month), true, false));
    assert_eq!(info("1985-21"), (Some(Precision::Season), true, false));
    assert_eq!(info("1985"), (Some(Precision::Year), true, false));
    assert_eq!(info("198X"), (Some(Precision::Year), true, false));
    assert_eq!(info("Y170000002"), (Some(Precision::Year), true, false));
    assert_eq!(info("1985-04-12/1985-04-12"), (None, true, true));
    assert_eq!(info("../1985"), (None, true, true));
    assert!(Precision::Year < Precision::Season && Precision::Month < Precision::Day);
}

#[test]
fn rejected() {
    let cases = [
        ("", "empty string"),
        (" 1985", "whitespace"),
        ("1985 ", "whitespace"),
        ("1985-04-12\n", "whitespace"),
        ("1985\t", "whitespace"),
        ("1999-02-30", "\"1999-02-30\": February 1999 has 28 days"),
        ("2000-02-30", "February 2000 has 29 days"),
        ("1999-04-31", "April 1999 has 30 days"),
        ("1999-01-32", "January 1999 has 31 days"),
        (
            "1999-01-00",
            "January 1999 has 31 days, so day 00 does not exist",
        ),
        ("1999-XX-32", "day 32 does not exist in any month"),
        (
            "1999-13",
            "month 13 does not exist: expected 01–12, or 21–24",
        ),
        ("1999-20", "month 20 does not exist"),
        ("1999-00-10", "month 00 does not exist"),
        ("1999-00", "month 00 does not exist"),
        ("1999-99", "month 99 does not exist"),
        ("2001-25", "level 2 EDTF is not supported"),
        ("2001-41", "level 2 EDTF is not supported"),
        ("2001-21-05", "a season (21–24) cannot be followed by a day"),
        ("201x", "upper-case X"),
        ("1985-04-xx", "upper-case X"),
        ("199u", "upper-case X"),
        ("1985-04-12junk", "two digits"),
        ("1985abc", "four-digit year"),
        ("1985-04-12-", "too many"),
        ("1985-", "two digits"),
        ("1985-4", "two digits"),
        ("1985-04-1", "two digits"),
        ("85", "four digits"),
        ("985", "four digits"),
        ("-", "four digits"),
        ("12000", "Y prefix"),
        ("-0000", "year -0000 is written 0000"),
        ("19850412", "hyphens"),
        ("1985-0412", "two digits"),
        (
            "2005/2004",
            "the interval starts (2005-01-01 at the earliest) after it ends",
        ),
        ("2004-06-02/2004-06-01", "after it ends"),
        ("2004-07/2004-06", "after it ends"),
        ("1964/2008/2010", "more than one '/'"),
        ("/", "needs a date at one end"),
        ("../..", "needs a date at one end"),
        ("/..", "needs a date at one end"),
        ("..", "'..' is only allowed"),
        ("1985..", "'..' is only allowed"),
        ("1985/...", "must be a date, '..' (open) or nothing"),
        ("unknown/2009", "2012 draft"),
        ("2009/open", "2012 draft"),
        ("1984?~", "use a single ?, ~ or %"),
        ("1984??", "use a single ?, ~ or %"),
        ("?", "a qualifier must follow a date"),
        ("1985/?", "a qualifier must follow a date"),
        ("2004?-06-11", "level 2 EDTF is not supported"),
        ("?2004-06-~11", "level 2 EDTF is not supported"),
        ("2004-%06-11", "level 2 EDTF is not supported"),
        ("2004-06-~01/2004-06-~20", "level 2 EDTF is not supported"),
        ("[1667,1668,1670..1672]", "level 2 EDTF is not supported"),
        ("{1960,1961-12}", "level 2 EDTF is not supported"),
        ("[..1984]", "level 2 EDTF is not supported"),
        ("Y-17E7", "level 2 EDTF is not supported"),
        ("1950S2", "level 2 EDTF is not supported"),
        ("1985-0S", "the month must be two digits"),
        ("ESSE", "four-digit year"),
        ("Y171010000S3", "level 2 EDTF is not supported"),
        ("156X-12-25", "level 2 EDTF is not supported"),
        ("XXXX-12-XX", "level 2 EDTF is not supported"),
        ("1XXX-XX", "level 2 EDTF is not supported"),
        ("1984-1X", "level 2 EDTF is not supported"),
        ("1985-04-1X", "level 2 EDTF is not supported"),
        ("19X5", "level 2 EDTF is not supported"),
        ("XXXX", "level 2 EDTF is not supported"),
        ("1984(?)", "2012 draft"),
        ("y170000002", "upper-case Y"),
        (
            "Y1700",
            "only for years of more than four digits; write 1700",
        ),
        ("Y-170", "write -0170"),
        ("Y017000", "no leading zeros"),
        ("Y", "expected digits after Y"),
        ("Y17000-01", "without month or day"),
        ("Y1700X", "cannot have unspecified (X) digits"),
        ("Y1234567890123456789", "at most 18 digits"),
        ("1985-04-12t23:20:30", "upper-case T"),
        ("1985-04-12T", "hh:mm:ss"),
        ("1985-04-12T23:20", "hh:mm:ss"),
        ("1985-04-12T232030", "hh:mm:ss"),
        ("1985-04-12T24:00:00", "not a time of day"),
        ("1985-04-12T23:60:00", "not a time of day"),
        ("1985-04-12T23:20:30.5", "fractions of a second"),
        ("1985-04-12T23:20:30z", "expected Z"),
        ("1985-04-12T23:20:30+4", "time shift such as -04"),
        ("1985-04-12T23:20:30+0430", "time shift such as -04"),
        ("1985-04-12T23:20:30+15", "time shift out of range"),
        ("1985-04-12T23:20:30?", "cannot be qualified"),
        ("1985-04T23:20:30", "complete, certain date"),
        ("1985-04-XXT23:20:30", "complete, certain date"),
        ("1999-02-30T00:00:00", "February 1999 has 28 days"),
        ("1985-04-12T23:20:30/1986", "interval ends must be dates"),
        ("1985-04-12\u{e9}", "unexpected character"),
        ("\u{2212}1985", "unexpected character"),
        ("1985\0", "unexpected character"),
    ];
    for (input, expected) in cases {
        match Edtf::parse(input) {
            Ok(v) => panic!("{input:?} should be rejected, parsed as {v}"),
            Err(e) => assert!(
                e.reason.contains(expected),
                "error for {input:?} is {:?}, expected it to contain {expected:?}",
                e.reason
            ),
        }
    }
}

#[test]
fn errors_quote_little_of_the_input() {
    let long = format!("1985-04-12{}", "9".repeat(10_000));
    let err = Edtf::parse(&long).unwrap_err();
    assert!(err.reason.len() < 200, "{}", err.reason);
    assert!(err.reason.starts_with("\"1985-04-12999"), "{}", err.reason);
    assert!(err.reason.contains('…'), "{}", err.reason);
    let err = Edtf::parse(&format!("{} 1985", "x".repeat(500))).unwrap_err();
    assert!(err.reason.len() < 200, "{}", err.reason);
    assert_eq!(
        err.to_string(),
        format!("not an EDTF date: {}", err.reason),
        "Display adds the context"
    );
}

#[test]
fn ordering() {
    let inputs = [
        "2001-24",
        "1985/..",
        "2001",
        "/1985",
        "1985-04-12",
        "1985",
        "2001-12-01",
        "../1985",
        "-0044-03-15",
        "1985-04-12T23:20:30Z",
        "1985-04-12/",
        "1985?",
        "198X",
        "1985-04",
        "Y-170000002",
    ];
    let mut values: Vec<Edtf> = inputs.iter().map(|s| Edtf::parse(s).unwrap()).collect();
    values.sort();
    let sorted: Vec<&str> = values.iter().map(Edtf::as_str).collect();
    assert_eq!(
        sorted,
        vec![
            // Unknown or open start first; then by latest day, then by text.
            "../1985",
            "/1985",
            "Y-170000002",
            "-0044-03-15",
            "198X",
            "1985",
            "1985?",
            "1985/..",
            "1985-04",
            "1985-04-12",
            "1985-04-12T23:20:30Z",
            "1985-04-12/",
            "2001",
            "2001-12-01",
            "2001-24",
        ]
    );
    // Ord agrees with Eq.
    let a = Edtf::parse("1985").unwrap();
    let b = Edtf::parse("1985?").unwrap();
    assert_ne!(a.cmp(&b), std::cmp::Ordering::Equal);
    assert_eq!(a.cmp(&a.clone()), std::cmp::Ordering::Equal);
    assert!(a < b);
}

#[test]
fn day_calendar() {
    assert_eq!(
        Day::new(2000, 2, 29),
        Some(Day {
            year: 2000,
            month: 2,
            day: 29
        })
    );
    assert_eq!(Day::new(1900, 2, 29), None);
    assert_eq!(
        Day::new(2004, 2, 29).map(|d| d.to_string()).as_deref(),
        Some("2004-02-29")
    );
    assert_eq!(
        Day::new(0, 2, 29).map(|d| d.to_string()).as_deref(),
        Some("0000-02-29")
    );
    assert_eq!(
        Day::new(-4, 2, 29).map(|d| d.to_string()).as_deref(),
        Some("-0004-02-29")
    );
    assert_eq!(Day::new(-1, 2, 29), None);
    assert_eq!(Day::new(2001, 4, 31), None);
    assert_eq!(Day::new(2001, 13, 1), None);
    assert_eq!(Day::new(2001, 0, 1), None);
    assert_eq!(Day::new(2001, 1, 0), None);

    let day = |y, m, d| Day::new(y, m, d).unwrap();
    assert_eq!(day(1970, 1, 1).to_days(), 0);
    assert_eq!(day(1969, 12, 31).to_days(), -1);
    assert_eq!(day(2000, 3, 1).to_days(), 11_017);
    assert_eq!(day(0, 3, 1).to_days(), -719_468);
    assert_eq!(Day::from_days(0), day(1970, 1, 1));
    assert_eq!(Day::from_days(19_723), day(2024, 1, 1));

    // Every day from 1 BC to AD 2400 survives the round trip, and consecutive days are one
    // apart.
    let mut expected = day(0, 1, 1).to_days();
    for y in 0..=2400 {
        for m in 1..=12 {
            for d in 1..=31 {
                if let Some(x) = Day::new(y, m, d) {
                    assert_eq!(x.to_days(), expected, "{x}");
                    assert_eq!(Day::from_days(expected), x);
                    expected += 1;
                }
            }
        }
    }

    let min = Day {
        year: i32::MIN,
        month: 1,
        day: 1,
    };
    assert_eq!(Day::checked_from_days(min.to_days()), Some(min));
    assert_eq!(Day::checked_from_days(min.to_days() - 1), None);
    assert_eq!(Day::checked_from_days(i64::MAX), None);
    assert_eq!(min.to_string(), "-2147483648-01-01");
}

//! Timestamps as both backends store them.
//!
//! Stored as text in one fixed format (UTC, microseconds, `Z`), so that they sort as
//! text, compare equal across backends, and export to the same bytes they were read from.

use std::fmt;

use time::OffsetDateTime;
use time::format_description::FormatItem;
use time::macros::format_description;

const FORMAT: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

impl Timestamp {
    pub fn now() -> Timestamp {
        let t = OffsetDateTime::now_utc();
        // Truncate to the stored precision so a value read back equals the one written.
        let micros = t.microsecond();
        Timestamp(
            t.replace_nanosecond(micros * 1000)
                .expect("micros*1000 is a valid nanosecond"),
        )
    }

    pub fn parse(s: &str) -> Result<Timestamp, String> {
        time::PrimitiveDateTime::parse(s, FORMAT)
            .map(|p| Timestamp(p.assume_utc()))
            .map_err(|_| "expected a timestamp like 2026-01-31T12:00:00.000000Z".to_string())
    }

    pub fn as_offset_date_time(&self) -> OffsetDateTime {
        self.0
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.format(FORMAT).map_err(|_| fmt::Error)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_text() {
        let t = Timestamp::now();
        assert_eq!(Timestamp::parse(&t.to_string()).unwrap(), t);
        assert!(Timestamp::parse("yesterday").is_err());
    }
}

//! Calendar periods (years, quarters, months) and age bands, both held as the
//! boundaries of consecutive bins on a line of whole numbers (days, years of age), so
//! that one counting routine serves both.

use std::fmt;

use memoria_core::edtf::Day;

use super::{DescribeError, Item, When};

/// How long a period is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Granularity {
    Year,
    Quarter,
    Month,
}

impl Granularity {
    fn months(self) -> i64 {
        match self {
            Granularity::Year => 12,
            Granularity::Quarter => 3,
            Granularity::Month => 1,
        }
    }
}

/// Consecutive calendar periods of one granularity, from the one holding a first day
/// to the one holding a last day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Periods {
    granularity: Granularity,
    /// The first period as a month count (year × 12 + month − 1).
    first_month: i64,
    /// The day number each period starts on, then the day after the last one ends:
    /// one more entry than there are periods, strictly increasing.
    bounds: Vec<i64>,
}

/// One period: its first and last day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub granularity: Granularity,
    pub first: Day,
    pub last: Day,
}

impl Period {
    /// A language-neutral label: `1999`, `1999-Q2`, `1999-03`.
    pub fn label(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let y = self.first.year;
        let sign = if y < 0 { "-" } else { "" };
        let year = y.unsigned_abs();
        match self.granularity {
            Granularity::Year => write!(f, "{sign}{year:04}"),
            Granularity::Quarter => {
                write!(f, "{sign}{year:04}-Q{}", (self.first.month - 1) / 3 + 1)
            }
            Granularity::Month => write!(f, "{sign}{year:04}-{:02}", self.first.month),
        }
    }
}

impl Periods {
    /// The most periods a series may have (a monthly series over 8,000 years), so that
    /// one absurd date cannot make a series that fills memory.
    pub const MAX: usize = 100_000;

    /// The periods from the one holding `first` to the one holding `last`.
    pub fn new(granularity: Granularity, first: Day, last: Day) -> Result<Periods, DescribeError> {
        if first > last {
            return Err(DescribeError::Reversed);
        }
        let step = granularity.months();
        let month = |d: Day| i64::from(d.year) * 12 + i64::from(d.month) - 1;
        let first_month = month(first).div_euclid(step) * step;
        let n = (month(last) - first_month) / step + 1;
        if n > Periods::MAX as i64 {
            return Err(DescribeError::TooManyPeriods {
                periods: n,
                max: Periods::MAX,
            });
        }
        let bounds = (0..=n)
            .map(|i| month_start(first_month + i * step).map(|d| d.to_days()))
            .collect::<Option<Vec<i64>>>()
            .ok_or(DescribeError::OutOfRange)?;
        Ok(Periods {
            granularity,
            first_month,
            bounds,
        })
    }

    /// The periods from the earliest possible day of any item to the latest. Undated
    /// and open-ended items play no part; with no dated item there are no periods.
    pub fn covering(items: &[Item], granularity: Granularity) -> Result<Periods, DescribeError> {
        let mut span: Option<(i64, i64)> = None;
        for item in items {
            if let When::Between { earliest, latest } = item.when {
                let (earliest, latest) = (earliest.min(latest), earliest.max(latest));
                span = Some(match span {
                    None => (earliest, latest),
                    Some((lo, hi)) => (lo.min(earliest), hi.max(latest)),
                });
            }
        }
        match span {
            None => Ok(Periods {
                granularity,
                first_month: 0,
                bounds: vec![0],
            }),
            Some((lo, hi)) => {
                let day = |d| Day::checked_from_days(d).ok_or(DescribeError::OutOfRange);
                Periods::new(granularity, day(lo)?, day(hi)?)
            }
        }
    }

    pub fn granularity(&self) -> Granularity {
        self.granularity
    }

    pub fn len(&self) -> usize {
        self.bounds.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`-th period.
    ///
    /// # Panics
    ///
    /// If `i >= self.len()`.
    pub fn get(&self, i: usize) -> Period {
        assert!(i < self.len(), "period {i} of {}", self.len());
        Period {
            granularity: self.granularity,
            first: Day::from_days(self.bounds[i]),
            last: Day::from_days(self.bounds[i + 1] - 1),
        }
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = Period> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// [`Period::label`] of every period.
    pub fn labels(&self) -> Vec<String> {
        self.iter().map(|p| p.label()).collect()
    }

    /// Day numbers (days since 1970-01-01) where each period starts, then the day
    /// after the last one ends.
    pub fn bounds(&self) -> &[i64] {
        &self.bounds
    }

    /// The month count (year × 12 + month − 1) of the first period.
    pub fn first_month(&self) -> i64 {
        self.first_month
    }
}

fn month_start(month: i64) -> Option<Day> {
    let year = i32::try_from(month.div_euclid(12)).ok()?;
    // rem_euclid(12) is 0..=11.
    Day::new(year, month.rem_euclid(12) as u8 + 1, 1)
}

/// Age groups as the whole years each starts at; the last group has no upper end.
///
/// `[0, 18, 30, 45, 60]` makes 0–17, 18–29, 30–44, 45–59 and 60+. Ages below the first
/// start are counted as outside every group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgeBands {
    starts: Vec<u16>,
    /// `starts` as bin boundaries, closed by one past the oldest age an
    /// [`memoria_core::entity::AgeRange`] can hold.
    bounds: Vec<i64>,
}

impl AgeBands {
    /// Groups starting at each age of `starts`, which must be strictly increasing.
    pub fn new(starts: &[u16]) -> Result<AgeBands, DescribeError> {
        if starts.is_empty() {
            return Err(DescribeError::NoBands);
        }
        if starts.windows(2).any(|w| w[0] >= w[1]) {
            return Err(DescribeError::BandsNotIncreasing);
        }
        let mut bounds: Vec<i64> = starts.iter().map(|&s| i64::from(s)).collect();
        bounds.push(i64::from(u16::MAX) + 1);
        Ok(AgeBands {
            starts: starts.to_vec(),
            bounds,
        })
    }

    /// Children (0–17), then 18–29, 30–44, 45–59 and 60+.
    pub fn standard() -> AgeBands {
        AgeBands::new(&[0, 18, 30, 45, 60]).expect("increasing")
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// `18–29`, or `60+` for the last group.
    pub fn label(&self, i: usize) -> String {
        match self.starts.get(i + 1) {
            Some(next) => format!("{}–{}", self.starts[i], next - 1),
            None => format!("{}+", self.starts[i]),
        }
    }

    pub fn labels(&self) -> Vec<String> {
        (0..self.len()).map(|i| self.label(i)).collect()
    }

    pub(crate) fn bounds(&self) -> &[i64] {
        &self.bounds
    }
}

//! Places: a hierarchy from country to locality, and points on the earth.
//!
//! A place is a record of its own so that incidents in the same village share one place
//! and counts can be rolled up at any level. Coordinates always carry their precision:
//! a point given "to the nearest town" must never be drawn as if it were a doorstep.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How far down the hierarchy a place sits. The order is from largest to smallest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceLevel {
    Country,
    Region,
    District,
    Locality,
}

impl PlaceLevel {
    pub const ALL: [PlaceLevel; 4] = [
        PlaceLevel::Country,
        PlaceLevel::Region,
        PlaceLevel::District,
        PlaceLevel::Locality,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PlaceLevel::Country => "country",
            PlaceLevel::Region => "region",
            PlaceLevel::District => "district",
            PlaceLevel::Locality => "locality",
        }
    }

    /// The level directly below this one, if any.
    pub fn child(self) -> Option<PlaceLevel> {
        match self {
            PlaceLevel::Country => Some(PlaceLevel::Region),
            PlaceLevel::Region => Some(PlaceLevel::District),
            PlaceLevel::District => Some(PlaceLevel::Locality),
            PlaceLevel::Locality => None,
        }
    }
}

impl fmt::Display for PlaceLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PlaceLevel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PlaceLevel::ALL
            .into_iter()
            .find(|l| l.as_str() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| "expected one of country, region, district, locality".to_string())
    }
}

/// A WGS84 point with the radius, in metres, within which the true place lies.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
    /// Radius of uncertainty in metres; `None` when the source did not say, which is
    /// treated as "unknown", never as "exact".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision_m: Option<f64>,
}

impl GeoPoint {
    /// Problems with the point, as (field suffix, message) pairs.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !(self.lat.is_finite() && (-90.0..=90.0).contains(&self.lat)) {
            out.push((
                "lat",
                "latitude must be between -90 and 90 degrees".to_string(),
            ));
        }
        if !(self.lon.is_finite() && (-180.0..=180.0).contains(&self.lon)) {
            out.push((
                "lon",
                "longitude must be between -180 and 180 degrees".to_string(),
            ));
        }
        if let Some(p) = self.precision_m
            && !(p.is_finite() && p >= 0.0)
        {
            out.push((
                "precision_m",
                "precision must be a distance in metres, 0 or more".to_string(),
            ));
        }
        out
    }
}

/// Is `code` shaped like an ISO 3166-1 alpha-2 code (`CF`) or an ISO 3166-2
/// subdivision code (`CF-BGF`, `US-CA`)? Whether the code is assigned is not checked
/// here: the list changes, and an unassigned code is a warning, not an error.
pub fn is_iso3166_shaped(code: &str) -> bool {
    let (country, sub) = match code.split_once('-') {
        Some((c, s)) => (c, Some(s)),
        None => (code, None),
    };
    let country_ok = country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase());
    let sub_ok = sub.is_none_or(|s| {
        (1..=3).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    });
    country_ok && sub_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_codes() {
        for ok in ["CF", "US", "US-CA", "CF-BGF", "GB-ENG", "FR-75"] {
            assert!(is_iso3166_shaped(ok), "{ok}");
        }
        for bad in ["", "C", "cf", "USA", "US-", "US-CALI", "us-ca"] {
            assert!(!is_iso3166_shaped(bad), "{bad}");
        }
    }
}

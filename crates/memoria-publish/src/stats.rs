//! The published tables: documented victims by year, violation, perpetrator type and
//! region, and region by violation, each protected by [`crate::sdc::protect`].
//!
//! They count what the policy let through (the published incidents), so that a reader
//! who adds up the incident list finds the same world as the charts. A victim is
//! counted once per incident (a group as its size); in the violation and perpetrator
//! tables once under each value met, since one person may suffer several violations.

use std::collections::{BTreeMap, BTreeSet};

use memoria_core::id::RecordId;
use memoria_core::place::PlaceLevel;
use memoria_estimate::describe::{self, Granularity, Item, Periods, When};

use crate::input::Snapshot;
use crate::model::Published;
use crate::sdc::{Protected, Table, protect};

/// A one-way table: its row keys (codes, place ids or years) and what may be shown.
#[derive(Clone, Debug)]
pub struct OneWay {
    pub name: &'static str,
    pub keys: Vec<String>,
    pub table: Table,
    pub protected: Protected,
}

#[derive(Clone, Debug)]
pub struct TwoWay {
    pub name: &'static str,
    pub table: Table,
    pub protected: Protected,
}

#[derive(Clone, Debug)]
pub struct Tables {
    pub years: OneWay,
    pub violations: OneWay,
    pub perpetrators: OneWay,
    /// Keyed by the region's place id.
    pub regions: OneWay,
    /// Rows are region place ids, columns violation codes.
    pub region_violation: TwoWay,
    /// Victims weighed, in all published incidents.
    pub victims: u64,
    /// Victims whose date is unknown or open-ended, outside the yearly series.
    pub undated: u64,
    pub open_ended: u64,
    pub first_year: Option<i32>,
    pub last_year: Option<i32>,
}

const NONE: &str = "";

fn one_way(name: &'static str, counts: BTreeMap<String, f64>, threshold: f64) -> OneWay {
    let keys: Vec<String> = counts.keys().cloned().collect();
    let table = Table {
        rows: keys.clone(),
        columns: vec!["count".to_string()],
        cells: counts.values().map(|v| vec![*v]).collect(),
    };
    let protected = protect(&table, threshold);
    OneWay {
        name,
        keys,
        table,
        protected,
    }
}

/// The region (a place id at region level) of an incident's published place chain.
pub fn region_of(s: &Snapshot, places: &[RecordId]) -> Option<RecordId> {
    places
        .iter()
        .find(|id| {
            s.places
                .get(id)
                .is_some_and(|p| p.level == PlaceLevel::Region)
        })
        .copied()
}

pub fn tables(s: &Snapshot, published: &Published) -> Tables {
    let threshold = f64::from(s.policy.threshold);
    let mut items = Vec::new();
    let mut by_violation: BTreeMap<String, f64> = BTreeMap::new();
    let mut by_perpetrator: BTreeMap<String, f64> = BTreeMap::new();
    let mut by_region: BTreeMap<String, f64> = BTreeMap::new();
    let mut cross: BTreeMap<(String, String), f64> = BTreeMap::new();
    let mut victims = 0u64;
    for inc in &published.incidents {
        let region = region_of(s, &inc.places)
            .map(|r| r.to_string())
            .unwrap_or_else(|| NONE.to_string());
        // Each person once per incident: at their first act, with that act's date.
        let mut seen: BTreeSet<RecordId> = BTreeSet::new();
        let mut violations_of: BTreeMap<RecordId, BTreeSet<&str>> = BTreeMap::new();
        let mut kinds_of: BTreeMap<RecordId, BTreeSet<&str>> = BTreeMap::new();
        let mut weight_of: BTreeMap<RecordId, u32> = BTreeMap::new();
        for act in &inc.acts {
            for v in &act.victims {
                let weight = v.group_size.filter(|&n| n > 0).unwrap_or(1);
                weight_of.insert(v.person, weight);
                violations_of
                    .entry(v.person)
                    .or_default()
                    .insert(act.violation.as_str());
                let kinds = kinds_of.entry(v.person).or_default();
                for p in &act.perpetrators {
                    if let Some(k) = &p.kind {
                        kinds.insert(k.as_str());
                    }
                }
                if seen.insert(v.person) {
                    let mut item = Item::new(When::of(act.date.as_ref().or(inc.date.as_ref())));
                    item.weight = weight;
                    items.push(item);
                }
            }
        }
        for (person, weight) in &weight_of {
            let w = f64::from(*weight);
            victims += u64::from(*weight);
            *by_region.entry(region.clone()).or_default() += w;
            for v in &violations_of[person] {
                *by_violation.entry(v.to_string()).or_default() += w;
                *cross.entry((region.clone(), v.to_string())).or_default() += w;
            }
            let kinds = &kinds_of[person];
            if kinds.is_empty() {
                *by_perpetrator.entry(NONE.to_string()).or_default() += w;
            }
            for k in kinds {
                *by_perpetrator.entry(k.to_string()).or_default() += w;
            }
        }
    }

    let (years, undated, open_ended, first_year, last_year) =
        match Periods::covering(&items, Granularity::Year) {
            Ok(periods) if !periods.is_empty() => {
                let counts = describe::by_period(&items, &periods);
                let labels = periods.labels();
                let first = labels.first().and_then(|l| l.parse().ok());
                let last = labels.last().and_then(|l| l.parse().ok());
                let map: BTreeMap<String, f64> = labels
                    .into_iter()
                    .zip(counts.spread.iter().copied())
                    .collect();
                (map, counts.no_value, counts.open_ended, first, last)
            }
            _ => {
                let undated = items.iter().map(|i| u64::from(i.weight)).sum();
                (BTreeMap::new(), undated, 0, None, None)
            }
        };

    let rows: Vec<String> = by_region.keys().cloned().collect();
    let columns: Vec<String> = by_violation.keys().cloned().collect();
    let cells = rows
        .iter()
        .map(|r| {
            columns
                .iter()
                .map(|c| cross.get(&(r.clone(), c.clone())).copied().unwrap_or(0.0))
                .collect()
        })
        .collect();
    let table = Table {
        rows,
        columns,
        cells,
    };
    let protected = protect(&table, threshold);
    Tables {
        years: one_way("victims-by-year", years, threshold),
        violations: one_way("victims-by-violation", by_violation, threshold),
        perpetrators: one_way("victims-by-perpetrator-type", by_perpetrator, threshold),
        regions: one_way("victims-by-region", by_region, threshold),
        region_violation: TwoWay {
            name: "victims-by-region-and-violation",
            table,
            protected,
        },
        victims,
        undated,
        open_ended,
        first_year,
        last_year,
    }
}

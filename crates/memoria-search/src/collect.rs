//! The incident list in one pass over the matching documents: the total, the facet
//! counts and the requested page, all read from columns.
//!
//! Facets are counted per segment by term ordinal (an array index, no hashing), and
//! turned into codes and ids only once per segment when the counts are merged.

use std::collections::{BinaryHeap, HashMap};

use memoria_core::edtf::Day;
use memoria_core::entity::{Sensitivity, Status};
use memoria_core::id::RecordId;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::fastfield::FastFieldReaders;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::schema::{PLACE_DEPTHS, SENSITIVITIES, id_from_halves, place_at_name};
use crate::{Facets, IncidentCursor, IncidentRow, IncidentSort};

pub(crate) struct IncidentCollector {
    pub sort: IncidentSort,
    /// How many rows from the top to keep: the page's offset plus its limit.
    pub keep: usize,
    /// Only rows after this place in the order are kept (counts take every row).
    pub after: Option<IncidentCursor>,
}

/// What the list shows of one incident, and where it sorts.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Ranked {
    /// Smaller sorts first: (no date, key) with the key negated for descending orders.
    rank: (bool, i64),
    /// The record id, so that equal keys sort the same way in every index.
    id: u128,
    lo: Option<i64>,
    hi: Option<i64>,
    uncertain: bool,
}

pub(crate) struct Harvest {
    total: u64,
    top: Vec<Ranked>,
    status: [u64; 4],
    confidentiality: [u64; 4],
    violation: Vec<(String, u64)>,
    perpetrator_kind: Vec<(String, u64)>,
    place: [Vec<(String, u64)>; PLACE_DEPTHS],
}

pub(crate) struct SegmentIncidents {
    sort: IncidentSort,
    keep: usize,
    after: Option<IncidentCursor>,
    id_hi: Option<Column<u64>>,
    id_lo: Option<Column<u64>>,
    lo: Option<Column<i64>>,
    hi: Option<Column<i64>>,
    updated: Option<Column<i64>>,
    uncertain: Option<Column<bool>>,
    status: Option<Column<u64>>,
    sensitivity: Option<Column<u64>>,
    violation: Option<StrColumn>,
    perpetrator_kind: Option<StrColumn>,
    place: Vec<Option<StrColumn>>,
    total: u64,
    /// The best `keep` so far, worst on top.
    top: BinaryHeap<Ranked>,
    status_counts: [u64; 4],
    sensitivity_counts: [u64; 4],
    violation_counts: Vec<u64>,
    perpetrator_counts: Vec<u64>,
    place_counts: Vec<Vec<u64>>,
}

fn column<T>(ff: &FastFieldReaders, name: &str) -> tantivy::Result<Option<Column<T>>>
where
    T: tantivy::columnar::HasAssociatedColumnType,
    tantivy::columnar::DynamicColumn: Into<Option<Column<T>>>,
{
    ff.column_opt(name)
}

fn first<T: PartialOrd + Copy + Send + Sync + std::fmt::Debug + 'static>(
    c: &Option<Column<T>>,
    doc: DocId,
) -> Option<T> {
    c.as_ref().and_then(|c| c.first(doc))
}

fn count_ords(column: &Option<StrColumn>, counts: &mut [u64], doc: DocId) {
    if let Some(c) = column {
        for ord in c.term_ords(doc) {
            counts[ord as usize] += 1;
        }
    }
}

fn named_counts(column: &Option<StrColumn>, counts: &[u64]) -> tantivy::Result<Vec<(String, u64)>> {
    let mut out = Vec::new();
    let Some(c) = column else { return Ok(out) };
    for (ord, n) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
        let mut s = String::new();
        if c.ord_to_str(ord as u64, &mut s)? {
            out.push((s, *n));
        }
    }
    Ok(out)
}

impl Collector for IncidentCollector {
    type Fruit = Harvest;
    type Child = SegmentIncidents;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentIncidents> {
        let ff = reader.fast_fields();
        let violation = ff.str("violation_code")?;
        let perpetrator_kind = ff.str("perpetrator_kind")?;
        let place = (0..PLACE_DEPTHS)
            .map(|d| ff.str(&place_at_name(d)))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let terms = |c: &Option<StrColumn>| vec![0u64; c.as_ref().map_or(0, |c| c.num_terms())];
        Ok(SegmentIncidents {
            sort: self.sort,
            keep: self.keep,
            after: self.after,
            id_hi: column(ff, "id_hi")?,
            id_lo: column(ff, "id_lo")?,
            lo: column(ff, "date_lo")?,
            hi: column(ff, "date_hi")?,
            updated: column(ff, "updated")?,
            uncertain: column(ff, "uncertain")?,
            status: column(ff, "status")?,
            sensitivity: column(ff, "sensitivity")?,
            violation_counts: terms(&violation),
            perpetrator_counts: terms(&perpetrator_kind),
            place_counts: place.iter().map(terms).collect(),
            violation,
            perpetrator_kind,
            place,
            total: 0,
            top: BinaryHeap::new(),
            status_counts: [0; 4],
            sensitivity_counts: [0; 4],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Harvest>) -> tantivy::Result<Harvest> {
        let mut all = Harvest {
            total: 0,
            top: Vec::new(),
            status: [0; 4],
            confidentiality: [0; 4],
            violation: Vec::new(),
            perpetrator_kind: Vec::new(),
            place: Default::default(),
        };
        let mut violation: HashMap<String, u64> = HashMap::new();
        let mut perpetrator: HashMap<String, u64> = HashMap::new();
        let mut place: Vec<HashMap<String, u64>> = vec![HashMap::new(); PLACE_DEPTHS];
        for h in fruits {
            all.total += h.total;
            all.top.extend(h.top);
            for i in 0..4 {
                all.status[i] += h.status[i];
                all.confidentiality[i] += h.confidentiality[i];
            }
            for (k, n) in h.violation {
                *violation.entry(k).or_default() += n;
            }
            for (k, n) in h.perpetrator_kind {
                *perpetrator.entry(k).or_default() += n;
            }
            for (d, counts) in h.place.into_iter().enumerate() {
                for (k, n) in counts {
                    *place[d].entry(k).or_default() += n;
                }
            }
        }
        all.top.sort_unstable();
        all.top.truncate(self.keep);
        all.violation = by_count(violation);
        all.perpetrator_kind = by_count(perpetrator);
        for (d, counts) in place.into_iter().enumerate() {
            all.place[d] = by_count(counts);
        }
        Ok(all)
    }
}

/// Largest count first, then by name, so that the order is stable.
fn by_count(counts: HashMap<String, u64>) -> Vec<(String, u64)> {
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

impl SegmentIncidents {
    fn rank(&self, doc: DocId) -> (bool, i64) {
        let key = match self.sort {
            IncidentSort::UpdatedDesc => first(&self.updated, doc).map(|u| -u),
            IncidentSort::DateAsc | IncidentSort::DateDesc => {
                // The earliest day when the start is known, else the latest.
                let day = match first(&self.lo, doc) {
                    Some(i64::MIN) => first(&self.hi, doc).filter(|d| *d != i64::MAX),
                    lo => lo,
                };
                if self.sort == IncidentSort::DateDesc {
                    day.map(|d| -d)
                } else {
                    day
                }
            }
        };
        (key.is_none(), key.unwrap_or(0))
    }
}

impl SegmentCollector for SegmentIncidents {
    type Fruit = Harvest;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.total += 1;
        if let Some(s) = first(&self.status, doc) {
            self.status_counts[(s as usize).min(3)] += 1;
        }
        if let Some(s) = first(&self.sensitivity, doc) {
            self.sensitivity_counts[(s as usize).min(3)] += 1;
        }
        count_ords(&self.violation, &mut self.violation_counts, doc);
        count_ords(&self.perpetrator_kind, &mut self.perpetrator_counts, doc);
        for d in 0..PLACE_DEPTHS {
            count_ords(&self.place[d], &mut self.place_counts[d], doc);
        }
        if self.keep == 0 {
            return;
        }
        let rank = self.rank(doc);
        if let Some(after) = self.after
            && rank < after.rank
        {
            return;
        }
        // Most documents rank below the page: decide on the key before reading the id.
        if self.top.len() == self.keep
            && let Some(worst) = self.top.peek()
            && rank > worst.rank
        {
            return;
        }
        let hi_id = first(&self.id_hi, doc).unwrap_or(0);
        let lo_id = first(&self.id_lo, doc).unwrap_or(0);
        let id = (u128::from(hi_id) << 64) | u128::from(lo_id);
        if let Some(after) = self.after
            && (rank, id) <= (after.rank, after.id)
        {
            return;
        }
        if self.top.len() == self.keep
            && let Some(worst) = self.top.peek()
            && (rank, id) >= (worst.rank, worst.id)
        {
            return;
        }
        let lo = first(&self.lo, doc);
        let hi = first(&self.hi, doc);
        self.top.push(Ranked {
            rank,
            id,
            lo,
            hi,
            uncertain: first(&self.uncertain, doc).unwrap_or(false),
        });
        if self.top.len() > self.keep {
            self.top.pop();
        }
    }

    fn harvest(self) -> Harvest {
        // A column that cannot name an ordinal is damage; the counts are then left out
        // rather than the whole list failing.
        let named = |c: &Option<StrColumn>, n: &[u64]| named_counts(c, n).unwrap_or_default();
        Harvest {
            total: self.total,
            status: self.status_counts,
            confidentiality: self.sensitivity_counts,
            violation: named(&self.violation, &self.violation_counts),
            perpetrator_kind: named(&self.perpetrator_kind, &self.perpetrator_counts),
            place: std::array::from_fn(|d| named(&self.place[d], &self.place_counts[d])),
            top: self.top.into_vec(),
        }
    }
}

fn day(n: Option<i64>, open: i64) -> Option<Day> {
    n.filter(|n| *n != open).and_then(Day::checked_from_days)
}

impl Harvest {
    pub fn total(&self) -> usize {
        self.total as usize
    }

    /// The rows from `offset` on, at most `limit`, in `sort`'s order.
    pub fn rows(&self, sort: IncidentSort, offset: usize, limit: usize) -> Vec<IncidentRow> {
        self.top
            .iter()
            .skip(offset)
            .take(limit)
            .map(|r| IncidentRow {
                id: id_from_halves((r.id >> 64) as u64, r.id as u64),
                earliest: day(r.lo, i64::MIN),
                latest: day(r.hi, i64::MAX),
                date_uncertain: r.uncertain,
                cursor: IncidentCursor {
                    sort,
                    rank: r.rank,
                    id: r.id,
                },
            })
            .collect()
    }

    /// The facets. Places are counted one level below `place_depth` (the depth of the
    /// place filter; the top when there is none), going down while only one place has
    /// incidents, so that a collection about one country shows its regions.
    pub fn facets(&self, place_depth: Option<usize>) -> Facets {
        let status = Status::ALL
            .into_iter()
            .zip(self.status)
            .filter(|(_, n)| *n > 0)
            .collect();
        let confidentiality: Vec<(Sensitivity, u64)> = SENSITIVITIES
            .into_iter()
            .zip(self.confidentiality)
            .filter(|(_, n)| *n > 0)
            .collect();
        let mut depth = place_depth.map_or(0, |d| d + 1);
        while depth + 1 < PLACE_DEPTHS
            && self.place[depth].len() == 1
            && !self.place[depth + 1].is_empty()
        {
            depth += 1;
        }
        let place = self
            .place
            .get(depth)
            .into_iter()
            .flatten()
            .filter_map(|(id, n)| id.parse::<RecordId>().ok().map(|id| (id, *n)))
            .collect();
        Facets {
            status,
            confidentiality,
            violation: self.violation.clone(),
            perpetrator_kind: self.perpetrator_kind.clone(),
            place,
        }
    }

    /// The depth at which `place` sits in the chains of the matching incidents.
    pub fn depth_of(&self, place: RecordId) -> Option<usize> {
        let p = place.to_string();
        self.place
            .iter()
            .position(|counts| counts.iter().any(|(id, _)| *id == p))
    }
}

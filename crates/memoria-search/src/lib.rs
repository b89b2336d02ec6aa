//! The search index: full-text search over records, and the filtered, faceted,
//! sorted incident list — both answered from a tantivy index kept in step with the
//! store.
//!
//! The index is a cache: everything in it is derived from the store, and it can be
//! wiped and rebuilt at any time ([`Index::rebuild`]). Each process keeps its own;
//! [`Index::refresh`] applies the writes the process itself made, and [`Index::follow`]
//! those any process made, by reading the store's audit log.
//!
//! Invariants:
//! - Permissions are part of every query ([`Scope`]): a record an account may not read
//!   is never a hit, and is never counted in a total or a facet.
//! - Deleted records are not in the index.
//! - No record content leaves this crate in an error message.
//!
//! What this crate does not do: decide who may see what (the web layer builds the
//! [`Scope`] from an account's roles), read bodies for display (hits are ids; callers
//! read records from the store), or index claims and vocabularies as records of their
//! own. Interventions are indexed without words, only to be found by the
//! incidents they are about and by when they fall due.
//!
//! Modules: `schema` (the fields), `analyze` (folding words), `doc` (records to
//! documents), `query` (text matching and scope), `collect` (the incident list's
//! one-pass collector), `interventions` (by incident, by due day), `refresh` and
//! `follow` (keeping up with the store), `rebuild`.

mod analyze;
mod collect;
mod doc;
mod error;
mod follow;
mod interventions;
mod query;
mod rebuild;
mod refresh;
mod schema;

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use memoria_core::edtf::Day;
use memoria_core::entity::{EntityKind, Sensitivity, Status};
use memoria_core::id::RecordId;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query};
use tantivy::{IndexReader, IndexWriter, ReloadPolicy, Term};

pub use error::{Result, SearchError};
pub use interventions::DueFollowUp;
pub use rebuild::RecordSource;

use crate::collect::IncidentCollector;
use crate::follow::Follow;
use crate::query::TextFields;
use crate::schema::{Fields, SCHEMA_VERSION, id_from_halves, kind_code, kind_from_code};
use crate::schema::{sensitivity_code, status_code};

/// What the asking account may see; built by the web layer from its roles.
///
/// Nobody may find, or learn the existence of, what they may not read: the scope is a
/// clause of every query, so totals and facet counts exclude it too.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// An installation administrator: everything.
    pub all: bool,
    pub collections: Vec<CollectionScope>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CollectionScope {
    pub collection: RecordId,
    /// Records more sensitive than this are invisible.
    pub max_sensitivity: Sensitivity,
    /// May search personal names. Without it, persons and list records of the
    /// collection (which are found only by their names) are never hits.
    pub names: bool,
}

impl Scope {
    /// Everything: for installation administrators.
    pub fn everything() -> Scope {
        Scope {
            all: true,
            collections: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// Words that must all match; none (or only punctuation) lists everything in scope.
    pub text: String,
    /// Empty for every kind.
    pub kinds: Vec<EntityKind>,
    /// Beyond [`MAX_OFFSET`], no hits (the total is still counted).
    pub offset: usize,
    /// 0 for the total alone; at most [`MAX_LIMIT`].
    pub limit: usize,
}

/// The largest page a query returns; larger limits are cut to it.
pub const MAX_LIMIT: usize = 1000;
/// The deepest a page may start: a page beyond it is empty (the total is still
/// counted). Nobody pages through a hundred thousand hits; they narrow the query, and
/// deeper pages would make every collector keep that many candidates.
pub const MAX_OFFSET: usize = 100_000;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub id: RecordId,
    pub kind: EntityKind,
    pub collection: Option<RecordId>,
    pub score: f32,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum IncidentSort {
    /// Earliest first; by the earliest possible day (the latest when the start is
    /// open); undated incidents last.
    DateAsc,
    /// Latest first, by the same day; undated incidents last.
    #[default]
    DateDesc,
    /// Most recently written first (the incident or any of its acts).
    UpdatedDesc,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IncidentFilter {
    pub collection: Option<RecordId>,
    /// Incidents that may have happened on or after this day (their latest possible day
    /// is not before it). Undated incidents never match a date filter; an open end
    /// matches every day on its side.
    pub date_from: Option<Day>,
    /// Incidents that may have happened on or before this day.
    pub date_to: Option<Day>,
    /// The place or any place below it.
    pub place: Option<RecordId>,
    /// A violation code; narrower terms of the `violation-types` vocabulary match too.
    pub violation: Option<String>,
    /// A perpetrator person or organisation id as text, or a perpetrator kind code.
    pub perpetrator: Option<String>,
    pub status: Option<Status>,
    pub confidentiality: Option<Sensitivity>,
    pub text: Option<String>,
    pub sort: IncidentSort,
    /// Only the rows after this one (a row's [`IncidentRow::cursor`], of the same sort):
    /// a page anywhere in the list, however deep, with `offset` 0. The total and the
    /// facets still count every matching incident.
    pub after: Option<IncidentCursor>,
    /// Beyond [`MAX_OFFSET`], no rows (the total and facets are still counted); past
    /// it, page with `after`.
    pub offset: usize,
    /// 0 for the total and facets alone; at most [`MAX_LIMIT`].
    pub limit: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct IncidentPage {
    pub total: usize,
    pub rows: Vec<IncidentRow>,
    pub facets: Facets,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentRow {
    pub id: RecordId,
    /// `None` when undated or the start is open.
    pub earliest: Option<Day>,
    /// `None` when undated or the end is open.
    pub latest: Option<Day>,
    /// The date falls short of one certain day (qualified, unspecified digits, coarser
    /// than a day, or an interval).
    pub date_uncertain: bool,
    /// Where the row stands in the list's order: [`IncidentFilter::after`] for the
    /// page that follows it.
    pub cursor: IncidentCursor,
}

/// A place in the incident list's order: the sort, the row's key and its id. Written
/// as text (`Display`, `FromStr`) for links and API cursors; it names no one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IncidentCursor {
    sort: IncidentSort,
    /// As [`collect`] ranks rows: (no key, key negated for descending orders).
    rank: (bool, i64),
    id: u128,
}

impl IncidentCursor {
    pub fn sort(&self) -> IncidentSort {
        self.sort
    }
}

fn sort_letter(sort: IncidentSort) -> char {
    match sort {
        IncidentSort::DateDesc => 'd',
        IncidentSort::DateAsc => 'a',
        IncidentSort::UpdatedDesc => 'u',
    }
}

impl std::fmt::Display for IncidentCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}{}{}.{:032x}",
            sort_letter(self.sort),
            u8::from(self.rank.0),
            self.rank.1,
            self.id
        )
    }
}

/// A text that is not a cursor this index wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadCursor;

impl std::str::FromStr for IncidentCursor {
    type Err = BadCursor;

    fn from_str(s: &str) -> std::result::Result<IncidentCursor, BadCursor> {
        let mut chars = s.chars();
        let sort = match chars.next() {
            Some('d') => IncidentSort::DateDesc,
            Some('a') => IncidentSort::DateAsc,
            Some('u') => IncidentSort::UpdatedDesc,
            _ => return Err(BadCursor),
        };
        let missing = match chars.next() {
            Some('0') => false,
            Some('1') => true,
            _ => return Err(BadCursor),
        };
        let (key, id) = chars.as_str().split_once('.').ok_or(BadCursor)?;
        if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(BadCursor);
        }
        Ok(IncidentCursor {
            sort,
            rank: (missing, key.parse().map_err(|_| BadCursor)?),
            id: u128::from_str_radix(id, 16).map_err(|_| BadCursor)?,
        })
    }
}

/// Counts of the incidents matching a filter, by value; largest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    pub status: Vec<(Status, u64)>,
    pub confidentiality: Vec<(Sensitivity, u64)>,
    /// By violation code as recorded on the acts (an incident counts once per code).
    pub violation: Vec<(String, u64)>,
    pub perpetrator_kind: Vec<(String, u64)>,
    /// By place one level below the place filter (below the top without one), going
    /// down while a single place holds every incident that has a place: a collection
    /// about one country is counted by region.
    pub place: Vec<(RecordId, u64)>,
}

/// The index of one process. `Send + Sync`; share it in an `Arc`.
///
/// Reads ([`Index::search`], [`Index::incidents`]) run concurrently and see the last
/// commit. Writes ([`Index::refresh`], [`Index::follow`], [`Index::rebuild`]) take
/// turns; a rebuild holds the others back until it ends.
pub struct Index {
    index: tantivy::Index,
    reader: IndexReader,
    fields: Fields,
    writer: Mutex<Writer>,
    needs_rebuild: AtomicBool,
    /// A rebuild is running: refresh and follow return at once instead of waiting for
    /// it (see [`Index::refresh`]).
    rebuilding: AtomicBool,
}

/// The write side, one at a time.
struct Writer {
    /// `None` only while a rebuild swaps writers.
    writer: Option<IndexWriter>,
    follow: Follow,
    /// Place → parent, as read from the store; dropped for a place that is refreshed.
    places: HashMap<RecordId, Option<RecordId>>,
    /// Unit → the unit it answers to, as read from the store; dropped for a unit that
    /// is refreshed.
    units: HashMap<RecordId, Option<RecordId>>,
    violations: Option<doc::Violations>,
}

/// An ordinary writer's memory: small, since it holds one refresh at a time.
const WRITER_BUDGET: usize = 32 << 20;

impl Index {
    /// Opens the index in `dir`, creating it if missing. An index written with another
    /// schema version, or that cannot be opened, is wiped: [`Index::needs_rebuild`]
    /// then says so, as it does for a new index.
    pub fn open(dir: &Path) -> Result<Index> {
        let io = |source| SearchError::Io {
            path: dir.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let meta = dir.join("meta.json");
        if meta.exists() {
            if let Ok(index) = tantivy::Index::open_in_dir(dir)
                && let Ok(metas) = index.load_metas()
            {
                let payload = follow::Payload::parse(metas.payload.as_deref());
                if let Some(p) = payload.filter(|p| p.schema == SCHEMA_VERSION) {
                    return Index::start(index, Some(p));
                }
            }
            // Ours, but of another version or damaged: it is a cache, so start again.
            for entry in std::fs::read_dir(dir).map_err(io)? {
                let path = entry.map_err(io)?.path();
                if path.is_dir() {
                    std::fs::remove_dir_all(&path).map_err(io)?;
                } else {
                    std::fs::remove_file(&path).map_err(io)?;
                }
            }
        } else if std::fs::read_dir(dir).map_err(io)?.next().is_some() {
            return Err(SearchError::NotAnIndex {
                path: dir.to_path_buf(),
            });
        }
        let (schema, _) = Fields::build();
        Index::start(tantivy::Index::create_in_dir(dir, schema)?, None)
    }

    /// A new, empty index in memory (tests, benchmarks, a server without a data
    /// directory). It needs a rebuild like any new index.
    pub fn in_ram() -> Result<Index> {
        let (schema, _) = Fields::build();
        Index::start(tantivy::Index::create_in_ram(schema), None)
    }

    fn start(mut index: tantivy::Index, mut payload: Option<follow::Payload>) -> Result<Index> {
        let (_, fields) = Fields::build();
        index.set_default_multithread_executor()?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let writer = index
            .writer_with_num_threads(1, WRITER_BUDGET)
            .map_err(SearchError::from_writer)?;
        let built = payload.as_ref().is_some_and(|p| p.built);
        let violations = payload.as_mut().and_then(|p| p.violations.take());
        Ok(Index {
            index,
            reader,
            fields,
            writer: Mutex::new(Writer {
                writer: Some(writer),
                follow: payload.map(|p| p.follow()).unwrap_or_default(),
                places: HashMap::new(),
                units: HashMap::new(),
                violations,
            }),
            needs_rebuild: AtomicBool::new(!built),
            rebuilding: AtomicBool::new(false),
        })
    }

    /// Whether the index is new or was wiped, and should be rebuilt from the store.
    pub fn needs_rebuild(&self) -> bool {
        self.needs_rebuild.load(Ordering::Relaxed)
    }

    /// How many segments the searchable index has (for benchmarks: every query visits
    /// each segment).
    pub fn segment_count(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    fn lock(&self) -> MutexGuard<'_, Writer> {
        // A panic while writing leaves at worst uncommitted documents, which the next
        // commit or rebuild settles; the index itself stays consistent.
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Commits what the writer holds, with the follow state as the commit's payload,
    /// and makes it visible to the next search.
    fn commit(&self, w: &mut Writer, built: bool) -> Result<()> {
        let payload = follow::Payload::new(built, &w.follow, w.violations.as_ref()).to_json();
        let writer = w.writer.as_mut().expect("a writer outside rebuilds");
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Records matching `query.text` (every word, in titles, narratives and names; see
    /// the `query` module for how words match), best first.
    pub fn search(&self, query: &SearchQuery, scope: &Scope) -> Result<SearchResults> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let words = analyze::words(&query.text);
        match query::text(&words, &TextFields::all(f)) {
            Some(q) => clauses.push((Occur::Must, q)),
            None => clauses.push(query::filter(Box::new(AllQuery))),
        }
        if let Some(q) = query::scope(f, scope) {
            clauses.push(query::filter(q));
        }
        if !query.kinds.is_empty() {
            let kinds = query
                .kinds
                .iter()
                .map(|k| query::term_u64(f.kind, kind_code(*k)))
                .collect();
            clauses.push(query::filter(query::union(kinds)));
        }
        let q = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        if query.limit == 0 || query.offset > MAX_OFFSET {
            let total = searcher.search(&q, &Count)?;
            return Ok(SearchResults {
                total,
                hits: Vec::new(),
            });
        }
        let top = TopDocs::with_limit(query.limit.min(MAX_LIMIT))
            .and_offset(query.offset)
            .order_by_score();
        let (docs, total) = searcher.search(&q, &(top, Count))?;
        let mut hits = Vec::with_capacity(docs.len());
        for (score, address) in docs {
            let ff = searcher.segment_reader(address.segment_ord).fast_fields();
            let get = |name: &str| -> Result<u64> {
                Ok(ff.u64(name)?.first(address.doc_id).unwrap_or(0))
            };
            let Some(kind) = kind_from_code(get("kind")?) else {
                continue;
            };
            let (chi, clo) = (get("coll_hi")?, get("coll_lo")?);
            hits.push(Hit {
                id: id_from_halves(get("id_hi")?, get("id_lo")?),
                kind,
                collection: (chi != 0 || clo != 0).then(|| id_from_halves(chi, clo)),
                score,
            });
        }
        Ok(SearchResults { total, hits })
    }

    /// One page of the incidents matching `filter`, with the total and facet counts of
    /// all of them.
    pub fn incidents(&self, filter: &IncidentFilter, scope: &Scope) -> Result<IncidentPage> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![query::filter(query::term_u64(
            f.kind,
            kind_code(EntityKind::Incident),
        ))];
        if let Some(q) = query::scope(f, scope) {
            clauses.push(query::filter(q));
        }
        if let Some(c) = filter.collection {
            clauses.push(query::filter(query::term(f.collection, &c.to_string())));
        }
        if let Some(from) = filter.date_from {
            let t = Term::from_field_i64(f.date_hi, from.to_days());
            clauses.push(query::filter(Box::new(tantivy::query::RangeQuery::new(
                std::ops::Bound::Included(t),
                std::ops::Bound::Unbounded,
            ))));
        }
        if let Some(to) = filter.date_to {
            let t = Term::from_field_i64(f.date_lo, to.to_days());
            clauses.push(query::filter(Box::new(tantivy::query::RangeQuery::new(
                std::ops::Bound::Unbounded,
                std::ops::Bound::Included(t),
            ))));
        }
        if let Some(p) = filter.place {
            clauses.push(query::filter(query::term(f.place, &p.to_string())));
        }
        if let Some(v) = &filter.violation {
            clauses.push(query::filter(query::term(f.violation, v.trim())));
        }
        if let Some(p) = &filter.perpetrator {
            clauses.push(query::filter(query::term(f.perpetrator, p.trim())));
        }
        if let Some(s) = filter.status {
            clauses.push(query::filter(query::term_u64(f.status, status_code(s))));
        }
        if let Some(s) = filter.confidentiality {
            clauses.push(query::filter(query::term_u64(
                f.sensitivity,
                sensitivity_code(s),
            )));
        }
        if let Some(text) = &filter.text {
            let words = analyze::words(text);
            if let Some(q) = query::text(&words, &TextFields::incidents(f)) {
                clauses.push(query::filter(q));
            }
        }
        let q = BooleanQuery::new(clauses);
        let collector = IncidentCollector {
            sort: filter.sort,
            // A cursor of another order says nothing about this one.
            after: filter.after.filter(|a| a.sort == filter.sort),
            keep: if filter.limit == 0 || filter.offset > MAX_OFFSET {
                0
            } else {
                filter.offset + filter.limit.min(MAX_LIMIT)
            },
        };
        let harvest = self.reader.searcher().search(&q, &collector)?;
        let place_depth = filter.place.and_then(|p| harvest.depth_of(p));
        Ok(IncidentPage {
            total: harvest.total(),
            rows: harvest.rows(filter.sort, filter.offset, filter.limit.min(MAX_LIMIT)),
            facets: harvest.facets(place_depth),
        })
    }
}

//! Rebuilding the whole index from the records.
//!
//! Two passes, so that memory does not grow with the size of the records:
//!
//! 1. Every record once ([`RecordSource::scan`]): persons, organisations, sources and
//!    list records are indexed as they come; of places only their parent, and of acts
//!    only what their incident's document needs (ids, violation, perpetrators as
//!    interned numbers: about 60 bytes an act) are kept.
//! 2. The incidents, collection by collection ([`RecordSource::incidents`]), each
//!    with its acts (found by binary search in the sorted act table) and its place
//!    chain (resolved once per place).
//!
//! The thread that reads records hands them in batches to builder threads (one per
//! core), which fold the text and add the documents, so that decoding the store's rows
//! and building documents overlap.
//!
//! The new documents go through a writer with a large memory budget and replace the
//! old ones in a single commit: searches see the old index until the new one is whole,
//! and a rebuild that fails leaves the old one as it was.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use memoria_core::entity::Entity;
use memoria_core::id::RecordId;
use memoria_core::vocab::well_known;
use memoria_store::{ListQuery, Store, StoreError, Stored};

use crate::doc::{self, ActFacts, Violations};
use crate::follow::{self, Follow};
use crate::refresh::shipped_violations;
use crate::{Index, Result, SearchError, WRITER_BUDGET};

/// The rebuild writer's memory, shared by its threads: large segments mean fewer merges.
const REBUILD_BUDGET: usize = 768 << 20;
const REBUILD_THREADS: usize = 2;

/// Incidents read per store call in the second pass.
const INCIDENT_PAGE: usize = 2000;

/// How often progress is reported, in records.
const PROGRESS_EVERY: u64 = 10_000;

/// Where a rebuild reads records from: the store, or anything that can replay records
/// (a benchmark's generator). Both passes must describe the same records.
pub trait RecordSource {
    /// Every record once, in any order; deleted ones are skipped by the index.
    fn scan(&self, visit: &mut dyn FnMut(Stored) -> Result<()>) -> Result<()>;

    /// The incidents of `collection` that are not deleted, in any order.
    fn incidents(
        &self,
        collection: RecordId,
        visit: &mut dyn FnMut(Stored) -> Result<()>,
    ) -> Result<()>;

    /// How many records [`RecordSource::scan`] visits, if known cheaply (for progress).
    fn len_hint(&self) -> u64 {
        0
    }
}

struct StoreSource<'a>(&'a dyn Store);

/// Runs a store scan with a visitor that can fail with our error: the store stops at the
/// first error its visitor returns, so ours is kept aside and a placeholder stops it.
fn scan_with(
    run: impl FnOnce(&mut dyn FnMut(Stored) -> memoria_store::Result<()>) -> memoria_store::Result<()>,
    visit: &mut dyn FnMut(Stored) -> Result<()>,
) -> Result<()> {
    let mut failure = None;
    let outcome = run(&mut |s| match visit(s) {
        Ok(()) => Ok(()),
        Err(e) => {
            failure = Some(e);
            Err(StoreError::Forbidden(
                "the search index stopped the scan".into(),
            ))
        }
    });
    match (failure, outcome) {
        (Some(e), _) => Err(e),
        (None, r) => Ok(r?),
    }
}

impl RecordSource for StoreSource<'_> {
    fn scan(&self, visit: &mut dyn FnMut(Stored) -> Result<()>) -> Result<()> {
        scan_with(|v| self.0.scan_records(v), visit)
    }

    fn incidents(
        &self,
        collection: RecordId,
        visit: &mut dyn FnMut(Stored) -> Result<()>,
    ) -> Result<()> {
        let mut after = None;
        loop {
            let page = self.0.list(&ListQuery {
                kind: Some(memoria_core::EntityKind::Incident),
                collection: Some(collection),
                after,
                limit: INCIDENT_PAGE,
                ..Default::default()
            })?;
            after = page.last().map(|s| s.id);
            let full = page.len() == INCIDENT_PAGE;
            for s in page {
                visit(s)?;
            }
            if !full {
                return Ok(());
            }
        }
    }

    fn len_hint(&self) -> u64 {
        self.0
            .count(&ListQuery {
                include_deleted: true,
                ..Default::default()
            })
            .unwrap_or(0)
    }
}

/// Strings seen many times (violation codes, perpetrator ids), kept once.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
    strings: Vec<String>,
}

impl Interner {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&n) = self.ids.get(s) {
            return n;
        }
        let n = u32::try_from(self.strings.len()).expect("fewer than 4 billion strings");
        self.ids.insert(s.to_string(), n);
        self.strings.push(s.to_string());
        n
    }
}

/// What an act gives its incident, compactly.
struct ActRow {
    incident: RecordId,
    id: RecordId,
    violation: u32,
    updated: i64,
    /// Range in the perpetrator pool: ids and kinds, then kinds alone.
    perpetrators: (u32, u16),
    kinds: (u32, u16),
}

#[derive(Default)]
struct Acts {
    rows: Vec<ActRow>,
    pool: Vec<u32>,
    strings: Interner,
}

impl Acts {
    fn push(&mut self, stored: &Stored, act: &memoria_core::entity::Act) {
        let facts = ActFacts::of(stored.id, act, doc::micros(stored.updated_at));
        let range = |items: &[String], strings: &mut Interner, pool: &mut Vec<u32>| {
            let start = u32::try_from(pool.len()).expect("fewer than 4 billion perpetrators");
            let items = &items[..items.len().min(usize::from(u16::MAX))];
            pool.extend(items.iter().map(|p| strings.intern(p)));
            (start, items.len() as u16)
        };
        let perpetrators = range(&facts.perpetrators, &mut self.strings, &mut self.pool);
        let kinds = range(&facts.perpetrator_kinds, &mut self.strings, &mut self.pool);
        self.rows.push(ActRow {
            incident: act.incident,
            id: stored.id,
            violation: self.strings.intern(&act.violation),
            updated: facts.updated,
            perpetrators,
            kinds,
        });
    }

    fn of(&self, incident: RecordId) -> Vec<ActFacts> {
        let start = self.rows.partition_point(|r| r.incident < incident);
        let strings = |(from, len): (u32, u16)| -> Vec<String> {
            self.pool[from as usize..from as usize + usize::from(len)]
                .iter()
                .map(|n| self.strings.strings[*n as usize].clone())
                .collect()
        };
        self.rows[start..]
            .iter()
            .take_while(|r| r.incident == incident)
            .map(|r| ActFacts {
                id: r.id,
                violation: self.strings.strings[r.violation as usize].clone(),
                perpetrators: strings(r.perpetrators),
                perpetrator_kinds: strings(r.kinds),
                updated: r.updated,
            })
            .collect()
    }
}

/// Place chains, from the parents gathered in the first pass.
struct Places {
    parent: HashMap<RecordId, Option<RecordId>>,
    chains: HashMap<RecordId, Vec<RecordId>>,
}

impl Places {
    fn chain(&mut self, place: RecordId) -> &[RecordId] {
        if !self.chains.contains_key(&place) {
            let mut chain = vec![place];
            let mut cur = place;
            while let Some(Some(p)) = self.parent.get(&cur) {
                if chain.contains(p) || chain.len() >= 32 {
                    break;
                }
                chain.push(*p);
                cur = *p;
            }
            chain.reverse();
            self.chains.insert(place, chain);
        }
        &self.chains[&place]
    }
}

/// Marks a rebuild as running for as long as it lives, however the rebuild ends.
struct Running<'a>(&'a Index);

impl<'a> Running<'a> {
    fn start(index: &'a Index) -> Running<'a> {
        index.rebuilding.store(true, Ordering::Release);
        Running(index)
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.rebuilding.store(false, Ordering::Release);
    }
}

impl Index {
    /// Rebuilds everything from the store and sets the follow position to the audit
    /// log's head as of the start (writes made during the rebuild are picked up by the
    /// next [`Index::follow`]). Calls `progress(done, total)` now and then (`total` 0
    /// when unknown). Returns how many documents the index holds.
    pub fn rebuild(&self, store: &dyn Store, progress: &mut dyn FnMut(u64, u64)) -> Result<u64> {
        let _running = Running::start(self);
        let mut w = self.lock();
        let now = follow::now();
        let log = follow::log_of(store);
        let head = follow::head(&log, w.follow.cursor)?;
        let holes = follow::recent_holes(&log, head, now)?;
        let n = self.rebuild_locked(&mut w, &StoreSource(store), progress, || Follow {
            cursor: head,
            holes,
        })?;
        Ok(n)
    }

    /// Replaces the whole index with the documents of `source`'s records (for
    /// benchmarks and tools that hold records outside a store). The follow position is
    /// left as it was.
    pub fn rebuild_from(
        &self,
        source: &dyn RecordSource,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<u64> {
        let _running = Running::start(self);
        let mut w = self.lock();
        let follow = w.follow.clone();
        self.rebuild_locked(&mut w, source, progress, || follow)
    }

    fn rebuild_locked(
        &self,
        w: &mut crate::Writer,
        source: &dyn RecordSource,
        progress: &mut dyn FnMut(u64, u64),
        follow: impl FnOnce() -> Follow,
    ) -> Result<u64> {
        // One writer per index: the ordinary one makes way for a larger one.
        drop(w.writer.take());
        let outcome = (|| -> Result<(tantivy::IndexWriter, (u64, Violations))> {
            let writer: tantivy::IndexWriter = self
                .index
                .writer_with_num_threads(REBUILD_THREADS, REBUILD_BUDGET)
                .map_err(SearchError::from_writer)?;
            writer.delete_all_documents()?;
            let n = self.load(&writer, source, progress)?;
            Ok((writer, n))
        })();
        let (writer, (n, violations)) = match outcome {
            Ok(x) => x,
            Err(e) => {
                // The rebuild writer is dropped uncommitted: the old index stands.
                w.writer = Some(self.index.writer_with_num_threads(1, WRITER_BUDGET)?);
                return Err(e);
            }
        };
        w.writer = Some(writer);
        let before = std::mem::replace(&mut w.follow, follow());
        w.places.clear();
        w.units.clear();
        let violations_before = w.violations.replace(violations);
        let committed = self.commit(w, true);
        if committed.is_err() {
            // The old index stands, and with it the old position and hierarchy.
            w.follow = before;
            w.violations = violations_before;
        }
        // Let merges finish before the ordinary writer takes over.
        let big = w.writer.take().expect("the rebuild writer");
        let merged = big.wait_merging_threads();
        w.writer = Some(self.index.writer_with_num_threads(1, WRITER_BUDGET)?);
        committed?;
        merged?;
        self.reader.reload()?;
        self.needs_rebuild.store(false, Ordering::Relaxed);
        Ok(n)
    }

    fn load(
        &self,
        writer: &tantivy::IndexWriter,
        source: &dyn RecordSource,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<(u64, Violations)> {
        let f = &self.fields;
        let mut total = source.len_hint();
        let mut done = 0u64;
        let mut acts = Acts::default();
        let mut parents = HashMap::new();
        let mut units: HashMap<RecordId, Option<RecordId>> = HashMap::new();
        let mut collections: HashSet<RecordId> = HashSet::new();
        let mut incidents = 0u64;
        let mut violations: Option<Violations> = None;
        progress(0, total);
        let records = |s: Stored| doc::record_doc(f, &s);
        let mut docs = fan_out(writer, &records, &mut |builders| {
            source.scan(&mut |s| {
                done += 1;
                if done.is_multiple_of(PROGRESS_EVERY) {
                    progress(done, total);
                }
                if s.deleted {
                    return Ok(());
                }
                match &s.entity {
                    Entity::Place(p) => {
                        parents.insert(s.id, p.parent);
                        builders.push(s)?;
                    }
                    Entity::Organization(o) => {
                        units.insert(s.id, o.parent);
                        builders.push(s)?;
                    }
                    Entity::Act(a) => acts.push(&s, a),
                    Entity::Incident(i) => {
                        collections.insert(i.collection);
                        incidents += 1;
                    }
                    Entity::Vocabulary(v) if v.code == well_known::VIOLATION_TYPES => {
                        violations.get_or_insert_with(|| Violations::of(v));
                    }
                    _ => builders.push(s)?,
                }
                Ok(())
            })
        })?;
        acts.rows.sort_unstable_by_key(|r| r.incident);
        let violations = violations.unwrap_or_else(shipped_violations);
        let mut places = Places {
            parent: parents,
            chains: HashMap::new(),
        };
        let ids: Vec<RecordId> = places.parent.keys().copied().collect();
        for id in ids {
            places.chain(id);
        }
        let chains = places.chains;
        total = total.max(done) + incidents;
        let mut collections: Vec<RecordId> = collections.into_iter().collect();
        collections.sort_unstable();
        let incident_doc = |s: Stored| {
            let Entity::Incident(incident) = &s.entity else {
                return None;
            };
            let chain = incident
                .place
                .map_or(&[][..], |p| chains.get(&p).map_or(&[][..], Vec::as_slice));
            Some(doc::incident_doc(
                f,
                s.id,
                incident,
                doc::micros(s.updated_at),
                &{
                    let mut facts = acts.of(s.id);
                    doc::with_units_above(&mut facts, |u| units.get(&u).copied().flatten());
                    facts
                },
                chain,
                &violations,
            ))
        };
        docs += fan_out(writer, &incident_doc, &mut |builders| {
            for &c in &collections {
                source.incidents(c, &mut |s| {
                    done += 1;
                    if done.is_multiple_of(PROGRESS_EVERY) {
                        progress(done, total);
                    }
                    if !s.deleted {
                        builders.push(s)?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
        progress(total, total);
        Ok((docs, violations))
    }
}

/// Records handed to builder threads in batches of this many.
const BATCH: usize = 256;

/// The records read by one thread (the store's scan), waiting for the builders.
struct Builders<'a> {
    batch: Vec<Stored>,
    send: std::sync::mpsc::SyncSender<Vec<Stored>>,
    failure: &'a Mutex<Option<SearchError>>,
}

impl Builders<'_> {
    fn push(&mut self, s: Stored) -> Result<()> {
        self.batch.push(s);
        if self.batch.len() == BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        let batch = std::mem::take(&mut self.batch);
        if self.send.send(batch).is_err() {
            // Every builder stopped: one of them failed, and says why.
            let e = lock(self.failure).take();
            return Err(e.unwrap_or_else(|| {
                SearchError::Index(tantivy::TantivyError::ErrorInThread(
                    "a document builder stopped".into(),
                ))
            }));
        }
        Ok(())
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Turns records into documents on as many threads as there are cores, while `feed`
/// reads them on this one: reading (decoding the store's rows) and building (folding
/// text) then overlap, and neither waits for the other. Returns how many documents
/// were added.
fn fan_out(
    writer: &tantivy::IndexWriter,
    build: &(dyn Fn(Stored) -> Option<tantivy::TantivyDocument> + Sync),
    feed: &mut dyn FnMut(&mut Builders<'_>) -> Result<()>,
) -> Result<u64> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 4));
    let failure: Mutex<Option<SearchError>> = Mutex::new(None);
    let docs = AtomicU64::new(0);
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Stored>>(threads * 4);
    let receive = Mutex::new(receive);
    let fed = std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let Ok(batch) = lock(&receive).recv() else {
                        return;
                    };
                    for s in batch {
                        let Some(d) = build(s) else { continue };
                        if let Err(e) = writer.add_document(d) {
                            lock(&failure).get_or_insert(e.into());
                            return;
                        }
                        docs.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
        let mut builders = Builders {
            batch: Vec::with_capacity(BATCH),
            send,
            failure: &failure,
        };
        let fed = feed(&mut builders).and_then(|()| builders.flush());
        // Dropping the sender ends the builders once they have emptied the channel.
        drop(builders);
        fed
    });
    if let Some(e) = lock(&failure).take() {
        return Err(e);
    }
    fed?;
    Ok(docs.load(Ordering::Relaxed))
}

//! Publication: what may leave a collection, and the public site and open data that
//! carry it.
//!
//! Nothing here reads a store or writes a file: the caller hands over a [`Snapshot`]
//! of the collection (its records and its [`PublicationPolicy`]) and a [`Sink`] that
//! takes each file once it passed the final scan, and gets back a [`Report`] of what
//! was withheld, coarsened and suppressed, and the [`Publication`] record to keep.
//! Files are made and handed over one at a time, so a large collection's site is never
//! all in memory; [`publish`] keeps them in a map instead. The same snapshot gives the
//! same bytes.
//!
//! - [`model`]: the policy applied, record by record; everything shown comes from it.
//! - [`stats`] and [`sdc`]: the published tables and their disclosure control.
//! - [`site`], [`map`], [`opendata`] and [`datapackage`]: pages, map, open data.
//! - [`scan`]: the last check, which searches every byte of the output for what must
//!   not be there and refuses to publish if it finds any.
//!
//! [`PublicationPolicy`]: memoria_core::entity::PublicationPolicy

pub mod datapackage;
pub mod i18n;
pub mod input;
pub mod map;
pub mod model;
pub mod opendata;
pub mod report;
pub mod scan;
pub mod sdc;
pub mod site;
pub mod stats;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use memoria_core::entity::Publication;
use sha2::{Digest, Sha256};

pub use input::{Dated, EstimateSummary, Snapshot};
pub use report::Report;

/// Where the files of a publication go as they are made. `put` is called from several
/// threads, once for each file, and only with a file that passed the final scan (see
/// [`scan`]); paths are relative, with `/`. After [`publish_into`] returns an error,
/// the files already put are a partial site the caller must discard.
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;
}

/// A publication made: what was left out, the record to keep, and each file's size.
pub struct Made {
    pub report: Report,
    pub publication: Publication,
    /// Every file put, by path, with its length in bytes.
    pub files: BTreeMap<String, u64>,
}

/// A publication made in memory: the files, what was left out, and the record to keep.
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
    pub report: Report,
    pub publication: Publication,
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error(
        "the publication was not written: {0} in its output; this is a defect in \
         Memoria, please report it (the value itself is not shown here)"
    )]
    Leak(String),
    #[error("the collection's boundaries cannot be read: {0}")]
    Boundaries(String),
    #[error("the publication could not be written: {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

const STYLE: &str = include_str!("../assets/site.css");
const SEARCH: &str = include_str!("../assets/search.js");

/// Builds the whole publication in memory and checks it: for tests, previews and
/// small collections. [`publish_into`] makes the same files without holding them all.
pub fn publish(s: &Snapshot) -> Result<Output, PublishError> {
    struct Keep(Mutex<BTreeMap<String, Vec<u8>>>);
    impl Sink for Keep {
        fn put(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
            lock(&self.0).insert(path.to_string(), bytes.to_vec());
            Ok(())
        }
    }
    let keep = Keep(Mutex::new(BTreeMap::new()));
    let made = publish_into(s.clone(), &keep)?;
    Ok(Output {
        files: keep.0.into_inner().unwrap_or_else(|e| e.into_inner()),
        report: made.report,
        publication: made.publication,
    })
}

/// Stands between the pages and the sink: each file is scanned for every forbidden
/// value, then hashed for the digest, then put. The first failure stops every file
/// after it, so a file holding a forbidden value is never put.
struct Gate<'a> {
    scanner: scan::Scanner<'a>,
    sink: &'a dyn Sink,
    /// Each file put: path, length, SHA-256.
    written: Mutex<Vec<(String, u64, [u8; 32])>>,
    failure: Mutex<Option<PublishError>>,
    stopped: AtomicBool,
}

impl Gate<'_> {
    fn put(&self, path: &str, bytes: &[u8]) {
        if self.stopped.load(Ordering::Acquire) {
            return;
        }
        if let Some(what) = self.scanner.check(path, bytes) {
            return self.fail(PublishError::Leak(what));
        }
        let hash: [u8; 32] = Sha256::digest(bytes).into();
        if let Err(source) = self.sink.put(path, bytes) {
            return self.fail(PublishError::Write {
                path: path.to_string(),
                source,
            });
        }
        lock(&self.written).push((path.to_string(), bytes.len() as u64, hash));
    }

    fn fail(&self, e: PublishError) {
        self.stopped.store(true, Ordering::Release);
        lock(&self.failure).get_or_insert(e);
    }
}

/// A lock whose holder panicked still guards data that is whole: every critical
/// section here is one push or insert.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Builds the publication and hands each file, once checked, to `sink`. Files are
/// made and put a few at a time, so memory holds the snapshot and what is derived from
/// it, never the whole site; and once the policy is applied, the records it was
/// applied to are let go.
pub fn publish_into(mut snapshot: Snapshot, sink: &dyn Sink) -> Result<Made, PublishError> {
    let mut report = Report::default();
    let (published, forbidden) = model::apply(&snapshot, &mut report);
    // Everything shown from here on comes from `published`: the records themselves are
    // the largest part of a large collection's memory.
    snapshot.incidents = Vec::new();
    snapshot.acts = Vec::new();
    snapshot.persons = BTreeMap::new();
    snapshot.interventions = Vec::new();
    snapshot.evidence = Vec::new();
    let s = &snapshot;
    let tables = stats::tables(s, &published);
    for t in [
        &tables.years,
        &tables.violations,
        &tables.perpetrators,
        &tables.regions,
    ] {
        // A one-way table's row totals repeat its cells: each is listed once.
        for c in t
            .protected
            .suppressed
            .iter()
            .filter(|c| c.column.is_some() || c.row.is_none())
        {
            report.suppressed.push(report::SuppressedCell {
                table: t.name.to_string(),
                row: c
                    .row
                    .map_or_else(|| "total".to_string(), |r| unnamed(&t.keys[r])),
                column: "count".to_string(),
                value: c.value,
                why: c.why,
            });
        }
    }
    let cross = &tables.region_violation;
    for c in &cross.protected.suppressed {
        report.suppressed.push(report::SuppressedCell {
            table: cross.name.to_string(),
            row: c
                .row
                .map_or_else(|| "total".to_string(), |r| unnamed(&cross.table.rows[r])),
            column: c
                .column
                .map_or_else(|| "total".to_string(), |k| cross.table.columns[k].clone()),
            value: c.value,
            why: c.why,
        });
    }

    let boundaries = match &s.policy.boundaries {
        Some(text) => Some(map::parse(text).map_err(|e| PublishError::Boundaries(e.to_string()))?),
        None => None,
    };
    let messages = i18n::Messages::load();
    // The automaton of forbidden values takes a while to build: the open data is made
    // meanwhile, and waits for it before it is put.
    let (scanner, (data, data_files)) = std::thread::scope(|scope| {
        let scanner = scope.spawn(|| scan::Scanner::new(&forbidden));
        let data = opendata::package(s, &published, &tables);
        (scanner.join().expect("the scanner builds"), data)
    });
    let gate = Gate {
        scanner,
        sink,
        written: Mutex::new(Vec::new()),
        failure: Mutex::new(None),
        stopped: AtomicBool::new(false),
    };
    for (path, bytes) in data {
        gate.put(&format!("opendata/{path}"), &bytes);
    }
    let ctx = site::Context {
        s,
        published: &published,
        tables: &tables,
        messages: &messages,
        boundaries: boundaries.as_ref(),
        data_files: &data_files,
    };
    // Two languages per thread: the pages are independent, and a laptop has two cores.
    std::thread::scope(|scope| {
        for langs in [
            [i18n::Lang::En, i18n::Lang::Ar],
            [i18n::Lang::Es, i18n::Lang::Fr],
        ] {
            let (ctx, gate) = (&ctx, &gate);
            scope.spawn(move || {
                for l in langs {
                    site::language(ctx, l, &mut |path, bytes| gate.put(&path, &bytes));
                }
            });
        }
    });
    gate.put("index.html", &site::root(s, &messages));
    gate.put("assets/site.css", STYLE.as_bytes());
    gate.put("assets/search.js", SEARCH.as_bytes());
    gate.put(
        "assets/search-index.js",
        &site::search_index(s, &published, &tables),
    );
    // An item shown in two incidents is one file.
    let media: BTreeMap<String, &[u8]> = published
        .incidents
        .iter()
        .flat_map(|inc| &inc.evidence)
        .filter_map(|e| {
            let bytes = s.stripped_copies.get(&e.sha256)?;
            Some((site::media_path(&e.sha256, &e.media_type), bytes.as_slice()))
        })
        .collect();
    for (path, bytes) in media {
        gate.put(&path, bytes);
    }
    let Gate {
        written: put,
        failure,
        ..
    } = gate;
    if let Some(e) = failure.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(e);
    }
    let mut put = put.into_inner().unwrap_or_else(|e| e.into_inner());
    put.sort_unstable_by(|a, b| a.0.cmp(&b.0));

    // The record of this publication, and what changed since the last. The digest is
    // over each file's path, length and SHA-256, in path order.
    let mut whole = Sha256::new();
    for (path, len, hash) in &put {
        whole.update((path.len() as u64).to_le_bytes());
        whole.update(path.as_bytes());
        whole.update(len.to_le_bytes());
        whole.update(hash);
    }
    let digest = hex(&whole.finalize());
    let mut incidents = BTreeMap::new();
    for inc in &published.incidents {
        let mut h = Sha256::new();
        h.update(format!("{inc:?}").as_bytes());
        incidents.insert(inc.id, hex(&h.finalize())[..16].to_string());
    }
    let named: Vec<_> = published.named.iter().copied().collect();
    report.difference = match &s.previous {
        None => report::Difference {
            first: true,
            ..Default::default()
        },
        Some(prev) => {
            let before: BTreeSet<_> = prev.named.iter().copied().collect();
            report::Difference {
                first: false,
                added: incidents
                    .keys()
                    .filter(|k| !prev.incidents.contains_key(k))
                    .copied()
                    .collect(),
                removed: prev
                    .incidents
                    .keys()
                    .filter(|k| !incidents.contains_key(k))
                    .copied()
                    .collect(),
                changed: incidents
                    .iter()
                    .filter(|(k, v)| prev.incidents.get(k).is_some_and(|p| p != *v))
                    .map(|(k, _)| *k)
                    .collect(),
                newly_named: published
                    .named
                    .iter()
                    .filter(|p| !before.contains(p))
                    .copied()
                    .collect(),
                no_longer_named: before
                    .iter()
                    .filter(|p| !published.named.contains(p))
                    .copied()
                    .collect(),
            }
        }
    };
    // A withdrawal the report must list even when the person was never published.
    for p in &report.difference.no_longer_named.clone() {
        if s.consents
            .iter()
            .any(|(_, c)| c.person == *p && c.withdrawn_on.is_some())
        {
            report.withdrawals.insert(*p);
        }
    }
    report.incidents = published.incidents.len();
    report.acts = published.incidents.iter().map(|i| i.acts.len()).sum();
    report.victims = tables.victims as usize;
    report.named = published.named.len();
    report.files = put.len();
    report.bytes = put.iter().map(|(_, len, _)| len).sum();
    if boundaries.is_none() {
        report
            .notices
            .push("the policy holds no regional boundaries, so the site has no map".into());
    }
    Ok(Made {
        files: put.into_iter().map(|(path, len, _)| (path, len)).collect(),
        report,
        publication: Publication {
            collection: s.collection_id,
            digest,
            incidents,
            named,
        },
    })
}

/// A table key for the report: the empty key is the records with no value.
fn unnamed(key: &str) -> String {
    if key.is_empty() {
        "(not recorded)".to_string()
    } else {
        key.to_string()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

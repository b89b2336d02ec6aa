//! Publication: what may leave a collection, and the public site and open data that
//! carry it.
//!
//! Nothing here reads a store or writes a file: the caller hands over a [`Snapshot`]
//! of the collection (its records and its [`PublicationPolicy`]) and gets back the
//! site as a map from paths to bytes, with a [`Report`] of what was withheld,
//! coarsened and suppressed, and the [`Publication`] record to keep. The same snapshot
//! gives the same bytes.
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

use memoria_core::entity::Publication;
use sha2::{Digest, Sha256};

pub use input::{Dated, EstimateSummary, Snapshot};
pub use report::Report;

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
}

const STYLE: &str = include_str!("../assets/site.css");
const SEARCH: &str = include_str!("../assets/search.js");

/// Builds the whole publication in memory and checks it.
pub fn publish(s: &Snapshot) -> Result<Output, PublishError> {
    let mut report = Report::default();
    let (published, forbidden) = model::apply(s, &mut report);
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
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let (data, data_files) = opendata::package(s, &published, &tables);
    for (path, bytes) in data {
        files.insert(format!("opendata/{path}"), bytes);
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
    let pages: Vec<Vec<(String, Vec<u8>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = [
            [i18n::Lang::En, i18n::Lang::Ar],
            [i18n::Lang::Es, i18n::Lang::Fr],
        ]
        .into_iter()
        .map(|langs| {
            let ctx = &ctx;
            scope.spawn(move || {
                langs
                    .into_iter()
                    .flat_map(|l| site::language(ctx, l))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a language's pages render"))
            .collect()
    });
    for (path, bytes) in pages.into_iter().flatten() {
        files.insert(path, bytes);
    }
    files.insert("index.html".into(), site::root(s, &messages));
    files.insert("assets/site.css".into(), STYLE.as_bytes().to_vec());
    files.insert("assets/search.js".into(), SEARCH.as_bytes().to_vec());
    files.insert(
        "assets/search-index.js".into(),
        site::search_index(s, &published, &tables),
    );
    for inc in &published.incidents {
        for e in &inc.evidence {
            if let Some(bytes) = s.stripped_copies.get(&e.sha256) {
                files.insert(site::media_path(&e.sha256, &e.media_type), bytes.clone());
            }
        }
    }

    if let Some(what) = scan::find(&files, &forbidden) {
        return Err(PublishError::Leak(what));
    }

    // The record of this publication, and what changed since the last.
    let mut whole = Sha256::new();
    for (path, bytes) in &files {
        whole.update((path.len() as u64).to_le_bytes());
        whole.update(path.as_bytes());
        whole.update((bytes.len() as u64).to_le_bytes());
        whole.update(bytes);
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
    report.files = files.len();
    report.bytes = files.values().map(|b| b.len() as u64).sum();
    if boundaries.is_none() {
        report
            .notices
            .push("the policy holds no regional boundaries, so the site has no map".into());
    }
    Ok(Output {
        files,
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

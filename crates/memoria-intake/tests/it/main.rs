//! Integration tests of memoria-intake: one binary, data in `tests/data/`, the real
//! third-party data sets found through [`shared_data`].

mod bad_input;
mod fuzz_corpus;
mod huridocs;
mod jsonl;
mod mappings;
mod real_data;
mod scale;
mod violations;

use std::path::{Path, PathBuf};

use memoria_core::entity::{Entity, EntityKind};
use memoria_intake::{
    ImportOptions, ImportReport, Input, Mapping, NoProgress, export_jsonl, import_table,
};
use memoria_store::{Actor, ListQuery, Store, Stored};

/// Where the shared real data sets are; `None` means tests that need it skip.
pub fn shared_data() -> Option<PathBuf> {
    memoria_testkit::shared_data()
}

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn test_data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

pub fn mapping(path: &Path) -> Mapping {
    let text = std::fs::read_to_string(path).unwrap();
    Mapping::from_toml(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fresh SQLite store in a temporary folder, with an administrator to act as.
pub fn sqlite_store() -> (tempfile::TempDir, Box<dyn Store>, Actor) {
    let dir = tempfile::tempdir().unwrap();
    let store = memoria_store::open(dir.path().join("memoria.db").to_str().unwrap()).unwrap();
    let actor = first_account(store.as_ref());
    (dir, store, actor)
}

pub fn first_account(store: &dyn Store) -> Actor {
    let mut tx = store.begin(&Actor::system()).unwrap();
    let account = tx.add_account("importer", None, true).unwrap();
    tx.commit().unwrap();
    Actor::from(&account)
}

pub fn options(dry_run: bool) -> ImportOptions {
    ImportOptions {
        dry_run,
        vocabularies: memoria_core::vocab::defaults(),
        ..ImportOptions::default()
    }
}

pub fn import(
    store: &dyn Store,
    actor: &Actor,
    file: &Path,
    mapping: &Mapping,
    dry_run: bool,
) -> ImportReport {
    import_table(
        store,
        actor,
        Input::Path(file),
        mapping,
        &options(dry_run),
        &mut NoProgress,
    )
    .unwrap()
}

/// The whole store as export bytes: equal bytes, equal stores.
pub fn export(store: &dyn Store) -> Vec<u8> {
    let mut out = Vec::new();
    export_jsonl(store, &mut out, &mut NoProgress).unwrap();
    out
}

/// Every record of a kind.
pub fn all(store: &dyn Store, kind: EntityKind) -> Vec<Stored> {
    let mut out = Vec::new();
    let mut q = ListQuery {
        kind: Some(kind),
        limit: 1000,
        ..ListQuery::default()
    };
    loop {
        let page = store.list(&q).unwrap();
        let n = page.len();
        q.after = page.last().map(|s| s.id);
        out.extend(page);
        if n < q.limit {
            return out;
        }
    }
}

pub fn entities(store: &dyn Store, kind: EntityKind) -> Vec<Entity> {
    all(store, kind).into_iter().map(|s| s.entity).collect()
}

/// Problems as short `row/column: message` lines, without values (which may be names).
pub fn problem_lines(report: &ImportReport) -> Vec<String> {
    report
        .problems
        .iter()
        .map(|p| {
            format!(
                "{}/{}: {}",
                p.row.map_or("-".into(), |r| r.to_string()),
                p.column.as_deref().unwrap_or("-"),
                p.message
            )
        })
        .collect()
}

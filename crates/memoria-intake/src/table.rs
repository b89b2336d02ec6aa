//! Tabular import: a CSV, XLSX or GeoJSON file plus a [`Mapping`] becomes records.
//!
//! The contract, which the tests hold it to:
//! - A dry run reads the whole file and returns every problem; it begins no
//!   transaction and writes nothing.
//! - A real import writes the whole file in one transaction. Any problem, and the
//!   transaction is dropped (rolled back): the store is exactly as before, and every
//!   problem is returned. Otherwise one `import` audit entry (file hashes and counts,
//!   no personal data) is written and the transaction committed.
//! - The file is streamed (XLSX excepted, see [`crate::read`]); what is remembered
//!   across rows is the collection, the list, and the places and organisations met so
//!   far, looked up by name — maps the size of a gazetteer, not of the file.
//!
//! Existing places, organisations, the collection and the list are read from the store
//! *before* the transaction begins, since a store may not serve reads beside an open
//! write transaction.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use memoria_core::entity::{Entity, EntityKind};
use memoria_core::id::RecordId;
use memoria_core::place::PlaceLevel;
use memoria_core::vocab::VocabularySet;
use memoria_store::{Actor, ListQuery, Store, StoreError, Tx};

use crate::mapper::Mapper;
use crate::mapping::{Format, Mapping};
use crate::problem::{Problem, Problems};
use crate::progress::Progress;
use crate::read::meter::{Meter, hex};
use crate::read::{ReadOptions, csv::read_csv, geojson::read_geojson, xlsx::read_xlsx};

/// The default cap on one row: 1 MiB.
pub const DEFAULT_MAX_ROW_BYTES: u64 = 1 << 20;

/// What to import from.
#[derive(Clone, Copy, Debug)]
pub enum Input<'a> {
    /// A file on disk; its name (not its directory) is what problems show.
    Path(&'a Path),
    /// Bytes in memory, with the name problems should show.
    Bytes { name: &'a str, bytes: &'a [u8] },
}

impl Input<'_> {
    fn name(&self) -> String {
        match self {
            Input::Path(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string()),
            Input::Bytes { name, .. } => name.to_string(),
        }
    }
}

/// How to run an import.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// Read and check everything, write nothing.
    pub dry_run: bool,
    /// The vocabularies words are mapped into and records are validated against.
    pub vocabularies: VocabularySet,
    /// The most bytes one row may hold.
    pub max_row_bytes: u64,
    /// The most problems kept; further ones are only counted.
    pub max_problems: usize,
    /// The format, overriding the mapping and the file's extension.
    pub format: Option<Format>,
}

impl Default for ImportOptions {
    fn default() -> ImportOptions {
        ImportOptions {
            dry_run: false,
            vocabularies: VocabularySet::new(),
            max_row_bytes: DEFAULT_MAX_ROW_BYTES,
            max_problems: 100_000,
            format: None,
        }
    }
}

/// What an import did, or in a dry run would have done.
#[derive(Clone, Debug)]
pub struct ImportReport {
    pub file: String,
    pub format: Option<Format>,
    /// Data rows read (the header not counted).
    pub rows: u64,
    /// Records created per kind; in a dry run or a failed import, those that would have been.
    pub created: BTreeMap<EntityKind, u64>,
    pub problems: Vec<Problem>,
    /// Problems beyond [`ImportOptions::max_problems`], counted but not kept.
    pub problems_omitted: u64,
    pub dry_run: bool,
    /// Whether the records are now in the store.
    pub committed: bool,
    /// SHA-256 of the file's bytes, when it could be read.
    pub sha256: Option<String>,
    pub elapsed: Duration,
}

impl ImportReport {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty() && self.problems_omitted == 0
    }

    pub fn created_total(&self) -> u64 {
        self.created.values().sum()
    }
}

/// A failure that is not the file's fault.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the store failed during the import, nothing was written: {0}")]
    Store(#[from] StoreError),
}

/// A place by its parent, level and name.
pub(crate) type PlaceKey = (Option<RecordId>, PlaceLevel, String);

/// What the store already holds that rows may refer to by name.
#[derive(Debug, Default)]
pub(crate) struct Known {
    pub collection: Option<RecordId>,
    pub list: Option<RecordId>,
    /// Each place's id and ISO code, which its children's codes are built from.
    pub places: HashMap<PlaceKey, (RecordId, Option<String>)>,
    pub organizations: HashMap<String, RecordId>,
}

/// Imports `input` into `store` as `actor`, or checks it when `options.dry_run`.
pub fn import_table(
    store: &dyn Store,
    actor: &Actor,
    input: Input<'_>,
    mapping: &Mapping,
    options: &ImportOptions,
    progress: &mut dyn Progress,
) -> Result<ImportReport, ImportError> {
    let started = Instant::now();
    let name = input.name();
    let mut problems = Problems::new(&name, options.max_problems);
    let known = preload(store, mapping, &mut problems)?;
    // A dry run, or an import already known to fail, begins no transaction at all.
    let mapping_ok = mapping.problems(Some(&options.vocabularies)).is_empty();
    if options.dry_run || !problems.is_empty() || !mapping_ok {
        let mut report = run(input, mapping, options, known, None, problems, progress)?;
        report.dry_run = options.dry_run;
        report.elapsed = started.elapsed();
        return Ok(report);
    }
    let tx = store.begin(actor)?;
    let (mut report, tx) = run_with_tx(input, mapping, options, known, tx, problems, progress)?;
    report.dry_run = false;
    if let Some(mut tx) = tx
        && report.is_clean()
    {
        let detail = audit_detail(&name, &report);
        tx.audit("import", None, &detail)?;
        tx.commit()?;
        report.committed = true;
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Checks `input` against `mapping` without any store: every problem, nothing written.
/// Names are not looked up, so everything the mapping would find or create counts as
/// created. For authoring mappings, and for fuzzing.
pub fn check_table(
    input: Input<'_>,
    mapping: &Mapping,
    options: &ImportOptions,
    progress: &mut dyn Progress,
) -> ImportReport {
    let started = Instant::now();
    let problems = Problems::new(&input.name(), options.max_problems);
    let mut report = run(
        input,
        mapping,
        options,
        Known::default(),
        None,
        problems,
        progress,
    )
    .expect("no store, so no store error");
    report.dry_run = true;
    report.elapsed = started.elapsed();
    report
}

fn audit_detail(name: &str, r: &ImportReport) -> String {
    let created: Vec<String> = r.created.iter().map(|(k, n)| format!("{k}:{n}")).collect();
    format!(
        "format={} file_sha256={} file_name_sha256={} rows={} created={}",
        r.format.map_or("unknown", Format::as_str),
        r.sha256.as_deref().unwrap_or("-"),
        hex(&Sha256::digest(name.as_bytes())),
        r.rows,
        created.join(",")
    )
}

fn run_with_tx<'s>(
    input: Input<'_>,
    mapping: &Mapping,
    options: &ImportOptions,
    known: Known,
    tx: Box<dyn Tx + 's>,
    problems: Problems,
    progress: &mut dyn Progress,
) -> Result<(ImportReport, Option<Box<dyn Tx + 's>>), ImportError> {
    let mut slot = Some(tx);
    let report = run(
        input,
        mapping,
        options,
        known,
        Some(&mut slot),
        problems,
        progress,
    )?;
    Ok((report, slot))
}

/// Reads the file through a [`Mapper`]; with a transaction, the mapper writes into it.
fn run<'s>(
    input: Input<'_>,
    mapping: &Mapping,
    options: &ImportOptions,
    known: Known,
    tx: Option<&mut Option<Box<dyn Tx + 's>>>,
    mut problems: Problems,
    progress: &mut dyn Progress,
) -> Result<ImportReport, ImportError> {
    let name = input.name();
    let format = options
        .format
        .or(mapping.input.format)
        .or_else(|| Format::from_file_name(&name));
    let mut report = ImportReport {
        file: name.clone(),
        format,
        rows: 0,
        created: BTreeMap::new(),
        problems: Vec::new(),
        problems_omitted: 0,
        dry_run: true,
        committed: false,
        sha256: None,
        elapsed: Duration::ZERO,
    };
    for p in mapping.problems(Some(&options.vocabularies)) {
        problems.add(None, None, None, p, "fix the mapping file");
    }
    let Some(format) = format else {
        problems.add(
            None,
            None,
            None,
            "cannot tell the file's format from its name",
            "say it under [input] in the mapping: format = \"csv\", \"xlsx\" or \"geojson\"",
        );
        return Ok(finish(report, problems, None));
    };
    if !problems.is_empty() {
        return Ok(finish(report, problems, None));
    }
    let read_opts = ReadOptions {
        encoding: mapping.input.encoding,
        delimiter: mapping.input.delimiter.map_or(b',', |c| c as u8),
        sheet: mapping.input.sheet.clone(),
        max_row_bytes: options.max_row_bytes,
    };
    let mut mapper = Mapper::new(
        mapping,
        &options.vocabularies,
        known,
        tx,
        problems,
        progress,
    );
    let meter = Meter::new();
    let sha = match (input, format) {
        (Input::Bytes { bytes, .. }, Format::Xlsx) => {
            mapper.progress.start(Some(bytes.len() as u64));
            read_xlsx(bytes.to_vec(), &read_opts, &mut mapper);
            Some(hex(&Sha256::digest(bytes)))
        }
        (Input::Bytes { bytes, .. }, Format::Csv) => {
            mapper.progress.start(Some(bytes.len() as u64));
            read_csv(bytes, meter.clone(), &read_opts, &mut mapper);
            Some(meter.sha256_hex())
        }
        (Input::Bytes { bytes, .. }, Format::Geojson) => {
            mapper.progress.start(Some(bytes.len() as u64));
            read_geojson(bytes, meter.clone(), &read_opts, &mut mapper);
            Some(meter.sha256_hex())
        }
        (Input::Path(path), _) => match open(path) {
            Err(e) => {
                mapper.problems.add(
                    None,
                    None,
                    None,
                    format!("the file could not be opened: {e}"),
                    "check the path, and that you may read the file",
                );
                None
            }
            Ok((mut file, len)) => {
                mapper.progress.start(len);
                match format {
                    Format::Csv => {
                        read_csv(file, meter.clone(), &read_opts, &mut mapper);
                        Some(meter.sha256_hex())
                    }
                    Format::Geojson => {
                        read_geojson(file, meter.clone(), &read_opts, &mut mapper);
                        Some(meter.sha256_hex())
                    }
                    Format::Xlsx => {
                        let mut bytes = Vec::new();
                        match file.read_to_end(&mut bytes) {
                            Ok(_) => {
                                let sha = hex(&Sha256::digest(&bytes));
                                read_xlsx(bytes, &read_opts, &mut mapper);
                                Some(sha)
                            }
                            Err(e) => {
                                mapper.problems.add(
                                    None,
                                    None,
                                    None,
                                    format!("the file could not be read: {e}"),
                                    "check that the file is complete and readable",
                                );
                                None
                            }
                        }
                    }
                }
            }
        },
    };
    mapper.progress.finish();
    if let Some(e) = mapper.fatal.take() {
        return Err(ImportError::Store(e));
    }
    report.rows = mapper.rows;
    report.created = std::mem::take(&mut mapper.created);
    let problems = std::mem::replace(&mut mapper.problems, Problems::new("", 0));
    Ok(finish(report, problems, sha))
}

fn finish(mut report: ImportReport, problems: Problems, sha: Option<String>) -> ImportReport {
    report.problems = problems.list;
    report.problems_omitted = problems.omitted;
    report.sha256 = sha;
    report
}

fn open(path: &Path) -> std::io::Result<(File, Option<u64>)> {
    let f = File::open(path)?;
    let meta = f.metadata()?;
    if meta.is_dir() {
        return Err(std::io::Error::other("it is a folder, not a file"));
    }
    Ok((f, Some(meta.len())))
}

/// Reads what the store holds that the mapping may refer to by name.
fn preload(
    store: &dyn Store,
    mapping: &Mapping,
    problems: &mut Problems,
) -> Result<Known, StoreError> {
    let mut known = Known::default();
    each(
        store,
        ListQuery {
            kind: Some(EntityKind::Collection),
            ..ListQuery::default()
        },
        |s| {
            if let Entity::Collection(c) = &s.entity
                && c.name == mapping.collection
            {
                known.collection = Some(s.id);
            }
        },
    )?;
    let Some(coll) = known.collection else {
        return Ok(known);
    };
    if let Some(list_name) = &mapping.list {
        each(
            store,
            ListQuery {
                kind: Some(EntityKind::SourceList),
                collection: Some(coll),
                ..ListQuery::default()
            },
            |s| {
                if let Entity::SourceList(l) = &s.entity
                    && &l.name == list_name
                {
                    known.list = Some(s.id);
                }
            },
        )?;
        if let Some(list) = known.list
            && !mapping.append
        {
            let n = store.count(&ListQuery {
                kind: Some(EntityKind::Record),
                parent: Some(list),
                ..ListQuery::default()
            })?;
            if n > 0 {
                problems.add(
                    None,
                    None,
                    None,
                    format!("the list already holds {n} records; importing again would list every victim twice"),
                    "import into a new list (change list = \"…\"), or set append = true in the mapping if these rows are new",
                );
            }
        }
    }
    each(
        store,
        ListQuery {
            kind: Some(EntityKind::Place),
            collection: Some(coll),
            ..ListQuery::default()
        },
        |s| {
            if let Entity::Place(p) = &s.entity {
                for name in p.name.0.values() {
                    known
                        .places
                        .entry((p.parent, p.level, name.trim().to_string()))
                        .or_insert((s.id, p.iso_code.clone()));
                }
            }
        },
    )?;
    each(
        store,
        ListQuery {
            kind: Some(EntityKind::Organization),
            collection: Some(coll),
            ..ListQuery::default()
        },
        |s| {
            if let Entity::Organization(o) = &s.entity {
                for name in o.name.0.values().chain(o.aliases.iter()) {
                    known
                        .organizations
                        .entry(name.trim().to_string())
                        .or_insert(s.id);
                }
            }
        },
    )?;
    Ok(known)
}

/// Every record matching `query`, page by page.
fn each(
    store: &dyn Store,
    mut query: ListQuery,
    mut visit: impl FnMut(&memoria_store::Stored),
) -> Result<(), StoreError> {
    query.limit = 1000;
    loop {
        let page = store.list(&query)?;
        for s in &page {
            visit(s);
        }
        match page.last() {
            Some(last) if page.len() == query.limit => query.after = Some(last.id),
            _ => return Ok(()),
        }
    }
}

//! The lossless JSON Lines export and import of a whole store.
//!
//! One JSON object per line, in this order: a header naming the format, its version
//! and the store's schema version; the accounts, as stubs (id, name, flags, creation
//! time — never a password hash); every record, deleted ones included, in id order;
//! every revision, by record then version. Keys come in a fixed order (structs, and
//! `BTreeMap`-backed JSON objects) and nothing depends on the clock or the backend, so
//! export → import into an empty store → export gives the same bytes.
//!
//! The audit log is not exported: it describes the installation's own history (who
//! read and wrote what, there), not the data, and its Merkle checkpoints could not be
//! carried to another store anyway.
//!
//! Import is all or nothing, in one transaction: a bad line stops it with the line's
//! number, and nothing is written. Imported accounts cannot sign in (they carry no
//! password hash) until an administrator sets one.

use std::io::{BufRead, Read, Write};

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use memoria_core::entity::{Entity, EntityKind};
use memoria_core::id::RecordId;
use memoria_core::revision::{Action, FieldChange};
use memoria_store::{
    Account, AccountId, Actor, Revision, SCHEMA_VERSION, Store, StoreError, Stored, Timestamp,
};

use crate::progress::Progress;

/// The `format` of the header line.
pub const FORMAT: &str = "memoria-jsonl";
/// The version of the line layout this build writes and reads.
pub const VERSION: u32 = 1;

/// The longest line import accepts (64 MiB): a record body is never near this, and a
/// damaged file without newlines must not be read into memory whole.
const MAX_LINE: u64 = 64 << 20;

#[derive(Debug, thiserror::Error)]
pub enum JsonlError {
    #[error("line {line}: {message}")]
    Line { line: u64, message: String },
    #[error("the file is empty; a Memoria export starts with a header line")]
    Empty,
    #[error(
        "line 1: this is not a Memoria JSON Lines export (expected a header with format {FORMAT:?}); check the file"
    )]
    NotMemoria,
    #[error(
        "line 1: this export is in version {found} of the format, and this Memoria reads only version {VERSION}; import it with a newer Memoria"
    )]
    UnsupportedVersion { found: u64 },
    #[error(
        "line 1: this export comes from a store with schema version {found}, newer than this Memoria's {SCHEMA_VERSION}; import it with a newer Memoria"
    )]
    NewerSchema { found: i64 },
    #[error("could not read or write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("the store failed, nothing was imported: {0}")]
    Store(#[from] StoreError),
}

/// What an import loaded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JsonlReport {
    pub accounts: u64,
    pub records: u64,
    pub revisions: u64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderLine {
    #[serde(rename = "type")]
    kind: String,
    format: String,
    version: u64,
    schema_version: i64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountLine {
    #[serde(rename = "type")]
    kind: String,
    id: AccountId,
    name: String,
    is_admin: bool,
    disabled: bool,
    created_at: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
/// A record line; the body is written straight from the entity and read as a tree.
struct RecordLine<B> {
    #[serde(rename = "type")]
    kind_tag: String,
    id: RecordId,
    kind: EntityKind,
    collection: Option<RecordId>,
    parent: Option<RecordId>,
    version: u64,
    deleted: bool,
    created_at: String,
    updated_at: String,
    updated_by: AccountId,
    body: B,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RevisionLine {
    #[serde(rename = "type")]
    kind: String,
    record: RecordId,
    version: u64,
    account: AccountId,
    at: String,
    action: Action,
    changes: Vec<ChangeLine>,
}

/// A field change; an absent `before` or `after` is a field that did not exist,
/// told apart from one whose value was `null`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangeLine {
    field: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    before: Option<Value>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    after: Option<Value>,
}

fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// Writes every account stub, record and revision of `store` to `out`.
pub fn export_jsonl(
    store: &dyn Store,
    out: &mut dyn Write,
    progress: &mut dyn Progress,
) -> Result<(), JsonlError> {
    progress.start(None);
    let mut w = LineWriter {
        out,
        bytes: 0,
        lines: 0,
        error: None,
    };
    w.line(&HeaderLine {
        kind: "header".into(),
        format: FORMAT.into(),
        version: u64::from(VERSION),
        schema_version: SCHEMA_VERSION,
    })?;
    let mut accounts = store.accounts()?;
    accounts.sort_by_key(|a| a.id);
    for a in accounts {
        w.line(&AccountLine {
            kind: "account".into(),
            id: a.id,
            name: a.name,
            is_admin: a.is_admin,
            disabled: a.disabled,
            created_at: a.created_at.to_string(),
        })?;
    }
    let scanned = store.scan_records(&mut |s: Stored| {
        let line = RecordLine {
            kind_tag: "record".into(),
            id: s.id,
            kind: s.kind,
            collection: s.collection,
            parent: s.parent,
            version: s.version,
            deleted: s.deleted,
            created_at: s.created_at.to_string(),
            updated_at: s.updated_at.to_string(),
            updated_by: s.updated_by,
            body: s.entity.body(),
        };
        w.line_in_scan(&line, progress)
    });
    w.after_scan(scanned)?;
    let scanned = store.scan_revisions(&mut |r: Revision| {
        let line = RevisionLine {
            kind: "revision".into(),
            record: r.record,
            version: r.version,
            account: r.account,
            at: r.at.to_string(),
            action: r.action,
            changes: r
                .changes
                .into_iter()
                .map(|c| ChangeLine {
                    field: c.field,
                    before: c.before,
                    after: c.after,
                })
                .collect(),
        };
        w.line_in_scan(&line, progress)
    });
    w.after_scan(scanned)?;
    w.out.flush()?;
    progress.advance(w.bytes, w.lines);
    progress.finish();
    Ok(())
}

struct LineWriter<'w> {
    out: &'w mut dyn Write,
    bytes: u64,
    lines: u64,
    /// An IO error met inside a store scan, which can only stop with a store error.
    error: Option<std::io::Error>,
}

impl LineWriter<'_> {
    fn line<T: Serialize>(&mut self, value: &T) -> std::io::Result<()> {
        let mut buf = serde_json::to_vec(value).map_err(std::io::Error::other)?;
        buf.push(b'\n');
        self.out.write_all(&buf)?;
        self.bytes += buf.len() as u64;
        self.lines += 1;
        Ok(())
    }

    fn line_in_scan<T: Serialize>(
        &mut self,
        value: &T,
        progress: &mut dyn Progress,
    ) -> Result<(), StoreError> {
        if let Err(e) = self.line(value) {
            self.error = Some(e);
            return Err(StoreError::Backend(
                "export stopped: the output failed".into(),
            ));
        }
        if self.lines.is_multiple_of(1024) {
            progress.advance(self.bytes, self.lines);
        }
        Ok(())
    }

    fn after_scan(&mut self, scanned: Result<(), StoreError>) -> Result<(), JsonlError> {
        match (self.error.take(), scanned) {
            (Some(e), _) => Err(JsonlError::Io(e)),
            (None, Err(e)) => Err(JsonlError::Store(e)),
            (None, Ok(())) => Ok(()),
        }
    }
}

/// Loads an export into `store` in one transaction as `actor`, with one `import`
/// audit entry. Meant for an empty store: a record whose id is taken stops it.
pub fn import_jsonl(
    store: &dyn Store,
    actor: &Actor,
    mut input: impl BufRead,
    progress: &mut dyn Progress,
) -> Result<JsonlReport, JsonlError> {
    progress.start(None);
    let mut buf = Vec::new();
    let mut number = 0u64;
    let bytes = std::cell::Cell::new(0u64);

    // Reads the next line into `buf`; false at the end of the input.
    let mut next = |buf: &mut Vec<u8>, number: &mut u64| -> Result<bool, JsonlError> {
        buf.clear();
        let n = (&mut input).take(MAX_LINE + 1).read_until(b'\n', buf)?;
        if n == 0 {
            return Ok(false);
        }
        *number += 1;
        bytes.set(bytes.get() + n as u64);
        if n as u64 > MAX_LINE {
            return Err(JsonlError::Line {
                line: *number,
                message: format!(
                    "the line is longer than {} MiB; the file is damaged",
                    MAX_LINE >> 20
                ),
            });
        }
        Ok(true)
    };

    if !next(&mut buf, &mut number)? {
        return Err(JsonlError::Empty);
    }
    let header: Value = serde_json::from_slice(&buf).map_err(|_| JsonlError::NotMemoria)?;
    if header.get("type").and_then(Value::as_str) != Some("header")
        || header.get("format").and_then(Value::as_str) != Some(FORMAT)
    {
        return Err(JsonlError::NotMemoria);
    }
    let found = header.get("version").and_then(Value::as_u64).unwrap_or(0);
    if found != u64::from(VERSION) {
        return Err(JsonlError::UnsupportedVersion { found });
    }
    let header: HeaderLine = serde_json::from_value(header).map_err(|e| JsonlError::Line {
        line: 1,
        message: format!("the header is not as expected: {e}"),
    })?;
    if header.schema_version > SCHEMA_VERSION {
        return Err(JsonlError::NewerSchema {
            found: header.schema_version,
        });
    }

    let mut tx = store.begin(actor)?;
    let mut report = JsonlReport::default();
    // The sections come in order; going back is a sign of a damaged or edited file.
    let mut section = 0u8;
    while next(&mut buf, &mut number)? {
        let line = number;
        let bad = |message: String| JsonlError::Line { line, message };
        if buf.iter().all(u8::is_ascii_whitespace) {
            return Err(bad("empty line; an export has none".into()));
        }
        let v: Value =
            serde_json::from_slice(&buf).map_err(|e| bad(format!("not a JSON object: {e}")))?;
        let kind = v
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let order = match kind.as_str() {
            "account" => 1,
            "record" => 2,
            "revision" => 3,
            "" => return Err(bad("the line has no \"type\"".into())),
            other => return Err(bad(format!("unknown line type {other:?}"))),
        };
        if order < section {
            return Err(bad(format!(
                "a {kind} line after the {} lines; an export lists accounts, then records, then revisions",
                ["", "account", "record", "revision"][usize::from(section)]
            )));
        }
        section = order;
        let shape = |e: serde_json::Error| bad(format!("the {kind} line is not as expected: {e}"));
        let time = |t: &str| Timestamp::parse(t).map_err(&bad);
        match order {
            1 => {
                let a: AccountLine = serde_json::from_value(v).map_err(shape)?;
                tx.load_account(&Account {
                    id: a.id,
                    name: a.name,
                    password_hash: None,
                    is_admin: a.is_admin,
                    disabled: a.disabled,
                    created_at: time(&a.created_at)?,
                })
                .map_err(|e| bad(e.to_string()))?;
                report.accounts += 1;
            }
            2 => {
                let r: RecordLine<Value> = serde_json::from_value(v).map_err(shape)?;
                let entity = Entity::from_body(r.kind, r.body).map_err(|e| bad(e.to_string()))?;
                tx.load_record(&Stored {
                    id: r.id,
                    kind: r.kind,
                    collection: r.collection,
                    parent: r.parent,
                    version: r.version,
                    deleted: r.deleted,
                    entity,
                    created_at: time(&r.created_at)?,
                    updated_at: time(&r.updated_at)?,
                    updated_by: r.updated_by,
                })
                .map_err(|e| bad(e.to_string()))?;
                report.records += 1;
            }
            _ => {
                let r: RevisionLine = serde_json::from_value(v).map_err(shape)?;
                tx.load_revision(&Revision {
                    record: r.record,
                    version: r.version,
                    account: r.account,
                    at: time(&r.at)?,
                    action: r.action,
                    changes: r
                        .changes
                        .into_iter()
                        .map(|c| FieldChange {
                            field: c.field,
                            before: c.before,
                            after: c.after,
                        })
                        .collect(),
                })
                .map_err(|e| bad(e.to_string()))?;
                report.revisions += 1;
            }
        }
        if number.is_multiple_of(1024) {
            progress.advance(bytes.get(), number);
        }
    }
    tx.audit(
        "import",
        None,
        &format!(
            "format={FORMAT} version={VERSION} accounts={} records={} revisions={}",
            report.accounts, report.records, report.revisions
        ),
    )?;
    tx.commit()?;
    progress.advance(bytes.get(), number);
    progress.finish();
    Ok(report)
}

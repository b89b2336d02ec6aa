//! The SQLite backend: the embedded default, one database file in WAL mode.
//!
//! One writer connection sits behind a mutex; a [`Tx`] holds it from `BEGIN IMMEDIATE`
//! to `COMMIT`, so writes in one process queue up instead of failing as "busy". Reads
//! outside a transaction go through a small pool of read-only connections, which WAL
//! lets proceed while a long import writes. Another process writing the same file
//! waits up to [`BUSY_TIMEOUT`] for the write lock.
//!
//! The store's own bookkeeping writes (session and token touches, sign-in counters)
//! use the writer connection too, one autocommit statement each, between transactions.
//!
//! A file is recognised as Memoria's by `PRAGMA application_id`; `PRAGMA user_version`
//! holds the schema version, so that a file from a newer Memoria is refused before
//! anything in it is read or changed.

use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use memoria_core::id::RecordId;
use rusqlite::types::Value as SqlValue;
use rusqlite::{
    Connection, ErrorCode, OpenFlags, OptionalExtension, Row, TransactionBehavior, params,
};
use uuid::Uuid;

mod access;
mod tx;

use crate::pool::Pool;
use crate::sql::{
    self, AccountRow, AuditRow, Current, Filter, Migration, Param, RecordRow, RevisionRow,
};
use crate::{
    Account, AccountId, AccountSettings, Actor, ApiToken, AuditEntry, Backend, ListQuery,
    LogCheckpoint, Membership, Result, Revision, SCHEMA_VERSION, Session, SignInCounter, Store,
    StoreError, Stored, Timestamp, Tx,
};

/// `PRAGMA application_id` of a Memoria file: "MEMO" in ASCII.
const APPLICATION_ID: i32 = 0x4D45_4D4F;

/// How long to wait for another process's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Idle reader connections kept open.
const READERS_KEPT: usize = 8;

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_initial",
        sql: include_str!("../migrations/sqlite/0001_initial.sql"),
    },
    Migration {
        version: 2,
        name: "0002_accounts_web",
        sql: include_str!("../migrations/sqlite/0002_accounts_web.sql"),
    },
    Migration {
        version: 3,
        name: "0003_transparency_log",
        sql: include_str!("../migrations/sqlite/0003_transparency_log.sql"),
    },
];

const SELECT_RECORD: &str = "SELECT id, kind, collection, parent, version, deleted, body, \
                             created_at, updated_at, updated_by FROM records";
const SELECT_REVISION: &str =
    "SELECT record_id, version, account, at, action, changes FROM revisions";
const SELECT_ACCOUNT: &str =
    "SELECT id, name, password_hash, is_admin, disabled, created_at FROM accounts";

pub(crate) struct SqliteStore {
    writer: Writer,
    readers: Pool<Connection>,
}

/// The writer connection, lent to one transaction at a time.
struct Writer {
    conn: Mutex<Connection>,
    /// Whether a transaction holds `conn`. Waited on with a timeout, as another
    /// process's lock is: `Mutex::lock` cannot give up, and a thread that begins a
    /// transaction while holding one would otherwise wait forever.
    busy: Mutex<bool>,
    freed: Condvar,
}

impl Writer {
    /// Waits up to [`BUSY_TIMEOUT`] for the connection.
    fn acquire(&self) -> Result<MutexGuard<'_, Connection>> {
        // The flag is a plain bool, sound whatever a panicking holder was doing.
        let busy = self.busy.lock().unwrap_or_else(PoisonError::into_inner);
        let (mut busy, waited) = self
            .freed
            .wait_timeout_while(busy, BUSY_TIMEOUT, |b| *b)
            .unwrap_or_else(PoisonError::into_inner);
        if waited.timed_out() && *busy {
            return Err(StoreError::Backend(format!(
                "another write transaction of this process has held the database for over {} s; \
                 try again once it has finished",
                BUSY_TIMEOUT.as_secs()
            )));
        }
        *busy = true;
        drop(busy);
        // A panic inside a transaction unwinds through `SqliteTx::drop`, which rolls
        // back, so the connection behind a poisoned lock is still sound.
        Ok(self.conn.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// The connection if no transaction of this process holds it, without waiting.
    fn try_acquire(&self) -> Option<MutexGuard<'_, Connection>> {
        let mut busy = self.busy.lock().unwrap_or_else(PoisonError::into_inner);
        if *busy {
            return None;
        }
        *busy = true;
        drop(busy);
        Some(self.conn.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn release(&self) {
        *self.busy.lock().unwrap_or_else(PoisonError::into_inner) = false;
        self.freed.notify_one();
    }
}

/// Releases the writer when dropped, panics included.
struct Release<'a>(&'a Writer);

impl Drop for Release<'_> {
    fn drop(&mut self) {
        self.0.release();
    }
}

/// Whether a bookkeeping write waits for a transaction of this process to end.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wait {
    Yes,
    /// Skip the write if the writer is busy: for touches, which the next request repeats.
    SkipIfBusy,
}

/// How the readers of a [`SqliteStore`] read the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// Through a memory map: faster scans, but every page read counts in the process's
    /// resident memory until the map is dropped.
    Mapped,
    /// Page by page through SQLite's own small cache: for a process that reads a whole
    /// collection once and must keep its resident memory to what it holds (publishing).
    Copied,
}

impl SqliteStore {
    /// Opens the database file, creating it if missing (its folder must exist) and
    /// migrating it to [`SCHEMA_VERSION`].
    pub fn open(path: &Path) -> Result<SqliteStore> {
        SqliteStore::open_with(path, Reading::Mapped)
    }

    /// [`SqliteStore::open`], with readers that read the file as `reading` says.
    pub fn open_with(path: &Path, reading: Reading) -> Result<SqliteStore> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            return Err(StoreError::Connect(format!(
                "the folder {} does not exist; create it first, or choose another path",
                dir.display()
            )));
        }
        if path.is_dir() {
            return Err(StoreError::Connect(format!(
                "{} is a folder; give the path of a database file",
                path.display()
            )));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut writer = Connection::open_with_flags(path, flags)
            .map_err(|e| StoreError::Connect(format!("cannot open {}: {e}", path.display())))?;
        recognise(&writer, path)?;
        configure(&writer, None)?;
        migrate(&mut writer).map_err(|e| match e {
            StoreError::Backend(_) => {
                StoreError::Backend(format!("cannot prepare {}: {e}", path.display()))
            }
            e => e,
        })?;

        let reader_path: PathBuf = path.to_path_buf();
        let readers = Pool::new(
            READERS_KEPT,
            |_| true,
            Box::new(move || {
                let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                let conn = Connection::open_with_flags(&reader_path, flags).map_err(|e| {
                    StoreError::Connect(format!("cannot open {}: {e}", reader_path.display()))
                })?;
                configure(&conn, Some(reading))?;
                Ok(conn)
            }),
        );
        Ok(SqliteStore {
            writer: Writer {
                conn: Mutex::new(writer),
                busy: Mutex::new(false),
                freed: Condvar::new(),
            },
            readers,
        })
    }

    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.readers.get()?;
        f(&conn)
    }

    /// A bookkeeping write on the writer connection, outside any transaction.
    fn bookkeeping(&self, wait: Wait, f: impl FnOnce(&Connection) -> Result<()>) -> Result<()> {
        let conn = match wait {
            Wait::Yes => self.writer.acquire()?,
            Wait::SkipIfBusy => match self.writer.try_acquire() {
                Some(conn) => conn,
                None => return Ok(()),
            },
        };
        // Declared after `conn`, so dropped before it, as in `SqliteTx`.
        let _release = Release(&self.writer);
        if !conn.is_autocommit() {
            conn.execute_batch("ROLLBACK").map_err(db_error)?;
        }
        f(&conn)
    }
}

/// Refuses a file that is not Memoria's or is from a newer Memoria, before changing it.
fn recognise(conn: &Connection, path: &Path) -> Result<()> {
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| open_error(e, path))?;
    let user_version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| open_error(e, path))?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(|e| open_error(e, path))?;
    // A new file has no tables and application id 0; anything else must carry our id.
    if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
        return Err(StoreError::NotMemoria(path.display().to_string()));
    }
    if user_version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found: user_version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Per-connection settings. Pragmas take no parameters; every value here is a constant.
/// Per-connection settings; `reader` is how a reader reads, `None` for the writer.
fn configure(conn: &Connection, reader: Option<Reading>) -> Result<()> {
    configure_inner(conn, reader).map_err(db_error)?;
    let reader = reader.is_some();
    if !reader {
        // Only takes effect on a new file. Larger pages split less often under random
        // inserts; 8 KiB measured about 10% faster on imports than the default 4 KiB.
        conn.pragma_update(None, "page_size", 8192)
            .map_err(db_error)?;
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            .map_err(db_error)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Backend(format!(
                "cannot switch the database to WAL mode (it stays in {mode} mode)"
            )));
        }
    }
    Ok(())
}

pub(crate) fn snapshot(db: &Path, out: &Path) -> Result<()> {
    if out.exists() {
        return Err(StoreError::Backend(format!(
            "{} exists; a snapshot needs a new file",
            out.display()
        )));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(db, flags).map_err(|e| open_error(e, db))?;
    recognise(&conn, db)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))
        .map_err(db_error)?;
    let target = out
        .to_str()
        .ok_or_else(|| StoreError::Backend("the snapshot's path is not valid UTF-8".to_string()))?;
    // VACUUM INTO reads in one transaction, so the copy is of one moment.
    conn.execute("VACUUM INTO ?1", [target]).map_err(db_error)?;
    Ok(())
}

fn configure_inner(conn: &Connection, reading: Option<Reading>) -> rusqlite::Result<()> {
    let reader = reading.is_some();
    conn.busy_timeout(BUSY_TIMEOUT)?;
    if reader {
        conn.pragma_update(None, "query_only", true)?;
    } else {
        // Off by default in SQLite; the schema's foreign keys (memberships of a purged
        // collection go with it) must hold here as on PostgreSQL.
        conn.pragma_update(None, "foreign_keys", true)?;
        // NORMAL in WAL mode: a power cut may lose the last commits, never corrupt the file.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Give the WAL file back to the disk after a big import has been checkpointed.
        conn.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)?;
    }
    // The writer's page cache (in KiB when negative) holds most of the random-id
    // indexes of a million-record import; SQLite allocates it only as it fills. Larger
    // measured no faster. Readers make do with less.
    let cache_kib = if reader { 16 * 1024 } else { 128 * 1024 };
    if reading == Some(Reading::Mapped) {
        // Readers map the file instead of copying each page through read(): scans of a
        // million records (export) spend a fifth less time. The map is address space,
        // not memory; the kernel's page cache backs it.
        conn.pragma_update(None, "mmap_size", 1i64 << 30)?;
    }
    conn.pragma_update(None, "cache_size", -cache_kib)?;
    conn.set_prepared_statement_cache_capacity(32);
    Ok(())
}

/// Applies the migrations the file lacks, all in one transaction, recording each.
fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(db_error)?;
    // Read again under the write lock: another process may have migrated meanwhile.
    let current: i64 = tx
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(db_error)?;
    if current > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    if current == SCHEMA_VERSION {
        return Ok(());
    }
    for m in MIGRATIONS.iter().filter(|m| m.version > current) {
        tx.execute_batch(m.sql).map_err(db_error)?;
        tx.execute(
            "INSERT INTO memoria_schema (version, name, applied_at) VALUES (?1, ?2, ?3)",
            params![m.version, m.name, Timestamp::now().to_string()],
        )
        .map_err(db_error)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)
        .map_err(db_error)?;
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)
        .map_err(db_error)?;
    tx.commit().map_err(db_error)
}

/// An error while first reading a file: a file that is not a database is named as such.
fn open_error(e: rusqlite::Error, path: &Path) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => {
            StoreError::NotMemoria(format!("{} (not an SQLite database)", path.display()))
        }
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt(format!("{}: {e}", path.display())),
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied | ErrorCode::ReadOnly) => {
            StoreError::Connect(format!("cannot open {}: {e}", path.display()))
        }
        _ => db_error(e),
    }
}

/// SQLite's messages name tables, columns and constraints, never the values bound.
fn db_error(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
            StoreError::Corrupt(e.to_string())
        }
        _ => StoreError::Backend(e.to_string()),
    }
}

/// A PRIMARY KEY or UNIQUE violation.
fn is_key_violation(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
                || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
    )
}

/// An id as bound: the UUID's 16 bytes.
fn blob(id: &Uuid) -> [u8; 16] {
    *id.as_bytes()
}

fn uuid_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Uuid> {
    r.get::<_, [u8; 16]>(i).map(Uuid::from_bytes)
}

fn opt_uuid_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<Uuid>> {
    r.get::<_, Option<[u8; 16]>>(i)
        .map(|b| b.map(Uuid::from_bytes))
}

fn record_row(r: &Row<'_>) -> rusqlite::Result<RecordRow> {
    Ok(RecordRow {
        id: uuid_at(r, 0)?,
        kind: r.get(1)?,
        collection: opt_uuid_at(r, 2)?,
        parent: opt_uuid_at(r, 3)?,
        version: r.get(4)?,
        deleted: r.get(5)?,
        body: r.get(6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
        updated_by: uuid_at(r, 9)?,
    })
}

fn revision_row(r: &Row<'_>) -> rusqlite::Result<RevisionRow> {
    Ok(RevisionRow {
        record_id: uuid_at(r, 0)?,
        version: r.get(1)?,
        account: uuid_at(r, 2)?,
        at: r.get(3)?,
        action: r.get(4)?,
        changes: r.get(5)?,
    })
}

fn account_row(r: &Row<'_>) -> rusqlite::Result<AccountRow> {
    Ok(AccountRow {
        id: uuid_at(r, 0)?,
        name: r.get(1)?,
        password_hash: r.get(2)?,
        is_admin: r.get(3)?,
        disabled: r.get(4)?,
        created_at: r.get(5)?,
    })
}

pub(super) fn audit_row(r: &Row<'_>) -> rusqlite::Result<AuditRow> {
    Ok(AuditRow {
        seq: r.get(0)?,
        at: r.get(1)?,
        account: uuid_at(r, 2)?,
        action: r.get(3)?,
        record_id: opt_uuid_at(r, 4)?,
        detail: r.get(5)?,
        log_index: r.get(6)?,
    })
}

fn checkpoint_row(r: &Row<'_>) -> rusqlite::Result<(i64, String, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
}

fn decode_checkpoint((size, signed_at, note): (i64, String, String)) -> Result<LogCheckpoint> {
    Ok(LogCheckpoint {
        size: sql::log_u64(size, "log_checkpoints.size")?,
        signed_at,
        note,
    })
}

/// The log's size as this connection sees it.
pub(super) fn log_size(c: &Connection) -> Result<u64> {
    let size: Option<i64> = query_opt(c, "SELECT size FROM log_head WHERE id = 1", [], |r| {
        r.get(0)
    })?;
    sql::log_u64(size.unwrap_or(0), "log_head.size")
}

/// Stored log hashes, one indexed read each (a proof needs a few dozen, a tile 256).
pub(super) fn log_hashes(c: &Connection, indexes: &[u64]) -> Result<Vec<[u8; 32]>> {
    let mut st = c
        .prepare_cached("SELECT hash FROM log_hashes WHERE idx = ?1")
        .map_err(db_error)?;
    indexes
        .iter()
        .map(|&i| {
            let bytes: Option<Vec<u8>> = st
                .query_row(params![sql::log_int(i)?], |r| r.get(0))
                .optional()
                .map_err(db_error)?;
            sql::log_hash(&bytes.ok_or_else(|| sql::missing_log_hash(i))?)
        })
        .collect()
}

/// Runs a query returning at most one row.
fn query_opt<T>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    row: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Option<T>> {
    let mut st = conn.prepare_cached(sql).map_err(db_error)?;
    st.query_row(params, row).optional().map_err(db_error)
}

pub(super) fn query_all<T>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    row: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut st = conn.prepare_cached(sql).map_err(db_error)?;
    let rows = st.query_map(params, row).map_err(db_error)?;
    rows.collect::<rusqlite::Result<Vec<T>>>().map_err(db_error)
}

fn get_record(conn: &Connection, id: RecordId) -> Result<Option<Current>> {
    let sql = format!("{SELECT_RECORD} WHERE id = ?1");
    query_opt(conn, &sql, [blob(id.as_uuid())], record_row)?
        .map(RecordRow::decode_current)
        .transpose()
}

fn revisions_of(conn: &Connection, id: RecordId) -> Result<Vec<Revision>> {
    let sql = format!("{SELECT_REVISION} WHERE record_id = ?1 ORDER BY version");
    query_all(conn, &sql, [blob(id.as_uuid())], revision_row)?
        .into_iter()
        .map(RevisionRow::decode)
        .collect()
}

/// The account with this id or name.
fn account_where(conn: &Connection, key: AccountKey<'_>) -> Result<Option<Account>> {
    let found = match key {
        AccountKey::Id(id) => query_opt(
            conn,
            &format!("{SELECT_ACCOUNT} WHERE id = ?1"),
            [blob(&id.0)],
            account_row,
        ),
        AccountKey::Name(name) => query_opt(
            conn,
            &format!("{SELECT_ACCOUNT} WHERE name = ?1"),
            [name],
            account_row,
        ),
    };
    found?.map(AccountRow::decode).transpose()
}

enum AccountKey<'a> {
    Id(AccountId),
    Name(&'a str),
}

fn filter_params(filter: &Filter, limit: Option<i64>) -> Vec<SqlValue> {
    let mut params: Vec<SqlValue> = filter
        .params
        .iter()
        .map(|p| match p {
            Param::Text(t) => SqlValue::Text(t.to_string()),
            Param::Id(id) => SqlValue::Blob(id.as_bytes().to_vec()),
        })
        .collect();
    params.extend(limit.map(SqlValue::Integer));
    params
}

impl Store for SqliteStore {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    fn begin(&self, actor: &Actor) -> Result<Box<dyn Tx + '_>> {
        Ok(Box::new(tx::SqliteTx::begin(&self.writer, actor)?))
    }

    fn get(&self, id: RecordId) -> Result<Option<Stored>> {
        self.read(|c| Ok(get_record(c, id)?.map(|c| c.stored)))
    }

    fn history(&self, id: RecordId) -> Result<Vec<Revision>> {
        self.read(|c| revisions_of(c, id))
    }

    fn list(&self, query: &ListQuery) -> Result<Vec<Stored>> {
        let filter = Filter::new(query, true, str::to_string);
        let sql = sql::sqlite_placeholders(&format!(
            "{SELECT_RECORD}{} ORDER BY id LIMIT {}",
            filter.sql,
            filter.next_placeholder()
        ));
        let params = filter_params(&filter, Some(sql::limit(query)));
        self.read(|c| {
            query_all(c, &sql, rusqlite::params_from_iter(params), record_row)?
                .into_iter()
                .map(RecordRow::decode)
                .collect()
        })
    }

    fn count(&self, query: &ListQuery) -> Result<u64> {
        let filter = Filter::new(query, false, str::to_string);
        let sql = sql::sqlite_placeholders(&format!("SELECT count(*) FROM records{}", filter.sql));
        let params = filter_params(&filter, None);
        let n: i64 = self.read(|c| {
            Ok(query_opt(c, &sql, rusqlite::params_from_iter(params), |r| r.get(0))?.unwrap_or(0))
        })?;
        Ok(n.unsigned_abs())
    }

    fn account_by_name(&self, name: &str) -> Result<Option<Account>> {
        self.read(|c| account_where(c, AccountKey::Name(name)))
    }

    fn account(&self, id: AccountId) -> Result<Option<Account>> {
        self.read(|c| account_where(c, AccountKey::Id(id)))
    }

    fn accounts(&self) -> Result<Vec<Account>> {
        let sql = format!("{SELECT_ACCOUNT} ORDER BY name");
        self.read(|c| {
            query_all(c, &sql, [], account_row)?
                .into_iter()
                .map(AccountRow::decode)
                .collect()
        })
    }

    fn audit_log(&self, after: i64, limit: usize) -> Result<Vec<AuditEntry>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.read(|c| {
            query_all(
                c,
                &format!("{} WHERE seq > ?1 ORDER BY seq LIMIT ?2", sql::SELECT_AUDIT),
                params![after, limit],
                audit_row,
            )?
            .into_iter()
            .map(AuditRow::decode)
            .collect()
        })
    }

    fn audit_of(&self, record: RecordId) -> Result<Vec<AuditEntry>> {
        self.read(|c| {
            query_all(
                c,
                &format!("{} WHERE record_id = ?1 ORDER BY seq", sql::SELECT_AUDIT),
                params![blob(record.as_uuid())],
                audit_row,
            )?
            .into_iter()
            .map(AuditRow::decode)
            .collect()
        })
    }

    fn log_size(&self) -> Result<u64> {
        self.read(log_size)
    }

    fn log_hashes(&self, indexes: &[u64]) -> Result<Vec<[u8; 32]>> {
        self.read(|c| log_hashes(c, indexes))
    }

    fn log_entries(&self, start: u64, count: usize) -> Result<Vec<AuditEntry>> {
        let (start, end) = (
            sql::log_int(start)?,
            sql::log_int(start.saturating_add(count as u64))?,
        );
        self.read(|c| {
            query_all(
                c,
                &format!(
                    "{} WHERE log_index >= ?1 AND log_index < ?2 ORDER BY log_index",
                    sql::SELECT_AUDIT
                ),
                params![start, end],
                audit_row,
            )?
            .into_iter()
            .map(AuditRow::decode)
            .collect()
        })
    }

    fn latest_log_checkpoint(&self) -> Result<Option<LogCheckpoint>> {
        self.read(|c| {
            query_opt(
                c,
                "SELECT size, signed_at, note FROM log_checkpoints ORDER BY size DESC LIMIT 1",
                [],
                checkpoint_row,
            )?
            .map(decode_checkpoint)
            .transpose()
        })
    }

    fn log_checkpoint(&self, size: u64) -> Result<Option<LogCheckpoint>> {
        let size = sql::log_int(size)?;
        self.read(|c| {
            query_opt(
                c,
                "SELECT size, signed_at, note FROM log_checkpoints WHERE size = ?1",
                params![size],
                checkpoint_row,
            )?
            .map(decode_checkpoint)
            .transpose()
        })
    }

    fn keep_log_checkpoint(&self, checkpoint: &LogCheckpoint) -> Result<()> {
        let size = sql::log_int(checkpoint.size)?;
        self.bookkeeping(Wait::Yes, |c| {
            c.execute(
                "INSERT INTO log_checkpoints (size, signed_at, note) VALUES (?1, ?2, ?3) \
                 ON CONFLICT DO NOTHING",
                params![size, checkpoint.signed_at, checkpoint.note],
            )
            .map(drop)
            .map_err(db_error)
        })
    }

    fn scan_records(&self, visit: &mut dyn FnMut(Stored) -> Result<()>) -> Result<()> {
        // One statement is one read transaction: the scan sees one snapshot throughout.
        self.read(|c| {
            let mut st = c
                .prepare(&format!("{SELECT_RECORD} ORDER BY id"))
                .map_err(db_error)?;
            let mut rows = st.query([]).map_err(db_error)?;
            while let Some(row) = rows.next().map_err(db_error)? {
                visit(record_row(row).map_err(db_error)?.decode()?)?;
            }
            Ok(())
        })
    }

    fn scan_revisions(&self, visit: &mut dyn FnMut(Revision) -> Result<()>) -> Result<()> {
        self.read(|c| {
            let mut st = c
                .prepare(&format!("{SELECT_REVISION} ORDER BY record_id, version"))
                .map_err(db_error)?;
            let mut rows = st.query([]).map_err(db_error)?;
            while let Some(row) = rows.next().map_err(db_error)? {
                visit(revision_row(row).map_err(db_error)?.decode()?)?;
            }
            Ok(())
        })
    }

    fn changes_since(&self, after_seq: i64, limit: usize) -> Result<Vec<(i64, RecordId)>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.read(|c| access::changes(c, after_seq, limit))
    }

    fn session(&self, digest: &[u8; 32]) -> Result<Option<Session>> {
        self.read(|c| access::session(c, digest))
    }

    fn touch_session(&self, digest: &[u8; 32], at: Timestamp) -> Result<()> {
        self.bookkeeping(Wait::SkipIfBusy, |c| access::touch_session(c, digest, at))
    }

    fn api_token_by_digest(&self, digest: &[u8; 32]) -> Result<Option<ApiToken>> {
        self.read(|c| access::api_token(c, access::TokenKey::Digest(digest)))
    }

    fn api_tokens(&self, account: AccountId) -> Result<Vec<ApiToken>> {
        self.read(|c| access::api_tokens_of(c, account))
    }

    fn touch_api_token(&self, id: Uuid, at: Timestamp) -> Result<()> {
        self.bookkeeping(Wait::SkipIfBusy, |c| access::touch_api_token(c, id, at))
    }

    fn memberships(&self, account: AccountId) -> Result<Vec<Membership>> {
        self.read(|c| access::memberships(c, access::MemberKey::Account(account)))
    }

    fn members(&self, collection: RecordId) -> Result<Vec<Membership>> {
        self.read(|c| access::memberships(c, access::MemberKey::Collection(collection)))
    }

    fn account_settings(&self, account: AccountId) -> Result<AccountSettings> {
        Ok(self
            .read(|c| access::settings(c, account))?
            .unwrap_or_default())
    }

    fn sign_in_counter(&self, key: &str) -> Result<Option<SignInCounter>> {
        self.read(|c| access::counter(c, key))
    }

    fn put_sign_in_counter(&self, key: &str, counter: Option<&SignInCounter>) -> Result<()> {
        self.bookkeeping(Wait::Yes, |c| access::put_counter(c, key, counter))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_migration_is_the_schema_version() {
        assert_eq!(MIGRATIONS.last().map(|m| m.version), Some(SCHEMA_VERSION));
        assert!(
            MIGRATIONS
                .windows(2)
                .all(|w| w[0].version + 1 == w[1].version)
        );
    }
}

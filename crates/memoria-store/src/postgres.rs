//! The PostgreSQL backend: for installations with several Memoria processes in front
//! of one database.
//!
//! Nothing that matters for correctness lives in the process: versions are checked
//! by locking the row (`SELECT … FOR UPDATE`) and updating only where the version is
//! still the one read, migrations run under an advisory lock, and audit order comes
//! from a sequence. Any number of processes may share the database.
//!
//! Speed: a transaction does not send each record, revision and audit entry on its
//! own. It buffers them as `COPY` text and sends them in batches of [`FLUSH_ROWS`]
//! rows, before anything else it runs (a read, an update) and at commit, so that a
//! million-record import costs a few thousand round trips, not millions. The one
//! per-record round trip left is the check that a caller-chosen id is free, which
//! [`Tx::create`] (a fresh random id) skips. Statements are prepared once per
//! connection.
//!
//! Not done here: TLS (the `postgres` crate is used with `NoTls`; run PostgreSQL on
//! the same host or behind a TLS tunnel).

use std::collections::{HashMap, HashSet};
use std::io::Write;

use memoria_core::id::RecordId;
use postgres::error::SqlState;
use postgres::types::{FromSql, ToSql, Type};
use postgres::{Client, IsolationLevel, NoTls, Row, Statement};
use uuid::Uuid;

use crate::pool::{Pool, Pooled};
use crate::sql::{
    self, AccountRow, AuditRow, Current, Filter, Migration, Param, RecordRow, RevisionRow,
};
use crate::write::{self, CollectionCache, NewRevision, Primitives};
use crate::{
    Account, AccountId, Actor, AuditEntry, Backend, ListQuery, Result, Revision, SCHEMA_VERSION,
    Store, StoreError, Stored, Timestamp, Tx,
};

const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    name: "0001_initial",
    sql: include_str!("../migrations/postgres/0001_initial.sql"),
}];

/// The advisory lock taken while migrating: "MEMORIA" in ASCII.
const MIGRATION_LOCK: i64 = 0x4D45_4D4F_5249_41;

/// Buffered rows (records, revisions and audit entries together) that trigger a flush.
const FLUSH_ROWS: usize = 3000;

/// Rows fetched per round trip by the scans.
const SCAN_BATCH: i32 = 10_000;

/// Idle connections kept open.
const CONNECTIONS_KEPT: usize = 4;

/// The tables of schema 1: finding any of them without `memoria_schema` means the
/// database belongs to something else.
const OUR_TABLES: [&str; 5] = [
    "memoria_schema",
    "records",
    "revisions",
    "audit",
    "accounts",
];

const SELECT_RECORD: &str = "SELECT id, kind, collection, parent, version, deleted, body::text, created_at, \
                             updated_at, updated_by FROM records";
const SELECT_REVISION: &str =
    "SELECT record_id, version, account, at, action, changes::text FROM revisions";
const SELECT_ACCOUNT: &str =
    "SELECT id, name, password_hash, is_admin, disabled, created_at FROM accounts";

/// A connection with its prepared statements.
struct PgConn {
    client: Client,
    statements: HashMap<String, Statement>,
}

impl PgConn {
    fn prepare(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        if let Some(st) = self.statements.get(sql) {
            return Ok(st.clone());
        }
        let st = self.client.prepare(sql)?;
        self.statements.insert(sql.to_string(), st.clone());
        Ok(st)
    }

    fn query(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, postgres::Error> {
        let st = self.prepare(sql)?;
        self.client.query(&st, params)
    }

    fn query_opt(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, postgres::Error> {
        let st = self.prepare(sql)?;
        self.client.query_opt(&st, params)
    }

    fn execute(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, postgres::Error> {
        let st = self.prepare(sql)?;
        self.client.execute(&st, params)
    }
}

pub(crate) struct PgStore {
    pool: Pool<PgConn>,
}

impl PgStore {
    /// Connects, and creates or migrates the schema as needed.
    pub fn open(url: &str) -> Result<PgStore> {
        let shown = sql::redact_url(url);
        let config: postgres::Config = url.parse().map_err(|e: postgres::Error| {
            StoreError::Connect(format!("{shown} is not a valid PostgreSQL URL: {e}"))
        })?;
        let pool = Pool::new(
            CONNECTIONS_KEPT,
            |c: &PgConn| !c.client.is_closed(),
            Box::new(move || {
                let client = config
                    .connect(NoTls)
                    .map_err(|e| StoreError::Connect(reason(&e)))?;
                Ok(PgConn {
                    client,
                    statements: HashMap::new(),
                })
            }),
        );
        let store = PgStore { pool };
        migrate(&mut *store.pool.get()?, &shown)?;
        Ok(store)
    }

    fn conn(&self) -> Result<Pooled<'_, PgConn>> {
        self.pool.get()
    }

    fn scan<T>(
        &self,
        sql: &str,
        decode: fn(&Row) -> Result<T>,
        visit: &mut dyn FnMut(T) -> Result<()>,
    ) -> Result<()> {
        let mut conn = self.conn()?;
        // One snapshot for the whole scan, read through a portal a batch at a time.
        let mut tx = conn
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(pg_error)?;
        let portal = tx.bind(sql, &[]).map_err(pg_error)?;
        loop {
            let rows = tx.query_portal(&portal, SCAN_BATCH).map_err(pg_error)?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                visit(decode(row)?)?;
            }
        }
        tx.commit().map_err(pg_error)
    }
}

/// Why connecting failed, in the server's words; the URL (and its password) is never
/// part of it.
fn reason(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string(),
    }
}

/// Only the message and code of a server error: its DETAIL and WHERE fields can quote
/// the values of a row.
fn pg_error(e: postgres::Error) -> StoreError {
    match e.as_db_error() {
        Some(db) => {
            let msg = format!("{} (SQLSTATE {})", db.message(), db.code().code());
            if *db.code() == SqlState::DATA_CORRUPTED || *db.code() == SqlState::INDEX_CORRUPTED {
                StoreError::Corrupt(msg)
            } else {
                StoreError::Backend(msg)
            }
        }
        None if e.is_closed() => StoreError::Backend(
            "the connection to PostgreSQL was closed; try again once it is back".into(),
        ),
        None => StoreError::Backend(e.to_string()),
    }
}

/// What the database holds: the recorded schema version (`None` before the first
/// migration) and whether any of Memoria's table names are taken.
fn schema_state(conn: &mut PgConn) -> Result<(Option<i64>, bool)> {
    // A catalog scan, not `to_regclass`: the latter may answer from a cache that has
    // not yet seen another process's just-committed migration.
    let rows = conn
        .query(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() AND tablename = ANY($1)",
            &[&&OUR_TABLES[..]],
        )
        .map_err(pg_error)?;
    let tables: Vec<String> = rows
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()
        .map_err(pg_error)?;
    if !tables.iter().any(|t| t == "memoria_schema") {
        return Ok((None, !tables.is_empty()));
    }
    let row = conn
        .query_opt("SELECT max(version) FROM memoria_schema", &[])
        .map_err(pg_error)?;
    let version = row
        .map(|r| r.try_get::<_, Option<i64>>(0))
        .transpose()
        .map_err(pg_error)?
        .flatten();
    Ok((Some(version.unwrap_or(0)), true))
}

/// Brings the schema up to [`SCHEMA_VERSION`] in one transaction, under an advisory
/// lock so that processes starting together migrate once.
fn migrate(conn: &mut PgConn, shown: &str) -> Result<()> {
    let check = |conn: &mut PgConn| -> Result<i64> {
        let version = match schema_state(conn)? {
            (None, true) => return Err(StoreError::NotMemoria(shown.to_string())),
            (version, _) => version.unwrap_or(0),
        };
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(version)
    };
    // Up to date: no lock needed. Anything else is decided under the lock, where no
    // other process is halfway through creating the tables.
    match schema_state(conn)?.0 {
        Some(v) if v == SCHEMA_VERSION => return Ok(()),
        Some(v) if v > SCHEMA_VERSION => {
            return Err(StoreError::NewerSchema {
                found: v,
                supported: SCHEMA_VERSION,
            });
        }
        _ => {}
    }
    conn.client.batch_execute("BEGIN").map_err(pg_error)?;
    let r = (|| {
        conn.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .map_err(pg_error)?;
        let current = check(conn)?;
        for m in MIGRATIONS.iter().filter(|m| m.version > current) {
            conn.client.batch_execute(m.sql).map_err(pg_error)?;
            conn.execute(
                "INSERT INTO memoria_schema (version, name, applied_at) VALUES ($1, $2, $3)",
                &[&m.version, &m.name, &Timestamp::now().to_string()],
            )
            .map_err(pg_error)?;
        }
        conn.client.batch_execute("COMMIT").map_err(pg_error)
    })();
    if r.is_err() {
        let _ = conn.client.batch_execute("ROLLBACK");
    }
    // Statements prepared before the tables existed are not worth keeping.
    conn.statements.clear();
    r
}

/// A `uuid` column as read in binary form. (The `postgres` crate converts `uuid` only
/// with a feature this workspace does not enable; ids are *sent* as text, with
/// `$n::text::uuid`.)
struct PgUuid(Uuid);

impl<'a> FromSql<'a> for PgUuid {
    fn from_sql(
        _: &Type,
        raw: &'a [u8],
    ) -> Result<PgUuid, Box<dyn std::error::Error + Sync + Send>> {
        Ok(PgUuid(Uuid::from_slice(raw)?))
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::UUID
    }
}

fn uuid_at(r: &Row, i: usize) -> Result<Uuid, postgres::Error> {
    r.try_get::<_, PgUuid>(i).map(|u| u.0)
}

fn opt_uuid_at(r: &Row, i: usize) -> Result<Option<Uuid>, postgres::Error> {
    r.try_get::<_, Option<PgUuid>>(i).map(|u| u.map(|u| u.0))
}

fn record_row(r: &Row) -> Result<RecordRow> {
    (|| {
        Ok(RecordRow {
            id: uuid_at(r, 0)?,
            kind: r.try_get(1)?,
            collection: opt_uuid_at(r, 2)?,
            parent: opt_uuid_at(r, 3)?,
            version: r.try_get(4)?,
            deleted: r.try_get(5)?,
            body: r.try_get(6)?,
            created_at: r.try_get(7)?,
            updated_at: r.try_get(8)?,
            updated_by: uuid_at(r, 9)?,
        })
    })()
    .map_err(pg_error)
}

fn decode_record(r: &Row) -> Result<Stored> {
    record_row(r)?.decode()
}

fn decode_revision(r: &Row) -> Result<Revision> {
    (|| {
        Ok(RevisionRow {
            record_id: uuid_at(r, 0)?,
            version: r.try_get(1)?,
            account: uuid_at(r, 2)?,
            at: r.try_get(3)?,
            action: r.try_get(4)?,
            changes: r.try_get(5)?,
        })
    })()
    .map_err(pg_error)?
    .decode()
}

fn decode_account(r: &Row) -> Result<Account> {
    (|| {
        Ok(AccountRow {
            id: uuid_at(r, 0)?,
            name: r.try_get(1)?,
            password_hash: r.try_get(2)?,
            is_admin: r.try_get(3)?,
            disabled: r.try_get(4)?,
            created_at: r.try_get(5)?,
        })
    })()
    .map_err(pg_error)?
    .decode()
}

fn decode_audit(r: &Row) -> Result<AuditEntry> {
    (|| {
        Ok(AuditRow {
            seq: r.try_get(0)?,
            at: r.try_get(1)?,
            account: uuid_at(r, 2)?,
            action: r.try_get(3)?,
            record_id: opt_uuid_at(r, 4)?,
            detail: r.try_get(5)?,
        })
    })()
    .map_err(pg_error)?
    .decode()
}

fn get_record(conn: &mut PgConn, id: RecordId, lock: bool) -> Result<Option<Current>> {
    let sql = if lock {
        "SELECT id, kind, collection, parent, version, deleted, body::text, created_at, updated_at, updated_by \
         FROM records WHERE id = $1::text::uuid FOR UPDATE"
    } else {
        "SELECT id, kind, collection, parent, version, deleted, body::text, created_at, updated_at, updated_by \
         FROM records WHERE id = $1::text::uuid"
    };
    let row = conn.query_opt(sql, &[&id.to_string()]).map_err(pg_error)?;
    row.map(|r| record_row(&r)?.decode_current()).transpose()
}

fn revisions_of(conn: &mut PgConn, id: RecordId) -> Result<Vec<Revision>> {
    let sql = format!("{SELECT_REVISION} WHERE record_id = $1::text::uuid ORDER BY version");
    conn.query(&sql, &[&id.to_string()])
        .map_err(pg_error)?
        .iter()
        .map(decode_revision)
        .collect()
}

/// The account with this id or name.
fn account_where(conn: &mut PgConn, key: AccountKey<'_>) -> Result<Option<Account>> {
    let found = match key {
        AccountKey::Id(id) => conn.query_opt(
            &format!("{SELECT_ACCOUNT} WHERE id = $1::text::uuid"),
            &[&id.to_string()],
        ),
        AccountKey::Name(name) => {
            conn.query_opt(&format!("{SELECT_ACCOUNT} WHERE name = $1"), &[&name])
        }
    };
    found
        .map_err(pg_error)?
        .as_ref()
        .map(decode_account)
        .transpose()
}

enum AccountKey<'a> {
    Id(AccountId),
    Name(&'a str),
}

/// A filter's values as the driver binds them (ids as text, cast in the SQL).
fn filter_values(filter: &Filter) -> Vec<String> {
    filter
        .params
        .iter()
        .map(|p| match p {
            Param::Text(t) => t.to_string(),
            Param::Id(id) => id.hyphenated().to_string(),
        })
        .collect()
}

fn id_param(placeholder: &str) -> String {
    format!("{placeholder}::text::uuid")
}

impl Store for PgStore {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    fn begin(&self, actor: &Actor) -> Result<Box<dyn Tx + '_>> {
        let mut conn = self.conn()?;
        conn.client.batch_execute("BEGIN").map_err(pg_error)?;
        Ok(Box::new(PgTx {
            conn: Some(conn),
            actor: actor.clone(),
            collections: CollectionCache::default(),
            pending: Pending::default(),
            open: true,
            failed: false,
        }))
    }

    fn get(&self, id: RecordId) -> Result<Option<Stored>> {
        Ok(get_record(&mut *self.conn()?, id, false)?.map(|c| c.stored))
    }

    fn history(&self, id: RecordId) -> Result<Vec<Revision>> {
        revisions_of(&mut *self.conn()?, id)
    }

    fn list(&self, query: &ListQuery) -> Result<Vec<Stored>> {
        let filter = Filter::new(query, true, id_param);
        let sql = format!(
            "{SELECT_RECORD}{} ORDER BY id LIMIT {}",
            filter.sql,
            filter.next_placeholder()
        );
        let limit = sql::limit(query);
        let values = filter_values(&filter);
        let mut params: Vec<&(dyn ToSql + Sync)> =
            values.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        params.push(&limit);
        self.conn()?
            .query(&sql, &params)
            .map_err(pg_error)?
            .iter()
            .map(decode_record)
            .collect()
    }

    fn count(&self, query: &ListQuery) -> Result<u64> {
        let filter = Filter::new(query, false, id_param);
        let sql = format!("SELECT count(*) FROM records{}", filter.sql);
        let values = filter_values(&filter);
        let params: Vec<&(dyn ToSql + Sync)> =
            values.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let rows = self.conn()?.query(&sql, &params).map_err(pg_error)?;
        let n: i64 = rows
            .first()
            .map(|r| r.try_get(0))
            .transpose()
            .map_err(pg_error)?
            .unwrap_or(0);
        Ok(n.unsigned_abs())
    }

    fn account_by_name(&self, name: &str) -> Result<Option<Account>> {
        account_where(&mut *self.conn()?, AccountKey::Name(name))
    }

    fn account(&self, id: AccountId) -> Result<Option<Account>> {
        account_where(&mut *self.conn()?, AccountKey::Id(id))
    }

    fn accounts(&self) -> Result<Vec<Account>> {
        let sql = format!("{SELECT_ACCOUNT} ORDER BY name");
        self.conn()?
            .query(&sql, &[])
            .map_err(pg_error)?
            .iter()
            .map(decode_account)
            .collect()
    }

    fn audit_log(&self, after: i64, limit: usize) -> Result<Vec<AuditEntry>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.conn()?
            .query(
                "SELECT seq, at, account, action, record_id, detail FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2",
                &[&after, &limit],
            )
            .map_err(pg_error)?
            .iter()
            .map(decode_audit)
            .collect()
    }

    fn scan_records(&self, visit: &mut dyn FnMut(Stored) -> Result<()>) -> Result<()> {
        self.scan(
            &format!("{SELECT_RECORD} ORDER BY id"),
            decode_record,
            visit,
        )
    }

    fn scan_revisions(&self, visit: &mut dyn FnMut(Revision) -> Result<()>) -> Result<()> {
        self.scan(
            &format!("{SELECT_REVISION} ORDER BY record_id, version"),
            decode_revision,
            visit,
        )
    }
}

/// Rows written by a transaction but not yet sent, as `COPY … FROM STDIN` text.
#[derive(Default)]
struct Pending {
    records: String,
    revisions: String,
    audit: String,
    rows: usize,
    /// The ids in `records`, so that a caller-chosen id can be checked without a flush.
    ids: HashSet<RecordId>,
    /// The caller-chosen ids among them, checked against the table at the flush.
    chosen: Vec<String>,
}

impl Pending {
    fn is_empty(&self) -> bool {
        self.rows == 0
    }

    fn record(&mut self, r: &Stored, body: &str) -> Result<()> {
        let b = &mut self.records;
        copy_field(b, Some(&r.id.to_string()));
        copy_field(b, Some(r.kind.as_str()));
        copy_field(b, r.collection.map(|c| c.to_string()).as_deref());
        copy_field(b, r.parent.map(|p| p.to_string()).as_deref());
        copy_field(b, Some(&sql::version_param(r.version)?.to_string()));
        copy_field(b, Some(if r.deleted { "t" } else { "f" }));
        copy_field(b, Some(body));
        let created_at = r.created_at.to_string();
        copy_field(b, Some(&created_at));
        if r.updated_at == r.created_at {
            copy_field(b, Some(&created_at));
        } else {
            copy_field(b, Some(&r.updated_at.to_string()));
        }
        copy_last(b, Some(&r.updated_by.to_string()));
        self.ids.insert(r.id);
        self.rows += 1;
        Ok(())
    }

    fn revision(&mut self, rev: &NewRevision<'_>) -> Result<()> {
        let b = &mut self.revisions;
        copy_field(b, Some(&rev.record.to_string()));
        copy_field(b, Some(&sql::version_param(rev.version)?.to_string()));
        copy_field(b, Some(&rev.account.to_string()));
        copy_field(b, Some(rev.at));
        copy_field(b, Some(rev.action.as_str()));
        copy_last(b, Some(rev.changes));
        self.rows += 1;
        Ok(())
    }

    fn audit(
        &mut self,
        at: &str,
        account: AccountId,
        action: &str,
        record: Option<RecordId>,
        detail: &str,
    ) {
        let b = &mut self.audit;
        copy_field(b, Some(at));
        copy_field(b, Some(&account.to_string()));
        copy_field(b, Some(action));
        copy_field(b, record.map(|r| r.to_string()).as_deref());
        copy_last(b, Some(detail));
        self.rows += 1;
    }

    fn clear(&mut self) {
        self.records.clear();
        self.revisions.clear();
        self.audit.clear();
        self.rows = 0;
        self.ids.clear();
        self.chosen.clear();
    }
}

/// Appends one field in `COPY` text format, then a tab.
fn copy_field(buf: &mut String, value: Option<&str>) {
    copy_value(buf, value);
    buf.push('\t');
}

/// Appends the last field of a row, then the newline.
fn copy_last(buf: &mut String, value: Option<&str>) {
    copy_value(buf, value);
    buf.push('\n');
}

fn copy_value(buf: &mut String, value: Option<&str>) {
    let Some(s) = value else {
        buf.push_str("\\N");
        return;
    };
    if !s
        .bytes()
        .any(|b| matches!(b, b'\\' | b'\n' | b'\r' | b'\t'))
    {
        buf.push_str(s);
        return;
    }
    for ch in s.chars() {
        match ch {
            '\\' => buf.push_str("\\\\"),
            '\n' => buf.push_str("\\n"),
            '\r' => buf.push_str("\\r"),
            '\t' => buf.push_str("\\t"),
            c => buf.push(c),
        }
    }
}

/// A write transaction on one pooled connection.
struct PgTx<'a> {
    /// `None` only once discarded in `drop`.
    conn: Option<Pooled<'a, PgConn>>,
    actor: Actor,
    collections: CollectionCache,
    pending: Pending,
    /// `BEGIN` was sent and neither `COMMIT` nor `ROLLBACK` yet.
    open: bool,
    /// A statement failed. PostgreSQL then refuses everything but `ROLLBACK`, and would
    /// even answer `COMMIT` with a silent rollback, so this is tracked here.
    failed: bool,
}

impl PgTx<'_> {
    fn conn(&mut self) -> &mut PgConn {
        self.conn
            .as_mut()
            .expect("the connection is held until the transaction is dropped")
    }

    /// Passes a driver result on, marking the transaction failed on error.
    fn check<T>(&mut self, r: Result<T, postgres::Error>) -> Result<T> {
        r.map_err(|e| {
            self.failed = true;
            pg_error(e)
        })
    }

    fn usable(&self) -> Result<()> {
        if self.failed {
            return Err(StoreError::Backend(
                "an earlier write in this transaction failed, so it can only be rolled back; nothing of it was saved"
                    .into(),
            ));
        }
        Ok(())
    }

    /// Sends the buffered rows. Called before any other statement, so that the
    /// database sees the transaction's writes in the order they were made.
    fn flush(&mut self) -> Result<()> {
        self.usable()?;
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        if !pending.chosen.is_empty() {
            let taken = self.conn().query_opt(
                "SELECT id FROM records WHERE id = ANY($1::text[]::uuid[]) LIMIT 1",
                &[&pending.chosen],
            );
            if let Some(row) = self.check(taken)? {
                self.failed = true;
                let id = uuid_at(&row, 0).map_err(pg_error)?;
                return Err(StoreError::AlreadyExists(sql::record_id(id)?));
            }
        }
        let r = (|| {
            let client = &mut self.conn().client;
            for (sql, data) in [
                (
                    "COPY records (id, kind, collection, parent, version, deleted, body, created_at, updated_at, \
                     updated_by) FROM STDIN",
                    &pending.records,
                ),
                (
                    "COPY revisions (record_id, version, account, at, action, changes) FROM STDIN",
                    &pending.revisions,
                ),
                (
                    "COPY audit (at, account, action, record_id, detail) FROM STDIN",
                    &pending.audit,
                ),
            ] {
                if data.is_empty() {
                    continue;
                }
                let mut w = client.copy_in(sql)?;
                // An I/O error here also surfaces as the COPY's own error from `finish`.
                let _ = w.write_all(data.as_bytes());
                w.finish()?;
            }
            Ok(())
        })();
        self.check(r)?;
        // Keep the buffers' capacity for the next batch.
        self.pending = pending;
        self.pending.clear();
        Ok(())
    }

    fn maybe_flush(&mut self) -> Result<()> {
        if self.pending.rows >= FLUSH_ROWS {
            self.flush()
        } else {
            Ok(())
        }
    }

    /// Flushes, then reads through the transaction's connection.
    fn read<T>(&mut self, f: impl FnOnce(&mut PgConn) -> Result<T>) -> Result<T> {
        self.flush()?;
        let r = f(self.conn());
        // A server error ends the transaction on PostgreSQL; a decoding error does not.
        if matches!(r, Err(StoreError::Backend(_) | StoreError::Corrupt(_))) {
            self.failed = true;
        }
        r
    }

    /// Flushes, then runs one statement.
    fn run<T>(&mut self, f: impl FnOnce(&mut PgConn) -> Result<T, postgres::Error>) -> Result<T> {
        self.flush()?;
        let r = f(self.conn());
        self.check(r)
    }
}

impl Primitives for PgTx<'_> {
    fn actor(&self) -> &Actor {
        &self.actor
    }

    fn collections(&mut self) -> &mut CollectionCache {
        &mut self.collections
    }

    fn fail(&mut self) {
        self.failed = true;
    }

    fn current(&mut self, id: RecordId, lock: bool) -> Result<Option<Current>> {
        self.read(|c| get_record(c, id, lock))
    }

    fn collection_of(&mut self, id: RecordId) -> Result<Option<Option<RecordId>>> {
        let row = self.run(|c| {
            c.query_opt(
                "SELECT collection FROM records WHERE id = $1::text::uuid",
                &[&id.to_string()],
            )
        })?;
        let Some(row) = row else { return Ok(None) };
        let c = opt_uuid_at(&row, 0).map_err(pg_error)?;
        Ok(Some(c.map(sql::record_id).transpose()?))
    }

    fn insert_record(&mut self, r: &Stored, body: &str, fresh: bool) -> Result<bool> {
        self.usable()?;
        if !fresh {
            if self.pending.ids.contains(&r.id) {
                return Ok(false);
            }
            // Checked against the table at the flush, for the whole batch in one query:
            // one round trip per record would dominate an import.
            self.pending.chosen.push(r.id.to_string());
        }
        self.pending.record(r, body)?;
        self.maybe_flush()?;
        Ok(true)
    }

    fn update_record(&mut self, r: &Stored, body: &str, expected_version: u64) -> Result<bool> {
        let (id, expected) = (r.id.to_string(), sql::version_param(expected_version)?);
        let collection = r.collection.map(|c| c.to_string());
        let parent = r.parent.map(|p| p.to_string());
        let version = sql::version_param(r.version)?;
        let (updated_at, updated_by) = (r.updated_at.to_string(), r.updated_by.to_string());
        let n = self.run(|c| {
            c.execute(
                "UPDATE records SET collection = $3::text::uuid, parent = $4::text::uuid, version = $5, deleted = $6, \
                 body = $7::text::jsonb, updated_at = $8, updated_by = $9::text::uuid \
                 WHERE id = $1::text::uuid AND version = $2",
                &[&id, &expected, &collection, &parent, &version, &r.deleted, &body, &updated_at, &updated_by],
            )
        })?;
        Ok(n == 1)
    }

    fn purge_record(&mut self, id: RecordId) -> Result<()> {
        let id = id.to_string();
        self.run(|c| {
            c.execute("DELETE FROM records WHERE id = $1::text::uuid", &[&id])?;
            c.execute(
                "DELETE FROM revisions WHERE record_id = $1::text::uuid",
                &[&id],
            )
        })?;
        Ok(())
    }

    fn insert_revision(&mut self, revision: &NewRevision<'_>) -> Result<()> {
        self.usable()?;
        self.pending.revision(revision)?;
        self.maybe_flush()
    }

    fn revisions(&mut self, id: RecordId) -> Result<Vec<Revision>> {
        self.read(|c| revisions_of(c, id))
    }

    fn insert_audit(
        &mut self,
        at: &str,
        action: &str,
        record: Option<RecordId>,
        detail: &str,
    ) -> Result<()> {
        self.usable()?;
        let account = self.actor.account;
        self.pending.audit(at, account, action, record, detail);
        self.maybe_flush()
    }

    fn account_by_id(&mut self, id: AccountId) -> Result<Option<Account>> {
        self.read(|c| account_where(c, AccountKey::Id(id)))
    }

    fn account_by_name(&mut self, name: &str) -> Result<Option<Account>> {
        self.read(|c| account_where(c, AccountKey::Name(name)))
    }

    fn insert_account(&mut self, a: &Account) -> Result<bool> {
        let (id, created_at) = (a.id.to_string(), a.created_at.to_string());
        let n =
            self.run(|c| {
                c.execute(
                "INSERT INTO accounts (id, name, password_hash, is_admin, disabled, created_at) \
                 VALUES ($1::text::uuid, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                &[&id, &a.name, &a.password_hash, &a.is_admin, &a.disabled, &created_at],
            )
            })?;
        Ok(n == 1)
    }
}

impl Tx for PgTx<'_> {
    fn actor(&self) -> &Actor {
        &self.actor
    }

    fn get(&mut self, id: RecordId) -> Result<Option<Stored>> {
        write::get(self, id)
    }

    fn create(&mut self, entity: memoria_core::Entity) -> Result<Stored> {
        // A fresh random id cannot be taken, so the round trip that checks is skipped.
        write::create(self, RecordId::random(), entity, true)
    }

    fn create_with_id(&mut self, id: RecordId, entity: memoria_core::Entity) -> Result<Stored> {
        write::create(self, id, entity, false)
    }

    fn update(
        &mut self,
        id: RecordId,
        expected_version: u64,
        entity: memoria_core::Entity,
    ) -> Result<Stored> {
        write::update(self, id, expected_version, entity)
    }

    fn delete(&mut self, id: RecordId, expected_version: u64) -> Result<Stored> {
        write::delete(self, id, expected_version)
    }

    fn undelete(&mut self, id: RecordId, expected_version: u64) -> Result<Stored> {
        write::undelete(self, id, expected_version)
    }

    fn restore(&mut self, id: RecordId, to_version: u64, expected_version: u64) -> Result<Stored> {
        write::restore(self, id, to_version, expected_version)
    }

    fn purge(&mut self, id: RecordId, reason: &str) -> Result<()> {
        write::purge(self, id, reason)
    }

    fn audit(&mut self, action: &str, record: Option<RecordId>, detail: &str) -> Result<()> {
        write::audit(self, action, record, detail)
    }

    fn add_account(
        &mut self,
        name: &str,
        password_hash: Option<&str>,
        is_admin: bool,
    ) -> Result<Account> {
        write::add_account(self, name, password_hash, is_admin)
    }

    fn load_record(&mut self, record: &Stored) -> Result<()> {
        write::load_record(self, record)
    }

    fn load_revision(&mut self, revision: &Revision) -> Result<()> {
        write::load_revision(self, revision)
    }

    fn load_account(&mut self, account: &Account) -> Result<()> {
        write::load_account(self, account)
    }

    fn commit(mut self: Box<Self>) -> Result<()> {
        self.flush()?; // on error, dropping `self` rolls back
        let r = self.conn().client.batch_execute("COMMIT");
        // Whatever COMMIT answered, the transaction is over.
        self.open = false;
        r.map_err(pg_error)
    }
}

impl Drop for PgTx<'_> {
    fn drop(&mut self) {
        if !self.open {
            return;
        }
        let Some(mut conn) = self.conn.take() else {
            return;
        };
        if conn.client.batch_execute("ROLLBACK").is_err() {
            // A connection in an unknown state must not serve the next caller.
            conn.discard();
        }
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

    #[test]
    fn copy_text_escapes_what_copy_would_read_as_syntax() {
        let mut b = String::new();
        copy_field(&mut b, Some("a\tb\\c\nd\re"));
        copy_last(&mut b, None);
        assert_eq!(b, "a\\tb\\\\c\\nd\\re\t\\N\n");
    }
}

//! The PostgreSQL backend: for installations with several Memoria processes in front
//! of one database.
//!
//! Nothing that matters for correctness lives in the process: versions are checked
//! by locking the row (`SELECT … FOR UPDATE`) and updating only where the version is
//! still the one read, migrations run under an advisory lock, and audit order comes
//! from a sequence. Any number of processes may share the database.
//!
//! Speed: a transaction ([`tx`]) does not send each record, revision and audit entry
//! on its own. It buffers them as `COPY` text and sends them in batches of
//! [`FLUSH_ROWS`] rows, before anything else it runs (a read, an update) and at
//! commit, so that a million-record import costs a few thousand round trips, not
//! millions. Caller-chosen ids are checked once per batch, which is why a taken id
//! may be reported after the call that used it. Statements are prepared once per
//! connection.
//!
//! Ids travel as text (`$1::text::uuid`) and come back as binary `uuid` ([`PgUuid`]);
//! bodies travel as text (`$1::text::json`, `body::text`).
//!
//! Not done here: TLS (the `postgres` crate is used with `NoTls`; run PostgreSQL on
//! the same host or behind a TLS tunnel).

use std::collections::HashMap;

use memoria_core::id::RecordId;
use postgres::error::SqlState;
use postgres::types::{FromSql, ToSql, Type};
use postgres::{Client, IsolationLevel, NoTls, Row, Statement};
use uuid::Uuid;

mod access;
mod tx;

use crate::pool::{Pool, Pooled};
use crate::sql::{
    self, AccountRow, AuditRow, Current, Filter, Migration, Param, RecordRow, RevisionRow,
};
use crate::{
    Account, AccountId, AccountSettings, Actor, ApiToken, AuditEntry, Backend, ListQuery,
    LogCheckpoint, Membership, Result, Revision, SCHEMA_VERSION, Session, SignInCounter, Store,
    StoreError, Stored, Timestamp, Tx,
};

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_initial",
        sql: include_str!("../migrations/postgres/0001_initial.sql"),
    },
    Migration {
        version: 2,
        name: "0002_accounts_web",
        sql: include_str!("../migrations/postgres/0002_accounts_web.sql"),
    },
    Migration {
        version: 3,
        name: "0003_transparency_log",
        sql: include_str!("../migrations/postgres/0003_transparency_log.sql"),
    },
];

/// The advisory lock taken while migrating: "MEMORIA" in ASCII.
const MIGRATION_LOCK: i64 = 0x004D_454D_4F52_4941;

/// Buffered rows (records, revisions and audit entries together) that trigger a flush.
const FLUSH_ROWS: usize = 3000;

/// Rows fetched per round trip by the scans.
const SCAN_BATCH: i32 = 10_000;

/// Idle connections kept open.
const CONNECTIONS_KEPT: usize = 4;

/// The tables of Memoria's schema: finding any of them without `memoria_schema` means
/// the database belongs to something else.
const OUR_TABLES: [&str; 10] = [
    "memoria_schema",
    "records",
    "revisions",
    "audit",
    "accounts",
    "account_settings",
    "memberships",
    "sessions",
    "api_tokens",
    "sign_in_counters",
];

const SELECT_RECORD: &str = "SELECT id, kind, collection, parent, version, deleted, \
                             body::text, created_at, updated_at, updated_by FROM records";
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

    /// Streams the rows of `sql` through `decode` to `visit`. Fetching and decoding run
    /// on a thread of their own, a batch ahead of `visit`, so that the server's work and
    /// the caller's (serialising an export) overlap instead of taking turns.
    fn scan<T: Send>(
        &self,
        sql: &str,
        decode: fn(&Row) -> Result<T>,
        visit: &mut dyn FnMut(T) -> Result<()>,
    ) -> Result<()> {
        let mut conn = self.conn()?;
        let client = &mut conn.client;
        std::thread::scope(|scope| {
            let (batches, received) = std::sync::mpsc::sync_channel::<Result<Vec<T>>>(2);
            let producer = scope.spawn(move || -> Result<()> {
                // One snapshot for the whole scan, read through a portal a batch at a time.
                let mut tx = client
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
                    let decoded = rows.iter().map(decode).collect::<Result<Vec<T>>>();
                    let failed = decoded.is_err();
                    // A closed channel means the visitor stopped: end the scan quietly.
                    if batches.send(decoded).is_err() || failed {
                        return Ok(());
                    }
                }
                tx.commit().map_err(pg_error)
            });
            let mut outcome = Ok(());
            for batch in received.iter() {
                match batch.and_then(|items| items.into_iter().try_for_each(&mut *visit)) {
                    Ok(()) => {}
                    Err(e) => {
                        outcome = Err(e);
                        break;
                    }
                }
            }
            drop(received); // unblocks a producer waiting to send
            let produced = producer
                .join()
                .unwrap_or_else(|_| Err(StoreError::Backend("the scan thread panicked".into())));
            outcome.and(produced)
        })
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
            "SELECT tablename::text FROM pg_tables \
             WHERE schemaname = current_schema() AND tablename = ANY($1)",
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

pub(super) fn decode_audit(r: &Row) -> Result<AuditEntry> {
    (|| {
        Ok(AuditRow {
            seq: r.try_get(0)?,
            at: r.try_get(1)?,
            account: uuid_at(r, 2)?,
            action: r.try_get(3)?,
            record_id: opt_uuid_at(r, 4)?,
            detail: r.try_get(5)?,
            log_index: r.try_get(6)?,
        })
    })()
    .map_err(pg_error)?
    .decode()
}

fn decode_checkpoint(r: &Row) -> Result<LogCheckpoint> {
    let size: i64 = r.try_get(0).map_err(pg_error)?;
    Ok(LogCheckpoint {
        size: sql::log_u64(size, "log_checkpoints.size")?,
        signed_at: r.try_get(1).map_err(pg_error)?,
        note: r.try_get(2).map_err(pg_error)?,
    })
}

/// Stored log hashes in one round trip, in the order asked.
fn log_hashes(conn: &mut PgConn, indexes: &[u64]) -> Result<Vec<[u8; 32]>> {
    let wanted: Vec<i64> = indexes
        .iter()
        .map(|&i| sql::log_int(i))
        .collect::<Result<_>>()?;
    let rows = conn
        .query(
            "SELECT idx, hash FROM log_hashes WHERE idx = ANY($1::bigint[])",
            &[&wanted],
        )
        .map_err(pg_error)?;
    let mut found = HashMap::with_capacity(rows.len());
    for r in &rows {
        let idx: i64 = r.try_get(0).map_err(pg_error)?;
        let hash: &[u8] = r.try_get(1).map_err(pg_error)?;
        found.insert(idx, sql::log_hash(hash)?);
    }
    indexes
        .iter()
        .zip(&wanted)
        .map(|(&i, w)| {
            found
                .get(w)
                .copied()
                .ok_or_else(|| sql::missing_log_hash(i))
        })
        .collect()
}

fn get_record(conn: &mut PgConn, id: RecordId, lock: bool) -> Result<Option<Current>> {
    let sql = if lock {
        "SELECT id, kind, collection, parent, version, deleted, body::text, created_at, \
         updated_at, updated_by FROM records WHERE id = $1::text::uuid FOR UPDATE"
    } else {
        "SELECT id, kind, collection, parent, version, deleted, body::text, created_at, \
         updated_at, updated_by FROM records WHERE id = $1::text::uuid"
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
        Ok(Box::new(tx::PgTx::begin(self.conn()?, actor)?))
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
                &format!("{} WHERE seq > $1 ORDER BY seq LIMIT $2", sql::SELECT_AUDIT),
                &[&after, &limit],
            )
            .map_err(pg_error)?
            .iter()
            .map(decode_audit)
            .collect()
    }

    fn audit_of(&self, record: RecordId) -> Result<Vec<AuditEntry>> {
        let id = record.to_string();
        self.conn()?
            .query(
                &format!(
                    "{} WHERE record_id = $1::text::uuid ORDER BY seq",
                    sql::SELECT_AUDIT
                ),
                &[&id],
            )
            .map_err(pg_error)?
            .iter()
            .map(decode_audit)
            .collect()
    }

    fn log_size(&self) -> Result<u64> {
        let row = self
            .conn()?
            .query_opt("SELECT size FROM log_head WHERE id = 1", &[])
            .map_err(pg_error)?;
        let size: i64 = match row {
            Some(r) => r.try_get(0).map_err(pg_error)?,
            None => 0,
        };
        sql::log_u64(size, "log_head.size")
    }

    fn log_hashes(&self, indexes: &[u64]) -> Result<Vec<[u8; 32]>> {
        log_hashes(&mut *self.conn()?, indexes)
    }

    fn log_entries(&self, start: u64, count: usize) -> Result<Vec<AuditEntry>> {
        let (lo, hi) = (
            sql::log_int(start)?,
            sql::log_int(start.saturating_add(count as u64))?,
        );
        self.conn()?
            .query(
                &format!(
                    "{} WHERE log_index >= $1 AND log_index < $2 ORDER BY log_index",
                    sql::SELECT_AUDIT
                ),
                &[&lo, &hi],
            )
            .map_err(pg_error)?
            .iter()
            .map(decode_audit)
            .collect()
    }

    fn latest_log_checkpoint(&self) -> Result<Option<LogCheckpoint>> {
        self.conn()?
            .query_opt(
                "SELECT size, signed_at, note FROM log_checkpoints ORDER BY size DESC LIMIT 1",
                &[],
            )
            .map_err(pg_error)?
            .as_ref()
            .map(decode_checkpoint)
            .transpose()
    }

    fn log_checkpoint(&self, size: u64) -> Result<Option<LogCheckpoint>> {
        let size = sql::log_int(size)?;
        self.conn()?
            .query_opt(
                "SELECT size, signed_at, note FROM log_checkpoints WHERE size = $1",
                &[&size],
            )
            .map_err(pg_error)?
            .as_ref()
            .map(decode_checkpoint)
            .transpose()
    }

    fn keep_log_checkpoint(&self, checkpoint: &LogCheckpoint) -> Result<()> {
        let size = sql::log_int(checkpoint.size)?;
        self.conn()?
            .execute(
                "INSERT INTO log_checkpoints (size, signed_at, note) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
                &[&size, &checkpoint.signed_at, &checkpoint.note],
            )
            .map(drop)
            .map_err(pg_error)
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

    fn changes_since(&self, after_seq: i64, limit: usize) -> Result<Vec<(i64, RecordId)>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        access::changes(&mut *self.conn()?, after_seq, limit)
    }

    fn session(&self, digest: &[u8; 32]) -> Result<Option<Session>> {
        access::session(&mut *self.conn()?, digest, false)
    }

    fn touch_session(&self, digest: &[u8; 32], at: Timestamp) -> Result<()> {
        access::touch_session(&mut *self.conn()?, digest, at)
    }

    fn api_token_by_digest(&self, digest: &[u8; 32]) -> Result<Option<ApiToken>> {
        access::api_token(&mut *self.conn()?, access::TokenKey::Digest(digest), false)
    }

    fn api_tokens(&self, account: AccountId) -> Result<Vec<ApiToken>> {
        access::api_tokens_of(&mut *self.conn()?, account)
    }

    fn touch_api_token(&self, id: Uuid, at: Timestamp) -> Result<()> {
        access::touch_api_token(&mut *self.conn()?, id, at)
    }

    fn memberships(&self, account: AccountId) -> Result<Vec<Membership>> {
        access::memberships(&mut *self.conn()?, access::MemberKey::Account(account))
    }

    fn members(&self, collection: RecordId) -> Result<Vec<Membership>> {
        access::memberships(
            &mut *self.conn()?,
            access::MemberKey::Collection(collection),
        )
    }

    fn account_settings(&self, account: AccountId) -> Result<AccountSettings> {
        Ok(access::settings(&mut *self.conn()?, account, false)?.unwrap_or_default())
    }

    fn sign_in_counter(&self, key: &str) -> Result<Option<SignInCounter>> {
        access::counter(&mut *self.conn()?, key)
    }

    fn put_sign_in_counter(&self, key: &str, counter: Option<&SignInCounter>) -> Result<()> {
        access::put_counter(&mut *self.conn()?, key, counter)
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

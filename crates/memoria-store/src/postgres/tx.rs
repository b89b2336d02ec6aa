//! A write transaction on PostgreSQL: one pooled connection from `BEGIN` to `COMMIT`,
//! with the transaction's new rows buffered and sent by `COPY` in batches.

use std::collections::HashSet;
use std::io::Write;

use memoria_core::id::RecordId;
use uuid::Uuid;

use super::access::{self, TokenKey};
use super::{
    AccountKey, FLUSH_ROWS, PgConn, account_where, decode_audit, get_record, opt_uuid_at, pg_error,
    revisions_of, uuid_at,
};
use crate::pool::Pooled;
use crate::sql::{self, Current};
use crate::write::{CollectionCache, NewRevision, Primitives};
use crate::{
    Account, AccountId, AccountSettings, Actor, ApiToken, AuditEntry, Result, Revision, Session,
    StoreError, Stored,
};

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
pub(super) struct PgTx<'a> {
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
    /// An audit entry was written, so commit appends to the transparency log.
    audited: bool,
    /// Audit entries held back until commit, so that they are written once, with their
    /// log index ([`Primitives::place_held_audit`]), instead of written, read back and
    /// updated. A transaction that writes more than [`HELD_AUDIT`] (an import) sends
    /// them with its other rows and places them at commit the slower way.
    held: Vec<HeldAudit>,
    holding: bool,
    /// Leaf hashes of the held entries placed at commit, from log index `log_from` on.
    placed: Vec<[u8; 32]>,
    log_from: u64,
}

/// The most audit entries a transaction holds in memory until commit.
const HELD_AUDIT: usize = 20_000;

struct HeldAudit {
    at: String,
    action: String,
    record: Option<RecordId>,
    detail: String,
}

impl<'a> PgTx<'a> {
    pub(super) fn begin(mut conn: Pooled<'a, PgConn>, actor: &Actor) -> Result<PgTx<'a>> {
        conn.client.batch_execute("BEGIN").map_err(pg_error)?;
        Ok(PgTx {
            conn: Some(conn),
            actor: actor.clone(),
            collections: CollectionCache::default(),
            pending: Pending::default(),
            open: true,
            failed: false,
            audited: false,
            held: Vec::new(),
            holding: true,
            placed: Vec::new(),
            log_from: 0,
        })
    }

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
            return Err(crate::write::failed_earlier());
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
        let r = (|| -> Result<()> {
            let client = &mut self.conn().client;
            for (sql, data) in [
                (
                    "COPY records (id, kind, collection, parent, version, deleted, body, \
                     created_at, updated_at, updated_by) FROM STDIN",
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
                let mut w = client.copy_in(sql).map_err(pg_error)?;
                // Dropping the writer unfinished (on error) aborts the COPY.
                w.write_all(data.as_bytes()).map_err(|e| {
                    StoreError::Backend(format!("cannot send rows to PostgreSQL: {e}"))
                })?;
                w.finish().map_err(pg_error)?;
            }
            Ok(())
        })();
        if r.is_err() {
            self.failed = true;
        }
        r?;
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
                "UPDATE records SET collection = $3::text::uuid, parent = $4::text::uuid, \
                 version = $5, deleted = $6, body = $7::text::json, updated_at = $8, \
                 updated_by = $9::text::uuid WHERE id = $1::text::uuid AND version = $2",
                &[
                    &id,
                    &expected,
                    &collection,
                    &parent,
                    &version,
                    &r.deleted,
                    &body,
                    &updated_at,
                    &updated_by,
                ],
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
        self.audited = true;
        let account = self.actor.account;
        if self.holding {
            self.held.push(HeldAudit {
                at: at.to_owned(),
                action: action.to_owned(),
                record,
                detail: detail.to_owned(),
            });
            if self.held.len() < HELD_AUDIT {
                return Ok(());
            }
            // Too many to hold: send them, in order, with the transaction's other rows.
            self.holding = false;
            for h in std::mem::take(&mut self.held) {
                self.pending
                    .audit(&h.at, account, &h.action, h.record, &h.detail);
            }
            return self.maybe_flush();
        }
        self.pending.audit(at, account, action, record, detail);
        self.maybe_flush()
    }

    fn place_held_audit(&mut self, size: u64) -> Result<()> {
        if self.held.is_empty() {
            return Ok(());
        }
        let held = std::mem::take(&mut self.held);
        let n = i64::try_from(held.len()).unwrap_or(i64::MAX);
        // Identity values taken in one round trip; the rows then go in whole.
        let seqs: Vec<i64> = self
            .run(|c| {
                c.query(
                    "SELECT nextval(pg_get_serial_sequence('audit', 'seq')) \
                     FROM generate_series(1, $1::bigint)",
                    &[&n],
                )
            })?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let account = self.actor.account;
        let mut indexes = Vec::with_capacity(held.len());
        self.log_from = size;
        for (k, (h, &seq)) in held.iter().zip(&seqs).enumerate() {
            let index = size + k as u64;
            indexes.push(sql::log_int(index)?);
            let entry = AuditEntry {
                seq,
                at: crate::Timestamp::parse(&h.at).map_err(StoreError::Shape)?,
                account,
                action: h.action.clone(),
                record: h.record,
                detail: h.detail.clone(),
                log_index: Some(index),
            };
            self.placed
                .push(memoria_tlog::leaf_hash(&crate::log::leaf_bytes(&entry)).0);
        }
        // COPY takes the identity values as given (an INSERT would need OVERRIDING
        // SYSTEM VALUE), and is the fastest way in.
        let account = account.to_string();
        let mut rows = String::with_capacity(held.len() * 160);
        for ((h, seq), index) in held.iter().zip(&seqs).zip(&indexes) {
            copy_field(&mut rows, Some(&seq.to_string()));
            copy_field(&mut rows, Some(&h.at));
            copy_field(&mut rows, Some(&account));
            copy_field(&mut rows, Some(&h.action));
            copy_field(&mut rows, h.record.map(|r| r.to_string()).as_deref());
            copy_field(&mut rows, Some(&h.detail));
            copy_last(&mut rows, Some(&index.to_string()));
        }
        self.flush()?;
        let r = (|| -> Result<()> {
            let mut w = self
                .conn()
                .client
                .copy_in(
                    "COPY audit (seq, at, account, action, record_id, detail, log_index) \
                     FROM STDIN",
                )
                .map_err(pg_error)?;
            w.write_all(rows.as_bytes())
                .map_err(|e| StoreError::Backend(format!("cannot send rows to PostgreSQL: {e}")))?;
            w.finish().map_err(pg_error)?;
            Ok(())
        })();
        if r.is_err() {
            self.failed = true;
        }
        r?;
        Ok(())
    }

    fn take_placed_leaves(&mut self) -> (u64, Vec<[u8; 32]>) {
        let leaves = std::mem::take(&mut self.placed);
        let from = self.log_from;
        self.log_from += leaves.len() as u64;
        (from, leaves)
    }

    fn audited(&self) -> bool {
        self.audited
    }

    fn lock_log(&mut self) -> Result<u64> {
        // Taken last, just before COMMIT, and held only until it: appends of several
        // processes follow one another, and no transaction waits for it while holding
        // it (so no deadlock with the row locks taken earlier).
        let row =
            self.run(|c| c.query_opt("SELECT size FROM log_head WHERE id = 1 FOR UPDATE", &[]))?;
        let size: i64 = match row {
            Some(r) => self.check(r.try_get(0))?,
            None => 0,
        };
        sql::log_u64(size, "log_head.size")
    }

    fn unlogged_audit(&mut self, limit: usize) -> Result<Vec<AuditEntry>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let sql = format!(
            "{} WHERE log_index IS NULL ORDER BY seq LIMIT $1",
            sql::SELECT_AUDIT
        );
        self.read(|c| {
            c.query(&sql, &[&limit])
                .map_err(pg_error)?
                .iter()
                .map(decode_audit)
                .collect()
        })
    }

    fn read_log_hashes(&mut self, indexes: &[u64]) -> Result<Vec<[u8; 32]>> {
        self.read(|c| super::log_hashes(c, indexes))
    }

    fn append_log(
        &mut self,
        first: u64,
        hashes: &[[u8; 32]],
        placed: &[(i64, u64)],
        size: u64,
    ) -> Result<()> {
        let idx: Vec<i64> = (0..hashes.len() as u64)
            .map(|k| sql::log_int(first + k))
            .collect::<Result<_>>()?;
        let bytes: Vec<&[u8]> = hashes.iter().map(|h| &h[..]).collect();
        let seqs: Vec<i64> = placed.iter().map(|p| p.0).collect();
        let indexes: Vec<i64> = placed
            .iter()
            .map(|p| sql::log_int(p.1))
            .collect::<Result<_>>()?;
        let size = sql::log_int(size)?;
        self.run(|c| {
            c.execute(
                "INSERT INTO log_hashes (idx, hash) SELECT * FROM unnest($1::bigint[], $2::bytea[])",
                &[&idx, &bytes],
            )?;
            c.execute(
                "UPDATE audit SET log_index = v.i \
                 FROM unnest($1::bigint[], $2::bigint[]) AS v(s, i) WHERE audit.seq = v.s",
                &[&seqs, &indexes],
            )?;
            c.execute("UPDATE log_head SET size = $1 WHERE id = 1", &[&size])
        })
        .map(drop)
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

    fn session_row(&mut self, digest: &[u8; 32]) -> Result<Option<Session>> {
        self.read(|c| access::session(c, digest, true))
    }

    fn insert_session(&mut self, s: &Session) -> Result<bool> {
        let (digest, csrf_key): (&[u8], &[u8]) = (&s.digest, &s.csrf_key);
        let account = s.account.to_string();
        let (created_at, last_seen_at) = (s.created_at.to_string(), s.last_seen_at.to_string());
        let ended_at = s.ended_at.map(|t| t.to_string());
        let n = self.run(|c| {
            c.execute(
                "INSERT INTO sessions (digest, account, created_at, last_seen_at, ended_at, \
                 second_factor_done, csrf_key) VALUES ($1, $2::text::uuid, $3, $4, $5, $6, $7) \
                 ON CONFLICT DO NOTHING",
                &[
                    &digest,
                    &account,
                    &created_at,
                    &last_seen_at,
                    &ended_at,
                    &s.second_factor_done,
                    &csrf_key,
                ],
            )
        })?;
        Ok(n == 1)
    }

    fn update_second_factor_done(&mut self, digest: &[u8; 32]) -> Result<()> {
        let digest: &[u8] = digest;
        self.run(|c| {
            c.execute(
                "UPDATE sessions SET second_factor_done = true WHERE digest = $1",
                &[&digest],
            )
        })
        .map(drop)
    }

    fn update_session_ended(&mut self, digest: &[u8; 32], at: &str) -> Result<bool> {
        let digest: &[u8] = digest;
        let n = self.run(|c| {
            c.execute(
                "UPDATE sessions SET ended_at = $2 WHERE digest = $1 AND ended_at IS NULL",
                &[&digest, &at],
            )
        })?;
        Ok(n == 1)
    }

    fn update_sessions_ended(&mut self, account: AccountId, at: &str) -> Result<u64> {
        let account = account.to_string();
        self.run(|c| {
            c.execute(
                "UPDATE sessions SET ended_at = $2 \
                 WHERE account = $1::text::uuid AND ended_at IS NULL",
                &[&account, &at],
            )
        })
    }

    fn api_token_row(&mut self, id: Uuid) -> Result<Option<ApiToken>> {
        self.read(|c| access::api_token(c, TokenKey::Id(id), true))
    }

    fn insert_api_token(&mut self, t: &ApiToken, digest: &[u8; 32]) -> Result<bool> {
        let digest: &[u8] = digest;
        let (id, account) = (t.id.to_string(), t.account.to_string());
        let created_at = t.created_at.to_string();
        let last_used_at = t.last_used_at.map(|t| t.to_string());
        let revoked_at = t.revoked_at.map(|t| t.to_string());
        let n = self.run(|c| {
            c.execute(
                "INSERT INTO api_tokens (id, account, digest, label, created_at, last_used_at, \
                 revoked_at) VALUES ($1::text::uuid, $2::text::uuid, $3, $4, $5, $6, $7) \
                 ON CONFLICT DO NOTHING",
                &[
                    &id,
                    &account,
                    &digest,
                    &t.label,
                    &created_at,
                    &last_used_at,
                    &revoked_at,
                ],
            )
        })?;
        Ok(n == 1)
    }

    fn update_token_revoked(&mut self, id: Uuid, at: &str) -> Result<bool> {
        let id = id.to_string();
        let n = self.run(|c| {
            c.execute(
                "UPDATE api_tokens SET revoked_at = $2 \
                 WHERE id = $1::text::uuid AND revoked_at IS NULL",
                &[&id, &at],
            )
        })?;
        Ok(n == 1)
    }

    fn membership_role(
        &mut self,
        account: AccountId,
        collection: RecordId,
    ) -> Result<Option<String>> {
        self.read(|c| access::membership_role(c, account, collection))
    }

    fn write_membership(
        &mut self,
        account: AccountId,
        collection: RecordId,
        role: Option<&str>,
    ) -> Result<()> {
        let (account, collection) = (account.to_string(), collection.to_string());
        self.run(|c| match role {
            Some(role) => c.execute(
                "INSERT INTO memberships (account, collection, role) \
                 VALUES ($1::text::uuid, $2::text::uuid, $3) \
                 ON CONFLICT (account, collection) DO UPDATE SET role = EXCLUDED.role",
                &[&account, &collection, &role],
            ),
            None => c.execute(
                "DELETE FROM memberships \
                 WHERE account = $1::text::uuid AND collection = $2::text::uuid",
                &[&account, &collection],
            ),
        })
        .map(drop)
    }

    fn settings_row(&mut self, account: AccountId) -> Result<Option<AccountSettings>> {
        self.read(|c| access::settings(c, account, true))
    }

    fn write_settings(&mut self, account: AccountId, s: &AccountSettings) -> Result<()> {
        let account = account.to_string();
        let last_step = s
            .totp_last_step
            .map(|v| crate::access::i64_param(v, "a TOTP step"))
            .transpose()?;
        self.run(|c| {
            c.execute(
                "INSERT INTO account_settings (account, language, totp_secret, totp_enabled, \
                 totp_last_step) VALUES ($1::text::uuid, $2, $3, $4, $5) \
                 ON CONFLICT (account) DO UPDATE SET language = EXCLUDED.language, \
                 totp_secret = EXCLUDED.totp_secret, totp_enabled = EXCLUDED.totp_enabled, \
                 totp_last_step = EXCLUDED.totp_last_step",
                &[
                    &account,
                    &s.language,
                    &s.totp_secret,
                    &s.totp_enabled,
                    &last_step,
                ],
            )
        })
        .map(drop)
    }

    fn update_password_hash(&mut self, account: AccountId, phc: &str) -> Result<()> {
        let account = account.to_string();
        self.run(|c| {
            c.execute(
                "UPDATE accounts SET password_hash = $2 WHERE id = $1::text::uuid",
                &[&account, &phc],
            )
        })
        .map(drop)
    }

    fn update_disabled(&mut self, account: AccountId, disabled: bool) -> Result<()> {
        let account = account.to_string();
        self.run(|c| {
            c.execute(
                "UPDATE accounts SET disabled = $2 WHERE id = $1::text::uuid",
                &[&account, &disabled],
            )
        })
        .map(drop)
    }

    fn finish(&mut self) -> Result<()> {
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
    fn copy_text_escapes_what_copy_would_read_as_syntax() {
        let mut b = String::new();
        copy_field(&mut b, Some("a\tb\\c\nd\re"));
        copy_last(&mut b, None);
        assert_eq!(b, "a\\tb\\\\c\\nd\\re\t\\N\n");
    }
}

//! A write transaction on SQLite: the writer connection from `BEGIN IMMEDIATE` to
//! `COMMIT`, and the row-level writes the shared logic in [`crate::write`] asks for.

use std::sync::MutexGuard;

use memoria_core::id::RecordId;
use rusqlite::{Connection, ErrorCode, params};
use uuid::Uuid;

use super::access::{self, TokenKey};
use super::{
    AccountKey, Writer, account_where, audit_row, blob, db_error, get_record, is_key_violation,
    opt_uuid_at, query_all, query_opt, revisions_of,
};
use crate::sql::{self, AuditRow, Current};
use crate::write::{self, CollectionCache, NewRevision, Primitives};
use crate::{
    Account, AccountId, AccountSettings, Actor, ApiToken, AuditEntry, Result, Revision, Session,
    StoreError, Stored, Timestamp,
};

/// A write transaction: holds the writer connection from `BEGIN IMMEDIATE` to its end.
pub(super) struct SqliteTx<'a> {
    conn: MutexGuard<'a, Connection>,
    writer: &'a Writer,
    actor: Actor,
    collections: CollectionCache,
    /// `BEGIN` was issued and neither `COMMIT` nor `ROLLBACK` yet.
    open: bool,
    /// A statement failed: some of a write may be done and the rest not, so the
    /// transaction may only be rolled back.
    failed: bool,
    /// An audit entry was written, so commit appends to the transparency log.
    audited: bool,
    /// The log index the next audit entry takes, once the first was written.
    log_next: Option<u64>,
    /// Leaf hashes of the entries placed so far, from `log_from` on.
    placed: Vec<[u8; 32]>,
    log_from: u64,
}

impl<'a> SqliteTx<'a> {
    /// Waits for the writer and begins.
    pub(super) fn begin(writer: &'a Writer, actor: &Actor) -> Result<SqliteTx<'a>> {
        let conn = writer.acquire()?;
        // From here on, dropping `tx` rolls back and releases the writer.
        let mut tx = SqliteTx {
            conn,
            writer,
            actor: actor.clone(),
            collections: CollectionCache::default(),
            open: false,
            failed: false,
            audited: false,
            log_next: None,
            placed: Vec::new(),
            log_from: 0,
        };
        if !tx.conn.is_autocommit() {
            tx.conn.execute_batch("ROLLBACK").map_err(db_error)?;
        }
        tx.conn.execute_batch("BEGIN IMMEDIATE").map_err(db_error)?;
        tx.open = true;
        Ok(tx)
    }

    /// Passes a driver result on, marking the transaction failed on error.
    fn check<T>(&mut self, r: rusqlite::Result<T>) -> Result<T> {
        r.map_err(|e| {
            self.failed = true;
            db_error(e)
        })
    }

    fn usable(&self) -> Result<()> {
        if self.failed {
            return Err(write::failed_earlier());
        }
        Ok(())
    }

    fn execute(&mut self, sql: &str, params: impl rusqlite::Params) -> Result<usize> {
        self.usable()?;
        let r = self
            .conn
            .prepare_cached(sql)
            .and_then(|mut st| st.execute(params));
        self.check(r)
    }

    /// Runs an INSERT; `Ok(false)` if it broke a primary key or unique constraint,
    /// which writes nothing and leaves the transaction usable.
    fn insert(&mut self, sql: &str, params: impl rusqlite::Params) -> Result<bool> {
        self.usable()?;
        let r = self
            .conn
            .prepare_cached(sql)
            .and_then(|mut st| st.execute(params));
        match r {
            Err(e) if is_key_violation(&e) => Ok(false),
            r => self.check(r).map(|_| true),
        }
    }

    /// Reads through the writer, as this transaction sees the database.
    fn read<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.usable()?;
        f(&self.conn)
    }
}

impl Primitives for SqliteTx<'_> {
    fn actor(&self) -> &Actor {
        &self.actor
    }

    fn collections(&mut self) -> &mut CollectionCache {
        &mut self.collections
    }

    fn fail(&mut self) {
        self.failed = true;
    }

    fn current(&mut self, id: RecordId, _lock: bool) -> Result<Option<Current>> {
        // No row locks needed: this connection holds the database's only write lock.
        self.usable()?;
        get_record(&self.conn, id)
    }

    fn collection_of(&mut self, id: RecordId) -> Result<Option<Option<RecordId>>> {
        self.usable()?;
        let found = query_opt(
            &self.conn,
            "SELECT collection FROM records WHERE id = ?1",
            [blob(id.as_uuid())],
            |r| opt_uuid_at(r, 0),
        )?;
        found.map(|c| c.map(sql::record_id).transpose()).transpose()
    }

    fn insert_record(&mut self, r: &Stored, body: &str, _fresh: bool) -> Result<bool> {
        self.usable()?;
        // A plain INSERT whose key violation is caught: `ON CONFLICT DO NOTHING` would
        // seek the key twice, and imports insert millions of rows.
        let r = self
            .conn
            .prepare_cached(
                "INSERT INTO records (id, kind, collection, parent, version, deleted, body, \
                 created_at, updated_at, updated_by) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .and_then(|mut st| {
                let created_at = r.created_at.to_string();
                // Usually the same instant: format it once.
                let updated_at = if r.updated_at == r.created_at {
                    created_at.clone()
                } else {
                    r.updated_at.to_string()
                };
                st.execute(params![
                    blob(r.id.as_uuid()),
                    r.kind.as_str(),
                    r.collection.map(|c| blob(c.as_uuid())),
                    r.parent.map(|p| blob(p.as_uuid())),
                    i64::try_from(r.version).unwrap_or(i64::MAX),
                    r.deleted,
                    body,
                    created_at,
                    updated_at,
                    blob(&r.updated_by.0),
                ])
            });
        match r {
            // The statement failed as a whole and wrote nothing; the transaction goes on.
            Err(e) if is_key_violation(&e) => Ok(false),
            r => self.check(r).map(|_| true),
        }
    }

    fn update_record(&mut self, r: &Stored, body: &str, expected_version: u64) -> Result<bool> {
        let n = self.execute(
            "UPDATE records SET collection = ?3, parent = ?4, version = ?5, deleted = ?6, \
             body = ?7, updated_at = ?8, updated_by = ?9 WHERE id = ?1 AND version = ?2",
            params![
                blob(r.id.as_uuid()),
                sql::version_param(expected_version)?,
                r.collection.map(|c| blob(c.as_uuid())),
                r.parent.map(|p| blob(p.as_uuid())),
                sql::version_param(r.version)?,
                r.deleted,
                body,
                r.updated_at.to_string(),
                blob(&r.updated_by.0),
            ],
        )?;
        Ok(n == 1)
    }

    fn purge_record(&mut self, id: RecordId) -> Result<()> {
        self.execute("DELETE FROM records WHERE id = ?1", [blob(id.as_uuid())])?;
        self.execute(
            "DELETE FROM revisions WHERE record_id = ?1",
            [blob(id.as_uuid())],
        )?;
        Ok(())
    }

    fn insert_revision(&mut self, rev: &NewRevision<'_>) -> Result<()> {
        self.usable()?;
        let version = sql::version_param(rev.version)?;
        let r = self
            .conn
            .prepare_cached(
                "INSERT INTO revisions (record_id, version, account, at, action, changes) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .and_then(|mut st| {
                st.execute(params![
                    blob(rev.record.as_uuid()),
                    version,
                    blob(&rev.account.0),
                    rev.at,
                    rev.action.as_str(),
                    rev.changes,
                ])
            });
        if let Err(e) = &r
            && e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation)
        {
            self.failed = true;
            return Err(StoreError::Backend(format!(
                "revision {} of record {} already exists",
                rev.version, rev.record
            )));
        }
        self.check(r).map(drop)
    }

    fn revisions(&mut self, id: RecordId) -> Result<Vec<Revision>> {
        self.usable()?;
        revisions_of(&self.conn, id)
    }

    fn insert_audit(
        &mut self,
        at: &str,
        action: &str,
        record: Option<RecordId>,
        detail: &str,
    ) -> Result<()> {
        self.audited = true;
        let index = match self.log_next {
            Some(i) => i,
            None => {
                // Entries from before the log take their places first; this
                // transaction's follow. The writer lock keeps the log ours until commit.
                let size = crate::log::append_pending(self)?;
                self.log_from = size;
                size
            }
        };
        self.execute(
            "INSERT INTO audit (at, account, action, record_id, detail, log_index) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                at,
                blob(&self.actor.account.0),
                action,
                record.map(|r| blob(r.as_uuid())),
                detail,
                sql::log_int(index)?
            ],
        )?;
        let entry = AuditEntry {
            seq: self.conn.last_insert_rowid(),
            at: Timestamp::parse(at).map_err(StoreError::Shape)?,
            account: self.actor.account,
            action: action.to_owned(),
            record,
            detail: detail.to_owned(),
            log_index: Some(index),
        };
        self.placed
            .push(memoria_tlog::leaf_hash(&crate::log::leaf_bytes(&entry)).0);
        self.log_next = Some(index + 1);
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
        // `BEGIN IMMEDIATE` already holds the only writer.
        self.usable()?;
        super::log_size(&self.conn)
    }

    fn unlogged_audit(&mut self, limit: usize) -> Result<Vec<AuditEntry>> {
        self.usable()?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        query_all(
            &self.conn,
            &format!(
                "{} WHERE log_index IS NULL ORDER BY seq LIMIT ?1",
                sql::SELECT_AUDIT
            ),
            params![limit],
            audit_row,
        )?
        .into_iter()
        .map(AuditRow::decode)
        .collect()
    }

    fn read_log_hashes(&mut self, indexes: &[u64]) -> Result<Vec<[u8; 32]>> {
        self.usable()?;
        super::log_hashes(&self.conn, indexes)
    }

    fn append_log(
        &mut self,
        first: u64,
        hashes: &[[u8; 32]],
        placed: &[(i64, u64)],
        size: u64,
    ) -> Result<()> {
        for (k, hash) in hashes.iter().enumerate() {
            let idx = sql::log_int(first + k as u64)?;
            self.execute(
                "INSERT INTO log_hashes (idx, hash) VALUES (?1, ?2)",
                params![idx, &hash[..]],
            )?;
        }
        for &(seq, index) in placed {
            let index = sql::log_int(index)?;
            self.execute(
                "UPDATE audit SET log_index = ?1 WHERE seq = ?2",
                params![index, seq],
            )?;
        }
        let size = sql::log_int(size)?;
        self.execute("UPDATE log_head SET size = ?1 WHERE id = 1", params![size])
            .map(drop)
    }

    fn account_by_id(&mut self, id: AccountId) -> Result<Option<Account>> {
        self.usable()?;
        account_where(&self.conn, AccountKey::Id(id))
    }

    fn account_by_name(&mut self, name: &str) -> Result<Option<Account>> {
        self.usable()?;
        account_where(&self.conn, AccountKey::Name(name))
    }

    fn insert_account(&mut self, a: &Account) -> Result<bool> {
        let n = self.execute(
            "INSERT INTO accounts (id, name, password_hash, is_admin, disabled, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            params![
                blob(&a.id.0),
                a.name,
                a.password_hash,
                a.is_admin,
                a.disabled,
                a.created_at.to_string()
            ],
        )?;
        Ok(n == 1)
    }

    fn session_row(&mut self, digest: &[u8; 32]) -> Result<Option<Session>> {
        self.read(|c| access::session(c, digest))
    }

    fn insert_session(&mut self, s: &Session) -> Result<bool> {
        self.insert(
            "INSERT INTO sessions (digest, account, created_at, last_seen_at, ended_at, \
             second_factor_done, csrf_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                s.digest,
                blob(&s.account.0),
                s.created_at.to_string(),
                s.last_seen_at.to_string(),
                s.ended_at.map(|t| t.to_string()),
                s.second_factor_done,
                s.csrf_key,
            ],
        )
    }

    fn update_second_factor_done(&mut self, digest: &[u8; 32]) -> Result<()> {
        self.execute(
            "UPDATE sessions SET second_factor_done = 1 WHERE digest = ?1",
            [digest],
        )
        .map(drop)
    }

    fn update_session_ended(&mut self, digest: &[u8; 32], at: &str) -> Result<bool> {
        let n = self.execute(
            "UPDATE sessions SET ended_at = ?2 WHERE digest = ?1 AND ended_at IS NULL",
            params![digest, at],
        )?;
        Ok(n == 1)
    }

    fn update_sessions_ended(&mut self, account: AccountId, at: &str) -> Result<u64> {
        let n = self.execute(
            "UPDATE sessions SET ended_at = ?2 WHERE account = ?1 AND ended_at IS NULL",
            params![blob(&account.0), at],
        )?;
        Ok(n as u64)
    }

    fn api_token_row(&mut self, id: Uuid) -> Result<Option<ApiToken>> {
        self.read(|c| access::api_token(c, TokenKey::Id(id)))
    }

    fn insert_api_token(&mut self, t: &ApiToken, digest: &[u8; 32]) -> Result<bool> {
        self.insert(
            "INSERT INTO api_tokens (id, account, digest, label, created_at, last_used_at, \
             revoked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                blob(&t.id),
                blob(&t.account.0),
                digest,
                t.label,
                t.created_at.to_string(),
                t.last_used_at.map(|t| t.to_string()),
                t.revoked_at.map(|t| t.to_string()),
            ],
        )
    }

    fn update_token_revoked(&mut self, id: Uuid, at: &str) -> Result<bool> {
        let n = self.execute(
            "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
            params![blob(&id), at],
        )?;
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
        let (account, collection) = (blob(&account.0), blob(collection.as_uuid()));
        match role {
            Some(role) => self.execute(
                "INSERT INTO memberships (account, collection, role) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (account, collection) DO UPDATE SET role = excluded.role",
                params![account, collection, role],
            ),
            None => self.execute(
                "DELETE FROM memberships WHERE account = ?1 AND collection = ?2",
                params![account, collection],
            ),
        }
        .map(drop)
    }

    fn settings_row(&mut self, account: AccountId) -> Result<Option<AccountSettings>> {
        self.read(|c| access::settings(c, account))
    }

    fn write_settings(&mut self, account: AccountId, s: &AccountSettings) -> Result<()> {
        let last_step = s
            .totp_last_step
            .map(|v| crate::access::i64_param(v, "a TOTP step"))
            .transpose()?;
        self.execute(
            "INSERT INTO account_settings (account, language, totp_secret, totp_enabled, \
             totp_last_step) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (account) DO UPDATE SET \
             language = excluded.language, totp_secret = excluded.totp_secret, \
             totp_enabled = excluded.totp_enabled, totp_last_step = excluded.totp_last_step",
            params![
                blob(&account.0),
                s.language,
                s.totp_secret,
                s.totp_enabled,
                last_step
            ],
        )
        .map(drop)
    }

    fn update_password_hash(&mut self, account: AccountId, phc: &str) -> Result<()> {
        self.execute(
            "UPDATE accounts SET password_hash = ?2 WHERE id = ?1",
            params![blob(&account.0), phc],
        )
        .map(drop)
    }

    fn update_disabled(&mut self, account: AccountId, disabled: bool) -> Result<()> {
        self.execute(
            "UPDATE accounts SET disabled = ?2 WHERE id = ?1",
            params![blob(&account.0), disabled],
        )
        .map(drop)
    }

    fn finish(&mut self) -> Result<()> {
        self.usable()?; // dropping `self` rolls back
        let r = self.conn.execute_batch("COMMIT");
        self.check(r)?;
        self.open = false;
        Ok(())
    }
}

impl Drop for SqliteTx<'_> {
    fn drop(&mut self) {
        if self.open && !self.conn.is_autocommit() {
            // Nothing more can be done about a failed rollback here; SQLite rolls back
            // a failed transaction on its own, and `begin` rolls back leftovers.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        self.writer.release();
    }
}

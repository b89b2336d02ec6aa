//! A write transaction on SQLite: the writer connection from `BEGIN IMMEDIATE` to
//! `COMMIT`, and the row-level writes the shared logic in [`crate::write`] asks for.

use std::sync::MutexGuard;

use memoria_core::id::RecordId;
use rusqlite::{Connection, ErrorCode, params};

use super::{
    AccountKey, Writer, account_where, blob, db_error, get_record, is_key_violation, opt_uuid_at,
    query_opt, revisions_of,
};
use crate::sql::{self, Current};
use crate::write::{self, CollectionCache, NewRevision, Primitives};
use crate::{Account, AccountId, Actor, Result, Revision, StoreError, Stored};

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
        self.execute(
            "INSERT INTO audit (at, account, action, record_id, detail) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                at,
                blob(&self.actor.account.0),
                action,
                record.map(|r| blob(r.as_uuid())),
                detail
            ],
        )
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

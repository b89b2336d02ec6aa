//! The record store: where every record, every revision of it and the audit log live.
//!
//! One [`Store`] trait, two backends chosen by the database URL at start-up: SQLite
//! (the embedded default: one file in WAL mode) and PostgreSQL (the scale-out backend).
//! Both are driven by the same story test, so they behave alike down to the bytes of
//! an export.
//!
//! Invariants, kept by every backend:
//! - Every write goes through a [`Tx`] and leaves a [`Revision`] (account, time, each
//!   changed field before and after) and an [`AuditEntry`]; a transaction that is not
//!   committed leaves nothing at all.
//! - Records are never hard-deleted by ordinary use: deletion is a revision that can be
//!   undone. Only [`Tx::purge`], for administrators, removes data, and it is audited.
//! - Every record carries a version; a write based on a stale version fails with
//!   [`StoreError::Conflict`], naming who changed the record and when.
//! - Migrations are plain SQL per dialect, applied at open, never edited once released.
//!   A database written by a newer Memoria is refused, never "repaired".
//!
//! It also keeps what a server needs to let people in, so that several server processes
//! on one database agree ([`access`]): sessions, API tokens, collection roles, each
//! account's settings, and sign-in throttling counters. Those writes are audited too.
//!
//! This crate does not validate records against vocabularies (callers do, with
//! `memoria_core::validate`), and knows nothing of HTTP, files other than the SQLite
//! database, or permissions beyond three rules: only administrators purge and disable
//! accounts, and only an account itself or an administrator changes an account's
//! sessions, tokens, password or settings. What a collection role allows is the
//! caller's to decide.

mod access;
mod error;
pub mod log;
mod pool;
mod postgres;
mod sql;
mod sqlite;
mod timestamp;
mod write;

use memoria_core::entity::{Entity, EntityKind};
use memoria_core::id::RecordId;
use memoria_core::revision::{Action, FieldChange};

pub use access::{AccountSettings, ApiToken, Membership, Session, SignInCounter};
pub use error::StoreError;
pub use log::{LogCheckpoint, LogReader};
pub use timestamp::Timestamp;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The schema version this build writes. A database with a higher one is refused.
pub const SCHEMA_VERSION: i64 = 3;

/// Which backend a store runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// An account id. Accounts are people who use Memoria, never people in the data.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct AccountId(pub uuid::Uuid);

impl std::fmt::Display for AccountId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    /// The sign-in name; unique, and safe to log.
    pub name: String,
    /// An argon2id PHC string, or `None` for an account that cannot sign in with a
    /// password (the local command-line account).
    pub password_hash: Option<String>,
    pub is_admin: bool,
    pub disabled: bool,
    pub created_at: Timestamp,
}

/// Who is acting. Every write and every audited read names one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub account: AccountId,
    pub name: String,
    pub is_admin: bool,
}

impl From<&Account> for Actor {
    fn from(a: &Account) -> Actor {
        Actor {
            account: a.id,
            name: a.name.clone(),
            is_admin: a.is_admin,
        }
    }
}

/// A record as stored: its body and the bookkeeping around it.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    pub id: RecordId,
    pub kind: EntityKind,
    /// The collection the record belongs to, taken from the record itself or, for
    /// acts, claims and list records, from the record it hangs from.
    pub collection: Option<RecordId>,
    /// The record this one hangs from ([`Entity::parent`]).
    pub parent: Option<RecordId>,
    /// 1 after creation, one more after each write.
    pub version: u64,
    pub deleted: bool,
    pub entity: Entity,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub updated_by: AccountId,
}

/// One write to one record.
#[derive(Clone, Debug, PartialEq)]
pub struct Revision {
    pub record: RecordId,
    /// The record's version after this write.
    pub version: u64,
    pub account: AccountId,
    pub at: Timestamp,
    pub action: Action,
    pub changes: Vec<FieldChange>,
}

/// One line of the append-only audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    /// Increasing with every entry; gaps never occur in a committed log except where
    /// a transaction was rolled back (PostgreSQL sequences are not transactional).
    pub seq: i64,
    pub at: Timestamp,
    pub account: AccountId,
    /// What was done: `create`, `update`, `delete`, `undelete`, `restore`, `purge`,
    /// `read-sensitive`, `import`, `export`, `account-add`, …
    pub action: String,
    pub record: Option<RecordId>,
    /// Free detail without personal data: counts, file hashes, field names.
    pub detail: String,
    /// The entry's place in the transparency log; `None` only while the transaction
    /// that wrote it has not committed, or for an entry written before the log existed
    /// that no commit has sealed yet ([`Tx::seal_log`]).
    pub log_index: Option<u64>,
}

/// Which records to list.
#[derive(Clone, Debug, Default)]
pub struct ListQuery {
    pub kind: Option<EntityKind>,
    pub collection: Option<RecordId>,
    pub parent: Option<RecordId>,
    pub include_deleted: bool,
    /// Keyset pagination: only records whose id sorts after this one.
    pub after: Option<RecordId>,
    /// At most this many; 0 means the default of 100.
    pub limit: usize,
}

/// The store of one Memoria installation.
///
/// Reads go straight to the store; writes go through [`Store::begin`]. Implementations
/// are shared between threads; a [`Tx`] holds the store's write side until it ends.
pub trait Store: Send + Sync {
    fn backend(&self) -> Backend;

    /// Starts a transaction acting as `actor`. Nothing it writes is visible to others
    /// until [`Tx::commit`]; dropping it uncommitted rolls everything back.
    fn begin(&self, actor: &Actor) -> Result<Box<dyn Tx + '_>>;

    /// The record, deleted or not; `None` if it never existed or was purged.
    fn get(&self, id: RecordId) -> Result<Option<Stored>>;

    /// Every revision of the record, oldest first.
    fn history(&self, id: RecordId) -> Result<Vec<Revision>>;

    /// Records matching `query`, ordered by id.
    fn list(&self, query: &ListQuery) -> Result<Vec<Stored>>;

    /// How many records match `query` (its `after` and `limit` are ignored).
    fn count(&self, query: &ListQuery) -> Result<u64>;

    fn account_by_name(&self, name: &str) -> Result<Option<Account>>;
    fn account(&self, id: AccountId) -> Result<Option<Account>>;
    fn accounts(&self) -> Result<Vec<Account>>;

    /// Audit entries with `seq` greater than `after`, oldest first, at most `limit`.
    fn audit_log(&self, after: i64, limit: usize) -> Result<Vec<AuditEntry>>;

    /// Every audit entry about `record`, oldest first: for an evidence item, its chain
    /// of custody.
    fn audit_of(&self, record: RecordId) -> Result<Vec<AuditEntry>>;

    /// How many entries the transparency log holds ([`log`]).
    fn log_size(&self) -> Result<u64>;

    /// The log's stored hashes at these stored indexes (the layout of
    /// [`memoria_tlog::tree`]), in order; an index beyond the log is an error.
    fn log_hashes(&self, indexes: &[u64]) -> Result<Vec<[u8; 32]>>;

    /// The audit entries at log indexes `start..start + count` (fewer at the log's end),
    /// in log order.
    fn log_entries(&self, start: u64, count: usize) -> Result<Vec<AuditEntry>>;

    /// The newest checkpoint kept, if any.
    fn latest_log_checkpoint(&self) -> Result<Option<LogCheckpoint>>;

    /// The checkpoint kept for exactly this tree size, if any.
    fn log_checkpoint(&self, size: u64) -> Result<Option<LogCheckpoint>>;

    /// Keeps a signed checkpoint. Keeping one for a size already kept changes nothing
    /// (the first signature stands). Not audited: a checkpoint is a public statement
    /// about the log, not a write to data, and auditing it would grow the log it states.
    fn keep_log_checkpoint(&self, checkpoint: &LogCheckpoint) -> Result<()>;

    /// Every record, deleted ones included, in id order, streamed without holding them
    /// all in memory. Used by export; stops at the first error `visit` returns.
    fn scan_records(&self, visit: &mut dyn FnMut(Stored) -> Result<()>) -> Result<()>;

    /// Every revision, ordered by record id then version, streamed.
    fn scan_revisions(&self, visit: &mut dyn FnMut(Revision) -> Result<()>) -> Result<()>;

    /// The change feed that followers (the search index of each process) read: the
    /// `seq` and record of each audit entry of a record write (`create`, `update`,
    /// `delete`, `undelete`, `restore`, `purge`) with `seq` greater than `after_seq`,
    /// oldest first, at most `limit`. A record may appear several times; a follower
    /// reads the record's current state (or its absence) rather than replaying entries.
    ///
    /// On PostgreSQL a `seq` is taken when the entry is written, not when its
    /// transaction commits, so an entry with a lower `seq` can become visible after one
    /// with a higher `seq` that a follower has already passed. A follower must tolerate
    /// this (for instance by re-reading a window behind its position, or by rescanning
    /// from time to time). On SQLite writers are serialised and entries appear in order.
    ///
    /// Raw loads ([`Tx::load_record`]) write no audit entries and so are not in the
    /// feed: after a lossless restore, a follower rebuilds from [`Store::scan_records`].
    fn changes_since(&self, after_seq: i64, limit: usize) -> Result<Vec<(i64, RecordId)>>;

    /// The session whose token has this SHA-256 digest, ended or not (the caller checks
    /// [`Session::ended_at`] and its own timeouts).
    fn session(&self, digest: &[u8; 32]) -> Result<Option<Session>>;

    /// Bumps `last_seen_at` of a session that has not ended (never backwards). Not
    /// audited: it is bookkeeping, not a write to data.
    ///
    /// On SQLite, a touch made while a write transaction of this process holds the
    /// database is skipped rather than waited for (the next request touches again), so
    /// `last_seen_at` is a lower bound. On PostgreSQL, do not touch a session that a
    /// transaction still open on this thread has written: the touch would wait for it.
    fn touch_session(&self, digest: &[u8; 32], at: Timestamp) -> Result<()>;

    /// The API token whose secret has this SHA-256 digest, revoked or not (the caller
    /// checks [`ApiToken::revoked_at`]).
    fn api_token_by_digest(&self, digest: &[u8; 32]) -> Result<Option<ApiToken>>;

    /// The account's API tokens, revoked ones included, oldest first.
    fn api_tokens(&self, account: AccountId) -> Result<Vec<ApiToken>>;

    /// Sets `last_used_at` of a token that is not revoked (never backwards). Not
    /// audited; skipped on SQLite while the database is busy, as
    /// [`Store::touch_session`] is.
    fn touch_api_token(&self, id: uuid::Uuid, at: Timestamp) -> Result<()>;

    /// The collections the account is a member of, by collection id.
    fn memberships(&self, account: AccountId) -> Result<Vec<Membership>>;

    /// The members of a collection, by account id.
    fn members(&self, collection: RecordId) -> Result<Vec<Membership>>;

    /// The account's settings; [`AccountSettings::default`] when it has none stored
    /// (or when there is no such account).
    fn account_settings(&self, account: AccountId) -> Result<AccountSettings>;

    /// The sign-in throttling counter under `key` (`account:<uuid>`,
    /// `address:<sha256 hex of the address>`, …), if any.
    fn sign_in_counter(&self, key: &str) -> Result<Option<SignInCounter>>;

    /// Writes the counter under `key`, or deletes it with `None` (after a successful
    /// sign-in). One atomic statement: processes racing on one key never fail, and the
    /// last write wins. Not audited. On SQLite it waits for the writer, as a transaction
    /// does, so do not call it while this thread holds a [`Tx`].
    fn put_sign_in_counter(&self, key: &str, counter: Option<&SignInCounter>) -> Result<()>;
}

/// A transaction: every write of Memoria happens inside one.
///
/// A call refused for a reason about the data ([`StoreError::Conflict`], `NotFound`,
/// `Deleted`, `NotDeleted`, `KindChange`, `NoSuchVersion`, `Forbidden`,
/// `AccountExists`, `AccountNotFound`, `SessionNotFound`, `TokenNotFound`,
/// `NotACollection`) writes nothing and leaves the transaction usable. Any other error
/// fails the transaction: later calls and [`Tx::commit`] return an error, and nothing
/// of it is saved. Both backends behave so, whatever their database would allow.
///
/// The writes about accounts (sessions, tokens, settings, password) are made by the
/// account itself or by an administrator; anyone else is refused with
/// [`StoreError::Forbidden`]. Each is audited under the acting account, with the
/// account acted on named in the detail when it is another; details never hold a
/// secret (digest, key, TOTP secret, password hash). A write that changes nothing
/// (ending an ended session, setting the same settings) writes no audit entry.
pub trait Tx {
    fn actor(&self) -> &Actor;

    /// Reads a record as this transaction sees it.
    fn get(&mut self, id: RecordId) -> Result<Option<Stored>>;

    /// Creates a record with a fresh random id.
    fn create(&mut self, entity: Entity) -> Result<Stored> {
        self.create_with_id(RecordId::random(), entity)
    }

    /// Creates a record with an id chosen by the caller (seeded generators, imports
    /// that keep ids). Fails with [`StoreError::AlreadyExists`] if the id is taken,
    /// which fails the transaction. A backend that sends writes in batches (PostgreSQL)
    /// may report it from a later call of the transaction or from [`Tx::commit`]; a
    /// caller that wants to skip taken ids asks [`Tx::get`] first.
    fn create_with_id(&mut self, id: RecordId, entity: Entity) -> Result<Stored>;

    /// Replaces the record's body. `expected_version` is the version the caller read;
    /// if someone wrote since, fails with [`StoreError::Conflict`]. A deleted record
    /// must be undeleted first. A write that changes nothing creates no revision.
    fn update(&mut self, id: RecordId, expected_version: u64, entity: Entity) -> Result<Stored>;

    /// Marks the record deleted: a revision that [`Tx::undelete`] reverses.
    fn delete(&mut self, id: RecordId, expected_version: u64) -> Result<Stored>;

    fn undelete(&mut self, id: RecordId, expected_version: u64) -> Result<Stored>;

    /// Writes a new revision whose body is the body as of `to_version`.
    fn restore(&mut self, id: RecordId, to_version: u64, expected_version: u64) -> Result<Stored>;

    /// Removes the record and its revisions for good. Administrators only; the audit
    /// log keeps the fact (who, when, which id, the reason), not the content.
    fn purge(&mut self, id: RecordId, reason: &str) -> Result<()>;

    /// Adds an audit entry for something that is not a record write: a read of
    /// sensitive data, an import, an export. `detail` must hold no personal data.
    fn audit(&mut self, action: &str, record: Option<RecordId>, detail: &str) -> Result<()>;

    /// Gives every audit entry that has no place in the transparency log yet (those
    /// written before the log existed) its place now, and returns the log's size.
    /// [`Tx::commit`] does this for the transaction's own entries.
    fn seal_log(&mut self) -> Result<u64>;

    /// Adds an account; `name` must be unused.
    fn add_account(
        &mut self,
        name: &str,
        password_hash: Option<&str>,
        is_admin: bool,
    ) -> Result<Account>;

    /// Writes a record exactly as given, with no revision or audit entry of its own:
    /// for lossless restores from an export, which bring their revisions along.
    /// Fails with [`StoreError::AlreadyExists`] if the id is taken, which fails the
    /// transaction (reported as for [`Tx::create_with_id`]).
    fn load_record(&mut self, record: &Stored) -> Result<()>;

    /// Writes a revision exactly as given (see [`Tx::load_record`]).
    fn load_revision(&mut self, revision: &Revision) -> Result<()>;

    /// Writes an account exactly as given (see [`Tx::load_record`]); an account with
    /// the same id and name already present is left as it is.
    fn load_account(&mut self, account: &Account) -> Result<()>;

    /// Records a sign-in: a new session, made by its account (or an administrator).
    /// Refused with [`StoreError::AccountNotFound`] or, for a disabled account,
    /// `Forbidden`. Audited as `sign-in`.
    fn start_session(&mut self, session: &Session) -> Result<()>;

    /// Marks the session's second factor done. Refused with
    /// [`StoreError::SessionNotFound`] if it does not exist or has ended. Audited as
    /// `second-factor`.
    fn complete_second_factor(&mut self, digest: &[u8; 32]) -> Result<()>;

    /// Ends the session (sign-out). Ending a session that has ended or does not exist
    /// does nothing. Audited as `sign-out`.
    fn end_session(&mut self, digest: &[u8; 32], at: Timestamp) -> Result<()>;

    /// Ends every session of the account that has not ended (after a password change,
    /// a lost device, …) and says how many. Audited as `sessions-ended` when any were.
    fn end_sessions_of(&mut self, account: AccountId, at: Timestamp) -> Result<u64>;

    /// Adds an API token whose secret has the SHA-256 `digest` (the secret itself is
    /// never stored). Refused for a missing or disabled account. Audited as
    /// `token-create`, with the token id as detail.
    fn add_api_token(&mut self, token: &ApiToken, digest: &[u8; 32]) -> Result<()>;

    /// Revokes an API token; revoking it again does nothing. Refused with
    /// [`StoreError::TokenNotFound`]. Audited as `token-revoke`.
    fn revoke_api_token(&mut self, id: uuid::Uuid, at: Timestamp) -> Result<()>;

    /// Gives the account a role in the collection, replacing any it had, or removes it
    /// from the collection with `None`. Refused with [`StoreError::AccountNotFound`],
    /// `NotFound` or `NotACollection`. The store keeps whatever role names the caller
    /// uses, and does not decide who may set them. Audited as `member-set`, with the
    /// collection as record and the account and role as detail.
    fn set_membership(
        &mut self,
        account: AccountId,
        collection: RecordId,
        role: Option<&str>,
    ) -> Result<()>;

    /// Replaces the account's settings. Audited as `settings`, naming the settings
    /// that changed (`language`, `totp-secret`, `totp-enabled`, `totp-last-step`),
    /// never their values.
    fn set_account_settings(
        &mut self,
        account: AccountId,
        settings: &AccountSettings,
    ) -> Result<()>;

    /// Replaces the account's password hash (an argon2id PHC string). Audited as
    /// `password-change`. Other sessions stay open: end them with
    /// [`Tx::end_sessions_of`] where that is wanted.
    fn set_password(&mut self, account: AccountId, phc: &str) -> Result<()>;

    /// Disables or enables an account. Administrators only. Disabling also ends the
    /// account's sessions (API tokens stay, but callers refuse a disabled account's
    /// requests). Audited as `account-disable` or `account-enable`.
    fn set_account_disabled(&mut self, account: AccountId, disabled: bool) -> Result<()>;

    /// Audits a read of sensitive data in a record (`read-sensitive`); `detail` names
    /// what was read (fields), never values.
    fn audit_read(&mut self, record: RecordId, detail: &str) -> Result<()> {
        self.audit("read-sensitive", Some(record), detail)
    }

    /// Makes every write of this transaction durable and visible, at once.
    fn commit(self: Box<Self>) -> Result<()>;
}

/// Opens the store a URL names, creating and migrating it as needed:
/// `postgres://…` or `postgresql://…` for PostgreSQL; `sqlite:PATH` or a plain file
/// path for SQLite.
pub fn open(url: &str) -> Result<Box<dyn Store>> {
    match sqlite_path(url) {
        None => Ok(Box::new(postgres::PgStore::open(url)?)),
        Some(path) => Ok(Box::new(sqlite::SqliteStore::open(std::path::Path::new(
            path,
        ))?)),
    }
}

/// [`open`], for a process that reads a whole collection once: a SQLite file is read
/// page by page through SQLite's own small cache rather than through a memory map, so
/// that the process's resident memory is what it holds and not also every page of the
/// file it read (publishing 100,000 incidents reads a 1 GiB file). PostgreSQL is
/// opened as [`open`] opens it.
pub fn open_for_reading_all(url: &str) -> Result<Box<dyn Store>> {
    match sqlite_path(url) {
        None => open(url),
        Some(path) => Ok(Box::new(sqlite::SqliteStore::open_with(
            std::path::Path::new(path),
            sqlite::Reading::Copied,
        )?)),
    }
}

/// The file a URL names, unless it names a PostgreSQL server.
fn sqlite_path(url: &str) -> Option<&str> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return None;
    }
    Some(
        url.strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url),
    )
}

/// Writes a consistent copy of the SQLite database at `db` to a new file `out` (which
/// must not exist), as of one moment, while other processes go on reading and
/// writing: for backups. The copy is compacted, so its bytes differ from the original
/// file's while every table holds the same rows.
pub fn snapshot_sqlite(db: &std::path::Path, out: &std::path::Path) -> Result<()> {
    sqlite::snapshot(db, out)
}

/// One-call writes for callers that need no transaction of their own.
pub trait StoreExt: Store {
    /// Every record that is not deleted and matches `query` (its `after` and `limit`
    /// are the paging's own), a page at a time, so that a collection of any size is
    /// read without holding it all.
    fn each_live(&self, query: &ListQuery, visit: &mut dyn FnMut(Stored)) -> Result<()> {
        const PAGE: usize = 1000;
        let mut query = ListQuery {
            after: None,
            limit: PAGE,
            ..query.clone()
        };
        loop {
            let page = self.list(&query)?;
            query.after = page.last().map(|s| s.id);
            let full = page.len() == PAGE;
            for s in page.into_iter().filter(|s| !s.deleted) {
                visit(s);
            }
            if !full {
                return Ok(());
            }
        }
    }

    fn create(&self, actor: &Actor, entity: Entity) -> Result<Stored> {
        let mut tx = self.begin(actor)?;
        let s = tx.create(entity)?;
        tx.commit()?;
        Ok(s)
    }

    fn update(
        &self,
        actor: &Actor,
        id: RecordId,
        expected_version: u64,
        entity: Entity,
    ) -> Result<Stored> {
        let mut tx = self.begin(actor)?;
        let s = tx.update(id, expected_version, entity)?;
        tx.commit()?;
        Ok(s)
    }

    fn delete(&self, actor: &Actor, id: RecordId, expected_version: u64) -> Result<Stored> {
        let mut tx = self.begin(actor)?;
        let s = tx.delete(id, expected_version)?;
        tx.commit()?;
        Ok(s)
    }

    fn undelete(&self, actor: &Actor, id: RecordId, expected_version: u64) -> Result<Stored> {
        let mut tx = self.begin(actor)?;
        let s = tx.undelete(id, expected_version)?;
        tx.commit()?;
        Ok(s)
    }

    fn restore(
        &self,
        actor: &Actor,
        id: RecordId,
        to_version: u64,
        expected_version: u64,
    ) -> Result<Stored> {
        let mut tx = self.begin(actor)?;
        let s = tx.restore(id, to_version, expected_version)?;
        tx.commit()?;
        Ok(s)
    }

    fn purge(&self, actor: &Actor, id: RecordId, reason: &str) -> Result<()> {
        let mut tx = self.begin(actor)?;
        tx.purge(id, reason)?;
        tx.commit()
    }
}

impl<S: Store + ?Sized> StoreExt for S {}

impl AccountId {
    /// The installation itself: the actor of the very first write (creating the first
    /// account), which has no account yet to be attributed to.
    pub const SYSTEM: AccountId = AccountId(uuid::Uuid::nil());
}

impl Actor {
    /// The installation acting on its own behalf (see [`AccountId::SYSTEM`]).
    pub fn system() -> Actor {
        Actor {
            account: AccountId::SYSTEM,
            name: "system".into(),
            is_admin: true,
        }
    }
}

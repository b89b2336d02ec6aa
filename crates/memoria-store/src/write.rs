//! The meaning of every [`Tx`](crate::Tx) write, written once for both backends.
//!
//! A backend supplies row-level [`Primitives`] (read a record, insert a row, bump a
//! version); the functions here decide what a create, update, delete, undelete,
//! restore or purge does with them: which checks come first, what the revision holds,
//! what the audit entry says. Keeping this in one place is what makes the backends
//! behave alike; the story test checks that they do.
//!
//! The writes about accounts and access (sessions, tokens, memberships, settings) are
//! in [`access`], on the same terms.
//!
//! Revisions of a delete or an undelete have no field changes: the action says it all,
//! and the body is untouched. A write that changes nothing (an update to the same body,
//! a restore to an identical body) writes nothing and returns the record as it is.

use std::collections::HashMap;

use memoria_core::entity::{Entity, EntityKind};
use memoria_core::id::RecordId;
use memoria_core::revision::{self, Action, FieldChange};
use serde_json::Value;
use uuid::Uuid;

use crate::sql::Current;
use crate::{
    Account, AccountId, AccountSettings, Actor, ApiToken, AuditEntry, Result, Revision, Session,
    StoreError, Stored, Timestamp,
};

mod access;

/// Row-level operations of one backend's transaction.
pub(crate) trait Primitives {
    fn actor(&self) -> &Actor;

    /// Parent id → collection lookups already made in this transaction.
    fn collections(&mut self) -> &mut CollectionCache;

    /// The record as this transaction sees it; with `lock`, locked against other writers
    /// until the transaction ends (where the backend locks rows).
    fn current(&mut self, id: RecordId, lock: bool) -> Result<Option<Current>>;

    /// The `collection` column of a record, `None` if there is no such record.
    fn collection_of(&mut self, id: RecordId) -> Result<Option<Option<RecordId>>>;

    /// Marks the transaction failed: it may only be rolled back.
    fn fail(&mut self);

    /// Inserts a record row. `Ok(false)` when the id is taken. `fresh` says the id was
    /// just drawn at random, so that a backend may skip looking for it. A backend that
    /// batches writes may instead report a taken id later, as `AlreadyExists`.
    fn insert_record(&mut self, record: &Stored, body: &str, fresh: bool) -> Result<bool>;

    /// Overwrites a record row, if it is still at `expected_version`; `Ok(false)` if not.
    fn update_record(&mut self, record: &Stored, body: &str, expected_version: u64)
    -> Result<bool>;

    /// Removes a record row and all its revisions.
    fn purge_record(&mut self, id: RecordId) -> Result<()>;

    fn insert_revision(&mut self, revision: &NewRevision<'_>) -> Result<()>;

    /// Every revision of the record, oldest first.
    fn revisions(&mut self, id: RecordId) -> Result<Vec<Revision>>;

    /// `at` is a [`Timestamp`] as text.
    fn insert_audit(
        &mut self,
        at: &str,
        action: &str,
        record: Option<RecordId>,
        detail: &str,
    ) -> Result<()>;

    /// Whether this transaction wrote an audit entry (and so must append to the log).
    fn audited(&self) -> bool;

    /// The transparency log's size, held against other appenders until the transaction
    /// ends (SQLite's writer lock already does; PostgreSQL locks the head row).
    fn lock_log(&mut self) -> Result<u64>;

    /// Up to `limit` audit entries that have no place in the log yet, oldest first.
    fn unlogged_audit(&mut self, limit: usize) -> Result<Vec<AuditEntry>>;

    /// The log's stored hashes at these stored indexes, in order; every one must exist.
    fn read_log_hashes(&mut self, indexes: &[u64]) -> Result<Vec<[u8; 32]>>;

    /// Stores `hashes` at stored indexes `first..`, gives each audit entry of `placed`
    /// (`seq`, log index) its place, and sets the log's size.
    fn append_log(
        &mut self,
        first: u64,
        hashes: &[[u8; 32]],
        placed: &[(i64, u64)],
        size: u64,
    ) -> Result<()>;

    /// Writes the audit entries this transaction held back, placed in the log from
    /// index `size` on, keeping their leaf hashes for [`Primitives::take_placed_leaves`].
    /// Called at commit with the log locked; only PostgreSQL holds entries back.
    fn place_held_audit(&mut self, _size: u64) -> Result<()> {
        Ok(())
    }

    /// The leaf hashes of entries this transaction wrote with their log index already
    /// given, and the first of those indexes. SQLite places entries as it writes them
    /// (its writer lock already orders transactions), which spares an update of every
    /// audit row at commit; PostgreSQL places them at commit and keeps the default.
    fn take_placed_leaves(&mut self) -> (u64, Vec<[u8; 32]>) {
        (0, Vec::new())
    }

    fn account_by_id(&mut self, id: AccountId) -> Result<Option<Account>>;

    fn account_by_name(&mut self, name: &str) -> Result<Option<Account>>;

    /// Inserts an account row. `Ok(false)` when its id or name is taken.
    fn insert_account(&mut self, account: &Account) -> Result<bool>;

    // The rows of `crate::access`. Reads lock the row they return where the backend
    // locks rows, since each precedes a write to it. Times are `Timestamp`s as text.

    fn session_row(&mut self, digest: &[u8; 32]) -> Result<Option<Session>>;

    /// Inserts a session row. `Ok(false)` when the digest is taken.
    fn insert_session(&mut self, session: &Session) -> Result<bool>;

    fn update_second_factor_done(&mut self, digest: &[u8; 32]) -> Result<()>;

    /// Ends the session if it has not ended; whether it did.
    fn update_session_ended(&mut self, digest: &[u8; 32], at: &str) -> Result<bool>;

    /// Ends every session of the account that has not ended; how many.
    fn update_sessions_ended(&mut self, account: AccountId, at: &str) -> Result<u64>;

    fn api_token_row(&mut self, id: Uuid) -> Result<Option<ApiToken>>;

    /// Inserts a token row. `Ok(false)` when its id or digest is taken.
    fn insert_api_token(&mut self, token: &ApiToken, digest: &[u8; 32]) -> Result<bool>;

    /// Revokes the token if it is not revoked; whether it did.
    fn update_token_revoked(&mut self, id: Uuid, at: &str) -> Result<bool>;

    fn membership_role(
        &mut self,
        account: AccountId,
        collection: RecordId,
    ) -> Result<Option<String>>;

    /// Inserts or replaces the membership, or removes it with `None`.
    fn write_membership(
        &mut self,
        account: AccountId,
        collection: RecordId,
        role: Option<&str>,
    ) -> Result<()>;

    fn settings_row(&mut self, account: AccountId) -> Result<Option<AccountSettings>>;

    /// Inserts or replaces the account's settings.
    fn write_settings(&mut self, account: AccountId, settings: &AccountSettings) -> Result<()>;

    fn update_password_hash(&mut self, account: AccountId, phc: &str) -> Result<()>;

    fn update_disabled(&mut self, account: AccountId, disabled: bool) -> Result<()>;

    /// Commits: sends what is still buffered, then makes it all durable. On error the
    /// transaction is left for `Drop` to roll back.
    fn finish(&mut self) -> Result<()>;
}

/// Every backend's transaction is a `Tx` through the rules of this module: the
/// backends differ only in their [`Primitives`].
impl<P: Primitives> crate::Tx for P {
    fn actor(&self) -> &Actor {
        Primitives::actor(self)
    }

    fn get(&mut self, id: RecordId) -> Result<Option<Stored>> {
        get(self, id)
    }

    fn create(&mut self, entity: Entity) -> Result<Stored> {
        // A fresh random id cannot be taken: backends may skip looking for it.
        create(self, RecordId::random(), entity, true)
    }

    fn create_with_id(&mut self, id: RecordId, entity: Entity) -> Result<Stored> {
        create(self, id, entity, false)
    }

    fn update(&mut self, id: RecordId, expected_version: u64, entity: Entity) -> Result<Stored> {
        update(self, id, expected_version, entity)
    }

    fn delete(&mut self, id: RecordId, expected_version: u64) -> Result<Stored> {
        delete(self, id, expected_version)
    }

    fn undelete(&mut self, id: RecordId, expected_version: u64) -> Result<Stored> {
        undelete(self, id, expected_version)
    }

    fn restore(&mut self, id: RecordId, to_version: u64, expected_version: u64) -> Result<Stored> {
        restore(self, id, to_version, expected_version)
    }

    fn purge(&mut self, id: RecordId, reason: &str) -> Result<()> {
        purge(self, id, reason)
    }

    fn audit(&mut self, action: &str, record: Option<RecordId>, detail: &str) -> Result<()> {
        audit(self, action, record, detail)
    }

    fn add_account(
        &mut self,
        name: &str,
        password_hash: Option<&str>,
        is_admin: bool,
    ) -> Result<Account> {
        add_account(self, name, password_hash, is_admin)
    }

    fn load_record(&mut self, record: &Stored) -> Result<()> {
        load_record(self, record)
    }

    fn load_revision(&mut self, revision: &Revision) -> Result<()> {
        load_revision(self, revision)
    }

    fn load_account(&mut self, account: &Account) -> Result<()> {
        load_account(self, account)
    }

    fn start_session(&mut self, session: &Session) -> Result<()> {
        access::start_session(self, session)
    }

    fn complete_second_factor(&mut self, digest: &[u8; 32]) -> Result<()> {
        access::complete_second_factor(self, digest)
    }

    fn end_session(&mut self, digest: &[u8; 32], at: Timestamp) -> Result<()> {
        access::end_session(self, digest, at)
    }

    fn end_sessions_of(&mut self, account: AccountId, at: Timestamp) -> Result<u64> {
        access::end_sessions_of(self, account, at)
    }

    fn add_api_token(&mut self, token: &ApiToken, digest: &[u8; 32]) -> Result<()> {
        access::add_api_token(self, token, digest)
    }

    fn revoke_api_token(&mut self, id: Uuid, at: Timestamp) -> Result<()> {
        access::revoke_api_token(self, id, at)
    }

    fn set_membership(
        &mut self,
        account: AccountId,
        collection: RecordId,
        role: Option<&str>,
    ) -> Result<()> {
        access::set_membership(self, account, collection, role)
    }

    fn set_account_settings(
        &mut self,
        account: AccountId,
        settings: &AccountSettings,
    ) -> Result<()> {
        access::set_account_settings(self, account, settings)
    }

    fn set_password(&mut self, account: AccountId, phc: &str) -> Result<()> {
        access::set_password(self, account, phc)
    }

    fn set_account_disabled(&mut self, account: AccountId, disabled: bool) -> Result<()> {
        access::set_account_disabled(self, account, disabled)
    }

    fn seal_log(&mut self) -> Result<u64> {
        crate::log::append_pending(self)
    }

    fn commit(mut self: Box<Self>) -> Result<()> {
        if self.audited() {
            crate::log::append_pending(&mut *self)?;
        }
        self.finish()
    }
}

/// A revision as a backend writes it: timestamp and changes already in their stored
/// text forms, so that a write formats each once.
pub(crate) struct NewRevision<'a> {
    pub record: RecordId,
    pub version: u64,
    pub account: AccountId,
    pub at: &'a str,
    pub action: Action,
    /// See [`crate::sql::encode_changes`].
    pub changes: &'a str,
}

/// The error of any call on a transaction that has failed.
pub(crate) fn failed_earlier() -> StoreError {
    StoreError::Backend(
        "an earlier write in this transaction failed, so it can only be rolled back; \
         nothing of it was saved"
            .into(),
    )
}

/// Recent parent → collection lookups. Bounded, because an import may hang records
/// from many parents; cleared rather than evicted one by one, since the common case
/// (a million list records under one list) needs only one entry.
#[derive(Default)]
pub(crate) struct CollectionCache(HashMap<RecordId, Option<RecordId>>);

impl CollectionCache {
    const CAPACITY: usize = 10_000;

    fn get(&self, id: RecordId) -> Option<Option<RecordId>> {
        self.0.get(&id).copied()
    }

    fn insert(&mut self, id: RecordId, collection: Option<RecordId>) {
        if self.0.len() >= Self::CAPACITY {
            self.0.clear();
        }
        self.0.insert(id, collection);
    }

    /// Keeps a cached entry in step with a write to that record.
    fn refresh(&mut self, id: RecordId, collection: Option<RecordId>) {
        if let Some(c) = self.0.get_mut(&id) {
            *c = collection;
        }
    }

    fn forget(&mut self, id: RecordId) {
        self.0.remove(&id);
    }
}

/// The `collection` column of a record: its own id for a collection, the collection
/// its body names, or else the collection of the record it hangs from.
fn collection_for(
    p: &mut impl Primitives,
    id: RecordId,
    entity: &Entity,
) -> Result<Option<RecordId>> {
    if entity.kind() == EntityKind::Collection {
        return Ok(Some(id));
    }
    if let Some(c) = entity.collection() {
        return Ok(Some(c));
    }
    let Some(parent) = entity.parent() else {
        return Ok(None);
    };
    if let Some(c) = p.collections().get(parent) {
        return Ok(c);
    }
    // A dangling parent gives no collection; validating references is the caller's job.
    let c = p.collection_of(parent)?.flatten();
    p.collections().insert(parent, c);
    Ok(c)
}

pub(crate) fn get(p: &mut impl Primitives, id: RecordId) -> Result<Option<Stored>> {
    Ok(p.current(id, false)?.map(|c| c.stored))
}

pub(crate) fn create(
    p: &mut impl Primitives,
    id: RecordId,
    entity: Entity,
    fresh: bool,
) -> Result<Stored> {
    let collection = collection_for(p, id, &entity)?;
    let body = entity.to_body();
    let now = Timestamp::now();
    let account = p.actor().account;
    let stored = Stored {
        id,
        kind: entity.kind(),
        collection,
        parent: entity.parent(),
        version: 1,
        deleted: false,
        entity,
        created_at: now,
        updated_at: now,
        updated_by: account,
    };
    if !p.insert_record(&stored, &crate::sql::encode_body(&body), fresh)? {
        // Failed, not merely refused: a batching backend cannot report this at once,
        // and both backends must leave the transaction in the same state.
        p.fail();
        return Err(StoreError::AlreadyExists(id));
    }
    // Every field from absent to its value: `diff` against `{}`, written directly.
    let changes = crate::sql::encode_created(&body);
    let at = now.to_string();
    p.insert_revision(&NewRevision {
        record: id,
        version: 1,
        account,
        at: &at,
        action: Action::Create,
        changes: &changes,
    })?;
    p.insert_audit(&at, "create", Some(id), stored.kind.as_str())?;
    p.collections().refresh(id, collection);
    Ok(stored)
}

/// The record, locked, at the version the caller expects.
fn current_at(p: &mut impl Primitives, id: RecordId, expected_version: u64) -> Result<Current> {
    let cur = p.current(id, true)?.ok_or(StoreError::NotFound(id))?;
    if cur.stored.version != expected_version {
        return Err(conflict(p, &cur.stored, expected_version));
    }
    Ok(cur)
}

fn conflict(p: &mut impl Primitives, stored: &Stored, expected: u64) -> StoreError {
    // The account of the last write, by name; its id if the account is gone (or the
    // lookup fails: the conflict is still the error worth reporting).
    let changed_by = match p.account_by_id(stored.updated_by) {
        Ok(Some(a)) => a.name,
        _ => stored.updated_by.to_string(),
    };
    StoreError::Conflict {
        id: stored.id,
        expected,
        actual: stored.version,
        changed_by,
        changed_at: stored.updated_at.to_string(),
    }
}

/// What the next version of a record is to be.
struct Next {
    entity: Entity,
    body: Value,
    deleted: bool,
    action: Action,
    changes: Vec<FieldChange>,
    /// The audit entry's detail.
    detail: String,
}

/// Writes the next version of a record, its revision and its audit entry.
fn write_version(p: &mut impl Primitives, cur: Current, next: Next) -> Result<Stored> {
    let id = cur.stored.id;
    let collection = collection_for(p, id, &next.entity)?;
    let now = Timestamp::now();
    let account = p.actor().account;
    let stored = Stored {
        collection,
        parent: next.entity.parent(),
        version: cur.stored.version + 1,
        deleted: next.deleted,
        entity: next.entity,
        updated_at: now,
        updated_by: account,
        ..cur.stored
    };
    if !p.update_record(
        &stored,
        &crate::sql::encode_body(&next.body),
        cur.stored.version,
    )? {
        // The row was read locked, so only a writer outside Memoria's rules gets here.
        let now_stored = p.current(id, false)?.ok_or(StoreError::NotFound(id))?;
        return Err(conflict(p, &now_stored.stored, cur.stored.version));
    }
    let (version, action) = (stored.version, next.action);
    let (at, changes) = (now.to_string(), crate::sql::encode_changes(&next.changes));
    p.insert_revision(&NewRevision {
        record: id,
        version,
        account,
        at: &at,
        action,
        changes: &changes,
    })?;
    p.insert_audit(&at, action.as_str(), Some(id), &next.detail)?;
    p.collections().refresh(id, collection);
    Ok(stored)
}

pub(crate) fn update(
    p: &mut impl Primitives,
    id: RecordId,
    expected_version: u64,
    entity: Entity,
) -> Result<Stored> {
    let cur = current_at(p, id, expected_version)?;
    if cur.stored.deleted {
        return Err(StoreError::Deleted(id));
    }
    if entity.kind() != cur.stored.kind {
        return Err(StoreError::KindChange(cur.stored.kind));
    }
    let body = entity.to_body();
    let changes = revision::diff(&cur.body, &body);
    if changes.is_empty() {
        return Ok(cur.stored);
    }
    let detail = field_list(&changes);
    write_version(
        p,
        cur,
        Next {
            entity,
            body,
            deleted: false,
            action: Action::Update,
            changes,
            detail,
        },
    )
}

/// The names of the changed fields, for the audit log: names, never values.
fn field_list(changes: &[FieldChange]) -> String {
    let names: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
    format!("fields: {}", names.join(", "))
}

pub(crate) fn delete(
    p: &mut impl Primitives,
    id: RecordId,
    expected_version: u64,
) -> Result<Stored> {
    let cur = current_at(p, id, expected_version)?;
    if cur.stored.deleted {
        return Err(StoreError::Deleted(id));
    }
    let next = Next {
        entity: cur.stored.entity.clone(),
        body: cur.body.clone(),
        deleted: true,
        action: Action::Delete,
        changes: Vec::new(),
        detail: cur.stored.kind.as_str().to_string(),
    };
    write_version(p, cur, next)
}

pub(crate) fn undelete(
    p: &mut impl Primitives,
    id: RecordId,
    expected_version: u64,
) -> Result<Stored> {
    let cur = current_at(p, id, expected_version)?;
    if !cur.stored.deleted {
        return Err(StoreError::NotDeleted(id));
    }
    let next = Next {
        entity: cur.stored.entity.clone(),
        body: cur.body.clone(),
        deleted: false,
        action: Action::Undelete,
        changes: Vec::new(),
        detail: cur.stored.kind.as_str().to_string(),
    };
    write_version(p, cur, next)
}

pub(crate) fn restore(
    p: &mut impl Primitives,
    id: RecordId,
    to_version: u64,
    expected_version: u64,
) -> Result<Stored> {
    let cur = current_at(p, id, expected_version)?;
    if cur.stored.deleted {
        return Err(StoreError::Deleted(id));
    }
    if to_version == 0 || to_version > cur.stored.version {
        return Err(StoreError::NoSuchVersion {
            id,
            version: to_version,
        });
    }
    // Walk back from the current body, undoing each later revision, newest first.
    let mut body = cur.body.clone();
    for rev in p
        .revisions(id)?
        .iter()
        .rev()
        .filter(|r| r.version > to_version)
    {
        body = revision::undo(&body, &rev.changes);
    }
    let kind = cur.stored.kind;
    let entity = Entity::from_body(kind, body).map_err(|_| {
        StoreError::Shape(format!(
            "version {to_version} of record {id} does not fit the current {kind} fields, \
             so it cannot be restored"
        ))
    })?;
    // Store the body as the entity writes it, so that the record reads back equal.
    let body = entity.to_body();
    let changes = revision::diff(&cur.body, &body);
    if changes.is_empty() {
        return Ok(cur.stored);
    }
    let detail = format!("to version {to_version}; {}", field_list(&changes));
    write_version(
        p,
        cur,
        Next {
            entity,
            body,
            deleted: false,
            action: Action::Restore,
            changes,
            detail,
        },
    )
}

pub(crate) fn purge(p: &mut impl Primitives, id: RecordId, reason: &str) -> Result<()> {
    if !p.actor().is_admin {
        return Err(StoreError::Forbidden(
            "only administrators can purge records; ask an administrator, \
             or delete the record instead"
                .into(),
        ));
    }
    if p.current(id, true)?.is_none() {
        return Err(StoreError::NotFound(id));
    }
    p.purge_record(id)?;
    p.collections().forget(id);
    p.insert_audit(&Timestamp::now().to_string(), "purge", Some(id), reason)
}

pub(crate) fn audit(
    p: &mut impl Primitives,
    action: &str,
    record: Option<RecordId>,
    detail: &str,
) -> Result<()> {
    p.insert_audit(&Timestamp::now().to_string(), action, record, detail)
}

pub(crate) fn add_account(
    p: &mut impl Primitives,
    name: &str,
    password_hash: Option<&str>,
    is_admin: bool,
) -> Result<Account> {
    let account = Account {
        id: AccountId(uuid::Uuid::new_v4()),
        name: name.to_string(),
        password_hash: password_hash.map(str::to_string),
        is_admin,
        disabled: false,
        created_at: Timestamp::now(),
    };
    if !p.insert_account(&account)? {
        return Err(StoreError::AccountExists(name.to_string()));
    }
    // Account names are sign-in names, safe to log; the hash never is.
    let role = if is_admin { "administrator" } else { "member" };
    let detail = format!("account {} ({name}), {role}", account.id);
    p.insert_audit(
        &account.created_at.to_string(),
        "account-add",
        None,
        &detail,
    )?;
    Ok(account)
}

pub(crate) fn load_record(p: &mut impl Primitives, record: &Stored) -> Result<()> {
    if !p.insert_record(
        record,
        &crate::sql::encode_body(&record.entity.to_body()),
        false,
    )? {
        p.fail();
        return Err(StoreError::AlreadyExists(record.id));
    }
    p.collections().refresh(record.id, record.collection);
    Ok(())
}

pub(crate) fn load_revision(p: &mut impl Primitives, revision: &Revision) -> Result<()> {
    let (at, changes) = (
        revision.at.to_string(),
        crate::sql::encode_changes(&revision.changes),
    );
    p.insert_revision(&NewRevision {
        record: revision.record,
        version: revision.version,
        account: revision.account,
        at: &at,
        action: revision.action,
        changes: &changes,
    })
}

pub(crate) fn load_account(p: &mut impl Primitives, account: &Account) -> Result<()> {
    let by_id = p.account_by_id(account.id)?;
    let by_name = p.account_by_name(&account.name)?;
    match (by_id, by_name) {
        (None, None) => {
            if p.insert_account(account)? {
                Ok(())
            } else {
                Err(StoreError::AccountExists(account.name.clone()))
            }
        }
        (Some(a), Some(b)) if a.id == b.id => Ok(()),
        // The same id under another name, or the name under another id: two different
        // accounts, and merging them would misattribute revisions.
        _ => Err(StoreError::AccountExists(account.name.clone())),
    }
}

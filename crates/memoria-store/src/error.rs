//! What can go wrong in the store, named for what failed.
//!
//! Messages say what to do next and never carry a record's content: they end up in
//! logs and on screens.

use memoria_core::id::RecordId;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("record {0} does not exist")]
    NotFound(RecordId),

    #[error(
        "record {id} was changed by {changed_by} at {changed_at} (now version {actual}, \
         you edited version {expected}); reload it, reapply your change, and save again"
    )]
    Conflict {
        id: RecordId,
        expected: u64,
        actual: u64,
        changed_by: String,
        changed_at: String,
    },

    #[error("record {0} is deleted; undelete it before editing it")]
    Deleted(RecordId),

    #[error("record {0} is not deleted")]
    NotDeleted(RecordId),

    #[error("record {0} already exists")]
    AlreadyExists(RecordId),

    #[error("record {id} has no version {version}")]
    NoSuchVersion { id: RecordId, version: u64 },

    #[error("a {0} record cannot change into another kind; create a new record instead")]
    KindChange(memoria_core::EntityKind),

    #[error("an account named {0:?} already exists")]
    AccountExists(String),

    #[error("{0}")]
    Forbidden(String),

    #[error("account {0} does not exist")]
    AccountNotFound(crate::AccountId),

    /// No session under the digest given, or one that has ended. The digest is not
    /// named: it stands for a secret.
    #[error("the session does not exist or has ended; sign in again")]
    SessionNotFound,

    #[error("API token {0} does not exist")]
    TokenNotFound(uuid::Uuid),

    #[error("record {0} is not a collection; members belong to collections")]
    NotACollection(RecordId),

    #[error(
        "this database was written by a newer version of Memoria (schema {found}; this \
         version knows up to {supported}); upgrade Memoria to open it"
    )]
    NewerSchema { found: i64, supported: i64 },

    #[error("{0} is not a Memoria database; check the path or URL")]
    NotMemoria(String),

    #[error(
        "the database is damaged ({0}); restore it from a backup — Memoria will not repair it silently"
    )]
    Corrupt(String),

    #[error("cannot reach the database: {0}")]
    Connect(String),

    #[error("stored data does not have the expected shape: {0}")]
    Shape(String),

    #[error("database error: {0}")]
    Backend(String),
}

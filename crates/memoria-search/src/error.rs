//! What can go wrong with the index.

use std::path::PathBuf;

use memoria_store::StoreError;

/// An index operation that failed. Messages name paths, ids and counts, never the
/// content of a record.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The index files could not be read or written (disk full, permissions, damage).
    #[error("the search index failed: {0}; if it persists, delete the index directory and rebuild")]
    Index(#[from] tantivy::TantivyError),
    /// Reading the records to index failed.
    #[error("reading records for the search index: {0}")]
    Store(#[from] StoreError),
    #[error("the search index directory {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Another index (in this or another process) writes to the same directory.
    #[error(
        "the search index is in use by another process; give each process its own index directory"
    )]
    Busy,
    /// The directory holds something else; the index never deletes what it did not write.
    #[error(
        "{} holds files that are not a Memoria search index; point the index at an empty or new directory",
        path.display()
    )]
    NotAnIndex { path: PathBuf },
}

impl SearchError {
    /// An error creating a writer: a held lock means another writer, not damage.
    pub(crate) fn from_writer(e: tantivy::TantivyError) -> SearchError {
        match e {
            tantivy::TantivyError::LockFailure(..) => SearchError::Busy,
            e => SearchError::Index(e),
        }
    }
}

impl From<tantivy::directory::error::OpenDirectoryError> for SearchError {
    fn from(e: tantivy::directory::error::OpenDirectoryError) -> SearchError {
        SearchError::Index(e.into())
    }
}

impl From<tantivy::directory::error::OpenReadError> for SearchError {
    fn from(e: tantivy::directory::error::OpenReadError) -> SearchError {
        SearchError::Index(e.into())
    }
}

pub type Result<T, E = SearchError> = std::result::Result<T, E>;

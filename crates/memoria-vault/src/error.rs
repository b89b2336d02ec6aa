//! What can go wrong in the vault, named for what failed.
//!
//! Messages say what to do next. They name files by their content hash and never carry
//! a file's bytes; the only paths in them are those the caller gave (a location, a key
//! file) and, from the storage layer, places inside the vault.

use std::path::PathBuf;

use crate::ContentHash;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VaultError {
    #[error(
        "the passphrase or key file does not open this vault; check which one it was made with"
    )]
    WrongKey,

    #[error("this vault opens with {expected}, not {given}")]
    KeyKind {
        expected: &'static str,
        given: &'static str,
    },

    #[error("there is no vault at {location}; check the location, or create a vault there first")]
    NoVault { location: String },

    #[error("a vault already exists at {location}; open it instead of creating one")]
    VaultExists { location: String },

    #[error(
        "the vault description (vault.json) at {location} is unreadable ({detail}); \
         restore it from a backup"
    )]
    BadManifest { location: String, detail: String },

    #[error(
        "the vault at {location} has format version {version}, newer than this program \
         reads; upgrade memoria to open it"
    )]
    NewerVault { location: String, version: u32 },

    #[error("cannot use the vault location {location}: {detail}")]
    Location { location: String, detail: String },

    #[error("cannot read the key file {}: {error}", path.display())]
    KeyFileRead {
        path: PathBuf,
        error: std::io::Error,
    },

    #[error(
        "the key file {} holds {len} bytes, but a key file holds exactly 32 random bytes; \
         check that it is the right file",
        path.display()
    )]
    KeyFileLength { path: PathBuf, len: u64 },

    #[error("cannot write the key file {}: {error}", path.display())]
    KeyFileWrite {
        path: PathBuf,
        error: std::io::Error,
    },

    #[error("the passphrase could not be turned into a key: {0}")]
    Kdf(String),

    #[error("no file with hash {0} is in the vault")]
    Missing(ContentHash),

    #[error(
        "the stored copy of {hash} is damaged: {detail}; restore it from a backup, and do \
         not trust bytes already read from it"
    )]
    Corrupt { hash: ContentHash, detail: String },

    /// Found while listing, before the object's hash is known.
    #[error("the stored object {object} is damaged: {detail}; restore it from a backup")]
    CorruptObject { object: String, detail: String },

    #[error("reading the file to store failed, so nothing was stored: {0}")]
    Input(std::io::Error),

    #[error("the file is larger than one vault object holds (256 TiB); split it first")]
    TooLarge,

    #[error(
        "the disk that holds the vault is full, so the file was not stored (nothing \
         half-written is kept); free space or move the vault, then add it again"
    )]
    StorageFull,

    /// A part of an upload that does not start where the upload stands.
    #[error(
        "the upload stands at byte {offset}, not where this part starts; ask where it stands \
         and send from there"
    )]
    UploadOffset { offset: u64 },

    /// A part that would take an upload past the length it was created with.
    #[error(
        "the part goes past the upload's declared length of {length} bytes; nothing of it was kept"
    )]
    UploadTooLong { length: u64 },

    /// The upload's bytes were asked for before they had all arrived.
    #[error("the upload has {offset} of its {length} bytes; send the rest first")]
    UploadIncomplete { offset: u64, length: u64 },

    #[error("the vault's storage failed: {0}; check that it is reachable and writable, then retry")]
    Storage(object_store::Error),
}

impl From<object_store::Error> for VaultError {
    fn from(error: object_store::Error) -> Self {
        if is_storage_full(&error) {
            Self::StorageFull
        } else {
            Self::Storage(error)
        }
    }
}

/// Whether an I/O error in `error`'s chain says the disk is full (ENOSPC, or a quota).
fn is_storage_full(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && matches!(
                io.kind(),
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
            )
        {
            return true;
        }
        current = e.source();
    }
    // object_store's local errors do not always keep the io::Error as a source.
    error.to_string().contains("No space left on device")
}

impl VaultError {
    /// The vault error inside an `io::Error` from a [`crate::VaultReader`], if any.
    pub fn from_io(error: &std::io::Error) -> Option<&VaultError> {
        error.get_ref()?.downcast_ref::<VaultError>()
    }
}

//! Memoria's evidence vault: where photos, videos and documents are kept, so that each
//! comes out exactly as it went in, and nobody without the vault's key can read it.
//!
//! - Files are named by the SHA-256 of their bytes ([`ContentHash`]), computed as they
//!   stream in; a file stored twice is kept once.
//! - Each file is encrypted at rest under its own random key, chunk by chunk (STREAM
//!   over XChaCha20-Poly1305), and that key is wrapped by the vault key. Reading
//!   authenticates every chunk and the whole file's hash; a flipped bit, a cut or a
//!   swapped object is an error naming the hash, never wrong bytes.
//! - Object names are a keyed hash of the content hash, so holding a file does not let
//!   anyone confirm it is in the vault; without the key the storage shows only sizes.
//! - The vault key comes from a passphrase (Argon2id) or a 32-byte key file; the vault's
//!   `vault.json` tells a wrong one apart at once.
//! - Storage is a folder on this machine or an S3-compatible bucket, through the
//!   `object_store` crate (see [`Vault::create`] for the location strings). Writes
//!   stream through a temporary object, so a crash never leaves a partial file under
//!   its final name.
//!
//! - A file may also arrive in parts over several requests (a resumable upload, the
//!   `upload` module): the parts are sealed like stored files, kept under `uploads/`
//!   with everything else about the upload, so any process with the key can continue
//!   it, and streamed back through decryption into [`Vault::ingest`] once whole.
//!
//! Layout: [`format`](mod@format) describes one stored object; `vault.json` is
//! described in the `manifest` module; objects live at `objects/ab/cd/abcd…` (the keyed
//! name in hex, sharded), temporaries under `tmp/`, uploads in progress under
//! `uploads/`.
//!
//! What it deliberately does not do: no database, no HTTP server, no knowledge of
//! incidents, sources or people. It does not record who stored or read a file, or when:
//! custody events and the audit log are the caller's, and so is deciding which files
//! may be read. It never deletes a stored file (only the parts of an upload, once its
//! file is ingested or the upload abandoned).

mod error;
pub mod format;
mod hash;
mod ingest;
mod key;
mod location;
mod manifest;
mod read;
mod upload;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use futures_util::stream::{BoxStream, StreamExt, TryStreamExt};
use object_store::path::Path;
use object_store::{ObjectMeta, ObjectStore, ObjectStoreExt, PutMode, PutOptions};
use tokio::io::AsyncRead;

pub use error::VaultError;
pub use hash::{ContentHash, ParseContentHashError};
pub use key::{KeySource, Passphrase, VaultKey};
pub use read::VaultReader;
pub use upload::{ParseUploadIdError, Upload, UploadId, UploadReader};

use format::FormatError;
use key::Keys;
use manifest::Manifest;

const OBJECTS_DIR: &str = "objects";
const TEMP_DIR: &str = "tmp";

/// An open vault. Cheap to clone; clones share the connection and keys.
#[derive(Clone)]
pub struct Vault {
    inner: Arc<Inner>,
}

struct Inner {
    location: String,
    store: Arc<dyn ObjectStore>,
    local_root: Option<PathBuf>,
    keys: Keys,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("location", &self.inner.location)
            .finish_non_exhaustive()
    }
}

/// What [`Vault::ingest`] stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ingested {
    pub hash: ContentHash,
    pub size: u64,
    /// The vault already held this file; nothing new was stored.
    pub deduplicated: bool,
}

/// A stored file, as [`Vault::list`] finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    pub hash: ContentHash,
    pub size: u64,
}

/// The outcome of [`Vault::verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every byte decrypted, authenticated, and hashed to the name it is stored under.
    Intact { size: u64 },
    /// No file with this hash is stored.
    Missing,
    /// The stored copy is damaged; `detail` says how (never with file contents).
    Corrupt { detail: String },
}

impl Vault {
    /// Makes a new vault at `location` and opens it. Refuses if a vault is already
    /// there.
    ///
    /// `location` is a folder path (created if needed; `file:///folder` also works) or
    /// `s3://BUCKET[/PREFIX][?endpoint=URL&region=R&virtual_hosted_style_request=true]`
    /// for S3-compatible storage, e.g.
    /// `s3://evidence/vault?endpoint=http://127.0.0.1:8333` for a SeaweedFS on this
    /// machine (plain `http` is accepted only for this machine). The bucket must exist.
    /// S3 credentials come from the environment (`AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`); without them requests go unsigned.
    pub async fn create(location: &str, key: KeySource) -> Result<Vault, VaultError> {
        let backend = location::connect(location, true)?;
        let store = backend.store;
        let manifest_path = Path::from(manifest::PATH);
        let exists = || VaultError::VaultExists {
            location: location.to_owned(),
        };
        match store.head(&manifest_path).await {
            Ok(_) => return Err(exists()),
            Err(object_store::Error::NotFound { .. }) => {}
            Err(error) => return Err(error.into()),
        }
        let (manifest, vault_key) = off_thread(move || Manifest::create(key)).await?;
        let json = manifest.to_json();
        let create = PutOptions {
            mode: PutMode::Create,
            ..PutOptions::default()
        };
        match store
            .put_opts(&manifest_path, json.clone().into(), create)
            .await
        {
            Ok(_) => {}
            Err(object_store::Error::AlreadyExists { .. }) => return Err(exists()),
            // A store without conditional writes: the check above has to do.
            Err(
                object_store::Error::NotImplemented { .. }
                | object_store::Error::NotSupported { .. },
            ) => {
                store.put(&manifest_path, json.into()).await?;
            }
            Err(error) => return Err(error.into()),
        }
        Ok(Self::with_keys(
            location,
            store,
            backend.local_root,
            Keys::derive(&vault_key),
        ))
    }

    /// Opens the vault at `location` (as for [`Vault::create`]). A key that is not this
    /// vault's is refused here ([`VaultError::WrongKey`]), before anything is decrypted.
    pub async fn open(location: &str, key: KeySource) -> Result<Vault, VaultError> {
        let backend = location::connect(location, false)?;
        let store = backend.store;
        let json = match store.get(&Path::from(manifest::PATH)).await {
            Ok(result) => result.bytes().await?,
            Err(object_store::Error::NotFound { .. }) => {
                return Err(VaultError::NoVault {
                    location: location.to_owned(),
                });
            }
            Err(error) => return Err(error.into()),
        };
        let manifest = Manifest::parse(&json, location)?;
        let named = location.to_owned();
        let vault_key = off_thread(move || manifest.unlock(key, &named)).await?;
        Ok(Self::with_keys(
            location,
            store,
            backend.local_root,
            Keys::derive(&vault_key),
        ))
    }

    fn with_keys(
        location: &str,
        store: Arc<dyn ObjectStore>,
        local_root: Option<PathBuf>,
        keys: Keys,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                location: location.to_owned(),
                store,
                local_root,
                keys,
            }),
        }
    }

    /// The location this vault was opened at, as given.
    pub fn location(&self) -> &str {
        &self.inner.location
    }

    /// Stores everything `reader` yields, hashing and encrypting it as it streams (memory
    /// stays flat whatever the size). If the vault already holds the same bytes, nothing
    /// new is kept and `deduplicated` is true. When this returns, the file is durably
    /// stored under its hash; if it fails or is cancelled, no file is stored (at most a
    /// temporary is left for [`Vault::sweep_temporaries`]).
    pub async fn ingest<R: AsyncRead + Unpin>(&self, reader: R) -> Result<Ingested, VaultError> {
        ingest::ingest(&self.inner.store, &self.inner.keys, reader).await
    }

    /// Whether a file with this hash is stored (without reading it; see
    /// [`Vault::verify`]).
    pub async fn contains(&self, hash: &ContentHash) -> Result<bool, VaultError> {
        match self
            .inner
            .store
            .head(&object_path(&self.inner.keys, hash))
            .await
        {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(error) => Err(error.into()),
        }
    }

    /// Opens a stored file for reading. Fails at once with [`VaultError::Missing`] if it
    /// is not stored, or [`VaultError::Corrupt`] if its header or trailer is damaged or
    /// belongs to another file; damage further in surfaces while reading.
    pub async fn open_read(&self, hash: &ContentHash) -> Result<VaultReader, VaultError> {
        let path = object_path(&self.inner.keys, hash);
        read::open(self.inner.store.as_ref(), &self.inner.keys, hash, &path).await
    }

    /// Reads a stored file through, decrypting, authenticating and re-hashing it.
    /// Errors are for the storage itself failing (unreachable, refused), not the file.
    pub async fn verify(&self, hash: &ContentHash) -> Result<Verdict, VaultError> {
        let path = object_path(&self.inner.keys, hash);
        read::check(self.inner.store.as_ref(), &self.inner.keys, hash, &path).await
    }

    /// Every stored file, from each object's authenticated header and trailer (a
    /// ranged read of a few bytes each; follow with [`Vault::verify`] to check the
    /// contents). An object that cannot be named this way — damaged, or not the
    /// vault's — is an [`VaultError::CorruptObject`] item, and the listing goes on.
    pub fn list(&self) -> BoxStream<'static, Result<Stored, VaultError>> {
        let vault = self.clone();
        self.inner
            .store
            .list(Some(&Path::from(OBJECTS_DIR)))
            .map_err(VaultError::from)
            .and_then(move |meta| {
                let vault = vault.clone();
                async move { vault.describe(meta).await }
            })
            .boxed()
    }

    /// A listed object's hash and size, checked against its name.
    async fn describe(&self, meta: ObjectMeta) -> Result<Stored, VaultError> {
        let object = meta.location.to_string();
        let corrupt = |detail: String| VaultError::CorruptObject {
            object: object.clone(),
            detail,
        };
        let name = parse_object_path(&object)
            .ok_or_else(|| corrupt("its name is not one this vault writes".into()))?;
        if meta.size < (format::HEADER_LEN + format::TRAILER_LEN) as u64 {
            return Err(corrupt(FormatError::Size.to_string()));
        }
        let ranges = [
            0..format::HEADER_LEN as u64,
            meta.size - format::TRAILER_LEN as u64..meta.size,
        ];
        let parts = self.inner.store.get_ranges(&meta.location, &ranges).await?;
        let cipher =
            format::open_header(&self.inner.keys, &parts[0]).map_err(|e| corrupt(e.to_string()))?;
        let layout = cipher
            .layout(meta.size)
            .map_err(|e| corrupt(e.to_string()))?;
        let (hash, size) = cipher
            .open_trailer(layout.data_segments, &parts[1])
            .map_err(|e| corrupt(e.to_string()))?;
        if self.inner.keys.object_name(&hash) != name {
            return Err(corrupt(FormatError::OtherFile(hash).to_string()));
        }
        if size != layout.plain_len {
            return Err(corrupt(FormatError::RecordedSize.to_string()));
        }
        Ok(Stored { hash, size })
    }

    /// Removes temporaries at least `older_than` old: what interrupted ingests left.
    /// Returns how many it removed. A temporary younger than that may belong to an
    /// ingest still running (here or in another process), so pass zero only when no
    /// ingest can be running. Interrupted multipart uploads to S3 are not objects and
    /// do not show here: give the bucket a lifecycle rule that aborts incomplete
    /// multipart uploads after a day.
    pub async fn sweep_temporaries(&self, older_than: Duration) -> Result<usize, VaultError> {
        let cutoff = SystemTime::now()
            .checked_sub(older_than)
            .unwrap_or(SystemTime::UNIX_EPOCH);
        if let Some(root) = &self.inner.local_root {
            // On a folder, object_store hides its own staged uploads (`name#1`) from
            // listings; sweep the folder itself so they go too.
            let dir = root.join(TEMP_DIR);
            return off_thread(move || sweep_folder(&dir, cutoff)).await;
        }
        let cutoff_ms = cutoff
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        let store = &self.inner.store;
        let mut old = store.list(Some(&Path::from(TEMP_DIR)));
        let mut removed = 0;
        while let Some(meta) = old.next().await {
            let meta = meta?;
            if meta.last_modified.timestamp_millis() > cutoff_ms {
                continue;
            }
            match store.delete(&meta.location).await {
                Ok(()) => removed += 1,
                Err(object_store::Error::NotFound { .. }) => {}
                Err(error) => return Err(error.into()),
            }
        }
        Ok(removed)
    }
}

/// Where the object for `hash` lives: `objects/ab/cd/abcd…`, the keyed name in hex.
fn object_path(keys: &Keys, hash: &ContentHash) -> Path {
    let name = data_encoding::HEXLOWER.encode(&keys.object_name(hash));
    Path::from(format!(
        "{OBJECTS_DIR}/{}/{}/{name}",
        &name[..2],
        &name[2..4]
    ))
}

/// The keyed name in an object path, if the path is one [`object_path`] makes.
fn parse_object_path(path: &str) -> Option<[u8; 32]> {
    let mut parts = path
        .strip_prefix(OBJECTS_DIR)?
        .strip_prefix('/')?
        .split('/');
    let (first, second, name) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !name.starts_with(first) || name[2..].get(..2) != Some(second) {
        return None;
    }
    if first.len() != 2 || name.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    data_encoding::HEXLOWER
        .decode(name.as_bytes())
        .ok()?
        .try_into()
        .ok()
}

/// Removes every file under `dir` last modified before `cutoff`, then the folders
/// left empty.
fn sweep_folder(dir: &std::path::Path, cutoff: SystemTime) -> Result<usize, VaultError> {
    let io_error = |error: std::io::Error| {
        VaultError::Storage(object_store::Error::Generic {
            store: "vault",
            source: Box::new(error),
        })
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(error) => return Err(io_error(error)),
    };
    let mut removed = 0;
    for entry in entries {
        let entry = entry.map_err(io_error)?;
        let kind = entry.file_type().map_err(io_error)?;
        if kind.is_dir() {
            removed += sweep_folder(&entry.path(), cutoff)?;
            let _ = std::fs::remove_dir(entry.path());
            continue;
        }
        let modified = entry
            .metadata()
            .and_then(|m| m.modified())
            .map_err(io_error)?;
        if modified <= cutoff {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => removed += 1,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => return Err(io_error(error)),
            }
        }
    }
    Ok(removed)
}

/// Runs key derivation and file-system sweeps off the async threads.
async fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, VaultError> + Send + 'static,
) -> Result<T, VaultError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result,
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        Err(error) => Err(VaultError::Storage(object_store::Error::Generic {
            store: "vault",
            source: Box::new(error),
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_paths_parse_back() {
        let keys = Keys::derive(&VaultKey::from_bytes([3; 32]));
        let hash = ContentHash::from_bytes([5; 32]);
        let path = object_path(&keys, &hash);
        assert_eq!(
            parse_object_path(path.as_ref()),
            Some(keys.object_name(&hash))
        );
        let name = data_encoding::HEXLOWER.encode(&keys.object_name(&hash));
        assert_eq!(parse_object_path(&format!("objects/{name}")), None);
        assert_eq!(parse_object_path(&format!("objects/00/00/{name}")), None);
        assert_eq!(
            parse_object_path(&format!("objects/{}/{}/{name}/x", &name[..2], &name[2..4])),
            None
        );
    }
}

//! Resumable uploads: a file that arrives in parts, over requests that may break off,
//! kept encrypted in the vault's storage until it is whole.
//!
//! Everything about an upload lives in the storage, never in one process's memory, so
//! any process holding the vault key can continue an upload another began (several
//! `memoria serve` behind a load balancer, or one restarted after a crash):
//!
//! ```text
//! uploads/<name>/info                    who may continue it, its length, the caller's
//!                                        metadata (sealed: it can name people)
//! uploads/<name>/part/<offset, 20 digits> each part as received, a sealed object in
//!                                        the format of a stored file (`format`)
//! uploads/<name>/claim                   a process is ingesting the whole file
//! uploads/<name>/finished                what the caller made of it (sealed)
//! ```
//!
//! `<name>` is a keyed hash of the upload's id, so the storage does not show the ids
//! clients continue uploads with. The upload's offset is where the chain of parts from
//! byte 0 ends; part sizes follow from object sizes, so finding it is one listing. A
//! part goes to a temporary first and is then renamed to its offset's name only if no
//! part has that name yet: of two requests sending the same stretch, the first to
//! finish wins and the other is told where the upload now stands. (On S3 that rename is
//! race-free only with `copy_if_not_exists` configured; without it a look-then-copy
//! leaves a small window, as for ingests.) A part cut short by a broken connection is
//! kept as far as it came, which is what lets a client resume where it broke off.
//!
//! When every byte is there, [`Vault::upload_reader`] reads the parts back in order,
//! each chunk authenticated, for the caller to stream into [`Vault::ingest`] like any
//! other file; [`Vault::finish_upload`] then records the outcome and deletes the parts.
//! [`Vault::sweep_uploads`] removes uploads left alone too long.
//!
//! What this module does not do: know who the owner is (an opaque string the caller
//! checks), or what the metadata means.

use std::collections::BTreeMap;
use std::io;
use std::pin::Pin;
use std::str::FromStr;
use std::task::{Context, Poll, ready};
use std::time::{Duration, SystemTime};

use bytes::{Buf, Bytes};
use futures_util::stream::{BoxStream, StreamExt, TryStreamExt};
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutOptions};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncRead, ReadBuf};

use crate::format::{self, CHUNK_LOG2};
use crate::{Vault, VaultError, ingest, read};

const UPLOADS_DIR: &str = "uploads";
const INFO_VERSION: u32 = 1;
/// A claim older than this belongs to a process that stopped while ingesting; another
/// may take it over. The process ingesting renews its claim well within it
/// ([`Vault::renew_claim`]).
const CLAIM_STALE: Duration = Duration::from_secs(15 * 60);

/// An upload's id: 128 random bits, written as 32 lowercase hexadecimal digits. It is
/// what a client continues an upload with, so it is never derived from anything.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct UploadId([u8; 16]);

impl UploadId {
    fn random() -> UploadId {
        UploadId(crate::key::random())
    }
}

impl std::fmt::Display for UploadId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&data_encoding::HEXLOWER.encode(&self.0))
    }
}

impl std::fmt::Debug for UploadId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "UploadId({self})")
    }
}

/// Text that is not an upload id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an upload id is 32 lowercase hexadecimal digits")]
pub struct ParseUploadIdError;

impl FromStr for UploadId {
    type Err = ParseUploadIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() != 32 || !s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(ParseUploadIdError);
        }
        let bytes = data_encoding::HEXLOWER
            .decode(s.as_bytes())
            .map_err(|_| ParseUploadIdError)?;
        Ok(UploadId(bytes.try_into().map_err(|_| ParseUploadIdError)?))
    }
}

/// Where an upload stands, as read from the storage.
#[derive(Clone)]
pub struct Upload {
    pub id: UploadId,
    /// Who may continue it: the caller's opaque name for an account.
    pub owner: String,
    /// The whole file's size, fixed when the upload was created.
    pub length: u64,
    /// The caller's description of the file (it can name people: never log it).
    pub metadata: BTreeMap<String, String>,
    /// How many bytes from the start have arrived.
    pub offset: u64,
    /// What the caller recorded with [`Vault::finish_upload`] once it had taken the file.
    pub finished: Option<String>,
    folder: Path,
    parts: Vec<Part>,
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upload")
            .field("id", &self.id)
            .field("length", &self.length)
            .field("offset", &self.offset)
            .field("finished", &self.finished.is_some())
            .finish_non_exhaustive()
    }
}

impl Upload {
    /// Every byte has arrived.
    pub fn is_complete(&self) -> bool {
        self.offset == self.length
    }
}

#[derive(Clone, Debug)]
struct Part {
    path: Path,
    len: u64,
}

#[derive(Serialize, Deserialize)]
struct Info {
    v: u32,
    /// The id again: an info object copied into another upload's folder is refused.
    id: String,
    owner: String,
    length: u64,
    metadata: BTreeMap<String, String>,
}

#[derive(Serialize, Deserialize)]
struct Finished {
    id: String,
    result: String,
}

impl Vault {
    /// Begins an upload of a file of `length` bytes, which only `owner` may continue.
    pub async fn create_upload(
        &self,
        owner: &str,
        length: u64,
        metadata: BTreeMap<String, String>,
    ) -> Result<Upload, VaultError> {
        if length > format::max_plain_len(1 << CHUNK_LOG2) {
            return Err(VaultError::TooLarge);
        }
        let id = UploadId::random();
        let info = Info {
            v: INFO_VERSION,
            id: id.to_string(),
            owner: owner.to_owned(),
            length,
            metadata,
        };
        let folder = self.upload_folder(&id);
        let json = serde_json::to_vec(&info).expect("serialisable");
        let sealed = format::seal_small(&self.inner.keys, &json);
        self.put_new(&folder.clone().join("info"), sealed).await?;
        Ok(Upload {
            id,
            owner: info.owner,
            length,
            metadata: info.metadata,
            offset: 0,
            finished: None,
            folder,
            parts: Vec::new(),
        })
    }

    /// The upload `id`, or `None` if there is none (never created, deleted, or swept).
    pub async fn upload(&self, id: &UploadId) -> Result<Option<Upload>, VaultError> {
        let folder = self.upload_folder(id);
        let info_path = folder.clone().join("info");
        let sealed = match self.inner.store.get(&info_path).await {
            Ok(result) => result.bytes().await?,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(error) => return Err(error.into()),
        };
        let info: Info = self.open_sealed(&info_path, &sealed)?;
        if info.id != id.to_string() || info.v != INFO_VERSION {
            return Err(corrupt(&info_path, "it belongs to another upload"));
        }
        let finished_path = folder.clone().join("finished");
        let finished = match self.inner.store.get(&finished_path).await {
            Ok(result) => {
                let sealed = result.bytes().await?;
                let finished: Finished = self.open_sealed(&finished_path, &sealed)?;
                if finished.id != info.id {
                    return Err(corrupt(&finished_path, "it belongs to another upload"));
                }
                Some(finished.result)
            }
            Err(object_store::Error::NotFound { .. }) => None,
            Err(error) => return Err(error.into()),
        };
        let (offset, parts) = if finished.is_some() {
            (info.length, Vec::new())
        } else {
            self.chain(&folder).await?
        };
        if offset > info.length {
            return Err(corrupt(&folder, "its parts hold more than its length"));
        }
        Ok(Some(Upload {
            id: *id,
            owner: info.owner,
            length: info.length,
            metadata: info.metadata,
            offset,
            finished,
            folder,
            parts,
        }))
    }

    /// Appends what `reader` yields to `upload` at `offset`, which must be where the
    /// upload stands ([`VaultError::UploadOffset`] otherwise, also when another request
    /// stored a part there first). Returns the new offset.
    ///
    /// `reader` ending early is not an error: what came is kept, and the client sends
    /// the rest later. `reader` failing keeps nothing, and so does a part that would run
    /// past the upload's length ([`VaultError::UploadTooLong`]). Give readers of
    /// network requests an end rather than an error when the connection breaks.
    pub async fn append_upload<R: AsyncRead + Unpin>(
        &self,
        upload: &Upload,
        offset: u64,
        reader: R,
    ) -> Result<u64, VaultError> {
        if upload.finished.is_some() || offset != upload.offset {
            return Err(VaultError::UploadOffset {
                offset: upload.offset,
            });
        }
        let limited = Limit {
            inner: reader,
            room: upload.length - offset,
        };
        let store = &self.inner.store;
        let (temp, _, size) = match ingest::write_object(store, &self.inner.keys, limited).await {
            Ok(written) => written,
            Err(VaultError::Input(e)) if e.get_ref().is_some_and(|e| e.is::<PastLength>()) => {
                return Err(VaultError::UploadTooLong {
                    length: upload.length,
                });
            }
            Err(error) => return Err(error),
        };
        if size == 0 {
            let _ = store.delete(&temp).await;
            return Ok(offset);
        }
        let target = part_path(&upload.folder, offset);
        let taken = match store.rename_if_not_exists(&temp, &target).await {
            Ok(()) => false,
            Err(object_store::Error::AlreadyExists { .. }) => true,
            Err(
                object_store::Error::NotSupported { .. }
                | object_store::Error::NotImplemented { .. },
            ) => match store.head(&target).await {
                Ok(_) => true,
                Err(object_store::Error::NotFound { .. }) => {
                    store.copy(&temp, &target).await?;
                    let _ = store.delete(&temp).await;
                    false
                }
                Err(error) => {
                    let _ = store.delete(&temp).await;
                    return Err(error.into());
                }
            },
            Err(error) => {
                let _ = store.delete(&temp).await;
                return Err(error.into());
            }
        };
        if taken {
            let _ = store.delete(&temp).await;
            let now = self
                .chain(&upload.folder)
                .await
                .map_or(upload.offset, |c| c.0);
            return Err(VaultError::UploadOffset { offset: now });
        }
        Ok(offset + size)
    }

    /// The whole file of a complete upload, read back part after part, every chunk
    /// authenticated, for [`Vault::ingest`]: memory stays flat whatever its size.
    pub fn upload_reader(&self, upload: &Upload) -> Result<UploadReader, VaultError> {
        if !upload.is_complete() || upload.finished.is_some() {
            return Err(VaultError::UploadIncomplete {
                offset: upload.offset,
                length: upload.length,
            });
        }
        let vault = self.clone();
        let stream = futures_util::stream::iter(upload.parts.clone())
            .then(move |part| {
                let vault = vault.clone();
                async move {
                    let reader = read::open_object(
                        vault.inner.store.as_ref(),
                        &vault.inner.keys,
                        None,
                        &part.path,
                    )
                    .await
                    .map_err(io::Error::other)?;
                    if reader.size() != part.len {
                        return Err(io::Error::other(corrupt(
                            &part.path,
                            "its recorded size does not match its length",
                        )));
                    }
                    Ok(futures_util::stream::try_unfold(
                        reader,
                        |mut r| async move { Ok(r.chunk().await?.map(|c| (c, r))) },
                    ))
                }
            })
            .try_flatten()
            .boxed();
        Ok(UploadReader {
            stream,
            current: Bytes::new(),
            expected: upload.length,
            read: 0,
        })
    }

    /// Marks a complete upload as being taken in by this caller, so that two processes
    /// never both make a record of it. `false`: another holds a recent claim.
    pub async fn claim_upload(&self, upload: &Upload) -> Result<bool, VaultError> {
        let path = upload.folder.clone().join("claim");
        let store = &self.inner.store;
        let create = PutOptions {
            mode: PutMode::Create,
            ..PutOptions::default()
        };
        match store.put_opts(&path, Bytes::new().into(), create).await {
            Ok(_) => return Ok(true),
            Err(
                object_store::Error::AlreadyExists { .. }
                | object_store::Error::NotImplemented { .. }
                | object_store::Error::NotSupported { .. },
            ) => {}
            Err(error) => return Err(error.into()),
        }
        match store.head(&path).await {
            Ok(meta) => {
                let age = SystemTime::now()
                    .duration_since(SystemTime::from(meta.last_modified))
                    .unwrap_or_default();
                if age < CLAIM_STALE {
                    return Ok(false);
                }
            }
            Err(object_store::Error::NotFound { .. }) => {}
            Err(error) => return Err(error.into()),
        }
        store.put(&path, Bytes::new().into()).await?;
        Ok(true)
    }

    /// Renews a claim while the file is being taken in: a claim not renewed for a
    /// quarter of an hour is taken for one whose process stopped.
    pub async fn renew_claim(&self, upload: &Upload) -> Result<(), VaultError> {
        self.inner
            .store
            .put(&upload.folder.clone().join("claim"), Bytes::new().into())
            .await?;
        Ok(())
    }

    /// Gives up a claim (the file could not be taken in), so that a later try may.
    pub async fn release_upload(&self, upload: &Upload) -> Result<(), VaultError> {
        match self
            .inner
            .store
            .delete(&upload.folder.clone().join("claim"))
            .await
        {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(error.into()),
        }
    }

    /// Records what became of a complete upload (`result`, e.g. the record made of it)
    /// and deletes its parts. The upload itself stays, answering where it stands with
    /// `result`, until swept.
    pub async fn finish_upload(&self, upload: &Upload, result: &str) -> Result<(), VaultError> {
        let finished = Finished {
            id: upload.id.to_string(),
            result: result.to_owned(),
        };
        let json = serde_json::to_vec(&finished).expect("serialisable");
        let sealed = format::seal_small(&self.inner.keys, &json);
        self.inner
            .store
            .put(&upload.folder.clone().join("finished"), sealed.into())
            .await?;
        for part in &upload.parts {
            match self.inner.store.delete(&part.path).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(error) => return Err(error.into()),
            }
        }
        self.release_upload(upload).await
    }

    /// Deletes an upload and everything received for it.
    pub async fn delete_upload(&self, upload: &Upload) -> Result<(), VaultError> {
        delete_all(self.inner.store.as_ref(), &upload.folder).await
    }

    /// Deletes every upload nothing has been written to for `older_than`, finished or
    /// not; returns how many. A part still arriving is a temporary until it is whole,
    /// so pass at least the longest a request may take.
    pub async fn sweep_uploads(&self, older_than: Duration) -> Result<usize, VaultError> {
        let cutoff = SystemTime::now()
            .checked_sub(older_than)
            .unwrap_or(SystemTime::UNIX_EPOCH);
        let mut newest: BTreeMap<String, SystemTime> = BTreeMap::new();
        let mut listing = self.inner.store.list(Some(&Path::from(UPLOADS_DIR)));
        while let Some(meta) = listing.next().await {
            let meta = meta?;
            let Some(name) = meta.location.parts().nth(1) else {
                continue;
            };
            let at = SystemTime::from(meta.last_modified);
            let entry = newest
                .entry(name.as_ref().to_owned())
                .or_insert(SystemTime::UNIX_EPOCH);
            *entry = (*entry).max(at);
        }
        let mut removed = 0;
        for (name, at) in newest {
            if at <= cutoff {
                let folder = Path::from(UPLOADS_DIR).join(name.as_str());
                delete_all(self.inner.store.as_ref(), &folder).await?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    fn upload_folder(&self, id: &UploadId) -> Path {
        let name = data_encoding::HEXLOWER.encode(&self.inner.keys.upload_name(&id.0));
        Path::from(UPLOADS_DIR).join(name.as_str())
    }

    /// The parts that follow each other from byte 0, and where they end. Parts off
    /// that chain (none, unless the storage renames without a condition) are ignored.
    async fn chain(&self, folder: &Path) -> Result<(u64, Vec<Part>), VaultError> {
        let mut found = BTreeMap::new();
        let mut listing = self.inner.store.list(Some(&folder.clone().join("part")));
        while let Some(meta) = listing.next().await {
            let meta = meta?;
            let Some(offset) = meta
                .location
                .filename()
                .filter(|n| n.len() == 20)
                .and_then(|n| n.parse::<u64>().ok())
            else {
                continue;
            };
            let layout = format::layout(meta.size, 1 << CHUNK_LOG2)
                .map_err(|e| corrupt(&meta.location, &e.to_string()))?;
            found.insert(
                offset,
                Part {
                    path: meta.location,
                    len: layout.plain_len,
                },
            );
        }
        let mut offset = 0u64;
        let mut parts = Vec::new();
        while let Some(part) = found.remove(&offset) {
            offset += part.len;
            parts.push(part);
        }
        Ok((offset, parts))
    }

    fn open_sealed<T: for<'de> Deserialize<'de>>(
        &self,
        path: &Path,
        sealed: &[u8],
    ) -> Result<T, VaultError> {
        let plain = format::open_small(&self.inner.keys, sealed)
            .map_err(|e| corrupt(path, &e.to_string()))?;
        serde_json::from_slice(&plain).map_err(|_| corrupt(path, "its contents do not parse"))
    }

    /// Writes a new object, refusing to replace one (where the storage can refuse).
    async fn put_new(&self, path: &Path, bytes: Vec<u8>) -> Result<(), VaultError> {
        let create = PutOptions {
            mode: PutMode::Create,
            ..PutOptions::default()
        };
        let store = &self.inner.store;
        match store.put_opts(path, bytes.clone().into(), create).await {
            Ok(_) => Ok(()),
            Err(
                object_store::Error::NotImplemented { .. }
                | object_store::Error::NotSupported { .. },
            ) => {
                store.put(path, bytes.into()).await?;
                Ok(())
            }
            Err(error) => Err(error.into()),
        }
    }
}

fn part_path(folder: &Path, offset: u64) -> Path {
    folder
        .clone()
        .join("part")
        .join(format!("{offset:020}").as_str())
}

fn corrupt(path: &Path, detail: &str) -> VaultError {
    VaultError::CorruptObject {
        object: path.to_string(),
        detail: detail.to_owned(),
    }
}

async fn delete_all(store: &dyn ObjectStore, folder: &Path) -> Result<(), VaultError> {
    let objects: Vec<Path> = store
        .list(Some(folder))
        .map_ok(|meta| meta.location)
        .try_collect()
        .await?;
    for path in objects {
        match store.delete(&path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
            Err(error) => return Err(error.into()),
        }
    }
    Ok(())
}

/// Why a part was refused: it ran past the upload's length.
#[derive(Debug)]
struct PastLength;

impl std::fmt::Display for PastLength {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the part runs past the upload's length")
    }
}

impl std::error::Error for PastLength {}

/// A reader that fails once it has yielded more than `room` bytes.
struct Limit<R> {
    inner: R,
    room: u64,
}

impl<R: AsyncRead + Unpin> AsyncRead for Limit<R> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        ready!(Pin::new(&mut self.inner).poll_read(cx, buf))?;
        let read = (buf.filled().len() - before) as u64;
        if read > self.room {
            return Poll::Ready(Err(io::Error::other(PastLength)));
        }
        self.room -= read;
        Poll::Ready(Ok(()))
    }
}

/// A complete upload's file, as [`Vault::upload_reader`] reads it back.
pub struct UploadReader {
    stream: BoxStream<'static, io::Result<Bytes>>,
    current: Bytes,
    expected: u64,
    read: u64,
}

impl std::fmt::Debug for UploadReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadReader")
            .field("expected", &self.expected)
            .field("read", &self.read)
            .finish_non_exhaustive()
    }
}

impl AsyncRead for UploadReader {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        while this.current.is_empty() {
            match ready!(this.stream.poll_next_unpin(cx)) {
                Some(Ok(chunk)) => this.current = chunk,
                Some(Err(error)) => return Poll::Ready(Err(error)),
                None if this.read == this.expected => return Poll::Ready(Ok(())),
                None => {
                    return Poll::Ready(Err(io::Error::other(VaultError::UploadIncomplete {
                        offset: this.read,
                        length: this.expected,
                    })));
                }
            }
        }
        let n = this.current.len().min(buf.remaining());
        buf.put_slice(&this.current[..n]);
        this.current.advance(n);
        this.read += n as u64;
        Poll::Ready(Ok(()))
    }
}

//! Storing a file: hash, encrypt and upload as its bytes stream in.
//!
//! Three stages run at once, so hashing and encryption each get a core while the
//! caller's task reads and uploads:
//!
//! ```text
//! caller's task: read 1 MiB blocks ──► hashing thread (SHA-256)
//!                        └───────────► sealing thread (STREAM) ──► caller's task: upload
//! ```
//!
//! Blocks travel as reference-counted `Bytes`, so both threads see each block without a
//! copy, and every queue is bounded: memory stays flat whatever the file's size (a few
//! blocks per queue plus object_store's part buffers, about 40 MiB at most). The object
//! goes to a temporary name first; only once it is complete, and its hash known, is it
//! moved to its final name — so an interrupted ingest leaves at most a temporary for
//! [`crate::Vault::sweep_temporaries`], never a partial object under a final name.

use std::io;
use std::sync::Arc;

use bytes::{BufMut, Bytes, BytesMut};
use object_store::buffered::BufWriter;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::format::{self, TAG_LEN};
use crate::key::Keys;
use crate::{ContentHash, Ingested, VaultError, Verdict, object_path, read};

/// What one read fills. A multiple of the chunk size, so every block but the last
/// splits into whole chunks.
const BLOCK_LEN: usize = 1 << 20;
/// Blocks waiting at each stage.
const QUEUE_LEN: usize = 4;
/// Multipart part size: above S3's 5 MiB minimum; a file smaller than this is uploaded
/// in one request.
const PART_LEN: usize = 8 << 20;
/// Parts uploading at once.
const UPLOADS: usize = 2;

pub(crate) async fn ingest<R: AsyncRead + Unpin>(
    store: &Arc<dyn ObjectStore>,
    keys: &Keys,
    reader: R,
) -> Result<Ingested, VaultError> {
    let (temp, hash, size) = write_object(store, keys, reader).await?;
    let target = object_path(keys, &hash);
    let deduplicated = match finalise(store.as_ref(), keys, &hash, &temp, &target).await {
        Ok(deduplicated) => deduplicated,
        Err(error) => {
            let _ = store.delete(&temp).await;
            return Err(error);
        }
    };
    Ok(Ingested {
        hash,
        size,
        deduplicated,
    })
}

/// Writes everything `reader` yields as one complete object under a new temporary
/// name: that name, the file's hash and its size. On failure nothing is left but what
/// [`crate::Vault::sweep_temporaries`] removes.
pub(crate) async fn write_object<R: AsyncRead + Unpin>(
    store: &Arc<dyn ObjectStore>,
    keys: &Keys,
    mut reader: R,
) -> Result<(Path, ContentHash, u64), VaultError> {
    let temp = Path::from(format!(
        "{}/{}",
        crate::TEMP_DIR,
        data_encoding::HEXLOWER.encode(&crate::key::random::<16>())
    ));
    let mut writer = BufWriter::with_capacity(Arc::clone(store), temp.clone(), PART_LEN)
        .with_max_concurrency(UPLOADS);

    match write_temporary(keys, &mut reader, &mut writer).await {
        Ok((hash, size)) => Ok((temp, hash, size)),
        Err(Failure::BeforeShutdown(error)) => {
            // Best effort: a crash here is what sweep_temporaries is for.
            let _ = writer.abort().await;
            Err(error)
        }
        Err(Failure::AtShutdown(error)) => {
            let _ = store.delete(&temp).await;
            Err(error)
        }
    }
}

enum Failure {
    /// The upload may be under way: abort it.
    BeforeShutdown(VaultError),
    /// The writer is spent: delete whatever it left.
    AtShutdown(VaultError),
}

/// Writes the whole object under the temporary name; returns the file's hash and size.
async fn write_temporary<R: AsyncRead + Unpin>(
    keys: &Keys,
    reader: &mut R,
    writer: &mut BufWriter,
) -> Result<(ContentHash, u64), Failure> {
    let (header, cipher) = format::new_object(keys);
    let chunk_len = cipher.chunk_len();
    let max_len = format::max_plain_len(chunk_len);

    let (to_hasher, mut hasher_in) = mpsc::channel::<Bytes>(QUEUE_LEN);
    let (to_sealer, mut sealer_in) = mpsc::channel::<Bytes>(QUEUE_LEN);
    let (sealed_out, mut sealed) = mpsc::channel::<Bytes>(QUEUE_LEN);

    let hasher = tokio::task::spawn_blocking(move || {
        let mut sha = Sha256::new();
        while let Some(block) = hasher_in.blocking_recv() {
            sha.update(&block);
        }
        ContentHash::from_bytes(sha.finalize().into())
    });
    let sealer = tokio::task::spawn_blocking(move || {
        let mut position = 0u32;
        while let Some(block) = sealer_in.blocking_recv() {
            let chunks = block.len().div_ceil(chunk_len);
            let mut out = Vec::with_capacity(block.len() + chunks * TAG_LEN);
            for chunk in block.chunks(chunk_len) {
                cipher.seal_data(position, chunk, &mut out);
                // The feed stops before the counter could wrap (max_plain_len).
                position += 1;
            }
            if sealed_out.blocking_send(Bytes::from(out)).is_err() {
                break;
            }
        }
        (cipher, position)
    });

    let feed = async move {
        let mut size = 0u64;
        loop {
            let block = read_block(reader).await.map_err(VaultError::Input)?;
            if block.is_empty() {
                break;
            }
            size += block.len() as u64;
            if size > max_len {
                return Err(VaultError::TooLarge);
            }
            let end = block.len() < BLOCK_LEN;
            // A stage that stopped early panicked; that is reported below.
            if to_hasher.send(block.clone()).await.is_err() || to_sealer.send(block).await.is_err()
            {
                break;
            }
            if end {
                break;
            }
        }
        // Dropping the senders here tells both threads the file has ended.
        Ok(size)
    };
    // Owns the receiver, so that if this future is dropped the sealing thread's
    // sends fail and it stops, rather than waiting for room that never comes.
    let upload = &mut *writer;
    let drain = async move {
        upload.put(Bytes::copy_from_slice(&header)).await?;
        while let Some(block) = sealed.recv().await {
            upload.put(block).await?;
        }
        Ok::<_, VaultError>(())
    };
    let fed = tokio::try_join!(feed, drain);

    let hashed = join(hasher).await;
    let sealed = join(sealer).await;
    let (size, ()) = fed.map_err(Failure::BeforeShutdown)?;
    let (hash, (cipher, segments)) = (hashed?, sealed?);

    let trailer = cipher.seal_trailer(segments, &hash, size);
    writer
        .put(Bytes::from(trailer))
        .await
        .map_err(|e| Failure::BeforeShutdown(e.into()))?;
    writer
        .shutdown()
        .await
        .map_err(|e| Failure::AtShutdown(storage_error(e)))?;
    Ok((hash, size))
}

/// Moves the finished temporary to its final name; returns whether the file was
/// already stored. An object already under that name (the same file, stored before)
/// is read through first: if it is intact the temporary is dropped, and if it is
/// damaged the new object takes its place — so storing a file again repairs it.
async fn finalise(
    store: &dyn ObjectStore,
    keys: &Keys,
    hash: &ContentHash,
    temp: &Path,
    target: &Path,
) -> Result<bool, VaultError> {
    match store.rename_if_not_exists(temp, target).await {
        Ok(()) => return Ok(false),
        Err(object_store::Error::AlreadyExists { .. }) => {}
        // S3 without a configured copy-if-not-exists: look, then copy. Two ingests of
        // the same file racing here both write a complete object of it, one after the
        // other; never a partial one.
        Err(
            object_store::Error::NotSupported { .. } | object_store::Error::NotImplemented { .. },
        ) => match store.head(target).await {
            Ok(_) => {}
            Err(object_store::Error::NotFound { .. }) => {
                store.copy(temp, target).await?;
                // Left behind, it is only a temporary for sweep_temporaries.
                let _ = store.delete(temp).await;
                return Ok(false);
            }
            Err(error) => return Err(error.into()),
        },
        Err(error) => return Err(error.into()),
    }
    if matches!(
        read::check(store, keys, hash, target).await?,
        Verdict::Intact { .. }
    ) {
        let _ = store.delete(temp).await;
        return Ok(true);
    }
    store.rename(temp, target).await?;
    Ok(false)
}

/// Reads until a block is full or the input ends; a short block is the last.
async fn read_block<R: AsyncRead + Unpin>(reader: &mut R) -> io::Result<Bytes> {
    let mut block = BytesMut::with_capacity(BLOCK_LEN);
    while block.len() < BLOCK_LEN {
        let room = BLOCK_LEN - block.len();
        if reader.read_buf(&mut (&mut block).limit(room)).await? == 0 {
            break;
        }
    }
    Ok(block.freeze())
}

/// A stage's result; a panic in it is the caller's panic.
async fn join<T>(handle: JoinHandle<T>) -> Result<T, Failure> {
    match handle.await {
        Ok(value) => Ok(value),
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        Err(error) => Err(Failure::BeforeShutdown(VaultError::Storage(
            object_store::Error::Generic {
                store: "vault",
                source: Box::new(error),
            },
        ))),
    }
}

/// object_store's `BufWriter` reports through `io::Error`; give it back its kind.
fn storage_error(error: io::Error) -> VaultError {
    match error.downcast::<object_store::Error>() {
        Ok(error) => VaultError::Storage(error),
        Err(error) => VaultError::Storage(object_store::Error::Generic {
            store: "vault",
            source: Box::new(error),
        }),
    }
}

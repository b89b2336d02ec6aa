//! Reading a file back: [`VaultReader`], which authenticates every chunk before it
//! hands out a byte of it.

use std::io::{self, Read, Seek, SeekFrom};
use std::ops::Range;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::{Buf, Bytes, BytesMut};
use futures_util::stream::{BoxStream, StreamExt};
use object_store::path::Path;
use object_store::{GetOptions, GetRange, GetResultPayload, ObjectStore, ObjectStoreExt};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncRead, ReadBuf};

use crate::format::{self, FormatError, HEADER_LEN, Layout, ObjectCipher, TRAILER_LEN};
use crate::key::Keys;
use crate::{ContentHash, VaultError, Verdict};

/// The plaintext of one stored file, as an [`AsyncRead`].
///
/// Each 64 KiB chunk is decrypted and authenticated before any of it is returned, and
/// at the end the SHA-256 of everything read is compared with the hash asked for. A
/// damaged, cut or swapped object is an `io::Error` whose inner error is a
/// [`VaultError::Corrupt`] naming the hash (see [`VaultError::from_io`]); bytes already
/// returned are authentic but the file is incomplete. Reading to the end without an
/// error means the whole file came back exactly as it was stored.
pub struct VaultReader {
    hash: ContentHash,
    body: BoxStream<'static, object_store::Result<Bytes>>,
    cipher: ObjectCipher,
    layout: Layout,
    /// The next data segment to open.
    position: u32,
    /// Ciphertext received but not yet opened.
    pending: BytesMut,
    /// Plaintext opened but not yet read.
    plain: Bytes,
    sha: Sha256,
    state: State,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Reading,
    Done,
    Failed,
}

impl std::fmt::Debug for VaultReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VaultReader")
            .field("hash", &self.hash)
            .field("size", &self.layout.plain_len)
            .finish_non_exhaustive()
    }
}

/// How often an open starts again when the object changes between its requests (only
/// two ingests of the same file racing on S3 do that).
const ATTEMPTS: usize = 3;

/// Opens the object at `path`, which should hold the file `hash`: reads its size, then
/// its trailer, then streams header and body, all pinned to one version of the object.
pub(crate) async fn open(
    store: &dyn ObjectStore,
    keys: &Keys,
    hash: &ContentHash,
    path: &Path,
) -> Result<VaultReader, VaultError> {
    open_object(store, keys, Some(hash), path).await
}

/// Opens the object at `path` as [`open`] does; with `expected` `None`, whatever file
/// its authenticated trailer names (a part of an upload, which has no address of its
/// own), and damage is named by the object's path.
pub(crate) async fn open_object(
    store: &dyn ObjectStore,
    keys: &Keys,
    expected: Option<&ContentHash>,
    path: &Path,
) -> Result<VaultReader, VaultError> {
    let corrupt = |error: FormatError| match expected {
        Some(hash) => VaultError::Corrupt {
            hash: *hash,
            detail: error.to_string(),
        },
        None => VaultError::CorruptObject {
            object: path.to_string(),
            detail: error.to_string(),
        },
    };
    let missing = || match expected {
        Some(hash) => VaultError::Missing(*hash),
        None => VaultError::CorruptObject {
            object: path.to_string(),
            detail: "it is missing".into(),
        },
    };
    let mut attempt = 0;
    loop {
        attempt += 1;
        let meta = match store.head(path).await {
            Ok(meta) => meta,
            Err(object_store::Error::NotFound { .. }) => return Err(missing()),
            Err(error) => return Err(error.into()),
        };
        if meta.size < (HEADER_LEN + TRAILER_LEN) as u64 {
            return Err(corrupt(FormatError::Size));
        }
        let body_end = meta.size - TRAILER_LEN as u64;
        let pinned = |range: std::ops::Range<u64>| GetOptions {
            range: Some(GetRange::Bounded(range)),
            if_match: meta.e_tag.clone(),
            ..GetOptions::default()
        };
        let fetched = async {
            let trailer = store
                .get_opts(path, pinned(body_end..meta.size))
                .await?
                .bytes()
                .await?;
            let body = store.get_opts(path, pinned(0..body_end)).await?;
            let body = match body.payload {
                GetResultPayload::File(file, _) => file_stream(file, body.range),
                GetResultPayload::Stream(stream) => stream,
            };
            Ok::<_, object_store::Error>((trailer, body))
        };
        let (trailer, mut body) = match fetched.await {
            Ok(fetched) => fetched,
            Err(
                object_store::Error::Precondition { .. } | object_store::Error::NotFound { .. },
            ) if attempt < ATTEMPTS => {
                continue;
            }
            Err(object_store::Error::NotFound { .. }) => return Err(missing()),
            Err(error) => return Err(error.into()),
        };

        let mut pending = BytesMut::new();
        while pending.len() < HEADER_LEN {
            match body.next().await {
                Some(Ok(bytes)) => pending.extend_from_slice(&bytes),
                Some(Err(error)) => return Err(error.into()),
                None => return Err(corrupt(FormatError::Truncated)),
            }
        }
        let cipher = format::open_header(keys, &pending[..HEADER_LEN]).map_err(corrupt)?;
        pending.advance(HEADER_LEN);
        let layout = cipher.layout(meta.size).map_err(corrupt)?;
        let (recorded, size) = cipher
            .open_trailer(layout.data_segments, &trailer)
            .map_err(corrupt)?;
        if expected.is_some_and(|hash| recorded != *hash) {
            return Err(corrupt(FormatError::OtherFile(recorded)));
        }
        if size != layout.plain_len {
            return Err(corrupt(FormatError::RecordedSize));
        }
        return Ok(VaultReader {
            hash: recorded,
            body,
            cipher,
            layout,
            position: 0,
            pending,
            plain: Bytes::new(),
            sha: Sha256::new(),
            state: State::Reading,
        });
    }
}

/// A range of a local file in 1 MiB reads, off the async threads. (object_store's own
/// stream reads 8 KiB at a time, each on a blocking thread: slow for large evidence.)
fn file_stream(
    file: std::fs::File,
    range: Range<u64>,
) -> BoxStream<'static, object_store::Result<Bytes>> {
    const READ_LEN: u64 = 1 << 20;
    let state = (file, range.start, range.end);
    futures_util::stream::try_unfold(state, |(mut file, at, end)| async move {
        if at >= end {
            return Ok(None);
        }
        let read = tokio::task::spawn_blocking(move || {
            let len = READ_LEN.min(end - at);
            file.seek(SeekFrom::Start(at))?;
            let mut block = Vec::with_capacity(len as usize);
            (&mut file).take(len).read_to_end(&mut block)?;
            Ok::<_, io::Error>((file, block))
        })
        .await;
        let (file, block) = match read {
            Ok(Ok(read)) => read,
            Ok(Err(error)) => return Err(local_error(error)),
            Err(error) => return Err(local_error(io::Error::other(error))),
        };
        if block.is_empty() {
            // The file is shorter than it was: the reader reports it cut short.
            return Ok(None);
        }
        let next = at + block.len() as u64;
        Ok(Some((Bytes::from(block), (file, next, end))))
    })
    .boxed()
}

fn local_error(error: io::Error) -> object_store::Error {
    object_store::Error::Generic {
        store: "LocalFileSystem",
        source: Box::new(error),
    }
}

/// Reads the object at `path` through: what [`crate::Vault::verify`] reports.
pub(crate) async fn check(
    store: &dyn ObjectStore,
    keys: &Keys,
    hash: &ContentHash,
    path: &Path,
) -> Result<Verdict, VaultError> {
    let mut reader = match open(store, keys, hash, path).await {
        Ok(reader) => reader,
        Err(VaultError::Missing(_)) => return Ok(Verdict::Missing),
        Err(VaultError::Corrupt { detail, .. }) => return Ok(Verdict::Corrupt { detail }),
        Err(error) => return Err(error),
    };
    loop {
        match reader.chunk().await {
            Ok(Some(_)) => {}
            Ok(None) => {
                return Ok(Verdict::Intact {
                    size: reader.size(),
                });
            }
            Err(error) => {
                return match error.downcast::<VaultError>() {
                    Ok(VaultError::Corrupt { detail, .. }) => Ok(Verdict::Corrupt { detail }),
                    Ok(error) => Err(error),
                    Err(error) => Err(VaultError::Storage(object_store::Error::Generic {
                        store: "vault",
                        source: Box::new(error),
                    })),
                };
            }
        }
    }
}

impl VaultReader {
    /// The hash of the file being read.
    pub fn hash(&self) -> &ContentHash {
        &self.hash
    }

    /// The file's size in bytes, as recorded in its authenticated trailer.
    pub fn size(&self) -> u64 {
        self.layout.plain_len
    }

    /// The next authenticated chunk of plaintext; `None` at the end, once the whole
    /// file's SHA-256 has been checked.
    pub(crate) fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<Option<Bytes>>> {
        if !self.plain.is_empty() {
            return Poll::Ready(Ok(Some(std::mem::take(&mut self.plain))));
        }
        loop {
            match self.state {
                State::Done => return Poll::Ready(Ok(None)),
                State::Failed => {
                    return Poll::Ready(Err(self.fail("an earlier read of it already failed")));
                }
                State::Reading => {}
            }
            if self.position == self.layout.data_segments {
                let digest: [u8; 32] = std::mem::take(&mut self.sha).finalize().into();
                if digest != *self.hash.as_bytes() {
                    return Poll::Ready(Err(self.fail(FormatError::Digest)));
                }
                self.state = State::Done;
                return Poll::Ready(Ok(None));
            }
            let sealed_len = self.layout.sealed_len(self.position);
            if self.pending.len() >= sealed_len {
                let sealed = self.pending.split_to(sealed_len);
                let mut plain = Vec::with_capacity(sealed_len);
                if let Err(error) = self.cipher.open_data(self.position, &sealed, &mut plain) {
                    return Poll::Ready(Err(self.fail(error)));
                }
                self.position += 1;
                self.sha.update(&plain);
                return Poll::Ready(Ok(Some(Bytes::from(plain))));
            }
            match ready!(self.body.poll_next_unpin(cx)) {
                Some(Ok(bytes)) => self.pending.extend_from_slice(&bytes),
                Some(Err(error)) => {
                    self.state = State::Failed;
                    return Poll::Ready(Err(io::Error::other(VaultError::Storage(error))));
                }
                None => return Poll::Ready(Err(self.fail(FormatError::Truncated))),
            }
        }
    }

    /// The next authenticated chunk of plaintext, or `None` at the (checked) end.
    pub async fn chunk(&mut self) -> io::Result<Option<Bytes>> {
        std::future::poll_fn(|cx| self.poll_chunk(cx)).await
    }

    fn fail(&mut self, detail: impl ToString) -> io::Error {
        self.state = State::Failed;
        io::Error::other(VaultError::Corrupt {
            hash: self.hash,
            detail: detail.to_string(),
        })
    }
}

impl AsyncRead for VaultReader {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.plain.is_empty() {
            match ready!(this.poll_chunk(cx))? {
                Some(chunk) => this.plain = chunk,
                None => return Poll::Ready(Ok(())),
            }
        }
        let n = this.plain.len().min(buf.remaining());
        buf.put_slice(&this.plain[..n]);
        this.plain.advance(n);
        Poll::Ready(Ok(()))
    }
}

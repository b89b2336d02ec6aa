//! What the vault promises, one story each, written once for every backend.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};
use memoria_vault::{
    ContentHash, KeySource, Passphrase, Stored, Vault, VaultError, VaultKey, Verdict,
};
use object_store::path::Path;
use rand::RngCore;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncRead, AsyncReadExt, ReadBuf};

use crate::place::Place;

/// The object format's sizes (see the `format` module): what a story cuts and flips.
const CHUNK: usize = 64 * 1024;
const HEADER: usize = 101;
const TAG: usize = 16;
const TRAILER: usize = 56;
const MIB: usize = 1024 * 1024;

pub fn key() -> KeySource {
    KeySource::Key(VaultKey::from_bytes([42; 32]))
}

fn random_bytes(len: usize) -> Vec<u8> {
    let mut bytes = vec![0; len];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

fn sha256(bytes: &[u8]) -> ContentHash {
    ContentHash::from_bytes(Sha256::digest(bytes).into())
}

async fn read_all(vault: &Vault, hash: &ContentHash) -> Vec<u8> {
    let mut reader = vault.open_read(hash).await.unwrap();
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).await.unwrap();
    bytes
}

/// Reads what it can; returns the bytes read before the error, and the error.
async fn read_until_error(vault: &Vault, hash: &ContentHash) -> (Vec<u8>, VaultError) {
    let mut bytes = Vec::new();
    let error = match vault.open_read(hash).await {
        Err(error) => error,
        Ok(mut reader) => {
            let error = reader
                .read_to_end(&mut bytes)
                .await
                .expect_err("a damaged object must not read to the end");
            *error
                .into_inner()
                .unwrap()
                .downcast::<VaultError>()
                .unwrap()
        }
    };
    (bytes, error)
}

/// A damaged object is reported as damaged, naming the hash, and never read to the end.
async fn assert_damaged(vault: &Vault, hash: &ContentHash, original: &[u8], what: &str) {
    let (read, error) = read_until_error(vault, hash).await;
    match &error {
        VaultError::Corrupt { hash: named, .. } => assert_eq!(named, hash, "{what}"),
        other => panic!("{what}: expected a corrupt-object error, got {other:?}"),
    }
    assert!(
        error.to_string().contains(&hash.to_string()),
        "{what}: {error}"
    );
    // Whatever came out before the error is authentic: a prefix of the original.
    assert!(
        read.len() < original.len() && original.starts_with(&read),
        "{what}"
    );
    assert!(
        matches!(vault.verify(hash).await.unwrap(), Verdict::Corrupt { .. }),
        "{what}"
    );
}

pub async fn round_trips(place: Place) {
    let vault = Vault::create(&place.location, key()).await.unwrap();
    let mut stored = Vec::new();
    // Empty, one byte, one whole chunk, one chunk and a byte, and a file larger than
    // a multipart part (8 MiB), so the upload is split.
    for len in [0, 1, CHUNK, CHUNK + 1, 20 * MIB + 7] {
        let data = random_bytes(len);
        let ingested = vault.ingest(data.as_slice()).await.unwrap();
        assert_eq!(ingested.hash, sha256(&data), "{len} bytes");
        assert_eq!(ingested.size, len as u64);
        assert!(!ingested.deduplicated);
        assert!(vault.contains(&ingested.hash).await.unwrap());
        assert!(
            read_all(&vault, &ingested.hash).await == data,
            "{len} bytes"
        );
        assert_eq!(
            vault.verify(&ingested.hash).await.unwrap(),
            Verdict::Intact { size: len as u64 }
        );
        stored.push(Stored {
            hash: ingested.hash,
            size: len as u64,
        });
    }

    // Another handle, opened afresh, reads the same and lists every file.
    let reopened = Vault::open(&place.location, key()).await.unwrap();
    assert_eq!(read_all(&reopened, &stored[3].hash).await.len(), CHUNK + 1);
    let mut listed: Vec<Stored> = reopened.list().try_collect().await.unwrap();
    listed.sort_by_key(|s| s.hash);
    stored.sort_by_key(|s| s.hash);
    assert_eq!(listed, stored);
    assert!(place.temporaries().await.is_empty());

    let absent = sha256(b"never stored");
    assert!(!vault.contains(&absent).await.unwrap());
    assert_eq!(vault.verify(&absent).await.unwrap(), Verdict::Missing);
    assert!(matches!(vault.open_read(&absent).await, Err(VaultError::Missing(h)) if h == absent));
}

pub async fn deduplicates(place: Place) {
    let vault = Vault::create(&place.location, key()).await.unwrap();
    let data = random_bytes(3 * CHUNK + 11);
    let first = vault.ingest(data.as_slice()).await.unwrap();
    let second = vault.ingest(data.as_slice()).await.unwrap();
    assert_eq!(first.hash, second.hash);
    assert!(!first.deduplicated);
    assert!(second.deduplicated);
    // Through another handle too: the name depends on the key, not on the handle.
    let reopened = Vault::open(&place.location, key()).await.unwrap();
    assert!(reopened.ingest(data.as_slice()).await.unwrap().deduplicated);

    assert_eq!(place.objects().await.len(), 1);
    let listed: Vec<Stored> = vault.list().try_collect().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(place.temporaries().await.is_empty());
    assert!(read_all(&vault, &first.hash).await == data);

    // Storing the file again over a damaged copy repairs it rather than keeping it.
    let path = place.only_object().await;
    let mut damaged = place.get(&path).await.to_vec();
    damaged[HEADER + CHUNK + TAG + 7] ^= 1;
    place.put(&path, damaged).await;
    assert!(matches!(
        vault.verify(&first.hash).await.unwrap(),
        Verdict::Corrupt { .. }
    ));
    let repaired = vault.ingest(data.as_slice()).await.unwrap();
    assert!(!repaired.deduplicated);
    assert_eq!(
        vault.verify(&first.hash).await.unwrap(),
        Verdict::Intact {
            size: data.len() as u64
        }
    );
    assert_eq!(place.objects().await.len(), 1);
    assert!(place.temporaries().await.is_empty());
}

pub async fn refuses_wrong_keys(place: Place) {
    let passphrase = || KeySource::Passphrase(Passphrase::new("correct horse battery staple"));
    let vault = Vault::create(&place.location, passphrase()).await.unwrap();
    let stored = vault.ingest(&b"statement of witness 4"[..]).await.unwrap();

    let again = Vault::create(&place.location, passphrase()).await;
    assert!(
        matches!(again, Err(VaultError::VaultExists { .. })),
        "{again:?}"
    );

    let wrong = KeySource::Passphrase(Passphrase::new("correct horse battery stapler"));
    let error = Vault::open(&place.location, wrong).await.unwrap_err();
    assert!(matches!(error, VaultError::WrongKey), "{error:?}");
    assert!(
        error
            .to_string()
            .starts_with("the passphrase or key file does not open this vault")
    );
    let error = Vault::open(&place.location, key()).await.unwrap_err();
    assert!(matches!(error, VaultError::KeyKind { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "this vault opens with a passphrase, not a key file"
    );

    let reopened = Vault::open(&place.location, passphrase()).await.unwrap();
    assert_eq!(
        read_all(&reopened, &stored.hash).await,
        b"statement of witness 4"
    );

    // A vault made with a key opens with that key only, and names a missing vault.
    Vault::create(&place.elsewhere, key()).await.unwrap();
    let other = KeySource::Key(VaultKey::from_bytes([43; 32]));
    assert!(matches!(
        Vault::open(&place.elsewhere, other).await,
        Err(VaultError::WrongKey)
    ));
    let nowhere = format!("{}-nothing", place.elsewhere.split('?').next().unwrap());
    let nowhere = match place.elsewhere.split_once('?') {
        Some((_, query)) => format!("{nowhere}?{query}"),
        None => nowhere,
    };
    assert!(matches!(
        Vault::open(&nowhere, key()).await,
        Err(VaultError::NoVault { .. })
    ));
}

pub async fn detects_flipped_bits(place: Place) {
    let vault = Vault::create(&place.location, key()).await.unwrap();
    let data = random_bytes(3 * CHUNK + 100);
    let hash = vault.ingest(data.as_slice()).await.unwrap().hash;
    let path = place.only_object().await;
    let original = place.get(&path).await;

    let segment = CHUNK + TAG;
    for (offset, what) in [
        (3, "magic"),
        (9, "chunk size"),
        (20, "nonce prefix"),
        (70, "wrapped file key"),
        (HEADER + 5, "first chunk"),
        (HEADER + segment + 1000, "second chunk"),
        (HEADER + segment - 1, "first chunk's tag"),
        (HEADER + 3 * segment + 50, "last, short chunk"),
        (original.len() - TRAILER + 3, "trailer's hash"),
        (original.len() - 1, "trailer's tag"),
    ] {
        let mut damaged = original.to_vec();
        damaged[offset] ^= 0x10;
        place.put(&path, damaged).await;
        assert_damaged(&vault, &hash, &data, what).await;
    }

    place.put(&path, original).await;
    assert_eq!(
        vault.verify(&hash).await.unwrap(),
        Verdict::Intact {
            size: data.len() as u64
        }
    );
}

pub async fn detects_truncation(place: Place) {
    let vault = Vault::create(&place.location, key()).await.unwrap();
    let data = random_bytes(3 * CHUNK + 100);
    let hash = vault.ingest(data.as_slice()).await.unwrap().hash;
    let path = place.only_object().await;
    let original = place.get(&path).await;

    let segment = CHUNK + TAG;
    let mut cuts = vec![
        (original.len() - 1, "the last byte"),
        (original.len() - TRAILER, "the trailer"),
        (original.len() - TRAILER - 1, "the trailer and a byte"),
        (HEADER + 3 * segment, "the last chunk and the trailer"),
        (HEADER + 2 * segment, "two chunks and the trailer"),
        (
            HEADER + segment + TRAILER,
            "into a shape that could be whole",
        ),
        (HEADER, "all but the header"),
        (50, "half the header"),
    ];
    if place.is_local() {
        // An empty object; S3 stores can refuse ranges on those in their own ways.
        cuts.push((0, "everything"));
    }
    for (len, what) in cuts {
        place.put(&path, original.slice(..len)).await;
        assert_damaged(&vault, &hash, &data, what).await;
    }

    // Swapping two chunks keeps the size but not the order.
    let mut swapped = original.to_vec();
    let (first, second) = (
        HEADER..HEADER + segment,
        HEADER + segment..HEADER + 2 * segment,
    );
    let copy = swapped[first.clone()].to_vec();
    swapped.copy_within(second.clone(), first.start);
    swapped[second].copy_from_slice(&copy);
    place.put(&path, swapped).await;
    assert_damaged(&vault, &hash, &data, "two chunks swapped").await;

    // Bytes added at the end are no better.
    let mut padded = original.to_vec();
    padded.extend_from_slice(&[0; 17]);
    place.put(&path, padded).await;
    assert_damaged(&vault, &hash, &data, "padding").await;
}

pub async fn detects_swapped_objects(place: Place) {
    let vault = Vault::create(&place.location, key()).await.unwrap();
    let a = random_bytes(CHUNK + 5);
    let b = random_bytes(CHUNK + 5);
    let a_hash = vault.ingest(a.as_slice()).await.unwrap().hash;
    let a_path = place.only_object().await;
    let b_hash = vault.ingest(b.as_slice()).await.unwrap().hash;
    let b_path = place
        .objects()
        .await
        .into_iter()
        .find(|path| *path != a_path)
        .unwrap();

    // Someone with write access puts A's (valid) object under B's name.
    let a_object = place.get(&a_path).await;
    place.put(&b_path, a_object).await;
    let (read, error) = read_until_error(&vault, &b_hash).await;
    assert!(read.is_empty(), "not one byte of the other file comes out");
    match error {
        VaultError::Corrupt { hash, detail } => {
            assert_eq!(hash, b_hash);
            assert!(detail.contains("different file"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        vault.verify(&b_hash).await.unwrap(),
        Verdict::Corrupt { .. }
    ));
    assert!(read_all(&vault, &a_hash).await == a);

    // Listing names the good one and reports the misplaced one.
    let listed: Vec<Result<Stored, VaultError>> = vault.list().collect().await;
    assert_eq!(listed.len(), 2);
    assert!(
        listed
            .iter()
            .any(|r| matches!(r, Ok(s) if s.hash == a_hash))
    );
    assert!(
        listed
            .iter()
            .any(|r| matches!(r, Err(VaultError::CorruptObject { .. })))
    );
}

pub async fn hides_contents_and_hashes(place: Place) {
    let vault = Vault::create(&place.location, key()).await.unwrap();
    let statement = "Witness 17: the convoy passed the northern checkpoint at 04:10. ";
    let data = statement.repeat(300 * 1024 / statement.len()).into_bytes();
    let stored = vault.ingest(data.as_slice()).await.unwrap();
    let hash_hex = stored.hash.to_string();

    let path = place.only_object().await;
    let name = path.to_string();
    assert!(!name.contains(&hash_hex), "{name}");
    assert!(!name.contains(&hash_hex[..8]), "{name}");

    let upper = hash_hex.to_uppercase();
    let needles: Vec<&[u8]> = vec![
        &data[..16],
        &data[1000..1016],
        b"convoy",
        b"checkpoint",
        hash_hex.as_bytes(),
        upper.as_bytes(),
        stored.hash.as_bytes(),
        &[42; 32],
    ];
    let mut everything = place.list("").await;
    everything.retain(|p| !p.as_ref().starts_with("tmp"));
    assert!(
        everything.len() >= 2,
        "the object and vault.json: {everything:?}"
    );
    for object in everything {
        let bytes = place.get(&object).await;
        for needle in &needles {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == *needle),
                "{object} contains a plaintext, hash or key fragment"
            );
        }
    }
}

pub async fn interrupted_ingests_leave_only_temporaries(place: Place) {
    let vault = Vault::create(&place.location, key()).await.unwrap();

    // 1. The input fails after 12 MiB (more than one multipart part): the ingest says
    //    so and cleans up after itself.
    let failing = Feed::new(12 * MIB, Then::Fail);
    let error = vault.ingest(failing).await.unwrap_err();
    assert!(matches!(error, VaultError::Input(_)), "{error:?}");
    assert!(place.objects().await.is_empty());
    assert!(
        place.temporaries().await.is_empty(),
        "{:?}",
        place.temporaries().await
    );

    // 2. The process dies in the middle of an upload.
    crate::crash::kill_while_ingesting(&place.location).await;
    assert!(place.objects().await.is_empty(), "nothing final is partial");
    if place.is_local() {
        assert!(
            !place.temporaries().await.is_empty(),
            "the dead upload's staged file is still there"
        );
    }
    // (On S3 a dead multipart upload is not an object at all: only a bucket lifecycle
    // rule removes its parts.)

    // 3. A temporary left between upload and rename: complete, but never named.
    let planted = Path::from("tmp/00112233445566778899aabbccddeeff");
    place.put(&planted, vec![0u8; 4096]).await;

    let listed: Vec<Stored> = vault.list().try_collect().await.unwrap();
    assert!(listed.is_empty());
    assert_eq!(
        vault
            .sweep_temporaries(Duration::from_secs(3600))
            .await
            .unwrap(),
        0,
        "young temporaries may belong to running ingests"
    );
    let swept = vault.sweep_temporaries(Duration::ZERO).await.unwrap();
    assert!(swept >= if place.is_local() { 2 } else { 1 }, "{swept}");
    assert!(place.temporaries().await.is_empty());

    // The vault works on as before.
    let data = random_bytes(2 * CHUNK);
    let stored = vault.ingest(data.as_slice()).await.unwrap();
    assert!(read_all(&vault, &stored.hash).await == data);
}

/// An input of `len` pseudo-random bytes that then fails, or stalls for ever.
pub struct Feed {
    left: usize,
    then: Then,
    state: u64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Then {
    Fail,
    Stall,
}

impl Feed {
    pub fn new(len: usize, then: Then) -> Self {
        Self {
            left: len,
            then,
            state: 0x9e37_79b9_7f4a_7c15,
        }
    }
}

impl AsyncRead for Feed {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.left == 0 {
            return match self.then {
                Then::Fail => Poll::Ready(Err(io::Error::other("the camera was unplugged"))),
                Then::Stall => {
                    eprintln!("{}", crate::crash::STALLED);
                    Poll::Pending
                }
            };
        }
        let n = self.left.min(buf.remaining()).min(64 * 1024);
        let mut bytes = vec![0u8; n];
        for byte in &mut bytes {
            // xorshift: cheap, and not compressible or repetitive.
            self.state ^= self.state << 13;
            self.state ^= self.state >> 7;
            self.state ^= self.state << 17;
            *byte = self.state as u8;
        }
        buf.put_slice(&bytes);
        self.left -= n;
        Poll::Ready(Ok(()))
    }
}

/// A reader that yields `bytes` and then fails, as a request does when its connection
/// is reset and the caller does not turn that into an end.
struct Failing(std::io::Cursor<Vec<u8>>);

impl AsyncRead for Failing {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.0).poll_read(cx, buf);
        if buf.filled().len() == before {
            return Poll::Ready(Err(io::Error::other("connection reset")));
        }
        poll
    }
}

/// A file arriving in parts: each part sealed where it lands, an upload continued by
/// another opening of the vault (another process), a part that starts anywhere but
/// where the upload stands or runs past its length refused without a trace, the whole
/// file read back exactly, and nothing of it, nor of its description, in plaintext.
pub async fn resumes_uploads(place: Place) {
    let vault = Vault::create(&place.location, key()).await.unwrap();
    let file = random_bytes(3 * MIB + 12_345);
    let marker = b"a witness's name in a file name";
    let metadata = [(
        "filename".to_string(),
        String::from_utf8_lossy(marker).into_owned(),
    )]
    .into_iter()
    .collect();
    let upload = vault
        .create_upload("account-1", file.len() as u64, metadata)
        .await
        .unwrap();
    let id = upload.id;
    assert_eq!(upload.offset, 0);
    let after = vault
        .append_upload(&upload, 0, &file[..MIB + 7])
        .await
        .unwrap();
    assert_eq!(after, (MIB + 7) as u64);

    // Another process: the same storage, the same key, nothing shared in memory.
    let other = Vault::open(&place.location, key()).await.unwrap();
    let upload = other.upload(&id).await.unwrap().expect("the upload");
    assert_eq!(upload.offset, (MIB + 7) as u64);
    assert_eq!(upload.owner, "account-1");
    assert_eq!(upload.metadata["filename"].as_bytes(), marker);
    for wrong in [0, MIB as u64, (MIB + 8) as u64] {
        match other.append_upload(&upload, wrong, &file[..10]).await {
            Err(VaultError::UploadOffset { offset }) => assert_eq!(offset, (MIB + 7) as u64),
            other => panic!("{other:?}"),
        }
    }
    let rest = &file[MIB + 7..];
    let mut too_long = rest.to_vec();
    too_long.push(0);
    assert!(matches!(
        other
            .append_upload(&upload, upload.offset, &too_long[..])
            .await,
        Err(VaultError::UploadTooLong { .. })
    ));
    // A part whose reader fails keeps nothing; one that ends early keeps what came.
    assert!(matches!(
        other
            .append_upload(
                &upload,
                upload.offset,
                Failing(io::Cursor::new(rest[..1000].to_vec()))
            )
            .await,
        Err(VaultError::Input(_))
    ));
    let upload = other.upload(&id).await.unwrap().unwrap();
    assert_eq!(
        upload.offset,
        (MIB + 7) as u64,
        "nothing kept of refused parts"
    );
    let now = other
        .append_upload(&upload, upload.offset, &rest[..MIB])
        .await
        .unwrap();
    // Two requests sending the same stretch: the second finds the first was first.
    let stale = upload.clone();
    match vault.append_upload(&stale, stale.offset, &rest[..5]).await {
        Err(VaultError::UploadOffset { offset }) => assert_eq!(offset, now),
        other => panic!("{other:?}"),
    }
    let upload = vault.upload(&id).await.unwrap().unwrap();
    assert!(!upload.is_complete());
    assert!(vault.upload_reader(&upload).is_err(), "not whole yet");
    let done = vault
        .append_upload(&upload, now, &file[now as usize..])
        .await
        .unwrap();
    assert_eq!(done, file.len() as u64);

    // Nothing in the storage shows the file, its description or the upload's id.
    let mut stored = Vec::new();
    for path in place.list("").await {
        stored.push((path.to_string(), place.get(&path).await));
    }
    for (path, bytes) in &stored {
        assert!(!path.contains(&id.to_string()), "{path} names the upload");
        assert!(
            !bytes
                .windows(32)
                .any(|w| file.windows(32).take(1).any(|f| f == w)),
            "{path} holds the file's first bytes in plaintext"
        );
        assert!(!bytes.windows(marker.len()).any(|w| w == marker), "{path}");
    }

    // Whole: read back through decryption into an ingest, exactly the file.
    let upload = other.upload(&id).await.unwrap().unwrap();
    assert!(upload.is_complete());
    assert!(other.claim_upload(&upload).await.unwrap());
    assert!(
        !vault.claim_upload(&upload).await.unwrap(),
        "one claim at a time"
    );
    let ingested = other
        .ingest(other.upload_reader(&upload).unwrap())
        .await
        .unwrap();
    assert_eq!(ingested.hash, sha256(&file));
    assert_eq!(read_all(&vault, &ingested.hash).await, file);
    other.finish_upload(&upload, "record-7").await.unwrap();
    let finished = vault.upload(&id).await.unwrap().unwrap();
    assert_eq!(finished.finished.as_deref(), Some("record-7"));
    assert_eq!(finished.offset, file.len() as u64);
    assert!(
        place
            .list("uploads")
            .await
            .iter()
            .all(|p| !p.as_ref().contains("/part/"))
    );

    // Abandoned uploads go; fresh ones stay until they are old enough.
    let abandoned = vault
        .create_upload("account-2", 10, Default::default())
        .await
        .unwrap();
    vault
        .append_upload(&abandoned, 0, &b"12345"[..])
        .await
        .unwrap();
    assert_eq!(
        vault
            .sweep_uploads(Duration::from_secs(3600))
            .await
            .unwrap(),
        0
    );
    assert_eq!(vault.sweep_uploads(Duration::ZERO).await.unwrap(), 2);
    assert!(vault.upload(&abandoned.id).await.unwrap().is_none());
    assert!(vault.upload(&id).await.unwrap().is_none());
    assert!(place.list("uploads").await.is_empty());
    // A forged id names nothing.
    let forged: memoria_vault::UploadId = "0".repeat(32).parse().unwrap();
    assert!(vault.upload(&forged).await.unwrap().is_none());
    assert!("0".repeat(31).parse::<memoria_vault::UploadId>().is_err());
}

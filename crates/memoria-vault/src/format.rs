//! The layout of one stored object, format version 1.
//!
//! ```text
//! offset  bytes  field
//!      0      8  magic "MEMVAULT"
//!      8      1  format version (1)
//!      9      1  log2 of the chunk size (16: 64 KiB chunks)
//!     10     19  STREAM nonce prefix (random)
//!     29     24  key-wrap nonce (random)
//!     53     48  the file key (32 random bytes) sealed with XChaCha20-Poly1305 under the
//!                vault's wrapping key; associated data: bytes 0..53, so every header
//!                field is authenticated
//!    101      …  body: STREAM BE32 over XChaCha20-Poly1305 under the file key
//! ```
//!
//! The body is a sequence of segments, each sealed at its position `i` (a 32-bit
//! big-endian counter in the nonce) with the last-segment flag clear: the plaintext in
//! chunks of exactly the chunk size, the final one shorter but never empty (an empty
//! file has no data segments). After them comes one more segment, the only one sealed
//! with the last-segment flag: the trailer, 40 bytes of plaintext — the file's SHA-256
//! and its size as a big-endian u64. So
//!
//! ```text
//! object size = 101 + size + 16 × ⌈size / chunk⌉ + 56
//! ```
//!
//! and segment boundaries follow from the object's size alone. Any flipped bit fails a
//! segment's tag; a cut anywhere loses the flagged trailer or leaves a segment that
//! is not where its counter says; a swapped object (another file's object put under
//! this name) shows a trailer hash that is not the one asked for.

use chacha20poly1305::aead::stream::{NewStream, StreamBE32, StreamPrimitive};
use chacha20poly1305::aead::{AeadInPlace, Buffer};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

use crate::ContentHash;
use crate::key::{Keys, random};

pub(crate) const MAGIC: [u8; 8] = *b"MEMVAULT";
pub(crate) const VERSION: u8 = 1;
/// 64 KiB: large enough that the 16-byte tags cost 0.02 %, small enough that a reader
/// holds little. Each object records its own, so a later version may choose another.
pub(crate) const CHUNK_LOG2: u8 = 16;
const PREFIX_LEN: usize = 19;
const WRAP_NONCE_LEN: usize = 24;
const FILE_KEY_LEN: usize = 32;
pub(crate) const TAG_LEN: usize = 16;
const AAD_LEN: usize = 8 + 1 + 1 + PREFIX_LEN + WRAP_NONCE_LEN;
pub(crate) const HEADER_LEN: usize = AAD_LEN + FILE_KEY_LEN + TAG_LEN;
const TRAILER_PLAIN_LEN: usize = 32 + 8;
pub(crate) const TRAILER_LEN: usize = TRAILER_PLAIN_LEN + TAG_LEN;
/// Chunk sizes a reader accepts from a header: 4 KiB to 16 MiB.
const CHUNK_LOG2_RANGE: std::ops::RangeInclusive<u8> = 12..=24;

/// Why an object could not be read. The text goes into errors after the hash.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum FormatError {
    #[error("it is not a vault object")]
    NotAnObject,
    #[error("it has format version {0}, newer than this program reads; upgrade memoria")]
    NewerVersion(u8),
    #[error("its header names an impossible chunk size")]
    ChunkSize,
    #[error("its header does not authenticate under this vault's key")]
    Header,
    #[error("its size does not match any object this vault writes (cut short or padded)")]
    Size,
    #[error("segment {0} does not authenticate (altered, reordered or cut short)")]
    Segment(u32),
    #[error("its trailer does not authenticate (altered or cut short)")]
    Trailer,
    #[error("it ends early")]
    Truncated,
    #[error("it holds a different file ({0})")]
    OtherFile(ContentHash),
    #[error("its recorded size does not match its length")]
    RecordedSize,
    #[error("its decrypted bytes do not hash to the recorded SHA-256")]
    Digest,
}

/// The file key's cipher for one object's body.
pub(crate) struct ObjectCipher {
    stream: StreamBE32<XChaCha20Poly1305>,
    chunk_len: usize,
}

/// A new object's header and the cipher for its body, with a fresh random file key.
pub(crate) fn new_object(keys: &Keys) -> ([u8; HEADER_LEN], ObjectCipher) {
    let file_key = Zeroizing::new(random::<FILE_KEY_LEN>());
    let prefix = random::<PREFIX_LEN>();
    let wrap_nonce = random::<WRAP_NONCE_LEN>();

    let mut header = [0u8; HEADER_LEN];
    header[..8].copy_from_slice(&MAGIC);
    header[8] = VERSION;
    header[9] = CHUNK_LOG2;
    header[10..10 + PREFIX_LEN].copy_from_slice(&prefix);
    header[10 + PREFIX_LEN..AAD_LEN].copy_from_slice(&wrap_nonce);
    let (aad, sealed) = header.split_at_mut(AAD_LEN);
    sealed[..FILE_KEY_LEN].copy_from_slice(file_key.as_slice());
    let tag = keys
        .wrap()
        .encrypt_in_place_detached(
            XNonce::from_slice(&wrap_nonce),
            aad,
            &mut sealed[..FILE_KEY_LEN],
        )
        .expect("XChaCha20-Poly1305 seals 32 bytes");
    sealed[FILE_KEY_LEN..].copy_from_slice(&tag);

    let cipher = ObjectCipher::new(&file_key, &prefix, CHUNK_LOG2);
    (header, cipher)
}

/// Checks a header and unwraps its file key.
pub(crate) fn open_header(keys: &Keys, header: &[u8]) -> Result<ObjectCipher, FormatError> {
    if header.len() < HEADER_LEN || header[..8] != MAGIC {
        return Err(FormatError::NotAnObject);
    }
    if header[8] != VERSION {
        return Err(FormatError::NewerVersion(header[8]));
    }
    let chunk_log2 = header[9];
    if !CHUNK_LOG2_RANGE.contains(&chunk_log2) {
        return Err(FormatError::ChunkSize);
    }
    let prefix: [u8; PREFIX_LEN] = header[10..10 + PREFIX_LEN].try_into().expect("19 bytes");
    let wrap_nonce = &header[10 + PREFIX_LEN..AAD_LEN];
    let mut file_key = Zeroizing::new([0u8; FILE_KEY_LEN]);
    file_key.copy_from_slice(&header[AAD_LEN..AAD_LEN + FILE_KEY_LEN]);
    keys.wrap()
        .decrypt_in_place_detached(
            XNonce::from_slice(wrap_nonce),
            &header[..AAD_LEN],
            file_key.as_mut_slice(),
            header[AAD_LEN + FILE_KEY_LEN..HEADER_LEN].into(),
        )
        .map_err(|_| FormatError::Header)?;
    Ok(ObjectCipher::new(&file_key, &prefix, chunk_log2))
}

impl ObjectCipher {
    fn new(file_key: &[u8; FILE_KEY_LEN], prefix: &[u8; PREFIX_LEN], chunk_log2: u8) -> Self {
        let aead = XChaCha20Poly1305::new(file_key.into());
        Self {
            stream: StreamBE32::from_aead(aead, prefix.into()),
            chunk_len: 1 << chunk_log2,
        }
    }

    pub(crate) fn chunk_len(&self) -> usize {
        self.chunk_len
    }

    /// Appends data segment `position` (at most one chunk of plaintext) to `out`.
    pub(crate) fn seal_data(&self, position: u32, plain: &[u8], out: &mut Vec<u8>) {
        debug_assert!(!plain.is_empty() && plain.len() <= self.chunk_len);
        let start = out.len();
        out.extend_from_slice(plain);
        self.stream
            .encrypt_in_place(position, false, b"", &mut Tail { buf: out, start })
            .expect("STREAM seals a chunk");
    }

    /// The trailer, sealed as the last segment at `position` (the number of data
    /// segments).
    pub(crate) fn seal_trailer(&self, position: u32, hash: &ContentHash, size: u64) -> Vec<u8> {
        let mut out = Vec::with_capacity(TRAILER_LEN);
        out.extend_from_slice(hash.as_bytes());
        out.extend_from_slice(&size.to_be_bytes());
        self.stream
            .encrypt_in_place(position, true, b"", &mut out)
            .expect("STREAM seals the trailer");
        out
    }

    /// Appends the plaintext of data segment `position` to `out`.
    pub(crate) fn open_data(
        &self,
        position: u32,
        sealed: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<(), FormatError> {
        let start = out.len();
        out.extend_from_slice(sealed);
        self.stream
            .decrypt_in_place(position, false, b"", &mut Tail { buf: out, start })
            .map_err(|_| {
                out.truncate(start);
                FormatError::Segment(position)
            })
    }

    /// The file's SHA-256 and size from the trailer at `position`.
    pub(crate) fn open_trailer(
        &self,
        position: u32,
        sealed: &[u8],
    ) -> Result<(ContentHash, u64), FormatError> {
        if sealed.len() != TRAILER_LEN {
            return Err(FormatError::Trailer);
        }
        let mut plain = sealed.to_vec();
        self.stream
            .decrypt_in_place(position, true, b"", &mut plain)
            .map_err(|_| FormatError::Trailer)?;
        let hash: [u8; 32] = plain[..32].try_into().expect("32 bytes");
        let size = u64::from_be_bytes(plain[32..40].try_into().expect("8 bytes"));
        Ok((ContentHash::from_bytes(hash), size))
    }

    /// Where the segments of an object of `object_len` bytes lie.
    pub(crate) fn layout(&self, object_len: u64) -> Result<Layout, FormatError> {
        layout(object_len, self.chunk_len)
    }
}

/// The segments of one object, computed from its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Layout {
    pub plain_len: u64,
    /// Data segments; the trailer is sealed at this position.
    pub data_segments: u32,
    /// Sealed length of every data segment but the last.
    pub segment_len: usize,
    /// Sealed length of the last data segment (meaningless when there are none).
    pub last_segment_len: usize,
}

impl Layout {
    /// Sealed length of data segment `position`.
    pub(crate) fn sealed_len(&self, position: u32) -> usize {
        if position + 1 == self.data_segments {
            self.last_segment_len
        } else {
            self.segment_len
        }
    }
}

pub(crate) fn layout(object_len: u64, chunk_len: usize) -> Result<Layout, FormatError> {
    let overhead = (HEADER_LEN + TRAILER_LEN) as u64;
    let body = object_len.checked_sub(overhead).ok_or(FormatError::Size)?;
    let segment_len = (chunk_len + TAG_LEN) as u64;
    let full = body / segment_len;
    let rest = body % segment_len;
    let (segments, last) = match rest {
        0 => (full, segment_len),
        // A segment carries at least one byte of plaintext.
        r if r > TAG_LEN as u64 => (full + 1, r),
        _ => return Err(FormatError::Size),
    };
    // The trailer's position must fit the 32-bit counter too.
    let data_segments = u32::try_from(segments)
        .ok()
        .filter(|&n| n < u32::MAX)
        .ok_or(FormatError::Size)?;
    Ok(Layout {
        plain_len: body - segments * TAG_LEN as u64,
        data_segments,
        segment_len: segment_len as usize,
        last_segment_len: last as usize,
    })
}

/// The size of the object holding `plain_len` bytes.
#[cfg(test)]
pub(crate) fn object_len(plain_len: u64, chunk_len: usize) -> u64 {
    let segments = plain_len.div_ceil(chunk_len as u64);
    (HEADER_LEN + TRAILER_LEN) as u64 + plain_len + segments * TAG_LEN as u64
}

/// The most plaintext one object holds: the counter allows 2³² − 1 data segments.
pub(crate) fn max_plain_len(chunk_len: usize) -> u64 {
    (u32::MAX as u64 - 1) * chunk_len as u64
}

/// A small object (an upload's description) sealed whole, in the same format as a
/// stored file: header, data segments, trailer with the SHA-256 and size.
pub(crate) fn seal_small(keys: &Keys, plain: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    let (header, cipher) = new_object(keys);
    let mut out = header.to_vec();
    let mut position = 0u32;
    for chunk in plain.chunks(cipher.chunk_len()) {
        cipher.seal_data(position, chunk, &mut out);
        position += 1;
    }
    let hash = ContentHash::from_bytes(sha2::Sha256::digest(plain).into());
    out.extend(cipher.seal_trailer(position, &hash, plain.len() as u64));
    out
}

/// The plaintext of an object [`seal_small`] made, every segment authenticated.
pub(crate) fn open_small(keys: &Keys, sealed: &[u8]) -> Result<Vec<u8>, FormatError> {
    use sha2::Digest;
    let cipher = open_header(keys, sealed)?;
    let layout = cipher.layout(sealed.len() as u64)?;
    let mut plain = Vec::with_capacity(layout.plain_len as usize);
    let mut at = HEADER_LEN;
    for position in 0..layout.data_segments {
        let n = layout.sealed_len(position);
        cipher.open_data(position, &sealed[at..at + n], &mut plain)?;
        at += n;
    }
    let (hash, size) = cipher.open_trailer(layout.data_segments, &sealed[at..])?;
    if size != plain.len() as u64 {
        return Err(FormatError::RecordedSize);
    }
    if sha2::Sha256::digest(&plain).as_slice() != hash.as_bytes() {
        return Err(FormatError::Digest);
    }
    Ok(plain)
}

/// The tail of a `Vec`, from `start`, as an AEAD buffer: segments are sealed and opened
/// in place, one after another in one allocation.
struct Tail<'a> {
    buf: &'a mut Vec<u8>,
    start: usize,
}

impl AsRef<[u8]> for Tail<'_> {
    fn as_ref(&self) -> &[u8] {
        &self.buf[self.start..]
    }
}

impl AsMut<[u8]> for Tail<'_> {
    fn as_mut(&mut self) -> &mut [u8] {
        &mut self.buf[self.start..]
    }
}

impl Buffer for Tail<'_> {
    fn extend_from_slice(&mut self, other: &[u8]) -> chacha20poly1305::aead::Result<()> {
        self.buf.extend_from_slice(other);
        Ok(())
    }

    fn truncate(&mut self, len: usize) {
        self.buf.truncate(self.start + len);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::VaultKey;
    use chacha20poly1305::aead::stream::DecryptorBE32;

    fn keys() -> Keys {
        Keys::derive(&VaultKey::from_bytes([7; 32]))
    }

    #[test]
    fn layout_inverts_object_len() {
        let chunk = 1 << CHUNK_LOG2;
        for plain in [
            0,
            1,
            2,
            chunk as u64 - 1,
            chunk as u64,
            chunk as u64 + 1,
            5 * chunk as u64,
        ] {
            let got = layout(object_len(plain, chunk), chunk).unwrap();
            assert_eq!(got.plain_len, plain);
            assert_eq!(got.data_segments as u64, plain.div_ceil(chunk as u64));
        }
        // A cut that leaves a tag without plaintext, or less than the overhead, is no object.
        assert_eq!(
            layout(object_len(0, chunk) + 16, chunk),
            Err(FormatError::Size)
        );
        assert_eq!(layout(100, chunk), Err(FormatError::Size));
    }

    /// What is written is plain STREAM BE32: the crate's own sequential decryptor reads it.
    #[test]
    fn body_is_stream_be32() {
        let keys = keys();
        let (header, cipher) = new_object(&keys);
        let reopened = open_header(&keys, &header).unwrap();
        let chunk = cipher.chunk_len();
        let plain: Vec<u8> = (0..chunk * 2 + 5).map(|i| (i % 251) as u8).collect();
        let mut body = Vec::new();
        for (i, part) in plain.chunks(chunk).enumerate() {
            cipher.seal_data(i as u32, part, &mut body);
        }
        let hash = ContentHash::from_bytes([9; 32]);
        let trailer = cipher.seal_trailer(3, &hash, plain.len() as u64);

        let file_key_cipher = {
            // Recover the file key the slow way to drive the reference decryptor.
            let mut key = [0u8; 32];
            key.copy_from_slice(&header[AAD_LEN..AAD_LEN + 32]);
            keys.wrap()
                .decrypt_in_place_detached(
                    XNonce::from_slice(&header[29..53]),
                    &header[..AAD_LEN],
                    &mut key,
                    header[AAD_LEN + 32..].into(),
                )
                .unwrap();
            XChaCha20Poly1305::new(&key.into())
        };
        let prefix: [u8; PREFIX_LEN] = header[10..29].try_into().unwrap();
        let mut reference = DecryptorBE32::from_aead(file_key_cipher, (&prefix).into());
        let mut got = Vec::new();
        for sealed in body.chunks(chunk + TAG_LEN) {
            got.extend(reference.decrypt_next(sealed).unwrap());
        }
        assert_eq!(got, plain);
        let last = reference.decrypt_last(trailer.as_slice()).unwrap();
        assert_eq!(&last[..32], hash.as_bytes());

        let mut again = Vec::new();
        for (i, sealed) in body.chunks(chunk + TAG_LEN).enumerate() {
            reopened.open_data(i as u32, sealed, &mut again).unwrap();
        }
        assert_eq!(again, plain);
        assert_eq!(
            reopened.open_trailer(3, &trailer),
            Ok((hash, plain.len() as u64))
        );
        // Out of place or without its flag, a segment does not open.
        assert!(
            reopened
                .open_data(1, &body[..chunk + TAG_LEN], &mut Vec::new())
                .is_err()
        );
        assert!(reopened.open_trailer(2, &trailer).is_err());
    }

    #[test]
    fn header_fields_are_authenticated() {
        let keys = keys();
        let (header, _) = new_object(&keys);
        for byte in 10..HEADER_LEN {
            let mut bad = header;
            bad[byte] ^= 1;
            assert_eq!(
                open_header(&keys, &bad).err(),
                Some(FormatError::Header),
                "byte {byte}"
            );
        }
        let mut bad = header;
        bad[0] ^= 1;
        assert_eq!(
            open_header(&keys, &bad).err(),
            Some(FormatError::NotAnObject)
        );
        let other = Keys::derive(&VaultKey::from_bytes([8; 32]));
        assert_eq!(
            open_header(&other, &header).err(),
            Some(FormatError::Header)
        );
    }
}

//! RFC 6962 hashing: the 32-byte [`Hash`], leaf hashes, node hashes and the empty root.
//!
//! This is the only place that calls SHA-256 for the tree. The one-byte prefixes (`0x00`
//! for leaves, `0x01` for interior nodes) are the second-preimage defence: an entry can
//! never be passed off as an interior node. This module knows nothing of tree shapes
//! (see [`crate::tree`]) or proofs (see [`crate::proof`]).

use std::fmt;

use data_encoding::{BASE64, HEXLOWER_PERMISSIVE};
use sha2::{Digest, Sha256};

/// Length in bytes of every hash in the log.
pub const HASH_LEN: usize = 32;

/// A SHA-256 hash: a leaf hash, an interior node or a tree root.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Hash(pub [u8; HASH_LEN]);

/// A byte string or text that is not a 32-byte hash.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    /// Proofs and tiles hold hashes of exactly 32 bytes; anything else is refused rather
    /// than padded or truncated.
    #[error("a hash must be 32 bytes, got {0}")]
    Length(usize),
    #[error("a hash must be 64 hexadecimal digits")]
    Hex,
    #[error("a hash must be 32 bytes in padded standard base64")]
    Base64,
}

impl Hash {
    /// The bytes of the hash.
    pub fn as_bytes(&self) -> &[u8; HASH_LEN] {
        &self.0
    }

    /// Lowercase hexadecimal, as in the test vectors.
    pub fn to_hex(&self) -> String {
        data_encoding::HEXLOWER.encode(&self.0)
    }

    /// Standard padded base64 (RFC 4648 §4), as in checkpoints.
    pub fn to_base64(&self) -> String {
        BASE64.encode(&self.0)
    }

    /// Reads 64 hexadecimal digits (either case).
    pub fn from_hex(text: &str) -> Result<Self, HashError> {
        let bytes = HEXLOWER_PERMISSIVE
            .decode(text.as_bytes())
            .map_err(|_| HashError::Hex)?;
        Self::try_from(bytes.as_slice()).map_err(|_| HashError::Hex)
    }

    /// Reads standard padded base64; the decoding is strict (no whitespace, canonical
    /// padding bits) so one hash has exactly one text form.
    pub fn from_base64(text: &str) -> Result<Self, HashError> {
        let bytes = decode_base64(text).ok_or(HashError::Base64)?;
        Self::try_from(bytes.as_slice()).map_err(|_| HashError::Base64)
    }
}

/// Standard padded base64 in its one canonical form. The decoder alone also takes
/// several padded blocks run together (`Qyg=dGls…`), which would let one hash, key or
/// signature be written in more than one way; whatever does not encode back to the
/// same text is refused.
pub(crate) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let bytes = BASE64.decode(text.as_bytes()).ok()?;
    (BASE64.encode(&bytes) == text).then_some(bytes)
}

impl TryFrom<&[u8]> for Hash {
    type Error = HashError;

    fn try_from(bytes: &[u8]) -> Result<Self, HashError> {
        <[u8; HASH_LEN]>::try_from(bytes)
            .map(Hash)
            .map_err(|_| HashError::Length(bytes.len()))
    }
}

impl From<[u8; HASH_LEN]> for Hash {
    fn from(bytes: [u8; HASH_LEN]) -> Self {
        Hash(bytes)
    }
}

impl AsRef<[u8]> for Hash {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash({})", self.to_hex())
    }
}

/// The hash of one log entry: `SHA-256(0x00 || entry)` (RFC 6962 `MTH({d})`).
pub fn leaf_hash(entry: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(entry);
    Hash(h.finalize().into())
}

/// The hash of an interior node: `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([0x01]);
    h.update(left.0);
    h.update(right.0);
    Hash(h.finalize().into())
}

/// The root of the empty tree: `SHA-256("")`. Not the hash of an empty entry.
pub fn empty_root() -> Hash {
    Hash(Sha256::digest([]).into())
}

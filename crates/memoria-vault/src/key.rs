//! Key material: where the vault key comes from and the keys derived from it.
//!
//! The vault key is 32 bytes, either derived from a passphrase with Argon2id or read
//! from a key file. Nothing encrypts with it directly: HMAC-SHA256 under it, with a
//! distinct label each, derives the key that wraps per-file keys, the key that names
//! objects, and the key-check value `vault.json` keeps. Every copy of key material
//! is wiped when dropped and shows as `<redacted>` in `Debug`.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use chacha20poly1305::{KeyInit, XChaCha20Poly1305};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::VaultError;

/// A passphrase that opens a vault, wiped from memory when dropped.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub fn new(passphrase: impl Into<String>) -> Self {
        Self(Zeroizing::new(passphrase.into()))
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl From<String> for Passphrase {
    fn from(passphrase: String) -> Self {
        Self::new(passphrase)
    }
}

impl From<&str> for Passphrase {
    fn from(passphrase: &str) -> Self {
        Self::new(passphrase)
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(<redacted>)")
    }
}

/// A 32-byte vault key, wiped from memory when dropped.
pub struct VaultKey(Zeroizing<[u8; 32]>);

impl VaultKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// A new key from the operating system's random source (through `rand`'s
    /// thread-local CSPRNG, which it seeds).
    pub fn generate() -> Self {
        Self(Zeroizing::new(random()))
    }

    /// Reads a key file: exactly 32 bytes, nothing else.
    pub fn read_key_file(path: &Path) -> Result<Self, VaultError> {
        let bytes =
            Zeroizing::new(
                std::fs::read(path).map_err(|error| VaultError::KeyFileRead {
                    path: path.to_owned(),
                    error,
                })?,
            );
        let key: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| VaultError::KeyFileLength {
                path: path.to_owned(),
                len: bytes.len() as u64,
            })?;
        Ok(Self::from_bytes(key))
    }

    /// Writes this key as a new key file (32 raw bytes) that only its owner may read.
    /// Refuses to overwrite an existing file, so a key is never lost by accident.
    pub fn write_key_file(&self, path: &Path) -> Result<(), VaultError> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let written = options.open(path).and_then(|mut file| {
            file.write_all(self.0.as_slice())?;
            file.sync_all()
        });
        written.map_err(|error| VaultError::KeyFileWrite {
            path: path.to_owned(),
            error,
        })
    }

    pub(crate) fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for VaultKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VaultKey(<redacted>)")
    }
}

/// What opens a vault. A vault made with a passphrase opens only with that
/// passphrase; one made with a key (usually from a key file) only with that key.
#[derive(Debug)]
pub enum KeySource {
    Passphrase(Passphrase),
    /// A file holding exactly 32 random bytes (see [`VaultKey::write_key_file`]).
    KeyFile(PathBuf),
    Key(VaultKey),
}

impl KeySource {
    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Self::Passphrase(_) => PASSPHRASE,
            Self::KeyFile(_) | Self::Key(_) => KEY,
        }
    }
}

pub(crate) const PASSPHRASE: &str = "a passphrase";
pub(crate) const KEY: &str = "a key file";

/// The Argon2id cost a new vault records: 64 MiB, three passes, one lane. OWASP's
/// first recommendation is 46 MiB and one pass; this is well above it, and still well
/// under a second here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Argon2Cost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

pub(crate) const NEW_VAULT_COST: Argon2Cost = Argon2Cost {
    memory_kib: 64 * 1024,
    iterations: 3,
    parallelism: 1,
};

/// Beyond this a `vault.json` is taken as damaged rather than obeyed: deriving a key
/// must not be a way to exhaust the machine.
const MAX_COST: Argon2Cost = Argon2Cost {
    memory_kib: 4 * 1024 * 1024,
    iterations: 64,
    parallelism: 16,
};

/// Argon2id (version 0x13) of the passphrase. Takes a noticeable fraction of a second
/// by design, so callers run it off the async threads.
pub(crate) fn derive_from_passphrase(
    passphrase: &Passphrase,
    salt: &[u8],
    cost: Argon2Cost,
) -> Result<VaultKey, VaultError> {
    if cost.memory_kib > MAX_COST.memory_kib
        || cost.iterations > MAX_COST.iterations
        || cost.parallelism > MAX_COST.parallelism
    {
        return Err(VaultError::Kdf(format!(
            "the recorded Argon2 cost ({} KiB, {} passes, {} lanes) is beyond what this \
             program accepts",
            cost.memory_kib, cost.iterations, cost.parallelism
        )));
    }
    let params = argon2::Params::new(cost.memory_kib, cost.iterations, cost.parallelism, Some(32))
        .map_err(|e| VaultError::Kdf(e.to_string()))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut key = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, key.as_mut_slice())
        .map_err(|e| VaultError::Kdf(e.to_string()))?;
    Ok(VaultKey(key))
}

/// The keys derived from the vault key, which is not kept.
pub(crate) struct Keys {
    /// Wraps (encrypts) each object's random file key. `XChaCha20Poly1305` wipes its
    /// key when dropped.
    wrap: XChaCha20Poly1305,
    /// Keys the HMAC that turns a content hash into an object name.
    name: Zeroizing<[u8; 32]>,
}

impl Keys {
    pub(crate) fn derive(vault_key: &VaultKey) -> Self {
        let wrap = subkey(vault_key, b"memoria-vault/v1/wrap-file-keys");
        Self {
            wrap: XChaCha20Poly1305::new(wrap.as_slice().into()),
            name: subkey(vault_key, b"memoria-vault/v1/name-objects"),
        }
    }

    pub(crate) fn wrap(&self) -> &XChaCha20Poly1305 {
        &self.wrap
    }

    /// The keyed name of an upload's folder: HMAC-SHA256 of its id under the naming key
    /// (with a label, so it never equals an object name), so that the storage does not
    /// show the ids a client continues an upload with.
    pub(crate) fn upload_name(&self, id: &[u8; 16]) -> [u8; 32] {
        let mut mac = hmac(self.name.as_slice());
        mac.update(b"memoria-vault/v1/upload/");
        mac.update(id);
        mac.finalize().into_bytes().into()
    }

    /// HMAC-SHA256 of the content hash under the naming key.
    pub(crate) fn object_name(&self, hash: &crate::ContentHash) -> [u8; 32] {
        let mut mac = hmac(self.name.as_slice());
        mac.update(hash.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

/// The value `vault.json` keeps to recognise the right key: HMAC-SHA256 under the
/// vault key of a fixed label. It says nothing about the key beyond that.
pub(crate) fn key_check(vault_key: &VaultKey) -> [u8; 32] {
    *subkey(vault_key, KEY_CHECK_LABEL)
}

const KEY_CHECK_LABEL: &[u8] = b"memoria-vault/v1/key-check";

/// Whether `expected` is this key's check value, compared in constant time.
pub(crate) fn key_checks(vault_key: &VaultKey, expected: &[u8]) -> bool {
    let mut mac = hmac(vault_key.as_bytes());
    mac.update(KEY_CHECK_LABEL);
    mac.update(&[1]);
    mac.verify_slice(expected).is_ok()
}

/// HKDF-Expand for one block is HMAC(key, label || 0x01); the vault key is already
/// uniformly random (Argon2 output or random bytes), so no extract step is needed.
fn subkey(vault_key: &VaultKey, label: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut mac = hmac(vault_key.as_bytes());
    mac.update(label);
    mac.update(&[1]);
    Zeroizing::new(mac.finalize().into_bytes().into())
}

fn hmac(key: &[u8]) -> Hmac<Sha256> {
    <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes a key of any length")
}

/// Random bytes for keys, salts and nonces.
pub(crate) fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

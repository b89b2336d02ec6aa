//! `vault.json`, the small description at the root of every vault.
//!
//! ```json
//! {
//!   "format": "memoria-vault",
//!   "version": 1,
//!   "key": {
//!     "source": "passphrase", "kdf": "argon2id", "argon2_version": 19,
//!     "memory_kib": 65536, "iterations": 3, "parallelism": 1, "salt": "<32 bytes, hex>"
//!   },
//!   "key_check": "<HMAC-SHA256 under the vault key of a fixed label, hex>"
//! }
//! ```
//!
//! or `"key": { "source": "key" }` for a vault opened with a 32-byte key (file). It holds
//! nothing secret: the salt and cost make a passphrase into the key, and the key check
//! lets a wrong passphrase or key file be named as such before anything is decrypted.

use serde::{Deserialize, Serialize};

use crate::key::{self, Argon2Cost, KeySource, NEW_VAULT_COST, VaultKey};
use crate::{VaultError, key::random};

pub(crate) const PATH: &str = "vault.json";
const FORMAT: &str = "memoria-vault";
const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Manifest {
    format: String,
    version: u32,
    key: KeyParams,
    key_check: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "kebab-case")]
enum KeyParams {
    Passphrase {
        kdf: String,
        argon2_version: u32,
        memory_kib: u32,
        iterations: u32,
        parallelism: u32,
        salt: String,
    },
    Key,
}

impl Manifest {
    /// A new vault's description and its key.
    pub(crate) fn create(source: KeySource) -> Result<(Self, VaultKey), VaultError> {
        let (params, vault_key) = match source {
            KeySource::Passphrase(passphrase) => {
                let salt = random::<32>();
                let vault_key = key::derive_from_passphrase(&passphrase, &salt, NEW_VAULT_COST)?;
                let params = KeyParams::Passphrase {
                    kdf: "argon2id".into(),
                    argon2_version: 0x13,
                    memory_kib: NEW_VAULT_COST.memory_kib,
                    iterations: NEW_VAULT_COST.iterations,
                    parallelism: NEW_VAULT_COST.parallelism,
                    salt: data_encoding::HEXLOWER.encode(&salt),
                };
                (params, vault_key)
            }
            KeySource::KeyFile(path) => (KeyParams::Key, VaultKey::read_key_file(&path)?),
            KeySource::Key(key) => (KeyParams::Key, key),
        };
        let manifest = Self {
            format: FORMAT.into(),
            version: VERSION,
            key: params,
            key_check: data_encoding::HEXLOWER.encode(&key::key_check(&vault_key)),
        };
        Ok((manifest, vault_key))
    }

    pub(crate) fn to_json(&self) -> Vec<u8> {
        let mut json = serde_json::to_vec_pretty(self).expect("the manifest serialises");
        json.push(b'\n');
        json
    }

    /// Reads a stored description; `location` only names it in errors.
    pub(crate) fn parse(json: &[u8], location: &str) -> Result<Self, VaultError> {
        let bad = |detail: String| VaultError::BadManifest {
            location: location.to_owned(),
            detail,
        };
        let manifest: Self = serde_json::from_slice(json).map_err(|e| bad(e.to_string()))?;
        if manifest.format != FORMAT {
            return Err(bad(format!("its format is {:?}", manifest.format)));
        }
        if manifest.version > VERSION {
            return Err(VaultError::NewerVault {
                location: location.to_owned(),
                version: manifest.version,
            });
        }
        if let KeyParams::Passphrase {
            kdf,
            argon2_version,
            ..
        } = &manifest.key
            && (kdf != "argon2id" || *argon2_version != 0x13)
        {
            return Err(bad(format!(
                "its key derivation {kdf} version {argon2_version} is not argon2id version 19"
            )));
        }
        Ok(manifest)
    }

    /// The vault key from `source`, if it is this vault's. Deriving from a passphrase
    /// takes a noticeable fraction of a second: run it off the async threads.
    pub(crate) fn unlock(&self, source: KeySource, location: &str) -> Result<VaultKey, VaultError> {
        let bad = |detail: &str| VaultError::BadManifest {
            location: location.to_owned(),
            detail: detail.to_owned(),
        };
        let given = source.describe();
        let vault_key = match (&self.key, source) {
            (
                KeyParams::Passphrase {
                    memory_kib,
                    iterations,
                    parallelism,
                    salt,
                    ..
                },
                KeySource::Passphrase(passphrase),
            ) => {
                let salt = data_encoding::HEXLOWER
                    .decode(salt.as_bytes())
                    .map_err(|_| bad("its salt is not hexadecimal"))?;
                let cost = Argon2Cost {
                    memory_kib: *memory_kib,
                    iterations: *iterations,
                    parallelism: *parallelism,
                };
                key::derive_from_passphrase(&passphrase, &salt, cost)?
            }
            (KeyParams::Key, KeySource::KeyFile(path)) => VaultKey::read_key_file(&path)?,
            (KeyParams::Key, KeySource::Key(key)) => key,
            (KeyParams::Passphrase { .. }, _) => {
                return Err(VaultError::KeyKind {
                    expected: key::PASSPHRASE,
                    given,
                });
            }
            (KeyParams::Key, _) => {
                return Err(VaultError::KeyKind {
                    expected: key::KEY,
                    given,
                });
            }
        };
        let check = data_encoding::HEXLOWER
            .decode(self.key_check.as_bytes())
            .map_err(|_| bad("its key check is not hexadecimal"))?;
        if !key::key_checks(&vault_key, &check) {
            return Err(VaultError::WrongKey);
        }
        Ok(vault_key)
    }
}

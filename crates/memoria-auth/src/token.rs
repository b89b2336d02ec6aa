//! Opaque bearer secrets: session cookies and API tokens.
//!
//! A token is a short prefix naming its use (`mst_` for sessions, `mat_` for API
//! tokens, so that a leaked one is recognisable in a log or a secret scanner) followed
//! by 256 random bits in base64url. Only its SHA-256 digest is stored, and the database
//! is searched by digest: a copy of the database does not let anyone sign in, and no
//! comparison on the secret itself can leak timing. A fast unsalted hash is right here,
//! unlike for passwords, because 256 random bits cannot be guessed whatever the speed.

use data_encoding::BASE64URL_NOPAD;
use sha2::{Digest, Sha256};

/// A new token with `prefix`: the plain text, to hand out once, and its [`digest`], to
/// store. The plain text is `prefix` followed by 43 base64url characters.
pub fn generate(prefix: &str) -> (String, [u8; 32]) {
    let plain = format!("{prefix}{}", BASE64URL_NOPAD.encode(&random_key()));
    let digest = digest(&plain);
    (plain, digest)
}

/// The SHA-256 of a token's whole plain text, prefix included: what is stored and
/// looked up.
pub fn digest(plain: &str) -> [u8; 32] {
    Sha256::digest(plain.as_bytes()).into()
}

/// 32 random bytes from the operating system, for keys such as a session's CSRF key.
pub fn random_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    crate::fill_random(&mut key);
    key
}

//! Tokens that prove a form was sent from one of Memoria's own pages.
//!
//! Each session has a random key (see [`crate::token::random_key`]), kept on the server
//! beside the session. A form's token is an HMAC of a fixed label under that key: the
//! server can recompute it at any time without storing it, and another site cannot
//! produce it without the key. The same token serves every form of the session.
//! Cookies with `SameSite=Lax` already stop most cross-site posts; this is the second
//! lock, for older browsers and same-site subdomains.

use data_encoding::BASE64URL_NOPAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// What the HMAC is taken of; a new version of the scheme gets a new label.
const LABEL: &[u8] = b"memoria-csrf-v1";

/// The token for the forms of the session whose CSRF key is `session_key`:
/// base64url (unpadded) of HMAC-SHA256(session_key, "memoria-csrf-v1").
pub fn token(session_key: &[u8]) -> String {
    BASE64URL_NOPAD.encode(&mac(session_key))
}

/// Whether `presented` is the token of this session. The comparison takes the same
/// time wherever the first difference is.
pub fn verify(session_key: &[u8], presented: &str) -> bool {
    let expected = token(session_key);
    expected.as_bytes().ct_eq(presented.as_bytes()).into()
}

fn mac(key: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(LABEL);
    mac.finalize().into_bytes().into()
}

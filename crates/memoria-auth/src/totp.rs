//! Time-based one-time passwords (RFC 6238) for the second factor of signing in.
//!
//! What authenticator apps expect: HMAC-SHA-1, 6 digits, 30-second steps counted from
//! the unix epoch. A code is accepted during its own step and the steps either side
//! (clocks drift, people type slowly), and each step's code is accepted only once:
//! the caller stores the step [`verify`] returns and passes it back next time.
//!
//! The HOTP construction underneath (RFC 4226) is public as [`hotp_with`], with the
//! other hashes RFC 6238 allows, so that the RFCs' own test vectors can be checked.

use std::fmt;

use data_encoding::BASE32_NOPAD;
use hmac::{Hmac, Mac};
use subtle::ConstantTimeEq;

/// Seconds per step.
pub const PERIOD: u64 = 30;
/// Digits in a code.
pub const DIGITS: u32 = 6;
/// Bytes of a secret: the length of a SHA-1 output, as RFC 4226 recommends.
pub const SECRET_BYTES: usize = 20;

/// The shared secret of one account's authenticator. Its `Debug` form hides the bytes,
/// so that it can sit in structs that get logged.
#[derive(Clone)]
pub struct Secret([u8; SECRET_BYTES]);

impl Secret {
    /// A fresh secret from the operating system's randomness.
    pub fn generate() -> Secret {
        let mut bytes = [0u8; SECRET_BYTES];
        crate::fill_random(&mut bytes);
        Secret(bytes)
    }

    /// Reads a secret back from [`Secret::to_base32`]. Lower case, spaces, hyphens and
    /// `=` padding are tolerated, as people copy secrets by hand; anything that is not
    /// base32 of exactly 20 bytes gives `None`.
    pub fn from_base32(s: &str) -> Option<Secret> {
        let cleaned: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '='))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let bytes = BASE32_NOPAD.decode(cleaned.as_bytes()).ok()?;
        Some(Secret(bytes.try_into().ok()?))
    }

    /// The secret as unpadded RFC 4648 base32 (32 characters), the form authenticator
    /// apps take when typed in.
    pub fn to_base32(&self) -> String {
        BASE32_NOPAD.encode(&self.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// The hash under the HMAC of [`hotp_with`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    Sha1,
    Sha256,
    Sha512,
}

/// The HOTP value (RFC 4226 §5.3) of `key` at `counter`, as `digits` decimal digits
/// with leading zeros.
///
/// Panics if `digits` is not between 1 and 9: the truncated value has 31 bits, so a
/// tenth digit would not be uniform.
pub fn hotp_with(algorithm: Algorithm, key: &[u8], counter: u64, digits: u32) -> String {
    assert!(
        (1..=9).contains(&digits),
        "HOTP codes have between 1 and 9 digits"
    );
    let mac = hmac(algorithm, key, &counter.to_be_bytes());
    // Dynamic truncation: the low nibble of the last byte picks four bytes, of which
    // the top bit is dropped.
    let offset = usize::from(mac[mac.len() - 1] & 0x0f);
    let word = u32::from_be_bytes([
        mac[offset] & 0x7f,
        mac[offset + 1],
        mac[offset + 2],
        mac[offset + 3],
    ]);
    let code = word % 10u32.pow(digits);
    format!("{code:0width$}", width = digits as usize)
}

fn hmac(algorithm: Algorithm, key: &[u8], message: &[u8]) -> Vec<u8> {
    macro_rules! hmac {
        ($digest:ty) => {{
            let mut mac =
                Hmac::<$digest>::new_from_slice(key).expect("HMAC takes keys of any length");
            mac.update(message);
            mac.finalize().into_bytes().to_vec()
        }};
    }
    match algorithm {
        Algorithm::Sha1 => hmac!(sha1::Sha1),
        Algorithm::Sha256 => hmac!(sha2::Sha256),
        Algorithm::Sha512 => hmac!(sha2::Sha512),
    }
}

/// The step a unix time falls in.
pub fn step_at(unix: u64) -> u64 {
    unix / PERIOD
}

/// The code an authenticator shows at `unix`.
pub fn code_at(secret: &Secret, unix: u64) -> String {
    code_for_step(secret, step_at(unix))
}

fn code_for_step(secret: &Secret, step: u64) -> String {
    hotp_with(Algorithm::Sha1, &secret.0, step, DIGITS)
}

/// Checks a code typed at `unix`. Accepts the code of the current step or of one step
/// either side, but never of a step at or before `last_used_step`, so that a code seen
/// over someone's shoulder cannot be used again. Returns the step that matched, which
/// the caller stores as the new `last_used_step`; `None` means refuse.
///
/// Spaces in the code are ignored (`123 456`); anything but six digits is refused.
pub fn verify(secret: &Secret, code: &str, unix: u64, last_used_step: Option<u64>) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_at(unix);
    let mut matched = None;
    // Every candidate is compared, in constant time, whatever matched before.
    for step in [now.checked_sub(1), Some(now), now.checked_add(1)]
        .into_iter()
        .flatten()
    {
        let fresh = last_used_step.is_none_or(|used| step > used);
        let equal: bool = code_for_step(secret, step)
            .as_bytes()
            .ct_eq(code.as_bytes())
            .into();
        if fresh && equal && matched.is_none() {
            matched = Some(step);
        }
    }
    matched
}

/// The `otpauth://` URI an authenticator app reads from a QR code, in the key URI
/// format authenticator apps share:
/// `otpauth://totp/Issuer:account?secret=…&issuer=Issuer&algorithm=SHA1&digits=6&period=30`.
/// Issuer and account are percent-encoded (everything but RFC 3986's unreserved
/// characters), so a colon or `&` in either cannot change the URI's meaning.
pub fn otpauth_uri(secret: &Secret, issuer: &str, account: &str) -> String {
    let issuer = percent_encode(issuer);
    format!(
        "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}\
         &algorithm=SHA1&digits={DIGITS}&period={PERIOD}",
        account = percent_encode(account),
        secret = secret.to_base32(),
    )
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

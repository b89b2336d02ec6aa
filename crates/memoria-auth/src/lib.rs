//! Account security for Memoria: the decisions, with no IO.
//!
//! Signing in, sessions, CSRF, second factors, API tokens, roles and permissions are
//! decided here and carried out elsewhere. This crate never touches a database, a
//! socket or the clock: callers pass the stored values in, and `now` as unix seconds,
//! and keep what comes back. The one thing it takes from the outside world is
//! randomness, always from the operating system, because every secret it makes
//! (salts, TOTP secrets, bearer tokens, session keys) must be unpredictable.
//!
//! - [`password`]: argon2id hashes, verification that does not reveal which accounts
//!   exist, the length rule.
//! - [`totp`]: RFC 6238 one-time codes with replay protection, and the HOTP beneath them.
//! - [`token`]: opaque bearer secrets (sessions, API tokens) and the digests to store.
//! - [`csrf`]: per-session form tokens.
//! - [`roles`]: the role × permission table, what one account may do in each
//!   collection, and the redaction of what it may not read.
//! - [`throttle`]: lock-out and rate limiting of sign-in attempts.
//! - [`session`]: idle and absolute session time-outs.
//!
//! Cryptography comes from well-kept crates (`argon2`, `hmac`, `sha1`, `sha2`,
//! `subtle`); only the few lines of TOTP around HMAC are written here.

pub mod account;
pub mod csrf;
pub mod password;
pub mod roles;
pub mod session;
pub mod throttle;
pub mod token;
pub mod totp;

/// `N` bytes from the operating system's random number generator, for a key seed.
/// Panics as [`fill_random`] does.
pub fn secret_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    fill_random(&mut buf);
    buf
}

/// Fills `buf` from the operating system's random number generator.
///
/// Panics if the operating system cannot supply randomness: no secret may ever be made
/// from anything weaker, and there is nothing a caller could do instead.
pub(crate) fn fill_random(buf: &mut [u8]) {
    use rand::TryRngCore;
    rand::rngs::OsRng
        .try_fill_bytes(buf)
        .expect("the operating system's random number generator failed");
}

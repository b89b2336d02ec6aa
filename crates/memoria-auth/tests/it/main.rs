//! memoria-auth's integration tests, one module per feature:
//!
//! - `password`: hashing, verification, the length rule, the dummy hash.
//! - `totp`: the RFC 4226 and RFC 6238 vectors, the acceptance window, replay, the URI.
//! - `token`: bearer tokens and their digests; CSRF tokens.
//! - `roles`: the role × permission table, visibility by sensitivity, redaction.
//! - `throttle`: lock-out and window expiry.
//! - `session`: idle and absolute time-outs.

mod password;
mod roles;
mod session;
mod throttle;
mod token;
mod totp;

//! What a server keeps to let people in: sessions, API tokens, collection roles, each
//! account's settings, and the counters that throttle sign-in attempts.
//!
//! All of it lives in the database, never only in a process's memory, so that several
//! server processes on one PostgreSQL database agree on who is signed in and who is
//! locked out. Secrets are kept only as SHA-256 digests (session and API tokens) or
//! as the caller gives them (the TOTP secret, the CSRF key); `Debug` never prints them.
//!
//! Not here: hashing, token generation, TOTP arithmetic, what a role allows, or when a
//! counter locks an account out. Those belong to the caller; the store keeps the state.
//!
//! The row types below are what both drivers read; decoding them is shared, and names
//! columns, never values.

use std::fmt;

use memoria_core::id::RecordId;
use uuid::Uuid;

use crate::sql::{record_id, timestamp};
use crate::{AccountId, Result, StoreError, Timestamp};

/// A signed-in browser. The cookie holds a random token; the store keeps only its
/// SHA-256 `digest`, so a copy of the database opens no session.
#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    pub digest: [u8; 32],
    pub account: AccountId,
    pub created_at: Timestamp,
    /// Moved forward by [`Store::touch_session`](crate::Store::touch_session).
    pub last_seen_at: Timestamp,
    /// Set at sign-out; an ended session opens nothing.
    pub ended_at: Option<Timestamp>,
    /// The TOTP code was given (or the account has no second factor and the caller
    /// says so at sign-in).
    pub second_factor_done: bool,
    /// The key the caller derives this session's CSRF tokens from.
    pub csrf_key: Vec<u8>,
}

/// A bearer token for the API. Its secret is never stored: the store keeps its SHA-256
/// digest (given to [`Tx::add_api_token`](crate::Tx::add_api_token)), which is not
/// part of this type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiToken {
    pub id: Uuid,
    pub account: AccountId,
    /// Chosen by the account ("laptop script"); shown to it, never logged.
    pub label: String,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

/// An account's role in one collection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    pub account: AccountId,
    pub collection: RecordId,
    /// A role name the caller defines (`coordinator`, `documentalist`, …).
    pub role: String,
}

/// Per-account settings.
#[derive(Clone, PartialEq, Eq)]
pub struct AccountSettings {
    /// The interface language, a language tag (`en`, `es`, `fr`, `ar`).
    pub language: String,
    /// The TOTP shared secret, as the caller encodes it (usually base32). Kept even
    /// while `totp_enabled` is false, for enrolment.
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
    /// The last TOTP time step accepted, so that a code is never accepted twice.
    pub totp_last_step: Option<u64>,
}

impl Default for AccountSettings {
    fn default() -> AccountSettings {
        AccountSettings {
            language: "en".into(),
            totp_secret: None,
            totp_enabled: false,
            totp_last_step: None,
        }
    }
}

/// Failed sign-in attempts under one key (an account, or a hashed address). Times
/// are unix seconds; what window and limits apply is the caller's policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignInCounter {
    pub window_start: u64,
    pub failures: u32,
    pub locked_until: Option<u64>,
}

/// A few leading bytes in hex: enough to tell values apart in a log, too few to use.
struct Prefix<'a>(&'a [u8]);

impl fmt::Debug for Prefix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0.iter().take(4) {
            write!(f, "{b:02x}")?;
        }
        f.write_str("…")
    }
}

/// A secret's place, shown without the secret.
struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Only a length: nothing of a key is shown.
struct Length(usize);

impl fmt::Debug for Length {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("digest", &Prefix(&self.digest))
            .field("account", &self.account)
            .field("created_at", &self.created_at)
            .field("last_seen_at", &self.last_seen_at)
            .field("ended_at", &self.ended_at)
            .field("second_factor_done", &self.second_factor_done)
            .field("csrf_key", &Length(self.csrf_key.len()))
            .finish()
    }
}

impl fmt::Debug for AccountSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccountSettings")
            .field("language", &self.language)
            .field("totp_secret", &self.totp_secret.as_ref().map(|_| Redacted))
            .field("totp_enabled", &self.totp_enabled)
            .field("totp_last_step", &self.totp_last_step)
            .finish()
    }
}

/// The columns of `sessions`, in the order [`SessionRow`] takes them.
pub(crate) const SESSION_COLUMNS: &str =
    "digest, account, created_at, last_seen_at, ended_at, second_factor_done, csrf_key";

/// The columns of `api_tokens` that [`ApiTokenRow`] takes (never the digest).
pub(crate) const API_TOKEN_COLUMNS: &str =
    "id, account, label, created_at, last_used_at, revoked_at";

pub(crate) const SETTINGS_COLUMNS: &str = "language, totp_secret, totp_enabled, totp_last_step";

pub(crate) const COUNTER_COLUMNS: &str = "window_start, failures, locked_until";

pub(crate) struct SessionRow {
    pub digest: Vec<u8>,
    pub account: Uuid,
    pub created_at: String,
    pub last_seen_at: String,
    pub ended_at: Option<String>,
    pub second_factor_done: bool,
    pub csrf_key: Vec<u8>,
}

impl SessionRow {
    pub fn decode(self) -> Result<Session> {
        let digest = <[u8; 32]>::try_from(self.digest.as_slice()).map_err(|_| {
            StoreError::Shape(format!(
                "a session of account {} has a digest that is not 32 bytes",
                self.account
            ))
        })?;
        Ok(Session {
            digest,
            account: AccountId(self.account),
            created_at: timestamp(&self.created_at, "sessions.created_at")?,
            last_seen_at: timestamp(&self.last_seen_at, "sessions.last_seen_at")?,
            ended_at: self
                .ended_at
                .map(|t| timestamp(&t, "sessions.ended_at"))
                .transpose()?,
            second_factor_done: self.second_factor_done,
            csrf_key: self.csrf_key,
        })
    }
}

pub(crate) struct ApiTokenRow {
    pub id: Uuid,
    pub account: Uuid,
    pub label: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

impl ApiTokenRow {
    pub fn decode(self) -> Result<ApiToken> {
        Ok(ApiToken {
            id: self.id,
            account: AccountId(self.account),
            label: self.label,
            created_at: timestamp(&self.created_at, "api_tokens.created_at")?,
            last_used_at: self
                .last_used_at
                .map(|t| timestamp(&t, "api_tokens.last_used_at"))
                .transpose()?,
            revoked_at: self
                .revoked_at
                .map(|t| timestamp(&t, "api_tokens.revoked_at"))
                .transpose()?,
        })
    }
}

pub(crate) struct MembershipRow {
    pub account: Uuid,
    pub collection: Uuid,
    pub role: String,
}

impl MembershipRow {
    pub fn decode(self) -> Result<Membership> {
        Ok(Membership {
            account: AccountId(self.account),
            collection: record_id(self.collection)?,
            role: self.role,
        })
    }
}

pub(crate) struct SettingsRow {
    pub language: String,
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
    pub totp_last_step: Option<i64>,
}

impl SettingsRow {
    pub fn decode(self) -> Result<AccountSettings> {
        Ok(AccountSettings {
            language: self.language,
            totp_secret: self.totp_secret,
            totp_enabled: self.totp_enabled,
            totp_last_step: self
                .totp_last_step
                .map(|s| unsigned(s, "account_settings.totp_last_step"))
                .transpose()?,
        })
    }
}

pub(crate) struct CounterRow {
    pub window_start: i64,
    pub failures: i64,
    pub locked_until: Option<i64>,
}

impl CounterRow {
    pub fn decode(self) -> Result<SignInCounter> {
        Ok(SignInCounter {
            window_start: unsigned(self.window_start, "sign_in_counters.window_start")?,
            failures: u32::try_from(self.failures).map_err(|_| {
                StoreError::Shape("a value of sign_in_counters.failures is out of range".into())
            })?,
            locked_until: self
                .locked_until
                .map(|t| unsigned(t, "sign_in_counters.locked_until"))
                .transpose()?,
        })
    }
}

fn unsigned(v: i64, column: &str) -> Result<u64> {
    u64::try_from(v).map_err(|_| StoreError::Shape(format!("a value of {column} is negative")))
}

/// Unix seconds and TOTP steps are `u64` in the API and signed 64-bit in both
/// databases.
pub(crate) fn i64_param(v: u64, what: &str) -> Result<i64> {
    i64::try_from(v).map_err(|_| StoreError::Backend(format!("{what} {v} is out of range")))
}

/// A counter as bound: (window start, failures, locked until). Failures beyond
/// `i32::MAX` are kept as `i32::MAX`: the account is locked out long before.
pub(crate) fn counter_params(c: &SignInCounter) -> Result<(i64, i32, Option<i64>)> {
    Ok((
        i64_param(c.window_start, "a counter's window start")?,
        i32::try_from(c.failures).unwrap_or(i32::MAX),
        c.locked_until
            .map(|t| i64_param(t, "a counter's lock-out time"))
            .transpose()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_secret() {
        let session = Session {
            digest: [0xab; 32],
            account: AccountId(Uuid::nil()),
            created_at: Timestamp::now(),
            last_seen_at: Timestamp::now(),
            ended_at: None,
            second_factor_done: false,
            csrf_key: vec![0xcd; 32],
        };
        let shown = format!("{session:?}");
        assert!(
            shown.contains("abababab…") && shown.contains("<32 bytes>"),
            "{shown}"
        );
        assert!(
            !shown.contains(&"ab".repeat(5)) && !shown.contains("171") && !shown.contains("205"),
            "{shown}"
        );
        let settings = AccountSettings {
            totp_secret: Some("JBSWY3DPEHPK3PXP".into()),
            ..AccountSettings::default()
        };
        let shown = format!("{settings:?}");
        assert!(!shown.contains("JBSW") && shown.contains("***"), "{shown}");
    }
}

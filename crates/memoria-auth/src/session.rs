//! How long a session lives.
//!
//! A session ends after a time without use (someone walked away from a shared
//! computer) and, however busy, after a fixed time from signing in (a stolen cookie
//! does not work forever). The caller keeps when the session was created and last
//! seen; this module only decides.

/// Idle and absolute time-outs, in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// The longest time between two requests of a session.
    pub idle_secs: u64,
    /// The longest life of a session from signing in.
    pub absolute_secs: u64,
}

impl Default for Timeouts {
    /// 30 minutes idle, 12 hours in all: a working day, with a break.
    fn default() -> Timeouts {
        Timeouts {
            idle_secs: 30 * 60,
            absolute_secs: 12 * 60 * 60,
        }
    }
}

impl Timeouts {
    /// Whether a session created at `created_unix` and last used at `last_seen_unix`
    /// may still be used at `now`. It ends the moment either time-out is reached. A
    /// time in the future (a clock set back) counts as no time elapsed.
    pub fn is_live(&self, created_unix: u64, last_seen_unix: u64, now: u64) -> bool {
        now.saturating_sub(created_unix) < self.absolute_secs
            && now.saturating_sub(last_seen_unix) < self.idle_secs
    }

    /// The first moment the session is no longer live if it is not used again: for a
    /// cookie's expiry, or to purge stale sessions.
    pub fn expires_at(&self, created_unix: u64, last_seen_unix: u64) -> u64 {
        created_unix
            .saturating_add(self.absolute_secs)
            .min(last_seen_unix.saturating_add(self.idle_secs))
    }
}

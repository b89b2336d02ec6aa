//! Lock-out and rate limiting of sign-in attempts.
//!
//! The caller keeps one [`Counter`] per key and asks a [`Policy`] what to do. Two keys
//! are checked for every attempt, each with its own policy:
//!
//! - the account name as typed (normalised the way names are looked up), with
//!   [`Policy::for_account`]: stops guessing one account's password from many
//!   addresses. Keep counters for names that have no account too, or the lock-out
//!   itself would tell which names exist.
//! - the client address, with [`Policy::for_address`]: stops one address from trying
//!   a few passwords on many accounts.
//!
//! Check both before verifying the password; on a failure store
//! [`Policy::after_failure`] for both; on a success forget the account's counter but
//! keep the address's, so that an attacker cannot reset it by signing in to an
//! account of their own between guesses.
//!
//! A lock-out is a fixed time, not growing: someone who knows a colleague's account
//! name can keep it locked, and a growing lock would make that worse.

use serde::{Deserialize, Serialize};

/// How many failures are allowed in how long, and how long a lock-out lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Failures within one window that lock the key.
    pub max_failures: u32,
    /// Length of the window failures are counted in, from the first of them.
    pub window_secs: u64,
    /// Length of a lock-out.
    pub lockout_secs: u64,
}

/// The failures of one key, as the caller stores them between attempts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counter {
    /// When the first failure of the current window happened.
    pub window_start: u64,
    /// Failures since `window_start`.
    pub failures: u32,
    /// Until when attempts are refused, if the key is locked.
    pub locked_until: Option<u64>,
}

/// What to do with an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Go on and check the password.
    Allow,
    /// Refuse without checking the password; say when to try again.
    Locked { retry_after_secs: u64 },
}

impl Default for Policy {
    /// The policy for account keys.
    fn default() -> Policy {
        Policy::for_account()
    }
}

impl Policy {
    /// 5 failures within 15 minutes lock the account key for 15 minutes.
    pub fn for_account() -> Policy {
        Policy {
            max_failures: 5,
            window_secs: 15 * 60,
            lockout_secs: 15 * 60,
        }
    }

    /// 20 failures within 15 minutes lock the address for 15 minutes: looser than for
    /// an account, since an office or a VPN puts many people behind one address.
    pub fn for_address() -> Policy {
        Policy {
            max_failures: 20,
            window_secs: 15 * 60,
            lockout_secs: 15 * 60,
        }
    }

    /// Whether an attempt at `now` may go ahead, given the key's counter (`None` for a
    /// key never seen).
    pub fn check(&self, counter: Option<&Counter>, now: u64) -> Decision {
        match counter.and_then(|c| c.locked_until) {
            Some(until) if now < until => Decision::Locked {
                retry_after_secs: until - now,
            },
            _ => Decision::Allow,
        }
    }

    /// The counter to store after a failed attempt at `now`. A failure after the window
    /// or the lock-out has passed starts a new window; the failure that reaches
    /// `max_failures` locks the key. A failure recorded while locked changes nothing,
    /// so a lock-out is never lengthened by further attempts.
    pub fn after_failure(&self, counter: Option<&Counter>, now: u64) -> Counter {
        let current = counter.copied().filter(|c| match c.locked_until {
            Some(until) => now < until,
            None => now.saturating_sub(c.window_start) < self.window_secs,
        });
        let Some(mut next) = current else {
            return self.lock_if_due(
                Counter {
                    window_start: now,
                    failures: 1,
                    locked_until: None,
                },
                now,
            );
        };
        if next.locked_until.is_some() {
            return next;
        }
        next.failures = next.failures.saturating_add(1);
        self.lock_if_due(next, now)
    }

    fn lock_if_due(&self, mut counter: Counter, now: u64) -> Counter {
        if counter.failures >= self.max_failures {
            counter.locked_until = Some(now.saturating_add(self.lockout_secs));
        }
        counter
    }
}

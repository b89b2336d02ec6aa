//! Password hashing and the rule for new passwords.
//!
//! Hashes are argon2id in PHC string form (`$argon2id$v=19$m=19456,t=2,p=1$…`) with the
//! `argon2` crate's defaults, which follow OWASP's recommendation. The parameters travel
//! in the string, so hashes made with older parameters still verify; [`needs_rehash`]
//! says when to replace one after a successful sign-in.
//!
//! The only rule for a new password is its length, as NIST SP 800-63B advises:
//! composition rules ("one digit, one symbol") make passwords harder to remember and no
//! harder to guess.

use std::sync::OnceLock;

use argon2::Argon2;
use password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// The fewest characters (Unicode scalar values) a new password may have.
pub const MIN_CHARS: usize = 12;

/// The most bytes a password may have, so that no one makes the server hash a megabyte.
pub const MAX_BYTES: usize = 1024;

/// Hashing failed; in practice only when the operating system gives no randomness.
#[derive(Debug, thiserror::Error)]
#[error("hashing the password failed ({0}); try again, and report it if it persists")]
pub struct PasswordError(password_hash::Error);

/// The argon2id PHC string of `password`, with a fresh random salt.
pub fn hash(password: &str) -> Result<String, PasswordError> {
    let salt = SaltString::generate(&mut password_hash::rand_core::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(PasswordError)
}

/// Whether `password` is the one `phc` was made from. The comparison of the hashes is
/// constant-time. A malformed or non-argon2 hash gives `false` rather than an error:
/// for the caller it means the same thing, the password is not accepted.
pub fn verify(password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

/// Whether a hash that just verified was made with other parameters than [`hash`] uses
/// now, so that the caller should store a fresh hash of the password it was given.
pub fn needs_rehash(phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return true;
    };
    let Ok(params) = argon2::Params::try_from(&parsed) else {
        return true;
    };
    parsed.algorithm != argon2::Algorithm::Argon2id.ident()
        || parsed.version != Some(argon2::Version::V0x13.into())
        || params.m_cost() != argon2::Params::DEFAULT_M_COST
        || params.t_cost() != argon2::Params::DEFAULT_T_COST
        || params.p_cost() != argon2::Params::DEFAULT_P_COST
}

/// `Ok` if `password` may be chosen; otherwise a message that says how to fix it.
pub fn check_strength(password: &str) -> Result<(), String> {
    if password.len() > MAX_BYTES {
        return Err(format!(
            "the password is too long; use at most {MAX_BYTES} bytes"
        ));
    }
    if password.chars().count() < MIN_CHARS {
        return Err(format!(
            "the password is too short; use at least {MIN_CHARS} characters \
             (a few unrelated words are long and easy to remember)"
        ));
    }
    Ok(())
}

/// The hash of a random password nobody knows, made once per process.
///
/// When someone signs in with a name that has no account (or an account without a
/// password), verify the password they gave against this hash and refuse: the answer
/// then takes as long as for a real account, so its timing does not tell which names
/// exist.
pub fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let mut secret = [0u8; 32];
        crate::fill_random(&mut secret);
        let password = data_encoding::BASE64URL_NOPAD.encode(&secret);
        hash(&password).expect("argon2 with its default parameters hashes any password")
    })
}

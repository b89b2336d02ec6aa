//! The meaning of the writes about access (sessions, API tokens, memberships, account
//! settings, passwords, disabling), for both backends: who may make each, which
//! checks come first, and what its audit entry says.
//!
//! The rule on who: an account's own sign-in state, tokens, password and settings are
//! changed by that account or by an administrator; disabling is for administrators.
//! Memberships are checked for existence only: what a collection role allows, and so
//! who may hand it out, is the caller's policy.
//!
//! Audit details name accounts, token ids, roles and setting names, never a secret.
//! As with records, a write that changes nothing writes nothing, audit entry included.

use memoria_core::entity::EntityKind;
use memoria_core::id::RecordId;
use uuid::Uuid;

use super::Primitives;
use crate::{
    Account, AccountId, AccountSettings, ApiToken, Result, Session, StoreError, Timestamp,
};

/// Refuses anyone but the account itself or an administrator.
fn check_self_or_admin(p: &impl Primitives, account: AccountId) -> Result<()> {
    let actor = p.actor();
    if actor.is_admin || actor.account == account {
        return Ok(());
    }
    Err(StoreError::Forbidden(format!(
        "only account {account} itself or an administrator can change its sign-in, \
         tokens, password or settings; ask an administrator"
    )))
}

fn existing_account(p: &mut impl Primitives, account: AccountId) -> Result<Account> {
    p.account_by_id(account)?
        .ok_or(StoreError::AccountNotFound(account))
}

/// Refuses a disabled account something that would let it in.
fn check_enabled(account: &Account) -> Result<()> {
    if account.disabled {
        return Err(StoreError::Forbidden(format!(
            "account {} is disabled; an administrator can enable it",
            account.id
        )));
    }
    Ok(())
}

/// An audit detail that names the account acted on when it is not the actor's own
/// (the entry's account is always the actor's).
fn detail_for(p: &impl Primitives, account: AccountId, detail: &str) -> String {
    if p.actor().account == account {
        detail.to_string()
    } else if detail.is_empty() {
        format!("account {account}")
    } else {
        format!("{detail}; account {account}")
    }
}

fn audit(
    p: &mut impl Primitives,
    action: &str,
    record: Option<RecordId>,
    detail: &str,
) -> Result<()> {
    p.insert_audit(&Timestamp::now().to_string(), action, record, detail)
}

pub(crate) fn start_session(p: &mut impl Primitives, session: &Session) -> Result<()> {
    check_self_or_admin(p, session.account)?;
    check_enabled(&existing_account(p, session.account)?)?;
    if !p.insert_session(session)? {
        // Digests of fresh random tokens do not collide: the caller reused a token.
        p.fail();
        return Err(StoreError::Backend(
            "a session with this digest already exists; start each session with a new \
             random token"
                .into(),
        ));
    }
    let detail = detail_for(p, session.account, "password");
    audit(p, "sign-in", None, &detail)
}

pub(crate) fn complete_second_factor(p: &mut impl Primitives, digest: &[u8; 32]) -> Result<()> {
    let session = p
        .session_row(digest)?
        .filter(|s| s.ended_at.is_none())
        .ok_or(StoreError::SessionNotFound)?;
    check_self_or_admin(p, session.account)?;
    if session.second_factor_done {
        return Ok(());
    }
    p.update_second_factor_done(digest)?;
    let detail = detail_for(p, session.account, "totp");
    audit(p, "second-factor", None, &detail)
}

pub(crate) fn end_session(p: &mut impl Primitives, digest: &[u8; 32], at: Timestamp) -> Result<()> {
    // Signing out twice, or with a forgotten session, is not an error.
    let Some(session) = p.session_row(digest)? else {
        return Ok(());
    };
    if session.ended_at.is_some() {
        return Ok(());
    }
    check_self_or_admin(p, session.account)?;
    p.update_session_ended(digest, &at.to_string())?;
    let detail = detail_for(p, session.account, "");
    audit(p, "sign-out", None, &detail)
}

pub(crate) fn end_sessions_of(
    p: &mut impl Primitives,
    account: AccountId,
    at: Timestamp,
) -> Result<u64> {
    check_self_or_admin(p, account)?;
    let n = p.update_sessions_ended(account, &at.to_string())?;
    if n > 0 {
        let detail = detail_for(p, account, &format!("sessions: {n}"));
        audit(p, "sessions-ended", None, &detail)?;
    }
    Ok(n)
}

pub(crate) fn add_api_token(
    p: &mut impl Primitives,
    token: &ApiToken,
    digest: &[u8; 32],
) -> Result<()> {
    check_self_or_admin(p, token.account)?;
    check_enabled(&existing_account(p, token.account)?)?;
    if !p.insert_api_token(token, digest)? {
        p.fail();
        return Err(StoreError::Backend(format!(
            "API token {} or its digest already exists; make a new token",
            token.id
        )));
    }
    let detail = detail_for(p, token.account, &token.id.to_string());
    audit(p, "token-create", None, &detail)
}

pub(crate) fn revoke_api_token(p: &mut impl Primitives, id: Uuid, at: Timestamp) -> Result<()> {
    let token = p.api_token_row(id)?.ok_or(StoreError::TokenNotFound(id))?;
    check_self_or_admin(p, token.account)?;
    if token.revoked_at.is_some() {
        return Ok(());
    }
    p.update_token_revoked(id, &at.to_string())?;
    let detail = detail_for(p, token.account, &id.to_string());
    audit(p, "token-revoke", None, &detail)
}

pub(crate) fn set_membership(
    p: &mut impl Primitives,
    account: AccountId,
    collection: RecordId,
    role: Option<&str>,
) -> Result<()> {
    existing_account(p, account)?;
    let record = p
        .current(collection, false)?
        .ok_or(StoreError::NotFound(collection))?;
    if record.stored.kind != EntityKind::Collection {
        return Err(StoreError::NotACollection(collection));
    }
    if p.membership_role(account, collection)?.as_deref() == role {
        return Ok(());
    }
    p.write_membership(account, collection, role)?;
    let detail = match role {
        Some(role) => format!("account {account}, role {role}"),
        None => format!("account {account}, removed"),
    };
    audit(p, "member-set", Some(collection), &detail)
}

/// The names of the settings that differ, as the audit log shows them.
fn changed_settings(before: &AccountSettings, after: &AccountSettings) -> Vec<&'static str> {
    let mut changed = Vec::new();
    if before.language != after.language {
        changed.push("language");
    }
    if before.totp_secret != after.totp_secret {
        changed.push("totp-secret");
    }
    if before.totp_enabled != after.totp_enabled {
        changed.push("totp-enabled");
    }
    if before.totp_last_step != after.totp_last_step {
        changed.push("totp-last-step");
    }
    changed
}

pub(crate) fn set_account_settings(
    p: &mut impl Primitives,
    account: AccountId,
    settings: &AccountSettings,
) -> Result<()> {
    check_self_or_admin(p, account)?;
    existing_account(p, account)?;
    let before = p.settings_row(account)?.unwrap_or_default();
    let changed = changed_settings(&before, settings);
    if changed.is_empty() {
        return Ok(());
    }
    p.write_settings(account, settings)?;
    let detail = detail_for(p, account, &format!("fields: {}", changed.join(", ")));
    audit(p, "settings", None, &detail)
}

pub(crate) fn set_password(p: &mut impl Primitives, account: AccountId, phc: &str) -> Result<()> {
    check_self_or_admin(p, account)?;
    existing_account(p, account)?;
    p.update_password_hash(account, phc)?;
    let detail = detail_for(p, account, "");
    audit(p, "password-change", None, &detail)
}

pub(crate) fn set_account_disabled(
    p: &mut impl Primitives,
    account: AccountId,
    disabled: bool,
) -> Result<()> {
    if !p.actor().is_admin {
        return Err(StoreError::Forbidden(
            "only administrators can disable or enable accounts; ask an administrator".into(),
        ));
    }
    if existing_account(p, account)?.disabled == disabled {
        return Ok(());
    }
    p.update_disabled(account, disabled)?;
    let at = Timestamp::now().to_string();
    let mut detail = format!("account {account}");
    let action = if disabled {
        // A disabled account keeps no open door.
        let n = p.update_sessions_ended(account, &at)?;
        if n > 0 {
            detail.push_str(&format!("; sessions ended: {n}"));
        }
        "account-disable"
    } else {
        "account-enable"
    };
    p.insert_audit(&at, action, None, &detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_settings_are_named_never_shown() {
        let before = AccountSettings::default();
        let after = AccountSettings {
            language: "ar".into(),
            totp_secret: Some("JBSWY3DPEHPK3PXP".into()),
            ..AccountSettings::default()
        };
        assert_eq!(
            changed_settings(&before, &after),
            ["language", "totp-secret"]
        );
        assert!(changed_settings(&after, &after).is_empty());
    }
}

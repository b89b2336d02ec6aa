//! The access tables on SQLite (see [`crate::access`]): the reads that the store and
//! its transactions share, and the bookkeeping writes the store makes outside any
//! transaction (touches, sign-in counters), each one statement in autocommit.

use memoria_core::id::RecordId;
use rusqlite::{Connection, Row, params};
use uuid::Uuid;

use super::{blob, db_error, opt_uuid_at, query_all, query_opt, uuid_at};
use crate::access::{
    self, API_TOKEN_COLUMNS, ApiTokenRow, COUNTER_COLUMNS, CounterRow, MembershipRow,
    SESSION_COLUMNS, SETTINGS_COLUMNS, SessionRow, SettingsRow,
};
use crate::sql::{self, CHANGES_SQL};
use crate::{
    AccountId, AccountSettings, ApiToken, Membership, Result, Session, SignInCounter, Timestamp,
};

fn session_row(r: &Row<'_>) -> rusqlite::Result<SessionRow> {
    Ok(SessionRow {
        digest: r.get(0)?,
        account: uuid_at(r, 1)?,
        created_at: r.get(2)?,
        last_seen_at: r.get(3)?,
        ended_at: r.get(4)?,
        second_factor_done: r.get(5)?,
        csrf_key: r.get(6)?,
    })
}

fn api_token_row(r: &Row<'_>) -> rusqlite::Result<ApiTokenRow> {
    Ok(ApiTokenRow {
        id: uuid_at(r, 0)?,
        account: uuid_at(r, 1)?,
        label: r.get(2)?,
        created_at: r.get(3)?,
        last_used_at: r.get(4)?,
        revoked_at: r.get(5)?,
    })
}

fn membership_row(r: &Row<'_>) -> rusqlite::Result<MembershipRow> {
    Ok(MembershipRow {
        account: uuid_at(r, 0)?,
        collection: uuid_at(r, 1)?,
        role: r.get(2)?,
    })
}

pub(super) fn session(conn: &Connection, digest: &[u8; 32]) -> Result<Option<Session>> {
    let sql = format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE digest = ?1");
    query_opt(conn, &sql, [digest], session_row)?
        .map(SessionRow::decode)
        .transpose()
}

/// The token with this id or this digest.
pub(super) fn api_token(conn: &Connection, key: TokenKey<'_>) -> Result<Option<ApiToken>> {
    let found = match key {
        TokenKey::Id(id) => query_opt(
            conn,
            &format!("SELECT {API_TOKEN_COLUMNS} FROM api_tokens WHERE id = ?1"),
            [blob(&id)],
            api_token_row,
        ),
        TokenKey::Digest(digest) => query_opt(
            conn,
            &format!("SELECT {API_TOKEN_COLUMNS} FROM api_tokens WHERE digest = ?1"),
            [digest],
            api_token_row,
        ),
    };
    found?.map(ApiTokenRow::decode).transpose()
}

pub(super) enum TokenKey<'a> {
    Id(Uuid),
    Digest(&'a [u8; 32]),
}

pub(super) fn api_tokens_of(conn: &Connection, account: AccountId) -> Result<Vec<ApiToken>> {
    let sql = format!(
        "SELECT {API_TOKEN_COLUMNS} FROM api_tokens WHERE account = ?1 ORDER BY created_at, id"
    );
    query_all(conn, &sql, [blob(&account.0)], api_token_row)?
        .into_iter()
        .map(ApiTokenRow::decode)
        .collect()
}

/// The memberships of an account (by collection) or of a collection (by account).
pub(super) fn memberships(conn: &Connection, key: MemberKey) -> Result<Vec<Membership>> {
    let (sql, id) = match key {
        MemberKey::Account(a) => (
            "SELECT account, collection, role FROM memberships WHERE account = ?1 \
             ORDER BY collection",
            a.0,
        ),
        MemberKey::Collection(c) => (
            "SELECT account, collection, role FROM memberships WHERE collection = ?1 \
             ORDER BY account",
            *c.as_uuid(),
        ),
    };
    query_all(conn, sql, [blob(&id)], membership_row)?
        .into_iter()
        .map(MembershipRow::decode)
        .collect()
}

pub(super) enum MemberKey {
    Account(AccountId),
    Collection(RecordId),
}

pub(super) fn membership_role(
    conn: &Connection,
    account: AccountId,
    collection: RecordId,
) -> Result<Option<String>> {
    query_opt(
        conn,
        "SELECT role FROM memberships WHERE account = ?1 AND collection = ?2",
        [blob(&account.0), blob(collection.as_uuid())],
        |r| r.get(0),
    )
}

pub(super) fn settings(conn: &Connection, account: AccountId) -> Result<Option<AccountSettings>> {
    let sql = format!("SELECT {SETTINGS_COLUMNS} FROM account_settings WHERE account = ?1");
    let row = query_opt(conn, &sql, [blob(&account.0)], |r| {
        Ok(SettingsRow {
            language: r.get(0)?,
            totp_secret: r.get(1)?,
            totp_enabled: r.get(2)?,
            totp_last_step: r.get(3)?,
        })
    })?;
    row.map(SettingsRow::decode).transpose()
}

pub(super) fn counter(conn: &Connection, key: &str) -> Result<Option<SignInCounter>> {
    let sql = format!("SELECT {COUNTER_COLUMNS} FROM sign_in_counters WHERE key = ?1");
    let row = query_opt(conn, &sql, [key], |r| {
        Ok(CounterRow {
            window_start: r.get(0)?,
            failures: r.get(1)?,
            locked_until: r.get(2)?,
        })
    })?;
    row.map(CounterRow::decode).transpose()
}

pub(super) fn changes(conn: &Connection, after: i64, limit: i64) -> Result<Vec<(i64, RecordId)>> {
    let sql = sql::sqlite_placeholders(CHANGES_SQL);
    query_all(conn, &sql, params![after, limit], |r| {
        Ok((r.get::<_, i64>(0)?, opt_uuid_at(r, 1)?))
    })?
    .into_iter()
    // `record_id IS NOT NULL` in the query.
    .filter_map(|(seq, id)| id.map(|id| Ok((seq, sql::record_id(id)?))))
    .collect()
}

pub(super) fn touch_session(conn: &Connection, digest: &[u8; 32], at: Timestamp) -> Result<()> {
    let mut st = conn
        .prepare_cached(
            "UPDATE sessions SET last_seen_at = ?2 \
             WHERE digest = ?1 AND ended_at IS NULL AND last_seen_at < ?2",
        )
        .map_err(db_error)?;
    st.execute(params![digest, at.to_string()])
        .map_err(db_error)?;
    Ok(())
}

pub(super) fn touch_api_token(conn: &Connection, id: Uuid, at: Timestamp) -> Result<()> {
    let mut st = conn
        .prepare_cached(
            "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1 AND revoked_at IS NULL \
             AND (last_used_at IS NULL OR last_used_at < ?2)",
        )
        .map_err(db_error)?;
    st.execute(params![blob(&id), at.to_string()])
        .map_err(db_error)?;
    Ok(())
}

pub(super) fn put_counter(
    conn: &Connection,
    key: &str,
    counter: Option<&SignInCounter>,
) -> Result<()> {
    let r = match counter {
        Some(c) => {
            let (window_start, failures, locked_until) = access::counter_params(c)?;
            conn.prepare_cached(
                "INSERT INTO sign_in_counters (key, window_start, failures, locked_until) \
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE SET \
                 window_start = excluded.window_start, failures = excluded.failures, \
                 locked_until = excluded.locked_until",
            )
            .and_then(|mut st| st.execute(params![key, window_start, failures, locked_until]))
        }
        None => conn
            .prepare_cached("DELETE FROM sign_in_counters WHERE key = ?1")
            .and_then(|mut st| st.execute([key])),
    };
    r.map(drop).map_err(db_error)
}

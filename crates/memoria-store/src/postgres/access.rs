//! The access tables on PostgreSQL (see [`crate::access`]): the reads that the store
//! and its transactions share (a transaction's reads lock the row, since a write to it
//! follows), and the bookkeeping writes the store makes outside any transaction, each
//! one statement, so that processes racing on a row never fail.

use memoria_core::id::RecordId;
use postgres::Row;
use uuid::Uuid;

use super::{PgConn, opt_uuid_at, pg_error, uuid_at};
use crate::access::{
    self, API_TOKEN_COLUMNS, ApiTokenRow, COUNTER_COLUMNS, CounterRow, MembershipRow,
    SESSION_COLUMNS, SETTINGS_COLUMNS, SessionRow, SettingsRow,
};
use crate::sql::{self, CHANGES_SQL};
use crate::{
    AccountId, AccountSettings, ApiToken, Membership, Result, Session, SignInCounter, Timestamp,
};

/// ` FOR UPDATE` where a transaction reads a row it is about to write.
fn locking(lock: bool) -> &'static str {
    if lock { " FOR UPDATE" } else { "" }
}

fn decode_session(r: &Row) -> Result<Session> {
    (|| {
        Ok(SessionRow {
            digest: r.try_get(0)?,
            account: uuid_at(r, 1)?,
            created_at: r.try_get(2)?,
            last_seen_at: r.try_get(3)?,
            ended_at: r.try_get(4)?,
            second_factor_done: r.try_get(5)?,
            csrf_key: r.try_get(6)?,
        })
    })()
    .map_err(pg_error)?
    .decode()
}

fn decode_api_token(r: &Row) -> Result<ApiToken> {
    (|| {
        Ok(ApiTokenRow {
            id: uuid_at(r, 0)?,
            account: uuid_at(r, 1)?,
            label: r.try_get(2)?,
            created_at: r.try_get(3)?,
            last_used_at: r.try_get(4)?,
            revoked_at: r.try_get(5)?,
        })
    })()
    .map_err(pg_error)?
    .decode()
}

fn decode_membership(r: &Row) -> Result<Membership> {
    (|| {
        Ok(MembershipRow {
            account: uuid_at(r, 0)?,
            collection: uuid_at(r, 1)?,
            role: r.try_get(2)?,
        })
    })()
    .map_err(pg_error)?
    .decode()
}

pub(super) fn session(conn: &mut PgConn, digest: &[u8; 32], lock: bool) -> Result<Option<Session>> {
    let sql = format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE digest = $1{}",
        locking(lock)
    );
    let digest: &[u8] = digest;
    conn.query_opt(&sql, &[&digest])
        .map_err(pg_error)?
        .as_ref()
        .map(decode_session)
        .transpose()
}

/// The token with this id or this digest.
pub(super) fn api_token(
    conn: &mut PgConn,
    key: TokenKey<'_>,
    lock: bool,
) -> Result<Option<ApiToken>> {
    let found = match key {
        TokenKey::Id(id) => conn.query_opt(
            &format!(
                "SELECT {API_TOKEN_COLUMNS} FROM api_tokens WHERE id = $1::text::uuid{}",
                locking(lock)
            ),
            &[&id.to_string()],
        ),
        TokenKey::Digest(digest) => {
            let digest: &[u8] = digest;
            conn.query_opt(
                &format!(
                    "SELECT {API_TOKEN_COLUMNS} FROM api_tokens WHERE digest = $1{}",
                    locking(lock)
                ),
                &[&digest],
            )
        }
    };
    found
        .map_err(pg_error)?
        .as_ref()
        .map(decode_api_token)
        .transpose()
}

pub(super) enum TokenKey<'a> {
    Id(Uuid),
    Digest(&'a [u8; 32]),
}

pub(super) fn api_tokens_of(conn: &mut PgConn, account: AccountId) -> Result<Vec<ApiToken>> {
    let sql = format!(
        "SELECT {API_TOKEN_COLUMNS} FROM api_tokens WHERE account = $1::text::uuid \
         ORDER BY created_at, id"
    );
    conn.query(&sql, &[&account.to_string()])
        .map_err(pg_error)?
        .iter()
        .map(decode_api_token)
        .collect()
}

/// The memberships of an account (by collection) or of a collection (by account).
pub(super) fn memberships(conn: &mut PgConn, key: MemberKey) -> Result<Vec<Membership>> {
    let (sql, id) = match key {
        MemberKey::Account(a) => (
            "SELECT account, collection, role FROM memberships \
             WHERE account = $1::text::uuid ORDER BY collection",
            a.to_string(),
        ),
        MemberKey::Collection(c) => (
            "SELECT account, collection, role FROM memberships \
             WHERE collection = $1::text::uuid ORDER BY account",
            c.to_string(),
        ),
    };
    conn.query(sql, &[&id])
        .map_err(pg_error)?
        .iter()
        .map(decode_membership)
        .collect()
}

pub(super) enum MemberKey {
    Account(AccountId),
    Collection(RecordId),
}

pub(super) fn membership_role(
    conn: &mut PgConn,
    account: AccountId,
    collection: RecordId,
) -> Result<Option<String>> {
    let row = conn
        .query_opt(
            "SELECT role FROM memberships WHERE account = $1::text::uuid \
             AND collection = $2::text::uuid FOR UPDATE",
            &[&account.to_string(), &collection.to_string()],
        )
        .map_err(pg_error)?;
    row.map(|r| r.try_get(0)).transpose().map_err(pg_error)
}

pub(super) fn settings(
    conn: &mut PgConn,
    account: AccountId,
    lock: bool,
) -> Result<Option<AccountSettings>> {
    let sql = format!(
        "SELECT {SETTINGS_COLUMNS} FROM account_settings WHERE account = $1::text::uuid{}",
        locking(lock)
    );
    let Some(r) = conn
        .query_opt(&sql, &[&account.to_string()])
        .map_err(pg_error)?
    else {
        return Ok(None);
    };
    (|| {
        Ok(SettingsRow {
            language: r.try_get(0)?,
            totp_secret: r.try_get(1)?,
            totp_enabled: r.try_get(2)?,
            totp_last_step: r.try_get(3)?,
        })
    })()
    .map_err(pg_error)?
    .decode()
    .map(Some)
}

pub(super) fn counter(conn: &mut PgConn, key: &str) -> Result<Option<SignInCounter>> {
    let sql = format!("SELECT {COUNTER_COLUMNS} FROM sign_in_counters WHERE key = $1");
    let Some(r) = conn.query_opt(&sql, &[&key]).map_err(pg_error)? else {
        return Ok(None);
    };
    (|| {
        Ok(CounterRow {
            window_start: r.try_get(0)?,
            failures: r.try_get::<_, i32>(1)?.into(),
            locked_until: r.try_get(2)?,
        })
    })()
    .map_err(pg_error)?
    .decode()
    .map(Some)
}

pub(super) fn changes(conn: &mut PgConn, after: i64, limit: i64) -> Result<Vec<(i64, RecordId)>> {
    let rows = conn
        .query(CHANGES_SQL, &[&after, &limit])
        .map_err(pg_error)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let seq: i64 = r.try_get(0).map_err(pg_error)?;
        // `record_id IS NOT NULL` in the query.
        if let Some(id) = opt_uuid_at(r, 1).map_err(pg_error)? {
            out.push((seq, sql::record_id(id)?));
        }
    }
    Ok(out)
}

pub(super) fn touch_session(conn: &mut PgConn, digest: &[u8; 32], at: Timestamp) -> Result<()> {
    let digest: &[u8] = digest;
    conn.execute(
        "UPDATE sessions SET last_seen_at = $2 \
         WHERE digest = $1 AND ended_at IS NULL AND last_seen_at < $2",
        &[&digest, &at.to_string()],
    )
    .map_err(pg_error)?;
    Ok(())
}

pub(super) fn touch_api_token(conn: &mut PgConn, id: Uuid, at: Timestamp) -> Result<()> {
    conn.execute(
        "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1::text::uuid \
         AND revoked_at IS NULL AND (last_used_at IS NULL OR last_used_at < $2)",
        &[&id.to_string(), &at.to_string()],
    )
    .map_err(pg_error)?;
    Ok(())
}

pub(super) fn put_counter(
    conn: &mut PgConn,
    key: &str,
    counter: Option<&SignInCounter>,
) -> Result<()> {
    match counter {
        Some(c) => {
            let (window_start, failures, locked_until) = access::counter_params(c)?;
            conn.execute(
                "INSERT INTO sign_in_counters (key, window_start, failures, locked_until) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET \
                 window_start = EXCLUDED.window_start, failures = EXCLUDED.failures, \
                 locked_until = EXCLUDED.locked_until",
                &[&key, &window_start, &failures, &locked_until],
            )
        }
        None => conn.execute("DELETE FROM sign_in_counters WHERE key = $1", &[&key]),
    }
    .map_err(pg_error)?;
    Ok(())
}

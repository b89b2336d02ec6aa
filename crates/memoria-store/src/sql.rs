//! What both SQL backends share: the migrations list, the shape of stored rows and
//! their decoding into the crate's types, the encoding of revision changes, and the
//! filter behind [`Store::list`](crate::Store::list) and [`Store::count`](crate::Store::count).
//!
//! Ids are stored as UUIDs proper (16-byte BLOBs in SQLite, `uuid` in PostgreSQL), not
//! as text: the indexes on them take a random insert per record, and keys half as
//! long make a million-record import fit in memory. Both order like the hyphenated
//! text, so `list` pages alike everywhere.
//!
//! The backends bind values; nothing here formats a value into SQL text. Decoding
//! errors name ids and columns, never stored content, since they reach logs.

use memoria_core::entity::{Entity, EntityKind};
use memoria_core::id::RecordId;
use memoria_core::revision::{Action, FieldChange};
use serde_json::Value;
use uuid::Uuid;

use crate::{
    Account, AccountId, AuditEntry, ListQuery, Result, Revision, StoreError, Stored, Timestamp,
};

/// One migration: its version, its name (recorded in `memoria_schema`) and its SQL.
pub(crate) struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// The change feed ([`Store::changes_since`](crate::Store::changes_since)): audit
/// entries of record writes, `$1` the seq to start after, `$2` the limit. The actions
/// are those of [`Action`] plus `purge`; they are constants of this crate, not values.
/// The columns of an audit entry, in the order both backends decode them.
pub(crate) const SELECT_AUDIT: &str =
    "SELECT seq, at, account, action, record_id, detail, log_index FROM audit";

/// A log index or size as both databases store it (a signed 64-bit integer).
pub(crate) fn log_int(n: u64) -> Result<i64> {
    i64::try_from(n).map_err(|_| StoreError::Shape(format!("log position {n} is out of range")))
}

/// A stored log size or index read back.
pub(crate) fn log_u64(n: i64, what: &str) -> Result<u64> {
    u64::try_from(n).map_err(|_| StoreError::Corrupt(format!("{what} is negative")))
}

/// A stored 32-byte hash read back.
pub(crate) fn log_hash(bytes: &[u8]) -> Result<[u8; 32]> {
    bytes
        .try_into()
        .map_err(|_| StoreError::Corrupt("a stored log hash is not 32 bytes".into()))
}

/// The error for a stored hash the log should hold and does not.
pub(crate) fn missing_log_hash(index: u64) -> StoreError {
    StoreError::Corrupt(format!(
        "the transparency log has no stored hash at index {index}; \
         run `memoria log verify`"
    ))
}

pub(crate) const CHANGES_SQL: &str = "SELECT seq, record_id FROM audit \
     WHERE seq > $1 AND record_id IS NOT NULL \
     AND action IN ('create', 'update', 'delete', 'undelete', 'restore', 'purge') \
     ORDER BY seq LIMIT $2";

/// The default page size of [`ListQuery`] when its limit is 0.
pub(crate) const DEFAULT_LIMIT: usize = 100;

/// A `records` row as both drivers return it, columns in this order.
pub(crate) struct RecordRow {
    pub id: Uuid,
    pub kind: String,
    pub collection: Option<Uuid>,
    pub parent: Option<Uuid>,
    pub version: i64,
    pub deleted: bool,
    pub body: String,
    pub created_at: String,
    pub updated_at: String,
    pub updated_by: Uuid,
}

/// A record as read for writing: the decoded record and its body exactly as stored,
/// which is what a new body is compared with.
pub(crate) struct Current {
    pub stored: Stored,
    pub body: Value,
}

impl RecordRow {
    pub fn decode(self) -> Result<Stored> {
        Ok(self.decode_inner(false)?.0)
    }

    pub fn decode_current(self) -> Result<Current> {
        let (stored, body) = self.decode_inner(true)?;
        Ok(Current {
            stored,
            body: body.unwrap_or_default(),
        })
    }

    /// The record, and its body as stored if `keep_body` (scans do without the copy).
    fn decode_inner(self, keep_body: bool) -> Result<(Stored, Option<Value>)> {
        let id = record_id(self.id)?;
        let kind: EntityKind = self
            .kind
            .parse()
            .map_err(|_| StoreError::Shape(format!("record {id} has an unknown kind")))?;
        let kept = if keep_body {
            Some(serde_json::from_str::<Value>(&self.body).map_err(|_| {
                StoreError::Shape(format!("record {id}: the stored body is not JSON"))
            })?)
        } else {
            None
        };
        // The serde message may quote the stored value, so it is not passed on.
        let entity = Entity::from_body_str(kind, &self.body).map_err(|_| {
            StoreError::Shape(format!(
                "record {id}: the stored {kind} body does not fit this version of Memoria"
            ))
        })?;
        let stored = Stored {
            id,
            kind,
            collection: self.collection.map(record_id).transpose()?,
            parent: self.parent.map(record_id).transpose()?,
            version: version(self.version, id)?,
            deleted: self.deleted,
            entity,
            created_at: timestamp(&self.created_at, "records.created_at")?,
            updated_at: timestamp(&self.updated_at, "records.updated_at")?,
            updated_by: AccountId(self.updated_by),
        };
        Ok((stored, kept))
    }
}

/// A `revisions` row.
pub(crate) struct RevisionRow {
    pub record_id: Uuid,
    pub version: i64,
    pub account: Uuid,
    pub at: String,
    pub action: String,
    pub changes: String,
}

impl RevisionRow {
    pub fn decode(self) -> Result<Revision> {
        let record = record_id(self.record_id)?;
        Ok(Revision {
            record,
            version: version(self.version, record)?,
            account: AccountId(self.account),
            at: timestamp(&self.at, "revisions.at")?,
            action: Action::parse(&self.action).ok_or_else(|| {
                StoreError::Shape(format!(
                    "a revision of record {record} has an unknown action"
                ))
            })?,
            changes: decode_changes(&self.changes).ok_or_else(|| {
                StoreError::Shape(format!(
                    "the changes of revision {} of record {record} are not a list of field changes",
                    self.version
                ))
            })?,
        })
    }
}

pub(crate) struct AccountRow {
    pub id: Uuid,
    pub name: String,
    pub password_hash: Option<String>,
    pub is_admin: bool,
    pub disabled: bool,
    pub created_at: String,
}

impl AccountRow {
    pub fn decode(self) -> Result<Account> {
        Ok(Account {
            id: AccountId(self.id),
            name: self.name,
            password_hash: self.password_hash,
            is_admin: self.is_admin,
            disabled: self.disabled,
            created_at: timestamp(&self.created_at, "accounts.created_at")?,
        })
    }
}

pub(crate) struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub account: Uuid,
    pub action: String,
    pub record_id: Option<Uuid>,
    pub detail: String,
    pub log_index: Option<i64>,
}

impl AuditRow {
    pub fn decode(self) -> Result<AuditEntry> {
        Ok(AuditEntry {
            seq: self.seq,
            at: timestamp(&self.at, "audit.at")?,
            account: AccountId(self.account),
            action: self.action,
            record: self.record_id.map(record_id).transpose()?,
            detail: self.detail,
            log_index: self
                .log_index
                .map(|i| {
                    u64::try_from(i)
                        .map_err(|_| StoreError::Shape("audit.log_index is negative".into()))
                })
                .transpose()?,
        })
    }
}

/// A record id from the UUID stored. (`RecordId` is built from text or random bytes
/// only; the hyphenated form goes through a stack buffer.)
pub(crate) fn record_id(u: Uuid) -> Result<RecordId> {
    let mut buf = [0u8; uuid::fmt::Hyphenated::LENGTH];
    u.hyphenated()
        .encode_lower(&mut buf)
        .parse()
        .map_err(|_| StoreError::Shape("a stored record id is not a UUID".into()))
}

pub(crate) fn timestamp(s: &str, column: &str) -> Result<Timestamp> {
    Timestamp::parse(s).map_err(|e| StoreError::Shape(format!("a value of {column}: {e}")))
}

fn version(v: i64, id: RecordId) -> Result<u64> {
    u64::try_from(v)
        .ok()
        .filter(|v| *v >= 1)
        .ok_or_else(|| StoreError::Shape(format!("record {id} has version {v}")))
}

/// Versions are `u64` in the API and signed 64-bit integers in both databases.
pub(crate) fn version_param(v: u64) -> Result<i64> {
    i64::try_from(v).map_err(|_| StoreError::Backend(format!("version {v} is out of range")))
}

/// The stored form of a revision's changes: a JSON array of objects with `field` and,
/// only where the field was present, `before` and `after`. `FieldChange`'s own serde
/// form writes an absent value as `null`, which would read back as a present null.
pub(crate) fn encode_changes(changes: &[FieldChange]) -> String {
    #[derive(serde::Serialize)]
    struct StoredChange<'a> {
        field: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        before: Option<&'a Value>,
        #[serde(skip_serializing_if = "Option::is_none")]
        after: Option<&'a Value>,
    }
    let items: Vec<StoredChange<'_>> = changes
        .iter()
        .map(|c| StoredChange {
            field: &c.field,
            before: c.before.as_ref(),
            after: c.after.as_ref(),
        })
        .collect();
    serde_json::to_string(&items).expect("JSON values always serialise")
}

/// The stored changes of a create: every field of `body` from absent to its value,
/// exactly as `encode_changes(&diff(&{}, body))` but without copying the values.
pub(crate) fn encode_created(body: &Value) -> String {
    #[derive(serde::Serialize)]
    struct Created<'a> {
        field: &'a str,
        after: &'a Value,
    }
    let mut fields: Vec<(&String, &Value)> = body
        .as_object()
        .map(|m| m.iter().collect())
        .unwrap_or_default();
    // `diff` orders by name whatever order the map keeps.
    fields.sort_by(|a, b| a.0.cmp(b.0));
    let items: Vec<Created<'_>> = fields
        .into_iter()
        .map(|(field, after)| Created { field, after })
        .collect();
    serde_json::to_string(&items).expect("JSON values always serialise")
}

/// A body as stored. (`serde_json::to_string` writes to a buffer; `Value`'s `Display`
/// goes through a formatter and is several times slower.)
pub(crate) fn encode_body(body: &Value) -> String {
    serde_json::to_string(body).expect("JSON values always serialise")
}

fn decode_changes(text: &str) -> Option<Vec<FieldChange>> {
    let Value::Array(items) = serde_json::from_str(text).ok()? else {
        return None;
    };
    items
        .into_iter()
        .map(|item| {
            let Value::Object(mut m) = item else {
                return None;
            };
            let Value::String(field) = m.remove("field")? else {
                return None;
            };
            Some(FieldChange {
                field,
                before: m.remove("before"),
                after: m.remove("after"),
            })
        })
        .collect()
}

/// A value a [`Filter`] binds.
pub(crate) enum Param {
    Text(&'static str),
    Id(Uuid),
}

/// The `WHERE` clause of a [`ListQuery`], with `$n` placeholders and the values they
/// bind, in order.
pub(crate) struct Filter {
    pub sql: String,
    pub params: Vec<Param>,
}

impl Filter {
    /// `with_after` adds the keyset condition (`list`, not `count`); `id_param` is how
    /// the backend writes a placeholder for an id, with `{}` for the placeholder.
    pub fn new(q: &ListQuery, with_after: bool, id_param: fn(&str) -> String) -> Filter {
        let mut conds: Vec<String> = Vec::new();
        let mut params: Vec<Param> = Vec::new();
        if let Some(k) = q.kind {
            params.push(Param::Text(k.as_str()));
            conds.push(format!("kind = ${}", params.len()));
        }
        let ids = [
            ("collection =", q.collection),
            ("parent =", q.parent),
            ("id >", q.after.filter(|_| with_after)),
        ];
        for (cond, id) in ids {
            if let Some(id) = id {
                params.push(Param::Id(*id.as_uuid()));
                conds.push(format!(
                    "{cond} {}",
                    id_param(&format!("${}", params.len()))
                ));
            }
        }
        if !q.include_deleted {
            conds.push("NOT deleted".into());
        }
        let sql = if conds.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conds.join(" AND "))
        };
        Filter { sql, params }
    }

    /// The placeholder for the next parameter after the filter's own (the limit).
    pub fn next_placeholder(&self) -> String {
        format!("${}", self.params.len() + 1)
    }
}

/// The effective page size of a query.
pub(crate) fn limit(q: &ListQuery) -> i64 {
    let n = if q.limit == 0 { DEFAULT_LIMIT } else { q.limit };
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// `$n` placeholders as SQLite spells them (`?n`). SQLite would accept `$1` too, but as a
/// *named* parameter numbered by first appearance, which silently misbinds a statement
/// that mentions `$2` before `$1`. SQL text here never holds a `$` otherwise.
pub(crate) fn sqlite_placeholders(sql: &str) -> String {
    sql.replace('$', "?")
}

/// A connection string safe to show: any password replaced by `***`. Handles URLs
/// (`postgres://user:password@host/db?password=…`) and key-value strings
/// (`host=… password=…`).
pub(crate) fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return redact_password_pairs(url, ' ');
    };
    let (main, query) = match rest.split_once('?') {
        Some((m, q)) => (m, Some(redact_password_pairs(q, '&'))),
        None => (rest, None),
    };
    // The last '@' ends the user information, even when an unencoded password holds
    // '@' or '/'.
    let main = match main.rfind('@') {
        Some(at) => {
            let (userinfo, host) = main.split_at(at);
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{user}:***{host}"),
                None => main.to_string(),
            }
        }
        None => main.to_string(),
    };
    match query {
        Some(q) => format!("{scheme}://{main}?{q}"),
        None => format!("{scheme}://{main}"),
    }
}

fn redact_password_pairs(s: &str, sep: char) -> String {
    s.split(sep)
        .map(|kv| {
            if kv.starts_with("password=") {
                "password=***"
            } else {
                kv
            }
        })
        .collect::<Vec<_>>()
        .join(&sep.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_keep_absent_apart_from_null() {
        let changes = vec![
            FieldChange {
                field: "a".into(),
                before: None,
                after: Some(Value::Null),
            },
            FieldChange {
                field: "b".into(),
                before: Some(json!(1)),
                after: None,
            },
        ];
        assert_eq!(decode_changes(&encode_changes(&changes)).unwrap(), changes);
        assert!(decode_changes("{}").is_none());
    }

    #[test]
    fn created_changes_are_the_diff_from_nothing() {
        let body = json!({"b": [1, 2], "a": null, "c": {"x": "y"}});
        let diff = memoria_core::revision::diff(&json!({}), &body);
        assert_eq!(encode_created(&body), encode_changes(&diff));
    }

    #[test]
    fn the_change_feed_names_every_record_write() {
        for a in [
            Action::Create,
            Action::Update,
            Action::Delete,
            Action::Undelete,
            Action::Restore,
        ] {
            assert!(CHANGES_SQL.contains(&format!("'{}'", a.as_str())), "{a:?}");
        }
        assert!(CHANGES_SQL.contains("'purge'"));
    }

    #[test]
    fn filter_binds_every_value() {
        let q = ListQuery {
            kind: Some(EntityKind::Act),
            after: Some(RecordId::random()),
            ..ListQuery::default()
        };
        let f = Filter::new(&q, true, |p| format!("{p}::uuid"));
        assert_eq!(f.sql, " WHERE kind = $1 AND id > $2::uuid AND NOT deleted");
        assert_eq!(f.params.len(), 2);
        assert_eq!(f.next_placeholder(), "$3");
        assert_eq!(
            Filter::new(&q, false, str::to_string).sql,
            " WHERE kind = $1 AND NOT deleted"
        );
    }

    #[test]
    fn urls_are_shown_without_password() {
        assert_eq!(
            redact_url("postgres://u:s3cret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            redact_url("postgres://h/db?user=u&password=x"),
            "postgres://h/db?user=u&password=***"
        );
        assert_eq!(
            redact_url("postgresql://u:p@s/s@h/db"),
            "postgresql://u:***@h/db"
        );
        assert_eq!(
            redact_url("host=h password=x user=u"),
            "host=h password=*** user=u"
        );
    }
}

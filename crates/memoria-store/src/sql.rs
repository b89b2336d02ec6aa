//! What both SQL backends share: the migrations list, the shape of stored rows and
//! their decoding into the crate's types, the encoding of revision changes, and the
//! filter behind [`Store::list`](crate::Store::list) and [`Store::count`](crate::Store::count).
//!
//! The backends bind values; nothing here formats a value into SQL text. Decoding
//! errors name ids and columns, never stored content, since they reach logs.

use memoria_core::entity::{Entity, EntityKind};
use memoria_core::id::RecordId;
use memoria_core::revision::{Action, FieldChange};
use serde_json::{Map, Value};

use crate::{Account, AccountId, AuditEntry, ListQuery, Result, Revision, StoreError, Stored, Timestamp};

/// One migration: its version, its name (recorded in `memoria_schema`) and its SQL.
pub(crate) struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// The default page size of [`ListQuery`] when its limit is 0.
pub(crate) const DEFAULT_LIMIT: usize = 100;

/// A `records` row as both drivers return it, columns in this order.
pub(crate) struct RecordRow {
    pub id: String,
    pub kind: String,
    pub collection: Option<String>,
    pub parent: Option<String>,
    pub version: i64,
    pub deleted: bool,
    pub body: String,
    pub created_at: String,
    pub updated_at: String,
    pub updated_by: String,
}

/// A record as read for writing: the decoded record and its body exactly as stored,
/// which is what a new body is compared with.
pub(crate) struct Current {
    pub stored: Stored,
    pub body: Value,
}

impl RecordRow {
    pub fn decode(self) -> Result<Stored> {
        Ok(self.decode_current()?.stored)
    }

    pub fn decode_current(self) -> Result<Current> {
        let id = record_id(&self.id, "records.id")?;
        let kind: EntityKind = self
            .kind
            .parse()
            .map_err(|_| StoreError::Shape(format!("record {id} has an unknown kind")))?;
        let body: Value = serde_json::from_str(&self.body)
            .map_err(|_| StoreError::Shape(format!("record {id}: the stored body is not JSON")))?;
        // The serde message may quote the stored value, so it is not passed on.
        let entity = Entity::from_body(kind, body.clone()).map_err(|_| {
            StoreError::Shape(format!(
                "record {id}: the stored {kind} body does not fit this version of Memoria"
            ))
        })?;
        let stored = Stored {
            id,
            kind,
            collection: self.collection.as_deref().map(|c| record_id(c, "records.collection")).transpose()?,
            parent: self.parent.as_deref().map(|p| record_id(p, "records.parent")).transpose()?,
            version: version(self.version, id)?,
            deleted: self.deleted,
            entity,
            created_at: timestamp(&self.created_at, "records.created_at")?,
            updated_at: timestamp(&self.updated_at, "records.updated_at")?,
            updated_by: account_id(&self.updated_by, "records.updated_by")?,
        };
        Ok(Current { stored, body })
    }
}

/// A `revisions` row.
pub(crate) struct RevisionRow {
    pub record_id: String,
    pub version: i64,
    pub account: String,
    pub at: String,
    pub action: String,
    pub changes: String,
}

impl RevisionRow {
    pub fn decode(self) -> Result<Revision> {
        let record = record_id(&self.record_id, "revisions.record_id")?;
        Ok(Revision {
            record,
            version: version(self.version, record)?,
            account: account_id(&self.account, "revisions.account")?,
            at: timestamp(&self.at, "revisions.at")?,
            action: Action::parse(&self.action).ok_or_else(|| {
                StoreError::Shape(format!("a revision of record {record} has an unknown action"))
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
    pub id: String,
    pub name: String,
    pub password_hash: Option<String>,
    pub is_admin: bool,
    pub disabled: bool,
    pub created_at: String,
}

impl AccountRow {
    pub fn decode(self) -> Result<Account> {
        Ok(Account {
            id: account_id(&self.id, "accounts.id")?,
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
    pub account: String,
    pub action: String,
    pub record_id: Option<String>,
    pub detail: String,
}

impl AuditRow {
    pub fn decode(self) -> Result<AuditEntry> {
        Ok(AuditEntry {
            seq: self.seq,
            at: timestamp(&self.at, "audit.at")?,
            account: account_id(&self.account, "audit.account")?,
            action: self.action,
            record: self.record_id.as_deref().map(|r| record_id(r, "audit.record_id")).transpose()?,
            detail: self.detail,
        })
    }
}

/// A value of `records.collection`.
pub(crate) fn collection_id(s: &str) -> Result<RecordId> {
    record_id(s, "records.collection")
}

fn record_id(s: &str, column: &str) -> Result<RecordId> {
    s.parse().map_err(|_| StoreError::Shape(format!("a value of {column} is not a UUID")))
}

fn account_id(s: &str, column: &str) -> Result<AccountId> {
    uuid::Uuid::parse_str(s)
        .map(AccountId)
        .map_err(|_| StoreError::Shape(format!("a value of {column} is not a UUID")))
}

fn timestamp(s: &str, column: &str) -> Result<Timestamp> {
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
    let items: Vec<Value> = changes
        .iter()
        .map(|c| {
            let mut m = Map::new();
            m.insert("field".into(), Value::String(c.field.clone()));
            if let Some(b) = &c.before {
                m.insert("before".into(), b.clone());
            }
            if let Some(a) = &c.after {
                m.insert("after".into(), a.clone());
            }
            Value::Object(m)
        })
        .collect();
    Value::Array(items).to_string()
}

fn decode_changes(text: &str) -> Option<Vec<FieldChange>> {
    let Value::Array(items) = serde_json::from_str(text).ok()? else { return None };
    items
        .into_iter()
        .map(|item| {
            let Value::Object(mut m) = item else { return None };
            let Value::String(field) = m.remove("field")? else { return None };
            Some(FieldChange { field, before: m.remove("before"), after: m.remove("after") })
        })
        .collect()
}

/// The `WHERE` clause of a [`ListQuery`], with `$n` placeholders and the text values
/// they bind, in order.
pub(crate) struct Filter {
    pub sql: String,
    pub params: Vec<String>,
}

impl Filter {
    /// `with_after` adds the keyset condition (`list`, not `count`).
    pub fn new(q: &ListQuery, with_after: bool) -> Filter {
        let mut conds: Vec<String> = Vec::new();
        let mut params: Vec<String> = Vec::new();
        let mut bind = |cond: &str, value: String| {
            params.push(value);
            conds.push(format!("{cond} ${}", params.len()));
        };
        if let Some(k) = q.kind {
            bind("kind =", k.as_str().to_string());
        }
        if let Some(c) = q.collection {
            bind("collection =", c.to_string());
        }
        if let Some(p) = q.parent {
            bind("parent =", p.to_string());
        }
        if with_after && let Some(a) = q.after {
            bind("id >", a.to_string());
        }
        if !q.include_deleted {
            conds.push("NOT deleted".into());
        }
        let sql = if conds.is_empty() { String::new() } else { format!(" WHERE {}", conds.join(" AND ")) };
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
        .map(|kv| if kv.starts_with("password=") { "password=***" } else { kv })
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
            FieldChange { field: "a".into(), before: None, after: Some(Value::Null) },
            FieldChange { field: "b".into(), before: Some(json!(1)), after: None },
        ];
        assert_eq!(decode_changes(&encode_changes(&changes)).unwrap(), changes);
        assert!(decode_changes("{}").is_none());
    }

    #[test]
    fn filter_binds_every_value() {
        let q = ListQuery {
            kind: Some(EntityKind::Act),
            after: Some(RecordId::random()),
            ..ListQuery::default()
        };
        let f = Filter::new(&q, true);
        assert_eq!(f.sql, " WHERE kind = $1 AND id > $2 AND NOT deleted");
        assert_eq!(f.params.len(), 2);
        assert_eq!(f.next_placeholder(), "$3");
        assert_eq!(Filter::new(&q, false).sql, " WHERE kind = $1 AND NOT deleted");
    }

    #[test]
    fn urls_are_shown_without_password() {
        assert_eq!(redact_url("postgres://u:s3cret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact_url("postgres://h/db?user=u&password=x"), "postgres://h/db?user=u&password=***");
        assert_eq!(redact_url("postgresql://u:p@s/s@h/db"), "postgresql://u:***@h/db");
        assert_eq!(redact_url("host=h password=x user=u"), "host=h password=*** user=u");
    }
}

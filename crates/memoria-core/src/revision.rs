//! What one change did to a record, field by field.
//!
//! A record's body is a JSON object; a change is described by its top-level fields,
//! each with the value before and after. Nested values (a list of names, a point) are
//! compared whole, so that undoing a change never has to reassemble half a structure.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What kind of write produced a revision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    Delete,
    Undelete,
    Restore,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Undelete => "undelete",
            Action::Restore => "restore",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        [
            Action::Create,
            Action::Update,
            Action::Delete,
            Action::Undelete,
            Action::Restore,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// One field's value before and after a change; `None` where the field was absent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// The changed fields between two bodies, in field-name order.
pub fn diff(before: &Value, after: &Value) -> Vec<FieldChange> {
    let empty = Map::new();
    let b = before.as_object().unwrap_or(&empty);
    let a = after.as_object().unwrap_or(&empty);
    let mut names: Vec<&String> = b.keys().chain(a.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|n| b.get(*n) != a.get(*n))
        .map(|n| FieldChange {
            field: n.clone(),
            before: b.get(n).cloned(),
            after: a.get(n).cloned(),
        })
        .collect()
}

/// The body as it was before `changes` were applied to it.
pub fn undo(after: &Value, changes: &[FieldChange]) -> Value {
    let mut m = after.as_object().cloned().unwrap_or_default();
    for c in changes {
        match &c.before {
            Some(v) => m.insert(c.field.clone(), v.clone()),
            None => m.remove(&c.field),
        };
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_then_undo_gives_back_the_original() {
        let before = json!({"age": 17, "names": ["A"], "sex": "male"});
        let after = json!({"age": 18, "names": ["A"], "place": "x"});
        let d = diff(&before, &after);
        let fields: Vec<_> = d.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["age", "place", "sex"]);
        assert_eq!(
            undo(&after, &d),
            json!({"age": 17, "names": ["A"], "sex": "male"})
        );
    }
}

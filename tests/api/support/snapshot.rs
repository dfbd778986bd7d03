//! Answers as committed JSON snapshots (`insta`), the same on both backends: what differs
//! from run to run (ids, times, tokens, UUIDs, etags) is replaced by a placeholder that keeps
//! its kind, so a snapshot fails when a field appears, disappears or changes its type.

use serde_json::{Map, Value};

/// Keys whose values are times in milliseconds (or RFC 3339 text).
const TIMES: &[&str] = &[
    "timestamp",
    "time",
    "created",
    "modified",
    "concreteDueDate",
    "expires",
    "lastSync",
    "since",
];

/// Keys whose values are id lists of a contact (a comma-separated string in `base`, an
/// array in `flat`).
const ID_LISTS: &[&str] = &[
    "notes",
    "deals",
    "tasks",
    "interactions",
    "relatedTo",
    "pictures",
    "phoneNumberIds",
];

fn is_id_key(k: &str) -> bool {
    k == "id" || k.ends_with("Id") || k == "entityId"
}

fn redact_value(key: &str, v: &Value) -> Value {
    match v {
        Value::Number(_) if is_id_key(key) => Value::String("[id]".into()),
        Value::Number(_) if TIMES.contains(&key) => Value::String("[time]".into()),
        Value::String(s) if TIMES.contains(&key) && !s.is_empty() => Value::String("[time]".into()),
        Value::String(s) if is_id_key(key) && !s.is_empty() => Value::String("[id]".into()),
        Value::String(s)
            if ID_LISTS.contains(&key)
                && !s.is_empty()
                && s.chars().all(|c| c.is_ascii_digit() || c == ',') =>
        {
            Value::String("[ids]".into())
        }
        Value::String(s) if key == "url" || key == "picture" => Value::String(digits_redacted(s)),
        Value::String(_) if key == "authToken" || key == "triggerToken" || key == "etag" => {
            Value::String(format!("[{key}]"))
        }
        Value::Array(items) if ID_LISTS.contains(&key) => Value::Array(
            items
                .iter()
                .map(|i| match i {
                    Value::Number(_) => Value::String("[id]".into()),
                    other => redact(other),
                })
                .collect(),
        ),
        other => redact(other),
    }
}

/// Runs of digits in a url (`/v2/pictures/12/raw`) become `[n]`.
fn digits_redacted(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_digits = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push_str("[n]");
            }
            in_digits = true;
        } else {
            in_digits = false;
            out.push(c);
        }
    }
    out
}

/// The answer with ids, times and tokens replaced by placeholders.
pub fn redact(v: &Value) -> Value {
    match v {
        Value::Object(o) => {
            let mut out = Map::new();
            for (k, v) in o {
                out.insert(k.clone(), redact_value(k, v));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(redact).collect()),
        other => other.clone(),
    }
}

/// Compares the redacted answer with the committed snapshot `tests/api/snapshots/<name>.snap`.
#[track_caller]
pub fn assert_snapshot(name: &str, v: &Value) {
    let redacted = redact(v);
    insta::with_settings!({
        snapshot_path => "../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_json_snapshot!(name, redacted);
    });
}

//! What the document says about text, stated once for every schema rather than on each field:
//! the server refuses U+0000 in every string and every object key it reads, at any depth of a
//! body, in every query parameter (issue 13, item 4: PostgreSQL text cannot hold it), and a
//! field that must "not be blank" is one with a character that is not white space as Rust's
//! `str::trim` sees it (Unicode `White_Space`).
//!
//! Applied to the document as JSON, after utoipa has built it:
//! - a string without a `pattern`, `enum`, `const` or `format` gets [`NO_NUL`];
//! - a field written `#[schema(pattern = r"\S")]` ("not blank") gets [`NOT_BLANK`], which
//!   also excludes U+0000, and `^\s*$`-free patterns of the handlers are left as they are
//!   (they admit no U+0000 already);
//! - an object gets `propertyNames` with [`NO_NUL`], and where it leaves further keys open
//!   (no `additionalProperties`) their values are [`ANY_JSON`]: any JSON value without U+0000
//!   in a string or a key, at any depth;
//! - a schema with no `type` and no other constraint (any JSON value) becomes a reference to
//!   [`ANY_JSON`]; one with other constraints (a `pattern`, say) gets all of the above.

use serde_json::{json, Map, Value};

/// A string without U+0000.
pub const NO_NUL: &str = "^[^\\u0000]*$";
/// A string without U+0000 that holds a character other than white space (`char::is_whitespace`,
/// Unicode `White_Space`, listed here because regex dialects disagree on `\s`).
pub const NOT_BLANK: &str = "^[^\\u0000]*[^\\u0000\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000]*$";
/// What a field's own attribute writes for "not blank".
const NOT_BLANK_MARK: &str = "\\S";
/// The component of any JSON value without U+0000.
pub const ANY_JSON: &str = "AnyJson";

/// Keywords that say nothing of which values a schema admits.
const ANNOTATIONS: [&str; 8] = [
    "description",
    "title",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// Rewrites the document's schemas as the module documentation says.
pub fn apply(doc: &mut Value) {
    let any = json!({ "$ref": format!("#/components/schemas/{ANY_JSON}") });
    walk_all(doc, &any);
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        schemas.insert(
            ANY_JSON.to_string(),
            json!({
                "description": "Any JSON value without U+0000 in a string or an object key \
                                (the server refuses U+0000 anywhere in a body).",
                "pattern": NO_NUL,
                "propertyNames": { "pattern": NO_NUL },
                "items": any,
                "additionalProperties": any,
            }),
        );
    }
}

/// Every schema of the document: components, parameters, request bodies, answers.
fn walk_all(v: &mut Value, any: &Value) {
    match v {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match key.as_str() {
                    "schema" => schema(child, any),
                    "schemas" => {
                        if let Value::Object(s) = child {
                            for one in s.values_mut() {
                                schema(one, any);
                            }
                        }
                    }
                    // Examples are data, not schemas.
                    "example" | "examples" => {}
                    _ => walk_all(child, any),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| walk_all(i, any)),
        _ => {}
    }
}

fn types(s: &Map<String, Value>) -> Option<Vec<&str>> {
    match s.get("type")? {
        Value::String(t) => Some(vec![t.as_str()]),
        Value::Array(ts) => Some(ts.iter().filter_map(Value::as_str).collect()),
        _ => None,
    }
}

fn schema(v: &mut Value, any: &Value) {
    let Value::Object(s) = v else { return };
    if s.contains_key("$ref") {
        return;
    }
    for key in ["oneOf", "anyOf", "allOf", "prefixItems"] {
        if let Some(Value::Array(items)) = s.get_mut(key) {
            items.iter_mut().for_each(|i| schema(i, any));
        }
    }
    // `not`, `if`, `then`, `else` are conditions on values the rest describes: left as written.
    for key in ["items", "additionalProperties", "propertyNames"] {
        if let Some(child) = s.get_mut(key) {
            schema(child, any);
        }
    }
    if let Some(Value::Object(props)) = s.get_mut("properties") {
        props.values_mut().for_each(|p| schema(p, any));
    }
    let composed = ["oneOf", "anyOf", "allOf"]
        .iter()
        .any(|k| s.contains_key(*k));
    let (string, object, array) = match types(s) {
        Some(t) => (
            t.contains(&"string"),
            t.contains(&"object"),
            t.contains(&"array"),
        ),
        // No type: any value, unless it is a fragment of a rule (alternatives, constants,
        // properties required of an object described elsewhere).
        None if composed
            || [
                "enum",
                "const",
                "properties",
                "required",
                "not",
                "if",
                "$ref",
            ]
            .iter()
            .any(|k| s.contains_key(*k)) =>
        {
            (false, false, false)
        }
        // Any JSON value, and nothing more said of it: the component, by reference rather than
        // as a copy of its keywords (Schemathesis' negative generator fails on such a copy:
        // "Cannot generate an array with 1 demanded elements" on the canvass patch's `value`).
        None if s.keys().all(|k| ANNOTATIONS.contains(&k.as_str())) => {
            s.insert("$ref".into(), any["$ref"].clone());
            return;
        }
        None => (true, true, true),
    };
    if string {
        match s.get("pattern").and_then(Value::as_str) {
            Some(NOT_BLANK_MARK) => {
                s.insert("pattern".into(), NOT_BLANK.into());
            }
            Some(_) => {}
            None if s.contains_key("enum")
                || s.contains_key("const")
                || s.contains_key("format") => {}
            None => {
                s.insert("pattern".into(), NO_NUL.into());
            }
        }
    }
    if object {
        s.entry("propertyNames")
            .or_insert_with(|| json!({ "pattern": NO_NUL }));
        s.entry("additionalProperties")
            .or_insert_with(|| any.clone());
    }
    if array {
        s.entry("items").or_insert_with(|| any.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_keys_and_open_values_exclude_nul() {
        let mut doc = json!({
            "components": {"schemas": {
                "A": {"type": "object", "properties": {
                    "s": {"type": ["string", "null"]},
                    "t": {"type": "string", "pattern": "\\S"},
                    "e": {"type": "string", "enum": ["x"]},
                    "v": {},
                }},
            }},
        });
        apply(&mut doc);
        let a = &doc["components"]["schemas"]["A"];
        assert_eq!(a["properties"]["s"]["pattern"], NO_NUL);
        assert_eq!(a["properties"]["t"]["pattern"], NOT_BLANK);
        assert!(a["properties"]["e"].get("pattern").is_none());
        assert_eq!(a["properties"]["v"]["$ref"], "#/components/schemas/AnyJson");
        assert_eq!(a["propertyNames"]["pattern"], NO_NUL);
        assert_eq!(
            a["additionalProperties"]["$ref"],
            "#/components/schemas/AnyJson"
        );
        assert!(doc["components"]["schemas"]["AnyJson"].is_object());
    }
}

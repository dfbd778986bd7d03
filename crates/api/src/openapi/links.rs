//! OpenAPI links: from each operation that creates something (its `201` answer) to every
//! operation on what it created, `<create path>/{id}` and the paths below it, with the
//! created id (and, for a canvass interaction, its etag) as their parameters. Clients and
//! tools that follow links (Schemathesis' stateful phase) then reach stored state directly
//! instead of guessing ids.
//!
//! Where the created id is: `entity.id` in the REST API's envelope (`{"code":201,"entity":…}`),
//! `id` in a canvass interaction (answered bare). A target is linked only when its `{id}`
//! admits the created id's type (the shared `/v2/interactions/{id}`: an integer for a CRM
//! interaction, a UUID for a canvass one). Applied to the document as JSON, after `rules`.

use serde_json::{json, Map, Value};

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

pub fn apply(doc: &mut Value) {
    let Some(paths) = doc.get("paths").and_then(Value::as_object).cloned() else {
        return;
    };
    let schemas = doc
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or(Value::Null);
    for (path, item) in &paths {
        for method in ["put", "post"] {
            let Some(created) = item.pointer(&format!(
                "/{method}/responses/201/content/application~1json/schema"
            )) else {
                continue;
            };
            let Some((pointer, id_type, etag)) = created_id(created, &schemas) else {
                continue;
            };
            let links = targets(&paths, path, id_type, pointer, etag);
            if links.is_empty() {
                continue;
            }
            if let Some(answer) = doc
                .pointer_mut(&format!(
                    "/paths/{}/{method}/responses/201",
                    path.replace('~', "~0").replace('/', "~1")
                ))
                .and_then(Value::as_object_mut)
            {
                answer.insert("links".into(), Value::Object(links));
            }
        }
    }
}

/// A schema with its `$ref` followed.
fn resolve<'a>(mut s: &'a Value, schemas: &'a Value) -> &'a Value {
    for _ in 0..8 {
        match s.get("$ref").and_then(Value::as_str) {
            Some(r) => match r.strip_prefix("#/components/schemas/") {
                Some(name) => s = &schemas[name],
                None => break,
            },
            None => break,
        }
    }
    s
}

/// The type (`integer` or `string`) of the `id` property of an object schema, looked for in
/// its branches too (a contact is a person or an organization).
fn id_type<'a>(s: &'a Value, schemas: &'a Value) -> Option<&'a str> {
    let s = resolve(s, schemas);
    if let Some(id) = s.pointer("/properties/id") {
        return resolve(id, schemas).get("type").and_then(Value::as_str);
    }
    ["oneOf", "anyOf", "allOf"]
        .iter()
        .filter_map(|k| s.get(*k).and_then(Value::as_array))
        .flatten()
        .find_map(|b| id_type(b, schemas))
}

/// Where a `201` answer carries the created id (a runtime expression), its type, and whether
/// it carries the created thing's etag at `meta.etag`.
fn created_id<'a>(created: &'a Value, schemas: &'a Value) -> Option<(&'static str, &'a str, bool)> {
    let s = resolve(created, schemas);
    if let Some(entity) = s.pointer("/properties/entity") {
        return Some((
            "$response.body#/entity/id",
            id_type(entity, schemas)?,
            false,
        ));
    }
    let id = id_type(s, schemas)?;
    let etag = s
        .pointer("/properties/meta")
        .map(|m| resolve(m, schemas))
        .and_then(|m| m.pointer("/properties/etag"))
        .is_some();
    Some(("$response.body#/id", id, etag))
}

/// Whether a path parameter's schema admits a value of this type. A path id is documented as
/// a string of decimal digits (`rules::decimal_params`), which an integer id is written as.
fn admits(schema: &Value, id_type: &str) -> bool {
    match schema.get("oneOf").and_then(Value::as_array) {
        Some(branches) => branches.iter().any(|b| admits(b, id_type)),
        None => {
            let decimal = super::rules::is_decimal(schema);
            match id_type {
                "integer" => decimal || schema["type"] == "integer",
                other => !decimal && schema["type"] == other,
            }
        }
    }
}

/// The links from a create at `base` to the operations on `base/{id}` and below.
fn targets(
    paths: &Map<String, Value>,
    base: &str,
    id_type: &str,
    id: &str,
    etag: bool,
) -> Map<String, Value> {
    let on = format!("{base}/{{id}}");
    let mut links = Map::new();
    for (path, item) in paths {
        if !(*path == on || path.starts_with(&format!("{on}/"))) {
            continue;
        }
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let Some(op_id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let params = op
                .get("parameters")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let takes_id = params
                .iter()
                .any(|p| p["in"] == "path" && p["name"] == "id" && admits(&p["schema"], id_type));
            if !takes_id {
                continue;
            }
            let mut values = json!({ "id": id });
            let wants_etag = params
                .iter()
                .any(|p| p["in"] == "header" && p["name"] == "etag");
            if etag && wants_etag {
                values["header.etag"] = json!("$response.body#/meta/etag");
            }
            links.insert(
                op_id.to_string(),
                json!({ "operationId": op_id, "parameters": values }),
            );
        }
    }
    links
}

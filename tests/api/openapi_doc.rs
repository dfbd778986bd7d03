//! The OpenAPI document against the route table: every declared endpoint is documented (or
//! declared hidden), every documented operation is served, operation ids are unique, and the
//! whole document is a committed snapshot.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::common::TestApp;

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for m in METHODS {
            if item.get(m).is_some() {
                out.insert((m.to_uppercase(), path.clone()));
            }
        }
    }
    out
}

/// Whether an operation may be called without a token: the document states no security for
/// it, or an empty requirement among its alternatives.
fn open(op: &Value) -> bool {
    match op["security"].as_array() {
        None => true,
        Some(list) => list
            .iter()
            .any(|s| s.as_object().is_some_and(|o| o.is_empty())),
    }
}

/// The token is stated once (an endpoint is `public()` or takes one, `interact_api::openapi`
/// adds the security and the 401): every operation the document says takes a token refuses
/// a request without one with a 401 in the error envelope, before anything else is looked at.
#[actix_rt::test]
async fn every_operation_that_takes_a_token_answers_401_without_one() {
    let app = TestApp::start().await;
    let doc = app.call("GET", "/v2/openapi.json", None, None).await.json();
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for m in METHODS {
            let Some(op) = item.get(m) else { continue };
            if open(op) {
                continue;
            }
            assert!(op["responses"].get("401").is_some(), "{m} {path}: no 401");
            let r = app
                .call(&m.to_uppercase(), &path.replace("{id}", "1"), None, None)
                .await;
            let body = r.json();
            assert_eq!(r.status, 401, "{m} {path}: {body}");
            assert_eq!(body["code"], 401, "{m} {path}: {body}");
            assert_eq!(body["error"].to_string().len(), 14, "{m} {path}: {body}");
            checked += 1;
        }
    }
    // The public ones are few: health, metrics, login, logout, a trigger device's event and
    // the account's reset commands.
    assert!(checked >= 90, "only {checked} operations take a token");
}

#[actix_rt::test]
async fn the_route_table_and_the_document_have_the_same_operations() {
    let app = TestApp::start().await;
    let doc = app.call("GET", "/v2/openapi.json", None, None).await.json();
    let in_doc = documented(&doc);

    let mut declared = BTreeSet::new();
    let mut hidden = BTreeSet::new();
    for e in interact_api::routes::endpoints() {
        for path in e.paths() {
            let key = (e.method.to_string(), path.to_string());
            if e.doc.is_some() {
                declared.insert(key);
            } else {
                hidden.insert(key);
            }
        }
    }
    let undocumented: Vec<_> = declared.difference(&in_doc).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from the document: {undocumented:?}"
    );
    let unserved: Vec<_> = in_doc.difference(&declared).collect();
    assert!(
        unserved.is_empty(),
        "documented operations of no route: {unserved:?}"
    );
    // The pair the hand-kept list once forgot: both /v2/interactions resources are there.
    for (method, path) in [
        ("get", "/v2/interactions"),
        ("get", "/v2/interactions/{id}"),
    ] {
        let op = &doc["paths"][path][method];
        let text = op["description"].as_str().unwrap_or("");
        assert!(text.contains("**Or:**"), "{method} {path}: {op}");
    }

    // And the live route table answers each of them: no "no resource" 404, no 405.
    for (method, path) in in_doc.iter().chain(hidden.iter()) {
        let url = path.replace("{id}", "1").replace("{tail:.*}", "index.html");
        let r = app.call(method, &url, None, None).await;
        let body = r.text();
        assert_ne!(r.status, 405, "{method} {url} is not routed: {body}");
        assert!(
            !(r.status == 404 && body.contains("no resource at")),
            "{method} {url} is not routed: {body}"
        );
    }
}

#[actix_rt::test]
async fn every_operation_has_its_own_id() {
    let app = TestApp::start().await;
    let doc = app.call("GET", "/v2/openapi.json", None, None).await.json();
    let mut ids: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for m in METHODS {
            if let Some(op) = item.get(m) {
                let id = op["operationId"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{m} {path} has no operationId"));
                ids.entry(id.to_string())
                    .or_default()
                    .push(format!("{m} {path}"));
            }
        }
    }
    let repeated: Vec<_> = ids.iter().filter(|(_, ops)| ops.len() > 1).collect();
    assert!(
        repeated.is_empty(),
        "operation ids used twice: {repeated:?}"
    );
}

/// The whole document, so that it cannot change unnoticed. After an intended change:
/// `INSTA_UPDATE=always cargo test -p interact-server --test api openapi_doc` (or
/// `cargo insta review`), then commit `tests/api/snapshots/`.
#[actix_rt::test]
async fn the_document_is_the_committed_one() {
    let app = TestApp::start().await;
    let doc = app.call("GET", "/v2/openapi.json", None, None).await.json();
    insta::assert_json_snapshot!("openapi", doc);
}

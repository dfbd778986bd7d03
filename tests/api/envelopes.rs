//! Every malformed request answers `{"code","error","devmsg"}` (2.6), never anything else.

use serde_json::json;

use crate::common::*;

const JSON: (&str, &str) = ("content-type", "application/json");

#[actix_rt::test]
async fn malformed_json_is_400() {
    let app = TestApp::start().await;
    for body in [&b"{"[..], b"{\"username\":", b"not json", b"{\"a\":1}}"] {
        let r = app.raw("POST", "/v2/login", &[JSON], body).await;
        let b = r.assert_error(400, 92010200402004);
        assert!(
            b["devmsg"].as_str().unwrap().contains("not valid JSON"),
            "{b}"
        );
    }
}

#[actix_rt::test]
async fn wrong_json_types_name_the_field() {
    let app = TestApp::start().await;
    let r = app
        .raw(
            "POST",
            "/v2/login",
            &[JSON],
            br#"{"username":["a"],"password":"x","scope":"csr"}"#,
        )
        .await;
    let b = r.assert_error(400, 92010200402001);
    assert!(
        b["devmsg"].as_str().unwrap().starts_with("username:"),
        "{b}"
    );
    // A body that is JSON but not an object.
    for body in [&b"[]"[..], b"42", b"\"x\"", b"null"] {
        let r = app.raw("POST", "/v2/login", &[JSON], body).await;
        assert_eq!(r.status, 400, "{}", r.text());
        assert!(r.json()["error"].as_u64().unwrap() / 10_000_000_000 >= 9201);
    }
}

#[actix_rt::test]
async fn empty_body_is_missing_data() {
    let app = TestApp::start().await;
    let r = app.raw("POST", "/v2/login", &[JSON], b"").await;
    r.assert_error(400, 92020200402002);
}

#[actix_rt::test]
async fn unknown_route_is_404() {
    let app = TestApp::start().await;
    let r = app.call("GET", "/v2/nothing-here", None, None).await;
    let b = r.assert_error(404, 91000100001001);
    assert!(b["devmsg"].as_str().unwrap().contains("/v2/nothing-here"));
    let r = app.call("GET", "/", None, None).await;
    r.assert_error(404, 91000100001001);
    let r = app.call("POST", "/v3/login", None, Some(json!({}))).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["code"], json!(404));
}

#[actix_rt::test]
async fn wrong_method_is_405_with_allow() {
    let app = TestApp::start().await;
    for method in ["GET", "PUT", "DELETE", "PATCH"] {
        let r = app.call(method, "/v2/login", None, None).await;
        let b = r.json();
        assert_eq!(r.status, 405, "{method}: {b}");
        assert_eq!(b["code"], json!(405));
        assert_eq!(b["error"].as_u64().unwrap() / 10_000_000_000, 9300);
        assert!(b["devmsg"].as_str().unwrap().contains(method));
        assert_eq!(r.header("allow").as_deref(), Some("POST"));
    }
}

#[actix_rt::test]
async fn body_too_large_is_413() {
    let app = TestApp::with(|s| s.max_body = 1024).await;
    let big = format!(
        r#"{{"username":"{}","password":"x","scope":"csr"}}"#,
        "a".repeat(2000)
    );
    let r = app.raw("POST", "/v2/login", &[JSON], big.as_bytes()).await;
    let b = r.assert_error(413, 92010200402003);
    assert!(b["devmsg"].as_str().unwrap().contains("1024"));
    // Within the limit the same endpoint answers normally.
    let r = app
        .raw(
            "POST",
            "/v2/login",
            &[JSON],
            br#"{"username":"a","password":"b","scope":"csr"}"#,
        )
        .await;
    assert_eq!(r.status, 401);
}

#[actix_rt::test]
async fn unsupported_content_type_is_415() {
    let app = TestApp::start().await;
    // (text/plain and form bodies are read when they are JSON: hardening_input.rs.)
    for ct in [
        "text/html",
        "application/xml",
        "multipart/form-data; boundary=x",
    ] {
        let r = app
            .raw(
                "POST",
                "/v2/login",
                &[("content-type", ct)],
                br#"{"username":"a"}"#,
            )
            .await;
        let b = r.assert_error(415, 92010200402004);
        assert!(b["devmsg"].as_str().unwrap().contains("application/json"));
    }
    // JSON with a charset, and vendor JSON types, are fine.
    for ct in [
        "application/json; charset=utf-8",
        "application/vnd.api+json",
    ] {
        let r = app
            .raw(
                "POST",
                "/v2/login",
                &[("content-type", ct)],
                br#"{"username":"a","password":"b","scope":"csr"}"#,
            )
            .await;
        assert_eq!(r.status, 401, "{ct}");
    }
}

#[actix_rt::test]
async fn health_and_readiness() {
    let app = TestApp::start().await;
    let r = app.call("GET", "/healthz", None, None).await;
    assert_eq!((r.status, r.json()), (200, json!({"status": "ok"})));
    let r = app.call("GET", "/readyz", None, None).await;
    assert_eq!((r.status, r.json()), (200, json!({"status": "ready"})));
}

#[actix_rt::test]
async fn openapi_document_lists_the_endpoints() {
    let app = TestApp::start().await;
    let r = app.call("GET", "/v2/openapi.json", None, None).await;
    assert_eq!(r.status, 200);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for (path, method) in [
        ("/v2/login", "post"),
        ("/v2/logout", "post"),
        ("/v2/activities", "get"),
        ("/healthz", "get"),
        ("/readyz", "get"),
    ] {
        let op = &doc["paths"][path][method];
        assert!(
            op.is_object(),
            "{method} {path} missing from the OpenAPI document"
        );
        assert!(op["responses"].is_object());
    }
    let login = &doc["paths"]["/v2/login"]["post"];
    assert!(login["requestBody"].is_object());
    assert!(doc["components"]["schemas"]["LoginResponse"].is_object());
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
}

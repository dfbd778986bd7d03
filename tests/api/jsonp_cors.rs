//! JSONP on GETs (2.2) and CORS (DESIGN.md).

use serde_json::json;

use crate::common::*;

#[actix_rt::test]
async fn jsonp_wraps_a_get() {
    let app = TestApp::start().await;
    let token = app.admin().await;
    for cb in ["jsonpcallback", "jQuery1102_1398", "$.cb", "a.b.c"] {
        let r = app
            .get(&format!("/v2/activities?callback={cb}"), &token)
            .await;
        assert_eq!(r.status, 200);
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("application/javascript; charset=utf-8")
        );
        assert_eq!(
            r.header("x-content-type-options").as_deref(),
            Some("nosniff")
        );
        let text = r.text();
        let prefix = format!("/**/{cb}(");
        assert!(text.starts_with(&prefix) && text.ends_with(");"), "{text}");
        let inner: serde_json::Value =
            serde_json::from_str(&text[prefix.len()..text.len() - 2]).unwrap();
        assert_eq!(inner["totalLength"], json!(0));
    }
}

#[actix_rt::test]
async fn jsonp_wraps_errors_and_keeps_their_status() {
    let app = TestApp::start().await;
    let r = app
        .call("GET", "/v2/activities?callback=cb", None, None)
        .await;
    assert_eq!(r.status, 401);
    let text = r.text();
    assert!(text.starts_with("/**/cb({"), "{text}");
    assert!(text.contains("94010100004003"));
}

#[actix_rt::test]
async fn invalid_callbacks_are_rejected() {
    let app = TestApp::start().await;
    let token = app.admin().await;
    let long = "a".repeat(129);
    for cb in [
        "alert(1)",
        "1abc",
        "a-b",
        "a..b",
        "",
        "%3Cscript%3E",
        long.as_str(),
    ] {
        let r = app
            .get(&format!("/v2/activities?callback={cb}"), &token)
            .await;
        if cb.is_empty() {
            // `callback=` with no name: nothing to call, so a 400 as well.
            r.assert_error(400, 92010100002005);
            continue;
        }
        let b = r.assert_error(400, 92010100002005);
        assert!(b["devmsg"].as_str().unwrap().contains("callback"));
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("application/json")
        );
    }
}

#[actix_rt::test]
async fn jsonp_only_on_get() {
    let app = TestApp::start().await;
    let r = app
        .call(
            "POST",
            "/v2/login?callback=cb",
            None,
            Some(json!({"username": "a", "password": "b", "scope": "csr"})),
        )
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/json")
    );
}

#[actix_rt::test]
async fn cors_preflight_allows_the_documented_headers() {
    let app =
        TestApp::with(|s| s.cors_origins = "https://portal.example, https://app.example".into())
            .await;
    let r = app
        .raw(
            "OPTIONS",
            "/v2/activities",
            &[
                ("Origin", "https://portal.example"),
                ("Access-Control-Request-Method", "GET"),
                ("Access-Control-Request-Headers", "authToken, content-type"),
            ],
            b"",
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.header("access-control-allow-origin").as_deref(),
        Some("https://portal.example")
    );
    let allowed = r
        .header("access-control-allow-headers")
        .unwrap()
        .to_lowercase();
    assert!(allowed.contains("authtoken"), "{allowed}");

    // The actual request exposes ETag and X-Token-Expires.
    let token = app.admin().await;
    let r = app
        .raw(
            "GET",
            "/v2/activities",
            &[("Origin", "https://app.example"), ("authToken", &token)],
            b"",
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("access-control-allow-origin").as_deref(),
        Some("https://app.example")
    );
    let exposed = r
        .header("access-control-expose-headers")
        .unwrap()
        .to_lowercase();
    assert!(
        exposed.contains("x-token-expires") && exposed.contains("etag"),
        "{exposed}"
    );
}

#[actix_rt::test]
async fn cors_refuses_other_origins_in_the_envelope() {
    let app = TestApp::with(|s| s.cors_origins = "https://portal.example".into()).await;
    let r = app
        .raw(
            "OPTIONS",
            "/v2/activities",
            &[
                ("Origin", "https://evil.example"),
                ("Access-Control-Request-Method", "GET"),
            ],
            b"",
        )
        .await;
    assert_eq!(r.status, 400);
    let b = r.json();
    assert_eq!(b["code"], json!(400));
    assert!(b["devmsg"].as_str().unwrap().contains("evil.example"));
    assert!(r.header("access-control-allow-origin").is_none());
}

#[actix_rt::test]
async fn without_configured_origins_no_cross_origin_access() {
    let app = TestApp::start().await;
    let token = app.admin().await;
    let r = app
        .raw(
            "GET",
            "/v2/activities",
            &[("Origin", "https://any.example"), ("authToken", &token)],
            b"",
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(r.header("access-control-allow-origin").is_none());
}

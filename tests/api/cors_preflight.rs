//! CORS preflights: `X-Requested-With` is allowed besides the documented headers, and a
//! preflight asking for a header the server does not allow is answered without it (the
//! browser then refuses the call), not with a 400.

use crate::common::*;

async fn preflight(app: &TestApp, headers: &str) -> Resp {
    app.raw(
        "OPTIONS",
        "/v2/contacts",
        &[
            ("Origin", "https://portal.example"),
            ("Access-Control-Request-Method", "PUT"),
            ("Access-Control-Request-Headers", headers),
        ],
        b"",
    )
    .await
}

fn allowed_headers(r: &Resp) -> Vec<String> {
    r.header("access-control-allow-headers")
        .unwrap_or_default()
        .split(',')
        .map(|h| h.trim().to_ascii_lowercase())
        .filter(|h| !h.is_empty())
        .collect()
}

#[actix_rt::test]
async fn x_requested_with_is_allowed() {
    let app = TestApp::with(|s| s.cors_origins = "https://portal.example".into()).await;
    // As jQuery sends it, with the token and the JSON body's type.
    let r = preflight(&app, "X-Requested-With, authToken, Content-Type").await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.header("access-control-allow-origin").as_deref(),
        Some("https://portal.example")
    );
    let allowed = allowed_headers(&r);
    for h in [
        "x-requested-with",
        "authtoken",
        "content-type",
        "triggertoken",
        "etag",
        "if-match",
        "authorization",
    ] {
        assert!(allowed.contains(&h.to_string()), "{h} in {allowed:?}");
    }
    let methods = r.header("access-control-allow-methods").unwrap();
    assert!(methods.contains("PUT"), "{methods}");

    // The call itself, with the header, goes through and is readable cross-origin.
    let token = app.admin().await;
    let r = app
        .raw(
            "GET",
            "/v2/activities",
            &[
                ("Origin", "https://portal.example"),
                ("X-Requested-With", "XMLHttpRequest"),
                ("authToken", &token),
            ],
            b"",
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.header("access-control-allow-origin").as_deref(),
        Some("https://portal.example")
    );
}

#[actix_rt::test]
async fn a_header_not_allowed_is_left_out_of_the_answer_not_refused_with_400() {
    let app = TestApp::with(|s| s.cors_origins = "https://portal.example".into()).await;
    let r = preflight(&app, "X-Requested-With, X-Custom-Thing").await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.body.is_empty(), "no error body: {}", r.text());
    assert_eq!(
        r.header("access-control-allow-origin").as_deref(),
        Some("https://portal.example")
    );
    let allowed = allowed_headers(&r);
    assert!(
        !allowed.contains(&"x-custom-thing".to_string()),
        "{allowed:?}"
    );
    assert!(
        allowed.contains(&"x-requested-with".to_string()),
        "{allowed:?}"
    );

    // Only headers that are not allowed: the same answer, still without them.
    let r = preflight(&app, "X-Custom-Thing").await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.body.is_empty(), "no error body: {}", r.text());
    let allowed = allowed_headers(&r);
    assert!(
        !allowed.contains(&"x-custom-thing".to_string()),
        "{allowed:?}"
    );
}

#[actix_rt::test]
async fn without_configured_origins_a_preflight_allows_nothing() {
    let app = TestApp::start().await;
    let r = preflight(&app, "X-Requested-With").await;
    assert!(r.header("access-control-allow-origin").is_none());
    assert!(r.header("access-control-allow-headers").is_none());
}

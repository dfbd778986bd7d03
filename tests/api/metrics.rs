//! `GET /metrics`: the Prometheus text format, counts after known requests, and who may read
//! it (`INTERACT_METRICS_ALLOW`, `INTERACT_METRICS_TOKEN`).

use std::time::Duration;

use serde_json::json;

use crate::common::*;
use crate::socket::{connect, device, next_json};

#[actix_rt::test]
async fn requests_are_counted_by_route_template_method_and_status() {
    let app = TestApp::start().await;
    let token = app.admin().await;
    for _ in 0..3 {
        assert_eq!(app.call("GET", "/healthz", None, None).await.status, 200);
    }
    for id in [424242, 515151] {
        let r = app.get(&format!("/v2/contacts/{id}"), &token).await;
        assert_eq!(r.status, 404);
    }
    for path in ["/nothing/here", "/wp-admin/x.php"] {
        assert_eq!(app.call("GET", path, None, None).await.status, 404);
    }
    let r = app
        .put(
            "/v2/contacts",
            &token,
            json!({"contactType": "person", "firstName": "Ada"}),
        )
        .await;
    assert_eq!(r.status, 201);

    let text = scrape(&app).await;
    let requests = "interact_http_requests_total";
    assert_value(
        &text,
        &format!(r#"{requests}{{method="GET",route="/healthz",status="200"}}"#),
        3.0,
    );
    // Two ids, one series: the route's template.
    assert_value(
        &text,
        &format!(r#"{requests}{{method="GET",route="/v2/contacts/{{id}}",status="404"}}"#),
        2.0,
    );
    assert_value(
        &text,
        &format!(r#"{requests}{{method="GET",route="unmatched",status="404"}}"#),
        2.0,
    );
    assert_value(
        &text,
        &format!(r#"{requests}{{method="POST",route="/v2/login",status="200"}}"#),
        1.0,
    );
    assert_value(
        &text,
        &format!(r#"{requests}{{method="PUT",route="/v2/contacts",status="201"}}"#),
        1.0,
    );
    assert!(
        !text.contains("424242") && !text.contains("wp-admin"),
        "{text}"
    );
    // Latency histograms by route and method.
    let latency = "interact_http_request_duration_seconds";
    assert_value(
        &text,
        &format!(r#"{latency}_count{{method="GET",route="/healthz"}}"#),
        3.0,
    );
    assert_value(
        &text,
        &format!(r#"{latency}_bucket{{method="GET",route="/healthz",le="+Inf"}}"#),
        3.0,
    );
    assert!(
        value(
            &text,
            &format!(r#"{latency}_sum{{method="GET",route="/v2/contacts/{{id}}"}}"#)
        )
        .is_some_and(|s| s > 0.0),
        "{text}"
    );
    // The gauges read at scrape time.
    let in_use = value(&text, r#"interact_db_pool_connections{state="in_use"}"#).unwrap();
    let idle = value(&text, r#"interact_db_pool_connections{state="idle"}"#).unwrap();
    assert!(
        in_use >= 0.0 && idle >= 0.0 && in_use + idle >= 1.0,
        "{text}"
    );
    assert!(
        value(&text, "interact_db_pool_waits_total").is_some(),
        "{text}"
    );
    assert!(
        value(&text, "interact_db_pool_wait_seconds_total").is_some(),
        "{text}"
    );
    assert!(
        value(&text, "interact_db_pool_timeouts_total").is_some(),
        "{text}"
    );
    assert_value(&text, "interact_websockets_open", 0.0);
    assert_value(&text, r#"interact_apns_outbox{status="pending"}"#, 0.0);
    assert_value(&text, r#"interact_apns_outbox{status="failed"}"#, 0.0);
    assert_value(&text, "interact_apns_attempts_failed_total", 0.0);
    assert_value(&text, "interact_logins_throttled_total", 0.0);
    // SQLite's own memory: some, at most the most since start; none on PostgreSQL.
    let used = value(&text, r#"interact_sqlite_memory_bytes{kind="used"}"#);
    let highwater = value(&text, r#"interact_sqlite_memory_bytes{kind="highwater"}"#);
    if is_postgres() {
        assert_eq!((used, highwater), (None, None), "{text}");
    } else {
        let (used, highwater) = (used.unwrap(), highwater.unwrap());
        assert!(used > 0.0 && used <= highwater, "{used} {highwater}");
    }
    let lag = value(&text, "interact_journal_watcher_lag_seconds").unwrap();
    assert!((0.0..5.0).contains(&lag), "journal watcher lag {lag}");
    for help in [
        "# TYPE interact_http_requests_total counter",
        "# TYPE interact_http_request_duration_seconds histogram",
        "# TYPE interact_db_pool_waits_total counter",
        "# TYPE interact_websockets_open gauge",
    ] {
        assert!(text.contains(help), "{help} in:\n{text}");
    }

    // The scrape itself is counted once it is answered.
    let text = scrape(&app).await;
    assert_value(
        &text,
        &format!(r#"{requests}{{method="GET",route="/metrics",status="200"}}"#),
        1.0,
    );
    assert_value(
        &text,
        &format!(r#"{requests}{{method="GET",route="/healthz",status="200"}}"#),
        3.0,
    );
}

#[actix_rt::test]
async fn throttled_logins_are_counted() {
    let app = TestApp::with(|s| s.login_max_failures = 2).await;
    app.admin().await;
    let attempt = || {
        app.call(
            "POST",
            "/v2/login",
            None,
            Some(json!({"username": ADMIN_EMAIL, "password": "wrong!", "scope": "csr"})),
        )
    };
    assert_eq!(attempt().await.status, 401);
    assert_eq!(attempt().await.status, 401);
    assert_eq!(attempt().await.status, 429);
    assert_eq!(attempt().await.status, 429);
    let text = scrape(&app).await;
    assert_value(&text, "interact_logins_throttled_total", 2.0);
    assert_value(
        &text,
        r#"interact_http_requests_total{method="POST",route="/v2/login",status="401"}"#,
        2.0,
    );
    assert_value(
        &text,
        r#"interact_http_requests_total{method="POST",route="/v2/login",status="429"}"#,
        2.0,
    );
}

#[actix_rt::test]
async fn open_websockets_and_pushes_are_counted() {
    let app = TestApp::start().await;
    let token = app.admin().await;
    let r = app
        .put(
            "/v2/contacts",
            &token,
            json!({"contactType": "person", "firstName": "Grace"}),
        )
        .await;
    assert_eq!(r.status, 201);
    let phone = device(&app, &token, 0x5a).await;
    let mut socket = connect(&app, "/v2/socket", &phone, &token).await.unwrap();
    // The device never synced and its user has data: a sync hint on connect.
    next_json(&mut socket, Duration::from_secs(5))
        .await
        .expect("sync hint on connect");
    let text = scrape(&app).await;
    assert_value(&text, "interact_websockets_open", 1.0);
    assert_value(
        &text,
        r#"interact_pushes_sent_total{channel="websocket",kind="sync_hint"}"#,
        1.0,
    );
    // A change while connected: the journal watcher sends the hint again.
    let r = app
        .put(
            "/v2/contacts",
            &token,
            json!({"contactType": "person", "firstName": "Ada"}),
        )
        .await;
    assert_eq!(r.status, 201);
    next_json(&mut socket, Duration::from_secs(5))
        .await
        .expect("sync hint after a change");
    let text = scrape(&app).await;
    assert_value(
        &text,
        r#"interact_pushes_sent_total{channel="websocket",kind="sync_hint"}"#,
        2.0,
    );
    let passes = value(&text, "interact_journal_watcher_pass_seconds_count").unwrap();
    assert!(passes >= 1.0, "{text}");

    drop(socket);
    let mut open = 1.0;
    for _ in 0..50 {
        open = value(&scrape(&app).await, "interact_websockets_open").unwrap();
        if open == 0.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(open, 0.0, "the closed socket is no longer counted");
}

#[actix_rt::test]
async fn metrics_are_refused_to_addresses_not_allowed() {
    let app = TestApp::with(|s| s.metrics_allow = "10.0.0.0/8, 192.0.2.7".into()).await;
    let r = app.call("GET", "/metrics", None, None).await;
    let b = r.assert_error(403, 94020100007001);
    assert!(
        b["devmsg"]
            .as_str()
            .unwrap()
            .contains("INTERACT_METRICS_ALLOW"),
        "{b}"
    );
    // A bearer token, when none is configured, opens nothing.
    let r = app
        .raw("GET", "/metrics", &[("Authorization", "Bearer guess")], b"")
        .await;
    assert_eq!(r.status, 403);
    // The API itself is not affected.
    assert_eq!(app.call("GET", "/healthz", None, None).await.status, 200);
}

#[actix_rt::test]
async fn the_metrics_token_opens_them_from_anywhere() {
    let app = TestApp::with(|s| {
        s.metrics_allow = "10.0.0.0/8".into();
        s.metrics_token = Some("s3cret-metrics-token".into());
    })
    .await;
    assert_eq!(app.call("GET", "/healthz", None, None).await.status, 200);
    let r = app
        .raw(
            "GET",
            "/metrics",
            &[("Authorization", "Bearer s3cret-metrics-token")],
            b"",
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        r.text().contains(
            r#"interact_http_requests_total{method="GET",route="/healthz",status="200"} 1"#
        ),
        "{}",
        r.text()
    );
    for wrong in [
        "Bearer s3cret-metrics-tokem",
        "Bearer ",
        "s3cret-metrics-token",
    ] {
        let r = app
            .raw("GET", "/metrics", &[("Authorization", wrong)], b"")
            .await;
        r.assert_error(403, 94020100007001);
    }
}

#[actix_rt::test]
async fn behind_a_trusted_proxy_the_forwarded_address_decides() {
    // The proxy runs on this host, so every peer is loopback: the client it reports decides.
    let app = TestApp::with(|s| s.trust_proxy = true).await;
    let r = app
        .raw(
            "GET",
            "/metrics",
            &[("X-Forwarded-For", "203.0.113.9")],
            b"",
        )
        .await;
    r.assert_error(403, 94020100007001);
    let r = app
        .raw("GET", "/metrics", &[("X-Forwarded-For", "127.0.0.1")], b"")
        .await;
    assert_eq!(r.status, 200);
    // Without a forwarded address the peer (loopback) is the client.
    assert_eq!(app.call("GET", "/metrics", None, None).await.status, 200);
}

#[actix_rt::test]
async fn the_contact_cache_counts_its_hits_misses_and_bytes() {
    let app = TestApp::start().await;
    let (_, t) = app.owner("cache-metrics@example.com").await;
    let c = id_of(
        &app.person(&t, Person::named("Edsger").info("email", "e@example.com"))
            .await,
    );
    // The first read finds nothing kept, the second finds it; a change makes the next a miss.
    for _ in 0..2 {
        assert_eq!(app.get(&format!("/v2/contacts/{c}"), &t).await.status, 200);
    }
    let text = scrape(&app).await;
    assert_value(
        &text,
        r#"interact_contact_cache_reads_total{result="miss"}"#,
        1.0,
    );
    assert_value(
        &text,
        r#"interact_contact_cache_reads_total{result="hit"}"#,
        1.0,
    );
    let bytes = value(&text, "interact_contact_cache_bytes").expect("bytes");
    assert!(bytes > 0.0, "{text}");
    app.note(&t, c, "changed").await;
    assert_eq!(app.get(&format!("/v2/contacts/{c}"), &t).await.status, 200);
    let text = scrape(&app).await;
    assert_value(
        &text,
        r#"interact_contact_cache_reads_total{result="miss"}"#,
        2.0,
    );
    app.stop().await;
}

#[actix_rt::test]
async fn a_contact_cache_of_zero_mib_keeps_nothing_and_reads_answer_the_same() {
    let app = TestApp::with(|s| s.contact_cache = 0).await;
    let (_, t) = app.owner("cache-off@example.com").await;
    let c = id_of(&app.person(&t, Person::named("Barbara")).await);
    let first = app.get(&format!("/v2/contacts/{c}"), &t).await.json();
    let page = app.get("/v2/contacts?offset=0&limit=25", &t).await.json();
    assert_eq!(page["data"][0], first, "{page}");
    let text = scrape(&app).await;
    assert_value(&text, "interact_contact_cache_bytes", 0.0);
    assert_value(
        &text,
        r#"interact_contact_cache_reads_total{result="hit"}"#,
        0.0,
    );
    app.note(&t, c, "kept nowhere").await;
    let got = app.get(&format!("/v2/contacts/{c}"), &t).await.json();
    assert_eq!(
        got["notes"].as_str().map(|s| s.is_empty()),
        Some(false),
        "{got}"
    );
    app.stop().await;
}

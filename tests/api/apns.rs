//! APNs (2.4.2): a trigger writes one delivery per active device in its transaction; the
//! sender posts it to the configured endpoint (here a local stand-in), retries failures with
//! backoff and records the outcome.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use serde_json::{json, Value};
use tokio::sync::mpsc;

use crate::common::*;
use crate::socket::device;

#[derive(Debug, Clone)]
struct Seen {
    path: String,
    topic: String,
    auth: String,
    body: Value,
}

/// A stand-in APNs: device tokens starting `aa` fail once with 500, then succeed; `bb` are
/// unregistered (410); others succeed.
async fn stand_in() -> (String, mpsc::UnboundedReceiver<Seen>) {
    let (tx, rx) = mpsc::unbounded_channel::<Seen>();
    let failed_once = Arc::new(Mutex::new(false));
    let server = HttpServer::new(move || {
        let tx = tx.clone();
        let failed_once = failed_once.clone();
        App::new().route(
            "/3/device/{token}",
            web::post().to(move |req: HttpRequest, body: web::Bytes| {
                let tx = tx.clone();
                let failed_once = failed_once.clone();
                async move {
                    let h = |n: &str| {
                        req.headers()
                            .get(n)
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("")
                            .to_string()
                    };
                    let token = req.match_info().get("token").unwrap_or("").to_string();
                    let _ = tx.send(Seen {
                        path: req.path().to_string(),
                        topic: h("apns-topic"),
                        auth: h("authorization"),
                        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
                    });
                    if token.starts_with("bb") {
                        return HttpResponse::Gone().json(json!({"reason": "Unregistered"}));
                    }
                    if token.starts_with("aa") {
                        let mut f = failed_once.lock().unwrap();
                        if !*f {
                            *f = true;
                            return HttpResponse::InternalServerError()
                                .json(json!({"reason": "InternalServerError"}));
                        }
                    }
                    HttpResponse::Ok().finish()
                }
            }),
        )
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let addr = server.addrs()[0];
    actix_web::rt::spawn(server.run());
    (format!("http://{addr}"), rx)
}

async fn outcomes(app: &TestApp, user_id: i64) -> Vec<(String, String, i64, Option<String>)> {
    app.ctx
        .db
        .read(move |c| interact_store::apns_outbox::list_for_user(c, user_id))
        .await
        .unwrap()
        .into_iter()
        .map(|d| (d.device_token, d.status, d.attempts, d.last_error))
        .collect()
}

/// Waits until no delivery of the user is pending (the sender has recorded every outcome).
async fn settled(app: &TestApp, user_id: i64) -> Vec<(String, String, i64, Option<String>)> {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let o = outcomes(app, user_id).await;
        if !o.is_empty() && o.iter().all(|d| d.1 != "pending") {
            return o;
        }
        assert!(std::time::Instant::now() < deadline, "still pending: {o:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[actix_rt::test]
async fn trigger_is_delivered_to_active_apple_devices_with_retries() {
    let (url, mut seen) = stand_in().await;
    let app = TestApp::with(|s| {
        s.apns_url = url.clone();
        s.apns_topic = Some("io.interact.app".into());
        s.apns_token = Some("provider-jwt".into());
        s.apns_retry_ms = 10;
        s.apns_max_attempts = 3;
    })
    .await;
    let admin = app.admin().await;
    let user_id = app.user(&admin, "alice@example.com", None, &["user"]).await;
    let alice = app.login("alice@example.com", PASSWORD).await;
    let flaky = device(&app, &alice, 0xaa).await;
    let gone = device(&app, &alice, 0xbb).await;
    let fine = device(&app, &alice, 0xcc).await;
    let inactive = device(&app, &alice, 0xdd).await;
    let r = app.get("/v2/devices", &alice).await;
    let dd = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["deviceId"] == inactive)
        .unwrap()["id"]
        .clone();
    let r = app
        .post(
            &format!("/v2/devices/{dd}"),
            &alice,
            json!({"active": false}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    app.put(
        "/v2/contacts",
        &alice,
        json!({"contactType": "person", "firstName": "John", "lastName": "Doe",
        "basicInfos": [{"type": "phone", "value": "030 1234567"}]}),
    )
    .await;
    let r = app
        .put("/v2/triggerDevices", &alice, json!({"deviceId": "imei"}))
        .await;
    let trig = r.json()["entity"]["triggerToken"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app
        .call_headers(
            "PUT",
            "/v2/interactions",
            None,
            Some(json!({"type": "call-incoming", "data": "+49301234567"})),
            &[("triggerToken".into(), trig)],
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());

    let first = tokio::time::timeout(Duration::from_secs(10), seen.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.topic, "io.interact.app");
    assert_eq!(first.auth, "bearer provider-jwt");
    assert!(first.path.starts_with("/3/device/"));
    assert_eq!(
        first.body,
        json!({"aps": {"alert": "Incoming call from John Doe (+49301234567)"},
                                  "data": "+49301234567", "type": "call-incoming"})
    );

    let mut o = settled(&app, user_id).await;
    o.sort();
    assert_eq!(o.len(), 3, "one per active device: {o:?}");
    let by = |t: &str| o.iter().find(|d| d.0 == t).unwrap().clone();
    assert_eq!(
        (by(&flaky).1.as_str(), by(&flaky).2),
        ("sent", 2),
        "retried once"
    );
    assert_eq!((by(&fine).1.as_str(), by(&fine).2), ("sent", 1));
    let g = by(&gone);
    assert_eq!((g.1.as_str(), g.2), ("failed", 1), "410 is not retried");
    assert!(g.3.unwrap().contains("410"));
}

#[actix_rt::test]
async fn without_an_apns_topic_nothing_is_queued() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let user_id = app.user(&admin, "alice@example.com", None, &["user"]).await;
    let alice = app.login("alice@example.com", PASSWORD).await;
    device(&app, &alice, 0xcc).await;
    let r = app
        .put("/v2/triggerDevices", &alice, json!({"deviceId": "imei"}))
        .await;
    let trig = r.json()["entity"]["triggerToken"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app
        .call_headers(
            "PUT",
            "/v2/interactions",
            None,
            Some(json!({"type": "sms-incoming", "data": "555"})),
            &[("triggerToken".into(), trig)],
        )
        .await;
    assert_eq!(r.status, 201);
    assert!(outcomes(&app, user_id).await.is_empty());
}

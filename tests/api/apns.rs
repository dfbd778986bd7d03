//! APNs (2.4.2): a trigger writes one delivery per active device in its transaction; the
//! sender posts it to the configured endpoint (here a local stand-in), retries failures with
//! backoff and records the outcome.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use serde_json::{json, Value};
use tokio::sync::mpsc;

use crate::common::*;

#[derive(Debug, Clone)]
struct Seen {
    path: String,
    topic: String,
    auth: String,
    body: Value,
}

/// A stand-in APNs: device tokens starting `aa` fail once with 500, then succeed; `bb` are
/// unregistered (410); `ee` succeed after 20 ms (a slow provider, which widens the window in
/// which two senders could both send one row); others succeed.
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
                    if token.starts_with("ee") {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
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
        if !o.is_empty() && o.iter().all(|d| d.1 != "pending" && d.1 != "sending") {
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
    let trig = app.trigger_device(&alice, "imei").await;
    let r = app
        .trigger(
            &trig,
            json!({"type": "call-incoming", "data": "+49301234567"}),
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
    let trig = app.trigger_device(&alice, "imei").await;
    let r = app
        .trigger(&trig, json!({"type": "sms-incoming", "data": "555"}))
        .await;
    assert_eq!(r.status, 201);
    assert!(outcomes(&app, user_id).await.is_empty());
}

async fn apns_app(url: &str) -> TestApp {
    let url = url.to_string();
    TestApp::with(move |s| {
        s.apns_url = url;
        s.apns_topic = Some("io.interact.app".into());
        s.apns_retry_ms = 10;
        s.apns_max_attempts = 3;
    })
    .await
}

/// Writes `n` deliveries for the user in one transaction, to device tokens `ee…` numbered
/// from 0, as a trigger would; answers the tokens.
async fn enqueue_many(app: &TestApp, user_id: i64, n: usize) -> Vec<String> {
    let tokens: Vec<String> = (0..n).map(|i| format!("ee{i:062x}")).collect();
    let now = app.ctx.clock.now_ms();
    let t = tokens.clone();
    app.ctx
        .db
        .write(move |c| {
            for token in &t {
                interact_store::apns_outbox::enqueue(c, user_id, token, "{}", now)?;
            }
            Ok(())
        })
        .await
        .unwrap();
    tokens
}

/// Two server processes on one database, both sending APNs deliveries: every row is posted
/// exactly once (each sender claims rows for itself).
#[actix_rt::test]
async fn two_senders_deliver_each_row_exactly_once() {
    let (url, mut seen) = stand_in().await;
    let a = apns_app(&url).await;
    // A second server process on the same database, with its own sender.
    let _b = a.sharing().await;
    let admin = a.admin().await;
    let user_id = a.user(&admin, "alice@example.com", None, &["user"]).await;
    let n = 300;
    let mut tokens = enqueue_many(&a, user_id, n).await;
    let o = settled(&a, user_id).await;
    assert_eq!(o.len(), n);
    assert!(o.iter().all(|d| d.1 == "sent" && d.2 == 1), "{o:?}");
    // Every post has arrived by now (an outcome is recorded after its answer); a duplicate
    // would be one more.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut posted = Vec::new();
    while let Ok(s) = seen.try_recv() {
        posted.push(s.path.trim_start_matches("/3/device/").to_string());
    }
    posted.sort();
    tokens.sort();
    assert_eq!(
        posted.len(),
        n,
        "each row posted once, not {}",
        posted.len()
    );
    assert_eq!(posted, tokens);
}

/// A graceful stop stops the sender with the server: rows written afterwards stay pending.
#[actix_rt::test]
async fn the_sender_stops_with_the_server() {
    let (url, mut seen) = stand_in().await;
    let app = apns_app(&url).await;
    let admin = app.admin().await;
    let user_id = app.user(&admin, "alice@example.com", None, &["user"]).await;
    enqueue_many(&app, user_id, 1).await;
    settled(&app, user_id).await;
    assert!(seen.recv().await.is_some());
    // Completes once the HTTP server, the journal watcher, the sender and the bus listener
    // have stopped.
    tokio::time::timeout(Duration::from_secs(10), app.stop())
        .await
        .expect("the server and its background tasks stop");
    let now = app.ctx.clock.now_ms();
    app.ctx
        .db
        .write(move |c| {
            interact_store::apns_outbox::enqueue(c, user_id, &format!("cc{:062x}", 2), "{}", now)
        })
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(seen.try_recv().is_err(), "nothing is sent after the stop");
    let o = outcomes(&app, user_id).await;
    assert_eq!(o.iter().filter(|d| d.1 == "pending").count(), 1, "{o:?}");
}

/// A row claimed by a sender that then vanished (crashed mid-send) waits for its lease, then
/// any sender sends it; an outcome recorded under a lease that ran out is ignored.
#[actix_rt::test]
async fn a_crashed_senders_claim_is_retried_after_its_lease() {
    use interact_store::apns_outbox;
    let (url, mut seen) = stand_in().await;
    let app = apns_app(&url).await;
    let admin = app.admin().await;
    let user_id = app.user(&admin, "alice@example.com", None, &["user"]).await;
    // Claim the row before the server's sender can: write it and claim it in one transaction.
    let now = app.ctx.clock.now_ms();
    let lease = now + 60_000;
    let claimed = app
        .ctx
        .db
        .write(move |c| {
            apns_outbox::enqueue(c, user_id, &format!("cc{:062x}", 1), "{}", now)?;
            apns_outbox::claim(c, now, lease, 10)
        })
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].status, apns_outbox::SENDING);
    assert_eq!(claimed[0].next_attempt, lease);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        seen.try_recv().is_err(),
        "a claimed row is not sent while its lease runs"
    );
    assert_eq!(outcomes(&app, user_id).await[0].1, "sending");

    // The lease runs out: the server's sender claims it again and sends it once.
    app.ctx.clock.advance_ms(61_000);
    let o = settled(&app, user_id).await;
    assert_eq!((o[0].1.as_str(), o[0].2), ("sent", 1), "{o:?}");
    let s = tokio::time::timeout(Duration::from_secs(5), seen.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.path, format!("/3/device/cc{:062x}", 1));

    // The vanished sender comes back and records an outcome under its old lease: ignored.
    let id = claimed[0].id;
    let late = app
        .ctx
        .db
        .write(move |c| apns_outbox::record(c, id, lease, apns_outbox::FAILED, 1, now, None, now))
        .await
        .unwrap();
    assert!(!late);
    assert_eq!(outcomes(&app, user_id).await[0].1, "sent");
}

/// On PostgreSQL a claim skips rows another transaction holds (`FOR UPDATE SKIP LOCKED`)
/// instead of waiting for them or taking them too.
#[actix_rt::test]
async fn a_claim_skips_rows_another_sender_is_claiming() {
    use diesel::{Connection, RunQueryDsl};
    use interact_store::apns_outbox;
    if !is_postgres() {
        return; // SQLite: one writer at a time, nothing to skip.
    }
    let app = TestApp::start().await; // no APNs topic: no sender of its own
    let admin = app.admin().await;
    let user_id = app.user(&admin, "alice@example.com", None, &["user"]).await;
    let now = app.ctx.clock.now_ms();
    app.ctx
        .db
        .write(move |c| {
            for i in 0..2 {
                apns_outbox::enqueue(c, user_id, &format!("cc{i:062x}"), "{}", now)?;
            }
            Ok(())
        })
        .await
        .unwrap();
    let rows = outcomes(&app, user_id).await;
    assert_eq!(rows.len(), 2);
    // Another process is in the middle of claiming the first row.
    let mut other = diesel::PgConnection::establish(&app.settings.database_url).unwrap();
    diesel::sql_query("BEGIN").execute(&mut other).unwrap();
    diesel::sql_query(
        "SELECT id FROM apns_outbox WHERE id = (SELECT min(id) FROM apns_outbox) FOR UPDATE",
    )
    .execute(&mut other)
    .unwrap();
    let claimed = tokio::time::timeout(
        Duration::from_secs(5),
        app.ctx
            .db
            .write(move |c| apns_outbox::claim(c, now, now + 60_000, 10)),
    )
    .await
    .expect("the claim does not wait for the locked row")
    .unwrap();
    diesel::sql_query("ROLLBACK").execute(&mut other).unwrap();
    assert_eq!(claimed.len(), 1, "{claimed:?}");
    assert_eq!(claimed[0].device_token, format!("cc{:062x}", 1));
}

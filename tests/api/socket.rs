//! The push websocket: who may open it, the interaction push of 2.4.1 (match or
//! tentatives), the sync hint of 2.4.3 on connect and while connected, and reconnecting.

use std::time::Duration;

use futures_util::SinkExt;
use serde_json::{json, Value};

use crate::common::*;

// Their home is the support module; kept reachable here for test files that import them
// from this module.
#[allow(unused_imports)]
pub use crate::common::{connect, device, next_json, Socket};

const WAIT: Duration = Duration::from_secs(5);

async fn user(app: &TestApp, admin: &str, email: &str) -> String {
    app.user(admin, email, None, &["user"]).await;
    app.login(email, PASSWORD).await
}

async fn trigger_token(app: &TestApp, token: &str) -> String {
    let r = app
        .put("/v2/triggerDevices", token, json!({"deviceId": "imei-1"}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()["entity"]["triggerToken"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn trigger(app: &TestApp, trigger: &str, body: Value) -> Resp {
    let r = app
        .call_headers(
            "PUT",
            "/v2/interactions",
            None,
            Some(body),
            &[("triggerToken".into(), trigger.into())],
        )
        .await;
    assert!(r.status == 201 || r.status == 200, "{}", r.text());
    r
}

#[actix_rt::test]
async fn only_a_device_registered_to_the_caller_may_connect() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let alice = user(&app, &admin, "alice@example.com").await;
    let bob = user(&app, &admin, "bob@example.com").await;
    let bobs = device(&app, &bob, 0xb0).await;
    assert_eq!(
        connect(&app, "/interact-server/socket", &bobs, &alice)
            .await
            .err(),
        Some(403)
    );
    assert_eq!(
        connect(&app, "/v2/socket", &"cd".repeat(32), &alice)
            .await
            .err(),
        Some(403)
    );
    assert_eq!(
        connect(&app, "/v2/socket", &bobs, "not-a-token")
            .await
            .err(),
        Some(401)
    );
    // The 403 is in the documented envelope.
    let r = app
        .get(&format!("/interact-server/socket?deviceId={bobs}"), &alice)
        .await;
    r.assert_error(403, 94020190607002);
    assert!(connect(&app, "/v2/socket", &bobs, &bob).await.is_ok());
}

#[actix_rt::test]
async fn trigger_is_pushed_to_every_socket_of_the_owner_only() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let alice = user(&app, &admin, "alice@example.com").await;
    let bob = user(&app, &admin, "bob@example.com").await;
    let phone = device(&app, &alice, 0xa1).await;
    let tablet = device(&app, &alice, 0xa2).await;
    let bobs = device(&app, &bob, 0xb0).await;
    let r = app
        .put(
            "/v2/contacts",
            &alice,
            json!({"contactType": "person", "firstName": "John", "lastName": "Doe",
                   "basicInfos": [{"type": "mobile", "value": "+49 171 1234567"}]}),
        )
        .await;
    let john = r.json()["entity"].clone();
    let trig = trigger_token(&app, &alice).await;
    let bob_trig = trigger_token(&app, &bob).await;

    let mut a1 = connect(&app, "/interact-server/socket", &phone, &alice)
        .await
        .unwrap();
    let mut a2 = connect(&app, "/v2/socket", &tablet, &alice).await.unwrap();
    let mut b = connect(&app, "/v2/socket", &bobs, &bob).await.unwrap();
    // Each device never synced and its user has data: the hint comes first.
    for s in [&mut a1, &mut a2, &mut b] {
        let hint = next_json(s, WAIT).await.expect("sync hint on connect");
        assert_eq!(
            hint,
            json!({"message": "cloud synchronization recommended", "lastSyncTime": 0})
        );
    }

    trigger(
        &app,
        &trig,
        json!({"type": "call-incoming", "data": "0171 1234567"}),
    )
    .await;
    let want = json!({"type": "call-incoming", "data": "0171 1234567",
                      "match": {"contactId": john["id"], "contactName": "John Doe",
                                "basicInfoId": john["basicInfos"][0]["id"]}});
    for s in [&mut a1, &mut a2] {
        let mut m = next_json(s, WAIT).await.expect("push");
        while m.get("message").is_some() {
            m = next_json(s, WAIT).await.expect("push");
        }
        assert_eq!(m, want);
    }

    // Two candidates, one without a contact: tentatives.
    let r = app
        .put(
            "/v2/basicInfos",
            &alice,
            json!({"type": "phone", "value": "+49 171 1234567"}),
        )
        .await;
    let bare = r.json()["entity"]["id"].clone();
    trigger(
        &app,
        &trig,
        json!({"type": "sms-incoming", "data": "+491711234567"}),
    )
    .await;
    let mut m = next_json(&mut a1, WAIT).await.expect("push");
    while m.get("message").is_some() {
        m = next_json(&mut a1, WAIT).await.expect("push");
    }
    assert_eq!(m["type"], "sms-incoming");
    assert!(m.get("match").is_none(), "{m}");
    let t = m["tentatives"].as_array().unwrap();
    assert_eq!(t.len(), 2, "{m}");
    assert!(
        t.contains(&json!({"contactId": john["id"], "contactName": "John Doe",
                               "basicInfoId": john["basicInfos"][0]["id"]}))
    );
    assert!(t.contains(&json!({"contactName": "Unknown", "basicInfoId": bare})));

    // Bob's socket hears only Bob's event, though Alice's came first.
    trigger(
        &app,
        &bob_trig,
        json!({"type": "call-outgoing", "data": "bob-1"}),
    )
    .await;
    let mut m = next_json(&mut b, WAIT).await.expect("bob's push");
    while m.get("message").is_some() {
        m = next_json(&mut b, WAIT).await.expect("bob's push");
    }
    assert_eq!(m["data"], "bob-1");
}

#[actix_rt::test]
async fn sync_hint_while_connected_and_after_a_reconnect() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let alice = user(&app, &admin, "alice@example.com").await;
    let phone = device(&app, &alice, 0xa1).await;
    let mut s = connect(&app, "/v2/socket", &phone, &alice).await.unwrap();
    assert!(next_json(&mut s, WAIT).await.is_some(), "hint on connect");

    let r = app
        .put(
            "/v2/contacts",
            &alice,
            json!({"contactType": "person", "firstName": "Jane"}),
        )
        .await;
    assert_eq!(r.status, 201);
    let hint = next_json(&mut s, WAIT).await.expect("hint while connected");
    assert_eq!(hint["message"], "cloud synchronization recommended");

    // Dropped; a change lands while it is away; the reconnect hears of it.
    s.close().await.ok();
    drop(s);
    let r = app
        .put(
            "/v2/contacts",
            &alice,
            json!({"contactType": "person", "firstName": "Joe"}),
        )
        .await;
    assert_eq!(r.status, 201);
    let mut s = connect(&app, "/interact-server/socket", &phone, &alice)
        .await
        .unwrap();
    let hint = next_json(&mut s, WAIT).await.expect("hint after reconnect");
    assert_eq!(hint["lastSyncTime"], 0);
}

/// Two server processes on one PostgreSQL (two servers with their own `Ctx`, pool and bus):
/// a trigger sent to A reaches a websocket held by B, and B's socket hears of changes made
/// through A. On SQLite one process is the deployment, so there is nothing to test.
#[actix_rt::test]
async fn a_trigger_on_one_process_reaches_a_socket_on_another() {
    if !is_postgres() {
        return;
    }
    let a = TestApp::start().await;
    let b = a.sharing().await;
    // B's bus listener connects in the background: wait until an event from A arrives.
    let mut probe = b.ctx.bus.subscribe(-1);
    for attempt in 0.. {
        assert!(
            attempt < 100,
            "B's bus listener did not connect within 10 s"
        );
        let ev = interact_service::bus::Event {
            user_id: -1,
            topic: interact_service::bus::Topic::SyncHint,
            id: 0,
        };
        a.ctx.bus.publish(ev).await.unwrap();
        let got = tokio::time::timeout(Duration::from_millis(100), probe.events.recv()).await;
        if got.is_ok() {
            break;
        }
    }
    let admin = a.admin().await;
    let alice = user(&a, &admin, "alice@example.com").await;
    let phone = device(&a, &alice, 0xa1).await;
    let trig = trigger_token(&a, &alice).await;
    let mut s = connect(&b, "/v2/socket", &phone, &alice).await.unwrap();
    assert!(next_json(&mut s, WAIT).await.is_some(), "hint on connect");

    trigger(
        &a,
        &trig,
        json!({"type": "call-incoming", "data": "0301234567"}),
    )
    .await;
    let mut m = next_json(&mut s, WAIT)
        .await
        .expect("push across processes");
    while m.get("message").is_some() {
        m = next_json(&mut s, WAIT)
            .await
            .expect("push across processes");
    }
    assert_eq!(m["type"], "call-incoming");
    assert_eq!(m["data"], "0301234567");
    assert_eq!(m["tentatives"], json!([]));

    // A change through A: B's socket gets the sync hint.
    let r = a
        .put(
            "/v2/contacts",
            &alice,
            json!({"contactType": "person", "firstName": "Jane"}),
        )
        .await;
    assert_eq!(r.status, 201);
    let hint = next_json(&mut s, WAIT)
        .await
        .expect("hint across processes");
    assert_eq!(hint["message"], "cloud synchronization recommended");
}

//! Offline sync (2.5.3.2.1): changed entities and tombstones since the device's cursor, the
//! cursor moving, `since`, who may sync, and no change lost to concurrent writers.

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::json;

use crate::common::*;

async fn user(app: &TestApp, admin: &str, email: &str) -> String {
    app.user(admin, email, None, &["user"]).await;
    app.login(email, PASSWORD).await
}

async fn contact(app: &TestApp, token: &str, name: &str) -> i64 {
    let r = app
        .put(
            "/v2/contacts",
            token,
            json!({"contactType": "person", "firstName": name}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()["entity"]["id"].as_i64().unwrap()
}

#[actix_rt::test]
async fn sync_returns_changes_and_tombstones_and_moves_the_cursor() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let alice = user(&app, &admin, "alice@example.com").await;
    let dev = device(&app, &alice, 0xa1).await;
    let kept = contact(&app, &alice, "Kept").await;
    let gone = contact(&app, &alice, "Gone").await;
    let r = app.delete(&format!("/v2/contacts/{gone}"), &alice).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let trig = app.trigger_device(&alice, "imei-1").await;
    let r = app
        .trigger(
            &trig,
            json!({"type": "call-incoming", "data": "0301234567"}),
        )
        .await;
    let interaction = r.json()["entity"]["id"].as_i64().unwrap();

    let path = format!("/v2/sync?deviceId={dev}");
    let r = app.get(&path, &alice).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let b = r.json();
    for key in [
        "contacts",
        "deals",
        "interactions",
        "notes",
        "taskLists",
        "tasks",
        "deleted",
    ] {
        assert!(b[key].is_array(), "{key} in {b}");
    }
    assert_eq!(fixtures::object_ids(&b, "contacts"), vec![kept]);
    assert_eq!(b["contacts"][0]["firstName"], "Kept");
    assert_eq!(fixtures::object_ids(&b, "interactions"), vec![interaction]);
    assert_eq!(b["deleted"], json!([{"id": gone, "type": "contact"}]));

    // Nothing new: nothing returned, and the socket sends no hint on connect.
    let again = app.get(&path, &alice).await.json();
    assert_eq!(fixtures::object_ids(&again, "contacts"), Vec::<i64>::new());
    assert_eq!(again["deleted"], json!([]));
    let mut s = connect(&app, "/v2/socket", &dev, &alice).await.unwrap();

    // An update after the sync: only the latest state comes, and the socket hints with the
    // last sync time.
    let r = app
        .post(
            &format!("/v2/contacts/{kept}"),
            &alice,
            json!({"version": 1, "hot": true}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let hint = next_json(&mut s, Duration::from_secs(5))
        .await
        .expect("hint");
    assert!(hint["lastSyncTime"].as_i64().unwrap() > 0, "{hint}");
    let b = app.get(&path, &alice).await.json();
    assert_eq!(fixtures::object_ids(&b, "contacts"), vec![kept]);
    assert_eq!(b["contacts"][0]["hot"], true);

    // `since` earlier than the last sync reaches back; `since=0` returns everything again.
    let b = app.get(&format!("{path}&since=0"), &alice).await.json();
    assert_eq!(fixtures::object_ids(&b, "contacts"), vec![kept]);
    assert_eq!(b["deleted"].as_array().unwrap().len(), 1);
}

#[actix_rt::test]
async fn sync_needs_a_device_of_the_caller_and_a_valid_since() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let alice = user(&app, &admin, "alice@example.com").await;
    let bob = user(&app, &admin, "bob@example.com").await;
    let bobs = device(&app, &bob, 0xb0).await;
    let mine = device(&app, &alice, 0xa1).await;
    app.get(&format!("/v2/sync?deviceId={bobs}"), &alice)
        .await
        .assert_error(403, 94020170507002);
    app.get("/v2/sync?deviceId=nonsense!", &alice)
        .await
        .assert_error(403, 94020170507002);
    app.get("/v2/sync", &alice)
        .await
        .assert_error(400, 92020170502002);
    app.get(&format!("/v2/sync?deviceId={mine}&since=yesterday"), &alice)
        .await
        .assert_error(400, 92010170502001);
    app.call("GET", &format!("/v2/sync?deviceId={mine}"), None, None)
        .await
        .assert_error(401, 94010170504003);
}

#[actix_rt::test]
async fn concurrent_writers_lose_nothing_to_a_syncing_device() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let alice = user(&app, &admin, "alice@example.com").await;
    let dev = device(&app, &alice, 0xa1).await;
    let path = format!("/v2/sync?deviceId={dev}");
    // Start from a clean cursor.
    assert_eq!(app.get(&path, &alice).await.status, 200);

    let done = std::cell::Cell::new(0usize);
    let writer = |w: usize| {
        let (app, alice, done) = (&app, &alice, &done);
        async move {
            let mut created = Vec::new();
            let mut deleted = Vec::new();
            // 500 changes: 400 creates and 100 deletes.
            for i in 0..400 {
                let id = contact(app, alice, &format!("w{w} c{i}")).await;
                created.push(id);
                if i % 4 == 3 {
                    let victim = created[i - 1];
                    let r = app.delete(&format!("/v2/contacts/{victim}"), alice).await;
                    assert_eq!(r.status, 200, "{}", r.text());
                    deleted.push(victim);
                }
            }
            done.set(done.get() + 1);
            (created, deleted)
        }
    };
    let syncer = async {
        let mut seen = BTreeSet::new();
        let mut tombstones = BTreeSet::new();
        let mut rounds = 0;
        loop {
            let finished = done.get() == 4;
            let b = app.get(&path, &alice).await.json();
            seen.extend(fixtures::object_ids(&b, "contacts"));
            for t in b["deleted"].as_array().unwrap() {
                assert_eq!(t["type"], "contact");
                tombstones.insert(t["id"].as_i64().unwrap());
            }
            rounds += 1;
            if finished {
                return (seen, tombstones, rounds);
            }
        }
    };
    let (writes, (seen, tombstones, rounds)) =
        futures_util::future::join(futures_util::future::join_all((0..4).map(writer)), syncer)
            .await;
    let mut all_created = BTreeSet::new();
    let mut all_deleted = BTreeSet::new();
    for (c, d) in writes {
        all_created.extend(c);
        all_deleted.extend(d);
    }
    assert_eq!(all_created.len(), 1600);
    assert_eq!(all_deleted.len(), 400);
    assert!(
        rounds > 2,
        "the device synced while writers ran ({rounds} rounds)"
    );
    // Every deletion reached the device as a tombstone.
    assert_eq!(tombstones, all_deleted);
    // Every contact that still exists reached the device.
    let alive: BTreeSet<i64> = all_created.difference(&all_deleted).copied().collect();
    assert!(
        alive.is_subset(&seen),
        "missing: {:?}",
        alive.difference(&seen).collect::<Vec<_>>()
    );
    assert!(seen.is_subset(&all_created));
}

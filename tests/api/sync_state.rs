//! Sync sends what a read sends now (a contact's note, deal, task and interaction ids),
//! tombstones typed with the document's enum, and nothing missed by many syncing devices
//! while many writers of one user write contacts and notes.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::common::*;
use crate::socket::device;

async fn user(app: &TestApp, admin: &str, email: &str) -> String {
    app.user(admin, email, None, &["user"]).await;
    app.login(email, PASSWORD).await
}

fn created(r: &Resp) -> i64 {
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()["entity"]["id"].as_i64().expect("id")
}

async fn sync(app: &TestApp, token: &str, dev: &str) -> Value {
    let r = app.get(&format!("/v2/sync?deviceId={dev}"), token).await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

#[actix_rt::test]
async fn a_new_device_gets_contacts_as_a_read_answers_them() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let alice = user(&app, &admin, "alice@example.com").await;
    let c = created(
        &app.put(
            "/v2/contacts",
            &alice,
            json!({"contactType": "person", "firstName": "Remo", "lastName": "Stone",
                   "basicInfos": [{"type": "phone", "value": "+49 30 1234567"}]}),
        )
        .await,
    );
    let note = created(
        &app.put(
            "/v2/notes",
            &alice,
            json!({"message": "call back", "relatedTo": {"id": c, "type": "contact"}}),
        )
        .await,
    );
    let deal = created(
        &app.put(
            "/v2/deals",
            &alice,
            json!({"name": "Big deal", "relatedTo": {"id": c}}),
        )
        .await,
    );
    let task = created(
        &app.put(
            "/v2/tasks",
            &alice,
            json!({"content": "meet Remo", "relatedTo": {"id": c}}),
        )
        .await,
    );
    let r = app
        .put("/v2/triggerDevices", &alice, json!({"deviceId": "imei-1"}))
        .await;
    let trigger = r.json()["entity"]["triggerToken"]
        .as_str()
        .expect("triggerToken")
        .to_string();
    let r = app
        .call_headers(
            "PUT",
            "/v2/interactions",
            None,
            Some(json!({"type": "call-incoming", "data": "0301234567"})),
            &[("triggerToken".into(), trigger)],
        )
        .await;
    assert!(r.status == 200 || r.status == 201, "{}", r.text());
    let interaction = r.json()["entity"]["id"].as_i64().expect("interaction id");

    let read = app.get(&format!("/v2/contacts/{c}"), &alice).await;
    assert_eq!(read.status, 200, "{}", read.text());
    let read = read.json();

    let dev = device(&app, &alice, 0x5e).await;
    let b = sync(&app, &alice, &dev).await;
    assert_eq!(fixtures::object_ids(&b, "contacts"), vec![c]);
    let synced = &b["contacts"][0];
    for key in ["deals", "notes", "tasks", "interactions"] {
        assert_eq!(synced[key], read[key], "{key}: sync {synced} read {read}");
    }
    assert_eq!(synced, &read, "the synced contact is the contact as read");
    let has = |v: &Value, id: i64| format!("{v}").contains(&id.to_string());
    assert!(has(&read["notes"], note), "{read}");
    assert!(has(&read["deals"], deal), "{read}");
    assert!(has(&read["tasks"], task), "{read}");
    assert!(has(&read["interactions"], interaction), "{read}");
    assert_eq!(fixtures::object_ids(&b, "notes"), vec![note]);
    assert_eq!(fixtures::object_ids(&b, "deals"), vec![deal]);
    assert_eq!(fixtures::object_ids(&b, "tasks"), vec![task]);
    assert_eq!(fixtures::object_ids(&b, "interactions"), vec![interaction]);
    // The other entities, too, as their reads answer them.
    let deal_read = app.get(&format!("/v2/deals/{deal}"), &alice).await.json();
    assert_eq!(b["deals"][0], deal_read);
    let task_read = app.get(&format!("/v2/tasks/{task}"), &alice).await.json();
    assert_eq!(b["tasks"][0], task_read);
}

#[actix_rt::test]
async fn tombstones_use_the_documents_types() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let alice = user(&app, &admin, "alice@example.com").await;
    let dev = device(&app, &alice, 0x70).await;
    let c = created(
        &app.put(
            "/v2/contacts",
            &alice,
            json!({"contactType": "person", "firstName": "Gone"}),
        )
        .await,
    );
    let keep = created(
        &app.put(
            "/v2/contacts",
            &alice,
            json!({"contactType": "person", "firstName": "Kept"}),
        )
        .await,
    );
    let note = created(
        &app.put(
            "/v2/notes",
            &alice,
            json!({"message": "m", "relatedTo": {"id": keep}}),
        )
        .await,
    );
    let deal = created(&app.put("/v2/deals", &alice, json!({"name": "d"})).await);
    let list = created(
        &app.put("/v2/taskLists", &alice, json!({"title": "l"}))
            .await,
    );
    let task = created(&app.put("/v2/tasks", &alice, json!({"content": "t"})).await);
    sync(&app, &alice, &dev).await;
    for path in [
        format!("/v2/contacts/{c}"),
        format!("/v2/notes/{note}"),
        format!("/v2/deals/{deal}"),
        format!("/v2/taskLists/{list}"),
        format!("/v2/tasks/{task}"),
    ] {
        let r = app.delete(&path, &alice).await;
        assert_eq!(r.status, 200, "{path}: {}", r.text());
    }
    let b = sync(&app, &alice, &dev).await;
    let got: BTreeSet<(i64, String)> = b["deleted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id"].as_i64().unwrap(),
                t["type"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: BTreeSet<(i64, String)> = [
        (c, "contact"),
        (note, "note"),
        (deal, "deal"),
        (list, "tasklist"),
        (task, "task"),
    ]
    .into_iter()
    .map(|(id, t)| (id, t.to_string()))
    .collect();
    assert_eq!(got, want, "{b}");
    let enumerated = ["contact", "deal", "interaction", "note", "tasklist", "task"];
    for t in b["deleted"].as_array().unwrap() {
        assert!(enumerated.contains(&t["type"].as_str().unwrap()), "{t}");
    }
}

#[actix_rt::test]
async fn many_writers_and_many_syncing_devices_miss_nothing() {
    let app = TestApp::with(|s| s.db_pool = 8).await;
    let admin = app.admin().await;
    let alice = user(&app, &admin, "alice@example.com").await;
    let devices = [
        device(&app, &alice, 0xd1).await,
        device(&app, &alice, 0xd2).await,
        device(&app, &alice, 0xd3).await,
    ];
    for d in &devices {
        sync(&app, &alice, d).await;
    }
    const WRITERS: usize = 8;
    const EACH: usize = 60;
    let done = std::cell::Cell::new(0usize);
    let writer = |w: usize| {
        let (app, alice, done) = (&app, &alice, &done);
        async move {
            let mut contacts = Vec::new();
            let mut notes = Vec::new();
            for i in 0..EACH {
                let c = created(
                    &app.put(
                        "/v2/contacts",
                        alice,
                        json!({"contactType": "person", "firstName": format!("w{w} c{i}")}),
                    )
                    .await,
                );
                contacts.push(c);
                if i % 3 == 0 {
                    notes.push(created(
                        &app.put(
                            "/v2/notes",
                            alice,
                            json!({"message": format!("n{i}"), "relatedTo": {"id": c}}),
                        )
                        .await,
                    ));
                }
            }
            done.set(done.get() + 1);
            (contacts, notes)
        }
    };
    let syncer = |d: usize| {
        let (app, alice, done, dev) = (&app, &alice, &done, &devices[d]);
        async move {
            let mut contacts = BTreeSet::new();
            let mut notes = BTreeSet::new();
            let mut rounds = 0;
            loop {
                let finished = done.get() == WRITERS;
                let b = sync(app, alice, dev).await;
                contacts.extend(fixtures::object_ids(&b, "contacts"));
                notes.extend(fixtures::object_ids(&b, "notes"));
                assert_eq!(b["deleted"], json!([]), "nothing was deleted: {b}");
                rounds += 1;
                if finished {
                    return (contacts, notes, rounds);
                }
            }
        }
    };
    let (writes, syncs) = futures_util::future::join(
        futures_util::future::join_all((0..WRITERS).map(writer)),
        futures_util::future::join_all((0..devices.len()).map(syncer)),
    )
    .await;
    let mut contacts = BTreeSet::new();
    let mut notes = BTreeSet::new();
    for (c, n) in writes {
        contacts.extend(c);
        notes.extend(n);
    }
    assert_eq!(contacts.len(), WRITERS * EACH);
    for (seen_contacts, seen_notes, rounds) in syncs {
        assert!(
            rounds > 2,
            "syncs ran while writers wrote ({rounds} rounds)"
        );
        assert_eq!(
            seen_contacts, contacts,
            "every contact reached every device"
        );
        assert_eq!(seen_notes, notes, "every note reached every device");
    }
}

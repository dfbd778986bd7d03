//! A deleted or merged contact's interactions: unlinked from it (or moved to the merge's
//! result) with a journal entry each, so that devices that sync stop linking to a contact
//! that no longer exists.

use serde_json::{json, Value};

use crate::common::*;

/// A person holding `number`, and an interaction a trigger event matched to it: their ids.
async fn matched(app: &TestApp, token: &str, first: &str, number: &str) -> (i64, i64) {
    let contact = id_of(
        &app.person(token, Person::named(first).info("mobile", number))
            .await,
    );
    let trigger = app.trigger_device(token, &format!("imei-{first}")).await;
    let r = app
        .trigger(&trigger, json!({"type": "call-incoming", "data": number}))
        .await;
    let interaction = entity(&r, 201);
    assert_eq!(interaction["person"]["id"], json!(contact), "{interaction}");
    (contact, id_of(&interaction))
}

/// The newest journal entry of an entity, with its states.
async fn last_entry(app: &TestApp, token: &str, ty: &str, id: i64) -> Value {
    let acts = app.get("/v2/activities?limit=1000", token).await.json();
    acts["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["entityType"] == json!(ty) && a["entityId"] == json!(id))
        .cloned()
        .unwrap_or_else(|| panic!("no {ty} {id} in {acts}"))
}

/// The interaction as a sync since the beginning answers it.
async fn synced(app: &TestApp, token: &str, dev: &str, id: i64) -> Value {
    let b = app
        .get(&format!("/v2/sync?deviceId={dev}&since=0"), token)
        .await
        .json();
    b["interactions"]
        .as_array()
        .unwrap_or_else(|| panic!("{b}"))
        .iter()
        .find(|i| i["id"] == json!(id))
        .cloned()
        .unwrap_or_else(|| panic!("interaction {id} not in {b}"))
}

#[actix_rt::test]
async fn deleting_a_contact_journals_its_interactions_unlinked() {
    let app = TestApp::start().await;
    let t = user(&app, "unlink@example.com").await;
    let dev = device(&app, &t, 0x3c).await;
    let (contact, interaction) = matched(&app, &t, "Ada", "+49 30 1234567").await;
    let before = app.journal(&t).await.len();

    assert_deleted(&app.delete(&format!("/v2/contacts/{contact}"), &t).await);

    let log = app.journal(&t).await;
    assert_eq!(
        log[before..].to_vec(),
        vec![
            j("update", "interaction", interaction),
            j("delete", "contact", contact)
        ]
    );
    let e = last_entry(&app, &t, "interaction", interaction).await;
    assert_eq!(e["action"], "update");
    assert_eq!(e["entity"]["oldState"]["person"]["id"], json!(contact));
    assert_eq!(e["entity"]["newState"]["person"], Value::Null, "{e}");
    assert_eq!(e["entity"]["newState"]["basicInfoId"], Value::Null, "{e}");
    // What sync and a read answer agree with the journal.
    let read = app
        .get(&format!("/v2/interactions/{interaction}"), &t)
        .await
        .json();
    assert_eq!(read["person"], Value::Null, "{read}");
    assert_eq!(e["entity"]["newState"], read);
    let s = synced(&app, &t, &dev, interaction).await;
    assert_eq!(s["person"], Value::Null, "{s}");
}

#[actix_rt::test]
async fn merging_a_contact_journals_its_interactions_moved() {
    let app = TestApp::start().await;
    let t = user(&app, "unlink-merge@example.com").await;
    let dev = device(&app, &t, 0x3d).await;
    let target = id_of(&app.person(&t, Person::named("Target")).await);
    let (merged, interaction) = matched(&app, &t, "Merged", "+49 30 7654321").await;

    let r = app
        .post(
            "/v2/contacts?cmd=merge",
            &t,
            json!({"contactIds": [merged], "contact": {"id": target, "version": 1}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());

    let e = last_entry(&app, &t, "interaction", interaction).await;
    assert_eq!(e["action"], "update");
    assert_eq!(e["entity"]["oldState"]["person"]["id"], json!(merged));
    assert_eq!(
        e["entity"]["newState"]["person"]["id"],
        json!(target),
        "{e}"
    );
    let read = app
        .get(&format!("/v2/interactions/{interaction}"), &t)
        .await
        .json();
    assert_eq!(e["entity"]["newState"], read);
    let s = synced(&app, &t, &dev, interaction).await;
    assert_eq!(s["person"]["id"], json!(target), "{s}");
}

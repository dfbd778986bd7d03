//! The documented response shapes as committed JSON snapshots (`tests/api/snapshots/`), the
//! same on SQLite and PostgreSQL: a contact in each projection, a contact list, a note, a
//! deal, a task, a task list, an interaction, an activity, a sync answer, the success
//! envelopes and the error envelope. Ids, times and tokens are redacted (`support::snapshot`).
//! A change of a shape fails here; accept a deliberate one by updating the snapshot
//! (`INSTA_UPDATE=always`, then review the diff).

use serde_json::json;

use crate::common::snapshot::assert_snapshot;
use crate::common::*;

/// A person with every documented part filled in, and an organization it relates to.
fn ada() -> serde_json::Value {
    json!({
        "contactType": "person",
        "title": "Dr.",
        "firstName": "Ada",
        "middleName": "K",
        "lastName": "Lovelace",
        "profession": "Engineer",
        "gender": "f",
        "hot": true,
        "basicInfos": [
            {"type": "phone", "subtype": "work", "value": "030 1234567"},
            {"type": "email", "value": "ada@example.com", "excluded": true},
            {"type": "website", "value": "http://example.com", "identifier": "home"}
        ],
        "addresses": [
            {"subtype": "work", "addressline1": "Hauptstr. 1", "zip": "10115", "city": "Berlin", "country": "DE"}
        ],
        "profiles": {"twitter": {"connected": true, "username": "ada", "url": "https://twitter.com/ada"}},
        "tags": ["customer", "berlin"]
    })
}

#[actix_rt::test]
async fn documented_shapes_match_their_snapshots() {
    let app = TestApp::start().await;
    let t = user(&app, "shapes@example.com").await;

    let org = app
        .contact(
            &t,
            json!({"contactType": "organization", "organizationName": "Analytical Engines"}),
        )
        .await;
    let mut body = ada();
    body["relatedTo"] = json!([id_of(&org)]);
    let created = app.put("/v2/contacts", &t, body).await;
    assert_snapshot("contact_created", &created.json());
    let c = id_of(&created.json()["entity"]);
    for projection in ["base", "flat", "thin"] {
        let r = app
            .get(&format!("/v2/contacts/{c}?projection={projection}"), &t)
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_snapshot(&format!("contact_{projection}"), &r.json());
    }
    let list = app.get("/v2/contacts?offset=0&limit=1", &t).await;
    assert_snapshot("contact_list_page", &list.json());

    let deal = app.deal(&t, "Engine", Some(c)).await;
    assert_snapshot(
        "deal",
        &app.get(&format!("/v2/deals/{deal}"), &t).await.json(),
    );
    app.note(&t, c, "deadline postponed").await;
    assert_snapshot("notes", &app.get("/v2/notes", &t).await.json());
    let list_id = app.task_list(&t, "Calls").await;
    let task = app
        .task(
            &t,
            json!({"title": "Call Ada", "content": "about the engine", "listId": list_id,
                   "relatedTo": {"id": c, "type": "contact"}, "hot": true,
                   "taskType": "scheduled_call", "duration": 15}),
        )
        .await;
    assert_snapshot(
        "task",
        &app.get(&format!("/v2/tasks/{}", id_of(&task)), &t)
            .await
            .json(),
    );
    assert_snapshot(
        "task_list",
        &app.get(&format!("/v2/taskLists/{list_id}"), &t)
            .await
            .json(),
    );

    let trigger = app.trigger_device(&t, "imei-shapes").await;
    let r = app
        .trigger(
            &trigger,
            json!({"type": "call-incoming", "data": "+49 30 1234567",
                   "time": 1_400_000_000_000i64,
                   "externalSystem": {"name": "pbx", "threadId": "t1", "entityId": "e1"}}),
        )
        .await;
    assert_snapshot("interaction_recorded", &r.json());

    assert_snapshot(
        "activities_page",
        &app.get("/v2/activities?offset=0&limit=2", &t).await.json(),
    );

    let dev = device(&app, &t, 0x5a).await;
    let sync = app.get(&format!("/v2/sync?deviceId={dev}"), &t).await;
    assert_eq!(sync.status, 200, "{}", sync.text());
    assert_snapshot("sync", &sync.json());

    let r = app.delete(&format!("/v2/deals/{deal}"), &t).await;
    assert_snapshot("deleted", &r.json());
    let r = app.get("/v2/contacts/999999999", &t).await;
    r.assert_error(404, 91040101001001);
    assert_snapshot("error_envelope", &r.json());
}

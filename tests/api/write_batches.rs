//! Many writes of one user at once (SQLite commits the writes that wait for its one writer
//! together, PostgreSQL runs them side by side): every acknowledged write is there, every
//! refused one left nothing behind, and the contact count agrees.

use futures_util::future::join_all;
use serde_json::json;

use crate::common::*;

#[actix_rt::test]
async fn parallel_writes_of_one_user_each_stand_or_fall_alone() {
    let app = TestApp::start().await;
    let alice = fixtures::user(&app, "alice@example.com").await;
    let target = fixtures::create(
        &app,
        &alice,
        json!({"contactType": "person", "firstName": "Target"}),
    )
    .await["id"]
        .as_i64()
        .unwrap();

    // 48 requests at once: 32 creations, 8 updates naming a stale version (409), and 8
    // creations refused by validation (400).
    let requests = (0..48).map(|i| {
        let (app, alice) = (&app, &alice);
        async move {
            match i % 6 {
                4 => {
                    let body = json!({"version": 99, "firstName": format!("stale {i}")});
                    (
                        i,
                        app.post(&format!("/v2/contacts/{target}"), alice, body)
                            .await,
                    )
                }
                5 => {
                    let body = json!({"contactType": "robot", "firstName": format!("bad {i}")});
                    (i, app.put("/v2/contacts", alice, body).await)
                }
                _ => {
                    let body = json!({"contactType": "person", "firstName": format!("p{i}")});
                    (i, app.put("/v2/contacts", alice, body).await)
                }
            }
        }
    });
    let mut created = Vec::new();
    for (i, r) in join_all(requests).await {
        match i % 6 {
            4 => {
                r.assert_error(409, 93040111003003);
            }
            5 => assert_eq!(r.status, 400, "{}", r.text()),
            _ => {
                assert_eq!(r.status, 201, "{}", r.text());
                let e = r.json()["entity"].clone();
                assert_eq!(e["firstName"], json!(format!("p{i}")));
                created.push(e["id"].as_i64().unwrap());
            }
        }
    }
    assert_eq!(created.len(), 32);

    // Every acknowledged creation reads back; the stale updates changed nothing.
    for id in &created {
        assert_eq!(
            app.get(&format!("/v2/contacts/{id}"), &alice).await.status,
            200
        );
    }
    let t = app
        .get(&format!("/v2/contacts/{target}"), &alice)
        .await
        .json();
    assert_eq!(t["firstName"], json!("Target"));
    assert_eq!(t["version"], json!(1));

    // The count of contacts (kept per bucket of ids) agrees with what is there.
    let page = app
        .get("/v2/contacts?offset=0&limit=100", &alice)
        .await
        .json();
    assert_eq!(page["totalLength"], json!(33), "{page}");
    assert_eq!(page["data"].as_array().unwrap().len(), 33);
}

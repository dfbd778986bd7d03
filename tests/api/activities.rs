//! `GET /v2/activities` (2.5.3.1.1): the journal, its paging and its bad input.

use interact_service::journal::{self, Change, Entry};
use serde_json::json;

use crate::common::*;

async fn record(
    app: &TestApp,
    user_id: i64,
    change: Change,
    id: i64,
    old: Option<serde_json::Value>,
    new: Option<serde_json::Value>,
) {
    app.ctx
        .db
        .write(move |c| {
            journal::record(
                c,
                Entry {
                    user_id,
                    actor_id: user_id,
                    change,
                    entity_type: "note",
                    entity_id: id,
                    old: old.as_ref(),
                    new: new.as_ref(),
                    time: 1_700_000_000_000,
                },
            )
        })
        .await
        .unwrap();
}

#[actix_rt::test]
async fn lists_the_callers_journal_newest_first_with_paging() {
    let app = TestApp::start().await;
    let a = app.insert_user("a@example.com", true, "user").await;
    let b = app.insert_user("b@example.com", true, "user").await;
    record(
        &app,
        a,
        Change::Insert,
        1,
        None,
        Some(json!({"id": 1, "content": "x"})),
    )
    .await;
    record(
        &app,
        a,
        Change::Update,
        1,
        Some(json!({"id": 1, "content": "x"})),
        Some(json!({"id": 1, "content": "y"})),
    )
    .await;
    record(
        &app,
        a,
        Change::Delete,
        1,
        Some(json!({"id": 1, "content": "y"})),
        None,
    )
    .await;
    record(&app, b, Change::Insert, 9, None, Some(json!({"id": 9}))).await;

    let token = app.login("a@example.com", PASSWORD).await;
    let r = app.get("/v2/activities", &token).await;
    assert_eq!(r.status, 200);
    let body = r.json();
    assert_eq!(body["totalLength"], json!(3));
    assert_eq!(body["length"], json!(3));
    assert_eq!(body["startIndex"], json!(0));
    let data = body["data"].as_array().unwrap();
    assert_eq!(
        data.iter().map(|d| d["action"].clone()).collect::<Vec<_>>(),
        vec![json!("delete"), json!("update"), json!("insert")]
    );
    let delete = &data[0];
    assert_eq!(delete["entityType"], json!("note"));
    assert_eq!(delete["entityId"], json!(1));
    assert_eq!(
        delete["entity"],
        json!({"oldState": {"id": 1, "content": "y"}})
    );
    assert_eq!(
        delete["relatedTo"],
        json!({"id": a, "email": "a@example.com"})
    );
    assert_eq!(delete["time"], json!(1_700_000_000_000_i64));
    assert_eq!(
        data[2]["entity"],
        json!({"newState": {"id": 1, "content": "x"}})
    );
    assert_eq!(
        data[1]["entity"],
        json!({"oldState": {"id": 1, "content": "x"}, "newState": {"id": 1, "content": "y"}})
    );
    assert!(data[0]["id"].as_i64() > data[1]["id"].as_i64());

    let r = app.get("/v2/activities?offset=1&limit=1", &token).await;
    let body = r.json();
    assert_eq!(body["totalLength"], json!(3));
    assert_eq!(body["length"], json!(1));
    assert_eq!(body["startIndex"], json!(1));
    assert_eq!(body["data"][0]["action"], json!("update"));

    let r = app.get("/v2/activities?offset=10", &token).await;
    assert_eq!(r.json()["data"], json!([]));
    // An empty page still tells how many entries there are.
    assert_eq!(r.json()["totalLength"], json!(3));
}

/// Three entries of user `a`, and one of `b`.
async fn three_and_one(app: &TestApp, a: i64, b: i64) {
    for (n, content) in [(1, "x"), (2, "y"), (3, "z")] {
        record(
            app,
            a,
            Change::Insert,
            n,
            None,
            Some(json!({"id": n, "content": content})),
        )
        .await;
    }
    record(app, b, Change::Insert, 9, None, Some(json!({"id": 9}))).await;
}

#[actix_rt::test]
async fn kept_entries_answer_as_read_and_only_to_their_user() {
    // Entries are kept between reads (interact-service `journal_cache`): a second read, a
    // page after new entries, another user's page and a changed actor email must all answer
    // as the database holds them.
    let app = TestApp::start().await;
    let a = app.insert_user("kept-a@example.com", true, "user").await;
    let b = app.insert_user("kept-b@example.com", true, "user").await;
    three_and_one(&app, a, b).await;
    let ta = app.login("kept-a@example.com", PASSWORD).await;
    let tb = app.login("kept-b@example.com", PASSWORD).await;
    let first = app.get("/v2/activities", &ta).await.json();
    assert_eq!(app.get("/v2/activities", &ta).await.json(), first);
    let bytes = value(&scrape(&app).await, "interact_journal_cache_bytes").expect("bytes");
    assert!(bytes > 0.0, "{bytes}");

    // b's page shows only b's entry, though a's are kept.
    let theirs = app.get("/v2/activities", &tb).await.json();
    assert_eq!(theirs["totalLength"], json!(1), "{theirs}");
    assert_eq!(theirs["data"][0]["entity"], json!({"newState": {"id": 9}}));

    // A new entry comes first, and the kept ones follow as before.
    record(
        &app,
        a,
        Change::Delete,
        3,
        Some(json!({"id": 3, "content": "z"})),
        None,
    )
    .await;
    let next = app.get("/v2/activities", &ta).await.json();
    assert_eq!(next["totalLength"], json!(4), "{next}");
    assert_eq!(next["data"][0]["action"], json!("delete"), "{next}");
    let data = |page: &serde_json::Value| page["data"].as_array().expect("data").clone();
    assert_eq!(data(&next)[1..], data(&first)[..], "{next}");

    // The actor's email is read with every page.
    app.ctx
        .db
        .write(move |c| {
            use diesel::prelude::*;
            use interact_store::schema::users;
            diesel::update(users::table.find(a))
                .set(users::email.eq("renamed-a@example.com"))
                .execute(c)?;
            Ok(())
        })
        .await
        .unwrap();
    let renamed = app.get("/v2/activities", &ta).await.json();
    assert_eq!(
        renamed["data"][1]["relatedTo"],
        json!({"id": a, "email": "renamed-a@example.com"}),
        "{renamed}"
    );
    app.stop().await;
}

#[actix_rt::test]
async fn a_burst_of_pages_answers_each_user_and_page_its_own() {
    // On PostgreSQL journal pages are asked together, in batches (interact-store
    // `activities::pages_of`): each must answer its own user's entries, newest first, at its
    // own offset and limit, with its own user's total.
    let app = TestApp::start().await;
    let a = app.insert_user("burst-a@example.com", true, "user").await;
    let b = app.insert_user("burst-b@example.com", true, "user").await;
    three_and_one(&app, a, b).await;
    let ta = app.login("burst-a@example.com", PASSWORD).await;
    let tb = app.login("burst-b@example.com", PASSWORD).await;
    // Entity ids of each user's entries, newest first.
    let journals = [(ta, vec![3, 2, 1]), (tb, vec![9])];
    let asks = (0..8).flat_map(|round| journals.iter().map(move |j| (round, j)));
    let answers = futures_util::future::join_all(asks.map(|(round, (token, own))| {
        let app = &app;
        async move {
            let (offset, limit) = (round % 4, 1 + round % 3);
            let r = app
                .get(
                    &format!("/v2/activities?offset={offset}&limit={limit}"),
                    token,
                )
                .await;
            (own, offset, limit, r)
        }
    }))
    .await;
    for (own, offset, limit, r) in answers {
        assert_page_of(&r, "entityId", own, offset, limit, "journal");
    }
    app.stop().await;
}

#[actix_rt::test]
async fn a_journal_cache_of_zero_mib_keeps_nothing_and_pages_answer_the_same() {
    let app = TestApp::with(|s| s.journal_cache = 0).await;
    let a = app.insert_user("nokeep-a@example.com", true, "user").await;
    let b = app.insert_user("nokeep-b@example.com", true, "user").await;
    three_and_one(&app, a, b).await;
    let ta = app.login("nokeep-a@example.com", PASSWORD).await;
    let first = app.get("/v2/activities?offset=1&limit=2", &ta).await.json();
    assert_eq!(first["totalLength"], json!(3), "{first}");
    assert_eq!(
        first["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|d| d["entity"]["newState"]["content"].clone())
            .collect::<Vec<_>>(),
        vec![json!("y"), json!("x")],
        "{first}"
    );
    assert_eq!(
        app.get("/v2/activities?offset=1&limit=2", &ta).await.json(),
        first
    );
    assert_value(&scrape(&app).await, "interact_journal_cache_bytes", 0.0);
    app.stop().await;
}

#[actix_rt::test]
async fn bad_paging_is_400_naming_the_parameter() {
    let app = TestApp::start().await;
    let token = app.admin().await;
    for (q, name) in [
        ("offset=-1", "offset"),
        ("limit=abc", "limit"),
        ("limit=1.5", "limit"),
        ("offset=99999999999999999999", "offset"),
    ] {
        let r = app.get(&format!("/v2/activities?{q}"), &token).await;
        let b = r.assert_error(400, 92010100002005);
        assert!(b["devmsg"].as_str().unwrap().contains(name), "{b}");
    }
}

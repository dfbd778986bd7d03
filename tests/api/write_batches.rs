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

/// One user's creations and deletes at once keep the contact count and the pages whole. On
/// PostgreSQL the count of a bucket of ids is spread over slots that concurrent writers take
/// without waiting for each other (migration 000014); the pages are cut from the sums.
#[actix_rt::test]
async fn parallel_creations_and_deletes_keep_the_pages_whole() {
    let app = TestApp::start().await;
    let alice = fixtures::user(&app, "slots@example.com").await;
    let creations = (0..40).map(|i| {
        let (app, alice) = (&app, &alice);
        async move {
            let body = json!({"contactType": "person", "firstName": format!("p{i}")});
            app.put("/v2/contacts", alice, body).await
        }
    });
    let mut ids: Vec<i64> = join_all(creations)
        .await
        .iter()
        .map(|r| fixtures::entity(r, 201)["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    let deletes = ids.iter().step_by(2).map(|id| {
        let (app, alice) = (&app, &alice);
        async move { app.delete(&format!("/v2/contacts/{id}"), alice).await }
    });
    for r in join_all(deletes).await {
        fixtures::assert_deleted(&r);
    }
    let left: Vec<i64> = ids.iter().skip(1).step_by(2).copied().collect();
    let mut paged = Vec::new();
    for offset in (0..25).step_by(7) {
        let page = app
            .get(&format!("/v2/contacts?offset={offset}&limit=7"), &alice)
            .await
            .json();
        assert_eq!(page["totalLength"], json!(20), "{page}");
        paged.extend(fixtures::object_ids(&page, "data"));
    }
    assert_eq!(paged, left);
}

#[actix_rt::test]
async fn folding_count_slots_while_one_user_writes_keeps_every_count() {
    // Slots of the contact buckets and of the journal's count are folded (PostgreSQL) while
    // the user's creations and deletes run: the totals and pages stay exact throughout.
    let app = TestApp::start().await;
    let alice = fixtures::user(&app, "fold@example.com").await;
    let folding = async {
        let mut folded = 0;
        for _ in 0..10 {
            folded += interact_service::upkeep::fold_slots(&app.ctx)
                .await
                .expect("fold");
            actix_web::rt::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        folded
    };
    let creations = join_all((0..40).map(|i| {
        let (app, alice) = (&app, &alice);
        async move {
            let body = json!({"contactType": "person", "firstName": format!("f{i}")});
            fixtures::entity(&app.put("/v2/contacts", alice, body).await, 201)["id"]
                .as_i64()
                .unwrap()
        }
    }));
    let (mut ids, _) = futures_util::join!(creations, folding);
    ids.sort_unstable();
    let deletes = join_all(ids.iter().step_by(2).map(|id| {
        let (app, alice) = (&app, &alice);
        async move { app.delete(&format!("/v2/contacts/{id}"), alice).await }
    }));
    let folding = async {
        interact_service::upkeep::fold_slots(&app.ctx)
            .await
            .expect("fold")
    };
    for r in futures_util::join!(deletes, folding).0 {
        fixtures::assert_deleted(&r);
    }
    // Whatever is left folds in one pass; a second finds nothing.
    interact_service::upkeep::fold_slots(&app.ctx)
        .await
        .expect("fold");
    assert_eq!(
        interact_service::upkeep::fold_slots(&app.ctx)
            .await
            .expect("fold"),
        0
    );
    let left: Vec<i64> = ids.iter().skip(1).step_by(2).copied().collect();
    let page = app
        .get("/v2/contacts?offset=0&limit=100", &alice)
        .await
        .json();
    assert_eq!(page["totalLength"], json!(20), "{page}");
    assert_eq!(fixtures::object_ids(&page, "data"), left);
    let page = app
        .get("/v2/contacts?offset=13&limit=5", &alice)
        .await
        .json();
    assert_eq!(page["data"][0]["id"], json!(left[13]), "{page}");
    // 40 creations and 20 deletes, each one journal entry.
    let journal = app
        .get("/v2/activities?offset=0&limit=1", &alice)
        .await
        .json();
    assert_eq!(journal["totalLength"], json!(60), "{journal}");
    app.stop().await;
}

/// Creations of several users at once (on PostgreSQL the creations waiting together go in
/// one statement, interact-store `contact_writes::WriteBatch`), while an admin deletes one
/// of the users: every creation of the others stands, each user sees exactly their own,
/// as answered, counted, searchable and journaled, and the deleted user's creations answer
/// in the envelope (created before the deletion, or refused), never a 500.
#[actix_rt::test]
async fn a_burst_of_creations_of_many_users_each_stands_alone() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let (_, a) = app.owner("burst-a@example.com").await;
    let (_, b) = app.owner("burst-b@example.com").await;
    let (c_id, c) = app.owner("burst-c@example.com").await;
    let creations = (0..36).map(|i| {
        let (token, who) = match i % 3 {
            0 => (&a, "Ann"),
            1 => (&b, "Ben"),
            _ => (&c, "Cid"),
        };
        let app = &app;
        async move {
            let body = json!({
                "contactType": "person", "firstName": who, "lastName": format!("N{i}"),
                "basicInfos": [{"type": "phone", "value": format!("030 5550{i:03}")}],
                "addresses": [{"city": "Berlin"}], "tags": [who],
            });
            (who, app.put("/v2/contacts", token, body).await)
        }
    });
    let c_path = format!("/v2/admin/users/{c_id}");
    let deletion = app.delete(&c_path, &admin);
    let (answers, deleted) = futures_util::join!(join_all(creations), deletion);
    assert_eq!(deleted.status, 200, "{}", deleted.text());
    for (token, who) in [(&a, "Ann"), (&b, "Ben")] {
        let made: Vec<serde_json::Value> = answers
            .iter()
            .filter(|(w, _)| *w == who)
            .map(|(_, r)| entity(r, 201))
            .collect();
        assert_eq!(made.len(), 12);
        let mut want: Vec<i64> = made.iter().map(id_of).collect();
        want.sort_unstable();
        let list = app.get("/v2/contacts?limit=100", token).await.json();
        assert_eq!(list["totalLength"], json!(12), "{who}: {list}");
        let mut listed = object_ids(&list, "data");
        listed.sort_unstable();
        assert_eq!(listed, want, "{who}");
        let found = app
            .get(
                &format!("/v2/contacts?q={}&limit=100", who.to_lowercase()),
                token,
            )
            .await
            .json();
        let mut found = object_ids(&found, "data");
        found.sort_unstable();
        assert_eq!(found, want, "{who}: search");
        for contact in &made {
            let path = format!("/v2/contacts/{}", contact["id"]);
            assert_eq!(app.get(&path, token).await.json(), *contact);
            assert_eq!(contact["firstName"], json!(who));
        }
        let mut journaled: Vec<i64> = app
            .journal(token)
            .await
            .into_iter()
            .map(|(action, entity, id)| {
                assert_eq!((action.as_str(), entity.as_str()), ("insert", "contact"));
                id
            })
            .collect();
        journaled.sort_unstable();
        assert_eq!(journaled, want, "{who}: journal");
    }
    for (_, r) in answers.iter().filter(|(w, _)| *w == "Cid") {
        assert!(
            [201, 401, 409].contains(&r.status),
            "{}: {}",
            r.status,
            r.text()
        );
    }
}

/// Changes of attributes of many contacts of two users at once (on PostgreSQL those waiting
/// together go in one statement, `contact_writes::update_fields`), two of them twice with
/// the same version: each contact takes exactly one change, as answered, found by its new
/// name and journaled once, and the second change of a contact is a 409.
#[actix_rt::test]
async fn a_burst_of_updates_of_many_contacts_each_takes_its_own() {
    let app = TestApp::start().await;
    let (_, a) = app.owner("upd-a@example.com").await;
    let (_, b) = app.owner("upd-b@example.com").await;
    let mut contacts = Vec::new();
    for i in 0..12 {
        let token = if i % 2 == 0 { &a } else { &b };
        let body = json!({"contactType": "person", "firstName": format!("Old{i}z")});
        contacts.push((token, id_of(&fixtures::create(&app, token, body).await)));
    }
    let changes = contacts
        .iter()
        .enumerate()
        .chain(contacts.iter().enumerate().take(2))
        .map(|(i, (token, id))| {
            let app = &app;
            async move {
                let body = json!({"version": 1, "firstName": format!("New{i}z"), "hot": true});
                (
                    *id,
                    app.post(&format!("/v2/contacts/{id}"), token, body).await,
                )
            }
        });
    let answers = join_all(changes).await;
    for (i, (token, id)) in contacts.iter().enumerate() {
        let mine: Vec<&Resp> = answers
            .iter()
            .filter(|(c, _)| c == id)
            .map(|(_, r)| r)
            .collect();
        let won: Vec<&&Resp> = mine.iter().filter(|r| r.status == 200).collect();
        assert_eq!(
            won.len(),
            1,
            "contact {i}: {:?}",
            mine.iter().map(|r| r.text()).collect::<Vec<_>>()
        );
        for r in mine.iter().filter(|r| r.status != 200) {
            r.assert_error(409, 93040111003003);
        }
        let answered = won[0].json()["entity"].clone();
        assert_eq!(answered["firstName"], json!(format!("New{i}z")));
        assert_eq!(answered["version"], json!(2));
        assert_eq!(
            app.get(&format!("/v2/contacts/{id}"), token).await.json(),
            answered
        );
        let found = app
            .get(&format!("/v2/contacts?q=new{i}z"), token)
            .await
            .json();
        assert_eq!(
            object_ids(&found, "data"),
            vec![*id],
            "contact {i}: {found}"
        );
        let old = app
            .get(&format!("/v2/contacts?q=old{i}z"), token)
            .await
            .json();
        assert_eq!(
            object_ids(&old, "data"),
            Vec::<i64>::new(),
            "contact {i}: {old}"
        );
    }
    for token in [&a, &b] {
        let updates: Vec<i64> = app
            .journal(token)
            .await
            .into_iter()
            .filter(|(action, _, _)| action == "update")
            .map(|(_, _, id)| id)
            .collect();
        let mut want: Vec<i64> = contacts
            .iter()
            .filter(|(t, _)| *t == token)
            .map(|(_, id)| *id)
            .collect();
        let mut got = updates.clone();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want);
    }
}

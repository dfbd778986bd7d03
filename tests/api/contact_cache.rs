//! Contact reads keep what hangs off each contact between reads (interact-service
//! `contact_cache`), checked against `children_rev`, which triggers move on. These tests read
//! through one server while a second server on the same database (another process) makes
//! every kind of change to what a contact shows, and check that each read shows it at once,
//! in all three projections and in pages.

use serde_json::{json, Value};

use crate::common::*;

/// Contact `id` as `reader` answers it now, base projection, with a page and the thin
/// projection read on the way (so that all three paths are kept in the cache before the next
/// change), and the flat projection read twice, alone and in a page, and checked against the
/// base one (its written form is kept with the contact: it must move with it).
async fn read(reader: &TestApp, token: &str, id: i64) -> Value {
    let one = read_base(reader, token, id).await;
    for _ in 0..2 {
        let r = reader
            .get(&format!("/v2/contacts/{id}?projection=flat"), token)
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_flat_of(&one, &r.json());
        let page = reader
            .get("/v2/contacts?offset=0&limit=25&projection=flat", token)
            .await;
        assert_eq!(page.status, 200, "{}", page.text());
        if let Some(flat) = page.json()["data"]
            .as_array()
            .expect("data")
            .iter()
            .find(|c| c["id"] == json!(id))
        {
            assert_flat_of(&one, flat);
        }
    }
    one
}

/// `flat` is the flat projection of `base` (2.5.3.1.5): the same attributes, the id lists
/// as arrays, the pictures as their urls, the profiles as three attributes each.
fn assert_flat_of(base: &Value, flat: &Value) {
    for (key, value) in base.as_object().expect("a contact") {
        match key.as_str() {
            "relatedTo" | "deals" | "notes" | "tasks" | "interactions" => {
                assert_eq!(flat[key], json!(listed(base, key)), "{key}: {flat}");
            }
            "pictures" => {
                let urls: Vec<&Value> = value
                    .as_array()
                    .expect("pictures")
                    .iter()
                    .map(|p| &p["url"])
                    .collect();
                assert_eq!(flat[key], json!(urls), "{flat}");
            }
            "profiles" => {
                for (network, profile) in value.as_object().expect("profiles") {
                    let key = format!("{network}Username");
                    assert_eq!(flat[&key], profile["username"], "{key}: {flat}");
                }
            }
            _ => assert_eq!(&flat[key], value, "{key}: {flat}"),
        }
    }
}

/// Contact `id` in the base projection, alone and in a page, with the thin one read on the way.
async fn read_base(reader: &TestApp, token: &str, id: i64) -> Value {
    let page = reader.get("/v2/contacts?offset=0&limit=25", token).await;
    assert_eq!(page.status, 200, "{}", page.text());
    let thin = reader
        .get(&format!("/v2/contacts/{id}?projection=thin"), token)
        .await;
    assert_eq!(thin.status, 200, "{}", thin.text());
    let r = reader.get(&format!("/v2/contacts/{id}"), token).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let one = r.json();
    let listed = page.json()["data"]
        .as_array()
        .expect("data")
        .iter()
        .find(|c| c["id"] == json!(id))
        .cloned();
    if let Some(listed) = listed {
        assert_eq!(listed, one, "the page and the contact read disagree");
    }
    one
}

/// The ids of a contact's list attribute (`notes`, `deals`, …: a comma-separated string).
fn listed(contact: &Value, key: &str) -> Vec<i64> {
    let s = contact[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} in {contact}"));
    s.split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().expect("an id"))
        .collect()
}

/// An organization "Acme" and a person Ada Lovelace related to it, made through `app`:
/// their ids.
async fn ada_at_acme(app: &TestApp, token: &str) -> (i64, i64) {
    let org = id_of(
        &app.contact(
            token,
            json!({"contactType": "organization", "organizationName": "Acme"}),
        )
        .await,
    );
    let person = app
        .contact(
            token,
            json!({"contactType": "person", "firstName": "Ada", "lastName": "Lovelace",
                   "relatedTo": [org],
                   "basicInfos": [{"type": "mobile", "value": "+49 30 1234567"}]}),
        )
        .await;
    (org, id_of(&person))
}

#[actix_rt::test]
async fn every_change_to_what_hangs_off_a_contact_shows_in_the_next_read() {
    let reader = TestApp::start().await;
    let writer = reader.sharing().await;
    let (_, t) = reader.owner("cache@example.com").await;
    let (org, p) = ada_at_acme(&reader, &t).await;
    assert_eq!(listed(&read(&reader, &t, org).await, "relatedTo"), vec![p]);
    read(&reader, &t, p).await;

    // A note, a deal and a task about the person, made by the other process.
    let note = writer.note(&t, p, "met at the fair").await;
    assert_eq!(listed(&read(&reader, &t, p).await, "notes"), vec![note]);
    let deal = writer.deal(&t, "engines", Some(p)).await;
    assert_eq!(listed(&read(&reader, &t, p).await, "deals"), vec![deal]);
    let task = id_of(
        &writer
            .task(
                &t,
                json!({"title": "call back", "relatedTo": {"id": p, "type": "contact"}}),
            )
            .await,
    );
    assert_eq!(listed(&read(&reader, &t, p).await, "tasks"), vec![task]);

    // An interaction a trigger event matched to the person's number.
    let trigger = writer.trigger_device(&t, "imei-cache").await;
    let r = writer
        .trigger(
            &trigger,
            json!({"type": "call-incoming", "data": "+49 30 1234567"}),
        )
        .await;
    let interaction = id_of(&entity(&r, 201));
    assert_eq!(
        listed(&read(&reader, &t, p).await, "interactions"),
        vec![interaction]
    );

    // A picture, then its deletion.
    let r = writer
        .put("/v2/pictures", &t, json!({"contactId": p, "base64": PNG}))
        .await;
    let picture = id_of(&entity(&r, 201));
    let got = read(&reader, &t, p).await;
    assert_eq!(got["pictures"].as_array().map(Vec::len), Some(1), "{got}");
    assert_deleted(&writer.delete(&format!("/v2/pictures/{picture}"), &t).await);
    let got = read(&reader, &t, p).await;
    assert_eq!(got["pictures"], json!([]), "{got}");

    // The note, deal and task deleted.
    assert_deleted(&writer.delete(&format!("/v2/notes/{note}"), &t).await);
    assert_deleted(&writer.delete(&format!("/v2/deals/{deal}"), &t).await);
    assert_deleted(&writer.delete(&format!("/v2/tasks/{task}"), &t).await);
    let got = read(&reader, &t, p).await;
    for key in ["notes", "deals", "tasks"] {
        assert_eq!(listed(&got, key), Vec::<i64>::new(), "{key}: {got}");
    }

    // The contact's own lists replaced by an update (basicInfos, addresses, tags).
    let got = read(&reader, &t, p).await;
    let r = writer
        .post(
            &format!("/v2/contacts/{p}"),
            &t,
            json!({"version": got["version"],
                   "basicInfos": [{"type": "email", "value": "ada@example.com"}],
                   "addresses": [{"city": "London"}],
                   "tags": ["vip"]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let got = read(&reader, &t, p).await;
    assert_eq!(
        got["basicInfos"][0]["value"],
        json!("ada@example.com"),
        "{got}"
    );
    assert_eq!(got["basicInfos"].as_array().map(Vec::len), Some(1), "{got}");
    assert_eq!(got["addresses"][0]["city"], json!("London"), "{got}");
    assert_eq!(got["tags"], json!(["vip"]), "{got}");

    // The person deleted: the organization's relation goes with it (a cascade).
    assert_deleted(&writer.delete(&format!("/v2/contacts/{p}"), &t).await);
    let got = read(&reader, &t, org).await;
    assert_eq!(listed(&got, "relatedTo"), Vec::<i64>::new(), "{got}");
    let r = reader.get(&format!("/v2/contacts/{p}"), &t).await;
    r.assert_error(404, 91040101001001);

    writer.stop().await;
    reader.stop().await;
}

#[actix_rt::test]
async fn a_change_to_a_contacts_own_attributes_shows_in_the_next_read() {
    // Only the contact's row changes (its `version` moves, its `children_rev` does not): the
    // kept answer, written once, must not be answered again.
    let reader = TestApp::start().await;
    let writer = reader.sharing().await;
    let (_, t) = reader.owner("cache-own@example.com").await;
    let (org, p) = ada_at_acme(&reader, &t).await;
    let got = read(&reader, &t, p).await;
    let flat = format!("/v2/contacts/{p}?projection=flat");
    assert_eq!(reader.get(&flat, &t).await.json()["hot"], json!(false));
    let org_thin = format!("/v2/contacts/{org}?projection=thin");
    let got_thin = reader.get(&org_thin, &t).await.json();
    assert_eq!(got_thin["extra"], json!("Ada Lovelace"), "{got_thin}");

    let r = writer
        .post(
            &format!("/v2/contacts/{p}"),
            &t,
            json!({"version": got["version"], "firstName": "Augusta", "hot": true}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let got = read(&reader, &t, p).await;
    assert_eq!(got["firstName"], json!("Augusta"), "{got}");
    assert_eq!(got["hot"], json!(true), "{got}");
    assert_eq!(got["version"], entity(&r, 200)["version"], "{got}");
    let f = reader.get(&flat, &t).await.json();
    assert_eq!(
        (&f["firstName"], &f["hot"]),
        (&json!("Augusta"), &json!(true)),
        "{f}"
    );
    let thin = reader
        .get(&format!("/v2/contacts/{p}?projection=thin"), &t)
        .await
        .json();
    assert_eq!(thin["displayName"], json!("Augusta Lovelace"), "{thin}");
    // The organization's own answer is kept and did not change, but its thin projection
    // names the renamed person.
    let got_thin = reader.get(&org_thin, &t).await.json();
    assert_eq!(got_thin["extra"], json!("Augusta Lovelace"), "{got_thin}");

    writer.stop().await;
    reader.stop().await;
}

#[actix_rt::test]
async fn another_users_contact_is_not_answered_from_the_cache() {
    let app = TestApp::start().await;
    let (_, owner) = app.owner("cache-owner@example.com").await;
    let (_, other) = app.owner("cache-other@example.com").await;
    let c = id_of(&app.person(&owner, Person::named("Grace")).await);
    // Kept by the owner's read, then asked for by someone else.
    assert_eq!(
        app.get(&format!("/v2/contacts/{c}"), &owner).await.status,
        200
    );
    app.get(&format!("/v2/contacts/{c}"), &other)
        .await
        .assert_error(404, 91040101001001);
    let page = app
        .get("/v2/contacts?offset=0&limit=25", &other)
        .await
        .json();
    assert_eq!(page["data"], json!([]), "{page}");
    app.stop().await;
}

#[actix_rt::test]
async fn a_merge_by_another_server_shows_in_the_next_read_of_the_result() {
    let reader = TestApp::start().await;
    let writer = reader.sharing().await;
    let (_, t) = reader.owner("cache-merge@example.com").await;
    let target = id_of(
        &reader
            .person(&t, Person::named("Ada").last("Lovelace"))
            .await,
    );
    let other = id_of(&reader.person(&t, Person::named("Augusta")).await);
    let own = reader.note(&t, target, "own").await;
    let moved = reader.note(&t, other, "moved").await;
    let deal = reader.deal(&t, "engines", Some(other)).await;
    let got = read(&reader, &t, target).await;
    assert_eq!(listed(&got, "notes"), vec![own]);
    assert_eq!(listed(&got, "deals"), Vec::<i64>::new());

    let r = writer
        .post(
            "/v2/contacts?cmd=merge",
            &t,
            json!({"contactIds": [other],
                   "contact": {"id": target, "version": got["version"]}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let got = read(&reader, &t, target).await;
    assert_eq!(listed(&got, "notes"), vec![own, moved], "{got}");
    assert_eq!(listed(&got, "deals"), vec![deal], "{got}");
    reader
        .get(&format!("/v2/contacts/{other}"), &t)
        .await
        .assert_error(404, 91040101001001);

    writer.stop().await;
    reader.stop().await;
}

#[actix_rt::test]
async fn a_burst_of_reads_of_kept_contacts_answers_each_its_own() {
    // On PostgreSQL these reads ask whether what is kept is current together, in batches
    // (interact-store `batch`): each must still answer its own contact, in its projection,
    // and another user's id must still answer 404 from inside the same batch.
    let app = TestApp::start().await;
    let (_, a) = app.owner("burst-a@example.com").await;
    let (_, b) = app.owner("burst-b@example.com").await;
    let mut mine = Vec::new();
    for (token, name) in [(&a, "Ada"), (&a, "Alan"), (&b, "Barbara"), (&b, "Brian")] {
        let id = id_of(&app.person(token, Person::named(name)).await);
        mine.push((token.clone(), id, name));
    }
    // Kept by a first read of each.
    for (token, id, _) in &mine {
        assert_eq!(
            app.get(&format!("/v2/contacts/{id}"), token).await.status,
            200
        );
    }
    // A contact changed since it was kept is read again, in the same burst.
    app.note(&a, mine[0].1, "changed").await;
    let reads = (0..8).flat_map(|round| {
        mine.iter()
            .map(move |(token, id, name)| (round, token.clone(), *id, *name))
    });
    let answers = futures_util::future::join_all(reads.map(|(round, token, id, name)| {
        let (app, a, b) = (&app, &a, &b);
        async move {
            let projection = if round % 2 == 0 { "base" } else { "flat" };
            let own = app
                .get(
                    &format!("/v2/contacts/{id}?projection={projection}"),
                    &token,
                )
                .await;
            // The other user's token.
            let other = if token == *a { b } else { a };
            let theirs = app.get(&format!("/v2/contacts/{id}"), other).await;
            (id, name, projection, own, theirs)
        }
    }))
    .await;
    for (id, name, projection, own, theirs) in answers {
        assert_eq!(own.status, 200, "{}", own.text());
        let body = own.json();
        assert_eq!(body["id"], json!(id), "{body}");
        assert_eq!(body["firstName"], json!(name), "{projection}: {body}");
        if id == mine[0].1 {
            // Base lists the note's id, flat the ids as one string.
            let one_note = match &body["notes"] {
                Value::Array(ids) => ids.len() == 1,
                Value::String(ids) => listed(&body, "notes").len() == 1 && !ids.is_empty(),
                _ => false,
            };
            assert!(one_note, "{projection}: {body}");
        }
        theirs.assert_error(404, 91040101001001);
    }
    app.stop().await;
}

#[actix_rt::test]
async fn a_burst_of_pages_answers_each_user_and_page_its_own() {
    // On PostgreSQL pages without `q` are asked together, in batches (interact-store
    // `contacts::pages_of`): each must still answer its own user's contacts at its own offset
    // and limit, in its projection, with its own user's total, and show a contact created and
    // one deleted just before the burst.
    let app = TestApp::start().await;
    let (_, a) = app.owner("pages-a@example.com").await;
    let (_, b) = app.owner("pages-b@example.com").await;
    let mut ids: Vec<(String, Vec<i64>)> = Vec::new();
    for (token, names) in [
        (&a, &["Ada", "Alan", "Anna"][..]),
        (&b, &["Barbara", "Brian", "Bea", "Bob", "Bill"][..]),
    ] {
        let mut own = Vec::new();
        for name in names {
            own.push(id_of(&app.person(token, Person::named(name)).await));
        }
        ids.push((token.clone(), own));
    }
    // Kept by a first page of each.
    for (token, _) in &ids {
        assert_eq!(app.get("/v2/contacts?limit=25", token).await.status, 200);
    }
    // One created and one deleted since they were kept.
    let created = id_of(&app.person(&a, Person::named("Agnes")).await);
    ids[0].1.push(created);
    let gone = ids[1].1.remove(1);
    assert_eq!(
        app.delete(&format!("/v2/contacts/{gone}"), &b).await.status,
        200
    );
    let asks = (0..6).flat_map(|round| {
        ids.iter()
            .map(move |(token, own)| (round, token.clone(), own.clone()))
    });
    let answers = futures_util::future::join_all(asks.map(|(round, token, own)| {
        let app = &app;
        async move {
            let projection = ["base", "flat", "thin"][round % 3];
            let (offset, limit) = (round % 3, 1 + round % 4);
            let r = app
                .get(
                    &format!("/v2/contacts?offset={offset}&limit={limit}&projection={projection}"),
                    &token,
                )
                .await;
            (own, offset, limit, projection, r)
        }
    }))
    .await;
    for (own, offset, limit, projection, r) in answers {
        assert_page_of(&r, "id", &own, offset, limit, projection);
    }
    // A page past the end answers no contact and the total.
    let past = app.get("/v2/contacts?offset=10&limit=5", &a).await.json();
    assert_eq!(past["data"], json!([]), "{past}");
    assert_eq!(past["totalLength"], json!(4), "{past}");
    app.stop().await;
}

#[actix_rt::test]
async fn a_burst_of_searches_answers_each_user_and_search_its_own() {
    // On PostgreSQL searches are asked together, in batches (interact-store
    // `contacts::searches_of`): each must answer its own user's contacts that have every word
    // (or the number), at its own offset and limit, with its own total.
    let app = TestApp::start().await;
    let (_, a) = app.owner("search-a@example.com").await;
    let (_, b) = app.owner("search-b@example.com").await;
    let ada = id_of(
        &app.person(
            &a,
            Person::named("Ada")
                .last("Lovelace")
                .info("mobile", "+49 30 1111111"),
        )
        .await,
    );
    let alan = id_of(&app.person(&a, Person::named("Alan").last("Turing")).await);
    let anna = id_of(&app.person(&a, Person::named("Anna").last("Lovelace")).await);
    let ada_b = id_of(&app.person(&b, Person::named("Ada").last("Byron")).await);
    let bob = id_of(&app.person(&b, Person::named("Bob").last("Lovelace")).await);
    let cases: Vec<(&String, &str, Vec<i64>)> = vec![
        (&a, "lovelace", vec![ada, anna]),
        (&b, "lovelace", vec![bob]),
        (&a, "ada", vec![ada]),
        (&b, "ada", vec![ada_b]),
        (&a, "a", vec![ada, alan, anna]),
        (&a, "love%20a", vec![ada, anna]),
        (&a, "lovelace%20ada", vec![ada]),
        (&b, "lovelace%20ada", vec![]),
        (&a, "030%201111111", vec![ada]),
        (&b, "030%201111111", vec![]),
        (&a, "zzz", vec![]),
    ];
    let asks = (0..3).flat_map(|round| cases.iter().map(move |case| (round, case)));
    let answers = futures_util::future::join_all(asks.map(|(round, (token, q, want))| {
        let app = &app;
        async move {
            let (offset, limit) = [(0, 25), (1, 1), (5, 2)][round];
            let projection = ["base", "flat", "thin"][round];
            let r = app
                .get(
                    &format!(
                        "/v2/contacts?q={q}&offset={offset}&limit={limit}&projection={projection}"
                    ),
                    token,
                )
                .await;
            (q, want, offset, limit, r)
        }
    }))
    .await;
    for (q, want, offset, limit, r) in answers {
        assert_page_of(&r, "id", want, offset, limit, &format!("q={q}"));
    }
    app.stop().await;
}

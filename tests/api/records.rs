//! Notes and deals through HTTP: the documented shapes, the sort orders, bad input naming the
//! field, another user's ids answering 404, the journal of every mutation, and what deleting
//! a contact or a deal does to them.

use serde_json::{json, Value};

use crate::common::*;

#[actix_rt::test]
async fn notes_have_the_documented_shapes_and_order() {
    let app = TestApp::start().await;
    let t = user(&app, "notes@example.com").await;
    let c = id_of(&app.person(&t, Person::named("Ada").last("Lovelace")).await);
    let before = app.ctx.clock.now_ms();
    let r = app
        .put(
            "/v2/notes",
            &t,
            json!({"message": "deadline postponed", "relatedTo": {"id": c, "type": "contact"}}),
        )
        .await;
    let n1 = entity(&r, 201);
    let id1 = n1["id"].as_i64().unwrap();
    let stamp = n1["timestamp"].as_i64().unwrap();
    assert!(before <= stamp && stamp <= app.ctx.clock.now_ms(), "{n1}");
    assert_eq!(
        n1,
        json!({"id": id1, "timestamp": stamp, "message": "deadline postponed",
               "relatedTo": {"id": c, "type": "contact", "displayName": "Ada Lovelace"}})
    );
    app.ctx.clock.advance_ms(1000);
    // `type` defaults to contact.
    let n2 = entity(
        &app.put(
            "/v2/notes",
            &t,
            json!({"message": "second", "relatedTo": {"id": c}}),
        )
        .await,
        201,
    );
    let id2 = n2["id"].as_i64().unwrap();
    assert_eq!(n2["relatedTo"]["type"], json!("contact"));

    // Newest change first; the contact's list leaves out relatedTo, as documented.
    let all = app.get("/v2/notes", &t).await.json();
    let ids: Vec<i64> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![id2, id1]);
    let of_c = app.get(&format!("/v2/contacts/{c}/notes"), &t).await;
    assert_eq!(of_c.status, 200);
    assert_eq!(
        of_c.json(),
        json!([
            {"id": id2, "timestamp": n2["timestamp"], "message": "second"},
            {"id": id1, "timestamp": n1["timestamp"], "message": "deadline postponed"},
        ])
    );

    // An update moves the timestamp and the order.
    app.ctx.clock.advance_ms(1000);
    let before = app.ctx.clock.now_ms();
    let u = entity(
        &app.post(
            &format!("/v2/notes/{id1}"),
            &t,
            json!({"message": "Don't forget to ask for address data."}),
        )
        .await,
        200,
    );
    assert_eq!(u["message"], json!("Don't forget to ask for address data."));
    let stamp = u["timestamp"].as_i64().unwrap();
    assert!(before <= stamp && stamp <= app.ctx.clock.now_ms(), "{u}");
    assert_eq!(u["relatedTo"]["id"], json!(c));
    let all = app.get("/v2/notes", &t).await.json();
    assert_eq!(all[0]["id"], json!(id1));

    // The contact lists its notes, as a string in `base` and an array in `flat`.
    let contact = app.get(&format!("/v2/contacts/{c}"), &t).await.json();
    assert_eq!(contact["notes"], json!(format!("{id1},{id2}")));
    let flat = app
        .get(&format!("/v2/contacts/{c}?projection=flat"), &t)
        .await
        .json();
    assert_eq!(flat["notes"], json!([id1, id2]));

    // Each mutation is journaled with the note's old and new state.
    assert_eq!(
        app.journal(&t).await[1..].to_vec(),
        vec![
            j("insert", "note", id1),
            j("insert", "note", id2),
            j("update", "note", id1)
        ]
    );
    let acts = app.get("/v2/activities?limit=1", &t).await.json();
    let states = &acts["data"][0]["entity"];
    assert_eq!(states["oldState"]["message"], json!("deadline postponed"));
    assert_eq!(
        states["newState"]["message"],
        json!("Don't forget to ask for address data.")
    );
}

#[actix_rt::test]
async fn notes_about_deals_and_deletes() {
    let app = TestApp::start().await;
    let t = user(&app, "notes2@example.com").await;
    let d = entity(
        &app.put("/v2/deals", &t, json!({"name": "Apple Deal"}))
            .await,
        201,
    )["id"]
        .as_i64()
        .unwrap();
    let n = entity(
        &app.put(
            "/v2/notes",
            &t,
            json!({"message": "call back", "relatedTo": {"id": d, "type": "deal"}}),
        )
        .await,
        201,
    );
    assert_eq!(
        n["relatedTo"],
        json!({"id": d, "type": "deal", "displayName": "Apple Deal"})
    );
    let id = n["id"].as_i64().unwrap();
    let mut more = vec![];
    for m in ["a", "b", "c"] {
        let r = app
            .put(
                "/v2/notes",
                &t,
                json!({"message": m, "relatedTo": {"id": d, "type": "deal"}}),
            )
            .await;
        more.push(entity(&r, 201)["id"].as_i64().unwrap());
    }
    assert_deleted(&app.delete(&format!("/v2/notes/{id}"), &t).await);
    app.delete(&format!("/v2/notes/{id}"), &t)
        .await
        .assert_error(404, 91110144001001);
    // All or nothing: one unknown id deletes none.
    let r = app
        .delete(&format!("/v2/notes?ids={},{},999999", more[0], more[1]), &t)
        .await;
    r.assert_error(404, 91110144001001);
    assert_eq!(
        app.get("/v2/notes", &t)
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_deleted(
        &app.delete(&format!("/v2/notes?ids={},{}", more[0], more[1]), &t)
            .await,
    );
    assert_eq!(
        app.get("/v2/notes", &t)
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    app.delete("/v2/notes", &t)
        .await
        .assert_error(400, 92020144002002);
    app.delete("/v2/notes?ids=1,x", &t)
        .await
        .assert_error(400, 92010144002005);

    // Deleting the deal deletes its last note, journaled.
    assert_deleted(&app.delete(&format!("/v2/deals/{d}"), &t).await);
    assert_eq!(app.get("/v2/notes", &t).await.json(), json!([]));
    let log = app.journal(&t).await;
    assert_eq!(
        log[log.len() - 2..].to_vec(),
        vec![j("delete", "note", more[2]), j("delete", "deal", d)]
    );
}

#[actix_rt::test]
async fn bad_notes_name_the_field_and_store_nothing() {
    let app = TestApp::start().await;
    let t = user(&app, "notes3@example.com").await;
    let c = id_of(&app.person(&t, Person::named("Bad").last("Input")).await);
    let cases = [
        (
            json!({"relatedTo": {"id": c}}),
            400,
            92020124002002_u64,
            "message",
        ),
        (
            json!({"message": "  ", "relatedTo": {"id": c}}),
            400,
            92020124002002,
            "message",
        ),
        (json!({"message": "x"}), 400, 92020124002002, "relatedTo"),
        (
            json!({"message": "x", "relatedTo": {}}),
            400,
            92020124002002,
            "relatedTo.id",
        ),
        (
            json!({"message": "x", "relatedTo": {"id": c, "type": "task"}}),
            400,
            92010124002001,
            "relatedTo.type",
        ),
        (
            json!({"message": "x", "relatedTo": {"id": 99999, "type": "contact"}}),
            404,
            91040124001001,
            "contact",
        ),
        (
            json!({"message": "x", "relatedTo": {"id": 99999, "type": "deal"}}),
            404,
            91070124001001,
            "deal",
        ),
        (
            json!({"message": "x".repeat(65_536), "relatedTo": {"id": c}}),
            400,
            92010124002003,
            "message",
        ),
    ];
    for (body, status, code, field) in cases {
        let r = app.put("/v2/notes", &t, body).await;
        if r.status == 413 {
            // The tests' body limit (64 KiB) is below the longest message: the body is
            // refused as too large, in the envelope.
            assert_eq!(field, "message");
            r.assert_error(413, 92010124002003);
            continue;
        }
        let b = r.assert_error(status, code);
        assert!(b["devmsg"].as_str().unwrap().contains(field), "{b}");
    }
    assert_eq!(app.get("/v2/notes", &t).await.json(), json!([]));
    let id = app.note(&t, c, "ok").await;
    app.post(&format!("/v2/notes/{id}"), &t, json!({}))
        .await
        .assert_error(400, 92020114002002);
    app.post(
        &format!("/v2/notes/{id}"),
        &t,
        json!({"message": "m", "relatedTo": {"id": c}}),
    )
    .await
    .assert_error(400, 92010114002001);
    app.post("/v2/notes/99999", &t, json!({"message": "m"}))
        .await
        .assert_error(404, 91110114001001);
    app.get("/v2/contacts/99999/notes", &t)
        .await
        .assert_error(404, 91040101061001);
}

#[actix_rt::test]
async fn deals_have_the_documented_shapes() {
    let app = TestApp::start().await;
    let t = user(&app, "deals@example.com").await;
    let c = id_of(&app.person(&t, Person::named("Tim").last("Cook")).await);
    let body = json!({
        "name": "Apple Deal", "value": 100000, "currency": "USD", "hot": true,
        "relatedTo": {"id": c}, "source": "word_of_mouth", "stage": "incoming"
    });
    let d = entity(&app.put("/v2/deals", &t, body).await, 201);
    let id = d["id"].as_i64().unwrap();
    let expected = json!({
        "id": id, "name": "Apple Deal", "value": 100000, "currency": "USD", "hot": true,
        "relatedTo": {"id": c, "name": "Tim Cook"}, "source": "word_of_mouth", "stage": "incoming"
    });
    assert_eq!(d, expected);
    assert_eq!(
        app.get(&format!("/v2/deals/{id}"), &t).await.json(),
        expected
    );
    // The document's misspelled path is served too.
    assert_eq!(
        app.get(&format!("/v2/deal/{id}"), &t).await.json(),
        expected
    );
    let other = entity(
        &app.put("/v2/deals", &t, json!({"name": "Plain"})).await,
        201,
    );
    let oid = other["id"].as_i64().unwrap();
    assert_eq!(
        other,
        json!({"id": oid, "name": "Plain", "value": null, "currency": null, "hot": false,
               "relatedTo": null, "source": null, "stage": null})
    );
    assert_eq!(
        app.get("/v2/deals", &t).await.json(),
        json!([expected, other])
    );
    assert_eq!(
        app.get(&format!("/v2/contacts/{c}/deals"), &t).await.json(),
        json!([expected])
    );
    let contact = app.get(&format!("/v2/contacts/{c}"), &t).await.json();
    assert_eq!(contact["deals"], json!(id.to_string()));

    // Update: fields left out keep their value; a lower-case currency is the code.
    let u = entity(
        &app.post(
            &format!("/v2/deals/{id}"),
            &t,
            json!({"name": "xabs interact.io", "value": 1555000, "currency": "eur", "stage": "qualified"}),
        )
        .await,
        200,
    );
    assert_eq!(
        u,
        json!({"id": id, "name": "xabs interact.io", "value": 1555000, "currency": "EUR", "hot": true,
               "relatedTo": {"id": c, "name": "Tim Cook"}, "source": "word_of_mouth", "stage": "qualified"})
    );
    let u = entity(
        &app.post(
            &format!("/v2/deal/{id}"),
            &t,
            json!({"relatedTo": null, "hot": false}),
        )
        .await,
        200,
    );
    assert_eq!(u["relatedTo"], Value::Null);
    assert_eq!(u["hot"], json!(false));
    assert_eq!(
        app.get(&format!("/v2/contacts/{c}/deals"), &t).await.json(),
        json!([])
    );

    assert_deleted(&app.delete(&format!("/v2/deals?ids={id},{oid}"), &t).await);
    app.get(&format!("/v2/deals/{id}"), &t)
        .await
        .assert_error(404, 91070102001001);
    assert_eq!(
        app.journal(&t).await[1..].to_vec(),
        vec![
            j("insert", "deal", id),
            j("insert", "deal", oid),
            j("update", "deal", id),
            j("update", "deal", id),
            j("delete", "deal", id),
            j("delete", "deal", oid),
        ]
    );
}

#[actix_rt::test]
async fn bad_deals_name_the_field_and_store_nothing() {
    let app = TestApp::start().await;
    let t = user(&app, "deals2@example.com").await;
    let cases = [
        (json!({"value": 1}), 400, 92020122002002_u64, "name"),
        (json!({"name": ""}), 400, 92020122002002, "name"),
        (
            json!({"name": "x".repeat(256)}),
            400,
            92010122002003,
            "name",
        ),
        (
            json!({"name": "n", "value": -1}),
            400,
            92010122002001,
            "value",
        ),
        (
            json!({"name": "n", "currency": "DOLLAR"}),
            400,
            92010122002001,
            "currency",
        ),
        (
            json!({"name": "n", "currency": "XYZ"}),
            400,
            92010122002001,
            "currency",
        ),
        (
            json!({"name": "n", "source": "tv"}),
            400,
            92010122002001,
            "source",
        ),
        (
            json!({"name": "n", "stage": "maybe"}),
            400,
            92010122002001,
            "stage",
        ),
        (
            json!({"name": "n", "relatedTo": {}}),
            400,
            92020122002002,
            "relatedTo.id",
        ),
        (
            json!({"name": "n", "relatedTo": {"id": 99999}}),
            404,
            91040122001001,
            "contact",
        ),
    ];
    for (body, status, code, field) in cases {
        let b = app
            .put("/v2/deals", &t, body)
            .await
            .assert_error(status, code);
        assert!(b["devmsg"].as_str().unwrap().contains(field), "{b}");
    }
    let r = app
        .put("/v2/deals", &t, json!({"name": "n", "value": "lots"}))
        .await;
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.json()["devmsg"].as_str().unwrap().contains("value"));
    assert_eq!(app.get("/v2/deals", &t).await.json(), json!([]));

    let id = entity(
        &app.put("/v2/deals", &t, json!({"name": "n"})).await,
        200 + 1,
    )["id"]
        .as_i64()
        .unwrap();
    app.post(&format!("/v2/deals/{id}"), &t, json!({"stage": "nope"}))
        .await
        .assert_error(400, 92010112002001);
    app.post(&format!("/v2/deals/{id}"), &t, json!({"name": null}))
        .await
        .assert_error(400, 92020112002002);
    app.post("/v2/deals/99999", &t, json!({"hot": true}))
        .await
        .assert_error(404, 91070112001001);
    app.get("/v2/contacts/99999/deals", &t)
        .await
        .assert_error(404, 91040101041001);
    let d = app.get(&format!("/v2/deals/{id}"), &t).await.json();
    assert_eq!(d["stage"], Value::Null);
    assert_eq!(d["name"], json!("n"));
}

#[actix_rt::test]
async fn another_users_records_answer_404() {
    let app = TestApp::start().await;
    let a = user(&app, "a@example.com").await;
    let b = user(&app, "b@example.com").await;
    let bc = id_of(&app.person(&b, Person::named("Bea").last("B")).await);
    let bd = app.deal(&b, "B's", Some(bc)).await;
    let bn = app.note(&b, bc, "B's").await;
    // A cannot point at B's contact or deal, nor read, change or delete B's records.
    app.put(
        "/v2/notes",
        &a,
        json!({"message": "x", "relatedTo": {"id": bc}}),
    )
    .await
    .assert_error(404, 91040124001001);
    app.put(
        "/v2/notes",
        &a,
        json!({"message": "x", "relatedTo": {"id": bd, "type": "deal"}}),
    )
    .await
    .assert_error(404, 91070124001001);
    app.put(
        "/v2/deals",
        &a,
        json!({"name": "x", "relatedTo": {"id": bc}}),
    )
    .await
    .assert_error(404, 91040122001001);
    let ad = entity(&app.put("/v2/deals", &a, json!({"name": "A's"})).await, 201)["id"]
        .as_i64()
        .unwrap();
    app.post(
        &format!("/v2/deals/{ad}"),
        &a,
        json!({"relatedTo": {"id": bc}}),
    )
    .await
    .assert_error(404, 91040112001001);
    app.get(&format!("/v2/deals/{bd}"), &a)
        .await
        .assert_error(404, 91070102001001);
    app.post(&format!("/v2/deals/{bd}"), &a, json!({"hot": true}))
        .await
        .assert_error(404, 91070112001001);
    app.delete(&format!("/v2/deals/{bd}"), &a)
        .await
        .assert_error(404, 91070142001001);
    app.delete(&format!("/v2/deals?ids={ad},{bd}"), &a)
        .await
        .assert_error(404, 91070142001001);
    app.post(&format!("/v2/notes/{bn}"), &a, json!({"message": "mine"}))
        .await
        .assert_error(404, 91110114001001);
    app.delete(&format!("/v2/notes/{bn}"), &a)
        .await
        .assert_error(404, 91110144001001);
    app.get(&format!("/v2/contacts/{bc}/notes"), &a)
        .await
        .assert_error(404, 91040101061001);
    app.get(&format!("/v2/contacts/{bc}/deals"), &a)
        .await
        .assert_error(404, 91040101041001);
    assert_eq!(app.get("/v2/notes", &a).await.json(), json!([]));
    assert_eq!(
        app.get("/v2/deals", &a)
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // B's records are untouched.
    let d = app.get(&format!("/v2/deals/{bd}"), &b).await.json();
    assert_eq!(d["hot"], json!(false));
    assert_eq!(
        app.get("/v2/notes", &b).await.json()[0]["message"],
        json!("B's")
    );
    assert_eq!(
        app.get(&format!("/v2/deals/{ad}"), &a).await.json()["relatedTo"],
        Value::Null
    );
}

#[actix_rt::test]
async fn deleting_a_contact_deletes_its_notes_and_detaches_its_deals() {
    let app = TestApp::start().await;
    let t = user(&app, "cascade@example.com").await;
    let c = id_of(&app.person(&t, Person::named("Gone").last("Soon")).await);
    let d = app.deal(&t, "Stays", Some(c)).await;
    let n = app.note(&t, c, "about c").await;
    let dn = entity(
        &app.put(
            "/v2/notes",
            &t,
            json!({"message": "about d", "relatedTo": {"id": d, "type": "deal"}}),
        )
        .await,
        201,
    )["id"]
        .as_i64()
        .unwrap();
    assert_deleted(&app.delete(&format!("/v2/contacts/{c}"), &t).await);
    let deal = app.get(&format!("/v2/deals/{d}"), &t).await.json();
    assert_eq!(deal["name"], json!("Stays"));
    assert_eq!(deal["relatedTo"], Value::Null);
    let notes = app.get("/v2/notes", &t).await.json();
    assert_eq!(notes.as_array().unwrap().len(), 1);
    assert_eq!(notes[0]["id"], json!(dn));
    let log = app.journal(&t).await;
    assert_eq!(
        log[log.len() - 3..].to_vec(),
        vec![
            j("delete", "note", n),
            j("update", "deal", d),
            j("delete", "contact", c)
        ]
    );
}

#[actix_rt::test]
async fn the_openapi_document_lists_notes_and_deals() {
    let app = TestApp::start().await;
    let doc = app.get("/v2/openapi.json", "").await.json();
    let paths = doc["paths"].as_object().unwrap();
    for (path, methods) in [
        ("/v2/notes", &["put", "get", "delete"][..]),
        ("/v2/notes/{id}", &["post", "delete"]),
        ("/v2/contacts/{id}/notes", &["get"]),
        ("/v2/deals", &["put", "get", "delete"]),
        ("/v2/deals/{id}", &["get", "post", "delete"]),
        ("/v2/deal/{id}", &["get", "post", "delete"]),
        ("/v2/contacts/{id}/deals", &["get"]),
    ] {
        for m in methods {
            assert!(paths[path].get(*m).is_some(), "{m} {path}");
        }
    }
}

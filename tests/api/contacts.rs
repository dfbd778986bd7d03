//! Contacts through HTTP: the documented shapes of every projection, updates with version
//! checks, list replacement, search, number normalization, the journal, bad input and
//! ownership.

use serde_json::{json, Value};

use crate::common::*;

// Their home is the support module; kept reachable here for test files that import them
// from this module.
#[allow(unused_imports)]
pub use crate::common::{create, update, user};

fn empty_profiles() -> Value {
    let p = json!({"connected": false, "username": null, "url": null});
    json!({
        "facebook": p, "aim": p, "gplus": p, "gtalk": p, "icq": p,
        "jabber": p, "linkedIn": p, "skype": p, "twitter": p, "xing": p,
    })
}

fn person_body() -> Value {
    serde_json::from_str(include_str!("data/person_john_doe.json")).unwrap()
}

#[actix_rt::test]
async fn person_has_the_documented_base_shape() {
    let app = TestApp::start().await;
    let t = user(&app, "a@example.com").await;
    let c = create(&app, &t, person_body()).await;
    let bi = c["basicInfos"].as_array().unwrap();
    let mut profiles = empty_profiles();
    profiles["twitter"] =
        json!({"connected": true, "username": "jdoe", "url": "https://twitter.com/jdoe"});
    profiles["skype"] = json!({"connected": false, "username": "john.doe", "url": null});
    let golden = json!({
        "id": c["id"],
        "version": 1,
        "contactType": "person",
        "title": "Dr.",
        "firstName": "John",
        "middleName": "Q",
        "lastName": "Doe",
        "profession": "Engineer",
        "gender": "m",
        "hot": true,
        "basicInfos": [
            {"id": bi[0]["id"], "type": "phone", "subtype": "work", "value": "02332667998", "excluded": false, "identifier": null},
            {"id": bi[1]["id"], "type": "email", "subtype": null, "value": "John.Doe@Example.com", "excluded": true, "identifier": null},
            {"id": bi[2]["id"], "type": "website", "subtype": null, "value": "http://instagram.com/instagram", "excluded": false, "identifier": "instagram"}
        ],
        "addresses": [{
            "id": c["addresses"][0]["id"], "subtype": "work", "addressline1": "Hauptstr. 1",
            "addressline2": null, "addressline3": null, "zip": "10115", "city": "Berlin",
            "state": null, "country": "DE"
        }],
        "profiles": profiles,
        "tags": ["customer", "berlin"],
        "customFields": [],
        "relatedTo": "",
        "deals": "",
        "notes": "",
        "tasks": "",
        "interactions": "",
        "pictures": []
    });
    assert_eq!(c, golden);
    assert!(bi.iter().all(|b| b["id"].as_i64().is_some()));
    let r = app.get(&format!("/v2/contacts/{}", c["id"]), &t).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), golden);
    let r = app
        .get(&format!("/v2/contacts/{}?projection=base", c["id"]), &t)
        .await;
    assert_eq!(r.json(), golden);
    let r = app
        .get(&format!("/v2/contacts/{}/profiles", c["id"]), &t)
        .await;
    assert_eq!(r.json(), golden["profiles"]);
    let r = app.get(&format!("/v2/contacts/{}/tags", c["id"]), &t).await;
    assert_eq!(r.json(), json!(["customer", "berlin"]));
}

#[actix_rt::test]
async fn organization_flat_and_thin_projections() {
    let app = TestApp::start().await;
    let t = user(&app, "a@example.com").await;
    let org = create(
        &app,
        &t,
        json!({"contactType": "organization", "organizationName": "xaimed", "business": "Medicine",
               "basicInfos": [{"type": "phone", "value": "02332667998"}, {"type": "fax", "value": "023326670"}],
               "profiles": {"xing": {"connected": true, "username": "xaimed", "url": "https://xing.com/xaimed"}}}),
    )
    .await;
    assert_eq!(org["organizationName"], json!("xaimed"));
    assert_eq!(org["business"], json!("Medicine"));
    assert!(org.get("firstName").is_none(), "{org}");
    assert!(org.get("title").is_none(), "{org}");
    let person = create(
        &app,
        &t,
        json!({"contactType": "person", "lastName": "Doe", "relatedTo": [org["id"]]}),
    )
    .await;
    assert_eq!(person["relatedTo"], json!(org["id"].to_string()));

    let r = app
        .get(&format!("/v2/contacts/{}?projection=flat", org["id"]), &t)
        .await;
    let flat = r.json();
    let mut golden = json!({
        "id": org["id"], "version": 2, "contactType": "organization",
        "organizationName": "xaimed", "business": "Medicine", "hot": false,
        "basicInfos": org["basicInfos"], "addresses": [], "tags": [], "customFields": [],
        "relatedTo": [person["id"]], "deals": [], "notes": [], "tasks": [], "interactions": [],
        "pictures": []
    });
    for net in [
        "facebook", "aim", "gplus", "gtalk", "icq", "jabber", "linkedIn", "skype", "twitter",
        "xing",
    ] {
        golden[format!("{net}Connected")] = json!(net == "xing");
        golden[format!("{net}Username")] = if net == "xing" {
            json!("xaimed")
        } else {
            Value::Null
        };
        golden[format!("{net}Url")] = if net == "xing" {
            json!("https://xing.com/xaimed")
        } else {
            Value::Null
        };
    }
    assert_eq!(flat, golden);

    // thin: the one related contact's name, or the number of them.
    let r = app.get("/v2/contacts?projection=thin", &t).await;
    let page = r.json();
    assert_eq!(
        page["data"],
        json!([
            {"id": org["id"], "contactType": "organization", "displayName": "xaimed", "hot": false, "extra": "Doe", "picture": null},
            {"id": person["id"], "contactType": "person", "displayName": "Doe", "hot": false, "extra": "xaimed", "picture": null}
        ])
    );
    let org2 = create(
        &app,
        &t,
        json!({"contactType": "organization", "organizationName": "TU Berlin"}),
    )
    .await;
    update(
        &app,
        &t,
        &person["id"],
        json!({"version": 1, "relatedTo": format!("{},{}", org["id"], org2["id"])}),
    )
    .await;
    let r = app
        .get(
            &format!("/v2/contacts/{}?projection=thin", person["id"]),
            &t,
        )
        .await;
    assert_eq!(
        r.json(),
        json!({"id": person["id"], "contactType": "person", "displayName": "Doe", "hot": false, "extra": 2, "picture": null})
    );
    let r = app
        .get(&format!("/v2/contacts/{}?projection=thin", org2["id"]), &t)
        .await;
    assert_eq!(r.json()["extra"], json!("Doe"));
    // The document says so: a name or a count (it said an object).
    let doc = app.get("/v2/openapi.json", "").await.json();
    let extra = &doc["components"]["schemas"]["ThinContact"]["properties"]["extra"];
    let text = extra.to_string();
    assert!(
        text.contains("Extra") || (text.contains("string") && text.contains("integer")),
        "{extra}"
    );
    let e = &doc["components"]["schemas"]["Extra"];
    assert_eq!(
        e["oneOf"]
            .as_array()
            .map(|a| a.iter().map(|s| s["type"].clone()).collect::<Vec<_>>()),
        Some(vec![json!("string"), json!("integer")]),
        "{e}"
    );
    let r = app
        .get(
            &format!("/v2/contacts/{}/contacts?projection=thin", person["id"]),
            &t,
        )
        .await;
    let data = r.json()["data"].clone();
    assert_eq!(data.as_array().unwrap().len(), 2);
    assert_eq!(data[0]["displayName"], json!("xaimed"));
    assert_eq!(data[1]["displayName"], json!("TU Berlin"));
    let r = app
        .get(&format!("/v2/contacts/{}/contacts", org2["id"]), &t)
        .await;
    assert_eq!(r.json()["data"][0]["lastName"], json!("Doe"));
    assert_eq!(
        r.json()["data"][0]["relatedTo"],
        json!(format!("{},{}", org["id"], org2["id"]))
    );
    // A contact without relations has no extra.
    let alone = create(
        &app,
        &t,
        json!({"contactType": "person", "firstName": "Al"}),
    )
    .await;
    let r = app
        .get(&format!("/v2/contacts/{}?projection=thin", alone["id"]), &t)
        .await;
    assert!(r.json().get("extra").is_none());
}

#[actix_rt::test]
async fn lists_page_with_totals_and_reject_bad_parameters() {
    let app = TestApp::start().await;
    let t = user(&app, "a@example.com").await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let c = create(
            &app,
            &t,
            json!({"contactType": "person", "firstName": format!("P{i}")}),
        )
        .await;
        ids.push(c["id"].clone());
    }
    let r = app.get("/v2/contacts?offset=1&limit=2", &t).await;
    let b = r.json();
    assert_eq!(b["length"], json!(2));
    assert_eq!(b["startIndex"], json!(1));
    assert_eq!(b["totalLength"], json!(5));
    assert_eq!(b["data"][0]["id"], ids[1]);
    assert_eq!(b["data"][1]["id"], ids[2]);
    assert_eq!(b["data"][0]["firstName"], json!("P1"));
    let r = app.get("/v2/contacts", &t).await;
    assert_eq!(r.json()["length"], json!(5));
    let r = app.get("/v2/contacts?offset=7", &t).await;
    assert_eq!(r.json()["data"], json!([]));
    assert_eq!(r.json()["totalLength"], json!(5));
    let r = app.get("/v2/contacts?limit=0", &t).await;
    assert_eq!(r.json()["length"], json!(0));

    for (q, name) in [
        ("projection=fat", "projection"),
        ("offset=-1", "offset"),
        ("limit=x", "limit"),
        ("limit=-5", "limit"),
    ] {
        let r = app.get(&format!("/v2/contacts?{q}"), &t).await;
        let b = r.assert_error(400, 92010101002005);
        assert!(b["devmsg"].as_str().unwrap().contains(name), "{b}");
    }
    let r = app.get("/v2/contacts/abc", &t).await;
    r.assert_error(400, 92010101002005);
    let r = app.get("/v2/contacts/99999999999999999999", &t).await;
    r.assert_error(400, 92010101002005);
    let r = app
        .get(&format!("/v2/contacts/{}?projection=x", ids[0]), &t)
        .await;
    r.assert_error(400, 92010101002005);
    let r = app.call("GET", "/v2/contacts", None, None).await;
    assert_eq!(r.status, 401);
}

#[actix_rt::test]
async fn deep_pages_cross_bucket_boundaries() {
    let app = TestApp::start().await;
    let t = user(&app, "a@example.com").await;
    let other = user(&app, "b@example.com").await;
    // Contacts of another user interleave with the caller's ids.
    let mut mine = Vec::new();
    for i in 0..1100 {
        let tok = if i % 3 == 0 { &other } else { &t };
        let r = app
            .put(
                "/v2/contacts",
                tok,
                json!({"contactType": "person", "firstName": format!("N{i}")}),
            )
            .await;
        assert_eq!(r.status, 201);
        if i % 3 != 0 {
            mine.push(r.json()["entity"]["id"].as_i64().unwrap());
        }
    }
    // Delete a few so buckets are uneven.
    let gone = [mine[5], mine[700], mine[701]];
    for id in gone {
        assert_eq!(
            app.delete(&format!("/v2/contacts/{id}"), &t).await.status,
            200
        );
    }
    mine.retain(|id| !gone.contains(id));
    let total = mine.len();
    for offset in [
        0,
        4,
        5,
        255,
        256,
        600,
        680,
        690,
        total - 10,
        total - 1,
        total,
        total + 5,
    ] {
        let r = app
            .get(
                &format!("/v2/contacts?offset={offset}&limit=25&projection=thin"),
                &t,
            )
            .await;
        let b = r.json();
        assert_eq!(b["totalLength"], json!(total), "{offset}");
        let got = fixtures::object_ids(&b, "data");
        let want: Vec<i64> = mine.iter().skip(offset).take(25).copied().collect();
        assert_eq!(got, want, "offset {offset}");
    }
}

#[actix_rt::test]
async fn updates_check_the_version() {
    let app = TestApp::start().await;
    let t = user(&app, "a@example.com").await;
    let c = create(&app, &t, person_body()).await;
    let u = update(
        &app,
        &t,
        &c["id"],
        json!({"version": 1, "firstName": "Remo"}),
    )
    .await;
    assert_eq!(u["version"], json!(2));
    assert_eq!(u["firstName"], json!("Remo"));
    assert_eq!(u["lastName"], json!("Doe"), "attributes left out stay");
    assert_eq!(u["basicInfos"], c["basicInfos"], "lists left out stay");
    let r = app
        .post(
            &format!("/v2/contacts/{}", c["id"]),
            &t,
            json!({"version": 1, "firstName": "Late"}),
        )
        .await;
    let b = r.assert_error(409, 93040111003003);
    assert_eq!(b["devmsg"], json!("version conflict"));
    let r = app
        .post(
            &format!("/v2/contacts/{}", c["id"]),
            &t,
            json!({"firstName": "X"}),
        )
        .await;
    // An update that names no version cannot be told from one that overwrites a change it
    // never read: a version conflict (409), like a stale one. So is `null` (the share's
    // documented body, which shares the operation), and nothing changes.
    let b = r.assert_error(409, 93040111003003);
    assert!(b["devmsg"].as_str().unwrap().contains("version"), "{b}");
    let r = app
        .call(
            "POST",
            &format!("/v2/contacts/{}", c["id"]),
            Some(&t),
            Some(json!(null)),
        )
        .await;
    r.assert_error(409, 93040111003003);
    app.post(
        &format!("/v2/contacts/{}", c["id"]),
        &t,
        json!({"version": null, "firstName": "X"}),
    )
    .await
    .assert_error(409, 93040111003003);
    // A body is an object: `[2]` is not `{"version": 2}` (serde would read it by position).
    let b = app
        .post(&format!("/v2/contacts/{}", c["id"]), &t, json!([2, "X"]))
        .await
        .assert_error(400, 92010111002004);
    assert!(
        b["devmsg"].as_str().unwrap().contains("expected an object"),
        "{b}"
    );
    let got = app
        .get(&format!("/v2/contacts/{}", c["id"]), &t)
        .await
        .json();
    assert_eq!(got["firstName"], json!("Remo"));
    assert_eq!(got["version"], json!(2));
    // Nor is an address `[]` at any depth (it would be an address of defaults).
    let b = app
        .post(
            &format!("/v2/contacts/{}", c["id"]),
            &t,
            json!({"version": 2, "addresses": [{"city": "Berlin"}, []]}),
        )
        .await
        .assert_error(400, 92010111002001);
    assert!(
        b["devmsg"].as_str().unwrap().starts_with("addresses[1]"),
        "{b}"
    );
    // null clears an attribute.
    let u = update(
        &app,
        &t,
        &c["id"],
        json!({"version": 2, "title": null, "gender": null}),
    )
    .await;
    assert_eq!(u["title"], Value::Null);
    assert_eq!(u["gender"], Value::Null);
}

#[actix_rt::test]
async fn of_two_concurrent_updaters_exactly_one_wins() {
    let app = TestApp::start().await;
    let t = user(&app, "a@example.com").await;
    let c = create(&app, &t, json!({"contactType": "person", "firstName": "A"})).await;
    let path = format!("/v2/contacts/{}", c["id"]);
    for round in 0..5 {
        let version = round + 1;
        let (a, b) = futures_util::join!(
            app.post(
                &path,
                &t,
                json!({"version": version, "firstName": format!("A{round}")})
            ),
            app.post(
                &path,
                &t,
                json!({"version": version, "firstName": format!("B{round}")})
            ),
        );
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(
            statuses,
            [200, 409],
            "round {round}: {} / {}",
            a.text(),
            b.text()
        );
        let loser = if a.status == 409 { &a } else { &b };
        loser.assert_error(409, 93040111003003);
        let winner = if a.status == 200 { &a } else { &b };
        let got = app.get(&path, &t).await.json();
        assert_eq!(got["version"], json!(version + 1));
        assert_eq!(got["firstName"], winner.json()["entity"]["firstName"]);
    }
}

#[actix_rt::test]
async fn lists_given_replace_the_stored_ones() {
    let app = TestApp::start().await;
    let t = user(&app, "a@example.com").await;
    let c = create(&app, &t, person_body()).await;
    let bi = c["basicInfos"].as_array().unwrap().clone();
    let u = update(
        &app,
        &t,
        &c["id"],
        json!({
            "version": 1,
            "basicInfos": [
                {"id": bi[1]["id"], "type": "email", "value": "new@example.com"},
                {"type": "mobile", "value": "+4917134455667"}
            ],
            "addresses": [
                {"id": c["addresses"][0]["id"], "city": "Hamburg"},
                {"addressline1": "Second 2"}
            ],
            "tags": ["vip", "vip", " lead "]
        }),
    )
    .await;
    let nb = u["basicInfos"].as_array().unwrap();
    assert_eq!(nb.len(), 2);
    assert_eq!(nb[0]["id"], bi[1]["id"], "kept its id");
    assert_eq!(nb[0]["value"], json!("new@example.com"));
    assert_eq!(
        nb[0]["excluded"],
        json!(true),
        "left-out attributes of a kept item stay"
    );
    assert_eq!(nb[1]["type"], json!("mobile"));
    assert!(nb[1]["id"].as_i64().unwrap() > bi[2]["id"].as_i64().unwrap());
    let na = u["addresses"].as_array().unwrap();
    assert_eq!(na.len(), 2);
    assert_eq!(na[0]["id"], c["addresses"][0]["id"]);
    assert_eq!(na[0]["city"], json!("Hamburg"));
    assert_eq!(
        na[0]["addressline1"],
        Value::Null,
        "an address given is replaced whole"
    );
    assert_eq!(u["tags"], json!(["vip", "lead"]));
    // The removed basicInfo is gone: updating it is a 404.
    let r = app
        .post(
            &format!("/v2/basicInfos/{}", bi[0]["id"]),
            &t,
            json!({"excluded": true}),
        )
        .await;
    r.assert_error(404, 91020118001001);
    // Empty lists empty them.
    let u = update(
        &app,
        &t,
        &c["id"],
        json!({"version": 2, "basicInfos": [], "addresses": [], "tags": []}),
    )
    .await;
    assert_eq!(u["basicInfos"], json!([]));
    assert_eq!(u["addresses"], json!([]));
    assert_eq!(u["tags"], json!([]));
    let r = app.get("/v2/tags", &t).await;
    assert_eq!(r.json(), json!([]));
}

#[actix_rt::test]
async fn basic_infos_of_others_are_refused() {
    let app = TestApp::start().await;
    let t = user(&app, "a@example.com").await;
    let a = create(&app, &t, person_body()).await;
    let b = create(&app, &t, json!({"contactType": "person", "firstName": "B"})).await;
    let taken = a["basicInfos"][0]["id"].clone();
    let r = app
        .post(
            &format!("/v2/contacts/{}", b["id"]),
            &t,
            json!({"version": 1, "basicInfos": [{"id": taken, "type": "phone", "value": "1"}]}),
        )
        .await;
    r.assert_error(409, 93010111003003);
    let r = app
        .put(
            "/v2/contacts",
            &t,
            json!({"contactType": "person", "firstName": "C", "basicInfos": [{"id": taken, "type": "phone", "value": "1"}]}),
        )
        .await;
    r.assert_error(409, 93010121003003);
    // Nothing changed.
    let got = app
        .get(&format!("/v2/contacts/{}", a["id"]), &t)
        .await
        .json();
    assert_eq!(got, a);
    assert_eq!(
        app.get("/v2/contacts", &t).await.json()["totalLength"],
        json!(2)
    );
    // Another user's basicInfo id is unknown.
    let t2 = user(&app, "b@example.com").await;
    let r = app
        .put(
            "/v2/contacts",
            &t2,
            json!({"contactType": "person", "firstName": "C", "basicInfos": [{"id": taken, "type": "phone", "value": "1"}]}),
        )
        .await;
    r.assert_error(404, 91020121001001);
}

#[actix_rt::test]
async fn bad_input_is_400_naming_the_field_and_stores_nothing() {
    let app = TestApp::start().await;
    let t = user(&app, "a@example.com").await;
    let long = "x".repeat(256);
    let cases: Vec<(Value, u64, &str)> = vec![
        (
            json!({"contactType": "person"}),
            92020121002002,
            "firstName or lastName",
        ),
        (json!({"firstName": "A"}), 92020121002002, "contactType"),
        (
            json!({"contactType": "robot", "firstName": "A"}),
            92010121002001,
            "contactType",
        ),
        (
            json!({"contactType": "organization"}),
            92020121002002,
            "organizationName",
        ),
        (
            json!({"contactType": "organization", "organizationName": " "}),
            92010121002001,
            "organizationName",
        ),
        (
            json!({"contactType": "person", "firstName": ""}),
            92010121002001,
            "firstName",
        ),
        // A name given as a string is not blank, whatever the type (the schema's pattern).
        (
            json!({"contactType": "organization", "organizationName": "O", "firstName": ""}),
            92010121002001,
            "firstName",
        ),
        (
            json!({"contactType": "person", "firstName": "A", "organizationName": " "}),
            92010121002001,
            "organizationName",
        ),
        (
            json!({"contactType": "person", "firstName": 5}),
            92010121002001,
            "firstName",
        ),
        (
            json!({"contactType": "person", "firstName": "A", "gender": "x"}),
            92010121002001,
            "gender",
        ),
        (
            json!({"contactType": "person", "firstName": "A", "hot": "yes"}),
            92010121002001,
            "hot",
        ),
        (
            json!({"contactType": "person", "firstName": long}),
            92010121002003,
            "firstName",
        ),
        (
            json!({"contactType": "person", "firstName": "A", "basicInfos": [{"type": "pager", "value": "1"}]}),
            92010121002001,
            "basicInfos[0].type",
        ),
        (
            json!({"contactType": "person", "firstName": "A", "basicInfos": [{"type": "phone", "value": ""}]}),
            92010121002001,
            "basicInfos[0].value",
        ),
        (
            json!({"contactType": "person", "firstName": "A", "basicInfos": [{"type": "", "value": "1"}]}),
            92010121002001,
            "basicInfos[0].type",
        ),
        (
            json!({"contactType": "person", "firstName": "A", "basicInfos": [{"value": "1"}]}),
            92020121002002,
            "basicInfos[0].type",
        ),
        (
            json!({"contactType": "person", "firstName": "A", "basicInfos": [{"type": "phone", "subtype": "car", "value": "1"}]}),
            92010121002001,
            "basicInfos[0].subtype",
        ),
        (
            json!({"contactType": "person", "firstName": "A", "basicInfos": [{"type": "phone", "value": long}]}),
            92010121002003,
            "basicInfos[0].value",
        ),
        (
            json!({"contactType": "person", "firstName": "A", "addresses": [{"city": long}]}),
            92010121002003,
            "addresses[0].city",
        ),
        (
            json!({"contactType": "person", "firstName": "A", "tags": [""]}),
            92010121002001,
            "tags[0]",
        ),
        (
            json!({"contactType": "person", "firstName": "A", "tags": ["x".repeat(65)]}),
            92010121002003,
            "tags[0]",
        ),
        (
            json!({"contactType": "person", "firstName": "A", "profiles": {"skype": {"connected": "no"}}}),
            92010121002001,
            "profiles.skype.connected",
        ),
        // An object is an object: serde would read one from an array, by position.
        (
            json!({"contactType": "person", "firstName": "A", "profiles": {"xing": [null, null]}}),
            92010121002001,
            "profiles.xing",
        ),
        (
            json!({"contactType": "person", "firstName": "A", "profiles": [null]}),
            92010121002001,
            "profiles",
        ),
        (
            json!({"contactType": "person", "firstName": "A", "relatedTo": "1,x"}),
            92010121002001,
            "relatedTo",
        ),
        (
            json!({"contactType": "person", "firstName": "A", "relatedTo": [999]}),
            91040121001001,
            "999",
        ),
    ];
    for (body, code, field) in cases {
        let r = app.put("/v2/contacts", &t, body.clone()).await;
        let status = if code / 10_000_000_000 == 9104 {
            404
        } else {
            400
        };
        let b = r.assert_error(status, code);
        assert!(b["devmsg"].as_str().unwrap().contains(field), "{body}: {b}");
    }
    assert_eq!(
        app.get("/v2/contacts", &t).await.json()["totalLength"],
        json!(0)
    );
    assert_eq!(
        app.get("/v2/activities", &t).await.json()["totalLength"],
        json!(0)
    );

    // Update rules: empty names, removing the last name, another type.
    let c = create(
        &app,
        &t,
        json!({"contactType": "person", "firstName": "A", "lastName": "B"}),
    )
    .await;
    let path = format!("/v2/contacts/{}", c["id"]);
    for (body, code, field) in [
        (
            json!({"version": 1, "lastName": ""}),
            92010111002001,
            "lastName",
        ),
        (
            json!({"version": 1, "firstName": null, "lastName": null}),
            92020111002002,
            "firstName or lastName",
        ),
        (
            json!({"version": 1, "basicInfos": [{"type": "phone"}]}),
            92020111002002,
            "basicInfos[0].value",
        ),
        (json!({"version": "one"}), 92010111002001, "version"),
    ] {
        let r = app.post(&path, &t, body.clone()).await;
        let b = r.assert_error(400, code);
        assert!(b["devmsg"].as_str().unwrap().contains(field), "{body}: {b}");
    }
    // The type is kept: another one conflicts with the stored type (409).
    let b = app
        .post(
            &path,
            &t,
            json!({"version": 1, "contactType": "organization"}),
        )
        .await
        .assert_error(409, 93000111003003);
    assert!(b["devmsg"].as_str().unwrap().contains("contactType"), "{b}");
    // Removing one of two names is fine.
    let u = update(&app, &t, &c["id"], json!({"version": 1, "firstName": null})).await;
    assert_eq!(u["firstName"], Value::Null);
    let org = create(
        &app,
        &t,
        json!({"contactType": "organization", "organizationName": "O"}),
    )
    .await;
    let r = app
        .post(
            &format!("/v2/contacts/{}", org["id"]),
            &t,
            json!({"version": 1, "name": ""}),
        )
        .await;
    r.assert_error(400, 92010111002001);
    let u = update(
        &app,
        &t,
        &org["id"],
        json!({"version": 1, "name": "TU Berlin"}),
    )
    .await;
    assert_eq!(u["organizationName"], json!("TU Berlin"));
    // A person relates to organizations only: naming a person conflicts with the stored type
    // of the named contact (409, nothing changed).
    let r = app
        .post(
            &format!("/v2/contacts/{}", c["id"]),
            &t,
            json!({"version": 2, "relatedTo": [c["id"]]}),
        )
        .await;
    let b = r.assert_error(409, 93000111003003);
    assert!(b["devmsg"].as_str().unwrap().contains("relatedTo"), "{b}");
    let p2 = create(&app, &t, person_body()).await;
    app.put(
        "/v2/contacts",
        &t,
        json!({"contactType": "person", "firstName": "X", "relatedTo": [p2["id"]]}),
    )
    .await
    .assert_error(409, 93000121003003);
    let after = app
        .get(&format!("/v2/contacts/{}", c["id"]), &t)
        .await
        .json();
    assert_eq!(after["version"], json!(2), "{after}");
}

#[actix_rt::test]
async fn a_blank_name_on_update_is_400_whatever_the_type() {
    let app = TestApp::start().await;
    let t = user(&app, "a@example.com").await;
    let doc = app.get("/v2/openapi.json", "").await.json();
    for field in ["firstName", "lastName", "organizationName"] {
        let p = &doc["components"]["schemas"]["ContactRequest"]["properties"][field]["pattern"];
        assert!(p.is_string(), "{field} has no not-blank pattern: {p}");
    }
    let person =
        fixtures::create(&app, &t, json!({"contactType": "person", "firstName": "A"})).await;
    let org = fixtures::create(
        &app,
        &t,
        json!({"contactType": "organization", "organizationName": "O"}),
    )
    .await;
    for (c, field) in [
        (&person, "firstName"),
        (&person, "lastName"),
        (&person, "organizationName"),
        (&org, "firstName"),
        (&org, "lastName"),
        (&org, "organizationName"),
    ] {
        let r = app
            .post(
                &format!("/v2/contacts/{}", c["id"]),
                &t,
                json!({"version": c["version"], field: " "}),
            )
            .await;
        let b = r.assert_error(400, 92010111002001);
        assert!(b["devmsg"].as_str().unwrap().contains(field), "{b}");
        // Nothing changed.
        let now = app
            .get(&format!("/v2/contacts/{}", c["id"]), &t)
            .await
            .json();
        assert_eq!(now["version"], c["version"]);
    }
    // null still clears a person's other name.
    let r = app
        .post(
            &format!("/v2/contacts/{}", person["id"]),
            &t,
            json!({"version": person["version"], "lastName": null}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    // Clearing the one name stored conflicts with the stored state (409); the same stated
    // by the body alone (both names null) is the body's own fault (400). Nothing changes.
    let path = format!("/v2/contacts/{}", person["id"]);
    let version = app.get(&path, &t).await.json()["version"].clone();
    let r = app
        .post(&path, &t, json!({"version": version, "firstName": null}))
        .await;
    let b = r.assert_error(409, 93000111003003);
    assert!(
        b["devmsg"]
            .as_str()
            .unwrap()
            .contains("firstName or lastName"),
        "{b}"
    );
    app.post(
        &path,
        &t,
        json!({"version": version, "firstName": null, "lastName": null}),
    )
    .await
    .assert_error(400, 92020111002002);
    let now = app.get(&path, &t).await.json();
    assert_eq!(
        (now["version"].clone(), now["firstName"].clone()),
        (version, json!("A"))
    );
    // The same for an organization (found by Schemathesis): `organizationName: null` is valid
    // for a person, so on a stored organization it conflicts with the stored type (409); a
    // body that says it is about an organization and clears the name is its own fault (400).
    let path = format!("/v2/contacts/{}", org["id"]);
    let version = app.get(&path, &t).await.json()["version"].clone();
    let r = app
        .post(
            &path,
            &t,
            json!({"version": version, "organizationName": null}),
        )
        .await;
    let b = r.assert_error(409, 93000111003003);
    assert!(
        b["devmsg"].as_str().unwrap().contains("organizationName"),
        "{b}"
    );
    app.post(
        &path,
        &t,
        json!({"version": version, "contactType": "organization", "organizationName": null}),
    )
    .await
    .assert_error(400, 92020111002002);
    let now = app.get(&path, &t).await.json();
    assert_eq!(
        (now["version"].clone(), now["organizationName"].clone()),
        (version, json!("O"))
    );
}

/// Address ids are checked in the list's order, like basicInfos: one that names none of the
/// contact's addresses is a 404 where it first appears (found by Schemathesis: `[{"id": 0},
/// {"id": 0}]` answered 400 "listed twice" before the ids were looked at); an id of the
/// contact's listed twice is a 409 (two items claim one stored address; found by Schemathesis
/// with a basicInfo, decided for both in session 8). Nothing is stored either way.
#[actix_rt::test]
async fn address_ids_are_checked_in_order() {
    let app = TestApp::start().await;
    let t = user(&app, "addr@example.com").await;
    let r = app
        .put(
            "/v2/contacts",
            &t,
            json!({"contactType": "person", "firstName": "A", "addresses": [{"id": 0}, {"id": 0}]}),
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.text());
    assert!(r.json()["devmsg"]
        .as_str()
        .unwrap()
        .contains("addresses[0].id"));
    let c = fixtures::create(
        &app,
        &t,
        json!({"contactType": "person", "firstName": "A", "addresses": [{"city": "Berlin"}]}),
    )
    .await;
    let aid = c["addresses"][0]["id"].clone();
    let path = format!("/v2/contacts/{}", c["id"]);
    let r = app
        .post(
            &path,
            &t,
            json!({"version": c["version"], "addresses": [{"id": aid, "city": "X"}, {"id": aid}]}),
        )
        .await;
    let b = r.assert_error(409, 93000111003003);
    assert!(
        b["devmsg"].as_str().unwrap().contains("addresses[1].id"),
        "{b}"
    );
    let now = app.get(&path, &t).await.json();
    assert_eq!(now["addresses"][0]["city"], json!("Berlin"));
    assert_eq!(
        app.get("/v2/contacts", &t).await.json()["totalLength"],
        json!(1)
    );
    // The same for a basicInfo: an unknown id is a 404 where it first appears, a stored one
    // named twice a 409.
    let r = app
        .put(
            "/v2/contacts",
            &t,
            json!({"contactType": "person", "firstName": "B",
                   "basicInfos": [{"id": 0, "type": "fax", "value": "1"}, {"id": 0, "type": "fax", "value": "2"}]}),
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.text());
    let c = fixtures::create(
        &app,
        &t,
        json!({"contactType": "person", "firstName": "B",
               "basicInfos": [{"type": "fax", "value": "030 1"}]}),
    )
    .await;
    let bid = c["basicInfos"][0]["id"].clone();
    let r = app
        .post(
            &format!("/v2/contacts/{}", c["id"]),
            &t,
            json!({"version": c["version"],
                   "basicInfos": [{"id": bid, "type": "fax", "value": "030 2"}, {"id": bid, "type": "fax", "value": "030 3"}]}),
        )
        .await;
    let b = r.assert_error(409, 93000111003003);
    assert!(
        b["devmsg"].as_str().unwrap().contains("basicInfos[1].id"),
        "{b}"
    );
}

#[actix_rt::test]
async fn search_uses_terms_and_normalized_numbers() {
    let app = TestApp::start().await;
    let t = user(&app, "a@example.com").await;
    let john = create(&app, &t, person_body()).await;
    let jane = create(
        &app,
        &t,
        json!({"contactType": "person", "firstName": "Jane", "lastName": "Roe",
               "basicInfos": [{"type": "mobile", "value": "+49 30 1234567"}], "tags": ["Berlin Office"]}),
    )
    .await;
    let org = create(
        &app,
        &t,
        json!({"contactType": "organization", "organizationName": "Acme Corp"}),
    )
    .await;
    let r = app
        .get(&format!("/v2/contacts/{}/searchTerms", john["id"]), &t)
        .await;
    assert_eq!(
        r.json(),
        json!([
            "+492332667998",
            "berlin",
            "customer",
            "doe",
            "jdoe",
            "john",
            "john.doe",
            "john.doe@example.com",
            "q"
        ])
    );
    let r = app
        .get(&format!("/v2/contacts/{}/searchTerms", jane["id"]), &t)
        .await;
    assert_eq!(
        r.json(),
        json!([
            "+49301234567",
            "berlin",
            "berlin office",
            "jane",
            "office",
            "roe"
        ])
    );
    let ids = |r: Resp| -> Vec<Value> {
        r.json()["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].clone())
            .collect()
    };
    let cases: Vec<(&str, Vec<&Value>)> = vec![
        ("jo", vec![&john["id"]]),
        ("JOHN%20doe", vec![&john["id"]]),
        ("berlin", vec![&john["id"], &jane["id"]]),
        ("acme", vec![&org["id"]]),
        ("john.doe%40EXAMPLE", vec![&john["id"]]),
        ("030%201234567", vec![&jane["id"]]),
        ("0049301234567", vec![&jane["id"]]),
        ("%2B4930", vec![&jane["id"]]),
        ("02332%20667998", vec![&john["id"]]),
        ("nobody", vec![]),
        ("john%20roe", vec![]),
        // Words are looked up longest first, the others among what that one found.
        ("berlin%20ja", vec![&jane["id"]]),
        ("be%20berlin%20berlin", vec![&john["id"], &jane["id"]]),
        ("d%20berlin", vec![&john["id"]]),
    ];
    for (q, want) in cases {
        let want: Vec<Value> = want.into_iter().cloned().collect();
        // Without a limit, and as a page (on PostgreSQL, asked in a batch of searches).
        for page in ["", "&limit=25"] {
            let r = app.get(&format!("/v2/contacts?q={q}{page}"), &t).await;
            assert_eq!(r.status, 200, "{q}{page}");
            assert_eq!(ids(r), want, "q={q}{page}");
        }
    }
    let r = app
        .get("/v2/contacts?q=berlin&offset=1&limit=1&projection=thin", &t)
        .await;
    let b = r.json();
    assert_eq!(b["totalLength"], json!(2));
    assert_eq!(b["data"][0]["id"], jane["id"]);
    assert_eq!(b["data"][0]["displayName"], json!("Jane Roe"));
    // The number is returned as it was sent.
    let got = app
        .get(&format!("/v2/contacts/{}", jane["id"]), &t)
        .await
        .json();
    assert_eq!(got["basicInfos"][0]["value"], json!("+49 30 1234567"));
    // Terms follow updates.
    update(
        &app,
        &t,
        &jane["id"],
        json!({"version": 1, "lastName": "Smith", "tags": []}),
    )
    .await;
    assert_eq!(
        ids(app.get("/v2/contacts?q=roe", &t).await),
        Vec::<Value>::new()
    );
    assert_eq!(
        ids(app.get("/v2/contacts?q=smi", &t).await),
        vec![jane["id"].clone()]
    );
    // Another user's contacts are never found.
    let t2 = user(&app, "b@example.com").await;
    assert_eq!(
        ids(app.get("/v2/contacts?q=john", &t2).await),
        Vec::<Value>::new()
    );
    let r = app
        .get(&format!("/v2/contacts?q={}", "a".repeat(256)), &t)
        .await;
    r.assert_error(400, 92010101002005);
    let r = app.get("/v2/tags", &t).await;
    assert_eq!(r.json(), json!(["berlin", "customer"]));
}

#[actix_rt::test]
async fn every_mutation_writes_an_activity_with_old_and_new_state() {
    let app = TestApp::start().await;
    let t = user(&app, "a@example.com").await;
    let org = create(
        &app,
        &t,
        json!({"contactType": "organization", "organizationName": "O"}),
    )
    .await;
    let p = create(
        &app,
        &t,
        json!({"contactType": "person", "firstName": "P", "relatedTo": [org["id"]]}),
    )
    .await;
    let p2 = update(&app, &t, &p["id"], json!({"version": 1, "firstName": "Q"})).await;
    let r = app.delete(&format!("/v2/contacts/{}", p["id"]), &t).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), json!({"code": 204, "devmsg": "success"}));
    let bi = app
        .put(
            "/v2/basicInfos",
            &t,
            json!({"type": "phone", "value": "+491774528462", "excluded": true}),
        )
        .await
        .json()["entity"]
        .clone();
    let acts = app.get("/v2/activities", &t).await.json();
    let data = acts["data"].as_array().unwrap();
    let summary: Vec<(String, String, i64)> = data
        .iter()
        .rev()
        .map(|a| {
            (
                a["action"].as_str().unwrap().to_string(),
                a["entityType"].as_str().unwrap().to_string(),
                a["entityId"].as_i64().unwrap(),
            )
        })
        .collect();
    let (o, pi, bii) = (
        org["id"].as_i64().unwrap(),
        p["id"].as_i64().unwrap(),
        bi["id"].as_i64().unwrap(),
    );
    assert_eq!(
        summary,
        vec![
            ("insert".into(), "contact".into(), o),
            ("insert".into(), "contact".into(), pi),
            ("update".into(), "contact".into(), o),
            ("update".into(), "contact".into(), pi),
            ("delete".into(), "contact".into(), pi),
            ("update".into(), "contact".into(), o),
            ("insert".into(), "basicInfo".into(), bii),
        ]
    );
    let by = |i: usize| &data[data.len() - 1 - i];
    assert_eq!(by(1)["entity"], json!({"newState": p}));
    assert_eq!(by(2)["entity"]["oldState"], org);
    assert_eq!(
        by(2)["entity"]["newState"]["relatedTo"],
        json!(p["id"].to_string())
    );
    assert_eq!(by(2)["entity"]["newState"]["version"], json!(2));
    assert_eq!(by(3)["entity"], json!({"oldState": p, "newState": p2}));
    assert_eq!(by(4)["entity"], json!({"oldState": p2}));
    assert_eq!(by(5)["entity"]["newState"]["relatedTo"], json!(""));
    assert_eq!(by(6)["entity"], json!({"newState": bi}));
    assert_eq!(by(6)["relatedTo"]["email"], json!("a@example.com"));
    // The organization lost the relation and moved its version on.
    let got = app
        .get(&format!("/v2/contacts/{}", org["id"]), &t)
        .await
        .json();
    assert_eq!(got["relatedTo"], json!(""));
    assert_eq!(got["version"], json!(3));
}

#[actix_rt::test]
async fn standalone_basic_infos_exclude_numbers() {
    let app = TestApp::start().await;
    let t = user(&app, "a@example.com").await;
    let r = app
        .put(
            "/v2/basicInfos",
            &t,
            json!({"type": "phone", "value": "+491774528462", "excluded": true}),
        )
        .await;
    assert_eq!(r.status, 201);
    let b = r.json();
    assert_eq!(b["code"], json!(201));
    let bi = b["entity"].clone();
    assert_eq!(
        bi,
        json!({"id": bi["id"], "type": "phone", "subtype": null, "value": "+491774528462", "excluded": true, "identifier": null})
    );
    let r = app
        .post(
            &format!("/v2/basicInfos/{}", bi["id"]),
            &t,
            json!({"value": "+493029352225", "subtype": "work", "excluded": false}),
        )
        .await;
    assert_eq!(r.status, 200);
    let u = r.json();
    assert_eq!(u["code"], json!(200));
    assert_eq!(
        u["entity"],
        json!({"id": bi["id"], "type": "phone", "subtype": "work", "value": "+493029352225", "excluded": false, "identifier": null})
    );
    for (body, code) in [
        (json!({"value": "1"}), 92020128002002),
        (json!({"type": "phone"}), 92020128002002),
        (json!({"type": "phone", "value": " "}), 92010128002001),
        (json!({"type": "beeper", "value": "1"}), 92010128002001),
        (
            json!({"type": "phone", "value": "1", "excluded": "yes"}),
            92010128002001,
        ),
    ] {
        app.put("/v2/basicInfos", &t, body)
            .await
            .assert_error(400, code);
    }
    app.post(
        &format!("/v2/basicInfos/{}", bi["id"]),
        &t,
        json!({"value": ""}),
    )
    .await
    .assert_error(400, 92010118002001);
    app.post("/v2/basicInfos/abc", &t, json!({"value": "1"}))
        .await
        .assert_error(400, 92010118002005);
    let acts = app.get("/v2/activities", &t).await.json();
    assert_eq!(acts["data"][0]["action"], json!("update"));
    assert_eq!(acts["data"][0]["entityType"], json!("basicInfo"));
    assert_eq!(acts["data"][0]["entityId"], bi["id"]);
    assert_eq!(
        acts["data"][0]["entity"],
        json!({"oldState": bi, "newState": u["entity"]})
    );
    assert_eq!(acts["data"][1]["action"], json!("insert"));
    // A contact adopts it by id.
    let c = create(
        &app,
        &t,
        json!({"contactType": "person", "firstName": "John", "basicInfos": [{"id": bi["id"], "type": "phone", "value": "+493029352225"}]}),
    )
    .await;
    assert_eq!(c["basicInfos"][0]["id"], bi["id"]);
    // Excluding a contact's number changes the contact.
    let r = app
        .post(
            &format!("/v2/basicInfos/{}", bi["id"]),
            &t,
            json!({"excluded": true}),
        )
        .await;
    assert_eq!(r.status, 200);
    let got = app
        .get(&format!("/v2/contacts/{}", c["id"]), &t)
        .await
        .json();
    assert_eq!(got["basicInfos"][0]["excluded"], json!(true));
    assert_eq!(got["version"], json!(2));
    let acts = app.get("/v2/activities?limit=2", &t).await.json();
    assert_eq!(acts["data"][0]["entityType"], json!("contact"));
    assert_eq!(acts["data"][0]["entity"]["oldState"], c);
    assert_eq!(acts["data"][0]["entity"]["newState"], got);
    assert_eq!(acts["data"][1]["entityType"], json!("basicInfo"));
    // Deleting the contact deletes its basicInfos.
    app.delete(&format!("/v2/contacts/{}", c["id"]), &t).await;
    app.post(
        &format!("/v2/basicInfos/{}", bi["id"]),
        &t,
        json!({"excluded": false}),
    )
    .await
    .assert_error(404, 91020118001001);
    // Another user's basicInfo is not found.
    let other = app
        .put(
            "/v2/basicInfos",
            &t,
            json!({"type": "email", "value": "x@example.com"}),
        )
        .await
        .json()["entity"]["id"]
        .clone();
    let t2 = user(&app, "b@example.com").await;
    app.post(
        &format!("/v2/basicInfos/{other}"),
        &t2,
        json!({"excluded": true}),
    )
    .await
    .assert_error(404, 91020118001001);
}

#[actix_rt::test]
async fn other_users_contacts_answer_404() {
    let app = TestApp::start().await;
    let t = user(&app, "a@example.com").await;
    let t2 = user(&app, "b@example.com").await;
    let c = create(&app, &t, person_body()).await;
    let id = c["id"].clone();
    for (path, code) in [
        (format!("/v2/contacts/{id}"), 91040101001001),
        (format!("/v2/contacts/{id}/contacts"), 91040101031001),
        (format!("/v2/contacts/{id}/profiles"), 91040101071001),
        (format!("/v2/contacts/{id}/searchTerms"), 91040101081001),
        (format!("/v2/contacts/{id}/tags"), 91040101091001),
        ("/v2/contacts/424242".to_string(), 91040101001001),
    ] {
        app.get(&path, &t2).await.assert_error(404, code);
    }
    app.post(
        &format!("/v2/contacts/{id}"),
        &t2,
        json!({"version": 1, "firstName": "X"}),
    )
    .await
    .assert_error(404, 91040111001001);
    app.delete(&format!("/v2/contacts/{id}"), &t2)
        .await
        .assert_error(404, 91040141001001);
    app.delete(&format!("/v2/contacts?ids={id}"), &t2)
        .await
        .assert_error(404, 91040141001001);
    app.put(
        "/v2/contacts",
        &t2,
        json!({"contactType": "organization", "organizationName": "O", "relatedTo": [id]}),
    )
    .await
    .assert_error(404, 91040121001001);
    assert_eq!(
        app.get("/v2/contacts", &t2).await.json()["totalLength"],
        json!(0)
    );
    assert_eq!(app.get("/v2/tags", &t2).await.json(), json!([]));
    // Untouched for its owner.
    assert_eq!(app.get(&format!("/v2/contacts/{id}"), &t).await.json(), c);
}

#[actix_rt::test]
async fn delete_by_ids_is_all_or_nothing() {
    let app = TestApp::start().await;
    let t = user(&app, "a@example.com").await;
    let t2 = user(&app, "b@example.com").await;
    let mut ids = Vec::new();
    for i in 0..4 {
        ids.push(
            create(
                &app,
                &t,
                json!({"contactType": "person", "firstName": format!("N{i}")}),
            )
            .await["id"]
                .clone(),
        );
    }
    let foreign = create(
        &app,
        &t2,
        json!({"contactType": "person", "firstName": "F"}),
    )
    .await["id"]
        .clone();
    let r = app
        .delete(
            &format!("/v2/contacts?ids={},{},{foreign}", ids[0], ids[1]),
            &t,
        )
        .await;
    let b = r.assert_error(404, 91040141001001);
    assert!(b["devmsg"].as_str().unwrap().contains(&foreign.to_string()));
    assert_eq!(
        app.get("/v2/contacts", &t).await.json()["totalLength"],
        json!(4)
    );
    for q in ["ids=", "ids=1,x", "ids=1;2", "ids=,", "ids=1.5"] {
        let r = app.delete(&format!("/v2/contacts?{q}"), &t).await;
        let b = r.assert_error(400, 92010141002005);
        assert!(b["devmsg"].as_str().unwrap().contains("ids"), "{q}: {b}");
    }
    app.delete("/v2/contacts", &t)
        .await
        .assert_error(400, 92020141002002);
    let r = app
        .delete(
            &format!("/v2/contacts?ids={},{},{}", ids[0], ids[2], ids[0]),
            &t,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), json!({"code": 204, "devmsg": "success"}));
    let left = app.get("/v2/contacts", &t).await.json();
    assert_eq!(left["totalLength"], json!(2));
    assert_eq!(left["data"][0]["id"], ids[1]);
    assert_eq!(left["data"][1]["id"], ids[3]);
    app.get(&format!("/v2/contacts/{}", ids[0]), &t)
        .await
        .assert_error(404, 91040101001001);
    app.delete(&format!("/v2/contacts/{}", ids[0]), &t)
        .await
        .assert_error(404, 91040141001001);
    app.call("POST", "/v2/contacts", Some(&t), Some(json!({})))
        .await;
}

#[actix_rt::test]
async fn jsonp_wraps_the_contact_reads() {
    let app = TestApp::start().await;
    let t = user(&app, "a@example.com").await;
    let c = create(&app, &t, person_body()).await;
    let id = &c["id"];
    for path in [
        format!("/v2/contacts/{id}?callback=cb"),
        "/v2/contacts?projection=thin&callback=cb".to_string(),
        format!("/v2/contacts/{id}/contacts?callback=cb"),
        format!("/v2/contacts/{id}/profiles?callback=cb"),
        format!("/v2/contacts/{id}/searchTerms?callback=cb"),
        format!("/v2/contacts/{id}/tags?callback=cb"),
        "/v2/tags?callback=cb".to_string(),
    ] {
        let r = app.get(&path, &t).await;
        assert_eq!(r.status, 200, "{path}");
        assert!(
            r.header("content-type")
                .unwrap()
                .starts_with("application/javascript"),
            "{path}"
        );
        let text = r.text();
        assert!(
            text.starts_with("/**/cb(") && text.ends_with(");"),
            "{path}: {text}"
        );
        let inner: Value = serde_json::from_str(&text[7..text.len() - 2]).unwrap();
        let plain = app
            .get(&path.replace("callback=cb", "x=1"), &t)
            .await
            .json();
        assert_eq!(inner, plain, "{path}");
    }
    let r = app
        .get(&format!("/v2/contacts/{id}?callback=cb&authToken={t}"), "")
        .await;
    assert_eq!(r.status, 200);
}

#[derive(diesel::QueryableByName)]
struct SqlitePlan {
    #[diesel(sql_type = diesel::sql_types::Text)]
    detail: String,
}

#[derive(diesel::QueryableByName)]
struct PgPlan {
    #[diesel(sql_type = diesel::sql_types::Text)]
    #[diesel(column_name = "QUERY PLAN")]
    plan: String,
}

/// The plan of a query, one line per step.
async fn plan(app: &TestApp, sql: &'static str) -> String {
    use diesel::connection::SimpleConnection;
    use diesel::RunQueryDsl;
    use interact_store::AnyConnection;
    app.ctx
        .db
        .read(move |c| {
            let lines = match c {
                AnyConnection::Sqlite(s) => diesel::sql_query(format!("EXPLAIN QUERY PLAN {sql}"))
                    .load::<SqlitePlan>(s)?
                    .into_iter()
                    .map(|p| p.detail)
                    .collect::<Vec<_>>(),
                AnyConnection::Postgresql(p) => {
                    // The test tables are tiny, where a scan is cheapest; ask whether an
                    // index can serve the query at all (collation included).
                    p.batch_execute("SET LOCAL enable_seqscan = off")
                        .map_err(interact_service::Error::from)?;
                    diesel::sql_query(format!("EXPLAIN {sql}"))
                        .load::<PgPlan>(p)?
                        .into_iter()
                        .map(|p| p.plan)
                        .collect()
                }
            };
            Ok(lines.join("\n"))
        })
        .await
        .unwrap()
}

#[actix_rt::test]
async fn search_and_pages_use_indexes() {
    let app = TestApp::start().await;
    let t = user(&app, "a@example.com").await;
    create(&app, &t, person_body()).await;
    let p = plan(
        &app,
        "SELECT contact_id FROM search_terms WHERE user_id = 1 AND term >= 'jo' AND term < 'jo\u{10FFFF}'",
    )
    .await;
    assert!(p.contains("search_terms_user_term"), "{p}");
    assert!(
        !p.contains("SCAN search_terms") && !p.contains("Seq Scan"),
        "{p}"
    );
    let p = plan(
        &app,
        "SELECT id FROM contacts WHERE user_id = 1 AND id >= 256 ORDER BY id LIMIT 25 OFFSET 100",
    )
    .await;
    assert!(p.contains("contacts_user_id"), "{p}");
    assert!(!p.contains("TEMP B-TREE") && !p.contains("Sort"), "{p}");
}

#[actix_rt::test]
async fn national_numbers_follow_the_configured_region() {
    let app = TestApp::with(|s| s.default_region = "US".into()).await;
    let t = user(&app, "a@example.com").await;
    let c = create(
        &app,
        &t,
        json!({"contactType": "person", "firstName": "Sam",
               "basicInfos": [{"type": "phone", "value": "(202) 555-0146"}]}),
    )
    .await;
    let r = app
        .get(&format!("/v2/contacts/{}/searchTerms", c["id"]), &t)
        .await;
    assert_eq!(r.json(), json!(["+12025550146", "sam"]));
    let r = app.get("/v2/contacts?q=%2B1%20202%20555%200146", &t).await;
    assert_eq!(r.json()["data"][0]["id"], c["id"]);
    assert_eq!(
        r.json()["data"][0]["basicInfos"][0]["value"],
        json!("(202) 555-0146")
    );
}

#[actix_rt::test]
async fn openapi_lists_the_contact_endpoints() {
    let app = TestApp::start().await;
    let doc = app.call("GET", "/v2/openapi.json", None, None).await.json();
    for (path, method) in [
        ("/v2/contacts", "put"),
        ("/v2/contacts", "get"),
        ("/v2/contacts", "delete"),
        ("/v2/contacts/{id}", "get"),
        ("/v2/contacts/{id}", "post"),
        ("/v2/contacts/{id}", "delete"),
        ("/v2/contacts/{id}/contacts", "get"),
        ("/v2/contacts/{id}/profiles", "get"),
        ("/v2/contacts/{id}/searchTerms", "get"),
        ("/v2/contacts/{id}/tags", "get"),
        ("/v2/tags", "get"),
        ("/v2/basicInfos", "put"),
        ("/v2/basicInfos/{id}", "post"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} missing from the OpenAPI document"
        );
    }
    for schema in [
        "Contact",
        "ContactRequest",
        "BasicInfo",
        "Profiles",
        "ThinContact",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
}

/// A contact's lists come back in the order last sent, whatever order the database reads
/// them in: basicInfos and addresses named by id in a new order, tags in a new order. The
/// read statement aggregates them unsorted and the store sorts them by position (issue 12),
/// so this holds for one contact and for a page alike.
#[actix_rt::test]
async fn lists_keep_the_order_sent() {
    let app = TestApp::start().await;
    let t = user(&app, "order@example.com").await;
    let c = fixtures::create(
        &app,
        &t,
        json!({"contactType": "person", "firstName": "O",
               "basicInfos": [{"type": "phone", "value": "030 1"},
                              {"type": "email", "value": "o@example.com"},
                              {"type": "fax", "value": "030 2"}],
               "addresses": [{"city": "Berlin"}, {"city": "Hamburg"}],
               "tags": ["b", "a", "c"]}),
    )
    .await;
    let bis: Vec<Value> = c["basicInfos"].as_array().unwrap().clone();
    let ads: Vec<Value> = c["addresses"].as_array().unwrap().clone();
    let path = format!("/v2/contacts/{}", c["id"]);
    let r = app
        .post(
            &path,
            &t,
            json!({"version": c["version"],
                   "basicInfos": [bis[2], bis[0], bis[1]],
                   "addresses": [ads[1], ads[0]],
                   "tags": ["c", "b", "a"]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let want_bis = vec![
        bis[2]["id"].clone(),
        bis[0]["id"].clone(),
        bis[1]["id"].clone(),
    ];
    let want_ads = vec![ads[1]["id"].clone(), ads[0]["id"].clone()];
    let one = app.get(&path, &t).await.json();
    let page = app.get("/v2/contacts?offset=0&limit=25", &t).await.json();
    for got in [&one, &page["data"][0]] {
        let ids = |k: &str| -> Vec<Value> {
            got[k]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["id"].clone())
                .collect()
        };
        assert_eq!(ids("basicInfos"), want_bis, "{got}");
        assert_eq!(ids("addresses"), want_ads, "{got}");
        assert_eq!(got["tags"], json!(["c", "b", "a"]), "{got}");
        assert_eq!(got["basicInfos"][0]["type"], json!("fax"), "{got}");
        assert_eq!(got["addresses"][0]["city"], json!("Hamburg"), "{got}");
    }
}

/// A create and an update of attributes only: on PostgreSQL each is one statement written
/// from what the server computed (ids taken first), so what it answers, what a read answers,
/// what the journal records and what search finds must all be the contact as stored.
#[actix_rt::test]
async fn a_contact_written_in_one_statement_reads_back_as_answered() {
    let app = TestApp::start().await;
    let t = user(&app, "a@example.com").await;
    let mut body = person_body();
    body["tags"] = json!(["Gold", " gold ", "Big Fish"]);
    let c = create(&app, &t, body).await;
    let path = format!("/v2/contacts/{}", c["id"]);
    assert_eq!(app.get(&path, &t).await.json(), c);
    // Trimmed, each spelling once, in the order sent.
    assert_eq!(c["tags"], json!(["Gold", "gold", "Big Fish"]), "{c}");
    let infos = c["basicInfos"].as_array().unwrap();
    assert_eq!(infos.len(), 3);
    assert!(infos.iter().all(|b| b["id"].as_i64().is_some()));
    assert!(c["addresses"][0]["id"].as_i64().is_some());
    // Search finds it by name, number, email and tag.
    for q in ["doe", "02332667998", "john.doe@example.com", "fish"] {
        let found = app.get(&format!("/v2/contacts?q={q}"), &t).await.json();
        assert_eq!(
            object_ids(&found, "data"),
            vec![id_of(&c)],
            "q={q}: {found}"
        );
    }
    // An update of attributes only: the answer is what a read answers, search follows the
    // new name, and the journal holds both states.
    let u = update(
        &app,
        &t,
        &c["id"],
        json!({"version": 1, "lastName": "Roe", "hot": false}),
    )
    .await;
    assert_eq!(u["version"], json!(2));
    assert_eq!(u["lastName"], json!("Roe"));
    assert_eq!(u["basicInfos"], c["basicInfos"]);
    assert_eq!(app.get(&path, &t).await.json(), u);
    let gone = app.get("/v2/contacts?q=doe", &t).await.json();
    assert_eq!(object_ids(&gone, "data"), Vec::<i64>::new(), "{gone}");
    for q in ["roe", "02332667998", "gold"] {
        let found = app.get(&format!("/v2/contacts?q={q}"), &t).await.json();
        assert_eq!(
            object_ids(&found, "data"),
            vec![id_of(&c)],
            "q={q}: {found}"
        );
    }
    let acts = app.get("/v2/activities", &t).await.json();
    let data = acts["data"].as_array().unwrap();
    assert_eq!(data[1]["entity"], json!({"newState": c}));
    assert_eq!(data[0]["entity"], json!({"oldState": c, "newState": u}));
    assert_eq!(acts["totalLength"], json!(2));
    let page = app.get("/v2/contacts", &t).await.json();
    assert_eq!(page["totalLength"], json!(1), "{page}");
}

/// Updaters that all name the version they read, racing a write that changes what hangs off
/// the contact (a note): exactly one wins, and the contact then shows the winner's change
/// and the note, whichever went first.
#[actix_rt::test]
async fn a_burst_of_updates_and_a_note_leave_one_winner_and_the_note() {
    let app = TestApp::start().await;
    let t = user(&app, "a@example.com").await;
    let c = create(&app, &t, json!({"contactType": "person", "firstName": "A"})).await;
    let path = format!("/v2/contacts/{}", c["id"]);
    let updates = futures_util::future::join_all((0..8).map(|i| {
        app.post(
            &path,
            &t,
            json!({"version": 1, "firstName": format!("W{i}")}),
        )
    }));
    let note = app.put(
        "/v2/notes",
        &t,
        json!({"message": "m", "relatedTo": {"id": c["id"], "type": "contact"}}),
    );
    let (answers, note) = futures_util::join!(updates, note);
    assert_eq!(note.status, 201, "{}", note.text());
    let note_id = note.json()["entity"]["id"].clone();
    let winners: Vec<&Resp> = answers.iter().filter(|r| r.status == 200).collect();
    assert_eq!(
        winners.len(),
        1,
        "{:?}",
        answers.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    for r in answers.iter().filter(|r| r.status != 200) {
        r.assert_error(409, 93040111003003);
    }
    let got = app.get(&path, &t).await.json();
    assert_eq!(got["version"], json!(2));
    assert_eq!(got["firstName"], winners[0].json()["entity"]["firstName"]);
    assert_eq!(got["notes"], json!(note_id.to_string()), "{got}");
    let updated: Vec<Value> = app.get("/v2/activities", &t).await.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["entityType"] == json!("contact") && a["action"] == json!("update"))
        .cloned()
        .collect();
    assert_eq!(updated.len(), 1, "{updated:?}");
    assert_eq!(
        updated[0]["entity"]["newState"]["firstName"],
        got["firstName"]
    );
}

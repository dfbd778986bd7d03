//! Canvass interactions (spec/000) through HTTP: the document's examples verbatim, every patch
//! operation, etags and concurrency, soft delete, security-group isolation, the journal and
//! every bad input.

use serde_json::{json, Value};

use crate::common::*;

const CAMPAIGN: &str = "61fbfbaa-5de8-4d17-ac2b-c47f2376265a";

/// The document's example response (the resource), verbatim.
fn example_response() -> Value {
    json!({
        "id": "7da76f74-7951-423a-be41-85a2551d16e7",
        "data": {
            "survey": {
                "surveyId": "375d437b-3b47-4940-b43d-be8daec4afff",
                "responses": {
                    "9826940d-76a8-4700-8c92-5743ce7bb728": {
                        "fields": {"available": "false"},
                        "questionId": "9826940d-76a8-4700-8c92-5743ce7bb728"
                    },
                    "f386f88a-61f1-4f0d-b3d9-ba97e8238444": {
                        "fields": {"dogliker": "true"},
                        "questionId": "f386f88a-61f1-4f0d-b3d9-ba97e8238444"
                    }
                }
            },
            "distance": 936.2361,
            "location": {"lat": 33.43174362182617, "lng": -84.18405151367188, "confidence": 0},
            "contactId": "0478dbbf-b6eb-4168-afa9-5ebab6fef4b6",
            "timestamp": "2018-07-17T18:40:53.526Z",
            "campaignId": "61fbfbaa-5de8-4d17-ac2b-c47f2376265a",
            "successful": true,
            "householdId": "c15e3515-aabf-42da-8d1b-31679f738eae",
            "unavailable": true,
            "unavailableReason": "Come Back",
            "contactHouseholdId": "d070b1dc-9611-4f29-9300-a32160d21baa"
        },
        "meta": {
            "etag": "47a-h6vIm4ttg8qp/cFMmsY+JtWtBsc",
            "created": "2019-04-22T19:43:06.475Z",
            "modified": "2019-04-22T19:43:06.475Z",
            "resource": "interactions",
            "createdBy": "0651e380-d556-49bd-acdd-2bd813b16430",
            "isDeleted": false,
            "modifiedBy": "0651e380-d556-49bd-acdd-2bd813b16430"
        },
        "customerId": "cfa8df1b-baf1-446b-b06c-3177063faed7",
        "securityGroupId": "e822d07f-5972-4ff2-bc75-dbd68d6d79bf"
    })
}

/// Same keys in the same order, same JSON types, all the way down (values vary).
#[track_caller]
fn assert_same_shape(got: &Value, want: &Value, at: &str) {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            let gk: Vec<&String> = g.keys().collect();
            let wk: Vec<&String> = w.keys().collect();
            assert_eq!(gk, wk, "keys at {at}");
            for (k, wv) in w {
                assert_same_shape(&g[k], wv, &format!("{at}/{k}"));
            }
        }
        (Value::Array(g), Value::Array(w)) => {
            assert_eq!(g.len(), w.len(), "length at {at}");
            for (i, (gv, wv)) in g.iter().zip(w).enumerate() {
                assert_same_shape(gv, wv, &format!("{at}/{i}"));
            }
        }
        (Value::Number(_), Value::Number(_))
        | (Value::String(_), Value::String(_))
        | (Value::Bool(_), Value::Bool(_))
        | (Value::Null, Value::Null) => {}
        _ => panic!("type at {at}: got {got}, want {want}"),
    }
}

/// Keys in the order the raw JSON text lists them (serde_json's Value sorts them).
fn key_order(text: &str, keys: &[&str]) -> bool {
    let pos: Vec<usize> = keys
        .iter()
        .map(|k| text.find(&format!("\"{k}\":")).unwrap_or(usize::MAX))
        .collect();
    pos.iter().all(|p| *p != usize::MAX) && pos.windows(2).all(|w| w[0] < w[1])
}

fn is_uuid(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| uuid::Uuid::try_parse(s).is_ok() && s.len() == 36)
}

fn is_rfc3339_ms(v: &Value) -> bool {
    let Some(s) = v.as_str() else { return false };
    let b = s.as_bytes();
    s.len() == 24
        && b[4] == b'-'
        && b[10] == b'T'
        && b[19] == b'.'
        && b[23] == b'Z'
        && s[20..23].bytes().all(|c| c.is_ascii_digit())
}

struct World {
    app: TestApp,
    company: (i64, String),
    group: (i64, String),
    user: (i64, String),
    token: String,
}

async fn world() -> World {
    let app = TestApp::start().await;
    let company = app.insert_company("Acme").await;
    let group = app.insert_group(company.0, "Canvassers").await;
    let user = app
        .insert_member("canvasser@example.com", company.0, "user", &[group.0])
        .await;
    let token = app.login("canvasser@example.com", PASSWORD).await;
    World {
        app,
        company,
        group,
        user,
        token,
    }
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

impl World {
    async fn create(&self, body: Value) -> Resp {
        self.app
            .call_with(
                "POST",
                "/v2/interactions",
                &[("Authorization", &bearer(&self.token))],
                Some(body),
            )
            .await
    }

    async fn created(&self, body: Value) -> Value {
        let r = self.create(body).await;
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()
    }

    async fn get(&self, id: &str) -> Resp {
        self.app
            .get(&format!("/v2/interactions/{id}"), &self.token)
            .await
    }

    async fn patch(&self, id: &str, etag: Option<&str>, body: Value) -> Resp {
        let auth = bearer(&self.token);
        let mut headers = vec![("Authorization", auth.as_str())];
        if let Some(e) = etag {
            headers.push(("etag", e));
        }
        self.app
            .call_with(
                "PATCH",
                &format!("/v2/interactions/{id}"),
                &headers,
                Some(body),
            )
            .await
    }

    async fn delete(&self, id: &str, etag: Option<&str>) -> Resp {
        let auth = bearer(&self.token);
        let mut headers = vec![("Authorization", auth.as_str())];
        if let Some(e) = etag {
            headers.push(("etag", e));
        }
        self.app
            .call_with("DELETE", &format!("/v2/interactions/{id}"), &headers, None)
            .await
    }

    async fn list(&self, query: &str) -> Resp {
        self.app
            .get(&format!("/v2/interactions?{query}"), &self.token)
            .await
    }
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

fn etag_of(v: &Value) -> String {
    v["meta"]["etag"].as_str().unwrap().to_string()
}

#[actix_rt::test]
async fn the_documents_examples_work_as_written() {
    let w = world().await;

    // Post to interactions, exactly as the document sends it.
    let r = w
        .app
        .raw(
            "POST",
            "/v2/interactions",
            &[
                ("Content-Type", "application/json"),
                ("Authorization", &bearer(&w.token)),
            ],
            canvass_example().to_string().as_bytes(),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let text = r.text();
    let created = r.json();
    let mut want = example_response();
    // The document's example answer carries a `distance` its request did not send.
    want["data"].as_object_mut().unwrap().remove("distance");
    assert_same_shape(&created, &want, "");
    assert!(key_order(
        &text,
        &["id", "data", "meta", "customerId", "securityGroupId"]
    ));
    assert!(key_order(
        &text,
        &[
            "survey",
            "location",
            "contactId",
            "timestamp",
            "campaignId",
            "successful",
            "householdId",
            "unavailable",
            "unavailableReason",
            "contactHouseholdId"
        ]
    ));
    assert!(key_order(
        &text,
        &[
            "etag",
            "created",
            "modified",
            "resource",
            "createdBy",
            "isDeleted",
            "modifiedBy"
        ]
    ));
    // What was sent is what is stored.
    let sent = canvass_example();
    for (k, v) in sent.as_object().unwrap() {
        assert_eq!(&created["data"][k], v, "data.{k}");
    }
    assert!(is_uuid(&created["id"]));
    assert_eq!(created["customerId"], json!(w.company.1));
    assert_eq!(created["securityGroupId"], json!(w.group.1));
    let meta = &created["meta"];
    assert_eq!(meta["resource"], json!("interactions"));
    assert_eq!(meta["createdBy"], json!(w.user.1));
    assert_eq!(meta["modifiedBy"], json!(w.user.1));
    assert_eq!(meta["isDeleted"], json!(false));
    assert!(is_rfc3339_ms(&meta["created"]), "{meta}");
    assert_eq!(meta["created"], meta["modified"]);
    assert!(!etag_of(&created).is_empty());
    assert_eq!(r.header("etag"), Some(format!("\"{}\"", etag_of(&created))));
    let id = id_of(&created);

    // A second interaction of the campaign, like the list example's second one.
    let mut second = canvass_example();
    second["timestamp"] = json!("2018-07-18T18:40:53.526Z");
    second["unavailable"] = json!(false);
    second["distance"] = json!(936.2361);
    let second = w.created(second).await;
    assert_eq!(second["data"]["distance"], json!(936.2361));

    // Get an interaction, as the document writes it.
    let r = w
        .app
        .raw(
            "GET",
            &format!("/v2/interactions/{id}"),
            &[
                ("Content-Type", "application/json"),
                ("Authorization", &bearer(&w.token)),
            ],
            b"",
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), created);
    assert_eq!(r.header("etag"), Some(format!("\"{}\"", etag_of(&created))));

    // Get many interactions, with the document's query string verbatim.
    let r = w
        .app
        .raw(
            "GET",
            "/v2/interactions?filter%5B%2Fdata%2FcampaignId%5D=61fbfbaa-5de8-4d17-ac2b-c47f2376265a&skip=0&limit=9007199254740991&sort=%2Fdata%2Fid&sort=ASC",
            &[
                ("Content-Type", "application/json"),
                ("Authorization", &bearer(&w.token)),
            ],
            b"",
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let list = r.json();
    assert!(key_order(&r.text(), &["data", "meta"]));
    assert_eq!(list["meta"], json!({}));
    let data = list["data"].as_array().unwrap();
    assert_eq!(data.len(), 2);
    let mut ids = vec![id.clone(), id_of(&second)];
    ids.sort();
    assert_eq!(
        data.iter().map(id_of).collect::<Vec<_>>(),
        ids,
        "sorted by id ascending"
    );
    let mut want = example_response();
    want["data"].as_object_mut().unwrap().remove("distance");
    let mut want_second = example_response();
    want_second["data"]["unavailable"] = json!(false);
    let by_id = |i: &str| data.iter().find(|d| id_of(d) == i).unwrap().clone();
    assert_same_shape(&by_id(&id), &want, "/data/0");
    assert_same_shape(&by_id(&id_of(&second)), &want_second, "/data/1");
    assert_eq!(by_id(&id), created);

    // Patch an item, as the document writes it.
    let r = w
        .app
        .raw(
            "PATCH",
            &format!("/v2/interactions/{id}"),
            &[
                ("Content-Type", "application/json"),
                ("Authorization", &bearer(&w.token)),
                ("etag", &etag_of(&created)),
            ],
            json!({"data": [
                {"op": "replace", "path": "/successful", "value": false},
                {"op": "replace", "path": "/unavailable", "value": false}
            ]})
            .to_string()
            .as_bytes(),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let patched = r.json();
    assert_same_shape(&patched, &want, "");
    assert_eq!(patched["data"]["successful"], json!(false));
    assert_eq!(patched["data"]["unavailable"], json!(false));
    assert_eq!(patched["data"]["unavailableReason"], json!("Come Back"));
    assert_ne!(
        etag_of(&patched),
        etag_of(&created),
        "a change makes a new etag"
    );
    assert_eq!(patched["meta"]["created"], created["meta"]["created"]);
    assert_eq!(patched["id"], created["id"]);
    assert_eq!(r.header("etag"), Some(format!("\"{}\"", etag_of(&patched))));
    assert_eq!(w.get(&id).await.json(), patched);

    // Delete an interactions, as the document writes it.
    let r = w
        .app
        .raw(
            "DELETE",
            &format!("/v2/interactions/{id}"),
            &[
                ("Content-Type", "application/json"),
                ("Authorization", &bearer(&w.token)),
                ("etag", &etag_of(&patched)),
            ],
            b"",
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text());
    assert!(r.body.is_empty());
    w.get(&id).await.assert_error(404, 91100109001001);
    let list = w
        .list(&format!("filter[/data/campaignId]={CAMPAIGN}"))
        .await
        .json();
    assert_eq!(
        list["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(id_of)
            .collect::<Vec<_>>(),
        vec![id_of(&second)]
    );
    // Deleted once is gone: a second delete, a patch, finds nothing.
    w.delete(&id, Some(&etag_of(&patched)))
        .await
        .assert_error(404, 91100149001001);
    w.patch(&id, Some(&etag_of(&patched)), json!({"data": []}))
        .await
        .assert_error(404, 91100119001001);
}

#[actix_rt::test]
async fn every_patch_operation() {
    let w = world().await;
    let c = w.created(canvass_example()).await;
    let id = id_of(&c);
    let mut etag = etag_of(&c);

    let cases = [
        (
            json!({"op": "add", "path": "/statusId", "value": "visited"}),
            "/statusId",
            json!("visited"),
        ),
        (
            json!({"op": "copy", "from": "/statusId", "path": "/walklistId"}),
            "/walklistId",
            json!("visited"),
        ),
        (
            json!({"op": "move", "from": "/walklistId", "path": "/turfId"}),
            "/turfId",
            json!("visited"),
        ),
        (
            json!({"op": "replace", "path": "/location/lat", "value": -12.5}),
            "/location/lat",
            json!(-12.5),
        ),
        (
            json!({"op": "remove", "path": "/unavailableReason"}),
            "/unavailableReason",
            Value::Null,
        ),
        (
            json!({"op": "add", "path": "/survey/responses/9826940d-76a8-4700-8c92-5743ce7bb728/fields/note", "value": "dog"}),
            "/survey/responses/9826940d-76a8-4700-8c92-5743ce7bb728/fields/note",
            json!("dog"),
        ),
        // Pointers may also be written from the resource's root.
        (
            json!({"op": "add", "path": "/data/distance", "value": 3}),
            "/distance",
            json!(3),
        ),
    ];
    for (op, path, want) in cases {
        let r = w
            .patch(&id, Some(&etag), json!({"data": [op.clone()]}))
            .await;
        assert_eq!(r.status, 200, "{op}: {}", r.text());
        let b = r.json();
        let got = b["data"].pointer(path).cloned().unwrap_or(Value::Null);
        assert_eq!(got, want, "{op}");
        assert_ne!(etag_of(&b), etag);
        etag = etag_of(&b);
    }
    let r = w.get(&id).await.json();
    assert_eq!(r["data"]["walklistId"], Value::Null, "moved away");
    assert_eq!(r["data"]["turfId"], json!("visited"));
    assert!(r["data"].get("unavailableReason").is_none());

    // test, passing: the other operations apply.
    let r = w
        .patch(
            &id,
            Some(&etag),
            json!({"data": [
                {"op": "test", "path": "/turfId", "value": "visited"},
                {"op": "replace", "path": "/successful", "value": true}
            ]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let before = r.json();
    assert_eq!(before["data"]["successful"], json!(true));
    etag = etag_of(&before);

    // test, failing: 409 and nothing changes, not even the operations before it.
    for failing in [
        json!({"op": "test", "path": "/turfId", "value": "elsewhere"}),
        json!({"op": "test", "path": "/statusIdentifier", "value": "x"}),
    ] {
        let r = w
            .patch(
                &id,
                Some(&etag),
                json!({"data": [
                    {"op": "replace", "path": "/successful", "value": false},
                    failing
                ]}),
            )
            .await;
        let b = r.assert_error(409, 93040119003003);
        assert!(b["devmsg"].as_str().unwrap().contains("test"), "{b}");
    }
    assert_eq!(w.get(&id).await.json(), before);

    // A patch that changes nothing keeps the etag.
    let r = w
        .patch(
            &id,
            Some(&etag),
            json!({"data": [{"op": "replace", "path": "/successful", "value": true}]}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(etag_of(&r.json()), etag);

    // Patching a filtered attribute moves the interaction between filters.
    let other = "aaaaaaaa-5de8-4d17-ac2b-c47f2376265a";
    let r = w
        .patch(
            &id,
            Some(&etag),
            json!({"data": [{"op": "replace", "path": "/campaignId", "value": other}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let l = w
        .list(&format!("filter[/data/campaignId]={CAMPAIGN}"))
        .await
        .json();
    assert_eq!(l["data"], json!([]));
    let l = w
        .list(&format!("filter[/data/campaignId]={other}"))
        .await
        .json();
    assert_eq!(l["data"].as_array().unwrap().len(), 1);
}

#[actix_rt::test]
async fn bad_patches_change_nothing() {
    let w = world().await;
    let c = w.created(canvass_example()).await;
    let id = id_of(&c);
    let etag = etag_of(&c);

    // One case a line: the code of the 400, a word its devmsg names, the patch body.
    let cases = r#"
        92020119002002 | campaignId       | {"data": [{"op": "remove", "path": "/campaignId"}]}
        92020119002002 | survey.surveyId  | {"data": [{"op": "remove", "path": "/survey/surveyId"}]}
        92010119002001 | unavailable      | {"data": [{"op": "replace", "path": "/unavailable", "value": "no"}]}
        92010119002001 | contactId        | {"data": [{"op": "replace", "path": "/contactId", "value": "bob"}]}
        92010119002001 | timestamp        | {"data": [{"op": "replace", "path": "/timestamp", "value": "yesterday"}]}
        92010119002001 | location.lng     | {"data": [{"op": "replace", "path": "/location/lng", "value": 181}]}
        92010119002001 | hacked           | {"data": [{"op": "add", "path": "/hacked", "value": 1}]}
        92010119002001 | outside data     | {"data": [{"op": "replace", "path": "/meta/etag", "value": "mine"}]}
        92010119002001 | outside data     | {"data": [{"op": "replace", "path": "/securityGroupId", "value": "e822d07f-5972-4ff2-bc75-dbd68d6d79bf"}]}
        92010119002001 | outside data     | {"data": [{"op": "replace", "path": "/customerId", "value": "e822d07f-5972-4ff2-bc75-dbd68d6d79bf"}]}
        92010119002001 | outside data     | {"data": [{"op": "remove", "path": "/id"}]}
        92010119002001 | outside data     | {"data": [{"op": "copy", "from": "/meta", "path": "/statusId"}]}
        92010119002001 | JSON pointer     | {"data": [{"op": "replace", "path": "successful", "value": true}]}
        92010119002001 | data[0]          | {"data": [{"op": "frobnicate", "path": "/successful"}]}
        92010119002001 | data[0]          | {"data": [{"op": "replace", "path": "/nothing/here", "value": 1}]}
        92010119002001 | data[0]          | {"data": [{"op": "replace", "path": "/successful"}]}
        92010119002001 | array            | {"data": {"op": "replace"}}
        92020119002002 | data is required | {"ops": []}
        92020119002002 | required         | {"data": [{"op": "replace", "path": "", "value": {"campaignId": "61fbfbaa-5de8-4d17-ac2b-c47f2376265a"}}]}
    "#;
    for case in cases.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let [code, needle, body] = [0, 1, 2].map(|i| case.splitn(3, '|').nth(i).unwrap().trim());
        let body: Value = serde_json::from_str(body).unwrap();
        let r = w.patch(&id, Some(&etag), body.clone()).await;
        let b = r.assert_error(400, code.parse().unwrap());
        assert!(
            b["devmsg"].as_str().unwrap().contains(needle),
            "{body}: {b}"
        );
    }
    let r = w.get(&id).await;
    assert_eq!(r.json(), c, "nothing changed");

    // Malformed JSON, a non-UUID id.
    let r = w
        .app
        .raw(
            "PATCH",
            &format!("/v2/interactions/{id}"),
            &[("Authorization", &bearer(&w.token)), ("etag", &etag)],
            b"{\"data\": [",
        )
        .await;
    r.assert_error(400, 92010119002004);
    w.patch("not-a-uuid", Some(&etag), json!({"data": []}))
        .await
        .assert_error(400, 92010119002005);
    // An integer id is an interact.io interaction's (they share the path): it names no
    // canvass interaction, like a missing one.
    w.patch("7", Some(&etag), json!({"data": []}))
        .await
        .assert_error(404, 91100119001001);
    w.delete("7", Some(&etag))
        .await
        .assert_error(404, 91100149001001);
    // And the other way round: a canvass UUID names no interact.io interaction.
    let r = w
        .app
        .post(
            &format!("/v2/interactions/{id}"),
            &w.token,
            json!({"duration": 5}),
        )
        .await;
    let b = r.assert_error(404, 91100119001001);
    assert!(b["devmsg"].as_str().unwrap().contains(&id), "{b}");
    // Not found, so nothing changed.
    let after = w.get(&id).await.json();
    assert_eq!(after["meta"]["etag"], json!(etag), "{after}");
}

#[actix_rt::test]
async fn etags_are_required_and_must_be_current() {
    let w = world().await;
    let c = w.created(canvass_example()).await;
    let id = id_of(&c);
    let etag = etag_of(&c);
    let op = json!({"data": [{"op": "replace", "path": "/successful", "value": true}]});

    let b = w
        .patch(&id, None, op.clone())
        .await
        .assert_error(428, 92020119007002);
    assert!(b["devmsg"].as_str().unwrap().contains("etag"));
    w.delete(&id, None).await.assert_error(428, 92020149007002);
    w.patch(&id, Some(""), op.clone())
        .await
        .assert_error(428, 92020119007002);
    w.patch(&id, Some("stale"), op.clone())
        .await
        .assert_error(412, 93040119003003);
    w.delete(&id, Some("stale"))
        .await
        .assert_error(412, 93040149003003);
    assert_eq!(w.get(&id).await.json(), c);

    // Quoted, and in If-Match, are read the same.
    let quoted = format!("\"{etag}\"");
    let r = w.patch(&id, Some(&quoted), op.clone()).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let now = etag_of(&r.json());
    // The old etag is stale now.
    w.patch(&id, Some(&etag), op.clone())
        .await
        .assert_error(412, 93040119003003);
    let auth = bearer(&w.token);
    let r = w
        .app
        .call_with(
            "PATCH",
            &format!("/v2/interactions/{id}"),
            &[
                ("Authorization", &auth),
                ("If-Match", &format!("\"{now}\"")),
            ],
            Some(json!({"data": [{"op": "replace", "path": "/successful", "value": false}]})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let now = etag_of(&r.json());
    let r = w
        .app
        .call_with(
            "DELETE",
            &format!("/v2/interactions/{id}"),
            &[("Authorization", &auth), ("If-Match", &now)],
            None,
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text());
}

#[actix_rt::test]
async fn of_concurrent_patches_with_one_etag_exactly_one_wins() {
    let w = world().await;
    for round in 0..5 {
        let c = w.created(canvass_example()).await;
        let id = id_of(&c);
        let etag = etag_of(&c);
        let a = w.patch(
            &id,
            Some(&etag),
            json!({"data": [{"op": "replace", "path": "/unavailableReason", "value": "A"}]}),
        );
        let b = w.patch(
            &id,
            Some(&etag),
            json!({"data": [{"op": "replace", "path": "/unavailableReason", "value": "B"}]}),
        );
        let (a, b) = futures_util_join(a, b).await;
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(
            statuses,
            [200, 412],
            "round {round}: {} / {}",
            a.text(),
            b.text()
        );
        let (winner, loser) = if a.status == 200 { (a, b) } else { (b, a) };
        loser.assert_error(412, 93040119003003);
        let stored = w.get(&id).await.json();
        assert_eq!(stored, winner.json(), "round {round}");
    }
}

async fn futures_util_join<A: std::future::Future, B: std::future::Future>(
    a: A,
    b: B,
) -> (A::Output, B::Output) {
    tokio::join!(a, b)
}

#[actix_rt::test]
async fn security_groups_isolate() {
    let w = world().await;
    let (company, _) = w.company.clone();
    let (other_group, other_group_uuid) = w.app.insert_group(company, "Others").await;
    let other = w
        .app
        .insert_member("other@example.com", company, "user", &[other_group])
        .await;
    let other_token = w.app.login("other@example.com", PASSWORD).await;
    let (rival_company, _) = w.app.insert_company("Rival").await;
    let (rival_group, _) = w.app.insert_group(rival_company, "Rivals").await;
    w.app
        .insert_member(
            "rival@example.com",
            rival_company,
            "customer_admin",
            &[rival_group],
        )
        .await;
    let rival_token = w.app.login("rival@example.com", PASSWORD).await;
    w.app
        .insert_member("boss@example.com", company, "customer_admin", &[])
        .await;
    let boss_token = w.app.login("boss@example.com", PASSWORD).await;
    w.app
        .insert_member("loner@example.com", company, "user", &[])
        .await;
    let loner_token = w.app.login("loner@example.com", PASSWORD).await;

    let mine = w.created(canvass_example()).await;
    let id = id_of(&mine);
    let etag = etag_of(&mine);
    let r = w
        .app
        .post("/v2/interactions", &other_token, canvass_example())
        .await;
    assert_eq!(r.status, 201);
    let theirs = r.json();
    assert_eq!(theirs["securityGroupId"], json!(other_group_uuid));
    assert_eq!(theirs["meta"]["createdBy"], json!(other.1));

    // Another group's interaction is not there: 404 for every verb, never listed.
    for token in [&other_token, &rival_token, &loner_token] {
        w.app
            .get(&format!("/v2/interactions/{id}"), token)
            .await
            .assert_error(404, 91100109001001);
        w.app
            .call_with(
                "PATCH",
                &format!("/v2/interactions/{id}"),
                &[("authToken", token), ("etag", &etag)],
                Some(json!({"data": [{"op": "replace", "path": "/successful", "value": true}]})),
            )
            .await
            .assert_error(404, 91100119001001);
        w.app
            .call_with(
                "DELETE",
                &format!("/v2/interactions/{id}"),
                &[("authToken", token), ("etag", &etag)],
                None,
            )
            .await
            .assert_error(404, 91100149001001);
        for q in ["limit=100", &format!("filter[/data/campaignId]={CAMPAIGN}")] {
            let l = w.app.get(&format!("/v2/interactions?{q}"), token).await;
            assert_eq!(l.status, 200);
            assert!(
                !l.json()["data"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|d| id_of(d) == id),
                "listed to another group"
            );
        }
    }
    assert_eq!(w.get(&id).await.json(), mine, "untouched");
    let l = w.list("limit=100").await.json();
    assert_eq!(
        l["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(id_of)
            .collect::<Vec<_>>(),
        vec![id.clone()]
    );

    // The company's customer_admin sees both groups' interactions; the rival company's none.
    let l = w
        .app
        .get("/v2/interactions?limit=100", &boss_token)
        .await
        .json();
    assert_eq!(l["data"].as_array().unwrap().len(), 2);
    let r = w
        .app
        .get(&format!("/v2/interactions/{id}"), &boss_token)
        .await;
    assert_eq!(r.status, 200);
    let l = w
        .app
        .get("/v2/interactions?limit=100", &rival_token)
        .await
        .json();
    assert_eq!(l["data"], json!([]));

    // A user may not file an interaction under a group they are not in; one in no group
    // cannot create at all.
    let mut body = canvass_example();
    body["securityGroupId"] = json!(other_group_uuid);
    w.create(body.clone())
        .await
        .assert_error(403, 94020129007002);
    body["securityGroupId"] = json!(uuid::Uuid::new_v4().to_string());
    w.create(body).await.assert_error(403, 94020129007002);
    w.app
        .post("/v2/interactions", &loner_token, canvass_example())
        .await
        .assert_error(403, 94020129007002);
    // The customer_admin may file under any group of the company.
    let mut body = canvass_example();
    body["securityGroupId"] = json!(w.group.1);
    let r = w.app.post("/v2/interactions", &boss_token, body).await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["securityGroupId"], json!(w.group.1));
    // A member of both groups sees both, and files under the group with the lowest id by
    // default.
    w.app
        .insert_member(
            "both@example.com",
            company,
            "user",
            &[other_group, w.group.0],
        )
        .await;
    let both_token = w.app.login("both@example.com", PASSWORD).await;
    let l = w
        .app
        .get("/v2/interactions?limit=100", &both_token)
        .await
        .json();
    assert_eq!(l["data"].as_array().unwrap().len(), 3);
    let r = w
        .app
        .post("/v2/interactions", &both_token, canvass_example())
        .await;
    assert_eq!(r.json()["securityGroupId"], json!(w.group.1));
    // Server-assigned fields in the body are ignored.
    let mut body = canvass_example();
    body["id"] = json!("7da76f74-7951-423a-be41-85a2551d16e7");
    body["customerId"] = json!("cfa8df1b-baf1-446b-b06c-3177063faed7");
    body["meta"] = json!({"isDeleted": true, "createdBy": "x"});
    let made = w.created(body).await;
    assert_ne!(made["id"], json!("7da76f74-7951-423a-be41-85a2551d16e7"));
    assert_eq!(made["customerId"], json!(w.company.1));
    assert_eq!(made["meta"]["isDeleted"], json!(false));
    assert_eq!(made["meta"]["createdBy"], json!(w.user.1));
}

#[actix_rt::test]
async fn create_refuses_bad_data() {
    let w = world().await;
    for key in [
        "campaignId",
        "contactId",
        "householdId",
        "contactHouseholdId",
        "timestamp",
        "survey",
        "unavailable",
    ] {
        let mut body = canvass_example();
        body.as_object_mut().unwrap().remove(key);
        let b = w.create(body).await.assert_error(400, 92020129002002);
        assert_eq!(b["devmsg"], json!(format!("{key} is required")));
    }
    let mut body = canvass_example();
    body["survey"].as_object_mut().unwrap().remove("surveyId");
    w.create(body).await.assert_error(400, 92020129002002);

    let invalid = [
        ("campaignId", json!("61fbfbaa")),
        ("contactId", json!(42)),
        (
            "householdId",
            json!(["c15e3515-aabf-42da-8d1b-31679f738eae"]),
        ),
        ("timestamp", json!("17/07/2018")),
        ("unavailable", json!("true")),
        ("successful", json!(1)),
        ("unavailableReason", json!(false)),
        ("distance", json!(-1)),
        ("location", json!({"lat": 90.5, "lng": 0})),
        ("location", json!({"lat": 0, "lng": -180.01})),
        ("location", json!("here")),
        ("survey", json!({"surveyId": "x"})),
        (
            "survey",
            json!({"surveyId": "375d437b-3b47-4940-b43d-be8daec4afff", "responses": []}),
        ),
        ("statusId", json!({"id": 1})),
    ];
    for (key, value) in invalid {
        let mut body = canvass_example();
        body[key] = value.clone();
        let b = w.create(body).await.assert_error(400, 92010129002001);
        assert!(
            b["devmsg"].as_str().unwrap().contains(key),
            "{key}={value}: {b}"
        );
    }
    let mut body = canvass_example();
    body["securityGroupId"] = json!("group-1");
    w.create(body).await.assert_error(400, 92010129002001);
    w.create(json!([1, 2]))
        .await
        .assert_error(400, 92010129002001);
    let r = w
        .app
        .raw(
            "POST",
            "/v2/interactions",
            &[("Authorization", &bearer(&w.token))],
            b"{\"campaignId\":",
        )
        .await;
    r.assert_error(400, 92010129002004);
    // Without a token.
    let r = w
        .app
        .call("POST", "/v2/interactions", None, Some(canvass_example()))
        .await;
    assert_eq!(r.status, 401);

    // The wrapped form `{"data":{…}}` is read too.
    let r = w.create(json!({"data": canvass_example()})).await;
    assert_eq!(r.status, 201, "{}", r.text());
    // Nothing invalid was stored.
    let l = w.list("limit=100").await.json();
    assert_eq!(l["data"].as_array().unwrap().len(), 1);
}

/// A response's `questionId` is kept as sent, also when it is not the key the response is
/// filed under (the document's examples repeat the key; nothing says the two must agree).
#[actix_rt::test]
async fn a_response_keeps_its_question_id_as_sent() {
    let w = world().await;
    let mut body = canvass_example();
    let responses = json!({
        "9826940d-76a8-4700-8c92-5743ce7bb728": {"fields": {"a": "1"}, "questionId": "f386f88a-61f1-4f0d-b3d9-ba97e8238444"}
    });
    body["survey"]["responses"] = responses.clone();
    let made = w.created(body).await;
    let id = made["id"].as_str().unwrap().to_string();
    let read = w.get(&id).await.json();
    assert_eq!(read["data"]["survey"]["responses"], responses, "{read}");
}

#[actix_rt::test]
async fn list_filters_sorts_and_pages() {
    let w = world().await;
    let campaigns = [
        "11111111-1111-4111-8111-111111111111",
        "22222222-2222-4222-8222-222222222222",
    ];
    let mut made = Vec::new();
    for i in 0..6 {
        let mut body = canvass_example();
        body["campaignId"] = json!(campaigns[i % 2]);
        body["contactId"] = json!(format!("00000000-0000-4000-8000-00000000000{i}"));
        body["timestamp"] = json!(format!("2018-07-1{}T18:40:53.526Z", 9 - i));
        made.push(w.created(body).await);
    }
    let ids = |r: &Resp| -> Vec<String> {
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(id_of)
            .collect()
    };

    // Default: everything, by id ascending.
    let mut all: Vec<String> = made.iter().map(id_of).collect();
    all.sort();
    assert_eq!(ids(&w.list("skip=0").await), all);
    assert_eq!(ids(&w.list("sort=/data/id&sort=DESC").await), {
        let mut d = all.clone();
        d.reverse();
        d
    });
    assert_eq!(ids(&w.list("skip=2&limit=3").await), all[2..5].to_vec());
    assert_eq!(ids(&w.list("skip=6").await), Vec::<String>::new());
    assert_eq!(ids(&w.list("limit=0").await), Vec::<String>::new());
    assert_eq!(
        ids(&w.list("skip=9007199254740991&limit=9007199254740991").await),
        Vec::<String>::new()
    );

    // Bracket form and JSON form, each allowed attribute.
    let first_campaign: Vec<String> = {
        let mut v: Vec<String> = made.iter().step_by(2).map(id_of).collect();
        v.sort();
        v
    };
    assert_eq!(
        ids(&w
            .list(&format!(
                "filter%5B%2Fdata%2FcampaignId%5D={}",
                campaigns[0]
            ))
            .await),
        first_campaign
    );
    let json_filter = format!("{{\"/data/campaignId\":\"{}\"}}", campaigns[0]);
    assert_eq!(
        ids(&w.list(&format!("filter={}", urlencode(&json_filter))).await),
        first_campaign
    );
    // The document's own example of the JSON form, without braces.
    let doc_form = "\"/data/contactId\": \"00000000-0000-4000-8000-000000000003\"";
    assert_eq!(
        ids(&w.list(&format!("filter={}", urlencode(doc_form))).await),
        vec![id_of(&made[3])]
    );
    for attr in ["householdId", "contactHouseholdId"] {
        let v = canvass_example()[attr].as_str().unwrap().to_uppercase();
        assert_eq!(
            ids(&w.list(&format!("filter[/data/{attr}]={v}")).await).len(),
            6,
            "{attr}, matched case-insensitively as a UUID"
        );
    }
    assert_eq!(
        ids(&w
            .list(&format!(
                "filter[/data/campaignId]={}&filter[/data/contactId]=00000000-0000-4000-8000-000000000002",
                campaigns[0]
            ))
            .await),
        vec![id_of(&made[2])]
    );

    // Sorts: timestamp both ways, created, modified.
    let by_ts_desc: Vec<String> = made.iter().map(id_of).collect();
    assert_eq!(
        ids(&w.list("sort=/data/timestamp&sort=DESC").await),
        by_ts_desc
    );
    let mut by_ts_asc = by_ts_desc.clone();
    by_ts_asc.reverse();
    assert_eq!(ids(&w.list("sort=timestamp&sort=asc").await), by_ts_asc);
    assert_eq!(
        ids(&w
            .list("sort=%5B%22%2Fdata%2Ftimestamp%22%2C%22ASC%22%5D")
            .await),
        by_ts_asc
    );
    let created: Vec<String> = ids(&w.list("sort=/meta/created&sort=ASC").await);
    assert_eq!(created.len(), 6);
    let first = &made[0];
    w.app.ctx.clock.advance_ms(5_000);
    let r = w
        .patch(
            &id_of(first),
            Some(&etag_of(first)),
            json!({"data": [{"op": "replace", "path": "/successful", "value": true}]}),
        )
        .await;
    assert_eq!(r.status, 200);
    let by_modified = ids(&w.list("sort=/meta/modified&sort=DESC&limit=1").await);
    assert_eq!(by_modified, vec![id_of(first)]);

    // Bad parameters: 400 naming the problem.
    let bad = [
        ("filter[/data/timestamp]=2018", "not allowed"),
        (
            "filter[/meta/createdBy]=0651e380-d556-49bd-acdd-2bd813b16430",
            "not allowed",
        ),
        (
            "filter=%7B%22%2Fdata%2Fsurvey%22%3A%22x%22%7D",
            "not allowed",
        ),
        ("filter=not-json", "filter"),
        ("filter[/data/campaignId]=nope", "not a UUID"),
        ("filter%5B%2Fdata%2FcampaignId=1", "filter"),
        ("skip=-1", "skip"),
        ("skip=abc", "skip"),
        ("limit=-5", "limit"),
        ("limit=ten", "limit"),
        ("limit=1.5", "limit"),
        ("limit=9007199254740992", "limit"),
        ("sort=/data/unavailableReason&sort=ASC", "sort"),
        ("sort=/data/id&sort=UPWARDS", "ASC or DESC"),
        ("sort=id&sort=ASC&sort=timestamp", "sort"),
    ];
    for (q, needle) in bad {
        let b = w.list(q).await.assert_error(400, 92010109002005);
        assert!(b["devmsg"].as_str().unwrap().contains(needle), "{q}: {b}");
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[actix_rt::test]
async fn long_lists_stream_across_chunks_in_order() {
    let w = world().await;
    let group = w.group.0;
    let company = w.company.0;
    let (company_uuid, group_uuid, user_uuid) =
        (w.company.1.clone(), w.group.1.clone(), w.user.1.clone());
    let n = interact_service::canvass::CHUNK as usize * 2 + 37;
    let data = json!({
        "survey": {"surveyId": "375d437b-3b47-4940-b43d-be8daec4afff"},
        "contactId": "0478dbbf-b6eb-4168-afa9-5ebab6fef4b6",
        "timestamp": "2018-07-17T18:40:53.526Z",
        "campaignId": CAMPAIGN,
        "householdId": "c15e3515-aabf-42da-8d1b-31679f738eae",
        "unavailable": false,
        "contactHouseholdId": "d070b1dc-9611-4f29-9300-a32160d21baa"
    })
    .to_string();
    w.app
        .ctx
        .db
        .write(move |c| {
            for i in 0..n {
                let uuid = uuid::Uuid::new_v4().to_string();
                interact_store::canvass::insert(
                    c,
                    &interact_store::canvass::CanvassInsertForm {
                        uuid: &uuid,
                        company_id: company,
                        group_id: group,
                        customer_uuid: &company_uuid,
                        group_uuid: &group_uuid,
                        campaign_id: CAMPAIGN,
                        contact_id: "0478dbbf-b6eb-4168-afa9-5ebab6fef4b6",
                        household_id: "c15e3515-aabf-42da-8d1b-31679f738eae",
                        contact_household_id: "d070b1dc-9611-4f29-9300-a32160d21baa",
                        // Ties on the sort key, broken by id.
                        timestamp: (i / 10) as i64,
                        data: &data,
                        etag: "e",
                        created: 0,
                        modified: 0,
                        created_by: &user_uuid,
                        modified_by: &user_uuid,
                        is_deleted: false,
                    },
                )?;
            }
            Ok(())
        })
        .await
        .unwrap();

    let r = w
        .list(&format!(
            "filter%5B%2Fdata%2FcampaignId%5D={CAMPAIGN}&skip=0&limit=9007199254740991&sort=%2Fdata%2Fid&sort=ASC"
        ))
        .await;
    assert_eq!(r.status, 200);
    let all: Vec<String> = r.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect();
    assert_eq!(all.len(), n);
    let mut sorted = all.clone();
    sorted.sort();
    assert_eq!(all, sorted);
    sorted.dedup();
    assert_eq!(sorted.len(), n, "no row twice");

    // Across a chunk boundary, with skip.
    let chunk = interact_service::canvass::CHUNK as usize;
    let r = w.list(&format!("skip={}&limit=5", chunk - 2)).await;
    let page: Vec<String> = r.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect();
    assert_eq!(page, all[chunk - 2..chunk + 3].to_vec());

    // Sorted on a key with ties: every row once, in (key, id) order.
    let r = w
        .list("sort=/data/timestamp&sort=DESC&limit=9007199254740991")
        .await;
    let rows = r.json()["data"].as_array().unwrap().clone();
    assert_eq!(rows.len(), n);
    let ids: std::collections::HashSet<String> = rows.iter().map(id_of).collect();
    assert_eq!(ids.len(), n);
}

#[actix_rt::test]
async fn changes_are_journaled_for_the_acting_user() {
    let w = world().await;
    let c = w.created(canvass_example()).await;
    let id = id_of(&c);
    let r = w
        .patch(
            &id,
            Some(&etag_of(&c)),
            json!({"data": [{"op": "replace", "path": "/successful", "value": true}]}),
        )
        .await;
    let p = r.json();
    assert_eq!(w.delete(&id, Some(&etag_of(&p))).await.status, 204);
    let a = w.app.get("/v2/activities", &w.token).await.json();
    let data = a["data"].as_array().unwrap();
    assert_eq!(
        data.iter()
            .map(|d| (d["action"].clone(), d["entityType"].clone()))
            .collect::<Vec<_>>(),
        vec![
            (json!("delete"), json!("canvassInteraction")),
            (json!("update"), json!("canvassInteraction")),
            (json!("insert"), json!("canvassInteraction")),
        ]
    );
    assert_eq!(data[2]["entity"]["newState"], c);
    assert_eq!(data[1]["entity"]["oldState"], c);
    assert_eq!(data[1]["entity"]["newState"], p);
    assert_eq!(data[0]["entity"]["oldState"], p);
    assert!(data[0]["entity"].get("newState").is_none());
    assert_eq!(data[0]["relatedTo"]["id"], json!(w.user.0));
}

#[actix_rt::test]
async fn the_shared_path_routes_to_the_right_resource() {
    let w = world().await;
    // The interact.io side of /v2/interactions (issue 6): its list, integer ids, the trigger.
    for path in ["/v2/interactions", "/v2/interactions?offset=0"] {
        let r = w.app.call("GET", path, Some(&w.token), None).await;
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        assert!(r.json().is_array(), "interact.io list at {path}");
    }
    w.app
        .call("GET", "/v2/interactions/17", Some(&w.token), None)
        .await
        .assert_error(404, 91100109001001);
    w.app
        .call(
            "POST",
            "/v2/interactions/17",
            Some(&w.token),
            Some(json!({})),
        )
        .await
        .assert_error(404, 91100119001001);
    // The trigger authenticates by triggerToken, not authToken.
    w.app
        .call("PUT", "/v2/interactions", Some(&w.token), Some(json!({})))
        .await
        .assert_error(401, 94010129004003);
    // Canvass ids that are not UUIDs are refused, not looked up.
    w.get("abc").await.assert_error(400, 92010109002005);
    w.delete("abc", Some("x"))
        .await
        .assert_error(400, 92010149002005);
    // A wrong method answers 405 in the envelope.
    let r = w
        .app
        .call(
            "PUT",
            "/v2/interactions/7da76f74-7951-423a-be41-85a2551d16e7",
            Some(&w.token),
            Some(json!({})),
        )
        .await;
    assert_eq!(r.status, 405);
    // Unknown but well-formed ids are 404.
    w.get("7da76f74-7951-423a-be41-85a2551d16e7")
        .await
        .assert_error(404, 91100109001001);
    // The list needs a token too.
    let r = w
        .app
        .call("GET", "/v2/interactions?limit=1", None, None)
        .await;
    assert_eq!(r.status, 401);
}

#[actix_rt::test]
async fn a_list_answers_jsonp_too() {
    let w = world().await;
    let c = w.created(canvass_example()).await;
    let r = w.list("limit=10&callback=cb").await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/javascript; charset=utf-8")
    );
    let text = r.text();
    let inner = text
        .strip_prefix("/**/cb(")
        .and_then(|t| t.strip_suffix(");"))
        .unwrap_or_else(|| panic!("{text}"));
    let body: Value = serde_json::from_str(inner).unwrap();
    assert_eq!(body, json!({"data": [c], "meta": {}}));
}

#[actix_rt::test]
async fn the_openapi_document_lists_the_canvass_endpoints() {
    let app = TestApp::start().await;
    let r = app.call("GET", "/v2/openapi.json", None, None).await;
    assert_eq!(r.status, 200);
    let doc = r.json();
    let paths = &doc["paths"];
    for (path, method) in [
        ("/v2/interactions", "post"),
        ("/v2/interactions", "get"),
        ("/v2/interactions/{id}", "get"),
        ("/v2/interactions/{id}", "patch"),
        ("/v2/interactions/{id}", "delete"),
    ] {
        assert!(paths[path][method].is_object(), "{method} {path}");
    }
    assert!(doc["components"]["schemas"]["CanvassInteraction"].is_object());
}

#[actix_rt::test]
async fn a_group_with_canvass_interactions_cannot_be_deleted() {
    let w = world().await;
    let r = w
        .app
        .post("/v2/interactions", &w.token, canvass_example())
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let admin = w.app.admin().await;
    let r = w
        .app
        .delete(&format!("/v2/admin/groups/{}", w.group.0), &admin)
        .await;
    let b = r.json();
    assert_eq!(r.status, 409, "{b}");
    assert_eq!(b["code"], json!(409));
    assert!(
        b["devmsg"]
            .as_str()
            .unwrap()
            .contains("canvass interactions"),
        "{b}"
    );
    assert_eq!(b["error"].as_u64().unwrap().to_string().len(), 14);
    // Nothing changed: the interaction is still there and still readable.
    let r = w
        .app
        .get("/v2/interactions?skip=0&limit=10", &w.token)
        .await;
    assert_eq!(r.json()["data"].as_array().unwrap().len(), 1);
}

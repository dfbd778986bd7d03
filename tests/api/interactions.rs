//! Interact.io interactions: the trigger event (2.5.2.1) with matching, excluded basicInfos and
//! idempotent retries; reads (2.5.3.1.28–30), update (2.5.3.1.31), the contact's
//! `interactions` list and users' `interactionsCount`.

use serde_json::{json, Value};

use crate::common::*;

struct Owner {
    token: String,
    email: String,
    user_id: i64,
    trigger: String,
}

async fn owner(app: &TestApp, admin: &str, email: &str) -> Owner {
    let user_id = app.user(admin, email, None, &["user"]).await;
    let token = app.login(email, PASSWORD).await;
    let r = app
        .put(
            "/v2/triggerDevices",
            &token,
            json!({"deviceId": format!("imei-{email}")}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let trigger = r.json()["entity"]["triggerToken"]
        .as_str()
        .unwrap()
        .to_string();
    Owner {
        token,
        email: email.into(),
        user_id,
        trigger,
    }
}

async fn trigger(app: &TestApp, token: Option<&str>, body: Value) -> Resp {
    let headers: Vec<(String, String)> = token
        .map(|t| vec![("triggerToken".to_string(), t.to_string())])
        .unwrap_or_default();
    app.call_headers("PUT", "/v2/interactions", None, Some(body), &headers)
        .await
}

#[actix_rt::test]
async fn trigger_matches_a_contact_by_normalized_number_and_is_readable() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let o = owner(&app, &admin, "john.doe@interact.io").await;
    let contact = id_of(
        &app.person(
            &o.token,
            Person::named("John")
                .last("Doe")
                .infos(json!([{"type": "mobile", "value": "+49 30 1234567"}])),
        )
        .await,
    );
    let r = trigger(
        &app,
        Some(&o.trigger),
        json!({"type": "call-incoming", "data": "030 1234567", "receiverId": "John.Doe@interact.io",
               "time": 1_400_000_000_000i64,
               "externalSystem": {"name": "pbx", "threadId": "t1", "entityId": "e1"}}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let b = r.json();
    assert_eq!(b["code"], 201);
    assert_eq!(b["devmsg"], "success");
    let e = &b["entity"];
    let id = e["id"].as_i64().unwrap();
    assert_eq!(e["type"], "call-incoming");
    assert_eq!(e["data"], "030 1234567");
    assert_eq!(e["time"], 1_400_000_000_000i64);
    assert_eq!(e["person"]["id"], contact);
    assert_eq!(e["person"]["displayName"], "John Doe");
    assert_eq!(e["organization"], Value::Null);
    assert!(e["basicInfoId"].as_i64().is_some());
    assert_eq!(
        e["externalSystems"],
        json!([{"systemId": "pbx", "threadId": "t1", "entityId": "e1", "time": 1_400_000_000_000i64}])
    );

    // A later one without a match, then the list is newest first.
    let r = trigger(
        &app,
        Some(&o.trigger),
        json!({"type": "sms-outgoing", "data": "+1 202 555 0146", "time": 1_500_000_000_000i64}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let second = r.json()["entity"]["id"].as_i64().unwrap();
    assert_eq!(r.json()["entity"]["person"], Value::Null);

    let list = app.get("/v2/interactions", &o.token).await;
    assert_eq!(list.status, 200, "{}", list.text());
    let ids: Vec<i64> = list
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![second, id]);

    let one = app.get(&format!("/v2/interactions/{id}"), &o.token).await;
    assert_eq!(one.status, 200);
    assert_eq!(one.json(), *e);

    let of_contact = app
        .get(&format!("/v2/contacts/{contact}/interactions"), &o.token)
        .await;
    assert_eq!(of_contact.status, 200);
    assert_eq!(of_contact.json(), json!([e.clone()]));

    let c = app.get(&format!("/v2/contacts/{contact}"), &o.token).await;
    assert_eq!(c.json()["interactions"], json!(id.to_string()));

    let u = app
        .get(&format!("/v2/admin/users/{}", o.user_id), &admin)
        .await;
    assert_eq!(u.status, 200, "{}", u.text());
    assert_eq!(u.json()["interactionsCount"], 2);

    // Another user sees none of it.
    let other = owner(&app, &admin, "eve@example.com").await;
    app.get(&format!("/v2/interactions/{id}"), &other.token)
        .await
        .assert_error(404, 91100109001001);
    app.get(
        &format!("/v2/contacts/{contact}/interactions"),
        &other.token,
    )
    .await
    .assert_error(404, 91040101051001);
    let theirs = app.get("/v2/interactions", &other.token).await;
    assert_eq!(theirs.json(), json!([]));
}

#[actix_rt::test]
async fn trigger_rejects_bad_tokens_receivers_and_bodies() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let o = owner(&app, &admin, "john.doe@interact.io").await;
    let other = owner(&app, &admin, "eve@example.com").await;
    let ok = json!({"type": "call-incoming", "data": "555-12345"});

    trigger(&app, None, ok.clone())
        .await
        .assert_error(401, 94010129004003);
    trigger(&app, Some("not-a-token"), ok.clone())
        .await
        .assert_error(401, 94010129004003);
    // An authToken is not a trigger token.
    trigger(&app, Some(&o.token), ok.clone())
        .await
        .assert_error(401, 94010129004003);

    let mut spoof = ok.clone();
    spoof["receiverId"] = json!(other.email);
    trigger(&app, Some(&o.trigger), spoof)
        .await
        .assert_error(403, 94020129007001);

    let mut no_ids = ok.clone();
    no_ids["externalSystem"] = json!({"name": "pbx"});
    let b = trigger(&app, Some(&o.trigger), no_ids)
        .await
        .assert_error(400, 92020129002002);
    assert!(b["devmsg"].as_str().unwrap().contains("threadId"));

    trigger(
        &app,
        Some(&o.trigger),
        json!({"type": "fax-incoming", "data": "1"}),
    )
    .await
    .assert_error(400, 92010129002001);
    trigger(&app, Some(&o.trigger), json!({"data": "1"}))
        .await
        .assert_error(400, 92020129002002);
    trigger(&app, Some(&o.trigger), json!({"type": "call-incoming"}))
        .await
        .assert_error(400, 92020129002002);
    trigger(
        &app,
        Some(&o.trigger),
        json!({"type": "call-incoming", "data": "1".repeat(10_000)}),
    )
    .await
    .assert_error(400, 92010129002003);
    trigger(
        &app,
        Some(&o.trigger),
        json!({"type": "call-incoming", "data": "1", "time": -5}),
    )
    .await
    .assert_error(400, 92010129002001);

    // Nothing was recorded by any of these.
    let list = app.get("/v2/interactions", &o.token).await;
    assert_eq!(list.json(), json!([]));
}

#[actix_rt::test]
async fn excluded_records_nothing_and_entity_id_is_idempotent() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let o = owner(&app, &admin, "john.doe@interact.io").await;
    id_of(
        &app.person(
            &o.token,
            Person::named("Blocked")
                .last("Doe")
                .infos(json!([{"type": "email", "value": "Spam@Example.com", "excluded": true}])),
        )
        .await,
    );
    let r = trigger(
        &app,
        Some(&o.trigger),
        json!({"type": "email-incoming", "data": " spam@example.COM "}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), json!({"code": 200, "devmsg": "excluded"}));
    assert_eq!(
        app.get("/v2/interactions", &o.token).await.json(),
        json!([])
    );

    let body = json!({"type": "im-incoming", "data": "jdoe",
                      "externalSystem": {"name": "chat", "entityId": "m-1"}});
    let first = trigger(&app, Some(&o.trigger), body.clone()).await;
    assert_eq!(first.status, 201, "{}", first.text());
    let again = trigger(&app, Some(&o.trigger), body).await;
    assert_eq!(again.status, 201, "{}", again.text());
    assert_eq!(first.json()["entity"], again.json()["entity"]);
    let list = app.get("/v2/interactions", &o.token).await.json();
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[actix_rt::test]
async fn im_matches_profiles_and_two_contacts_are_tentative() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let o = owner(&app, &admin, "john.doe@interact.io").await;
    let r = app
        .put(
            "/v2/contacts",
            &o.token,
            json!({"contactType": "person", "firstName": "Sky", "profiles": {"skype": {"username": "Sky.Walker"}}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let sky = r.json()["entity"]["id"].as_i64().unwrap();
    let r = trigger(
        &app,
        Some(&o.trigger),
        json!({"type": "im-incoming", "data": "sky.walker"}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["entity"]["person"]["id"], sky);

    // One number on two contacts: no link.
    id_of(
        &app.person(
            &o.token,
            Person::named("A")
                .last("Doe")
                .infos(json!([{"type": "phone", "value": "0301111111"}])),
        )
        .await,
    );
    id_of(
        &app.person(
            &o.token,
            Person::named("B")
                .last("Doe")
                .infos(json!([{"type": "phone", "value": "+49301111111"}])),
        )
        .await,
    );
    let r = trigger(
        &app,
        Some(&o.trigger),
        json!({"type": "call-outgoing", "data": "030 111 1111"}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["entity"]["person"], Value::Null);
}

#[actix_rt::test]
async fn update_links_contacts_and_sets_fields() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let o = owner(&app, &admin, "john.doe@interact.io").await;
    let r = trigger(
        &app,
        Some(&o.trigger),
        json!({"type": "call-incoming", "data": "0301234567"}),
    )
    .await;
    let id = r.json()["entity"]["id"].as_i64().unwrap();
    let p = id_of(
        &app.person(&o.token, Person::named("Jane").last("Doe").infos(json!([])))
            .await,
    );
    let r = app
        .put(
            "/v2/contacts",
            &o.token,
            json!({"contactType": "organization", "organizationName": "ACME"}),
        )
        .await;
    let org = r.json()["entity"]["id"].as_i64().unwrap();
    let r = app
        .put(
            "/v2/basicInfos",
            &o.token,
            json!({"type": "phone", "value": "0301234567"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let bi = r.json()["entity"]["id"].as_i64().unwrap();

    let path = format!("/v2/interactions/{id}");
    // The document's example uses the aliases.
    let r = app
        .post(
            &path,
            &o.token,
            json!({"organizationId": org, "personId": p}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let b = r.json();
    assert_eq!(b["code"], 200);
    assert_eq!(b["devmsg"], "success");
    assert_eq!(
        b["entity"]["organization"],
        json!({"id": org, "displayName": "ACME"})
    );
    assert_eq!(
        b["entity"]["person"],
        json!({"id": p, "displayName": "Jane Doe"})
    );

    let r = app
        .post(
            &path,
            &o.token,
            json!({"basicInfoId": bi, "duration": 125, "status": "answered", "customTags": "vip",
                   "externalSystems": [{"name": "crm", "threadId": "x"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let e = r.json()["entity"].clone();
    assert_eq!(e["basicInfoId"], bi);
    assert_eq!(e["duration"], 125);
    assert_eq!(e["status"], "answered");
    assert_eq!(e["customTags"], "vip");
    assert_eq!(e["externalSystems"][0]["systemId"], "crm");
    assert_eq!(e["externalSystems"][0]["threadId"], "x");
    assert_eq!(e["organization"]["id"], org);
    assert_eq!(app.get(&path, &o.token).await.json(), e);
    let c = app.get(&format!("/v2/contacts/{org}"), &o.token).await;
    assert_eq!(c.json()["interactions"], json!(id.to_string()));

    // Bad input changes nothing.
    app.post(
        &path,
        &o.token,
        json!({"externalSystems": [{"name": "crm"}]}),
    )
    .await
    .assert_error(400, 92020119002002);
    // A person named as the organization conflicts with its stored type.
    let b = app
        .post(&path, &o.token, json!({"organizationId": p}))
        .await
        .assert_error(409, 93000119003003);
    assert!(
        b["devmsg"].as_str().unwrap().contains("organization"),
        "{b}"
    );
    app.post(&path, &o.token, json!({"personId": 999_999}))
        .await
        .assert_error(404, 91060119001001);
    app.post(
        &path,
        &o.token,
        json!({"organization": {"id": org}, "organizationId": p}),
    )
    .await
    .assert_error(400, 92010119002001);
    app.post(&path, &o.token, json!({"duration": -1}))
        .await
        .assert_error(400, 92010119002001);
    assert_eq!(app.get(&path, &o.token).await.json(), e);

    // Another user's interaction and contacts are 404.
    let other = owner(&app, &admin, "eve@example.com").await;
    app.post(&path, &other.token, json!({"status": "x"}))
        .await
        .assert_error(404, 91100119001001);
    app.post("/v2/interactions/999999", &o.token, json!({"status": "x"}))
        .await
        .assert_error(404, 91100119001001);
    let theirs = id_of(
        &app.person(
            &other.token,
            Person::named("Eve").last("Doe").infos(json!([])),
        )
        .await,
    );
    app.post(&path, &o.token, json!({"personId": theirs}))
        .await
        .assert_error(404, 91060119001001);
}

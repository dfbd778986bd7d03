//! User administration through HTTP (2.5.3.1.53–57, 2.5.3.2.2, 2.5.3.2.9–10).

use serde_json::{json, Value};

use crate::common::*;

fn assert_user_shape(u: &Value) {
    let keys: Vec<&str> = u.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    for k in [
        "active",
        "companyId",
        "dateCreated",
        "email",
        "groups",
        "id",
        "interactionsCount",
        "roles",
    ] {
        assert!(keys.contains(&k), "{k} missing in {u}");
    }
    assert_eq!(keys.len(), 8, "{u}");
    assert!(u["active"].is_boolean());
    assert!(u["dateCreated"].is_i64());
    assert!(u["id"].is_i64());
    assert!(u["interactionsCount"].is_i64());
    assert!(u["groups"].is_array());
    assert!(u["roles"].is_array());
}

#[actix_rt::test]
async fn creates_reads_lists_and_updates_a_user() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let acme = app.company(&admin, "Acme").await;
    let before = app.ctx.clock.now_ms();
    let r = app
        .put(
            "/v2/admin/users",
            &admin,
            json!({"email": "John@Example.com", "password": "john0404", "companyId": acme}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let b = r.json();
    assert_eq!(b["code"], 201);
    assert_eq!(b["devmsg"], "success");
    let u = &b["entity"];
    assert_user_shape(u);
    assert_eq!(u["email"], "john@example.com");
    assert_eq!(u["companyId"], acme);
    assert_eq!(u["active"], true);
    assert_eq!(u["roles"], json!(["user"]));
    assert_eq!(u["groups"], json!([]));
    assert_eq!(u["interactionsCount"], 0);
    assert!(u["dateCreated"].as_i64().unwrap() >= before);
    let id = u["id"].as_i64().unwrap();

    let r = app.get(&format!("/v2/admin/users/{id}"), &admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(&r.json(), u);

    let r = app.get("/v2/admin/users", &admin).await;
    assert_eq!(r.status, 200);
    let list = r.json();
    assert_eq!(list.as_array().unwrap().len(), 2, "admin and john: {list}");
    list.as_array().unwrap().iter().for_each(assert_user_shape);

    // The new user can log in.
    app.login("john@example.com", "john0404").await;

    let r = app
        .post(
            &format!("/v2/admin/users/{id}"),
            &admin,
            json!({"email": "johnny@example.com", "active": false}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let b = r.json();
    assert_eq!(b["code"], 200);
    assert_eq!(b["entity"]["email"], "johnny@example.com");
    assert_eq!(b["entity"]["active"], false);
}

#[actix_rt::test]
async fn company_is_set_once_and_never_changed() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let acme = app.company(&admin, "Acme").await;
    let other = app.company(&admin, "Other").await;
    let id = app.user(&admin, "free@example.com", None, &["user"]).await;
    let r = app.get(&format!("/v2/admin/users/{id}"), &admin).await;
    assert_eq!(r.json()["companyId"], Value::Null);

    let r = app
        .post(
            &format!("/v2/admin/users/{id}"),
            &admin,
            json!({"companyId": acme}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["entity"]["companyId"], acme);
    // The same value again is fine; another is not.
    let r = app
        .post(
            &format!("/v2/admin/users/{id}"),
            &admin,
            json!({"companyId": acme}),
        )
        .await;
    assert_eq!(r.status, 200);
    let r = app
        .post(
            &format!("/v2/admin/users/{id}"),
            &admin,
            json!({"companyId": other}),
        )
        .await;
    r.assert_error(409, 93000117033003);
    let r = app.get(&format!("/v2/admin/users/{id}"), &admin).await;
    assert_eq!(r.json()["companyId"], acme);
}

#[actix_rt::test]
async fn bad_user_input_is_refused_and_changes_nothing() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let cases = [
        (
            json!({"email": "not an email", "password": PASSWORD}),
            400,
            92010127032001_u64,
        ),
        (
            json!({"email": "a@b.example", "password": "short"}),
            400,
            92010127032001,
        ),
        (
            json!({"email": "a@b.example", "password": "        "}),
            400,
            92010127032001,
        ),
        (
            json!({"email": "a@b.example", "password": "x".repeat(129)}),
            400,
            92010127032003,
        ),
        // maxLength 255 counts the email as sent, blanks included (256 here, 254 trimmed).
        (
            json!({"email": format!("  {}@b.example", "a".repeat(244)), "password": PASSWORD}),
            400,
            92010127032003,
        ),
        (json!({"password": PASSWORD}), 400, 92020127032002),
        (json!({"email": "a@b.example"}), 400, 92020127032002),
        (
            json!({"email": "a@b.example", "password": PASSWORD, "companyId": 999}),
            404,
            91030127031001,
        ),
        (
            json!({"email": 5, "password": PASSWORD}),
            400,
            92010127032001,
        ),
    ];
    for (body, status, code) in cases {
        let r = app.put("/v2/admin/users", &admin, body.clone()).await;
        let b = r.assert_error(status, code);
        assert!(!b["devmsg"].as_str().unwrap().is_empty(), "{body}");
    }
    let r = app.get("/v2/admin/users", &admin).await;
    assert_eq!(r.json().as_array().unwrap().len(), 1, "nothing was created");
}

#[actix_rt::test]
async fn duplicate_email_is_409_9303() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    app.user(&admin, "dup@example.com", None, &["user"]).await;
    let r = app
        .put(
            "/v2/admin/users",
            &admin,
            json!({"email": "DUP@example.com", "password": PASSWORD}),
        )
        .await;
    r.assert_error(409, 93030127033003);
    let other = app.user(&admin, "other@example.com", None, &["user"]).await;
    let r = app
        .post(
            &format!("/v2/admin/users/{other}"),
            &admin,
            json!({"email": "dup@example.com"}),
        )
        .await;
    r.assert_error(409, 93030117033003);
}

#[actix_rt::test]
async fn roles_are_added_removed_and_set() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let acme = app.company(&admin, "Acme").await;
    let id = app
        .user(&admin, "r@example.com", Some(acme), &["user"])
        .await;
    let path = format!("/v2/admin/users/{id}/roles");
    let r = app
        .post(
            &format!("{path}?cmd=add"),
            &admin,
            json!(["customer_admin"]),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let b = r.json();
    assert_user_shape(&b);
    assert_eq!(b["roles"], json!(["customer_admin", "user"]));
    let r = app
        .post(&format!("{path}?cmd=remove"), &admin, json!(["user"]))
        .await;
    assert_eq!(r.json()["roles"], json!(["customer_admin"]));
    let r = app
        .post(
            &format!("{path}?cmd=set"),
            &admin,
            json!(["interact_admin", "customer_admin", "user"]),
        )
        .await;
    assert_eq!(
        r.json()["roles"],
        json!(["interact_admin", "customer_admin", "user"])
    );

    // Bad input changes nothing.
    let r = app
        .post(&format!("{path}?cmd=set"), &admin, json!(["user", "root"]))
        .await;
    r.assert_error(400, 92010117022001);
    let r = app
        .post(&format!("{path}?cmd=replace"), &admin, json!(["user"]))
        .await;
    r.assert_error(400, 92010117022005);
    let r = app.post(&path, &admin, json!(["user"])).await;
    assert_eq!(r.status, 400);
    let r = app
        .post(&format!("{path}?cmd=set"), &admin, json!("user"))
        .await;
    assert_eq!(r.status, 400);
    let r = app.get(&format!("/v2/admin/users/{id}"), &admin).await;
    assert_eq!(
        r.json()["roles"],
        json!(["interact_admin", "customer_admin", "user"])
    );
}

#[actix_rt::test]
async fn customer_admin_cannot_escalate() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let acme = app.company(&admin, "Acme").await;
    app.user(&admin, "ca@example.com", Some(acme), &["customer_admin"])
        .await;
    let ca = app.login("ca@example.com", PASSWORD).await;
    let worker = app
        .user(&admin, "w@example.com", Some(acme), &["user"])
        .await;
    let me = app.get("/v2/admin/users", &ca).await.json()[0]["id"]
        .as_i64()
        .unwrap();

    // May not grant interact_admin, to others or to themselves.
    for target in [worker, me] {
        for cmd in ["add", "set"] {
            let r = app
                .post(
                    &format!("/v2/admin/users/{target}/roles?cmd={cmd}"),
                    &ca,
                    json!(["interact_admin"]),
                )
                .await;
            r.assert_error(403, 94020117027001);
        }
    }
    // May grant customer_admin within the company.
    let r = app
        .post(
            &format!("/v2/admin/users/{worker}/roles?cmd=add"),
            &ca,
            json!(["customer_admin"]),
        )
        .await;
    assert_eq!(r.status, 200);

    // An interact_admin inside their company is out of their reach.
    let boss = app
        .user(&admin, "boss@example.com", Some(acme), &["interact_admin"])
        .await;
    for (method, path, body) in [
        (
            "POST",
            format!("/v2/admin/users/{boss}"),
            Some(json!({"password": "taken over!"})),
        ),
        (
            "POST",
            format!("/v2/admin/users/{boss}?cmd=wipeAccount"),
            Some(json!({})),
        ),
        (
            "POST",
            format!("/v2/admin/users/{boss}/roles?cmd=remove"),
            Some(json!(["interact_admin"])),
        ),
        ("DELETE", format!("/v2/admin/users/{boss}"), None),
        ("DELETE", format!("/v2/admin/users?ids={boss}"), None),
    ] {
        let r = app.call(method, &path, Some(&ca), body).await;
        assert_eq!(r.status, 403, "{method} {path}: {}", r.text());
    }
    app.login("boss@example.com", PASSWORD).await;

    // Cannot create users in another company or move one there.
    let other = app.company(&admin, "Other").await;
    let r = app
        .put(
            "/v2/admin/users",
            &ca,
            json!({"email": "x@example.com", "password": PASSWORD, "companyId": other}),
        )
        .await;
    r.assert_error(404, 91030127031001);
    // Without companyId the new user joins the customer_admin's company.
    let r = app
        .put(
            "/v2/admin/users",
            &ca,
            json!({"email": "y@example.com", "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["entity"]["companyId"], acme);
}

#[actix_rt::test]
async fn groups_of_a_user_must_be_of_their_company() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let acme = app.company(&admin, "Acme").await;
    let other = app.company(&admin, "Other").await;
    let sales = app.group(&admin, acme, "Sales").await;
    let support = app.group(&admin, acme, "Support").await;
    let foreign = app.group(&admin, other, "Foreign").await;
    let id = app
        .user(&admin, "g@example.com", Some(acme), &["user"])
        .await;
    let path = format!("/v2/admin/users/{id}/groups");

    let r = app
        .post(&format!("{path}?cmd=add"), &admin, json!([sales, support]))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.json()["groups"],
        json!([{"id": sales, "name": "Sales"}, {"id": support, "name": "Support"}])
    );
    let r = app
        .post(&format!("{path}?cmd=remove"), &admin, json!([sales]))
        .await;
    assert_eq!(
        r.json()["groups"],
        json!([{"id": support, "name": "Support"}])
    );
    let r = app
        .post(&format!("{path}?cmd=set"), &admin, json!([sales]))
        .await;
    assert_eq!(r.json()["groups"], json!([{"id": sales, "name": "Sales"}]));

    // Another company's group is refused, a group that does not exist is not found.
    for (body, status) in [
        (json!([foreign]), 400),
        (json!([sales, 99999]), 404),
        (json!(["x"]), 400),
    ] {
        let r = app.post(&format!("{path}?cmd=set"), &admin, body).await;
        assert_eq!(r.status, status, "{}", r.text());
    }
    let r = app
        .post(&format!("{path}?cmd=add"), &admin, json!([foreign]))
        .await;
    r.assert_error(400, 92010117042001);
    let r = app.get(&format!("/v2/admin/users/{id}"), &admin).await;
    assert_eq!(r.json()["groups"], json!([{"id": sales, "name": "Sales"}]));

    // The login answer shows the groups too.
    let r = app
        .call(
            "POST",
            "/v2/login",
            None,
            Some(json!({"username": "g@example.com", "password": PASSWORD, "scope": "csr"})),
        )
        .await;
    assert_eq!(
        r.json()["user"]["groups"],
        json!([{"id": sales, "name": "Sales"}])
    );
}

#[actix_rt::test]
async fn deletes_users_one_and_many() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let a = app.user(&admin, "a@example.com", None, &["user"]).await;
    let b = app.user(&admin, "b@example.com", None, &["user"]).await;
    let c = app.user(&admin, "c@example.com", None, &["user"]).await;
    let token_a = app.login("a@example.com", PASSWORD).await;
    let r = app
        .put(
            "/v2/triggerDevices",
            &token_a,
            json!({"deviceId": "353092051071645"}),
        )
        .await;
    assert_eq!(r.status, 201);

    let r = app.delete(&format!("/v2/admin/users/{a}"), &admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), json!({"code": 204, "devmsg": "success"}));
    app.get(&format!("/v2/admin/users/{a}"), &admin)
        .await
        .assert_error(404, 91170107031001);
    // Their session ended with them.
    assert_eq!(app.get("/v2/devices", &token_a).await.status, 401);

    // All or nothing: one unknown id deletes none.
    let r = app
        .delete(&format!("/v2/admin/users?ids={b},{c},987654"), &admin)
        .await;
    r.assert_error(404, 91170147031001);
    assert_eq!(
        app.get(&format!("/v2/admin/users/{b}"), &admin)
            .await
            .status,
        200
    );
    let r = app
        .delete(&format!("/v2/admin/users?ids={b},{c}"), &admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        app.get("/v2/admin/users", &admin)
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );

    for bad in [
        "/v2/admin/users",
        "/v2/admin/users?ids=",
        "/v2/admin/users?ids=1,x",
    ] {
        let r = app.delete(bad, &admin).await;
        assert_eq!(r.status, 400, "{bad}: {}", r.text());
    }
    // The email is free again.
    app.user(&admin, "a@example.com", None, &["user"]).await;
}

#[actix_rt::test]
async fn wipe_out_keeps_the_account_and_removes_the_data() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let acme = app.company(&admin, "Acme").await;
    let sales = app.group(&admin, acme, "Sales").await;
    let id = app
        .user(&admin, "w@example.com", Some(acme), &["user"])
        .await;
    app.post(
        &format!("/v2/admin/users/{id}/groups?cmd=set"),
        &admin,
        json!([sales]),
    )
    .await;
    let token = app.login("w@example.com", PASSWORD).await;
    let other = app.user(&admin, "o@example.com", None, &["user"]).await;
    let other_token = app.login("o@example.com", PASSWORD).await;
    for t in [&token, &other_token] {
        let r = app
            .put(
                "/v2/devices",
                t,
                json!({"deviceId": "3q2+7w==", "name": "phone"}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        let r = app
            .put(
                "/v2/triggerDevices",
                t,
                json!({"deviceId": "353092051071645"}),
            )
            .await;
        assert_eq!(r.status, 201);
        // CRM data: a contact with a basicInfo, a standalone basicInfo, a deal with a note.
        let r = app
            .put(
                "/v2/contacts",
                t,
                json!({"contactType": "person", "firstName": "Ann",
                       "basicInfos": [{"type": "phone", "value": "030 1234567"}],
                       "tags": ["vip"]}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        let contact = r.json()["entity"]["id"].clone();
        let r = app
            .put(
                "/v2/basicInfos",
                t,
                json!({"type": "phone", "value": "030 7654321", "excluded": true}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        let r = app
            .put(
                "/v2/deals",
                t,
                json!({"name": "Big deal", "relatedTo": {"id": contact}}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        let deal = r.json()["entity"]["id"].clone();
        let r = app
            .put(
                "/v2/notes",
                t,
                json!({"message": "call back", "relatedTo": {"id": deal, "type": "deal"}}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
    }
    let r = app.get("/v2/activities", &token).await;
    assert_eq!(r.json()["totalLength"], 6);

    let r = app
        .post(
            &format!("/v2/admin/users/{id}?cmd=wipeAccount"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), json!({"code": 200, "devmsg": "success"}));

    // Sessions ended; the account still logs in, with no data.
    assert_eq!(app.get("/v2/devices", &token).await.status, 401);
    let token = app.login("w@example.com", PASSWORD).await;
    assert_eq!(app.get("/v2/devices", &token).await.json(), json!([]));
    assert_eq!(
        app.get("/v2/triggerDevices", &token).await.json(),
        json!([])
    );
    assert_eq!(
        app.get("/v2/activities", &token).await.json()["totalLength"],
        0
    );
    for list in ["/v2/contacts", "/v2/tags", "/v2/deals", "/v2/notes"] {
        let body = app.get(list, &token).await.json();
        let empty =
            body == json!([]) || body["totalLength"] == json!(0) || body["data"] == json!([]);
        assert!(empty, "{list} after the wipe-out: {body}");
    }
    let u = app
        .get(&format!("/v2/admin/users/{id}"), &admin)
        .await
        .json();
    assert_eq!(u["companyId"], acme);
    assert_eq!(u["groups"], json!([{"id": sales, "name": "Sales"}]));
    assert_eq!(u["roles"], json!(["user"]));

    // Someone else's data is untouched.
    assert_eq!(
        app.get("/v2/devices", &other_token)
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let body = app.get("/v2/contacts", &other_token).await.json();
    assert_eq!(body["totalLength"], 1, "{body}");
    let _ = other;

    // `null` as body works too; an unknown cmd is a 400.
    let r = app
        .call(
            "POST",
            &format!("/v2/admin/users/{id}?cmd=wipeAccount"),
            Some(&admin),
            Some(Value::Null),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let r = app
        .post(&format!("/v2/admin/users/{id}?cmd=wipe"), &admin, json!({}))
        .await;
    r.assert_error(400, 92010117032005);
}

#[actix_rt::test]
async fn wiping_oneself_keeps_the_own_session() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let me = app.get("/v2/admin/users", &admin).await.json()[0]["id"]
        .as_i64()
        .unwrap();
    let second = app.login(ADMIN_EMAIL, PASSWORD).await;
    let r = app
        .post(
            &format!("/v2/admin/users/{me}?cmd=wipeAccount"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(app.get("/v2/devices", &admin).await.status, 200);
    assert_eq!(app.get("/v2/devices", &second).await.status, 401);
}

#[actix_rt::test]
async fn concurrent_creates_of_one_email_make_one_user() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let body = json!({"email": "race@example.com", "password": PASSWORD});
    let calls = (0..6).map(|_| app.put("/v2/admin/users", &admin, body.clone()));
    let answers = futures_util::future::join_all(calls).await;
    let created = answers.iter().filter(|r| r.status == 201).count();
    assert_eq!(created, 1);
    for r in answers.iter().filter(|r| r.status != 201) {
        r.assert_error(409, 93030127033003);
    }
}

#[actix_rt::test]
async fn admin_reads_answer_jsonp() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let r = app.get("/v2/admin/users?callback=show", &admin).await;
    assert_eq!(r.status, 200);
    let text = r.text();
    assert!(text.starts_with("/**/show([{"), "{text}");
    assert!(text.ends_with(");"));
}

/// The password policy is 8 to 128 characters, not blank, as the document's schema says
/// (found by Schemathesis: the server counted bytes up to bcrypt's 72, which no schema can
/// state, so the document's pattern and the server disagreed). A password past 72 bytes
/// counts whole: one that differs only after its 72nd byte does not log in.
#[actix_rt::test]
async fn passwords_are_8_to_128_characters_and_count_whole() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let doc = app.get("/v2/openapi.json", "").await.json();
    let p = &doc["components"]["schemas"]["CreateUserRequest"]["properties"]["password"];
    assert_eq!(
        (p["minLength"].clone(), p["maxLength"].clone()),
        (json!(8), json!(128)),
        "{p}"
    );
    // 100 characters, 200 bytes.
    let long = "ä".repeat(99) + "x";
    let r = app
        .put(
            "/v2/admin/users",
            &admin,
            json!({"email": "long@example.com", "password": long}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    app.login("long@example.com", &long).await;
    let almost = "ä".repeat(99) + "y";
    let r = app
        .call(
            "POST",
            "/v2/login",
            None,
            Some(
                json!({"username": "long@example.com", "password": almost, "scope": "web portal"}),
            ),
        )
        .await;
    assert_eq!(r.status, 401, "{}", r.text());
    for (password, status) in [
        ("x".repeat(129), 400),
        ("1234567".to_string(), 400),
        ("        \t".to_string(), 400),
        (format!(" {}", "y".repeat(127)), 201),
    ] {
        let r = app
            .put(
                "/v2/admin/users",
                &admin,
                json!({"email": format!("p{}@example.com", password.len()), "password": password}),
            )
            .await;
        assert_eq!(r.status, status, "{password:?}: {}", r.text());
    }
}

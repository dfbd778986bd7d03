//! Input at the edges (issue 13, items 4, 5, 9–13): U+0000 in any string and overlong indexed
//! text answer 400 on both backends with nothing stored; JSON sent as a form or plain text is
//! read; a wrong old password is invalid data; repeated group ids; camelCase address lines;
//! strict integer ids in paths.

use serde_json::{json, Value};

use crate::common::*;

/// A user's token.
async fn user(app: &TestApp, email: &str) -> String {
    app.insert_user(email, true, "user").await;
    app.login(email, PASSWORD).await
}

/// Asserts a 400 with exception 9202 (no usable text), this detail, and a devmsg naming the
/// field.
#[track_caller]
fn assert_nul(r: &Resp, detail: u64, field: &str) {
    let b = r.json();
    assert_eq!(r.status, 400, "{b}");
    let code = b["error"].as_u64().unwrap_or(0);
    assert_eq!(code / 10_000_000_000, 9202, "{b}");
    assert_eq!(code % 10_000, detail, "{b}");
    let devmsg = b["devmsg"].as_str().unwrap_or("");
    assert!(devmsg.contains(field), "devmsg names {field}: {b}");
    assert!(devmsg.contains("U+0000"), "{b}");
}

fn len(v: &Value) -> usize {
    v.as_array().map(Vec::len).unwrap_or(usize::MAX)
}

#[actix_rt::test]
async fn nul_in_body_strings_is_400_naming_the_field_and_stores_nothing() {
    let app = TestApp::start().await;
    let t = user(&app, "nul@example.com").await;
    let c = app
        .put(
            "/v2/contacts",
            &t,
            json!({"contactType": "person", "firstName": "Ann"}),
        )
        .await;
    assert_eq!(c.status, 201, "{}", c.text());
    let c = c.json()["entity"]["id"].as_i64().unwrap();

    let person = |extra: Value| {
        let mut b = json!({"contactType": "person", "firstName": "Bob"});
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    let update = format!("/v2/contacts/{c}");
    let cases: Vec<(&str, &str, Value, u64, &str)> = vec![
        (
            "PUT",
            "/v2/contacts",
            person(json!({"firstName": "B\u{0}ob"})),
            92020121002001,
            "firstName",
        ),
        (
            "PUT",
            "/v2/contacts",
            person(json!({"basicInfos": [
                {"type": "email", "value": "ok@x.org"},
                {"type": "email", "value": "b\u{0}@x.org"}
            ]})),
            92020121002001,
            "basicInfos[1].value",
        ),
        (
            "PUT",
            "/v2/contacts",
            person(json!({"addresses": [{"city": "Ber\u{0}lin"}]})),
            92020121002001,
            "addresses[0].city",
        ),
        (
            "PUT",
            "/v2/contacts",
            person(json!({"profiles": {"twitter": {"username": "\u{0}"}}})),
            92020121002001,
            "profiles.twitter.username",
        ),
        (
            "PUT",
            "/v2/contacts",
            person(json!({"tags": ["x", "y\u{0}"]})),
            92020121002001,
            "tags[1]",
        ),
        (
            "POST",
            &update,
            json!({"version": 1, "lastName": "\u{0}"}),
            92020111002001,
            "lastName",
        ),
        (
            "PUT",
            "/v2/notes",
            json!({"message": "m\u{0}", "relatedTo": {"id": c, "type": "contact"}}),
            92020124002001,
            "message",
        ),
        (
            "PUT",
            "/v2/tasks",
            json!({"title": "\u{0}"}),
            92020123002001,
            "title",
        ),
        (
            "PUT",
            "/v2/taskLists",
            json!({"title": "l\u{0}"}),
            92020123022001,
            "title",
        ),
        (
            "PUT",
            "/v2/deals",
            json!({"name": "d\u{0}"}),
            92020122002001,
            "name",
        ),
        (
            "PUT",
            "/v2/devices",
            json!({"deviceId": "\u{0}", "name": "phone"}),
            0,
            "deviceId",
        ),
        (
            "PUT",
            "/v2/triggerDevices",
            json!({"deviceId": "imei\u{0}"}),
            0,
            "deviceId",
        ),
        (
            "PUT",
            "/v2/contacts",
            person(json!({"k\u{0}": 1})),
            92020121002001,
            "(a key)",
        ),
    ];
    for (method, path, body, code, field) in cases {
        let r = app.call(method, path, Some(&t), Some(body.clone())).await;
        assert_nul(&r, 2001, field);
        if code != 0 {
            r.assert_error(400, code);
        }
    }

    // The trigger event's data, before the token is even looked at.
    let r = app
        .call_headers(
            "PUT",
            "/v2/interactions",
            None,
            Some(json!({"type": "call-incoming", "data": "+49 30\u{0}"})),
            &[("triggerToken".into(), "whatever".into())],
        )
        .await;
    assert_nul(&r, 2001, "data");
    r.assert_error(400, 92020129002001);

    // A vCard inside the import body.
    let r = app
        .post(
            "/v2/import?cmd=importContacts",
            &t,
            json!({"externalSystem": "vcard",
                   "content": "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nul\u{0}Person\r\nEND:VCARD\r\n"}),
        )
        .await;
    assert_nul(&r, 2001, "content");

    // The login username, before authentication: no 500, no lockout of the real account.
    let r = app
        .call(
            "POST",
            "/v2/login",
            None,
            Some(json!({"username": "nul@example.com\u{0}", "password": PASSWORD, "scope": "web portal"})),
        )
        .await;
    assert_nul(&r, 2001, "username");
    r.assert_error(400, 92020200402001);

    // Nothing was stored.
    let contacts = app.get("/v2/contacts", &t).await.json();
    assert_eq!(contacts["totalLength"], json!(1), "{contacts}");
    let one = app.get(&format!("/v2/contacts/{c}"), &t).await.json();
    assert_eq!(one["lastName"], Value::Null, "{one}");
    assert_eq!(one["firstName"], json!("Ann"), "{one}");
    for list in [
        "/v2/notes",
        "/v2/deals",
        "/v2/taskLists",
        "/v2/devices",
        "/v2/triggerDevices",
    ] {
        let r = app.get(list, &t).await;
        assert_eq!(r.status, 200, "{list}: {}", r.text());
        let body = r.json();
        let items = if body.is_array() {
            body.clone()
        } else {
            body["entity"].clone()
        };
        assert_eq!(len(&items), 0, "{list}: {body}");
    }
    let tasks = app.get("/v2/tasks", &t).await.json();
    assert!(
        !tasks.to_string().contains("title"),
        "no task was stored: {tasks}"
    );
}

#[actix_rt::test]
async fn nul_in_query_parameters_and_path_is_400_naming_the_parameter() {
    let app = TestApp::start().await;
    let t = user(&app, "nulq@example.com").await;
    for (path, field) in [
        ("/v2/contacts?q=ann%00", "q"),
        ("/v2/cleanup?cmd=getConflicts&value=%2B49%00", "value"),
        ("/v2/triggerDevices?deviceId=imei%00", "deviceId"),
        (
            "/v2/contacts?projection=base&x%00=1",
            "query parameter name",
        ),
        ("/v2/tags/a%00b", "path"),
    ] {
        let r = app.get(path, &t).await;
        assert_nul(&r, 2005, field);
    }
    app.get("/v2/contacts?q=ann%00", &t)
        .await
        .assert_error(400, 92020101002005);
    // Before authentication too: a JSONP GET with the token in the query.
    let r = app
        .call("GET", "/v2/contacts?authToken=%00", None, None)
        .await;
    assert_nul(&r, 2005, "authToken");
}

#[actix_rt::test]
async fn overlong_indexed_text_is_refused_before_the_database() {
    let app = TestApp::start().await;
    let t = user(&app, "long@example.com").await;
    let long = "x".repeat(2800);

    // The login username: the usual 401, and the real account is not locked by it.
    for _ in 0..3 {
        app.call(
            "POST",
            "/v2/login",
            None,
            Some(json!({"username": format!("{long}@example.com"), "password": "x", "scope": "web portal"})),
        )
        .await
        .assert_error(401, 94010200404003);
    }
    app.login("long@example.com", PASSWORD).await;

    // Query parameters of indexed lookups.
    app.get(&format!("/v2/contacts?q={long}"), &t)
        .await
        .assert_error(400, 92010101002005);
    let r = app
        .get(&format!("/v2/cleanup?cmd=getConflicts&value={long}"), &t)
        .await;
    assert_eq!(r.status, 400, "{}", r.text());
    let r = app
        .get(&format!("/v2/triggerDevices?deviceId={long}"), &t)
        .await;
    assert_eq!(r.status, 400, "{}", r.text());

    // Indexed columns written from the body.
    for (path, body) in [
        ("/v2/triggerDevices", json!({"deviceId": long})),
        ("/v2/devices", json!({"deviceId": long, "name": "p"})),
        (
            "/v2/contacts",
            json!({"contactType": "person", "firstName": "A", "tags": [long]}),
        ),
        (
            "/v2/contacts",
            json!({"contactType": "organization", "organizationName": long}),
        ),
        (
            "/v2/contacts",
            json!({"contactType": "person", "firstName": "A",
                   "basicInfos": [{"type": "email", "value": format!("{long}@x.org")}]}),
        ),
    ] {
        let r = app.put(path, &t, body).await;
        assert_eq!(r.status, 400, "{path}: {}", r.text());
    }

    // A trigger token of that length is simply not valid.
    let r = app
        .call_headers(
            "PUT",
            "/v2/interactions",
            None,
            Some(json!({"type": "call-incoming", "data": "+49 30 1234"})),
            &[("triggerToken".into(), long.clone())],
        )
        .await;
    r.assert_error(401, 94010129004003);

    // Import: the account name, and a card's UID.
    app.post(
        "/v2/import?cmd=importContacts",
        &t,
        json!({"externalSystem": "vcard", "username": long,
               "content": "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:VCARD\r\n"}),
    )
    .await
    .assert_error(400, 92010151112003);
    let r = app
        .post(
            "/v2/import?cmd=importContacts",
            &t,
            json!({"externalSystem": "vcard",
                   "content": format!("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{long}\r\nFN:Ann Lee\r\nEND:VCARD\r\n")}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());

    let contacts = app.get("/v2/contacts", &t).await.json();
    assert_eq!(contacts["totalLength"], json!(0), "{contacts}");
    assert_eq!(len(&app.get("/v2/devices", &t).await.json()), 0);
}

async fn picture_setup(app: &TestApp) -> (String, i64) {
    let t = user(app, "form@example.com").await;
    let r = app
        .put(
            "/v2/contacts",
            &t,
            json!({"contactType": "person", "firstName": "Pic"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    (t, r.json()["entity"]["id"].as_i64().unwrap())
}

const FORM: &str = "application/x-www-form-urlencoded; charset=UTF-8";

#[actix_rt::test]
async fn json_sent_as_a_form_or_plain_text_is_read_and_other_bodies_are_415() {
    let app = TestApp::start().await;
    let (t, contact) = picture_setup(&app).await;

    // The document's $.ajax picture upload (2.5.3.1.12): no contentType, so jQuery's form type.
    let body = json!({"contactId": contact, "base64": PNG}).to_string();
    let r = app
        .raw(
            "PUT",
            "/v2/pictures",
            &[("authToken", &t), ("Content-Type", FORM)],
            body.as_bytes(),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let pid = r.json()["entity"]["id"].as_i64().unwrap();

    // The picture update (2.5.3.1.15), as text/plain.
    let body = json!({"base64": PNG}).to_string();
    let r = app
        .raw(
            "POST",
            &format!("/v2/pictures/{pid}"),
            &[
                ("authToken", &t),
                ("Content-Type", "text/plain;charset=UTF-8"),
            ],
            body.as_bytes(),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());

    // A contact create as a form.
    let body = json!({"contactType": "person", "firstName": "Formed"}).to_string();
    let r = app
        .raw(
            "PUT",
            "/v2/contacts",
            &[("authToken", &t), ("Content-Type", FORM)],
            body.as_bytes(),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["entity"]["firstName"], json!("Formed"));

    // The share (2.5.3.2.8) with the document's `{}` body as a form.
    let r = app
        .raw(
            "POST",
            &format!("/v2/contacts/{contact}?cmd=share&groups=1"),
            &[("authToken", &t), ("Content-Type", FORM)],
            b"{}",
        )
        .await;
    assert_ne!(r.status, 415, "{}", r.text());

    // A real form body, plain text that is not JSON, and other types stay 415.
    for (ct, body) in [
        (FORM, &b"contactType=person&firstName=Eve"[..]),
        ("text/plain", &b"just words"[..]),
        (
            "text/html",
            &br#"{"contactType":"person","firstName":"Eve"}"#[..],
        ),
        ("multipart/form-data; boundary=x", &b"--x--"[..]),
    ] {
        app.raw(
            "PUT",
            "/v2/contacts",
            &[("authToken", &t), ("Content-Type", ct)],
            body,
        )
        .await
        .assert_error(415, 92010121002004);
    }
    let contacts = app.get("/v2/contacts", &t).await.json();
    assert_eq!(contacts["totalLength"], json!(2), "{contacts}");
}

#[actix_rt::test]
async fn a_wrong_old_password_is_400_and_still_throttled() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    for _ in 0..5 {
        app.post(
            "/v2/myAccount?cmd=changePwd",
            &admin,
            json!({"oldPassword": "guess", "newPassword": "long enough"}),
        )
        .await
        .assert_error(400, 92010117502001);
    }
    // The session is not over.
    assert_eq!(app.get("/v2/devices", &admin).await.status, 200);
    app.post(
        "/v2/myAccount?cmd=changePwd",
        &admin,
        json!({"oldPassword": PASSWORD, "newPassword": "long enough"}),
    )
    .await
    .assert_error(429, 94010117504004);
}

#[actix_rt::test]
async fn repeated_group_ids_count_once() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let company = app.company(&admin, "Repeats").await;
    let g1 = app.group(&admin, company, "one").await;
    let g2 = app.group(&admin, company, "two").await;
    let u = app
        .user(&admin, "rep@example.com", Some(company), &["user"])
        .await;
    let groups_of = |r: &Resp| -> Vec<i64> {
        assert_eq!(r.status, 200, "{}", r.text());
        let b = r.json();
        let mut ids: Vec<i64> = b["groups"]
            .as_array()
            .unwrap_or_else(|| panic!("{b}"))
            .iter()
            .map(|g| g["id"].as_i64().unwrap())
            .collect();
        ids.sort();
        ids
    };
    let path = |cmd: &str| format!("/v2/admin/users/{u}/groups?cmd={cmd}");
    let r = app.post(&path("add"), &admin, json!([g1, g1])).await;
    assert_eq!(groups_of(&r), vec![g1]);
    let r = app.post(&path("add"), &admin, json!([g1, g2, g2])).await;
    assert_eq!(groups_of(&r), vec![g1, g2]);
    let r = app.post(&path("set"), &admin, json!([g2, g2, g2])).await;
    assert_eq!(groups_of(&r), vec![g2]);
    let r = app.post(&path("remove"), &admin, json!([g2, g2])).await;
    assert_eq!(groups_of(&r), Vec::<i64>::new());
    // Roles as before.
    let r = app
        .post(
            &format!("/v2/admin/users/{u}/roles?cmd=set"),
            &admin,
            json!(["user", "user"]),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
}

#[actix_rt::test]
async fn camel_case_address_lines_are_kept() {
    let app = TestApp::start().await;
    let t = user(&app, "addr@example.com").await;
    let r = app
        .put(
            "/v2/contacts",
            &t,
            json!({"contactType": "person", "firstName": "Al",
                   "addresses": [{"addressLine1": "Main St 1", "addressLine2": "Floor 2",
                                  "addressLine3": "PO Box 3", "city": "Berlin"}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["entity"]["id"].as_i64().unwrap();
    let got = app.get(&format!("/v2/contacts/{id}"), &t).await.json();
    let a = &got["addresses"][0];
    assert_eq!(a["addressline1"], json!("Main St 1"), "{got}");
    assert_eq!(a["addressline2"], json!("Floor 2"), "{got}");
    assert_eq!(a["addressline3"], json!("PO Box 3"), "{got}");
    let version = got["version"].clone();
    let aid = a["id"].clone();

    // Update: camelCase again, and the lower-case spelling still works.
    let r = app
        .post(
            &format!("/v2/contacts/{id}"),
            &t,
            json!({"version": version,
                   "addresses": [{"id": aid, "addressLine1": "Side St 9", "city": "Berlin"},
                                 {"addressline1": "Lower 1", "city": "Bonn"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let got = app.get(&format!("/v2/contacts/{id}"), &t).await.json();
    let lines: Vec<&Value> = got["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["addressline1"])
        .collect();
    assert_eq!(lines, vec![&json!("Side St 9"), &json!("Lower 1")], "{got}");

    // Both spellings at once are a duplicate field, named.
    let r = app
        .put(
            "/v2/contacts",
            &t,
            json!({"contactType": "person", "firstName": "Al",
                   "addresses": [{"addressLine1": "a", "addressline1": "b"}]}),
        )
        .await;
    let b = r.assert_error(400, 92010121002001);
    assert!(
        b["devmsg"].as_str().unwrap().contains("addresses[0]"),
        "{b}"
    );
}

#[actix_rt::test]
async fn ids_in_paths_are_decimal_digits_without_sign_or_leading_zero() {
    let app = TestApp::start().await;
    let t = user(&app, "ids@example.com").await;
    let r = app
        .put(
            "/v2/contacts",
            &t,
            json!({"contactType": "person", "firstName": "One"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["entity"]["id"].as_i64().unwrap();
    assert_eq!(app.get(&format!("/v2/contacts/{id}"), &t).await.status, 200);

    for bad in [
        format!("+{id}"),
        format!("0{id}"),
        format!("-{id}"),
        format!("{id}e0"),
        format!("%20{id}"),
        format!("{id}%20"),
        format!("{id}.0"),
        "1e3".to_string(),
        "9223372036854775808".to_string(),
    ] {
        let r = app.get(&format!("/v2/contacts/{bad}"), &t).await;
        let b = r.assert_error(400, 92010101002005);
        assert!(b["devmsg"].as_str().unwrap().contains("id"), "{bad}: {b}");
        app.get(&format!("/v2/contacts/{bad}/notes"), &t)
            .await
            .assert_error(400, 92010101062005);
        app.delete(&format!("/v2/contacts/{bad}"), &t)
            .await
            .assert_error(400, 92010141002005);
    }
    // The interact.io interactions: `01` is not interaction 1.
    let r = app.get("/v2/interactions/01", &t).await;
    assert_eq!(r.status, 400, "{}", r.text());
    let r = app
        .post("/v2/interactions/01", &t, json!({"notes": "x"}))
        .await;
    assert_eq!(r.status, 400, "{}", r.text());
    // `0` is an id that names nothing.
    app.get("/v2/contacts/0", &t)
        .await
        .assert_error(404, 91040101001001);
    // Integers in a query are read by the same rule.
    let r = app.get("/v2/contacts?offset=0&limit=1", &t).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["length"], json!(1));
    for bad in [
        "limit=%2B1",
        "limit=01",
        "limit=1.0",
        "offset=-1",
        "offset=0.0",
    ] {
        let r = app.get(&format!("/v2/contacts?{bad}"), &t).await;
        assert_eq!(r.status, 400, "{bad}: {}", r.text());
    }
    // The document says it: its `integer` would admit `1.0` (JSON Schema), so a path id and
    // an integer in a query are strings of decimal digits there (found by Schemathesis,
    // which sent `/v2/admin/companies/1.0` as a valid id).
    let doc = app.get("/v2/openapi.json", "").await.json();
    for (path, name) in [
        ("/v2/contacts/{id}", "id"),
        ("/v2/contacts", "limit"),
        ("/v2/customFields", "companyId"),
    ] {
        let p = doc["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{path} {name}"))
            .clone();
        let text = p["schema"].to_string();
        assert!(!text.contains("integer"), "{path} {name}: {text}");
        assert!(text.contains("[1-9][0-9]"), "{path} {name}: {text}");
    }
}

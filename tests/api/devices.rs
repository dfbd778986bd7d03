//! Devices (2.5.3.1.68–71) and trigger devices (2.5.2.2–3) through HTTP.

use serde_json::json;

use crate::common::*;

const HEX: &str = "6a79bcd2b124bcd835a0769ca53f9b12bbd2b8a779f7fde29b7c11897dcff4a8";
/// The same 32 bytes as `HEX`, in base64.
const B64: &str = "anm80rEkvNg1oHacpT+bErvSuKd59/3im3wRiX3P9Kg=";

#[actix_rt::test]
async fn registers_lists_updates_and_deletes_a_device() {
    let app = TestApp::start().await;
    let token = app.admin().await;
    let r = app
        .put(
            "/v2/devices",
            &token,
            json!({"deviceId": HEX.to_uppercase(), "name": "Ipad 2", "decoded": true, "active": true}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let b = r.json();
    assert_eq!(b["code"], 201);
    let id = b["entity"]["id"].as_i64().unwrap();
    assert_eq!(
        b["entity"],
        json!({"id": id, "active": true, "deviceId": HEX, "name": "Ipad 2"})
    );

    // The same device in the other form is the same device.
    let r = app
        .put("/v2/devices", &token, json!({"deviceId": B64}))
        .await;
    r.assert_error(409, 93020126003003);

    let r = app.get("/v2/devices", &token).await;
    assert_eq!(
        r.json(),
        json!([{"id": id, "active": true, "deviceId": HEX, "name": "Ipad 2"}])
    );

    let r = app
        .post(
            &format!("/v2/devices/{id}"),
            &token,
            json!({"name": "Ipad 3", "active": false}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json(),
        json!({"code": 200, "entity": {"id": id, "active": false, "deviceId": HEX, "name": "Ipad 3"}, "devmsg": "success"})
    );

    // Every change is in the journal.
    let acts = app.get("/v2/activities", &token).await.json();
    assert_eq!(acts["totalLength"], 2);
    assert_eq!(acts["data"][0]["entityType"], "device");
    assert_eq!(acts["data"][0]["action"], "update");
    assert_eq!(acts["data"][0]["entity"]["oldState"]["name"], "Ipad 2");
    assert_eq!(acts["data"][0]["entity"]["newState"]["name"], "Ipad 3");

    let r = app.delete(&format!("/v2/devices/{id}"), &token).await;
    assert_eq!(r.json(), json!({"code": 204, "devmsg": "success"}));
    assert_eq!(app.get("/v2/devices", &token).await.json(), json!([]));
    let acts = app.get("/v2/activities", &token).await.json();
    assert_eq!(acts["data"][0]["action"], "delete");
    app.delete(&format!("/v2/devices/{id}"), &token)
        .await
        .assert_error(404, 91080146001001);

    // Registered from base64, answered in hex.
    let r = app
        .put(
            "/v2/devices",
            &token,
            json!({"deviceId": B64, "name": "again"}),
        )
        .await;
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["entity"]["deviceId"], HEX);
}

#[actix_rt::test]
async fn device_ids_must_be_base64_or_64_hex_digits() {
    let app = TestApp::start().await;
    let token = app.admin().await;
    let doc_example = "6g79bcd2b124bcd835a0769cas3f9b12bbd2b8a779f7fde29b7c11897dcff4q8";
    for body in [
        json!({"deviceId": doc_example, "decoded": true}),
        json!({"deviceId": "abcdef", "decoded": true}),
        json!({"deviceId": "not base64!"}),
        json!({"deviceId": "a", "decoded": false}),
        json!({"deviceId": B64, "name": "x".repeat(256)}),
        json!({"deviceId": 12}),
    ] {
        let r = app.put("/v2/devices", &token, body.clone()).await;
        r.assert_error(
            400,
            if body["name"].is_string() {
                92010126002003
            } else {
                92010126002001
            },
        );
    }
    app.put("/v2/devices", &token, json!({"name": "x"}))
        .await
        .assert_error(400, 92020126002002);
    assert_eq!(app.get("/v2/devices", &token).await.json(), json!([]));
    assert_eq!(
        app.get("/v2/activities", &token).await.json()["totalLength"],
        0
    );
}

#[actix_rt::test]
async fn another_users_device_is_404() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    app.user(&admin, "a@example.com", None, &["user"]).await;
    let a = app.login("a@example.com", PASSWORD).await;
    let id = app
        .put("/v2/devices", &a, json!({"deviceId": B64, "name": "mine"}))
        .await
        .json()["entity"]["id"]
        .as_i64()
        .unwrap();
    // Even an interact_admin: devices are the owner's CRM data.
    app.post(
        &format!("/v2/devices/{id}"),
        &admin,
        json!({"name": "stolen"}),
    )
    .await
    .assert_error(404, 91080116001001);
    app.delete(&format!("/v2/devices/{id}"), &admin)
        .await
        .assert_error(404, 91080146001001);
    assert_eq!(app.get("/v2/devices", &admin).await.json(), json!([]));
    // The same token registered by someone else is their own registration.
    let r = app
        .put("/v2/devices", &admin, json!({"deviceId": B64}))
        .await;
    assert_eq!(r.status, 201);
    assert_eq!(app.get("/v2/devices", &a).await.json()[0]["name"], "mine");
}

#[actix_rt::test]
async fn trigger_devices_and_their_tokens() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let r = app
        .put(
            "/v2/triggerDevices",
            &admin,
            json!({"deviceId": "2155341-13582-5-38"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let b = r.json();
    assert_eq!(b["code"], 201);
    let e = &b["entity"];
    let id = e["id"].as_i64().unwrap();
    let token = e["triggerToken"].as_str().unwrap().to_string();
    assert!(token.len() >= 22);
    assert_eq!(
        e,
        &json!({"id": id, "deviceId": "2155341-13582-5-38", "triggerToken": token})
    );

    let r = app
        .get("/v2/triggerDevices?deviceId=2155341-13582-5-38", &admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), json!({"triggerToken": token}));
    let r = app.get("/v2/triggerDevices", &admin).await;
    assert_eq!(r.json(), json!([e]));

    app.put(
        "/v2/triggerDevices",
        &admin,
        json!({"deviceId": "2155341-13582-5-38"}),
    )
    .await
    .assert_error(409, 93020126013003);
    app.put("/v2/triggerDevices", &admin, json!({}))
        .await
        .assert_error(400, 92020126012002);
    // maxLength 255 counts the id as sent, blanks included.
    let r = app
        .put(
            "/v2/triggerDevices",
            &admin,
            json!({"deviceId": format!(" {}", "7".repeat(255))}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.json()["devmsg"].as_str().unwrap().contains("deviceId"));
    // So is the query of a token: blank or too long is a 400, as the document's pattern and
    // maxLength say.
    for q in ["%0A".to_string(), "7".repeat(256)] {
        let r = app
            .get(&format!("/v2/triggerDevices?deviceId={q}"), &admin)
            .await;
        assert_eq!(r.status, 400, "{q}: {}", r.text());
    }
    app.get("/v2/triggerDevices?deviceId=353092051071645", &admin)
        .await
        .assert_error(404, 91080106011001);

    // Another user neither reads the token nor sees the device.
    app.user(&admin, "b@example.com", None, &["user"]).await;
    let b = app.login("b@example.com", PASSWORD).await;
    app.get("/v2/triggerDevices?deviceId=2155341-13582-5-38", &b)
        .await
        .assert_error(404, 91080106011001);
    assert_eq!(app.get("/v2/triggerDevices", &b).await.json(), json!([]));
    let acts = app.get("/v2/activities", &admin).await.json();
    assert_eq!(acts["data"][0]["entityType"], "triggerDevice");
    assert_eq!(acts["data"][0]["action"], "insert");
}

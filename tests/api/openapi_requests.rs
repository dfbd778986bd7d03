//! The request schemas of the OpenAPI document require what the server requires (issue 13):
//! a field the document marks required is one whose absence the server answers with a 400
//! naming it, create and update forms differ where their handlers do, and a request the
//! document calls valid is accepted.

use serde_json::{json, Value};

use crate::common::*;

async fn document(app: &TestApp) -> Value {
    let r = app.call("GET", "/v2/openapi.json", None, None).await;
    assert_eq!(r.status, 200);
    r.json()
}

fn required(doc: &Value, schema: &str) -> Vec<String> {
    let s = &doc["components"]["schemas"][schema];
    assert!(s.is_object(), "no schema {schema}");
    let mut out: Vec<String> = s["required"]
        .as_array()
        .map(|a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// The schema a body refers to (the first of a `oneOf`: the update's, beside the share's
/// `null` on `POST /v2/contacts/{id}`).
fn body_ref(doc: &Value, path: &str, method: &str) -> String {
    let schema =
        &doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"];
    let schema = if schema["oneOf"].is_array() {
        &schema["oneOf"][0]
    } else {
        schema
    };
    schema["$ref"]
        .as_str()
        .unwrap_or_else(|| panic!("{method} {path} has no body schema"))
        .rsplit('/')
        .next()
        .unwrap()
        .to_string()
}

/// The document's required fields, schema by schema; the server answers 400 naming each one
/// when it is left out of an otherwise valid request.
#[actix_web::test]
async fn required_fields_are_the_ones_the_server_requires() {
    let app = TestApp::start().await;
    let t = fixtures::user(&app, "required@example.com").await;
    let doc = document(&app).await;
    let contact = app.person(&t, Person::named("Ada").last("L")).await;
    let cid = contact["id"].as_i64().unwrap();

    for (schema, fields) in [
        ("TaskListRequest", vec!["title"]),
        ("NoteRequest", vec!["message", "relatedTo"]),
        ("NoteUpdateRequest", vec!["message"]),
        ("DealRequest", vec!["name"]),
        ("DealUpdateRequest", vec![]),
        ("BasicInfoCreateRequest", vec!["type", "value"]),
        ("BasicInfoRequest", vec![]),
        ("PictureRequest", vec!["base64", "contactId"]),
        ("LoginRequest", vec!["password", "scope", "username"]),
        ("ContactCreateRequest", vec!["contactType"]),
        // An update without `version` is a version conflict (409), not a missing field.
        ("ContactRequest", vec![]),
        ("TriggerRequest", vec!["data", "type"]),
        ("RegisterDeviceRequest", vec!["deviceId"]),
        ("RegisterTriggerDeviceRequest", vec!["deviceId"]),
        ("MergeRequest", vec!["contact"]),
        ("ImportRequest", vec!["externalSystem"]),
    ] {
        assert_eq!(required(&doc, schema), fields, "{schema}");
    }
    for (path, method, schema) in [
        ("/v2/notes", "put", "NoteRequest"),
        ("/v2/notes/{id}", "post", "NoteUpdateRequest"),
        ("/v2/deals", "put", "DealRequest"),
        ("/v2/deals/{id}", "post", "DealUpdateRequest"),
        ("/v2/basicInfos", "put", "BasicInfoCreateRequest"),
        ("/v2/basicInfos/{id}", "post", "BasicInfoRequest"),
        ("/v2/pictures", "put", "PictureRequest"),
        ("/v2/pictures/{id}", "post", "PictureUpdateRequest"),
        ("/v2/contacts", "put", "ContactCreateRequest"),
        ("/v2/contacts/{id}", "post", "ContactRequest"),
    ] {
        assert_eq!(body_ref(&doc, path, method), schema, "{method} {path}");
    }

    // Each required field left out of a valid body: a 400 naming it.
    let cases: Vec<(&str, &str, Value, &str)> = vec![
        ("PUT", "/v2/taskLists", json!({}), "title"),
        (
            "PUT",
            "/v2/notes",
            json!({"relatedTo": {"id": cid}}),
            "message",
        ),
        ("PUT", "/v2/notes", json!({"message": "hi"}), "relatedTo"),
        ("PUT", "/v2/deals", json!({"hot": true}), "name"),
        (
            "PUT",
            "/v2/basicInfos",
            json!({"value": "+4930123456"}),
            "type",
        ),
        ("PUT", "/v2/basicInfos", json!({"type": "phone"}), "value"),
        ("PUT", "/v2/triggerDevices", json!({}), "deviceId"),
        ("PUT", "/v2/devices", json!({"name": "Ipad 2"}), "deviceId"),
        (
            "PUT",
            "/v2/contacts",
            json!({"firstName": "Ada"}),
            "contactType",
        ),
        (
            "PUT",
            "/v2/contacts",
            json!({"contactType": "person", "middleName": "M"}),
            "firstName or lastName",
        ),
    ];
    for (method, path, body, field) in cases {
        let r = app.call(method, path, Some(&t), Some(body.clone())).await;
        assert_eq!(r.status, 400, "{method} {path} {body}: {}", r.text());
        let devmsg = r.json()["devmsg"].as_str().unwrap_or("").to_string();
        assert!(devmsg.contains(field), "{method} {path}: {devmsg}");
    }
    app.stop().await;
}

/// Every string of a request the document describes excludes U+0000, and every object's keys
/// and open values do too: the server refuses U+0000 anywhere in a body.
#[actix_web::test]
async fn strings_and_keys_exclude_nul_in_the_document() {
    let app = TestApp::start().await;
    let doc = document(&app).await;
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    assert!(schemas.contains_key("AnyJson"));
    for (name, schema) in schemas {
        let Some(props) = schema["properties"].as_object() else {
            continue;
        };
        assert!(
            schema["propertyNames"]["pattern"].is_string(),
            "{name} leaves its keys open"
        );
        for (field, p) in props {
            let is_string = p["type"] == "string"
                || p["type"]
                    .as_array()
                    .is_some_and(|t| t.contains(&json!("string")));
            let bounded = p.get("pattern").is_some()
                || p.get("enum").is_some()
                || p.get("const").is_some()
                || p.get("format").is_some();
            assert!(!is_string || bounded, "{name}.{field} admits U+0000");
        }
    }
    // Not blank: the server's `trim` (Unicode White_Space), spelled out.
    let title = &schemas["TaskListRequest"]["properties"]["title"];
    assert_eq!(title["maxLength"], json!(255));
    assert!(title["pattern"].as_str().unwrap().contains("\\u3000"));
    app.stop().await;
}

/// Sends a request and asserts its status; answers the entity's id, if any.
async fn accepted(
    app: &TestApp,
    t: &str,
    method: &str,
    path: &str,
    body: Value,
    status: u16,
) -> i64 {
    let r = app.call(method, path, Some(t), Some(body.clone())).await;
    assert_eq!(r.status, status, "{method} {path} {body}: {}", r.text());
    r.json()["entity"]["id"].as_i64().unwrap_or(0)
}

/// Requests built from the document's schemas (the shapes a generator makes from them) are
/// accepted.
#[actix_web::test]
async fn requests_the_document_calls_valid_are_accepted() {
    let app = TestApp::start().await;
    let (uid, t) = app.owner("valid@example.com").await;
    let person =
        json!({"contactType": "person", "lastName": "Lovelace", "firstName": null, "tags": ["x"]});
    let cid = accepted(&app, &t, "PUT", "/v2/contacts", person, 201).await;
    let org = json!({"contactType": "organization", "organizationName": "TU"});
    accepted(&app, &t, "PUT", "/v2/contacts", org, 201).await;
    accepted(
        &app,
        &t,
        "PUT",
        "/v2/taskLists",
        json!({"title": "EMEA"}),
        201,
    )
    .await;
    let note = json!({"message": "hi", "relatedTo": {"id": cid, "type": null}});
    let nid = accepted(&app, &t, "PUT", "/v2/notes", note, 201).await;
    // The update forms: `message` only; nothing at all.
    let path = format!("/v2/notes/{nid}");
    accepted(&app, &t, "POST", &path, json!({"message": "ho"}), 200).await;
    let deal = json!({"name": "Roof", "currency": "EUR", "stage": null, "value": 0});
    let did = accepted(&app, &t, "PUT", "/v2/deals", deal, 201).await;
    accepted(
        &app,
        &t,
        "POST",
        &format!("/v2/deals/{did}"),
        json!({}),
        200,
    )
    .await;
    for (path, body) in [
        (
            "/v2/tasks",
            json!({"title": "Call", "hot": false, "relatedTo": {"id": cid}}),
        ),
        // `assignedTo` as an id written with a zero fraction (an integer in JSON Schema).
        ("/v2/tasks", json!({"assignedTo": uid as f64})),
        ("/v2/triggerDevices", json!({"deviceId": "353092051071645"})),
        ("/v2/devices", json!({"deviceId": "AAAA", "decoded": null})),
        (
            "/v2/devices",
            json!({"deviceId": "ab".repeat(32), "decoded": true}),
        ),
    ] {
        accepted(&app, &t, "PUT", path, body, 201).await;
    }
    // Ids as the document's `IdList`: a string (empty for none) or an array.
    let rel = json!({"contactType": "person", "lastName": "R", "relatedTo": ""});
    accepted(&app, &t, "PUT", "/v2/contacts", rel, 201).await;
    let rel = json!({"contactType": "person", "lastName": "R", "relatedTo": "x"});
    accepted(&app, &t, "PUT", "/v2/contacts", rel, 400).await;
    // An integer written with a zero fraction, large enough that a float parser that is not
    // correctly rounded would read a fraction into it: the list is looked up (404), not
    // refused (400).
    let r = app
        .raw(
            "PUT",
            "/v2/tasks",
            &[("authToken", &t), ("content-type", "application/json")],
            br#"{"listId": -2110742185490623.0}"#,
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.text());
    // A picture: the smallest base64 the documented pattern admits (a GIF header).
    let pic = json!({"contactId": cid, "base64": "R0lGODlh", "isDefault": null});
    let pid = accepted(&app, &t, "PUT", "/v2/pictures", pic, 201).await;
    let path = format!("/v2/pictures/{pid}");
    let flag = json!({"base64": null, "isDefault": true});
    accepted(&app, &t, "POST", &path, flag, 200).await;
    // A character split at the fifth byte (`$Ìl` then U+009F): a 400, not a 500.
    let split = json!({"base64": "$\u{cc}l\u{9f}x"});
    accepted(&app, &t, "POST", &path, split, 400).await;
    app.stop().await;
}

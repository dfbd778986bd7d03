//! The OpenAPI document tells the truth (issue 13): what Schemathesis found the server doing
//! other than the document says, each fixed on the wire where the document or DESIGN.md asks.

use serde_json::{json, Value};

use crate::common::*;

/// A number with a zero fraction is an integer in JSON Schema 2020-12, so the document's
/// `integer` admits `49.0`: the server reads it as 49.
#[actix_web::test]
async fn integral_floats_are_integers() {
    let app = TestApp::start().await;
    let t = fixtures::user(&app, "floats@example.com").await;
    let r = app
        .put("/v2/deals", &t, json!({"name": "Roof", "value": 49.0}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["entity"]["value"], json!(49));
    // A fraction is still refused, naming the field.
    let r = app
        .put("/v2/deals", &t, json!({"name": "Roof", "value": 49.5}))
        .await;
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.json()["devmsg"].as_str().unwrap().contains("value"));
    // A number written outside i64 is refused, not rounded into it as a float (found by
    // Schemathesis: `-9223372036854775809` was read as the float −2^63, an integer).
    for body in [
        r#"{"contactType":"person","lastName":"L","version":-9223372036854775809}"#,
        r#"{"contactType":"person","lastName":"L","version":9223372036854775808}"#,
        r#"{"contactType":"person","lastName":"L","version":1e300}"#,
    ] {
        let r = app
            .raw(
                "PUT",
                "/v2/contacts",
                &[("authToken", &t), ("content-type", "application/json")],
                body.as_bytes(),
            )
            .await;
        assert_eq!(r.status, 400, "{body}: {}", r.text());
        assert!(
            r.json()["devmsg"].as_str().unwrap().contains("version"),
            "{}",
            r.text()
        );
    }
    // Up to 2^53 a float with a zero fraction is still the integer.
    let r = app
        .put(
            "/v2/deals",
            &t,
            json!({"name": "Big", "value": 9007199254740992.0}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["entity"]["value"], json!(9007199254740992_i64));
    app.stop().await;
}

/// A credential that is present but wrong is refused, even beside a right one.
#[actix_web::test]
async fn a_wrong_authorization_header_beside_a_right_token_is_401() {
    let app = TestApp::start().await;
    let t = fixtures::user(&app, "creds@example.com").await;
    let get = |headers: Vec<(String, String)>| {
        let app = &app;
        let t = t.clone();
        async move {
            app.call_headers("GET", "/v2/contacts", Some(&t), None, &headers)
                .await
        }
    };
    assert_eq!(get(vec![]).await.status, 200);
    let same = get(vec![("Authorization".into(), format!("Bearer {t}"))]).await;
    assert_eq!(same.status, 200, "{}", same.text());
    for (value, says) in [
        ("Bearer not-the-token", "different tokens"),
        ("Basic dXNlcjpwYXNz", "Bearer"),
        ("Bearer", "Bearer"),
    ] {
        let r = get(vec![("Authorization".into(), value.into())]).await;
        assert_eq!(r.status, 401, "{value}: {}", r.text());
        let body = r.json();
        assert_eq!(body["code"], json!(401));
        assert!(
            body["devmsg"].as_str().unwrap().contains(says),
            "{value}: {body}"
        );
        assert_eq!(body["error"].as_u64().unwrap() / 10_000_000_000, 9401);
    }
    app.stop().await;
}

/// `offset` or `limit` given twice is a 400 naming it: which one would count is a guess.
#[actix_web::test]
async fn a_repeated_paging_parameter_is_400() {
    let app = TestApp::start().await;
    let t = fixtures::user(&app, "paging@example.com").await;
    assert_eq!(app.get("/v2/contacts?limit=2", &t).await.status, 200);
    for (query, name) in [
        ("limit=1&limit=2", "limit"),
        ("offset=0&offset=0", "offset"),
    ] {
        let r = app.get(&format!("/v2/contacts?{query}"), &t).await;
        assert_eq!(r.status, 400, "{query}: {}", r.text());
        let devmsg = r.json()["devmsg"].as_str().unwrap().to_string();
        assert!(
            devmsg.contains(name) && devmsg.contains("more than once"),
            "{devmsg}"
        );
    }
    app.stop().await;
}

/// An empty `offset=` or `limit=` (what a form serializer sends for an empty field) is read as
/// not given, and the document says so (`oneOf` an integer and the empty string).
#[actix_web::test]
async fn an_empty_paging_parameter_is_not_given() {
    let app = TestApp::start().await;
    let t = fixtures::user(&app, "empty-paging@example.com").await;
    for path in [
        "/v2/contacts?offset=&limit=",
        "/v2/tasks?limit=",
        "/v2/activities?offset=",
    ] {
        let r = app.get(path, &t).await;
        assert_eq!(r.status, 200, "{path}: {}", r.text());
    }
    let doc = app.get("/v2/openapi.json", "").await.json();
    let params = doc["paths"]["/v2/contacts"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let limit = params.iter().find(|p| p["name"] == "limit").unwrap();
    let alternatives = limit["schema"]["oneOf"].as_array().unwrap();
    // Decimal digits (an integer in a query), or empty.
    assert_eq!(alternatives[0]["type"], json!("string"));
    assert_eq!(alternatives[0]["pattern"], json!("^(0|[1-9][0-9]{0,17})$"));
    assert_eq!(alternatives[1]["maxLength"], json!(0));
    app.stop().await;
}

/// The merged contact of `cmd=merge` is read like a whole body: `1.0` where an integer is read
/// is 1 (found by Schemathesis on `contact.version`); a fraction is still refused.
#[actix_web::test]
async fn integral_floats_in_a_merged_contact_are_integers() {
    let app = TestApp::start().await;
    let t = fixtures::user(&app, "merge-floats@example.com").await;
    let person = |name: &str| json!({"contactType": "person", "lastName": name});
    let target = fixtures::create(&app, &t, person("Target")).await;
    let other = fixtures::create(&app, &t, person("Other")).await;
    // `contact.id` is read as an integer too when written `7.0` (and refused as `7.5`).
    let id = target["id"].as_i64().unwrap();
    let merge = |version: Value| {
        json!({
            "contactIds": [other["id"]],
            "contact": {"id": id as f64, "version": version, "lastName": "Merged"}
        })
    };
    let mut fractional = merge(json!(1));
    fractional["contact"]["id"] = json!(id as f64 + 0.5);
    let r = app.post("/v2/contacts?cmd=merge", &t, fractional).await;
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.json()["devmsg"].as_str().unwrap().contains("contact.id"));
    let r = app
        .post("/v2/contacts?cmd=merge", &t, merge(json!(1.5)))
        .await;
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.json()["devmsg"]
        .as_str()
        .unwrap()
        .contains("contact.version"));
    let r = app
        .post("/v2/contacts?cmd=merge", &t, merge(json!(1.0)))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["entity"]["lastName"], json!("Merged"));
    assert_eq!(r.json()["entity"]["version"], json!(2));
    app.stop().await;
}

/// Every create links to the operations on what it created, with parameters the created
/// answer holds; following one reaches the created contact.
#[actix_web::test]
async fn creates_link_to_the_operations_on_what_they_created() {
    let app = TestApp::start().await;
    let t = fixtures::user(&app, "links@example.com").await;
    let doc = app.get("/v2/openapi.json", "").await.json();
    let mut ids = std::collections::BTreeSet::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            if let Some(id) = op["operationId"].as_str() {
                ids.insert(id.to_string());
            }
        }
    }
    let links = |path: &str, method: &str| {
        doc["paths"][path][method]["responses"]["201"]["links"]
            .as_object()
            .unwrap_or_else(|| panic!("{method} {path} has no links"))
            .clone()
    };
    let mut linked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(ls) = op["responses"]["201"]["links"].as_object() else {
                continue;
            };
            for (name, link) in ls {
                let target = link["operationId"].as_str().unwrap();
                assert!(ids.contains(target), "{method} {path}: {name} → {target}");
                assert!(link["parameters"]["id"].is_string(), "{link}");
                linked += 1;
            }
        }
    }
    assert!(linked > 40, "{linked} links");
    let contact = links("/v2/contacts", "put");
    for op in [
        "get_contact",
        "update_contact",
        "delete_contact",
        "contact_notes",
    ] {
        assert_eq!(
            contact[op]["parameters"]["id"],
            json!("$response.body#/entity/id"),
            "{op}"
        );
    }
    // The shared /v2/interactions/{id}: a canvass interaction (a UUID, with its etag) and a
    // CRM interaction (an integer) each reach only the operations that read their id.
    let canvass = links("/v2/interactions", "post");
    assert_eq!(
        canvass["patch_interaction"]["parameters"],
        json!({"id": "$response.body#/id", "header.etag": "$response.body#/meta/etag"})
    );
    assert!(canvass.contains_key("get_interaction"));
    assert!(!canvass.contains_key("update_crm_interaction"));
    let crm = links("/v2/interactions", "put");
    assert!(crm.contains_key("update_crm_interaction"));
    assert!(!crm.contains_key("patch_interaction"));

    // Following the link: the id where the link says reaches the contact.
    let r = app
        .put(
            "/v2/contacts",
            &t,
            json!({"contactType": "person", "lastName": "Linked"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let created = r.json();
    let id = created.pointer("/entity/id").unwrap();
    let got = app.get(&format!("/v2/contacts/{id}"), &t).await;
    assert_eq!(got.status, 200, "{}", got.text());
    assert_eq!(got.json()["lastName"], json!("Linked"));
    app.stop().await;
}

/// A create has no version yet: the create schema admits one (or null) and the server does
/// not read it; an update reads it, and one without it (left out or `null`) is a version
/// conflict (found by Schemathesis: `"version": null` on `PUT /v2/contacts` was accepted while
/// the document said integer).
#[actix_web::test]
async fn a_version_on_create_is_not_read() {
    let app = TestApp::start().await;
    let t = fixtures::user(&app, "create-version@example.com").await;
    let doc = app.get("/v2/openapi.json", "").await.json();
    let version = &doc["components"]["schemas"]["ContactCreateRequest"]["properties"]["version"];
    assert_eq!(version["type"], json!(["integer", "null"]), "{version}");
    let update = &doc["components"]["schemas"]["ContactRequest"]["properties"]["version"];
    assert_eq!(update["type"], json!(["integer", "null"]), "{update}");
    for v in [json!(null), json!(7)] {
        let r = app
            .put(
                "/v2/contacts",
                &t,
                json!({"contactType": "person", "lastName": "V", "version": v}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        assert_eq!(r.json()["entity"]["version"], json!(1));
    }
    let r = app
        .put(
            "/v2/contacts",
            &t,
            json!({"contactType": "person", "lastName": "V", "version": "x"}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text());
    app.stop().await;
}

/// The document names the profiles as the wire does (`linkedIn`, not the Rust field's
/// `linked_in`), in answers and in requests; a profile sent under its wire name is kept.
#[actix_web::test]
async fn profiles_are_documented_under_their_wire_names() {
    let app = TestApp::start().await;
    let t = fixtures::user(&app, "profiles-names@example.com").await;
    let doc = app.get("/v2/openapi.json", "").await.json();
    for schema in ["Profiles", "ProfilesInput"] {
        let props = doc["components"]["schemas"][schema]["properties"]
            .as_object()
            .unwrap();
        assert!(props.contains_key("linkedIn"), "{schema}: {props:?}");
        assert!(!props.contains_key("linked_in"), "{schema}: {props:?}");
    }
    let r = app
        .put(
            "/v2/contacts",
            &t,
            json!({"contactType": "person", "lastName": "P",
                   "profiles": {"linkedIn": {"connected": true, "username": "pl"}}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let linked_in = &r.json()["entity"]["profiles"]["linkedIn"];
    assert_eq!(linked_in["username"], json!("pl"), "{linked_in}");
    app.stop().await;
}

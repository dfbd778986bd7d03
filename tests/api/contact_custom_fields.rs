//! Custom field values on contacts (DESIGN.md: `customFields` are
//! `[{"id","name","value"}]` for contact fields of the owner's company): create, update,
//! read, replacement, validation against the company's fields, and deletion of the field.

use serde_json::{json, Value};

use crate::common::*;

struct Setup {
    app: TestApp,
    ia: String,
    user: String,
    field: i64,
    other_field: i64,
    foreign_field: i64,
}

async fn field(app: &TestApp, admin: &str, company: i64, name: &str, entity: &str) -> i64 {
    let r = app
        .put(
            "/v2/admin/customFields",
            admin,
            json!({"name": name, "companyId": company, "entityType": entity}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()["entity"]["id"].as_i64().unwrap()
}

async fn setup() -> Setup {
    let app = TestApp::start().await;
    let ia = app.admin().await;
    let a = app.company(&ia, "A inc").await;
    let b = app.company(&ia, "B inc").await;
    app.user(&ia, "u@a.test", Some(a), &["user"]).await;
    let user = app.login("u@a.test", PASSWORD).await;
    let field = field(&app, &ia, a, "Customer number", "contact").await;
    let other_field = field_named(&app, &ia, a, "Region").await;
    let foreign_field = field_named(&app, &ia, b, "B's field").await;
    Setup {
        app,
        ia,
        user,
        field,
        other_field,
        foreign_field,
    }
}

async fn field_named(app: &TestApp, admin: &str, company: i64, name: &str) -> i64 {
    field(app, admin, company, name, "contact").await
}

async fn create(s: &Setup, values: Value) -> crate::common::Resp {
    s.app
        .put(
            "/v2/contacts",
            &s.user,
            json!({"contactType": "person", "firstName": "Ann", "customFields": values}),
        )
        .await
}

#[actix_rt::test]
async fn values_are_stored_answered_and_replaced() {
    let s = setup().await;
    let r = create(&s, json!([{"id": s.field, "value": "C-17"}])).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let c = r.json()["entity"].clone();
    assert_eq!(
        c["customFields"],
        json!([{"id": s.field, "name": "Customer number", "value": "C-17"}])
    );
    let id = c["id"].as_i64().unwrap();

    // Read back, in every projection that carries it.
    let got = s
        .app
        .get(&format!("/v2/contacts/{id}"), &s.user)
        .await
        .json();
    assert_eq!(got["customFields"], c["customFields"]);
    let flat = s
        .app
        .get(&format!("/v2/contacts/{id}?projection=flat"), &s.user)
        .await
        .json();
    assert_eq!(flat["customFields"], c["customFields"]);

    // An update without customFields keeps them; a list given replaces them.
    let r = s
        .app
        .post(
            &format!("/v2/contacts/{id}"),
            &s.user,
            json!({"version": c["version"], "hot": true}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let c = r.json()["entity"].clone();
    assert_eq!(c["customFields"][0]["value"], json!("C-17"));
    let r = s
        .app
        .post(
            &format!("/v2/contacts/{id}"),
            &s.user,
            json!({"version": c["version"], "customFields": [
                {"id": s.other_field, "name": "Region", "value": "North"},
                {"id": s.field, "value": "C-18"}
            ]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let c = r.json()["entity"].clone();
    assert_eq!(
        c["customFields"],
        json!([
            {"id": s.other_field, "name": "Region", "value": "North"},
            {"id": s.field, "name": "Customer number", "value": "C-18"}
        ])
    );

    // Renaming the field shows the new name; deleting it removes the value.
    let r = s
        .app
        .post(
            &format!("/v2/admin/customFields/{}", s.field),
            &s.ia,
            json!({"name": "Client no."}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let got = s
        .app
        .get(&format!("/v2/contacts/{id}"), &s.user)
        .await
        .json();
    assert_eq!(got["customFields"][1]["name"], json!("Client no."));
    let r = s
        .app
        .delete(
            &format!("/v2/admin/customFields?ids={}", s.other_field),
            &s.ia,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let got = s
        .app
        .get(&format!("/v2/contacts/{id}"), &s.user)
        .await
        .json();
    assert_eq!(
        got["customFields"],
        json!([{"id": s.field, "name": "Client no.", "value": "C-18"}])
    );

    // The journal carries the values in the contact's states (the last change of the
    // contact itself was the update that set both).
    let acts = s.app.get("/v2/activities?limit=1", &s.user).await.json();
    assert_eq!(acts["data"][0]["entityType"], json!("contact"));
    assert_eq!(
        acts["data"][0]["entity"]["newState"]["customFields"],
        json!([
            {"id": s.other_field, "name": "Region", "value": "North"},
            {"id": s.field, "name": "Customer number", "value": "C-18"}
        ])
    );
}

#[actix_rt::test]
async fn values_are_validated_against_the_company_fields() {
    let s = setup().await;
    let cases = [
        // Another company's field: like one that does not exist (404).
        (
            json!([{"id": s.foreign_field, "value": "x"}]),
            404,
            91000121001001_u64,
            "customFields[0].id",
        ),
        (
            json!([{"id": 999999, "value": "x"}]),
            404,
            91000121001001,
            "customFields[0].id",
        ),
        // No id, no value.
        (
            json!([{"value": "x"}]),
            400,
            92020121002002,
            "customFields[0].id",
        ),
        (
            json!([{"id": s.field}]),
            400,
            92020121002002,
            "customFields[0].value",
        ),
        // A name that is not the stored one for the id: a conflict with it.
        (
            json!([{"id": s.field, "name": "Region", "value": "x"}]),
            409,
            93000121003003,
            "customFields[0].name",
        ),
        // Too long.
        (
            json!([{"id": s.field, "value": "x".repeat(256)}]),
            400,
            92010121002003,
            "customFields[0].value",
        ),
        // Twice the same field.
        (
            json!([{"id": s.field, "value": "a"}, {"id": s.field, "value": "b"}]),
            400,
            92010121002001,
            "customFields[1]",
        ),
        // Not a list of objects.
        (json!("C-17"), 400, 92010121002001, "customFields"),
    ];
    for (values, status, code, field) in cases {
        let r = create(&s, values.clone()).await;
        let b = r.assert_error(status, code);
        assert!(
            b["devmsg"].as_str().unwrap().contains(field),
            "{values}: {b}"
        );
    }
    // Nothing was stored by the refused requests.
    let list = s.app.get("/v2/contacts", &s.user).await.json();
    assert_eq!(list["totalLength"], json!(0), "{list}");
}

#[actix_rt::test]
async fn a_user_without_a_company_has_no_custom_fields() {
    let s = setup().await;
    s.app.insert_user("lonely@x.test", true, "user").await;
    let t = s.app.login("lonely@x.test", PASSWORD).await;
    let r = s
        .app
        .put(
            "/v2/contacts",
            &t,
            json!({"contactType": "person", "firstName": "B",
                   "customFields": [{"id": s.field, "value": "x"}]}),
        )
        .await;
    r.assert_error(404, 91000121001001);
    let r = s
        .app
        .put(
            "/v2/contacts",
            &t,
            json!({"contactType": "person", "firstName": "B", "customFields": []}),
        )
        .await;
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["entity"]["customFields"], json!([]));
}

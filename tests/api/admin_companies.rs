//! Companies, groups and custom fields through HTTP (2.5.3.1.58–67, 72–76).

use serde_json::{json, Value};

use crate::common::*;

#[actix_rt::test]
async fn companies_with_their_users() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let r = app
        .put(
            "/v2/admin/companies",
            &admin,
            json!({"name": "xailabs GmbH"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let b = r.json();
    assert_eq!(b["code"], 201);
    let id = b["entity"]["id"].as_i64().unwrap();
    assert_eq!(
        b["entity"],
        json!({"id": id, "name": "xailabs GmbH", "companyId": id, "users": []})
    );
    let u = app.user(&admin, "u@example.com", Some(id), &["user"]).await;

    let r = app.get(&format!("/v2/admin/companies/{id}"), &admin).await;
    assert_eq!(r.status, 200);
    let c = r.json();
    assert_eq!(c["name"], "xailabs GmbH");
    assert_eq!(c["users"].as_array().unwrap().len(), 1);
    assert_eq!(c["users"][0]["id"], u);
    assert_eq!(c["users"][0]["email"], "u@example.com");
    assert_eq!(c["users"][0]["companyId"], id);
    assert!(c["users"][0]["interactionsCount"].is_i64());

    let second = app.company(&admin, "Second").await;
    let r = app.get("/v2/admin/companies", &admin).await;
    let list = r.json();
    let ids: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![id, second]);

    // The document's example path is an alias.
    let r = app
        .put("/v2/companies", &admin, json!({"name": "Alias Ltd"}))
        .await;
    assert_eq!(r.status, 201);

    for body in [
        json!({}),
        json!({"name": "  "}),
        json!({"name": "x".repeat(256)}),
        // maxLength counts the name as sent, blanks included.
        json!({"name": format!("  {}", "x".repeat(254))}),
        json!({"name": 1}),
    ] {
        let r = app.put("/v2/admin/companies", &admin, body.clone()).await;
        assert_eq!(r.status, 400, "{body}: {}", r.text());
    }
    // 255 characters with blanks around are accepted and stored trimmed.
    let r = app
        .put(
            "/v2/admin/companies",
            &admin,
            json!({"name": format!(" {} ", "y".repeat(253))}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["entity"]["name"], "y".repeat(253));
    app.get("/v2/admin/companies/98765", &admin)
        .await
        .assert_error(404, 91030107011001);
}

#[actix_rt::test]
async fn a_company_with_users_cannot_be_deleted() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let full = app.company(&admin, "Full").await;
    let empty = app.company(&admin, "Empty").await;
    app.group(&admin, empty, "Team").await;
    let u = app
        .user(&admin, "u@example.com", Some(full), &["user"])
        .await;

    let r = app
        .delete(&format!("/v2/admin/companies?ids={empty},{full}"), &admin)
        .await;
    r.assert_error(409, 93000147013003);
    assert_eq!(
        app.get(&format!("/v2/admin/companies/{empty}"), &admin)
            .await
            .status,
        200
    );

    let r = app
        .delete(&format!("/v2/admin/companies?ids={empty}"), &admin)
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), json!({"code": 204, "devmsg": "success"}));
    assert_eq!(
        app.get(&format!("/v2/admin/companies/{empty}"), &admin)
            .await
            .status,
        404
    );

    app.delete(&format!("/v2/admin/users/{u}"), &admin).await;
    let r = app
        .delete(&format!("/v2/admin/companies?ids={full}"), &admin)
        .await;
    assert_eq!(r.status, 200);
    let r = app.delete("/v2/admin/companies?ids=424242", &admin).await;
    r.assert_error(404, 91030147011001);
}

#[actix_rt::test]
async fn groups_crud_and_listing_by_company() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let acme = app.company(&admin, "Acme").await;
    let r = app
        .put(
            "/v2/admin/groups",
            &admin,
            json!({"name": "Sales dept.", "companyId": acme}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let g = r.json()["entity"].clone();
    let id = g["id"].as_i64().unwrap();
    assert_eq!(
        g,
        json!({"id": id, "name": "Sales dept.", "companyId": acme, "users": []})
    );
    let u = app
        .user(&admin, "m@example.com", Some(acme), &["user"])
        .await;
    app.post(
        &format!("/v2/admin/users/{u}/groups?cmd=add"),
        &admin,
        json!([id]),
    )
    .await;

    let r = app.get(&format!("/v2/admin/groups/{id}"), &admin).await;
    assert_eq!(r.status, 200);
    let g = r.json();
    assert_eq!(g["users"][0]["id"], u);
    assert_eq!(
        g["users"][0]["groups"],
        json!([{"id": id, "name": "Sales dept."}])
    );

    let r = app
        .post(
            &format!("/v2/admin/group/{id}"),
            &admin,
            json!({"name": "sales department"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["code"], 200);
    assert_eq!(r.json()["entity"]["name"], "sales department");

    let second = app.group(&admin, acme, "Support").await;
    let r = app
        .get(&format!("/v2/admin/companies/{acme}/groups"), &admin)
        .await;
    assert_eq!(r.status, 200);
    let list = r.json();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["name"], "sales department");
    assert_eq!(list[0]["companyId"], acme);
    assert_eq!(list[0]["users"][0]["id"], u);
    assert_eq!(list[1]["id"], second);

    // Bad input.
    let r = app
        .put("/v2/admin/groups", &admin, json!({"name": "x"}))
        .await;
    r.assert_error(400, 92020127042002);
    let r = app
        .put(
            "/v2/admin/groups",
            &admin,
            json!({"name": "x", "companyId": 5555}),
        )
        .await;
    r.assert_error(404, 91030127041001);
    let r = app
        .post(&format!("/v2/admin/groups/{id}"), &admin, json!({}))
        .await;
    r.assert_error(400, 92020117042002);
    // Another company than the group's: the stored company decides (409), nothing changes.
    let r = app
        .post(
            &format!("/v2/admin/groups/{id}"),
            &admin,
            json!({"name": "moved", "companyId": 9_000_000_000_i64}),
        )
        .await;
    let b = r.assert_error(409, 93000117043003);
    assert!(b["devmsg"].as_str().unwrap().contains("companyId"), "{b}");
    let g = app
        .get(&format!("/v2/admin/groups/{id}"), &admin)
        .await
        .json();
    assert_ne!(g["name"], json!("moved"), "{g}");

    let r = app.delete(&format!("/v2/admin/groups/{id}"), &admin).await;
    assert_eq!(r.json(), json!({"code": 204, "devmsg": "success"}));
    app.get(&format!("/v2/admin/groups/{id}"), &admin)
        .await
        .assert_error(404, 91090107041001);
    let user = app
        .get(&format!("/v2/admin/users/{u}"), &admin)
        .await
        .json();
    assert_eq!(user["groups"], json!([]), "membership went with the group");
    let r = app
        .delete(&format!("/v2/admin/groups?ids={second},777"), &admin)
        .await;
    r.assert_error(404, 91090147041001);
    let r = app
        .delete(&format!("/v2/admin/groups?ids={second}"), &admin)
        .await;
    assert_eq!(r.status, 200);
}

#[actix_rt::test]
async fn custom_fields_crud() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let acme = app.company(&admin, "Acme").await;
    app.user(&admin, "ca@example.com", Some(acme), &["customer_admin"])
        .await;
    let ca = app.login("ca@example.com", PASSWORD).await;

    // companyId defaults to the creator's company.
    let r = app
        .put(
            "/v2/customFields",
            &ca,
            json!({"name": "family status", "dataType": "varchar", "entityType": "contact"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let f = r.json()["entity"].clone();
    let id = f["id"].as_i64().unwrap();
    assert_eq!(
        f,
        json!({"id": id, "companyId": acme, "dataType": "varchar", "entityType": "contact", "name": "family status"})
    );
    let r = app.get(&format!("/v2/admin/customFields/{id}"), &ca).await;
    assert_eq!(r.json(), f);

    let r = app
        .post(
            &format!("/v2/admin/customFields/{id}"),
            &ca,
            json!({"name": "hair color"}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["entity"]["name"], "hair color");

    let second = app
        .put("/v2/admin/customFields", &ca, json!({"name": "shoe size"}))
        .await
        .json()["entity"]["id"]
        .as_i64()
        .unwrap();

    let r = app
        .get(
            &format!("/v2/admin/companies/{acme}/customFields?entityType=contact"),
            &ca,
        )
        .await;
    assert_eq!(r.status, 200);
    let list = r.json();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["name"], "hair color");
    let r = app
        .get(
            &format!("/v2/admin/company/{acme}/customFields?entityType=deal"),
            &ca,
        )
        .await;
    assert_eq!(r.json(), json!([]), "other entity types list nothing");
    let r = app
        .get(
            &format!("/v2/admin/companies/{acme}/customFields?offset=1&limit=5"),
            &ca,
        )
        .await;
    let page = r.json();
    assert_eq!(page["totalLength"], 2);
    assert_eq!(page["startIndex"], 1);
    assert_eq!(page["length"], 1);
    assert_eq!(page["data"][0]["id"], second);
    let r = app
        .get("/v2/admin/customFields?offset=0&limit=25", &ca)
        .await;
    assert_eq!(r.json()["totalLength"], 2);

    // Bad input.
    let cases: [(Value, u16, u64); 5] = [
        (
            json!({"name": "x", "dataType": "integer"}),
            400,
            92010127052001,
        ),
        (
            json!({"name": "x", "entityType": "deal"}),
            400,
            92010127052001,
        ),
        (json!({}), 400, 92020127052002),
        (json!({"name": "shoe size"}), 409, 93000127053003),
        (
            json!({"name": "x", "companyId": 31337}),
            404,
            91030127051001,
        ),
    ];
    for (body, status, code) in cases {
        app.put("/v2/admin/customFields", &ca, body)
            .await
            .assert_error(status, code);
    }
    // An interact_admin without a company must name one.
    app.put("/v2/admin/customFields", &admin, json!({"name": "x"}))
        .await
        .assert_error(400, 92020127052002);
    let r = app
        .post(
            &format!("/v2/admin/customFields/{id}"),
            &ca,
            json!({"name": "shoe size"}),
        )
        .await;
    r.assert_error(409, 93000117053003);

    let r = app
        .delete(&format!("/v2/admin/customFields?ids={id},{second}"), &ca)
        .await;
    assert_eq!(r.json(), json!({"code": 204, "devmsg": "success"}));
    app.get(&format!("/v2/admin/customFields/{id}"), &ca)
        .await
        .assert_error(404, 91000107051001);
}

#[actix_rt::test]
async fn custom_field_values_are_validated_against_the_company() {
    use interact_domain::admin::CustomFieldValueInput as V;
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let acme = app.company(&admin, "Acme").await;
    let other = app.company(&admin, "Other").await;
    let mk = |company: i64, name: &'static str| {
        let app = &app;
        let admin = admin.clone();
        async move {
            app.put(
                "/v2/admin/customFields",
                &admin,
                json!({"name": name, "companyId": company}),
            )
            .await
            .json()["entity"]["id"]
                .as_i64()
                .unwrap()
        }
    };
    let status = mk(acme, "status").await;
    let foreign = mk(other, "status").await;
    let check = |company: Option<i64>, values: Vec<V>| {
        let db = app.ctx.db.clone();
        async move {
            db.read(move |c| {
                interact_service::custom_fields::validate_values(
                    c,
                    company,
                    &values,
                    "customFields",
                )
            })
            .await
        }
    };
    let v = |id: Option<i64>, name: Option<&str>, value: Option<&str>| V {
        id,
        name: name.map(str::to_string),
        value: value.map(str::to_string),
    };
    let ok = check(Some(acme), vec![v(Some(status), None, Some("married"))])
        .await
        .unwrap();
    assert_eq!(ok.len(), 1);
    assert_eq!(ok[0].name, "status");
    assert_eq!(ok[0].value, "married");
    assert!(
        check(Some(acme), vec![v(Some(status), Some("status"), Some(""))])
            .await
            .is_ok()
    );

    let long = "x".repeat(256);
    let bad = [
        (
            Some(acme),
            vec![v(Some(foreign), None, Some("x"))],
            (404, "customFields[0].id"),
        ),
        (
            None,
            vec![v(Some(status), None, Some("x"))],
            (404, "customFields[0].id"),
        ),
        (
            Some(acme),
            vec![v(None, None, Some("x"))],
            (400, "customFields[0].id"),
        ),
        (
            Some(acme),
            vec![v(Some(status), Some("other"), Some("x"))],
            (409, "customFields[0].name"),
        ),
        (
            Some(acme),
            vec![v(Some(status), None, None)],
            (400, "customFields[0].value"),
        ),
        (
            Some(acme),
            vec![v(Some(status), None, Some(&long))],
            (400, "customFields[0].value"),
        ),
        (
            Some(acme),
            vec![
                v(Some(status), None, Some("a")),
                v(Some(status), None, Some("b")),
            ],
            (400, "customFields[1].id"),
        ),
    ];
    // A field that is not the company's answers like a missing one (404); a name that is not
    // the stored one conflicts with it (409).
    for (company, values, (want, field)) in bad {
        let e = check(company, values).await.unwrap_err();
        assert_eq!(e.status(), want, "{e}");
        assert!(e.devmsg.starts_with(field), "{field}: {}", e.devmsg);
    }
}

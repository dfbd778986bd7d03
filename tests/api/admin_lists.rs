//! The administration lists with many users (issue 12): `GET /v2/admin/users`, companies and a
//! company's groups read every user's groups and interaction count in a fixed number of
//! statements; the answers must stay what one user's answer says, user by user.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::common::*;

/// 200 users over two companies, three groups; returns (company A, company B, groups of A,
/// group of B, user ids in ascending order).
async fn populate(app: &TestApp) -> (i64, i64, [i64; 2], i64, Vec<i64>) {
    let (a, _) = app.insert_company("Alpha").await;
    let (b, _) = app.insert_company("Beta").await;
    let (a1, _) = app.insert_group(a, "A one").await;
    let (a2, _) = app.insert_group(a, "A two").await;
    let (b1, _) = app.insert_group(b, "B one").await;
    let hash = interact_service::auth::hash_password(&app.ctx, PASSWORD.to_string())
        .await
        .unwrap();
    let ids = app
        .ctx
        .db
        .write(move |c| {
            let mut ids = Vec::new();
            for i in 0..200 {
                let company = if i % 2 == 0 { a } else { b };
                let u = interact_store::users::insert(
                    c,
                    &interact_store::users::UserInsertForm {
                        uuid: &uuid::Uuid::new_v4().to_string(),
                        email: &format!("many{i}@example.com"),
                        password_hash: &hash,
                        active: i % 7 != 0,
                        company_id: Some(company),
                        roles: if i % 10 == 0 {
                            "user,customer_admin"
                        } else {
                            "user"
                        },
                        created: i,
                    },
                )?;
                if company == a && i % 4 == 0 {
                    interact_store::groups::add_member(c, a1, u.id)?;
                }
                if company == a && i % 3 == 0 {
                    interact_store::groups::add_member(c, a2, u.id)?;
                }
                if company == b && i % 5 == 0 {
                    interact_store::groups::add_member(c, b1, u.id)?;
                }
                ids.push(u.id);
            }
            Ok(ids)
        })
        .await
        .unwrap();
    (a, b, [a1, a2], b1, ids)
}

fn ids_of(list: &Value) -> Vec<i64> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|u| u["id"].as_i64().expect("id"))
        .collect()
}

#[actix_rt::test]
async fn two_hundred_users_list_with_their_groups_and_counts_as_one_by_one() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let (a, b, [a1, a2], b1, ids) = populate(&app).await;

    // One of them has two interactions.
    let counted = ids[1];
    let email = "many1@example.com";
    let token = app.login(email, PASSWORD).await;
    let r = app
        .put(
            "/v2/triggerDevices",
            &token,
            json!({"deviceId": "imei-many1"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let trigger = r.json()["entity"]["triggerToken"]
        .as_str()
        .unwrap()
        .to_string();
    for (k, data) in ["030 1234567", "030 7654321"].iter().enumerate() {
        let headers = vec![("triggerToken".to_string(), trigger.clone())];
        let r = app
            .call_headers(
                "PUT",
                "/v2/interactions",
                None,
                Some(json!({"type": "call-incoming", "data": data,
                            "time": 1_400_000_000_000i64 + k as i64})),
                &headers,
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
    }

    let r = app.get("/v2/admin/users", &admin).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let list = r.json();
    let listed = ids_of(&list);
    assert_eq!(listed.len(), 201, "the admin and 200 users");
    let mut sorted = listed.clone();
    sorted.sort_unstable();
    assert_eq!(listed, sorted, "ascending by id");
    let by_id: BTreeMap<i64, Value> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["id"].as_i64().unwrap(), u.clone()))
        .collect();

    for (i, id) in ids.iter().enumerate() {
        let u = &by_id[id];
        // What the list says of each user is what the user's own answer says.
        let one = app.get(&format!("/v2/admin/users/{id}"), &admin).await;
        assert_eq!(one.status, 200, "{}", one.text());
        assert_eq!(&one.json(), u, "user {i}");
        let groups = fixtures::object_ids(u, "groups");
        let mut want = Vec::new();
        if i % 2 == 0 && i % 4 == 0 {
            want.push(a1);
        }
        if i % 2 == 0 && i % 3 == 0 {
            want.push(a2);
        }
        if i % 2 == 1 && i % 5 == 0 {
            want.push(b1);
        }
        assert_eq!(groups, want, "groups of user {i}");
        let count = if *id == counted { 2 } else { 0 };
        assert_eq!(u["interactionsCount"], count, "user {i}");
        assert_eq!(u["companyId"], if i % 2 == 0 { a } else { b });
        assert_eq!(u["active"], i % 7 != 0);
    }

    // Companies with their users: the same user answers, by company.
    let r = app.get("/v2/admin/companies", &admin).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let companies = r.json();
    let companies = companies.as_array().unwrap();
    assert_eq!(companies.len(), 2);
    for c in companies {
        let company = c["id"].as_i64().unwrap();
        let users = &c["users"];
        let want: Vec<i64> = ids
            .iter()
            .enumerate()
            .filter(|(i, _)| (if i % 2 == 0 { a } else { b }) == company)
            .map(|(_, id)| *id)
            .collect();
        assert_eq!(ids_of(users), want, "users of company {company}");
        for u in users.as_array().unwrap() {
            assert_eq!(u, &by_id[&u["id"].as_i64().unwrap()]);
        }
    }

    // A company's groups with their members.
    let r = app
        .get(&format!("/v2/admin/companies/{a}/groups"), &admin)
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let groups = r.json();
    let groups = groups.as_array().unwrap();
    assert_eq!(
        groups
            .iter()
            .map(|g| g["id"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        vec![a1, a2]
    );
    for (g, modulo) in groups.iter().zip([4, 3]) {
        let want: Vec<i64> = ids
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 2 == 0 && i % modulo == 0)
            .map(|(_, id)| *id)
            .collect();
        assert_eq!(ids_of(&g["users"]), want, "members of {}", g["name"]);
        for u in g["users"].as_array().unwrap() {
            assert_eq!(u, &by_id[&u["id"].as_i64().unwrap()]);
        }
    }
}

#[actix_rt::test]
async fn an_empty_company_lists_no_users_and_no_groups() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let (empty, _) = app.insert_company("Empty").await;
    let r = app.get("/v2/admin/companies", &admin).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let list = r.json();
    let c = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == empty)
        .expect("listed")
        .clone();
    assert_eq!(c["users"], json!([]));
    let r = app
        .get(&format!("/v2/admin/companies/{empty}/groups"), &admin)
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), json!([]));
}

//! Login and logout (2.5.1), the token extractor, and the sliding expiry.

use serde_json::json;

use crate::common::*;

fn login_body(user: &str, password: &str, scope: &str) -> serde_json::Value {
    json!({"username": user, "password": password, "scope": scope})
}

#[actix_rt::test]
async fn login_answers_the_documented_shape() {
    let app = TestApp::start().await;
    app.admin().await;
    let before = app.ctx.clock.now_ms();
    for scope in ["csr", "device app", "trigger", "web portal"] {
        let r = app
            .call(
                "POST",
                "/v2/login",
                None,
                Some(login_body(ADMIN_EMAIL, PASSWORD, scope)),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        let b = r.json();
        let user = &b["user"];
        assert!(user["id"].is_i64());
        assert_eq!(user["active"], json!(true));
        assert_eq!(user["email"], json!(ADMIN_EMAIL));
        assert!(user.as_object().unwrap().contains_key("companyId"));
        assert_eq!(user["groups"], json!([]));
        assert_eq!(user["roles"], json!(["interact_admin"]));
        let token = b["token"]["authToken"].as_str().unwrap();
        assert!(token.len() >= 22, "at least 128 bits");
        let expires = b["token"]["expires"].as_i64().unwrap();
        assert!(expires >= before + 3600 * 1000 && expires < before + 3700 * 1000);
    }
}

#[actix_rt::test]
async fn email_is_case_insensitive() {
    let app = TestApp::start().await;
    app.admin().await;
    let r = app
        .call(
            "POST",
            "/v2/login",
            None,
            Some(login_body("Admin@Example.COM", PASSWORD, "csr")),
        )
        .await;
    assert_eq!(r.status, 200);
}

#[actix_rt::test]
async fn wrong_password_and_unknown_user_answer_alike() {
    let app = TestApp::start().await;
    app.admin().await;
    let wrong = app
        .call(
            "POST",
            "/v2/login",
            None,
            Some(login_body(ADMIN_EMAIL, "not the password", "csr")),
        )
        .await;
    let unknown = app
        .call(
            "POST",
            "/v2/login",
            None,
            Some(login_body("nobody@example.com", PASSWORD, "csr")),
        )
        .await;
    let a = wrong.assert_error(401, 94010200404003);
    let b = unknown.assert_error(401, 94010200404003);
    assert_eq!(a, b, "the answers must not reveal whether the user exists");
}

#[actix_rt::test]
async fn inactive_user_cannot_log_in() {
    let app = TestApp::start().await;
    app.insert_user("sleepy@example.com", false, "user").await;
    let r = app
        .call(
            "POST",
            "/v2/login",
            None,
            Some(login_body("sleepy@example.com", PASSWORD, "csr")),
        )
        .await;
    let b = r.assert_error(401, 94010200404003);
    assert!(b["devmsg"].as_str().unwrap().contains("inactive"));
    // ...but a wrong password for it reveals nothing.
    let r = app
        .call(
            "POST",
            "/v2/login",
            None,
            Some(login_body("sleepy@example.com", "wrong one", "csr")),
        )
        .await;
    assert_eq!(r.json()["devmsg"], json!("wrong username or password"));
}

#[actix_rt::test]
async fn bad_scope_is_400() {
    let app = TestApp::start().await;
    app.admin().await;
    for scope in ["admin", "", "CSR", "webportal"] {
        let r = app
            .call(
                "POST",
                "/v2/login",
                None,
                Some(login_body(ADMIN_EMAIL, PASSWORD, scope)),
            )
            .await;
        if scope.is_empty() {
            r.assert_error(400, 92020200402002);
        } else {
            let b = r.assert_error(400, 92010200402001);
            assert!(b["devmsg"].as_str().unwrap().contains("scope"));
        }
    }
    let r = app
        .call(
            "POST",
            "/v2/login",
            None,
            Some(json!({"username": ADMIN_EMAIL, "password": PASSWORD, "scope": 7})),
        )
        .await;
    let b = r.assert_error(400, 92010200402001);
    assert!(b["devmsg"].as_str().unwrap().starts_with("scope"));
}

#[actix_rt::test]
async fn missing_fields_are_named() {
    let app = TestApp::start().await;
    for (body, field) in [
        (json!({"password": PASSWORD, "scope": "csr"}), "username"),
        (json!({"username": ADMIN_EMAIL, "scope": "csr"}), "password"),
        (
            json!({"username": ADMIN_EMAIL, "password": PASSWORD}),
            "scope",
        ),
        (
            json!({"username": "", "password": PASSWORD, "scope": "csr"}),
            "username",
        ),
    ] {
        let r = app.call("POST", "/v2/login", None, Some(body)).await;
        let b = r.assert_error(400, 92020200402002);
        assert_eq!(b["devmsg"], json!(format!("{field} is required")));
    }
}

#[actix_rt::test]
async fn token_works_in_header_bearer_and_get_query() {
    let app = TestApp::start().await;
    let token = app.admin().await;
    assert_eq!(app.get("/v2/activities", &token).await.status, 200);
    let r = app
        .raw(
            "GET",
            "/v2/activities",
            &[("Authorization", &format!("Bearer {token}"))],
            b"",
        )
        .await;
    assert_eq!(r.status, 200);
    let r = app
        .call(
            "GET",
            &format!("/v2/activities?authToken={token}"),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    // The query parameter is for GET only.
    let r = app
        .raw(
            "POST",
            &format!("/v2/logout?authToken={token}"),
            &[("content-type", "application/json")],
            b"{}",
        )
        .await;
    r.assert_error(400, 92020210402002);
}

#[actix_rt::test]
async fn missing_or_unknown_token_is_401() {
    let app = TestApp::start().await;
    let r = app.call("GET", "/v2/activities", None, None).await;
    r.assert_error(401, 94010100004003);
    let r = app.get("/v2/activities", "not-a-token").await;
    r.assert_error(401, 94010100004003);
}

#[actix_rt::test]
async fn logout_ends_the_token() {
    let app = TestApp::start().await;
    let token = app.admin().await;
    let other = app.login(ADMIN_EMAIL, PASSWORD).await;
    let r = app
        .call(
            "POST",
            "/v2/logout",
            None,
            Some(json!({"authToken": token})),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), json!({"code": 200, "devmsg": "success"}));
    app.get("/v2/activities", &token)
        .await
        .assert_error(401, 94010100004003);
    // Logging out twice: the token is unknown now.
    app.call(
        "POST",
        "/v2/logout",
        None,
        Some(json!({"authToken": token})),
    )
    .await
    .assert_error(401, 94010210404003);
    // Other sessions stay.
    assert_eq!(app.get("/v2/activities", &other).await.status, 200);
    // Without a token in the body, the header's token is logged out.
    let r = app.post("/v2/logout", &other, json!({})).await;
    assert_eq!(r.status, 200);
    app.get("/v2/activities", &other)
        .await
        .assert_error(401, 94010100004003);
    app.call("POST", "/v2/logout", None, Some(json!({})))
        .await
        .assert_error(400, 92020210402002);
}

#[actix_rt::test]
async fn token_expires_and_slides_forward() {
    let app = TestApp::with(|s| s.token_ttl = 100).await;
    let token = app.admin().await;
    let r = app.get("/v2/activities", &token).await;
    let first: i64 = r.header("x-token-expires").unwrap().parse().unwrap();

    // 80 s later the token still works, and its expiry moved 80 s forward.
    app.ctx.clock.advance_ms(80_000);
    let r = app.get("/v2/activities", &token).await;
    assert_eq!(r.status, 200);
    let second: i64 = r.header("x-token-expires").unwrap().parse().unwrap();
    assert!(second >= first + 79_000, "{first} -> {second}");

    // Another 80 s: past the first expiry, but within the renewed one.
    app.ctx.clock.advance_ms(80_000);
    assert_eq!(app.get("/v2/activities", &token).await.status, 200);

    // Unused for longer than its lifetime, it is gone.
    app.ctx.clock.advance_ms(101_000);
    app.get("/v2/activities", &token)
        .await
        .assert_error(401, 94010100004003);
}

#[actix_rt::test]
async fn inactive_user_token_stops_working() {
    let app = TestApp::start().await;
    let id = app.insert_user("u@example.com", true, "user").await;
    let token = app.login("u@example.com", PASSWORD).await;
    assert_eq!(app.get("/v2/activities", &token).await.status, 200);
    app.ctx
        .db
        .write(move |c| {
            use diesel::prelude::*;
            use interact_store::schema::users;
            diesel::update(users::table.find(id))
                .set(users::active.eq(false))
                .execute(c)?;
            Ok(())
        })
        .await
        .unwrap();
    // A change made straight in the database, past the services, must drop the cached
    // sessions itself (the services do it for every change that revokes).
    interact_service::auth::revoked(&app.ctx, &[id]);
    app.get("/v2/activities", &token)
        .await
        .assert_error(401, 94010100004003);
}

//! Password reset and change (2.5.3.2.11–12) and login throttling, through HTTP.

use serde_json::json;

use crate::common::*;

fn login_body(user: &str, password: &str) -> serde_json::Value {
    json!({"username": user, "password": password, "scope": "web portal"})
}

async fn try_login(app: &TestApp, user: &str, password: &str) -> Resp {
    app.call("POST", "/v2/login", None, Some(login_body(user, password)))
        .await
}

async fn account(app: &TestApp, cmd: &str, token: Option<&str>, body: serde_json::Value) -> Resp {
    app.call(
        "POST",
        &format!("/v2/myAccount?cmd={cmd}"),
        token,
        Some(body),
    )
    .await
}

#[actix_rt::test]
async fn reset_password_by_mail() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    app.user(&admin, "r@example.com", None, &["user"]).await;
    let session = app.login("r@example.com", PASSWORD).await;

    let r = account(&app, "resetPwd", None, json!({"email": "R@example.com"})).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), json!({"code": 200, "devmsg": "success"}));
    // An unknown email answers alike and mails nothing.
    let r = account(
        &app,
        "resetPwd",
        None,
        json!({"email": "nobody@example.com"}),
    )
    .await;
    assert_eq!(r.json(), json!({"code": 200, "devmsg": "success"}));
    assert!(app.mailed_token("nobody@example.com").is_none());
    let outbox = app.outbox();
    assert!(outbox.starts_with("From interact "), "{outbox}");
    assert!(outbox.contains("Subject: Reset your interact password"));
    let token = app
        .mailed_token("r@example.com")
        .expect("a mail with a token");

    // Weak password: refused, token still usable.
    account(
        &app,
        "confirmResetPwd",
        None,
        json!({"token": token, "newPassword": "short"}),
    )
    .await
    .assert_error(400, 92010227502001);
    let r = account(
        &app,
        "confirmResetPwd",
        None,
        json!({"token": token, "newPassword": "brand new secret"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), json!({"code": 200, "devmsg": "success"}));
    app.login("r@example.com", "brand new secret").await;
    try_login(&app, "r@example.com", PASSWORD)
        .await
        .assert_error(401, 94010200404003);
    // Old sessions ended.
    assert_eq!(app.get("/v2/devices", &session).await.status, 401);

    // Single use.
    account(
        &app,
        "confirmResetPwd",
        None,
        json!({"token": token, "newPassword": "yet another one"}),
    )
    .await
    .assert_error(401, 94010227504003);
    account(
        &app,
        "confirmResetPwd",
        None,
        json!({"token": "made up", "newPassword": "yet another one"}),
    )
    .await
    .assert_error(401, 94010227504003);
}

#[actix_rt::test]
async fn reset_tokens_expire_and_only_the_newest_works() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    app.user(&admin, "e@example.com", None, &["user"]).await;
    account(&app, "resetPwd", None, json!({"email": "e@example.com"})).await;
    let first = app.mailed_token("e@example.com").unwrap();
    // A second request within a minute mails nothing new.
    account(&app, "resetPwd", None, json!({"email": "e@example.com"})).await;
    assert_eq!(app.mailed_token("e@example.com").unwrap(), first);
    app.ctx.clock.advance_ms(61_000);
    account(&app, "resetPwd", None, json!({"email": "e@example.com"})).await;
    let second = app.mailed_token("e@example.com").unwrap();
    assert_ne!(first, second);
    account(
        &app,
        "confirmResetPwd",
        None,
        json!({"token": first, "newPassword": "new password 1"}),
    )
    .await
    .assert_error(401, 94010227504003);

    app.ctx.clock.advance_ms(3600 * 1000 + 1);
    account(
        &app,
        "confirmResetPwd",
        None,
        json!({"token": second, "newPassword": "new password 1"}),
    )
    .await
    .assert_error(401, 94010227504003);
    app.login("e@example.com", PASSWORD).await;
}

#[actix_rt::test]
async fn bad_account_requests() {
    let app = TestApp::start().await;
    account(&app, "resetPwd", None, json!({"email": "not an email"}))
        .await
        .assert_error(400, 92010227502001);
    account(&app, "resetPwd", None, json!({}))
        .await
        .assert_error(400, 92020227502002);
    account(
        &app,
        "confirmResetPwd",
        None,
        json!({"newPassword": "long enough"}),
    )
    .await
    .assert_error(400, 92020227502002);
    account(&app, "nope", None, json!({}))
        .await
        .assert_error(400, 92010117502005);
    app.call("POST", "/v2/myAccount", None, Some(json!({})))
        .await
        .assert_error(400, 92010117502005);
    // changePwd needs a session.
    let r = account(
        &app,
        "changePwd",
        None,
        json!({"oldPassword": "a", "newPassword": "b"}),
    )
    .await;
    assert_eq!(r.status, 401);
    assert!(app.outbox().is_empty());
}

#[actix_rt::test]
async fn change_password_ends_the_other_sessions() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    app.user(&admin, "c@example.com", None, &["user"]).await;
    let here = app.login("c@example.com", PASSWORD).await;
    let elsewhere = app.login("c@example.com", PASSWORD).await;

    account(
        &app,
        "changePwd",
        Some(&here),
        json!({"oldPassword": "bad", "newPassword": "$aFeP4Ssw0rD!"}),
    )
    .await
    .assert_error(400, 92010117502001);
    account(
        &app,
        "changePwd",
        Some(&here),
        json!({"oldPassword": PASSWORD, "newPassword": "weak"}),
    )
    .await
    .assert_error(400, 92010117502001);
    assert_eq!(
        app.get("/v2/devices", &elsewhere).await.status,
        200,
        "nothing changed yet"
    );

    let r = account(
        &app,
        "changePwd",
        Some(&here),
        json!({"oldPassword": PASSWORD, "newPassword": "$aFeP4Ssw0rD!"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), json!({"code": 200, "devmsg": "success"}));
    assert_eq!(app.get("/v2/devices", &here).await.status, 200);
    assert_eq!(app.get("/v2/devices", &elsewhere).await.status, 401);
    app.login("c@example.com", "$aFeP4Ssw0rD!").await;
    try_login(&app, "c@example.com", PASSWORD)
        .await
        .assert_error(401, 94010200404003);
}

#[actix_rt::test]
async fn repeated_failures_for_an_account_are_throttled() {
    let app = TestApp::start().await;
    app.admin().await;
    for _ in 0..5 {
        try_login(&app, ADMIN_EMAIL, "wrong password")
            .await
            .assert_error(401, 94010200404003);
    }
    // Now even the right password waits.
    let r = try_login(&app, ADMIN_EMAIL, PASSWORD).await;
    r.assert_error(429, 94010200404004);
    let retry: u64 = r.header("Retry-After").unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 900, "{retry}");
    // An unknown account is counted alike, so a 429 tells nothing.
    for _ in 0..5 {
        try_login(&app, "ghost@example.com", "x").await;
    }
    try_login(&app, "ghost@example.com", "x")
        .await
        .assert_error(429, 94010200404004);

    app.ctx.clock.advance_ms(901 * 1000);
    let r = try_login(&app, ADMIN_EMAIL, PASSWORD).await;
    assert_eq!(r.status, 200, "{}", r.text());
}

#[actix_rt::test]
async fn a_success_clears_the_account_count() {
    let app = TestApp::start().await;
    app.admin().await;
    for _ in 0..4 {
        try_login(&app, ADMIN_EMAIL, "wrong password").await;
    }
    assert_eq!(try_login(&app, ADMIN_EMAIL, PASSWORD).await.status, 200);
    for _ in 0..4 {
        try_login(&app, ADMIN_EMAIL, "wrong password").await;
    }
    assert_eq!(try_login(&app, ADMIN_EMAIL, PASSWORD).await.status, 200);
}

#[actix_rt::test]
async fn repeated_failures_from_an_address_are_throttled() {
    let app = TestApp::with(|s| s.login_max_failures_addr = 6).await;
    app.admin().await;
    for i in 0..6 {
        try_login(&app, &format!("guess{i}@example.com"), "x")
            .await
            .assert_error(401, 94010200404003);
    }
    let r = try_login(&app, ADMIN_EMAIL, PASSWORD).await;
    r.assert_error(429, 94010200404004);
    assert!(r.header("Retry-After").is_some());
}

#[actix_rt::test]
async fn wrong_old_passwords_count_as_failures() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    for _ in 0..5 {
        account(
            &app,
            "changePwd",
            Some(&admin),
            json!({"oldPassword": "guess", "newPassword": "long enough"}),
        )
        .await
        .assert_error(400, 92010117502001);
    }
    account(
        &app,
        "changePwd",
        Some(&admin),
        json!({"oldPassword": PASSWORD, "newPassword": "long enough"}),
    )
    .await
    .assert_error(429, 94010117504004);
}

/// A stand-in SMTP relay on a loopback port: accepts every message and hands its text over.
async fn fake_smtp_relay() -> (String, tokio::sync::mpsc::UnboundedReceiver<String>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    actix_rt::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let tx = tx.clone();
            actix_rt::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 localhost ESMTP\r\n").await.unwrap();
                while let Ok(Some(line)) = lines.next_line().await {
                    let verb = line.to_ascii_uppercase();
                    if verb.starts_with("DATA") {
                        write.write_all(b"354 go ahead\r\n").await.unwrap();
                        let mut text = String::new();
                        while let Ok(Some(l)) = lines.next_line().await {
                            if l == "." {
                                break;
                            }
                            text.push_str(&l);
                            text.push('\n');
                        }
                        let _ = tx.send(text);
                        write.write_all(b"250 queued\r\n").await.unwrap();
                    } else if verb.starts_with("QUIT") {
                        write.write_all(b"221 bye\r\n").await.unwrap();
                        break;
                    } else {
                        write.write_all(b"250 OK\r\n").await.unwrap();
                    }
                }
            });
        }
    });
    (addr, rx)
}

#[actix_rt::test]
async fn reset_mail_goes_through_the_smtp_relay() {
    let (relay, mut received) = fake_smtp_relay().await;
    let app = TestApp::with(|s| s.smtp_relay = Some(relay)).await;
    let admin = app.admin().await;
    app.user(&admin, "s@example.com", None, &["user"]).await;
    let r = account(&app, "resetPwd", None, json!({"email": "s@example.com"})).await;
    assert_eq!(r.status, 200);
    let text = tokio::time::timeout(std::time::Duration::from_secs(20), received.recv())
        .await
        .expect("the relay got a message in time")
        .unwrap();
    assert!(text.contains("To: s@example.com"), "{text}");
    let token = text
        .lines()
        .find_map(|l| l.strip_prefix("Token: "))
        .expect("token in the mail")
        .trim()
        .to_string();
    assert!(app.outbox().is_empty(), "nothing in the outbox");
    let r = account(
        &app,
        "confirmResetPwd",
        None,
        json!({"token": token, "newPassword": "relayed secret"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    app.login("s@example.com", "relayed secret").await;
}

#[actix_rt::test]
async fn a_failing_relay_falls_back_to_the_outbox() {
    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = closed.local_addr().unwrap().to_string();
    drop(closed);
    let app = TestApp::with(|s| s.smtp_relay = Some(addr)).await;
    let admin = app.admin().await;
    app.user(&admin, "f@example.com", None, &["user"]).await;
    let r = account(&app, "resetPwd", None, json!({"email": "f@example.com"})).await;
    assert_eq!(r.status, 200);
    let mut token = None;
    for _ in 0..200 {
        token = app.mailed_token("f@example.com");
        if token.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(token.is_some(), "the mail reached the outbox");
}

#[actix_rt::test]
async fn behind_a_trusted_proxy_the_forwarded_address_counts() {
    let app = TestApp::with(|s| {
        s.trust_proxy = true;
        s.login_max_failures_addr = 3;
    })
    .await;
    app.admin().await;
    let attempt = |from: &'static str, user: String| {
        let app = &app;
        async move {
            let body = login_body(&user, "wrong password").to_string();
            app.raw(
                "POST",
                "/v2/login",
                &[
                    ("Content-Type", "application/json"),
                    ("X-Forwarded-For", from),
                ],
                body.as_bytes(),
            )
            .await
        }
    };
    for i in 0..3 {
        attempt("10.0.0.1", format!("a{i}@example.com"))
            .await
            .assert_error(401, 94010200404003);
    }
    attempt("10.0.0.1", "b@example.com".into())
        .await
        .assert_error(429, 94010200404004);
    attempt("10.0.0.2", "b@example.com".into())
        .await
        .assert_error(401, 94010200404003);
}

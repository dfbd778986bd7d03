//! The session cache: every kind of revocation is refused at once in the process that made
//! it and within a second in another process on the same PostgreSQL; the expiry slides on
//! every call while the database gets it at most once a granule.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::common::*;

/// The ways a session ends (or, for roles, changes what it may do).
#[derive(Debug, Clone, Copy)]
enum Kind {
    Logout,
    ChangePassword,
    ResetPassword,
    Roles,
    Deactivate,
    AdminPassword,
    Delete,
    Wipe,
}

const KINDS: [Kind; 8] = [
    Kind::Logout,
    Kind::ChangePassword,
    Kind::ResetPassword,
    Kind::Roles,
    Kind::Deactivate,
    Kind::AdminPassword,
    Kind::Delete,
    Kind::Wipe,
];

/// A customer_admin of a company: its id, email, and two sessions (the second is the one
/// `changePwd` keeps).
struct Victim {
    id: i64,
    email: String,
    token: String,
    keeper: String,
}

async fn victim(app: &TestApp, admin: &str, n: usize) -> Victim {
    let company = app.company(admin, &format!("Company {n}")).await;
    let email = format!("victim{n}@example.com");
    let id = app
        .user(admin, &email, Some(company), &["customer_admin"])
        .await;
    let token = app.login(&email, PASSWORD).await;
    let keeper = app.login(&email, PASSWORD).await;
    Victim {
        id,
        email,
        token,
        keeper,
    }
}

/// The request that shows whether the session still does what it did: the admin list for
/// a role change (a customer_admin may read it, a user may not), the journal otherwise.
fn probe(kind: Kind) -> &'static str {
    match kind {
        Kind::Roles => "/v2/admin/users",
        _ => "/v2/activities",
    }
}

/// The status the probe answers once the revocation took effect.
fn refused(kind: Kind) -> u16 {
    match kind {
        Kind::Roles => 403,
        _ => 401,
    }
}

/// Revokes through `app`'s HTTP API.
async fn revoke(app: &TestApp, admin: &str, kind: Kind, v: &Victim) {
    let ok = |r: Resp| assert_eq!(r.status, 200, "{kind:?}: {}", r.text());
    match kind {
        Kind::Logout => ok(app
            .call(
                "POST",
                "/v2/logout",
                None,
                Some(json!({"authToken": v.token})),
            )
            .await),
        Kind::ChangePassword => ok(app
            .post(
                "/v2/myAccount?cmd=changePwd",
                &v.keeper,
                json!({"oldPassword": PASSWORD, "newPassword": "a new password"}),
            )
            .await),
        Kind::ResetPassword => {
            ok(app
                .call(
                    "POST",
                    "/v2/myAccount?cmd=resetPwd",
                    None,
                    Some(json!({"email": v.email})),
                )
                .await);
            let mailed = app.mailed_token(&v.email).expect("a mailed token");
            ok(app
                .call(
                    "POST",
                    "/v2/myAccount?cmd=confirmResetPwd",
                    None,
                    Some(json!({"token": mailed, "newPassword": "a new password"})),
                )
                .await);
        }
        Kind::Roles => ok(app
            .post(
                &format!("/v2/admin/users/{}/roles?cmd=set", v.id),
                admin,
                json!(["user"]),
            )
            .await),
        Kind::Deactivate => ok(app
            .post(
                &format!("/v2/admin/users/{}", v.id),
                admin,
                json!({"active": false}),
            )
            .await),
        Kind::AdminPassword => ok(app
            .post(
                &format!("/v2/admin/users/{}", v.id),
                admin,
                json!({"password": "set by the admin"}),
            )
            .await),
        Kind::Delete => ok(app
            .delete(&format!("/v2/admin/users/{}", v.id), admin)
            .await),
        Kind::Wipe => ok(app
            .post(
                &format!("/v2/admin/users/{}?cmd=wipeAccount", v.id),
                admin,
                json!({}),
            )
            .await),
    }
}

#[actix_rt::test]
async fn every_revocation_is_refused_at_once_in_the_same_process() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    for (n, kind) in KINDS.into_iter().enumerate() {
        let v = victim(&app, &admin, n).await;
        // Twice: the second call is answered from the cache.
        for _ in 0..2 {
            let r = app.get(probe(kind), &v.token).await;
            assert_eq!(r.status, 200, "{kind:?} before: {}", r.text());
        }
        assert!(!app.ctx.sessions.is_empty(), "sessions are cached");
        revoke(&app, &admin, kind, &v).await;
        let r = app.get(probe(kind), &v.token).await;
        assert_eq!(r.status, refused(kind), "{kind:?} after: {}", r.text());
        let body = r.json();
        assert_eq!(body["code"], json!(refused(kind)), "{body}");
        if let Kind::ChangePassword = kind {
            // The session that changed the password goes on.
            assert_eq!(app.get("/v2/activities", &v.keeper).await.status, 200);
        }
    }
}

/// Polls `path` on `app` until it answers `status`; the time that took.
async fn refused_within(app: &TestApp, path: &str, token: &str, status: u16) -> Duration {
    let start = Instant::now();
    loop {
        let r = app.get(path, token).await;
        if r.status == status {
            return start.elapsed();
        }
        assert_eq!(r.status, 200, "{}", r.text());
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "{path} still answers 200 after 3 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[actix_rt::test]
async fn every_revocation_reaches_another_process_within_a_second() {
    if !is_postgres() {
        return; // One SQLite process is the whole deployment.
    }
    let app = TestApp::start().await;
    let other = app.sharing().await;
    let admin = app.admin().await;
    // Let the second process's bus listener connect: until then it does not cache.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for (n, kind) in KINDS.into_iter().enumerate() {
        let v = victim(&app, &admin, n).await;
        for _ in 0..2 {
            let r = other.get(probe(kind), &v.token).await;
            assert_eq!(r.status, 200, "{kind:?} before: {}", r.text());
        }
        assert!(!other.ctx.sessions.is_empty(), "the other process caches");
        revoke(&app, &admin, kind, &v).await;
        let took = refused_within(&other, probe(kind), &v.token, refused(kind)).await;
        assert!(
            took < Duration::from_secs(1),
            "{kind:?}: the other process refused after {took:?}"
        );
    }
    other.stop().await;
}

async fn stored_expiry(app: &TestApp) -> i64 {
    app.ctx
        .db
        .read(|c| {
            use diesel::prelude::*;
            use interact_store::schema::auth_tokens;
            Ok(auth_tokens::table
                .select(diesel::dsl::max(auth_tokens::expires))
                .first::<Option<i64>>(c)?
                .unwrap_or(0))
        })
        .await
        .unwrap()
}

fn expires(r: &Resp) -> i64 {
    r.header("x-token-expires")
        .expect("X-Token-Expires")
        .parse()
        .unwrap()
}

#[actix_rt::test]
async fn the_expiry_slides_on_every_call_and_is_stored_once_a_granule() {
    // A lifetime of 100 s: the granule is 10 s.
    let app = TestApp::with(|s| s.token_ttl = 100).await;
    let token = app.admin().await;
    let first = expires(&app.get("/v2/activities", &token).await);
    let stored = stored_expiry(&app).await;

    // 3 s later: the header moved 3 s, the database did not.
    app.ctx.clock.advance_ms(3_000);
    let r = app.get("/v2/activities", &token).await;
    assert_eq!(r.status, 200);
    let second = expires(&r);
    assert!(
        second >= first + 3_000 && second < first + 5_000,
        "{first} -> {second}"
    );
    assert_eq!(
        stored_expiry(&app).await,
        stored,
        "no write within a granule"
    );

    // Past the granule: the database gets the slid expiry.
    app.ctx.clock.advance_ms(9_000);
    let third = expires(&app.get("/v2/activities", &token).await);
    assert!(third >= first + 12_000, "{first} -> {third}");
    let now_stored = stored_expiry(&app).await;
    assert!(
        now_stored >= third - 1_000 && now_stored <= third,
        "stored {now_stored}, answered {third}"
    );

    // Calls every 60 s keep it alive far past its first lifetime.
    for _ in 0..4 {
        app.ctx.clock.advance_ms(60_000);
        assert_eq!(app.get("/v2/activities", &token).await.status, 200);
    }
    // Unused for longer than its lifetime, it is refused, from the cache too.
    app.ctx.clock.advance_ms(101_000);
    app.get("/v2/activities", &token)
        .await
        .assert_error(401, 94010100004003);
}

/// The name of the test database in `url`.
fn db_name(url: &str) -> String {
    let base = url.split('?').next().unwrap_or(url);
    base.rsplit('/').next().unwrap_or_default().to_string()
}

/// Ends every connection of the app's database but the caller's (what a PostgreSQL restart
/// or a failover does to the pool).
fn kill_connections(app: &TestApp) -> usize {
    use diesel::{Connection, PgConnection, RunQueryDsl};
    #[derive(diesel::QueryableByName)]
    struct Killed {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let admin = backend_url().expect("TEST_DATABASE_URL");
    let mut conn = PgConnection::establish(&admin).expect("connect");
    let killed: Killed = diesel::sql_query(format!(
        "SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity \
         WHERE datname = '{}' AND pid <> pg_backend_pid()",
        db_name(&app.settings.database_url)
    ))
    .get_result(&mut conn)
    .expect("terminate");
    killed.n as usize
}

/// A failed answer must be the documented 503 envelope of an unreachable database.
#[track_caller]
fn assert_unavailable(r: &Resp) {
    let body = r.json();
    assert_eq!(r.status, 503, "{body}");
    assert_eq!(body["code"], 503, "{body}");
    let code = body["error"].as_u64().expect("error code").to_string();
    assert!(
        code.starts_with("9001") && code.ends_with("5003"),
        "error {code}: {body}"
    );
    assert_eq!(body.as_object().map(|o| o.len()), Some(3), "{body}");
}

#[actix_rt::test]
async fn a_connection_that_dies_answers_503_and_the_next_request_succeeds() {
    if !is_postgres() {
        return; // An SQLite file has no connection to lose.
    }
    let app = TestApp::start().await;
    let token = app.admin().await;
    let r = app
        .put(
            "/v2/contacts",
            &token,
            json!({"contactType": "person", "firstName": "Ada"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["entity"]["id"].as_i64().unwrap();
    let path = format!("/v2/contacts/{id}");
    assert_eq!(app.get(&path, &token).await.status, 200);

    // Idle connections die: the next request fails with the envelope, not a hang or a 500,
    // and a later one succeeds on a fresh connection.
    assert!(kill_connections(&app) > 0);
    let r = app.get(&path, &token).await;
    assert_unavailable(&r);
    let mut ok = false;
    for _ in 0..10 {
        let r = app.get(&path, &token).await;
        if r.status == 200 {
            ok = true;
            break;
        }
        assert_unavailable(&r);
    }
    assert!(ok, "no request succeeded after the connections died");

    // Connections die under requests in flight: each answers 200 or the envelope.
    let requests = futures_util::future::join_all((0..24).map(|i| {
        let (app, path, token) = (&app, &path, &token);
        async move {
            if i % 2 == 0 {
                app.get(path, token).await
            } else {
                app.post(path, token, json!({"version": 1, "hot": true}))
                    .await
            }
        }
    }));
    let killer = async {
        tokio::time::sleep(Duration::from_millis(5)).await;
        kill_connections(&app)
    };
    let (answers, _) = futures_util::future::join(requests, killer).await;
    for r in &answers {
        match r.status {
            200 | 409 => {}
            _ => assert_unavailable(r),
        }
    }
    let mut ok = false;
    for _ in 0..10 {
        let r = app.get(&path, &token).await;
        if r.status == 200 {
            ok = true;
            break;
        }
        assert_unavailable(&r);
    }
    assert!(ok, "no request succeeded after the second kill");
}

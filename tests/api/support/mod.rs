//! The test harness, the one home of every test helper: each test starts the real server on
//! a loopback port over its own database (a temporary SQLite file, or a fresh PostgreSQL
//! database when `TEST_DATABASE_URL=postgres://…`), and talks HTTP to it. `fixtures` builds
//! the data a test needs, `socket` speaks to the push websocket, `snapshot` compares answers
//! with committed JSON snapshots, `google_standin` plays Google. Reachable as `crate::common`
//! too (`use crate::common::*;`).

pub mod fixtures;
pub mod google_standin;
pub mod loopback;
pub mod scrape;
pub mod snapshot;
pub mod socket;

pub use fixtures::*;
pub use scrape::{assert_value, scrape, value};
pub use socket::{connect, device, next_json, Socket};

use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use actix_web::http::header::HeaderMap;
use actix_web::http::Method;
use diesel::{Connection, PgConnection, RunQueryDsl};
use interact_server::Settings;
use interact_service::Ctx;
use serde_json::{json, Value};

pub const ADMIN_EMAIL: &str = "admin@example.com";
pub const PASSWORD: &str = "correct horse";

/// The backend under test: `TEST_DATABASE_URL` if set (postgres://… or sqlite://…).
pub fn backend_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

pub fn is_postgres() -> bool {
    backend_url().is_some_and(|u| u.starts_with("postgres"))
}

pub fn settings() -> Settings {
    let mut s = Settings::defaults();
    s.bind = "127.0.0.1:0".into();
    s.token_ttl = 3600;
    s.max_body = 64 * 1024;
    s.db_pool = 4;
    s.workers = Some(1);
    s.bcrypt_cost = 4;
    // Nothing listens on port 9: a Google import that was not pointed at a stand-in fails.
    s.google_api_url = "http://127.0.0.1:9".into();
    // Tests that read the outbox point it at a file of their own.
    s.mail_outbox = String::new();
    s.default_region = "DE".into();
    s
}

/// A throwaway database: a file in a temporary folder, or a PostgreSQL database dropped at
/// the end of the test.
pub struct TestDb {
    pub url: String,
    pg: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub fn new() -> TestDb {
        match backend_url() {
            Some(admin) if admin.starts_with("postgres") => {
                // Before this process's first libpq connection (see `init_tls`).
                interact_store::db::init_tls();
                let name = format!("it_{}", uuid::Uuid::new_v4().simple());
                let mut conn = PgConnection::establish(&admin).expect("connect to postgres");
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .expect("create test database");
                let url = replace_db_name(&admin, &name);
                TestDb {
                    url,
                    pg: Some((admin, name)),
                    _dir: None,
                }
            }
            _ => {
                let dir = tempfile::tempdir().expect("tempdir");
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                TestDb {
                    url,
                    pg: None,
                    _dir: Some(dir),
                }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.pg {
            if let Ok(mut conn) = PgConnection::establish(admin) {
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn);
            }
        }
    }
}

fn replace_db_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// An answer: status, headers and body.
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }

    /// Asserts the documented error envelope with this status and 14-digit code.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: u64) -> Value {
        let body = self.json();
        assert_eq!(self.status, status, "status; body: {body}");
        assert_eq!(body["code"], json!(status), "code; body: {body}");
        assert_eq!(body["error"], json!(code), "error; body: {body}");
        assert!(
            body["devmsg"].as_str().is_some_and(|m| !m.is_empty()),
            "devmsg; body: {body}"
        );
        assert_eq!(body.as_object().map(|o| o.len()), Some(3), "{body}");
        assert_eq!(code.to_string().len(), 14);
        body
    }
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub ctx: Ctx,
    pub settings: Settings,
    handle: interact_server::Handle,
    client: awc::Client,
    _db: TestDb,
    _mail_dir: tempfile::TempDir,
}

impl TestApp {
    pub async fn start() -> TestApp {
        Self::with(|_| {}).await
    }

    pub async fn with(f: impl FnOnce(&mut Settings)) -> TestApp {
        let db = TestDb::new();
        let mail_dir = tempfile::tempdir().expect("tempdir");
        let mut s = settings();
        s.database_url = db.url.clone();
        s.mail_outbox = mail_dir.path().join("outbox.txt").display().to_string();
        f(&mut s);
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let running = interact_server::start(&s, Some(listener))
            .await
            .expect("server starts");
        let handle = running.handle.clone();
        actix_web::rt::spawn(running.server);
        let client = awc::Client::builder()
            .timeout(Duration::from_secs(30))
            .finish();
        TestApp {
            addr: running.addr,
            ctx: running.ctx,
            settings: s,
            handle,
            client,
            _db: db,
            _mail_dir: mail_dir,
        }
    }

    /// A second server on this app's database, like a second process: its own `Ctx`, pool
    /// and bus. The database belongs to `self`, which must outlive it.
    pub async fn sharing(&self) -> TestApp {
        let db = TestDb {
            url: self.settings.database_url.clone(),
            pg: None,
            _dir: None,
        };
        let mail_dir = tempfile::tempdir().expect("tempdir");
        let mut s = self.settings.clone();
        s.mail_outbox = mail_dir.path().join("outbox.txt").display().to_string();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let running = interact_server::start(&s, Some(listener))
            .await
            .expect("second server starts");
        let handle = running.handle.clone();
        actix_web::rt::spawn(running.server);
        TestApp {
            addr: running.addr,
            ctx: running.ctx,
            settings: s,
            handle,
            client: awc::Client::builder()
                .timeout(Duration::from_secs(30))
                .finish(),
            _db: db,
            _mail_dir: mail_dir,
        }
    }

    /// Stops the server gracefully, with its background tasks and bus listener; completes
    /// when they have stopped.
    pub async fn stop(&self) {
        self.handle.stop(true).await;
    }

    /// Everything mailed so far (the mail outbox file).
    pub fn outbox(&self) -> String {
        std::fs::read_to_string(&self.settings.mail_outbox).unwrap_or_default()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Sends a request; `body` goes as JSON.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Resp {
        self.call_headers(method, path, token, body, &[]).await
    }

    /// `call` with extra headers (an `etag`, say).
    pub async fn call_headers(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        headers: &[(String, String)],
    ) -> Resp {
        let mut req = self.client.request(
            Method::from_bytes(method.as_bytes()).unwrap(),
            self.url(path),
        );
        if let Some(t) = token {
            req = req.insert_header(("authToken", t));
        }
        for (k, v) in headers {
            req = req.insert_header((k.as_str(), v.as_str()));
        }
        let res = match body {
            Some(b) => req.send_json(&b).await,
            None => req.send().await,
        };
        Self::read(res.expect("request sent")).await
    }

    /// Sends a request with raw headers and body.
    pub async fn raw(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Resp {
        let mut req = self.client.request(
            Method::from_bytes(method.as_bytes()).unwrap(),
            self.url(path),
        );
        for (k, v) in headers {
            req = req.insert_header((*k, *v));
        }
        let res = req.send_body(body.to_vec()).await.expect("request sent");
        Self::read(res).await
    }

    async fn read<S>(mut res: awc::ClientResponse<S>) -> Resp
    where
        S: futures_core::Stream<Item = Result<actix_web::web::Bytes, awc::error::PayloadError>>
            + Unpin,
    {
        let body = res.body().limit(256 * 1024 * 1024).await.expect("body");
        Resp {
            status: res.status().as_u16(),
            headers: res.headers().clone(),
            body: body.to_vec(),
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Resp {
        self.call("GET", path, Some(token), None).await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> Resp {
        self.call("PUT", path, Some(token), Some(body)).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Resp {
        self.call("POST", path, Some(token), Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Resp {
        self.call("DELETE", path, Some(token), None).await
    }

    /// Logs in and returns the token.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let r = self
            .call(
                "POST",
                "/v2/login",
                None,
                Some(json!({"username": email, "password": password, "scope": "web portal"})),
            )
            .await;
        assert_eq!(r.status, 200, "login {email}: {}", r.text());
        r.json()["token"]["authToken"]
            .as_str()
            .expect("authToken")
            .to_string()
    }

    /// Creates the interact_admin (if needed) and logs in as it.
    pub async fn admin(&self) -> String {
        interact_service::auth::ensure_admin(&self.ctx, ADMIN_EMAIL, PASSWORD)
            .await
            .expect("admin");
        self.login(ADMIN_EMAIL, PASSWORD).await
    }

    /// Inserts a plain user straight into the store (for tests that run before the
    /// administration endpoints are involved) and returns its id.
    pub async fn insert_user(&self, email: &str, active: bool, roles: &str) -> i64 {
        let hash = interact_service::auth::hash_password(&self.ctx, PASSWORD.to_string())
            .await
            .unwrap();
        let email = email.to_string();
        let roles = roles.to_string();
        self.ctx
            .db
            .write(move |c| {
                interact_store::users::insert(
                    c,
                    &interact_store::users::UserInsertForm {
                        uuid: &uuid::Uuid::new_v4().to_string(),
                        email: &email,
                        password_hash: &hash,
                        active,
                        company_id: None,
                        roles: &roles,
                        created: 0,
                    },
                )
            })
            .await
            .unwrap()
            .id
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        // Stop accepting and drop the workers' pools before the database is dropped.
        std::mem::drop(handle.stop(false));
        // No listener thread may outlive the test: one still inside libpq when the test
        // process exits can crash the exit.
        self.ctx.bus.shutdown();
    }
}

/// Administration fixtures, made through the HTTP API as an interact_admin.
impl TestApp {
    /// Creates a company and returns its id.
    pub async fn company(&self, admin: &str, name: &str) -> i64 {
        let r = self
            .put("/v2/admin/companies", admin, json!({ "name": name }))
            .await;
        assert_eq!(r.status, 201, "create company: {}", r.text());
        r.json()["entity"]["id"].as_i64().expect("company id")
    }

    /// Creates a user (password `PASSWORD`) with these roles and returns its id.
    pub async fn user(
        &self,
        admin: &str,
        email: &str,
        company: Option<i64>,
        roles: &[&str],
    ) -> i64 {
        let r = self
            .put(
                "/v2/admin/users",
                admin,
                json!({"email": email, "password": PASSWORD, "companyId": company}),
            )
            .await;
        assert_eq!(r.status, 201, "create user: {}", r.text());
        let id = r.json()["entity"]["id"].as_i64().expect("user id");
        if roles != ["user"] {
            let r = self
                .post(
                    &format!("/v2/admin/users/{id}/roles?cmd=set"),
                    admin,
                    json!(roles),
                )
                .await;
            assert_eq!(r.status, 200, "set roles: {}", r.text());
        }
        id
    }

    /// Creates a group of a company and returns its id.
    pub async fn group(&self, admin: &str, company: i64, name: &str) -> i64 {
        let r = self
            .put(
                "/v2/admin/groups",
                admin,
                json!({"name": name, "companyId": company}),
            )
            .await;
        assert_eq!(r.status, 201, "create group: {}", r.text());
        r.json()["entity"]["id"].as_i64().expect("group id")
    }

    /// The last token mailed to this address.
    pub fn mailed_token(&self, email: &str) -> Option<String> {
        let outbox = self.outbox();
        let mut token = None;
        for message in outbox.split("\nFrom interact ") {
            if !message.contains(&format!("\nTo: {email}\n")) {
                continue;
            }
            if let Some(line) = message.lines().find(|l| l.starts_with("Token: ")) {
                token = Some(line["Token: ".len()..].trim().to_string());
            }
        }
        token
    }
}

/// Tenancy straight through the store (companies, groups, members), for tests that run
/// before or beside the administration endpoints.
impl TestApp {
    /// Inserts a company; returns its id and UUID.
    pub async fn insert_company(&self, name: &str) -> (i64, String) {
        let name = name.to_string();
        let c = self
            .ctx
            .db
            .write(move |c| {
                interact_store::companies::insert(
                    c,
                    &interact_store::companies::CompanyInsertForm {
                        uuid: &uuid::Uuid::new_v4().to_string(),
                        name: &name,
                        created: 0,
                    },
                )
            })
            .await
            .unwrap();
        (c.id, c.uuid)
    }

    /// Inserts a group of a company; returns its id and UUID.
    pub async fn insert_group(&self, company_id: i64, name: &str) -> (i64, String) {
        let name = name.to_string();
        let g = self
            .ctx
            .db
            .write(move |c| {
                interact_store::groups::insert(
                    c,
                    &interact_store::groups::GroupInsertForm {
                        uuid: &uuid::Uuid::new_v4().to_string(),
                        company_id,
                        name: &name,
                        created: 0,
                    },
                )
            })
            .await
            .unwrap();
        (g.id, g.uuid)
    }

    /// Inserts an active user of a company with these roles and group memberships; returns
    /// the user's id and UUID.
    pub async fn insert_member(
        &self,
        email: &str,
        company_id: i64,
        roles: &str,
        groups: &[i64],
    ) -> (i64, String) {
        let hash = interact_service::auth::hash_password(&self.ctx, PASSWORD.to_string())
            .await
            .unwrap();
        let email = email.to_string();
        let roles = roles.to_string();
        let groups = groups.to_vec();
        self.ctx
            .db
            .write(move |c| {
                let u = interact_store::users::insert(
                    c,
                    &interact_store::users::UserInsertForm {
                        uuid: &uuid::Uuid::new_v4().to_string(),
                        email: &email,
                        password_hash: &hash,
                        active: true,
                        company_id: Some(company_id),
                        roles: &roles,
                        created: 0,
                    },
                )?;
                for g in groups {
                    interact_store::groups::add_member(c, g, u.id)?;
                }
                Ok((u.id, u.uuid))
            })
            .await
            .unwrap()
    }

    /// Sends a request with extra headers; `body` goes as JSON.
    pub async fn call_with(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> Resp {
        let mut req = self.client.request(
            Method::from_bytes(method.as_bytes()).unwrap(),
            self.url(path),
        );
        for (k, v) in headers {
            req = req.insert_header((*k, *v));
        }
        let res = match body {
            Some(b) => req.send_json(&b).await,
            None => req.send().await,
        };
        Self::read(res.expect("request sent")).await
    }
}

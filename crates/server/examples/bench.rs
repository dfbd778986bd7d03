//! Contacts benchmark: loads N contacts (3 basicInfos, an address, 2 tags each) for one user,
//! then measures contact reads (each contact's first, then at random), pages at the start
//! and near the end in each projection, search, a page of the journal, the admin user list
//! (200 users), create and update over
//! HTTP on 127.0.0.1, with `GET /healthz` as the no-database ceiling of reads and a raw
//! one-row `INSERT; COMMIT` at the same concurrency on the same database as the ceiling of
//! writes. Every phase runs for a fixed time, so the run stops by itself; it reports, it never
//! fails. Run through `scripts/bench`.
//!
//! Arguments: `--database-url URL` (required), `--contacts N` (100000), `--seconds S` per
//! phase (5), `--concurrency C` (16), `--load-only` (load, then stop without measuring),
//! `--only TEXT` (measure only the phases whose name contains it, and the ceilings).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::RunQueryDsl;
use futures_util::StreamExt;
use interact_domain::contacts::{AddressInput, BasicInfoInput, BasicInfoType, ContactRequest};
use interact_server::Settings;
use interact_service::auth::Principal;
use serde_json::{json, Value};

const EMAIL: &str = "bench@example.com";
const ADMIN_EMAIL: &str = "bench-admin@example.com";
const PASSWORD: &str = "bench password";
/// Users the admin list shows (besides the bench user and its admin).
const USERS: usize = 200;

/// The arguments (see above); clap answers a missing or unknown one.
#[derive(clap::Parser)]
struct Args {
    #[arg(long)]
    database_url: String,
    #[arg(long, default_value_t = 100_000)]
    contacts: u64,
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    #[arg(long)]
    load_only: bool,
    /// Measures only the phases whose name contains this (and the ceilings), to profile one.
    #[arg(long)]
    only: Option<String>,
    /// SQLite only: the server's `INTERACT_SQLITE_MEMORY` (MiB, 0 for no bound); the
    /// server's default when left out.
    #[arg(long, env = "INTERACT_SQLITE_MEMORY")]
    sqlite_memory: Option<u32>,
}

fn contact(i: u64) -> ContactRequest {
    let bi = |t: BasicInfoType, v: String| BasicInfoInput {
        type_: Some(t),
        value: Some(v),
        ..Default::default()
    };
    ContactRequest {
        contact_type: Some(interact_domain::contacts::ContactType::Person),
        first_name: Some(Some(format!("First{}", i % 1000))),
        last_name: Some(Some(format!("L{i:07}"))),
        basic_infos: Some(vec![
            bi(BasicInfoType::Phone, format!("030 {:07}", i)),
            bi(BasicInfoType::Mobile, format!("+49 171 {:07}", i)),
            bi(BasicInfoType::Email, format!("person{i}@example.com")),
        ]),
        addresses: Some(vec![AddressInput {
            addressline1: Some(format!("Street {i}")),
            zip: Some("10115".into()),
            city: Some("Berlin".into()),
            country: Some("DE".into()),
            ..Default::default()
        }]),
        tags: Some(vec![format!("group{}", i % 50), "bench".into()]),
        ..Default::default()
    }
}

/// A small xorshift generator: the benchmark needs spread ids, not good randomness.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// `--only`: the phases to measure (None: all).
static ONLY: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

struct Outcome {
    name: String,
    /// What the share is taken of: the read ceiling (`GET /healthz`) or the write ceiling.
    write: bool,
    requests: u64,
    errors: u64,
    rps: f64,
    p50: Duration,
    p99: Duration,
}

/// Runs `make` from `concurrency` workers for `seconds`; each call returns the status, or 0
/// when there is nothing left to ask (the worker stops; that call is not counted).
async fn phase<F, Fut>(name: &str, seconds: u64, concurrency: usize, make: F) -> Outcome
where
    F: Fn(usize, u64) -> Fut + Clone + 'static,
    Fut: std::future::Future<Output = u16>,
{
    let skipped = ONLY
        .get()
        .and_then(Option::as_ref)
        .is_some_and(|only| !name.contains(only.as_str()) && !name.contains("ceiling"));
    let seconds = if skipped { 0 } else { seconds };
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let errors = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let workers = (0..concurrency).map(|w| {
        let make = make.clone();
        let errors = errors.clone();
        async move {
            let mut lat = Vec::new();
            let mut n = 0u64;
            while Instant::now() < deadline {
                let t = Instant::now();
                let status = make(w, n).await;
                if status == 0 {
                    break;
                }
                lat.push(t.elapsed());
                if !(200..300).contains(&status) {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
                n += 1;
            }
            lat
        }
    });
    let mut all: Vec<Duration> = futures_util::future::join_all(workers)
        .await
        .into_iter()
        .flatten()
        .collect();
    let elapsed = start.elapsed().as_secs_f64();
    all.sort();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Outcome {
        name: name.to_string(),
        write: false,
        requests: all.len() as u64,
        errors: errors.load(Ordering::Relaxed),
        rps: all.len() as f64 / elapsed,
        p50: pct(0.50),
        p99: pct(0.99),
    }
}

fn main() -> anyhow::Result<()> {
    let a = <Args as clap::Parser>::parse();
    let _ = ONLY.set(a.only.clone());
    actix_web::rt::System::new().block_on(run(a))
}

async fn run(a: Args) -> anyhow::Result<()> {
    let mut settings = Settings::defaults();
    settings.bind = "127.0.0.1:0".into();
    settings.database_url = a.database_url.clone();
    settings.max_body = 1024 * 1024;
    settings.workers = Some(2);
    settings.bcrypt_cost = 4;
    if let Some(mib) = a.sqlite_memory {
        settings.sqlite_memory = mib;
    }
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let running = interact_server::start(&settings, Some(listener)).await?;
    let handle = running.handle.clone();
    actix_web::rt::spawn(running.server);
    let ctx = running.ctx.clone();
    let base = format!("http://{}", running.addr);

    let hash = interact_service::auth::hash_password(&ctx, PASSWORD.into()).await?;
    ctx.db
        .write(move |c| {
            let mut users: Vec<(String, &str)> = vec![
                (EMAIL.to_string(), "user"),
                (ADMIN_EMAIL.to_string(), "user,interact_admin"),
            ];
            users.extend((0..USERS).map(|i| (format!("bench-user-{i}@example.com"), "user")));
            for (email, roles) in users {
                if interact_store::users::find_by_email(c, &email)?.is_none() {
                    interact_store::users::insert(
                        c,
                        &interact_store::users::UserInsertForm {
                            uuid: &uuid::Uuid::new_v4().to_string(),
                            email: &email,
                            password_hash: &hash,
                            active: true,
                            company_id: None,
                            roles,
                            created: 0,
                        },
                    )?;
                }
            }
            // The table of the raw INSERT; COMMIT reference.
            match c {
                interact_store::AnyConnection::Sqlite(s) => s.batch_execute(
                    "CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, v TEXT NOT NULL)",
                )?,
                interact_store::AnyConnection::Postgresql(p) => p.batch_execute(
                    "CREATE TABLE IF NOT EXISTS bench_raw (id BIGSERIAL PRIMARY KEY, v TEXT NOT NULL)",
                )?,
            }
            Ok(())
        })
        .await?;
    let client = awc::Client::builder()
        .timeout(Duration::from_secs(60))
        .connector(awc::Connector::new().limit(2 * a.concurrency))
        .finish();
    let mut r = client
        .post(format!("{base}/v2/login"))
        .send_json(&json!({"username": EMAIL, "password": PASSWORD, "scope": "web portal"}))
        .await
        .map_err(|e| anyhow::anyhow!("login: {e}"))?;
    let login: Value = r.json().await?;
    let token = login["token"]["authToken"]
        .as_str()
        .ok_or_else(|| anyhow::anyhow!("no token: {login}"))?
        .to_string();
    let mut r = client
        .post(format!("{base}/v2/login"))
        .send_json(&json!({"username": ADMIN_EMAIL, "password": PASSWORD, "scope": "web portal"}))
        .await
        .map_err(|e| anyhow::anyhow!("login: {e}"))?;
    let login: Value = r.json().await?;
    let admin_token = login["token"]["authToken"]
        .as_str()
        .ok_or_else(|| anyhow::anyhow!("no admin token: {login}"))?
        .to_string();
    let who: Principal = interact_service::auth::authenticate(&ctx, &token).await?;

    // Load through the service layer (the same code as PUT /v2/contacts, without HTTP).
    let have = ctx
        .db
        .read({
            let uid = who.user_id;
            move |c| interact_store::contacts::count(c, uid)
        })
        .await? as u64;
    if have < a.contacts {
        let t = Instant::now();
        eprintln!("loading {} contacts ({have} there)…", a.contacts - have);
        let done = AtomicU64::new(0);
        futures_util::stream::iter(have..a.contacts)
            .map(|i| {
                let (ctx, who, done) = (&ctx, &who, &done);
                async move {
                    interact_service::contacts::create(ctx, who, contact(i)).await?;
                    let d = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if d % 10_000 == 0 {
                        eprintln!("  {d} in {:.0} s", t.elapsed().as_secs_f64());
                    }
                    Ok::<_, interact_service::Error>(())
                }
            })
            .buffer_unordered(4)
            .for_each(|r| {
                if let Err(e) = r {
                    eprintln!("load failed: {e}");
                }
                async {}
            })
            .await;
        eprintln!("loaded in {:.0} s", t.elapsed().as_secs_f64());
    }
    if a.load_only {
        handle.stop(true).await;
        ctx.bus.shutdown();
        return Ok(());
    }
    let (revs, total) = ctx
        .db
        .read({
            let uid = who.user_id;
            move |c| interact_store::contacts::page(c, uid, 0, None)
        })
        .await?;
    let ids: Vec<i64> = revs.iter().map(|rev| rev.id).collect();
    let ids = Arc::new(ids);
    let n = ids.len() as u64;
    eprintln!("{total} contacts; measuring {} s per phase…", a.seconds);

    let get_as = {
        let client = client.clone();
        move |path: String, token: String| {
            let client = client.clone();
            async move {
                match client
                    .get(path)
                    .insert_header(("authToken", token))
                    .send()
                    .await
                {
                    Ok(mut r) => {
                        let _ = r.body().limit(16 * 1024 * 1024).await;
                        r.status().as_u16()
                    }
                    Err(_) => 599,
                }
            }
        }
    };
    let get = {
        let (get_as, token) = (get_as.clone(), token.clone());
        move |path: String| get_as(path, token.clone())
    };
    let mut out = Vec::new();
    let (s, c) = (a.seconds, a.concurrency);
    {
        let (get, base) = (get.clone(), base.clone());
        out.push(
            phase("GET /healthz (ceiling)", s, c, move |_, _| {
                get(format!("{base}/healthz"))
            })
            .await,
        );
    }
    {
        // Each contact read once, in id order: none of them is kept by the server yet (a
        // contact is kept by its first read), so this is the cost of a contact not kept.
        let (get, base, ids) = (get.clone(), base.clone(), ids.clone());
        let next = Arc::new(AtomicU64::new(0));
        out.push(
            phase(
                "GET /v2/contacts/:id (first read of each)",
                s,
                c,
                move |_, _| {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let path = ids
                        .get(i as usize)
                        .map(|id| format!("{base}/v2/contacts/{id}"));
                    let get = get.clone();
                    async move {
                        match path {
                            Some(path) => get(path).await,
                            None => 0,
                        }
                    }
                },
            )
            .await,
        );
    }
    {
        // Contacts at random, most of them kept since the pass above (those it had no time
        // to read are read here first).
        let (get, base, ids) = (get.clone(), base.clone(), ids.clone());
        out.push(
            phase("GET /v2/contacts/:id", s, c, move |w, k| {
                let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ ((w as u64) << 32 | k));
                let id = ids[rng.next(n) as usize];
                get(format!("{base}/v2/contacts/{id}"))
            })
            .await,
        );
    }
    for (label, offset) in [("start", 0), ("end", n.saturating_sub(25))] {
        let (get, base) = (get.clone(), base.clone());
        out.push(
            phase(
                &format!("GET /v2/contacts?offset={offset}&limit=25 ({label})"),
                s,
                c,
                move |_, _| get(format!("{base}/v2/contacts?offset={offset}&limit=25")),
            )
            .await,
        );
    }
    for projection in ["thin", "flat"] {
        let (get, base) = (get.clone(), base.clone());
        out.push(
            phase(
                &format!("GET /v2/contacts?offset=0&limit=25&projection={projection}"),
                s,
                c,
                move |_, _| {
                    get(format!(
                        "{base}/v2/contacts?offset=0&limit=25&projection={projection}"
                    ))
                },
            )
            .await,
        );
    }
    {
        let (get, base) = (get.clone(), base.clone());
        out.push(
            phase(
                "GET /v2/contacts?q=<last name>&limit=25",
                s,
                c,
                move |w, k| {
                    let mut rng = Rng(0xD1B5_4A32_D192_ED03 ^ ((w as u64) << 32 | k));
                    let i = rng.next(n);
                    get(format!("{base}/v2/contacts?q=l{i:07}&limit=25"))
                },
            )
            .await,
        );
    }
    {
        let (get, base) = (get.clone(), base.clone());
        out.push(
            phase(
                "GET /v2/contacts?q=<phone, national>&limit=25",
                s,
                c,
                move |w, k| {
                    let mut rng = Rng(0xA076_1D64_78BD_642F ^ ((w as u64) << 32 | k));
                    let i = rng.next(n);
                    get(format!("{base}/v2/contacts?q=030%20{i:07}&limit=25"))
                },
            )
            .await,
        );
    }
    {
        let (get, base) = (get.clone(), base.clone());
        out.push(
            phase("GET /v2/activities?offset=0&limit=25", s, c, move |_, _| {
                get(format!("{base}/v2/activities?offset=0&limit=25"))
            })
            .await,
        );
    }
    {
        let (get_as, base, admin) = (get_as.clone(), base.clone(), admin_token.clone());
        out.push(
            phase(
                &format!("GET /v2/admin/users ({} users)", USERS + 2),
                s,
                c,
                move |_, _| get_as(format!("{base}/v2/admin/users"), admin.clone()),
            )
            .await,
        );
    }
    {
        // The write ceiling: one row inserted and committed per transaction (autocommit), on
        // connections of the server's pool, from blocking threads, from as many writers as the
        // requests; on SQLite one at a time (a process lock, as SQLite has one writer), each
        // committed alone — not grouped with the others the way the server commits its writes.
        let ctx = ctx.clone();
        let sqlite_writer = Arc::new(std::sync::Mutex::new(()));
        let mut o = phase(
            "raw one-row INSERT; COMMIT (write ceiling)",
            s,
            c,
            move |_, _| {
                let (ctx, sqlite_writer) = (ctx.clone(), sqlite_writer.clone());
                async move {
                    let r = tokio::task::spawn_blocking(move || {
                        let mut conn = ctx.db.conn()?;
                        let _one = matches!(**conn, interact_store::AnyConnection::Sqlite(_))
                            .then(|| sqlite_writer.lock().unwrap_or_else(|p| p.into_inner()));
                        diesel::sql_query("INSERT INTO bench_raw (v) VALUES ('bench')")
                            .execute(&mut **conn)?;
                        Ok::<_, interact_service::Error>(())
                    })
                    .await;
                    if matches!(r, Ok(Ok(()))) {
                        200
                    } else {
                        500
                    }
                }
            },
        )
        .await;
        o.write = true;
        out.push(o);
    }
    {
        let (client, base, token) = (client.clone(), base.clone(), token.clone());
        let next = Arc::new(AtomicU64::new(10_000_000));
        out.push(
            phase("PUT /v2/contacts", s, c, move |_, _| {
                let (client, base, token) = (client.clone(), base.clone(), token.clone());
                let i = next.fetch_add(1, Ordering::Relaxed);
                async move {
                    let body = json!({"contactType": "person", "firstName": "New", "lastName": format!("N{i}"),
                        "basicInfos": [{"type": "phone", "value": format!("030 {i}")}, {"type": "email", "value": format!("n{i}@example.com")}, {"type": "mobile", "value": format!("0171 {i}")}],
                        "addresses": [{"city": "Berlin"}], "tags": ["new", "bench"]});
                    match client.put(format!("{base}/v2/contacts")).insert_header(("authToken", token)).send_json(&body).await {
                        Ok(mut r) => {
                            let _ = r.body().await;
                            r.status().as_u16()
                        }
                        Err(_) => 599,
                    }
                }
            })
            .await,
        );
    }
    {
        // Each worker updates its own contact and keeps track of its version.
        let (client, base, token) = (client.clone(), base.clone(), token.clone());
        let mut versions = Vec::new();
        for w in 0..c {
            let id = ids[(w as u64 * (n / c as u64).max(1)) as usize % ids.len()];
            let mut r = client
                .get(format!("{base}/v2/contacts/{id}"))
                .insert_header(("authToken", token.clone()))
                .send()
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let v: Value = r.json().limit(1024 * 1024).await?;
            versions.push((
                id,
                Arc::new(AtomicU64::new(v["version"].as_u64().unwrap_or(1))),
            ));
        }
        let versions = Arc::new(versions);
        out.push(
            phase("POST /v2/contacts/:id", s, c, move |w, k| {
                let (client, base, token) = (client.clone(), base.clone(), token.clone());
                let (id, version) = versions[w].clone();
                async move {
                    let v = version.load(Ordering::Relaxed);
                    let body =
                        json!({"version": v, "firstName": format!("Upd{k}"), "hot": k % 2 == 0});
                    match client
                        .post(format!("{base}/v2/contacts/{id}"))
                        .insert_header(("authToken", token))
                        .send_json(&body)
                        .await
                    {
                        Ok(mut r) => {
                            let _ = r.body().await;
                            if r.status().is_success() {
                                version.store(v + 1, Ordering::Relaxed);
                            }
                            r.status().as_u16()
                        }
                        Err(_) => 599,
                    }
                }
            })
            .await,
        );
    }
    handle.stop(true).await;
    ctx.bus.shutdown();

    // Reads against GET /healthz; the writes after the raw INSERT; COMMIT against it.
    let ceiling = out[0].rps;
    let write_ceiling = out.iter().find(|o| o.write).map(|o| o.rps);
    println!("| request | requests | errors | req/s | p50 ms | p99 ms | share of ceiling |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut writes = false;
    for o in out.iter().filter(|o| o.requests > 0) {
        let share = match (writes, write_ceiling) {
            (true, Some(w)) => format!("{:.1} % of raw INSERT", 100.0 * o.rps / w.max(1e-9)),
            _ => format!("{:.1} %", 100.0 * o.rps / ceiling),
        };
        println!(
            "| `{}` | {} | {} | {:.0} | {:.2} | {:.2} | {} |",
            o.name,
            o.requests,
            o.errors,
            o.rps,
            o.p50.as_secs_f64() * 1000.0,
            o.p99.as_secs_f64() * 1000.0,
            share
        );
        writes |= o.write;
    }
    let start = out.iter().find(|o| o.name.ends_with("(start)"));
    let end = out.iter().find(|o| o.name.ends_with("(end)"));
    if let (Some(s), Some(e)) = (start, end) {
        println!(
            "\nA page near the end costs {:.2}× a page at the start (p50), {:.2}× by throughput.",
            e.p50.as_secs_f64() / s.p50.as_secs_f64().max(1e-9),
            s.rps / e.rps.max(1e-9)
        );
    }
    Ok(())
}

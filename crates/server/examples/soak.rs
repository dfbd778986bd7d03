//! Soak: mixed load against a running server for a fixed time, printing the server's resident
//! memory (RSS, from /proc) at fixed intervals. Each worker goes round a cycle a CRM client
//! and a canvasser would: log in now and then, create a contact, read it, update it, note and
//! task it, page and search the list, create, read, patch and list canvass interactions, and
//! delete what it created, so the data stays about the same size and what memory does is the
//! server's own. Run through `scripts/soak`.
//!
//! Arguments: `--url http://127.0.0.1:PORT` (required), `--pid PID` of the server (required),
//! `--admin EMAIL:PASSWORD` (an interact_admin), `--seconds S` (300), `--concurrency C` (16),
//! `--every S` between samples (15), `--warmup S` (a third of the run): the samples from then
//! on are summed up at the end (lowest and highest RSS, and its trend by least squares), which
//! is what "flat after warm-up" is read from. On SQLite each sample also shows SQLite's own
//! memory (from the server's `/metrics`) and the RSS without it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const PASSWORD: &str = "soak password";

struct Args {
    url: String,
    pid: u32,
    admin: (String, String),
    seconds: u64,
    concurrency: usize,
    every: u64,
    warmup: Option<u64>,
}

fn args() -> anyhow::Result<Args> {
    let mut a = Args {
        url: String::new(),
        pid: 0,
        admin: (String::new(), String::new()),
        seconds: 300,
        concurrency: 16,
        every: 15,
        warmup: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let v = it
            .next()
            .ok_or_else(|| anyhow::anyhow!("{k} needs a value"))?;
        match k.as_str() {
            "--url" => a.url = v.trim_end_matches('/').to_string(),
            "--pid" => a.pid = v.parse()?,
            "--admin" => {
                let (e, p) = v
                    .split_once(':')
                    .ok_or_else(|| anyhow::anyhow!("--admin is EMAIL:PASSWORD"))?;
                a.admin = (e.to_string(), p.to_string());
            }
            "--seconds" => a.seconds = v.parse()?,
            "--concurrency" => a.concurrency = v.parse()?,
            "--every" => a.every = v.parse::<u64>()?.max(1),
            "--warmup" => a.warmup = Some(v.parse()?),
            _ => anyhow::bail!("unknown argument {k}"),
        }
    }
    if a.url.is_empty() || a.pid == 0 || a.admin.0.is_empty() {
        anyhow::bail!("--url, --pid and --admin are required");
    }
    Ok(a)
}

/// Resident and peak memory of a process, in KiB.
fn rss_kib(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// SQLite's memory in the server (`interact_sqlite_memory_bytes{kind="used"}` of `/metrics`,
/// served to loopback), in MiB; `None` on PostgreSQL or when the scrape fails.
async fn sqlite_mib(c: &Client) -> Option<f64> {
    let mut r = c
        .http
        .get(format!("{}/metrics", c.base))
        .send()
        .await
        .ok()?;
    let body = r.body().limit(4 * 1024 * 1024).await.ok()?;
    let text = std::str::from_utf8(&body).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("interact_sqlite_memory_bytes{kind=\"used\"} "))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .map(|b| b / 1_048_576.0)
}

/// Lowest, highest and least-squares trend (per minute) of `(t, v)` samples.
fn sum_up(samples: &[(f64, f64)]) -> (f64, f64, f64) {
    let n = samples.len() as f64;
    let (mt, mv) = (
        samples.iter().map(|p| p.0).sum::<f64>() / n,
        samples.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let cov: f64 = samples.iter().map(|(t, v)| (t - mt) * (v - mv)).sum();
    let var: f64 = samples.iter().map(|(t, _)| (t - mt) * (t - mt)).sum();
    let lo = samples.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let hi = samples.iter().map(|p| p.1).fold(0.0, f64::max);
    (lo, hi, cov / var * 60.0)
}

#[derive(Clone)]
struct Client {
    http: awc::Client,
    base: String,
}

impl Client {
    async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value, Option<String>) {
        let method =
            awc::http::Method::from_bytes(method.as_bytes()).unwrap_or(awc::http::Method::GET);
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.insert_header(("authToken", t.to_string()));
        }
        let res = match &body {
            Some(b) => req.send_json(b).await,
            None => req.send().await,
        };
        match res {
            Ok(mut r) => {
                let etag = r
                    .headers()
                    .get("etag")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                let bytes = r.body().limit(16 * 1024 * 1024).await.unwrap_or_default();
                let v = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
                (r.status().as_u16(), v, etag)
            }
            Err(_) => (599, Value::Null, None),
        }
    }

    async fn login(&self, email: &str, password: &str) -> anyhow::Result<String> {
        let (status, v, _) = self
            .call(
                "POST",
                "/v2/login",
                None,
                Some(json!({"username": email, "password": password, "scope": "web portal"})),
            )
            .await;
        v["token"]["authToken"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| anyhow::anyhow!("login {email}: {status} {v}"))
    }
}

fn created_id(v: &Value) -> Option<i64> {
    v["entity"]["id"].as_i64()
}

/// One round of the mixed cycle; counts requests and failures.
async fn cycle(c: &Client, token: &str, bearer: &str, w: usize, n: u64, stats: &Stats) {
    let ok = |s: u16| (200..300).contains(&s);
    let count = |s: u16| {
        stats.requests.fetch_add(1, Ordering::Relaxed);
        if !ok(s) {
            stats.errors.fetch_add(1, Ordering::Relaxed);
        }
        s
    };
    let tag = format!("w{w}n{n}");
    let (s, v, _) = c
        .call(
            "PUT",
            "/v2/contacts",
            Some(token),
            Some(
                json!({"contactType": "person", "firstName": "Soak", "lastName": tag,
                "basicInfos": [{"type": "phone", "value": format!("030 {:07}", n % 10_000_000)},
                               {"type": "email", "value": format!("{tag}@example.com")}],
                "addresses": [{"city": "Berlin", "addressline1": "Street 1"}], "tags": ["soak"]}),
            ),
        )
        .await;
    count(s);
    let Some(id) = created_id(&v) else { return };
    let (s, v, _) = c
        .call("GET", &format!("/v2/contacts/{id}"), Some(token), None)
        .await;
    count(s);
    let version = v["version"].as_i64().unwrap_or(1);
    let (s, _, _) = c
        .call(
            "POST",
            &format!("/v2/contacts/{id}"),
            Some(token),
            Some(json!({"version": version, "firstName": "Soaked", "hot": n.is_multiple_of(2)})),
        )
        .await;
    count(s);
    let (s, _, _) = c
        .call(
            "PUT",
            "/v2/notes",
            Some(token),
            Some(json!({"message": format!("note {tag}"), "relatedTo": {"id": id, "type": "contact"}})),
        )
        .await;
    count(s);
    let (s, _, _) = c
        .call(
            "PUT",
            "/v2/tasks",
            Some(token),
            Some(json!({"title": format!("call {tag}"), "taskType": "task", "relatedTo": {"id": id, "type": "contact"}})),
        )
        .await;
    count(s);
    let (s, _, _) = c
        .call("GET", "/v2/contacts?offset=0&limit=25", Some(token), None)
        .await;
    count(s);
    let (s, _, _) = c
        .call(
            "GET",
            &format!("/v2/contacts?q={}&limit=25", tag.to_lowercase()),
            Some(token),
            None,
        )
        .await;
    count(s);
    let (s, _, _) = c
        .call(
            "GET",
            &format!("/v2/contacts/{id}/notes"),
            Some(token),
            None,
        )
        .await;
    count(s);

    // Canvass: create, read (etag), patch, list, delete.
    let req = c
        .http
        .post(format!("{}/v2/interactions", c.base))
        .insert_header(("Authorization", bearer.to_string()))
        .send_json(&json!({
            "campaignId": "61fbfbaa-5de8-4d17-ac2b-c47f2376265a",
            "contactId": "0478dbbf-b6eb-4168-afa9-5ebab6fef4b6",
            "householdId": "c15e3515-aabf-42da-8d1b-31679f738eae",
            "contactHouseholdId": "d070b1dc-9611-4f29-9300-a32160d21baa",
            "timestamp": "2018-07-17T18:40:53.526Z",
            "unavailable": false,
            "successful": true,
            "survey": {"surveyId": "375d437b-3b47-4940-b43d-be8daec4afff", "responses": {
                "9826940d-76a8-4700-8c92-5743ce7bb728": {"fields": {"available": "true"},
                    "questionId": "9826940d-76a8-4700-8c92-5743ce7bb728"}}},
            "location": {"lat": 33.4, "lng": -84.2, "confidence": 0}
        }))
        .await;
    let canvass = match req {
        Ok(mut r) => {
            let s = count(r.status().as_u16());
            let v: Value = r.json().await.unwrap_or(Value::Null);
            if ok(s) {
                v["id"].as_str().map(|id| {
                    (
                        id.to_string(),
                        v["meta"]["etag"].as_str().unwrap_or("").to_string(),
                    )
                })
            } else {
                None
            }
        }
        Err(_) => {
            count(599);
            None
        }
    };
    if let Some((cid, etag)) = canvass {
        let path = format!("/v2/interactions/{cid}");
        let patched = c
            .http
            .patch(format!("{}{path}", c.base))
            .insert_header(("Authorization", bearer.to_string()))
            .insert_header(("etag", etag))
            .send_json(&json!({"data": [{"op": "replace", "path": "/successful", "value": false},
                                        {"op": "add", "path": "/unavailableReason", "value": "Come Back"}]}))
            .await;
        let etag = match patched {
            Ok(mut r) => {
                count(r.status().as_u16());
                let v: Value = r.json().await.unwrap_or(Value::Null);
                v["meta"]["etag"].as_str().unwrap_or("").to_string()
            }
            Err(_) => {
                count(599);
                String::new()
            }
        };
        let (s, _, _) = c.call("GET", &path, Some(token), None).await;
        count(s);
        let (s, _, _) = c
            .call("GET", "/v2/interactions?filter[/data/campaignId]=61fbfbaa-5de8-4d17-ac2b-c47f2376265a&limit=20", Some(token), None)
            .await;
        count(s);
        let deleted = c
            .http
            .delete(format!("{}{path}", c.base))
            .insert_header(("Authorization", bearer.to_string()))
            .insert_header(("etag", etag))
            .send()
            .await;
        count(deleted.map(|r| r.status().as_u16()).unwrap_or(599));
    }

    let (s, _, _) = c
        .call("GET", "/v2/activities?limit=20", Some(token), None)
        .await;
    count(s);
    let (s, _, _) = c
        .call("DELETE", &format!("/v2/contacts/{id}"), Some(token), None)
        .await;
    count(s);
}

#[derive(Default)]
struct Stats {
    requests: AtomicU64,
    errors: AtomicU64,
}

fn main() -> anyhow::Result<()> {
    let a = args()?;
    actix_web::rt::System::new().block_on(run(a))
}

async fn run(a: Args) -> anyhow::Result<()> {
    let http = awc::Client::builder()
        .timeout(Duration::from_secs(60))
        .connector(awc::Connector::new().limit(2 * a.concurrency))
        .finish();
    let c = Client {
        http,
        base: a.url.clone(),
    };

    // A company, a security group and one user per worker in it (canvass needs a group).
    let admin = c.login(&a.admin.0, &a.admin.1).await?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_millis();
    let (_, v, _) = c
        .call(
            "PUT",
            "/v2/admin/companies",
            Some(&admin),
            Some(json!({"name": format!("Soak {stamp}")})),
        )
        .await;
    let company = created_id(&v).ok_or_else(|| anyhow::anyhow!("company: {v}"))?;
    let (_, v, _) = c
        .call(
            "PUT",
            "/v2/admin/groups",
            Some(&admin),
            Some(json!({"name": "Canvassers", "companyId": company})),
        )
        .await;
    let group = created_id(&v).ok_or_else(|| anyhow::anyhow!("group: {v}"))?;
    let mut users = Vec::new();
    for w in 0..a.concurrency {
        let email = format!("soak{w}-{stamp}@example.com");
        let (_, v, _) = c
            .call(
                "PUT",
                "/v2/admin/users",
                Some(&admin),
                Some(json!({"email": email, "password": PASSWORD, "companyId": company})),
            )
            .await;
        let id = created_id(&v).ok_or_else(|| anyhow::anyhow!("user: {v}"))?;
        let (s, v, _) = c
            .call(
                "POST",
                &format!("/v2/admin/users/{id}/groups?cmd=add"),
                Some(&admin),
                Some(json!([group])),
            )
            .await;
        if !(200..300).contains(&s) {
            anyhow::bail!("group membership: {s} {v}");
        }
        users.push(email);
    }

    let stats = Arc::new(Stats::default());
    let started = Instant::now();
    let deadline = started + Duration::from_secs(a.seconds);
    let workers: Vec<_> = users
        .into_iter()
        .enumerate()
        .map(|(w, email)| {
            let (c, stats) = (c.clone(), stats.clone());
            actix_web::rt::spawn(async move {
                let mut n = 0u64;
                let mut token = String::new();
                while Instant::now() < deadline {
                    // A new session now and then, as clients log in again.
                    if n.is_multiple_of(50) {
                        match c.login(&email, PASSWORD).await {
                            Ok(t) => token = t,
                            Err(e) => {
                                eprintln!("{e}");
                                actix_web::rt::time::sleep(Duration::from_secs(1)).await;
                                continue;
                            }
                        }
                        stats.requests.fetch_add(1, Ordering::Relaxed);
                    }
                    let bearer = format!("Bearer {token}");
                    cycle(&c, &token, &bearer, w, n, &stats).await;
                    n += 1;
                }
            })
        })
        .collect();

    println!(
        "| t (s) | requests | errors | req/s | RSS (MiB) | peak RSS (MiB) | SQLite (MiB) | RSS − SQLite (MiB) |"
    );
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    // (t, RSS) and (t, RSS − SQLite's own memory) of every sample.
    let mut rss_at: Vec<(f64, f64)> = Vec::new();
    let mut rest_at: Vec<(f64, f64)> = Vec::new();
    let mut prev = 0;
    let mut t = 0;
    loop {
        let requests = stats.requests.load(Ordering::Relaxed);
        let errors = stats.errors.load(Ordering::Relaxed);
        let (rss, hwm) = rss_kib(a.pid).unwrap_or((0, 0));
        let rss = rss as f64 / 1024.0;
        let sqlite = sqlite_mib(&c).await;
        let show = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:.1}"));
        println!(
            "| {t} | {requests} | {errors} | {:.0} | {rss:.1} | {:.1} | {} | {} |",
            (requests - prev) as f64 / a.every as f64,
            hwm as f64 / 1024.0,
            show(sqlite),
            show(sqlite.map(|s| rss - s)),
        );
        rss_at.push((t as f64, rss));
        if let Some(s) = sqlite {
            rest_at.push((t as f64, rss - s));
        }
        prev = requests;
        if t >= a.seconds {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_secs(a.every)).await;
        t += a.every;
    }
    let warmup = a.warmup.unwrap_or(a.seconds / 3) as f64;
    let after = |v: &[(f64, f64)]| -> Vec<(f64, f64)> {
        v.iter().copied().filter(|(t, _)| *t >= warmup).collect()
    };
    let (rss_after, rest_after) = (after(&rss_at), after(&rest_at));
    if rss_after.len() >= 2 {
        let (lo, hi, trend) = sum_up(&rss_after);
        println!(
            "\nAfter warm-up (t ≥ {warmup} s, {} samples): RSS {lo:.1}–{hi:.1} MiB, trend {trend:+.2} MiB/min",
            rss_after.len(),
        );
    }
    if rest_after.len() >= 2 {
        let (lo, hi, trend) = sum_up(&rest_after);
        println!("RSS without SQLite's own memory: {lo:.1}–{hi:.1} MiB, trend {trend:+.2} MiB/min");
    }
    for w in workers {
        let _ = w.await;
    }
    // Idle: what the server gives back once the load stops.
    actix_web::rt::time::sleep(Duration::from_secs(a.every)).await;
    let (rss, _) = rss_kib(a.pid).unwrap_or((0, 0));
    println!(
        "\nRSS {} s after the load stopped: {:.1} MiB",
        a.every,
        rss as f64 / 1024.0
    );
    Ok(())
}

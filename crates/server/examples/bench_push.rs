//! Push and sync benchmark: trigger-to-push latency (HTTP trigger sent → websocket message
//! received) at a fixed event rate with many connected websockets, optionally across two
//! server processes on one PostgreSQL, and the time and peak memory of syncing N changes.
//! Run through `scripts/bench-push`.
//!
//! Arguments: `--database-url URL` (required, an empty database), `--sockets N` (100, one
//! user each), `--rate R` events per second (200), `--seconds S` (5), `--sync-changes N`
//! (10000), `--cross` (the sockets connect to a second server on the same database).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use interact_server::Settings;
use serde_json::{json, Value};

const PASSWORD: &str = "bench password";

/// The arguments (see above); clap answers a missing or unknown one.
#[derive(clap::Parser)]
struct Args {
    #[arg(long)]
    database_url: String,
    #[arg(long, default_value_t = 100)]
    sockets: usize,
    #[arg(long, default_value_t = 200)]
    rate: u64,
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    #[arg(long, default_value_t = 10_000)]
    sync_changes: usize,
    #[arg(long)]
    cross: bool,
}

fn main() -> anyhow::Result<()> {
    let a = <Args as clap::Parser>::parse();
    actix_web::rt::System::new().block_on(run(a))
}

/// A server in this process: its address, its handle and its context (to stop it).
async fn start(
    settings: &Settings,
) -> anyhow::Result<(String, interact_server::Handle, interact_service::Ctx)> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let running = interact_server::start(settings, Some(listener)).await?;
    actix_web::rt::spawn(running.server);
    Ok((format!("{}", running.addr), running.handle, running.ctx))
}

struct Http {
    client: awc::Client,
    base: String,
}

impl Http {
    async fn call(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Value,
    ) -> anyhow::Result<(u16, Value)> {
        let mut req = self.client.request(
            awc::http::Method::from_bytes(method.as_bytes())?,
            format!("http://{}{path}", self.base),
        );
        for (k, v) in headers {
            req = req.insert_header((*k, *v));
        }
        let mut res = if body.is_null() {
            req.send().await
        } else {
            req.send_json(&body).await
        }
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        let bytes = res.body().limit(512 * 1024 * 1024).await?;
        Ok((
            res.status().as_u16(),
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        ))
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Peak resident memory of this process (kB) since the last reset.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

async fn run(a: Args) -> anyhow::Result<()> {
    let mut settings = Settings::defaults();
    settings.bind = "127.0.0.1:0".into();
    settings.database_url = a.database_url.clone();
    settings.workers = Some(2);
    settings.bcrypt_cost = 4;
    settings.db_pool = 16;
    settings.admin_email = Some("admin@example.com".into());
    settings.admin_password = Some(PASSWORD.into());
    let mut servers = vec![start(&settings).await?];
    if a.cross {
        servers.push(start(&settings).await?);
    }
    let a_addr = servers[0].0.clone();
    let b_addr = servers[servers.len() - 1].0.clone();
    let result = measure(&a, &a_addr, &b_addr).await;
    // Stop the servers, their background tasks and bus listeners before the process exits:
    // a listener thread still inside libpq at exit crashed a run once.
    for (_, handle, ctx) in servers {
        handle.stop(true).await;
        ctx.bus.shutdown();
    }
    result
}

async fn measure(a: &Args, a_addr: &str, b_addr: &str) -> anyhow::Result<()> {
    let client = awc::Client::builder()
        .timeout(Duration::from_secs(120))
        .connector(awc::Connector::new().limit(256))
        .finish();
    let http = Http {
        client: client.clone(),
        base: a_addr.to_string(),
    };
    let login = |email: String| {
        let http = &http;
        async move {
            let (s, b) = http
                .call(
                    "POST",
                    "/v2/login",
                    &[],
                    json!({"username": email, "password": PASSWORD, "scope": "web portal"}),
                )
                .await?;
            anyhow::ensure!(s == 200, "login {s} {b}");
            Ok::<String, anyhow::Error>(b["token"]["authToken"].as_str().unwrap_or("").to_string())
        }
    };
    let admin = login("admin@example.com".into()).await?;

    // One user per socket, each with a device, a trigger device and a contact to match.
    let run_id = uuid::Uuid::new_v4().simple().to_string();
    let mut users = Vec::new();
    for i in 0..a.sockets {
        let email = format!("push{i}-{run_id}@example.com");
        let (s, b) = http
            .call(
                "PUT",
                "/v2/admin/users",
                &[("authToken", &admin)],
                json!({"email": email, "password": PASSWORD}),
            )
            .await?;
        anyhow::ensure!(s == 201, "user {s} {b}");
        let token = login(email).await?;
        let device = format!("{:064x}", i + 1);
        let (s, b) = http
            .call(
                "PUT",
                "/v2/devices",
                &[("authToken", &token)],
                json!({"deviceId": device, "decoded": true, "name": "bench"}),
            )
            .await?;
        anyhow::ensure!(s == 201, "device {s} {b}");
        let (s, b) = http
            .call(
                "PUT",
                "/v2/triggerDevices",
                &[("authToken", &token)],
                json!({"deviceId": format!("imei-{i}")}),
            )
            .await?;
        anyhow::ensure!(s == 201, "trigger device {s} {b}");
        let trigger = b["entity"]["triggerToken"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let (s, _) = http
            .call(
                "PUT",
                "/v2/contacts",
                &[("authToken", &token)],
                json!({"contactType": "person", "firstName": format!("Caller {i}"),
                       "basicInfos": [{"type": "mobile", "value": format!("+49 171 {:07}", i)}]}),
            )
            .await?;
        anyhow::ensure!(s == 201);
        users.push((token, device, trigger));
    }

    // Sockets, each reading messages and timing the interaction pushes.
    let sent: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let latencies: Arc<Mutex<Vec<Duration>>> = Arc::default();
    for (token, device, _) in &users {
        let url = format!("ws://{b_addr}/v2/socket?deviceId={device}&authToken={token}");
        let (_, mut socket) = client
            .ws(url)
            .connect()
            .await
            .map_err(|e| anyhow::anyhow!("ws: {e}"))?;
        let (sent, latencies) = (sent.clone(), latencies.clone());
        actix_web::rt::spawn(async move {
            while let Some(Ok(frame)) = socket.next().await {
                match frame {
                    awc::ws::Frame::Text(t) => {
                        let v: Value = serde_json::from_slice(&t).unwrap_or(Value::Null);
                        if let Some(d) = v["data"].as_str() {
                            let at = sent.lock().unwrap_or_else(|p| p.into_inner()).remove(d);
                            if let Some(at) = at {
                                latencies
                                    .lock()
                                    .unwrap_or_else(|p| p.into_inner())
                                    .push(at.elapsed());
                            }
                        }
                    }
                    awc::ws::Frame::Ping(p) => {
                        let _ = socket.send(awc::ws::Message::Pong(p)).await;
                    }
                    _ => {}
                }
            }
        });
    }
    // Let the on-connect hints pass.
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;

    // The ceiling, in the same run and at the same rate: `GET /healthz` (no database, no
    // token), open loop, timed from sending to the answer.
    let total = a.rate * a.seconds;
    let ceiling: Arc<Mutex<Vec<Duration>>> = Arc::default();
    {
        let mut tick =
            actix_web::rt::time::interval(Duration::from_nanos(1_000_000_000 / a.rate.max(1)));
        let mut pending = Vec::new();
        for _ in 0..total {
            tick.tick().await;
            let at = Instant::now();
            let req = client.get(format!("http://{a_addr}/healthz")).send();
            let ceiling = ceiling.clone();
            pending.push(actix_web::rt::spawn(async move {
                if matches!(req.await, Ok(r) if r.status().is_success()) {
                    ceiling
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push(at.elapsed());
                }
            }));
        }
        for p in pending {
            let _ = p.await;
        }
    }

    // Open loop: one trigger every 1/rate seconds, whatever the answers take.
    let answers: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let mut tick =
        actix_web::rt::time::interval(Duration::from_nanos(1_000_000_000 / a.rate.max(1)));
    let mut pending = Vec::new();
    let errors = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let started = Instant::now();
    for n in 0..total {
        tick.tick().await;
        let (_, _, trigger) = &users[(n as usize) % users.len()];
        let i = (n as usize) % users.len();
        let data = format!("+49 171 {:07} #{n}", i);
        sent.lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(data.clone(), Instant::now());
        let req = client
            .put(format!("http://{a_addr}/v2/interactions"))
            .insert_header(("triggerToken", trigger.as_str()))
            .send_json(&json!({"type": "call-incoming", "data": data}));
        let errors = errors.clone();
        let answers = answers.clone();
        let at = Instant::now();
        pending.push(actix_web::rt::spawn(async move {
            match req.await {
                Ok(r) if r.status().as_u16() == 201 => {
                    answers
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push(at.elapsed());
                }
                _ => {
                    errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            }
        }));
    }
    for p in pending {
        let _ = p.await;
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline && !sent.lock().unwrap_or_else(|p| p.into_inner()).is_empty() {
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
    let elapsed = started.elapsed();
    let mut lat = latencies.lock().unwrap_or_else(|p| p.into_inner()).clone();
    lat.sort();
    let lost = sent.lock().unwrap_or_else(|p| p.into_inner()).len();
    let backend = if a.database_url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "## Push, {backend}{}\n",
        if a.cross { ", across two servers" } else { "" }
    );
    println!(
        "| events | rate/s | sockets | pushed | not pushed | trigger errors | p50 | p99 | max |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    println!(
        "| {total} | {:.0} | {} | {} | {lost} | {} | {:.1} ms | {:.1} ms | {:.1} ms |\n",
        total as f64 / elapsed.as_secs_f64().max(0.001),
        a.sockets,
        lat.len(),
        errors.load(std::sync::atomic::Ordering::Relaxed),
        percentile(&lat, 0.5).as_secs_f64() * 1000.0,
        percentile(&lat, 0.99).as_secs_f64() * 1000.0,
        lat.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
    );
    // Each figure against the ceiling of this run: what the loaded machine's HTTP round trip
    // alone costs at this rate.
    let mut ceiling = ceiling.lock().unwrap_or_else(|p| p.into_inner()).clone();
    ceiling.sort();
    let mut answers = answers.lock().unwrap_or_else(|p| p.into_inner()).clone();
    answers.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let c99 = ms(percentile(&ceiling, 0.99)).max(0.001);
    println!(
        "| latency at {} events/s | n | p50 | p99 | max | p99 ÷ ceiling p99 |",
        a.rate
    );
    println!("| --- | --- | --- | --- | --- | --- |");
    for (name, v) in [
        ("ceiling: `GET /healthz` answered (no database)", &ceiling),
        ("trigger `PUT /v2/interactions` answered (201)", &answers),
        ("trigger sent → push received on the websocket", &lat),
    ] {
        println!(
            "| {name} | {} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} |",
            v.len(),
            ms(percentile(v, 0.5)),
            ms(percentile(v, 0.99)),
            ms(v.last().copied().unwrap_or_default()),
            ms(percentile(v, 0.99)) / c99,
        );
    }
    println!(
        "\nLoad average at the end: {} (2 cores, shared with other builds).\n",
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );

    if a.sync_changes > 0 {
        let (token, device, _) = &users[0];
        let sync = format!("/v2/sync?deviceId={device}");
        let (s, _) = http
            .call("GET", &sync, &[("authToken", token)], Value::Null)
            .await?;
        anyhow::ensure!(s == 200);
        let chunk = 32;
        let auth = [("authToken", token.as_str())];
        let mut n = 0;
        while n < a.sync_changes {
            let batch = (n..(n + chunk).min(a.sync_changes)).map(|i| {
                http.call(
                    "PUT",
                    "/v2/contacts",
                    &auth,
                    json!({"contactType": "person", "firstName": format!("Sync {i}"),
                           "basicInfos": [{"type": "email", "value": format!("s{i}@example.com")}]}),
                )
            });
            for r in futures_util::future::join_all(batch).await {
                anyhow::ensure!(r?.0 == 201);
            }
            n += chunk;
        }
        // Peak memory of the sync alone: reset the high-water mark first (Linux).
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let before = peak_rss_kb();
        let t = Instant::now();
        let (s, b) = http
            .call("GET", &sync, &[("authToken", token)], Value::Null)
            .await?;
        let took = t.elapsed();
        anyhow::ensure!(s == 200);
        let got = b["contacts"].as_array().map_or(0, Vec::len);
        let peak = peak_rss_kb();
        println!("## Sync, {backend}\n");
        println!("| changes | returned | time | process peak RSS before → during |");
        println!("| --- | --- | --- | --- |");
        println!(
            "| {} | {got} | {:.0} ms | {:.0} MB → {:.0} MB |\n",
            a.sync_changes,
            took.as_secs_f64() * 1000.0,
            before as f64 / 1024.0,
            peak as f64 / 1024.0
        );
    }
    Ok(())
}

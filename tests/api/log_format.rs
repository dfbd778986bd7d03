//! `INTERACT_LOG_FORMAT=json`: every log line of the binary is one JSON object, a request's
//! line carries its fields, and tokens stay redacted.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

use crate::common::*;

/// Kills the server when the test ends, however it ends.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The next line the server logs (as JSON; the test fails on any other line) that `pick`
/// accepts.
fn next_line(
    lines: &mpsc::Receiver<String>,
    seen: &mut Vec<String>,
    pick: impl Fn(&Value) -> bool,
) -> Value {
    loop {
        let line = lines
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("no such log line; seen:\n{}", seen.join("\n")));
        seen.push(line.clone());
        let v: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("log line is not JSON ({e}): {line}"));
        for field in ["ts", "level", "target", "msg"] {
            assert!(v[field].is_string(), "{field} in {line}");
        }
        if pick(&v) {
            return v;
        }
    }
}

#[actix_rt::test]
async fn json_log_lines_carry_the_request_and_redact_tokens() {
    let db = TestDb::new();
    let mut child = Child(
        Command::new(env!("CARGO_BIN_EXE_interact-server"))
            .env_remove("INTERACT_ADMIN_EMAIL")
            .env_remove("INTERACT_ADMIN_PASSWORD")
            .env("DATABASE_URL", &db.url)
            .env("INTERACT_BIND", "127.0.0.1:0")
            .env("INTERACT_LOG_FORMAT", "json")
            .env("RUST_LOG", "info")
            .env("INTERACT_DB_POOL", "2")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the server"),
    );
    let stderr = child.0.stderr.take().unwrap();
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let listening = next_line(&lines, &mut seen, |v| {
        v["msg"]
            .as_str()
            .unwrap()
            .starts_with("listening on http://")
    });
    assert_eq!(listening["level"], json!("INFO"));
    let addr = listening["msg"]
        .as_str()
        .unwrap()
        .trim_start_matches("listening on http://")
        .to_string();

    let client = awc::Client::default();
    let res = client
        .get(format!(
            "http://{addr}/v2/activities?authToken=very-secret-token&limit=5"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 401);

    let request = next_line(&lines, &mut seen, |v| {
        v["msg"].as_str().unwrap().contains("/v2/activities")
    });
    assert_eq!(request["method"], json!("GET"));
    assert_eq!(request["status"], json!(401));
    assert_eq!(
        request["path"],
        json!("/v2/activities?authToken=REDACTED&limit=5")
    );
    assert!(request["ms"].is_number(), "{request}");
    assert!(request["msg"]
        .as_str()
        .unwrap()
        .starts_with("GET /v2/activities?authToken=REDACTED&limit=5 401 "));
    drop(child);
    let rest: Vec<String> = lines.try_iter().collect();
    assert!(
        !seen
            .iter()
            .chain(&rest)
            .any(|l| l.contains("very-secret-token")),
        "a token was logged:\n{}",
        seen.join("\n")
    );
}

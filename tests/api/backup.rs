//! `interact-server backup --to FILE`: a consistent copy of the SQLite database taken under
//! write load, restored by pointing the server at it; on PostgreSQL it explains pg_dump.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use futures_util::future::{join, join_all};
use serde_json::json;

use crate::common::*;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_interact-server"));
    for var in ["DATABASE_URL", "INTERACT_BIND", "INTERACT_LOG_FORMAT"] {
        c.env_remove(var);
    }
    c.env("RUST_LOG", "warn");
    c
}

fn backup(database_url: &str, to: &Path) -> Output {
    bin()
        .args(["--database-url", database_url, "backup", "--to"])
        .arg(to)
        .output()
        .expect("run interact-server backup")
}

/// Every contact id the holder of `token` can list.
async fn contact_ids(app: &TestApp, token: &str) -> BTreeSet<i64> {
    let mut ids = BTreeSet::new();
    loop {
        let r = app
            .get(
                &format!(
                    "/v2/contacts?projection=thin&offset={}&limit=200",
                    ids.len()
                ),
                token,
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        let page = r.json();
        let data = page["data"].as_array().unwrap();
        if data.is_empty() {
            break;
        }
        ids.extend(data.iter().map(|c| c["id"].as_i64().unwrap()));
    }
    ids
}

#[actix_rt::test]
async fn a_backup_under_write_load_holds_every_write_acknowledged_before_it() {
    if is_postgres() {
        // The copy is SQLite's; PostgreSQL is backed up with pg_dump (the test below).
        return;
    }
    let app = TestApp::start().await;
    let token = app.admin().await;
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("interact-backup.db");
    let database_url = app.settings.database_url.clone();

    let stop = Cell::new(false);
    let acked: RefCell<Vec<(i64, Instant)>> = RefCell::new(Vec::new());
    let started: Cell<Option<Instant>> = Cell::new(None);
    let writer = |w: usize| {
        let (app, token, stop, acked) = (&app, &token, &stop, &acked);
        async move {
            let mut n = 0;
            while !stop.get() {
                n += 1;
                let r = app
                    .put(
                        "/v2/contacts",
                        token,
                        json!({"contactType": "person", "firstName": format!("w{w}"),
                               "lastName": format!("n{n}"),
                               "basicInfos": [{"type": "email", "value": format!("w{w}.{n}@example.com")}]}),
                    )
                    .await;
                assert_eq!(r.status, 201, "{}", r.text());
                let id = r.json()["entity"]["id"].as_i64().unwrap();
                acked.borrow_mut().push((id, Instant::now()));
            }
        }
    };
    let controller = async {
        // Writes go on before, during and after the copy.
        tokio::time::sleep(Duration::from_millis(400)).await;
        started.set(Some(Instant::now()));
        let (url, path) = (database_url.clone(), to.clone());
        let out = tokio::task::spawn_blocking(move || backup(&url, &path))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        stop.set(true);
        out
    };
    let (out, _) = join(controller, join_all((0..4).map(writer))).await;
    assert!(
        out.status.success(),
        "backup failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("backed up") && said.contains("DATABASE_URL=sqlite://"),
        "{said}"
    );

    let started = started.get().unwrap();
    let acked = acked.into_inner();
    let before: BTreeSet<i64> = acked
        .iter()
        .filter(|(_, at)| *at < started)
        .map(|(id, _)| *id)
        .collect();
    let after = acked.len() - before.len();
    assert!(
        before.len() >= 4,
        "writes before the backup: {}",
        before.len()
    );
    assert!(after >= 1, "writes while and after the backup ran: {after}");
    // No partial file is left beside the copy.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["interact-backup.db".to_string()]);

    // Restore: a server on the copy has every write acknowledged before the backup started,
    // and the copy is whole (logins work, lists read).
    let copy_url = format!("sqlite://{}", to.display());
    let restored = TestApp::with(|s| s.database_url = copy_url.clone()).await;
    let token = restored.login(ADMIN_EMAIL, PASSWORD).await;
    let ids = contact_ids(&restored, &token).await;
    let missing: Vec<_> = before.difference(&ids).collect();
    assert!(
        missing.is_empty(),
        "acknowledged before the backup, missing in it: {missing:?}"
    );
    let all: BTreeSet<i64> = acked.iter().map(|(id, _)| *id).collect();
    assert!(ids.is_subset(&all), "the copy holds contacts never written");
    let first = before.iter().next().unwrap();
    let r = restored.get(&format!("/v2/contacts/{first}"), &token).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["basicInfos"][0]["type"], json!("email"));
    restored.stop().await;

    // A backup never overwrites a file.
    let out = backup(&database_url, &to);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("exists already"), "{err}");
}

#[actix_rt::test]
async fn a_missing_sqlite_database_is_not_created_by_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nothing-here.db");
    let out = backup(
        &format!("sqlite://{}", db.display()),
        &dir.path().join("copy.db"),
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("there is no database"), "{err}");
    assert!(!db.exists() && !dir.path().join("copy.db").exists());
}

#[actix_rt::test]
async fn on_postgresql_the_backup_command_explains_pg_dump() {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("copy.db");
    // Nothing is connected to: the explanation needs no server.
    let out = backup("postgres://interact@db.invalid:5432/interact", &to);
    assert!(
        !out.status.success(),
        "a PostgreSQL backup cannot succeed here"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("pg_dump") && err.contains("pg_restore"),
        "{err}"
    );
    assert!(err.contains("docs/deploy.md"), "{err}");
    assert!(!to.exists());
}

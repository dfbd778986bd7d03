//! Imports written in batches of multi-row inserts (issue 12): a few hundred vCards through
//! `POST /v2/import` and the CLI, with a bad card in the middle of a batch; every contact is
//! listed, synced and journaled like one created alone, and `totalLength` of the journal
//! (kept by a counter, migration 000013) equals the entries it lists.

use serde_json::{json, Value};
use std::collections::BTreeSet;

use crate::common::*;
use crate::socket::device;

const CARDS: usize = 300;
/// Card positions (0-based) of the bad ones: a card without a colon (unreadable by the
/// connector), a last name too long for a contact (unreadable: it fails the contact's rules),
/// and one without a phone (kept as an import contact under `phoneRequired=1`).
const MALFORMED: usize = 120;
const TOO_LONG: usize = 170;
const NO_PHONE: usize = 230;

fn cards() -> String {
    let mut s = String::new();
    for i in 0..CARDS {
        s.push_str(&format!("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:batch-{i}\r\n"));
        match i {
            MALFORMED => s.push_str("this line has no colon\r\n"),
            TOO_LONG => s.push_str(&format!(
                "N:{};Long;;;\r\nTEL:+49 30 {i:07}\r\n",
                "x".repeat(300)
            )),
            NO_PHONE => s.push_str("N:Phoneless;Paula;;;\r\nEMAIL:paula@example.com\r\n"),
            _ => s.push_str(&format!(
                "N:Family{i};Given{i};;;\r\nORG:Company {}\r\nTEL;TYPE=CELL:+49 171 {i:07}\r\n\
                 EMAIL:given{i}@example.com\r\nADR;TYPE=HOME:;;Street {i};Berlin;;{};Germany\r\n",
                i % 7,
                10000 + i
            )),
        }
        s.push_str("END:VCARD\r\n");
    }
    s
}

/// Every contact id of the user, through pages of the list.
async fn listed(app: &TestApp, token: &str) -> BTreeSet<i64> {
    let r = app.get("/v2/contacts?offset=0&limit=1000", token).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let body = r.json();
    let data = body["data"].as_array().unwrap();
    assert_eq!(body["totalLength"].as_u64().unwrap() as usize, data.len());
    data.iter().map(|c| c["id"].as_i64().unwrap()).collect()
}

/// The journal's `totalLength` equals the entries it lists; answers them.
async fn journal_consistent(app: &TestApp, token: &str) -> Vec<Value> {
    let r = app.get("/v2/activities", token).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let body = r.json();
    let data = body["data"].as_array().unwrap().clone();
    assert_eq!(body["totalLength"].as_u64().unwrap() as usize, data.len());
    let page = app
        .get("/v2/activities?offset=0&limit=25", token)
        .await
        .json();
    assert_eq!(page["totalLength"], body["totalLength"]);
    assert_eq!(page["data"].as_array().unwrap().len(), data.len().min(25));
    data
}

/// The contacts the journal records as inserted.
fn inserted(journal: &[Value]) -> BTreeSet<i64> {
    journal
        .iter()
        .filter(|a| a["entityType"] == "contact" && a["action"] == "insert")
        .map(|a| a["entityId"].as_i64().unwrap())
        .collect()
}

/// What the import answered, checked the same way for the endpoint and the CLI's store.
fn check_result(first: &Value) -> (Vec<i64>, Vec<i64>) {
    let created = ids(first, "created");
    let failed = ids(first, "failed");
    // 297 persons and their 7 organizations.
    assert_eq!(created.len(), CARDS - 3 + 7, "{first}");
    assert_eq!(
        created.iter().collect::<BTreeSet<_>>().len(),
        created.len(),
        "no id twice"
    );
    assert_eq!(failed.len(), 1, "{first}");
    let unreadable = first["unreadable"].as_array().unwrap();
    assert_eq!(unreadable.len(), 2, "{first}");
    // The connector's failure names the card's position; a record that fails the contact's
    // rules names its position among the readable records, and its external id.
    let malformed = unreadable.iter().find(|u| u["index"] == MALFORMED);
    assert!(malformed.unwrap()["reason"].as_str().is_some(), "{first}");
    let too_long = unreadable
        .iter()
        .find(|u| u["externalId"] == format!("batch-{TOO_LONG}"))
        .unwrap_or_else(|| panic!("batch-{TOO_LONG} in {first}"));
    assert_eq!(too_long["index"], TOO_LONG - 1);
    let reason = too_long["reason"].as_str().unwrap();
    assert!(reason.contains("lastName"), "{reason}");
    (created, failed)
}

#[actix_rt::test]
async fn hundreds_of_cards_in_batches_over_http() {
    let app = TestApp::start().await;
    let (_, alice) = app.owner("batches@example.com").await;
    let dev = device(&app, &alice, 0x2b).await;
    let content = cards();
    let r = app
        .post(
            "/v2/import?cmd=importContacts&phoneRequired=1",
            &alice,
            json!({"externalSystem": "vcard", "username": "batch.vcf", "content": content}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let first = r.json();
    let (created, _) = check_result(&first);
    // Each organization is reported just before the first person related to it.
    let second = app
        .get(&format!("/v2/contacts/{}", created[0]), &alice)
        .await
        .json();
    assert_eq!(second["organizationName"], "Company 0", "{second}");
    let person = app
        .get(&format!("/v2/contacts/{}", created[1]), &alice)
        .await
        .json();
    assert_eq!(person["firstName"], "Given0");
    assert_eq!(person["relatedTo"], json!(created[0].to_string()));
    assert_eq!(person["basicInfos"].as_array().unwrap().len(), 2);
    assert_eq!(person["addresses"][0]["addressline1"], "Street 0");
    // Found by search like a contact created alone.
    let r = app.get("/v2/contacts?q=family42", &alice).await.json();
    assert_eq!(r["totalLength"], 1, "{r}");
    // Listed, synced and journaled: every created contact.
    let all: BTreeSet<i64> = created.iter().copied().collect();
    assert_eq!(listed(&app, &alice).await, all);
    assert_eq!(synced_contacts(&app, &alice, &dev).await, all);
    let journal = journal_consistent(&app, &alice).await;
    assert_eq!(inserted(&journal), all);
    // The journal's new state is the contact as read.
    let entry = journal
        .iter()
        .find(|a| a["entityId"] == created[1] && a["action"] == "insert")
        .unwrap();
    let mut read = person.clone();
    let mut state = entry["entity"]["newState"].clone();
    for v in [&mut read, &mut state] {
        v.as_object_mut().unwrap().remove("relatedTo");
        v.as_object_mut().unwrap().remove("version");
    }
    assert_eq!(state, read);

    // Again: every card matched, nothing new, nothing changed.
    let r = app
        .post(
            "/v2/import?cmd=importContacts&phoneRequired=1&updated-min=0",
            &alice,
            json!({"externalSystem": "vcard", "username": "batch.vcf", "content": content}),
        )
        .await;
    let again = r.json();
    assert_eq!(ids(&again, "created"), Vec::<i64>::new(), "{again}");
    assert_eq!(ids(&again, "updated").len(), CARDS - 3, "{again}");
    assert_eq!(ids(&again, "failed"), ids(&first, "failed"));
    assert_eq!(listed(&app, &alice).await, all);
    journal_consistent(&app, &alice).await;
}

#[actix_rt::test]
async fn the_cli_writes_the_same_in_batches() {
    let app = TestApp::start().await;
    let (_, alice) = app.owner("cli-batches@example.com").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("batch.vcf");
    std::fs::write(&file, cards()).unwrap();
    let out = server_command()
        .args([
            "--database-url",
            &app.settings.database_url,
            "import",
            "--user",
            "cli-batches@example.com",
            "--file",
            file.to_str().unwrap(),
            "--phone-required",
            "--batch",
            "64",
            "--quiet",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!(
            "{} created, 0 updated, 1 failed (kept as import contacts), 2 not readable",
            CARDS - 3 + 7
        )),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!("record {}: lastName", TOO_LONG - 1)),
        "{stderr}"
    );
    let all = listed(&app, &alice).await;
    assert_eq!(all.len(), CARDS - 3 + 7);
    let journal = journal_consistent(&app, &alice).await;
    assert_eq!(inserted(&journal), all);
}

#[actix_rt::test]
async fn the_journal_count_follows_concurrent_writers_and_a_wipe() {
    let app = TestApp::start().await;
    let (user_id, alice) = app.owner("counted@example.com").await;
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let app = &app;
            let alice = alice.clone();
            async move {
                for i in 0..6 {
                    let r = app
                        .put(
                            "/v2/contacts",
                            &alice,
                            json!({"contactType": "person", "firstName": format!("W{w}"),
                                   "lastName": format!("N{i}")}),
                        )
                        .await;
                    assert_eq!(r.status, 201, "{}", r.text());
                }
            }
        })
        .collect();
    futures_util::future::join_all(writers).await;
    let journal = journal_consistent(&app, &alice).await;
    assert_eq!(journal.len(), 48);
    // Wiped: the journal and its count go together.
    let admin = app.admin().await;
    let r = app
        .post(
            &format!("/v2/admin/users/{user_id}?cmd=wipeAccount"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let alice = app.login("counted@example.com", PASSWORD).await;
    let r = app.get("/v2/activities", &alice).await.json();
    assert_eq!(r["totalLength"], 0, "{r}");
    app.put(
        "/v2/contacts",
        &alice,
        json!({"contactType": "person", "firstName": "After"}),
    )
    .await;
    assert_eq!(journal_consistent(&app, &alice).await.len(), 1);
}

/// An import written in one savepoint whose journal outgrows what SQLite keeps of it in memory
/// (`store::db::SAVEPOINT_JOURNAL_IN_MEMORY`): SQLite moves it to a file and the import is
/// written whole. With 4 MiB kept in memory, more than SQLite writes in one call, the move
/// failed and 2,000 vCards answered 500 "database or disk is full".
#[actix_rt::test]
async fn an_import_larger_than_the_journal_kept_in_memory_is_written_whole() {
    const MANY: usize = 2_500;
    let app = TestApp::with(|s| s.max_body = 4 << 20).await;
    let (_, alice) = app.owner("many-cards@example.com").await;
    let mut content = String::new();
    for i in 0..MANY {
        content.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:many-{i}\r\nN:Family{i};Given{i};;;\r\n\
             ORG:Company {}\r\nTITLE:Engineer\r\nTEL;TYPE=CELL:+49 171 {i:07}\r\n\
             TEL;TYPE=WORK:+49 30 {i:07}\r\nEMAIL:given{i}@example.com\r\n\
             URL:https://example.com/{i}\r\nADR;TYPE=WORK:;;Street {i};Berlin;;{};Germany\r\n\
             CATEGORIES:imported\r\nEND:VCARD\r\n",
            i % 500,
            10000 + i
        ));
    }
    let r = app
        .post(
            "/v2/import?cmd=importContacts",
            &alice,
            json!({"externalSystem": "vcard", "username": "many.vcf", "content": content}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let created = ids(&r.json(), "created");
    // The persons and their 500 organizations.
    assert_eq!(created.len(), MANY + 500);
    let page = app
        .get("/v2/contacts?offset=0&limit=1", &alice)
        .await
        .json();
    assert_eq!(page["totalLength"], MANY + 500, "{page}");
    let found = app.get("/v2/contacts?q=family2499", &alice).await.json();
    assert_eq!(found["totalLength"], 1, "{found}");
}

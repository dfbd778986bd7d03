//! Import (2.5.3.2.3–4) through HTTP: Google against a local stand-in of the People API,
//! vCard and CSV files; re-import idempotence, deletions at the source, the required-field
//! rules (import contacts kept out of lists and sync), malformed records, a failing Google
//! (503, nothing written), bad input, the journal, and the CLI.

use std::collections::BTreeSet;
use std::process::Command;

use diesel::prelude::*;
use serde_json::{json, Value};

use crate::common::*;
use crate::google_standin::{deleted, person, GoogleStandIn, TOKEN};

async fn user(app: &TestApp, email: &str) -> String {
    let admin = app.admin().await;
    app.user(&admin, email, None, &["user"]).await;
    app.login(email, PASSWORD).await
}

async fn contact_ids(app: &TestApp, token: &str) -> BTreeSet<i64> {
    let r = app.get("/v2/contacts", token).await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

/// Counts rows of a table straight in the database.
async fn count(app: &TestApp, table: &'static str) -> i64 {
    app.ctx
        .db
        .read(move |c| {
            #[derive(QueryableByName)]
            struct N {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                n: i64,
            }
            let n: N =
                diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}")).get_result(c)?;
            Ok(n.n)
        })
        .await
        .unwrap()
}

/// `(type, url, is_default)` of a contact's pictures.
async fn pictures(app: &TestApp, contact: i64) -> Vec<(String, String, bool)> {
    app.ctx
        .db
        .read(move |c| {
            use interact_store::schema::pictures as p;
            Ok(p::table
                .filter(p::contact_id.eq(contact))
                .order(p::id)
                .select((p::type_, p::url.assume_not_null(), p::is_default))
                .load(c)?)
        })
        .await
        .unwrap()
}

async fn google_app() -> (TestApp, GoogleStandIn) {
    let google = GoogleStandIn::start().await;
    let base = google.base.clone();
    let app = TestApp::with(move |s| s.google_api_url = base).await;
    (app, google)
}

fn google_body(token: &str) -> Value {
    json!({"externalSystem": "google", "username": "john.doe@googlemail.com", "password": token})
}

#[actix_rt::test]
async fn google_groups_import_reimport_and_deletions() {
    let (app, google) = google_app().await;
    let alice = user(&app, "alice@example.com").await;

    let r = app
        .post(
            "/v2/import?cmd=getContactGroups",
            &alice,
            google_body(TOKEN),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.json(),
        json!([{"externalId": "myContacts", "name": "My Contacts", "memberCount": 3},
               {"externalId": "friends1", "name": "Friends", "memberCount": 1}])
    );

    google.set_people(vec![
        person("c1", "Ann", "Lee", &["friends1"]),
        person("c2", "Bob", "Stone", &[]),
        person("c3", "Cy", "Young", &[]),
    ]);
    let r = app
        .post("/v2/import?cmd=importContacts", &alice, google_body(TOKEN))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let first = r.json();
    assert_eq!(first["externalSystem"], "google");
    assert_eq!(first["externalSystemAccount"], "john.doe@googlemail.com");
    assert!(first["importTime"].as_i64().unwrap() > 0);
    let created = ids(&first, "created");
    assert_eq!(created.len(), 3);
    for key in ["failed", "updated", "deleted", "unreadable"] {
        assert_eq!(first[key], json!([]), "{key}: {first}");
    }
    assert_eq!(
        contact_ids(&app, &alice).await,
        created.iter().copied().collect()
    );
    // The contact as the document's base projection shows it, addresses mapped.
    let ann = app
        .get(&format!("/v2/contacts/{}", created[0]), &alice)
        .await
        .json();
    assert_eq!(ann["firstName"], "Ann");
    assert_eq!(ann["lastName"], "Lee");
    let bi: Vec<(String, String)> = ann["basicInfos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["type"].as_str().unwrap().to_string(),
                b["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        bi.contains(&("email".into(), "ann@example.com".into())),
        "{bi:?}"
    );
    assert!(
        bi.contains(&("mobile".into(), "+49 170 1234567".into())),
        "{bi:?}"
    );
    let addr = &ann["addresses"][0];
    assert_eq!(addr["subtype"], "home");
    assert_eq!(addr["addressline1"], "Hauptstr. 1");
    assert_eq!(addr["zip"], "10115");
    assert_eq!(addr["city"], "Berlin");
    assert_eq!(addr["state"], "BE");
    assert_eq!(addr["country"], "Germany");
    // Found by search like any contact.
    let r = app.get("/v2/contacts?q=ann", &alice).await;
    assert_eq!(r.json()["totalLength"], 1);
    // The photo is a default picture of type google.
    assert_eq!(
        pictures(&app, created[0]).await,
        [(
            "google".to_string(),
            "https://lh3.example/c1".to_string(),
            true
        )]
    );
    // Journaled: three contacts and three pictures inserted.
    let acts = app.get("/v2/activities", &alice).await.json();
    let kinds: Vec<(String, String)> = acts["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["action"].as_str().unwrap().to_string(),
                a["entityType"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|k| *k == &("insert".to_string(), "contact".to_string()))
            .count(),
        3
    );
    let picture = acts["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["entityType"] == "picture")
        .expect("a picture in the journal");
    let state = &picture["entity"]["newState"];
    assert_eq!(state["type"], "google");
    assert_eq!(state["isDefault"], true);
    assert!(state["id"].as_i64().is_some() && state["url"].as_str().is_some());

    // The second import asks with the sync token: Ann changed, Bob was deleted.
    google.set_changes(vec![
        person("c1", "Ann", "Lee-Smith", &["friends1"]),
        deleted("c2"),
    ]);
    let r = app
        .post("/v2/import?cmd=importContacts", &alice, google_body(TOKEN))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let second = r.json();
    assert!(
        google.seen().iter().any(|s| s.contains("syncToken=sync-")),
        "{:?}",
        google.seen()
    );
    assert_eq!(ids(&second, "created"), Vec::<i64>::new());
    assert_eq!(ids(&second, "updated"), [created[0]]);
    assert_eq!(ids(&second, "deleted"), [created[1]]);
    let ann = app
        .get(&format!("/v2/contacts/{}", created[0]), &alice)
        .await
        .json();
    assert_eq!(ann["lastName"], "Lee-Smith");
    assert_eq!(ann["version"], 2);
    let r = app
        .get(&format!("/v2/contacts/{}", created[1]), &alice)
        .await;
    r.assert_error(404, 91040101001001);

    // An expired token lists everything again; a contact missing from the complete listing
    // was deleted at the source. Unchanged contacts are reported as updated, not rewritten.
    google.state.lock().unwrap().next_token = Some("expired".into());
    let r = app
        .post("/v2/import?cmd=importContacts", &alice, google_body(TOKEN))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    google.state.lock().unwrap().next_token = None;
    google.set_people(vec![person("c1", "Ann", "Lee-Smith", &["friends1"])]);
    let r = app
        .post("/v2/import?cmd=importContacts", &alice, google_body(TOKEN))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let third = r.json();
    assert_eq!(ids(&third, "updated"), [created[0]]);
    assert_eq!(ids(&third, "deleted"), [created[2]]);
    assert_eq!(
        contact_ids(&app, &alice).await,
        [created[0]].into_iter().collect()
    );
    let ann = app
        .get(&format!("/v2/contacts/{}", created[0]), &alice)
        .await
        .json();
    assert_eq!(ann["version"], 2, "an unchanged contact keeps its version");

    // Another user importing the same account gets contacts of their own.
    let bob = user(&app, "bob@example.com").await;
    let r = app
        .post("/v2/import?cmd=importContacts", &bob, google_body(TOKEN))
        .await;
    let theirs = ids(&r.json(), "created");
    assert_eq!(theirs.len(), 1);
    assert_ne!(theirs[0], created[0]);
    google.stop().await;
}

#[actix_rt::test]
async fn a_failing_google_is_503_9002_and_nothing_is_written() {
    // The default test settings point Google at a port where nothing listens.
    let app = TestApp::start().await;
    let alice = user(&app, "alice@example.com").await;
    for cmd in ["getContactGroups", "importContacts"] {
        let r = app
            .post(&format!("/v2/import?cmd={cmd}"), &alice, google_body(TOKEN))
            .await;
        r.assert_error(503, 90020151116001);
        // A malformed rule is refused before Google is asked, whatever the cmd (found by
        // Schemathesis: getContactGroups ignored it).
        let r = app
            .post(
                &format!("/v2/import?cmd={cmd}&nameRequired=a"),
                &alice,
                google_body(TOKEN),
            )
            .await;
        assert_eq!(r.status, 400, "{cmd}: {}", r.text());
        assert!(r.json()["devmsg"]
            .as_str()
            .unwrap()
            .contains("nameRequired"));
    }
    assert_eq!(count(&app, "import_accounts").await, 0);

    let (app, google) = google_app().await;
    let alice = user(&app, "alice@example.com").await;
    google.set_people(vec![person("c1", "Ann", "Lee", &[])]);
    let r = app
        .post("/v2/import?cmd=importContacts", &alice, google_body("boom"))
        .await;
    let body = r.assert_error(503, 90020151116002);
    assert!(body["devmsg"].as_str().unwrap().contains("500"), "{body}");
    let r = app
        .post(
            "/v2/import?cmd=importContacts",
            &alice,
            google_body("revoked"),
        )
        .await;
    let body = r.assert_error(503, 90020151116002);
    assert!(!body["devmsg"].as_str().unwrap().contains("revoked"));
    assert!(contact_ids(&app, &alice).await.is_empty());
    for table in [
        "contacts",
        "contact_sources",
        "import_contacts",
        "import_accounts",
        "pictures",
    ] {
        assert_eq!(count(&app, table).await, 0, "{table}");
    }
    google.stop().await;
}

const CARDS: &str = "BEGIN:VCARD\r
VERSION:3.0\r
UID:card-1\r
N:Gump;Forrest;;Mr.;\r
TEL;TYPE=CELL:+49 171 5550001\r
EMAIL;TYPE=INTERNET:forrest@example.com\r
ADR;TYPE=WORK:PO 12;Apt 4;42 Plantation St.;Baytown;LA;30314;USA\r
PHOTO;VALUE=URI:https://photos.example/forrest.jpg\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
UID:card-2\r
FN:Nameless Phone\r
N:;;;;\r
ORG:Shrimp Co.\r
TEL:+49 171 5550002\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
UID:card-3\r
N:Curran;Jenny;;;\r
EMAIL:jenny@example.com\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
UID:card-4\r
this line has no colon\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
UID:card-5\r
EMAIL:only-an-email@example.com\r
END:VCARD\r
";

fn vcard_body(content: &str) -> Value {
    json!({"externalSystem": "vcard", "username": "phone.vcf", "content": content})
}

#[actix_rt::test]
async fn vcard_import_rules_malformed_records_and_reimport() {
    let app = TestApp::start().await;
    let alice = user(&app, "alice@example.com").await;
    let dev = device(&app, &alice, 0x1a).await;
    let r = app
        .post(
            "/v2/import?cmd=importContacts&nameRequired=1&phoneRequired=1",
            &alice,
            vcard_body(CARDS),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let first = r.json();
    assert_eq!(first["externalSystem"], "vcard");
    assert_eq!(first["externalSystemAccount"], "phone.vcf");
    // "Nameless Phone" is split into a name by the connector (FN), so it passes; Jenny has
    // no phone, the email-only card has neither name nor phone; card 4 is unreadable.
    let created = ids(&first, "created");
    let failed = ids(&first, "failed");
    // Nameless Phone's organization, Shrimp Co., becomes a contact too (created just before
    // the person related to it).
    assert_eq!(created.len(), 3, "{first}");
    let shrimp = app
        .get(&format!("/v2/contacts/{}", created[1]), &alice)
        .await
        .json();
    assert_eq!(shrimp["organizationName"], "Shrimp Co.", "{shrimp}");
    assert_eq!(shrimp["relatedTo"], json!(created[2].to_string()));
    let persons = vec![created[0], created[2]];
    assert_eq!(failed.len(), 2, "{first}");
    let unreadable = first["unreadable"].as_array().unwrap();
    assert_eq!(unreadable.len(), 1, "{first}");
    assert!(unreadable[0]["reason"].as_str().is_some());
    assert_eq!(
        contact_ids(&app, &alice).await,
        created.iter().copied().collect()
    );
    // Import contacts are in neither the list, nor search, nor sync.
    let r = app.get("/v2/contacts?q=jenny", &alice).await;
    assert_eq!(r.json()["totalLength"], 0);
    assert_eq!(
        synced_contacts(&app, &alice, &dev).await,
        created.iter().copied().collect()
    );
    assert_eq!(count(&app, "import_contacts").await, 2);
    assert_eq!(count(&app, "import_contact_values").await, 2);
    // The stored import contact is the base projection without ids.
    let stored: Vec<String> = app
        .ctx
        .db
        .read(|c| {
            use interact_store::schema::import_contacts as t;
            Ok(t::table.order(t::id).select(t::contact).load(c)?)
        })
        .await
        .unwrap();
    let jenny: Value = serde_json::from_str(&stored[0]).unwrap();
    assert_eq!(jenny["contactType"], "person");
    assert_eq!(jenny["firstName"], "Jenny");
    assert_eq!(jenny["basicInfos"][0]["value"], "jenny@example.com");
    assert!(jenny.get("id").is_none() && jenny["basicInfos"][0].get("id").is_none());

    // The address and the photo of Forrest.
    let forrest = app
        .get(&format!("/v2/contacts/{}", created[0]), &alice)
        .await
        .json();
    assert_eq!(forrest["title"], "Mr.");
    let addr = &forrest["addresses"][0];
    assert_eq!(addr["subtype"], "work");
    assert_eq!(addr["addressline1"], "42 Plantation St.");
    assert_eq!(addr["addressline2"], "Apt 4");
    assert_eq!(addr["addressline3"], "PO 12");
    assert_eq!(addr["city"], "Baytown");
    assert_eq!(addr["zip"], "30314");
    assert_eq!(addr["state"], "LA");
    assert_eq!(addr["country"], "USA");
    assert_eq!(
        pictures(&app, created[0]).await,
        [(
            "vcard".to_string(),
            "https://photos.example/forrest.jpg".to_string(),
            true
        )]
    );

    // The same file again: the same contacts updated, the same import contacts failed,
    // nothing new.
    let r = app
        .post(
            "/v2/import?cmd=importContacts&nameRequired=1&phoneRequired=1",
            &alice,
            vcard_body(CARDS),
        )
        .await;
    let again = r.json();
    assert_eq!(ids(&again, "created"), Vec::<i64>::new());
    assert_eq!(ids(&again, "updated"), persons);
    assert_eq!(ids(&again, "failed"), failed);
    assert_eq!(contact_ids(&app, &alice).await.len(), 3);
    assert_eq!(count(&app, "import_contacts").await, 2);
    assert_eq!(pictures(&app, created[0]).await.len(), 1);

    // Without the rules, Jenny becomes a contact and her import contact goes; the card with
    // only an email can be no contact (no name, no organization) and stays failed.
    let r = app
        .post("/v2/import?cmd=importContacts", &alice, vcard_body(CARDS))
        .await;
    let relaxed = r.json();
    let now_created = ids(&relaxed, "created");
    assert_eq!(now_created.len(), 1, "{relaxed}");
    assert_eq!(ids(&relaxed, "failed"), [failed[1]]);
    assert_eq!(count(&app, "import_contacts").await, 1);
    let jenny = app
        .get(&format!("/v2/contacts/{}", now_created[0]), &alice)
        .await
        .json();
    assert_eq!(jenny["lastName"], "Curran");
    let acts = app.get("/v2/activities", &alice).await.json();
    let parked: Vec<String> = acts["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["entityType"] == "importContact")
        .map(|a| a["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(parked, ["delete", "insert", "insert"]);

    // A user edit to what the source does not own survives a re-import; a changed number
    // at the source replaces the old one.
    let r = app
        .post(
            &format!("/v2/contacts/{}", created[0]),
            &alice,
            json!({"version": forrest["version"], "tags": ["vip"], "hot": true}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let changed = CARDS.replace("+49 171 5550001", "+49 171 5559999");
    let r = app
        .post(
            "/v2/import?cmd=importContacts",
            &alice,
            vcard_body(&changed),
        )
        .await;
    assert!(ids(&r.json(), "updated").contains(&created[0]));
    let forrest = app
        .get(&format!("/v2/contacts/{}", created[0]), &alice)
        .await
        .json();
    assert_eq!(forrest["tags"], json!(["vip"]));
    assert_eq!(forrest["hot"], true);
    let values: Vec<&str> = forrest["basicInfos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["value"].as_str().unwrap())
        .collect();
    assert!(values.contains(&"+49 171 5559999") && !values.contains(&"+49 171 5550001"));
    // A file is a snapshot: a card missing from a later file is not deleted.
    let r = app
        .post(
            "/v2/import?cmd=importContacts",
            &alice,
            vcard_body(
                &CARDS[..CARDS
                    .find("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:card-2")
                    .unwrap()],
            ),
        )
        .await;
    assert_eq!(ids(&r.json(), "deleted"), Vec::<i64>::new());
    // Forrest, Shrimp Co., Nameless Phone and Jenny.
    assert_eq!(contact_ids(&app, &alice).await.len(), 4);
}

#[actix_rt::test]
async fn updated_min_defaults_to_the_last_import() {
    let app = TestApp::start().await;
    let alice = user(&app, "alice@example.com").await;
    let card = |uid: &str, name: &str, rev: &str| {
        format!("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nN:{name};Ann;;;\r\nREV:{rev}\r\nEND:VCARD\r\n")
    };
    let file =
        card("old", "Old", "2020-01-01T00:00:00Z") + &card("new", "New", "2099-01-01T00:00:00Z");
    let r = app
        .post("/v2/import?cmd=importContacts", &alice, vcard_body(&file))
        .await;
    assert_eq!(ids(&r.json(), "created").len(), 2);
    // Now only the card changed after the last import is read.
    let r = app
        .post("/v2/import?cmd=importContacts", &alice, vcard_body(&file))
        .await;
    assert_eq!(ids(&r.json(), "updated").len(), 1, "{}", r.text());
    // An earlier updated-min reads both; the document's format and its example's.
    for min in ["2019-12-31T00:00:00.000Z", "2019-12-31T00:00:00"] {
        let r = app
            .post(
                &format!("/v2/import?cmd=importContacts&updated-min={min}"),
                &alice,
                vcard_body(&file),
            )
            .await;
        assert_eq!(ids(&r.json(), "updated").len(), 2, "{}", r.text());
    }
}

#[actix_rt::test]
async fn csv_import_with_a_malformed_row() {
    let app = TestApp::start().await;
    let alice = user(&app, "alice@example.com").await;
    let csv = "First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Address 1 - Label,Address 1 - Street,Address 1 - City,Address 1 - Postal Code,Address 1 - Country\n\
Ann,Lee,Work,ann@example.com,Mobile,+49 170 1,Home,Hauptstr. 1,Berlin,10115,Germany\n\
Bob,Stone,,,Work,+49 30 2\n\
Cy,Young,,cy@example.com,,,,,,,\n";
    let body = json!({"externalSystem": "CSV", "content": csv});
    let r = app
        .post("/v2/import?cmd=importContacts", &alice, body.clone())
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let first = r.json();
    assert_eq!(first["externalSystem"], "csv");
    assert_eq!(first["externalSystemAccount"], "");
    assert_eq!(ids(&first, "created").len(), 2, "{first}");
    let bad = &first["unreadable"][0];
    assert_eq!(bad["index"], 1);
    assert_eq!(bad["line"], 3);
    let ann = app
        .get(
            &format!("/v2/contacts/{}", ids(&first, "created")[0]),
            &alice,
        )
        .await
        .json();
    assert_eq!(ann["addresses"][0]["addressline1"], "Hauptstr. 1");
    assert_eq!(ann["addresses"][0]["subtype"], "home");
    let r = app
        .post("/v2/import?cmd=importContacts", &alice, body)
        .await;
    assert_eq!(ids(&r.json(), "updated"), ids(&first, "created"));
    assert_eq!(contact_ids(&app, &alice).await.len(), 2);
}

#[actix_rt::test]
async fn bad_import_requests() {
    let app = TestApp::start().await;
    let alice = user(&app, "alice@example.com").await;
    let r = app
        .post(
            "/v2/import?cmd=importContacts",
            &alice,
            json!({"externalSystem": "outlook", "content": "x"}),
        )
        .await;
    let body = r.assert_error(400, 92010151112001);
    assert!(
        body["devmsg"].as_str().unwrap().contains("outlook"),
        "{body}"
    );
    let r = app
        .post("/v2/import?cmd=getContactGroups", &alice, json!({}))
        .await;
    r.assert_error(400, 92020151112002);
    let r = app
        .post(
            "/v2/import?cmd=importContacts",
            &alice,
            json!({"externalSystem": "vcard"}),
        )
        .await;
    let body = r.assert_error(400, 92020151112002);
    assert!(body["devmsg"].as_str().unwrap().contains("content"));
    let r = app
        .post("/v2/import?cmd=delete", &alice, vcard_body(CARDS))
        .await;
    let body = r.assert_error(400, 92010151112005);
    assert!(body["devmsg"].as_str().unwrap().contains("cmd"));
    let r = app.post("/v2/import", &alice, vcard_body(CARDS)).await;
    r.assert_error(400, 92010151112005);
    let r = app
        .post(
            "/v2/import?cmd=importContacts&nameRequired=maybe",
            &alice,
            vcard_body(CARDS),
        )
        .await;
    let body = r.assert_error(400, 92010151112005);
    assert!(body["devmsg"].as_str().unwrap().contains("nameRequired"));
    let r = app
        .post(
            "/v2/import?cmd=importContacts&updated-min=yesterday",
            &alice,
            vcard_body(CARDS),
        )
        .await;
    let body = r.assert_error(400, 92010151112005);
    assert!(body["devmsg"].as_str().unwrap().contains("updated-min"));
    // getContactGroups reads none of them, but a malformed one is refused there too (the
    // document states their forms whatever the cmd).
    for q in ["nameRequired=maybe", "updated-min=yesterday"] {
        let r = app
            .post(
                &format!("/v2/import?cmd=getContactGroups&{q}"),
                &alice,
                vcard_body(CARDS),
            )
            .await;
        let body = r.assert_error(400, 92010151112005);
        let name = q.split('=').next().unwrap();
        assert!(body["devmsg"].as_str().unwrap().contains(name), "{body}");
    }
    let r = app
        .post(
            "/v2/import?cmd=importContacts",
            &alice,
            vcard_body("no cards here"),
        )
        .await;
    r.assert_error(400, 92010151112001);
    // No token.
    let r = app
        .call(
            "POST",
            "/v2/import?cmd=importContacts",
            None,
            Some(vcard_body(CARDS)),
        )
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(count(&app, "contacts").await, 0);
    assert_eq!(count(&app, "import_accounts").await, 0);
}

#[actix_rt::test]
async fn wipe_account_removes_import_records() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let id = app.user(&admin, "alice@example.com", None, &["user"]).await;
    let alice = app.login("alice@example.com", PASSWORD).await;
    let r = app
        .post(
            "/v2/import?cmd=importContacts&phoneRequired=1",
            &alice,
            vcard_body(CARDS),
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(count(&app, "import_contacts").await > 0);
    let r = app
        .post(
            &format!("/v2/admin/users/{id}?cmd=wipeAccount"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    for table in [
        "contacts",
        "contact_sources",
        "import_contacts",
        "import_contact_values",
        "import_accounts",
        "pictures",
    ] {
        assert_eq!(count(&app, table).await, 0, "{table}");
    }
}

fn bin() -> Command {
    server_command()
}

#[actix_rt::test]
async fn cli_imports_a_file_in_batches() {
    let app = TestApp::start().await;
    let alice = user(&app, "alice@example.com").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("contacts.csv");
    let mut csv = String::from("First Name,Last Name,E-mail 1 - Value,Phone 1 - Value\n");
    for i in 0..7 {
        csv.push_str(&format!("Person{i},Batch,p{i}@example.com,+49 30 {i:07}\n"));
    }
    csv.push_str("Nophone,Batch,np@example.com,\n");
    std::fs::write(&file, &csv).unwrap();
    let run = || {
        bin()
            .args([
                "--database-url",
                &app.settings.database_url,
                "import",
                "--user",
                "alice@example.com",
                "--file",
                file.to_str().unwrap(),
                "--phone-required",
                "--batch",
                "3",
                "--quiet",
            ])
            .output()
            .unwrap()
    };
    let out = run();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("7 created, 0 updated, 1 failed"),
        "{stdout}"
    );
    assert_eq!(contact_ids(&app, &alice).await.len(), 7);
    assert_eq!(count(&app, "import_contacts").await, 1);
    let acts = app.get("/v2/activities?limit=1000", &alice).await.json();
    assert!(acts["totalLength"].as_i64().unwrap() >= 8);
    // Again: matched, nothing new.
    let out = run();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("0 created, 7 updated, 1 failed"),
        "{stdout}"
    );
    assert_eq!(contact_ids(&app, &alice).await.len(), 7);
    // The same account through HTTP (the file's name) matches the CLI's contacts.
    let r = app
        .post(
            "/v2/import?cmd=importContacts&phoneRequired=1&updated-min=0",
            &alice,
            json!({"externalSystem": "csv", "username": "contacts.csv", "content": csv}),
        )
        .await;
    assert_eq!(ids(&r.json(), "updated").len(), 7, "{}", r.text());
    // Unknown user, unknown format.
    let out = bin()
        .args([
            "--database-url",
            &app.settings.database_url,
            "import",
            "--user",
            "nobody@example.com",
            "--file",
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nobody@example.com"));
    let txt = dir.path().join("contacts.txt");
    std::fs::write(&txt, "x").unwrap();
    let out = bin()
        .args([
            "--database-url",
            &app.settings.database_url,
            "import",
            "--user",
            "alice@example.com",
            "--file",
            txt.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(".vcf"));
}

#[actix_rt::test]
async fn a_person_is_related_to_the_organization_of_its_record() {
    let app = TestApp::start().await;
    let alice = user(&app, "org-alice@example.com").await;
    // An organization Alice already has is reused; a new name makes a new organization.
    let r = app
        .put(
            "/v2/contacts",
            &alice,
            json!({"contactType": "organization", "organizationName": "Acme"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let acme = r.json()["entity"]["id"].as_i64().unwrap();
    let cards = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:o-1\r\nN:Doe;Jane;;;\r\nORG:Acme\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:3.0\r\nUID:o-2\r\nN:Roe;Rick;;;\r\nORG:Initech\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:3.0\r\nUID:o-3\r\nN:Poe;Pat;;;\r\nORG:Initech\r\nEND:VCARD\r\n";
    let r = app
        .post("/v2/import?cmd=importContacts", &alice, vcard_body(cards))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let body = r.json();
    let created = ids(&body, "created");
    // Three persons and one new organization (Initech), once for both of its people.
    assert_eq!(created.len(), 4, "{body}");
    let mut persons = Vec::new();
    let mut initech = None;
    for id in &created {
        let c = app.get(&format!("/v2/contacts/{id}"), &alice).await.json();
        if c["contactType"] == "organization" {
            assert_eq!(c["organizationName"], "Initech");
            initech = Some(*id);
        } else {
            persons.push(c);
        }
    }
    let initech = initech.expect("Initech was created");
    let related: Vec<(String, String)> = persons
        .iter()
        .map(|p| {
            (
                p["lastName"].as_str().unwrap().to_string(),
                p["relatedTo"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        related.contains(&("Doe".into(), acme.to_string())),
        "{related:?}"
    );
    assert!(
        related.contains(&("Roe".into(), initech.to_string())),
        "{related:?}"
    );
    assert!(
        related.contains(&("Poe".into(), initech.to_string())),
        "{related:?}"
    );
    // The link is both ways, as for relatedTo set by hand.
    let org = app
        .get(&format!("/v2/contacts/{acme}"), &alice)
        .await
        .json();
    assert_eq!(
        org["relatedTo"].as_str().unwrap().split(',').count(),
        1,
        "{org}"
    );
    // Initech is journaled once for its insert and once for both of its new people.
    let acts = app.get("/v2/activities", &alice).await.json();
    let initech_entries: Vec<&Value> = acts["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["entityType"] == "contact" && a["entityId"] == initech)
        .collect();
    assert_eq!(initech_entries.len(), 2, "{initech_entries:?}");
    assert_eq!(initech_entries[0]["action"], "update");
    let people = initech_entries[0]["entity"]["newState"]["relatedTo"]
        .as_str()
        .unwrap();
    assert_eq!(people.split(',').count(), 2, "{people}");
    assert_eq!(initech_entries[1]["action"], "insert");
    // A re-import finds its persons again and makes no second organization.
    let again = app
        .post("/v2/import?cmd=importContacts", &alice, vcard_body(cards))
        .await
        .json();
    assert_eq!(ids(&again, "created"), Vec::<i64>::new(), "{again}");
}

//! Builders of the CRM data a test needs, made through the HTTP API like a client makes them
//! (a user, a contact, a note, a deal, a task, a task list, an interaction), and the checks
//! of the success envelopes and of the journal that every resource's tests share.

use std::process::Command;

use serde_json::{json, Value};

use super::{Resp, TestApp, PASSWORD};

/// A 1×1 PNG, base64 (a picture upload's `base64`).
pub const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

/// The server binary as a command (its CLI), without the environment that would point it at
/// another database or bootstrap an admin.
pub fn server_command() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_interact-server"));
    for var in [
        "DATABASE_URL",
        "INTERACT_BIND",
        "INTERACT_ADMIN_EMAIL",
        "INTERACT_ADMIN_PASSWORD",
        "INTERACT_CORS_ORIGINS",
    ] {
        c.env_remove(var);
    }
    c.env("INTERACT_BCRYPT_COST", "4").env("RUST_LOG", "warn");
    c
}

/// The contacts a sync of `device` hands out, by id.
pub async fn synced_contacts(
    app: &TestApp,
    token: &str,
    device: &str,
) -> std::collections::BTreeSet<i64> {
    let sync = app
        .get(&format!("/v2/sync?deviceId={device}"), token)
        .await
        .json();
    object_ids(&sync, "contacts").into_iter().collect()
}

/// The ids listed under `key` of an answer (`created`, `failed`, … of an import).
pub fn ids(body: &Value, key: &str) -> Vec<i64> {
    body[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} in {body}"))
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect()
}

/// The `id` of each object listed under `key` of an answer (`data` of a page, `basicInfos` of
/// a contact, `groups` of a user).
pub fn object_ids(body: &Value, key: &str) -> Vec<i64> {
    body[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} in {body}"))
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect()
}

/// One journal entry as tests compare them: (action, entityType, entityId).
pub type JournalEntry = (String, String, i64);

/// The canvass document's "Post to interactions" request body, verbatim
/// (`tests/api/data/canvass_example.json`, which the domain's unit tests read too).
pub fn canvass_example() -> Value {
    serde_json::from_str(include_str!("../data/canvass_example.json")).unwrap()
}

/// A journal entry to compare with `TestApp::journal`.
pub fn j(action: &str, ty: &str, id: i64) -> JournalEntry {
    (action.to_string(), ty.to_string(), id)
}

/// The `id` of an answered entity.
#[track_caller]
pub fn id_of(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| panic!("id in {v}"))
}

/// Asserts that `r` is the page at `offset` of at most `limit` of the list `all`, each item
/// named by its `field`, with the list's length as `totalLength`; `what` names the request.
pub fn assert_page_of(r: &Resp, field: &str, all: &[i64], offset: usize, limit: usize, what: &str) {
    assert_eq!(r.status, 200, "{what}: {}", r.text());
    let body = r.json();
    let want: Vec<i64> = all.iter().copied().skip(offset).take(limit).collect();
    let got: Vec<i64> = body["data"]
        .as_array()
        .unwrap_or_else(|| panic!("data in {body}"))
        .iter()
        .map(|item| {
            item[field]
                .as_i64()
                .unwrap_or_else(|| panic!("{field} in {item}"))
        })
        .collect();
    assert_eq!(got, want, "{what} {offset}/{limit}: {body}");
    assert_eq!(body["totalLength"], json!(all.len()), "{what}: {body}");
}

/// Asserts the success envelope of a create (201) or update (200) and answers its entity.
#[track_caller]
pub fn entity(r: &Resp, status: u16) -> Value {
    assert_eq!(r.status, status, "{}", r.text());
    let b = r.json();
    assert_eq!(b["code"], json!(status));
    assert_eq!(b["devmsg"], json!("success"));
    assert_eq!(b.as_object().unwrap().len(), 3, "{b}");
    b["entity"].clone()
}

/// Asserts the answer of a delete: HTTP 200 `{"code":204,"devmsg":"success"}`.
#[track_caller]
pub fn assert_deleted(r: &Resp) {
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), json!({"code": 204, "devmsg": "success"}));
}

/// A user who owns contacts (role `user`, no company), logged in: their token.
pub async fn user(app: &TestApp, email: &str) -> String {
    app.owner(email).await.1
}

/// Creates a contact (`PUT /v2/contacts`) and answers it.
pub async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    app.contact(token, body).await
}

/// Updates a contact (`POST /v2/contacts/:id`) and answers it.
pub async fn update(app: &TestApp, token: &str, id: &Value, body: Value) -> Value {
    let r = app.post(&format!("/v2/contacts/{id}"), token, body).await;
    entity(&r, 200)
}

/// A person to create: `Person::named("Ada").last("Lovelace").info("phone", "+49 30 1")`.
#[derive(Debug, Clone)]
pub struct Person {
    body: Value,
}

impl Person {
    pub fn named(first: &str) -> Person {
        Person {
            body: json!({"contactType": "person", "firstName": first}),
        }
    }

    pub fn last(mut self, last: &str) -> Person {
        self.body["lastName"] = json!(last);
        self
    }

    /// Adds a basicInfo `{type, value}`.
    pub fn info(mut self, type_: &str, value: &str) -> Person {
        let mut infos = self.body["basicInfos"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        infos.push(json!({"type": type_, "value": value}));
        self.body["basicInfos"] = Value::Array(infos);
        self
    }

    /// Sets the basicInfos to these `(type, value)` pairs.
    pub fn pairs(mut self, infos: &[(&str, &str)]) -> Person {
        let infos: Vec<Value> = infos
            .iter()
            .map(|(t, v)| json!({"type": t, "value": v}))
            .collect();
        self.body["basicInfos"] = Value::Array(infos);
        self
    }

    /// Sets the basicInfos as given.
    pub fn infos(mut self, infos: Value) -> Person {
        self.body["basicInfos"] = infos;
        self
    }

    pub fn body(&self) -> Value {
        self.body.clone()
    }
}

/// CRM fixtures, made through the HTTP API by the holder of `token`.
impl TestApp {
    /// A user who owns contacts (role `user`, no company): their id and token.
    pub async fn owner(&self, email: &str) -> (i64, String) {
        let id = self.insert_user(email, true, "user").await;
        (id, self.login(email, PASSWORD).await)
    }

    /// Creates a contact from a request body and answers it.
    pub async fn contact(&self, token: &str, body: Value) -> Value {
        entity(&self.put("/v2/contacts", token, body).await, 201)
    }

    /// Creates a person and answers it.
    pub async fn person(&self, token: &str, person: Person) -> Value {
        self.contact(token, person.body()).await
    }

    /// Creates a note about a contact; answers its id.
    pub async fn note(&self, token: &str, contact: i64, message: &str) -> i64 {
        let body = json!({"message": message, "relatedTo": {"id": contact, "type": "contact"}});
        id_of(&entity(&self.put("/v2/notes", token, body).await, 201))
    }

    /// Creates a deal, of a contact if given; answers its id.
    pub async fn deal(&self, token: &str, name: &str, contact: Option<i64>) -> i64 {
        let mut body = json!({ "name": name });
        if let Some(c) = contact {
            body["relatedTo"] = json!({ "id": c });
        }
        id_of(&entity(&self.put("/v2/deals", token, body).await, 201))
    }

    /// Creates a task from a request body; answers it.
    pub async fn task(&self, token: &str, body: Value) -> Value {
        entity(&self.put("/v2/tasks", token, body).await, 201)
    }

    /// Creates a task list; answers its id.
    pub async fn task_list(&self, token: &str, title: &str) -> i64 {
        let body = json!({ "title": title });
        id_of(&entity(&self.put("/v2/taskLists", token, body).await, 201))
    }

    /// Registers a trigger device; answers its trigger token.
    pub async fn trigger_device(&self, token: &str, device_id: &str) -> String {
        let body = json!({ "deviceId": device_id });
        let d = entity(&self.put("/v2/triggerDevices", token, body).await, 201);
        d["triggerToken"]
            .as_str()
            .expect("triggerToken")
            .to_string()
    }

    /// Sends a trigger event with a trigger token.
    pub async fn trigger(&self, trigger_token: &str, body: Value) -> Resp {
        let headers = [("triggerToken".to_string(), trigger_token.to_string())];
        self.call_headers("PUT", "/v2/interactions", None, Some(body), &headers)
            .await
    }

    /// The caller's journal, oldest first, as (action, entityType, entityId).
    pub async fn journal(&self, token: &str) -> Vec<JournalEntry> {
        let acts = self.get("/v2/activities?limit=1000", token).await.json();
        acts["data"]
            .as_array()
            .expect("activities")
            .iter()
            .rev()
            .map(|a| {
                (
                    a["action"].as_str().unwrap().to_string(),
                    a["entityType"].as_str().unwrap().to_string(),
                    a["entityId"].as_i64().unwrap(),
                )
            })
            .collect()
    }
}

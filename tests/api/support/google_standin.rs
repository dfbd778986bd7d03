//! A local stand-in of the Google People API for the HTTP tests (the connector's own tests
//! in `crates/service/tests/import_google.rs` use a fixed one): the test sets the people it
//! lists and the changes a sync token returns; tokens `boom` fail with a 500.

use std::sync::{Arc, Mutex};

use actix_web::dev::ServerHandle;
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::{json, Value};

pub const TOKEN: &str = "ya29.good-token";

#[derive(Default)]
pub struct State {
    /// What a full listing answers.
    pub people: Vec<Value>,
    /// What a listing with a sync token answers (changes and deletions).
    pub changes: Vec<Value>,
    /// The sync token the next listing hands out (`None`: `sync-<n>`).
    pub next_token: Option<String>,
    /// Every request: path and query.
    pub seen: Vec<String>,
    issued: u32,
}

pub struct GoogleStandIn {
    pub base: String,
    pub state: Arc<Mutex<State>>,
    handle: ServerHandle,
}

impl GoogleStandIn {
    pub async fn start() -> GoogleStandIn {
        let state: Arc<Mutex<State>> = Arc::default();
        let data = web::Data::new(state.clone());
        let (base, handle) = super::loopback::serve(move |cfg| {
            cfg.app_data(data.clone())
                .route("/v1/contactGroups", web::get().to(groups))
                .route("/v1/people/me/connections", web::get().to(connections))
                .route("/v1/people/me", web::get().to(me));
        });
        GoogleStandIn {
            base,
            state,
            handle,
        }
    }

    pub fn set_people(&self, people: Vec<Value>) {
        self.state.lock().unwrap().people = people;
    }

    pub fn set_changes(&self, changes: Vec<Value>) {
        self.state.lock().unwrap().changes = changes;
    }

    pub fn seen(&self) -> Vec<String> {
        self.state.lock().unwrap().seen.clone()
    }

    pub async fn stop(self) {
        self.handle.stop(false).await;
    }
}

fn param(req: &HttpRequest, name: &str) -> Option<String> {
    req.query_string()
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn error(code: u16, status: &str, message: &str, reason: Option<&str>) -> HttpResponse {
    let mut e = json!({"code": code, "message": message, "status": status});
    if let Some(r) = reason {
        e["details"] = json!([{"reason": r}]);
    }
    HttpResponse::build(actix_web::http::StatusCode::from_u16(code).unwrap())
        .json(json!({ "error": e }))
}

fn authorize(req: &HttpRequest, state: &Mutex<State>) -> Option<HttpResponse> {
    state
        .lock()
        .unwrap()
        .seen
        .push(format!("{}?{}", req.path(), req.query_string()));
    let auth = req
        .headers()
        .get("Authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    match auth.strip_prefix("Bearer ") {
        Some(TOKEN) => None,
        Some("boom") => Some(error(500, "INTERNAL", "Internal error encountered.", None)),
        _ => Some(error(
            401,
            "UNAUTHENTICATED",
            "Request had invalid authentication credentials.",
            None,
        )),
    }
}

async fn groups(req: HttpRequest, state: web::Data<Arc<Mutex<State>>>) -> HttpResponse {
    if let Some(r) = authorize(&req, &state) {
        return r;
    }
    HttpResponse::Ok().json(json!({
        "contactGroups": [
            {"resourceName": "contactGroups/myContacts", "groupType": "SYSTEM_CONTACT_GROUP",
             "name": "myContacts", "formattedName": "My Contacts", "memberCount": 3},
            {"resourceName": "contactGroups/friends1", "groupType": "USER_CONTACT_GROUP",
             "name": "Friends", "formattedName": "Friends", "memberCount": 1}
        ],
        "totalItems": 2
    }))
}

async fn connections(req: HttpRequest, state: web::Data<Arc<Mutex<State>>>) -> HttpResponse {
    if let Some(r) = authorize(&req, &state) {
        return r;
    }
    let mut s = state.lock().unwrap();
    s.issued += 1;
    let next = s
        .next_token
        .clone()
        .unwrap_or_else(|| format!("sync-{}", s.issued));
    match param(&req, "syncToken").as_deref() {
        None => HttpResponse::Ok().json(json!({
            "connections": s.people.clone(),
            "nextSyncToken": next,
            "totalPeople": s.people.len(),
        })),
        Some("expired") => error(
            400,
            "FAILED_PRECONDITION",
            "Sync token is expired.",
            Some("EXPIRED_SYNC_TOKEN"),
        ),
        Some(_) => HttpResponse::Ok().json(json!({
            "connections": s.changes.clone(),
            "nextSyncToken": next,
        })),
    }
}

async fn me(req: HttpRequest, state: web::Data<Arc<Mutex<State>>>) -> HttpResponse {
    if let Some(r) = authorize(&req, &state) {
        return r;
    }
    HttpResponse::Ok().json(json!({
        "resourceName": "people/me1",
        "emailAddresses": [{"metadata": {"primary": true}, "value": "owner@example.com"}]
    }))
}

/// A person of the People API.
pub fn person(id: &str, given: &str, family: &str, groups: &[&str]) -> Value {
    let mut memberships = vec![json!({"contactGroupMembership": {
        "contactGroupId": "myContacts", "contactGroupResourceName": "contactGroups/myContacts"}})];
    for g in groups {
        memberships.push(json!({"contactGroupMembership": {
            "contactGroupId": g, "contactGroupResourceName": format!("contactGroups/{g}")}}));
    }
    json!({
        "resourceName": format!("people/{id}"),
        "etag": "%EgUBAgMFBy4aBAECBQc=",
        "metadata": {"sources": [{"type": "CONTACT", "id": id,
                                  "updateTime": "2024-01-10T10:00:00Z"}],
                     "objectType": "PERSON"},
        "names": [{"metadata": {"primary": true}, "displayName": format!("{given} {family}"),
                   "givenName": given, "familyName": family}],
        "emailAddresses": [{"value": format!("{}@example.com", given.to_lowercase()),
                            "type": "work"}],
        "phoneNumbers": [{"value": "+49 170 1234567", "type": "mobile"}],
        "addresses": [{"type": "home", "streetAddress": "Hauptstr. 1", "city": "Berlin",
                       "postalCode": "10115", "region": "BE", "country": "Germany"}],
        "photos": [{"metadata": {"primary": true}, "url": format!("https://lh3.example/{id}"),
                    "default": false}],
        "memberships": memberships
    })
}

/// A person the source deleted (as a sync token listing reports it).
pub fn deleted(id: &str) -> Value {
    json!({"resourceName": format!("people/{id}"), "etag": "x",
           "metadata": {"deleted": true, "sources": [{"type": "CONTACT", "id": id}]}})
}

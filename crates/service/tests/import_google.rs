//! The Google connector against a local stand-in of the People API (an actix-web server on a
//! loopback port answering the API's JSON shapes): groups and contacts across pages, the group
//! filter, sync tokens with deleted contacts, bad tokens, failing and unreachable servers,
//! and time-outs.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::dev::ServerHandle;
use actix_web::{web, HttpRequest, HttpResponse};
use interact_domain::import::{ExternalSystem, ImportRequest};
use interact_service::import::{AnyConnector, Connector, Connectors, ContactQuery, GroupFilter};
use interact_service::Config;
use serde_json::{json, Value};

#[path = "../../../tests/api/support/loopback.rs"]
mod loopback;

const TOKEN: &str = "ya29.good-token";

/// Every request the stand-in saw: path and query.
type Seen = Arc<Mutex<Vec<String>>>;

struct StandIn {
    base: String,
    seen: Seen,
    handle: ServerHandle,
}

impl StandIn {
    async fn start() -> StandIn {
        let seen: Seen = Arc::default();
        let state = web::Data::new(seen.clone());
        let (base, handle) = loopback::serve(move |cfg| {
            cfg.app_data(state.clone())
                .route("/v1/contactGroups", web::get().to(groups))
                .route("/v1/people/me/connections", web::get().to(connections))
                .route("/v1/people/me", web::get().to(me));
        });
        StandIn { base, seen, handle }
    }

    fn connectors(&self) -> Connectors {
        connectors_at(&self.base)
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }

    async fn stop(self) {
        self.handle.stop(false).await;
    }
}

fn connectors_at(base: &str) -> Connectors {
    Connectors::new(&Config {
        google_api_url: base.to_string(),
        external_timeout: Duration::from_millis(1500),
        ..Config::default()
    })
    .unwrap()
}

fn google(connectors: &Connectors, token: &str, username: &str) -> AnyConnector {
    connectors
        .open(&ImportRequest {
            external_system: Some("google".into()),
            username: Some(username.into()),
            password: Some(token.into()),
            content: None,
        })
        .unwrap()
}

fn param(req: &HttpRequest, name: &str) -> Option<String> {
    url_pairs(req.query_string())
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn url_pairs(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.replace("%2C", ",")))
        .collect()
}

fn google_error(code: u16, status: &str, message: &str, reason: Option<&str>) -> HttpResponse {
    let mut error = json!({"code": code, "message": message, "status": status});
    if let Some(r) = reason {
        error["details"] = json!([{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                                   "reason": r}]);
    }
    HttpResponse::build(actix_web::http::StatusCode::from_u16(code).unwrap())
        .json(json!({ "error": error }))
}

/// Checks the token like Google does; some tokens make the stand-in misbehave.
async fn authorize(req: &HttpRequest, seen: &Seen) -> Option<HttpResponse> {
    seen.lock()
        .unwrap()
        .push(format!("{}?{}", req.path(), req.query_string()));
    let auth = req
        .headers()
        .get("Authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    match auth.strip_prefix("Bearer ") {
        Some(TOKEN) => None,
        Some("boom") => Some(google_error(
            500,
            "INTERNAL",
            "Internal error encountered.",
            None,
        )),
        Some("slow") => {
            actix_rt::time::sleep(Duration::from_secs(5)).await;
            Some(HttpResponse::Ok().json(json!({})))
        }
        Some("not-json") => Some(HttpResponse::Ok().body("<html>maintenance</html>")),
        _ => Some(google_error(
            401,
            "UNAUTHENTICATED",
            "Request had invalid authentication credentials.",
            Some("ACCESS_TOKEN_TYPE_UNSUPPORTED"),
        )),
    }
}

async fn groups(req: HttpRequest, seen: web::Data<Seen>) -> HttpResponse {
    if let Some(r) = authorize(&req, &seen).await {
        return r;
    }
    assert!(param(&req, "groupFields").is_some_and(|f| f.contains("memberCount")));
    match param(&req, "pageToken").as_deref() {
        None => HttpResponse::Ok().json(json!({
            "contactGroups": [
                {"resourceName": "contactGroups/myContacts", "groupType": "SYSTEM_CONTACT_GROUP",
                 "name": "myContacts", "formattedName": "My Contacts", "memberCount": 4},
                {"resourceName": "contactGroups/friends1", "groupType": "USER_CONTACT_GROUP",
                 "name": "Friends", "formattedName": "Friends", "memberCount": 2,
                 "metadata": {"updateTime": "2024-01-01T00:00:00Z"}}
            ],
            "totalItems": 4,
            "nextPageToken": "groups-2"
        })),
        Some("groups-2") => HttpResponse::Ok().json(json!({
            "contactGroups": [
                {"resourceName": "contactGroups/work2", "groupType": "USER_CONTACT_GROUP",
                 "name": "Work", "formattedName": "Work"},
                {"resourceName": "contactGroups/old3", "name": "Old",
                 "metadata": {"deleted": true}}
            ],
            "totalItems": 4
        })),
        Some(_) => google_error(400, "INVALID_ARGUMENT", "bad page token", None),
    }
}

fn person(id: &str, given: &str, family: &str, groups: &[&str], updated: &str) -> Value {
    let mut memberships = vec![json!({"contactGroupMembership": {
        "contactGroupId": "myContacts", "contactGroupResourceName": "contactGroups/myContacts"}})];
    for g in groups {
        memberships.push(json!({"contactGroupMembership": {
            "contactGroupId": g, "contactGroupResourceName": format!("contactGroups/{g}")}}));
    }
    json!({
        "resourceName": format!("people/{id}"),
        "etag": "%EgUBAgMFBy4aBAECBQc=",
        "metadata": {"sources": [{"type": "CONTACT", "id": id, "updateTime": updated}],
                     "objectType": "PERSON"},
        "names": [{"metadata": {"primary": true}, "displayName": format!("{given} {family}"),
                   "givenName": given, "familyName": family}],
        "emailAddresses": [{"value": format!("{}@example.com", given.to_lowercase()),
                            "type": "work", "formattedType": "Work"}],
        "phoneNumbers": [{"value": "+49 170 1234567", "canonicalForm": "+491701234567",
                          "type": "mobile", "formattedType": "Mobile"}],
        "photos": [{"metadata": {"primary": true}, "url": format!("https://lh3.example/{id}"),
                    "default": false}],
        "memberships": memberships
    })
}

async fn connections(req: HttpRequest, seen: web::Data<Seen>) -> HttpResponse {
    if let Some(r) = authorize(&req, &seen).await {
        return r;
    }
    let fields = param(&req, "personFields").unwrap_or_default();
    for f in [
        "names",
        "emailAddresses",
        "phoneNumbers",
        "memberships",
        "metadata",
    ] {
        assert!(fields.contains(f), "personFields {fields}");
    }
    assert_eq!(param(&req, "requestSyncToken").as_deref(), Some("true"));
    match (
        param(&req, "syncToken").as_deref(),
        param(&req, "pageToken").as_deref(),
    ) {
        (None, None) => HttpResponse::Ok().json(json!({
            "connections": [
                person("c1", "Ann", "Lee", &["friends1"], "2024-01-10T10:00:00Z"),
                person("c2", "Bob", "Stone", &[], "2023-06-01T08:00:00.500Z"),
            ],
            "nextPageToken": "people-2",
            "totalPeople": 4, "totalItems": 4
        })),
        (None, Some("people-2")) => HttpResponse::Ok().json(json!({
            "connections": [
                person("c3", "Cy", "Young", &["work2", "friends1"], "2024-02-01T00:00:00Z"),
                {"etag": "no resource name", "names": [{"givenName": "Ghost"}]},
            ],
            "nextSyncToken": "sync-1",
            "totalPeople": 4, "totalItems": 4
        })),
        (Some("sync-1"), None) => HttpResponse::Ok().json(json!({
            "connections": [
                person("c1", "Ann", "Lee-Smith", &["friends1"], "2024-03-01T00:00:00Z"),
                {"resourceName": "people/c2", "etag": "x",
                 "metadata": {"deleted": true, "sources": [{"type": "CONTACT", "id": "c2"}]}},
            ],
            "nextSyncToken": "sync-2"
        })),
        (Some("expired"), _) => google_error(
            400,
            "FAILED_PRECONDITION",
            "Sync token is expired. Clear local cache and retry call without the sync token.",
            Some("EXPIRED_SYNC_TOKEN"),
        ),
        _ => google_error(400, "INVALID_ARGUMENT", "unexpected request", None),
    }
}

async fn me(req: HttpRequest, seen: web::Data<Seen>) -> HttpResponse {
    if let Some(r) = authorize(&req, &seen).await {
        return r;
    }
    HttpResponse::Ok().json(json!({
        "resourceName": "people/me1",
        "emailAddresses": [{"metadata": {"primary": false}, "value": "alias@example.com"},
                           {"metadata": {"primary": true}, "value": "owner@example.com"}]
    }))
}

fn last_names(f: &interact_service::import::Fetched) -> Vec<String> {
    f.contacts
        .iter()
        .map(|c| c.last_name.clone().unwrap_or_default())
        .collect()
}

#[actix_rt::test]
async fn lists_groups_across_pages() {
    let s = StandIn::start().await;
    let c = google(&s.connectors(), TOKEN, "owner@example.com");
    assert_eq!(c.system(), ExternalSystem::Google);
    let groups = c.contact_groups().await.unwrap();
    let g: Vec<_> = groups
        .iter()
        .map(|g| (g.external_id.as_str(), g.name.as_str(), g.member_count))
        .collect();
    assert_eq!(
        g,
        [
            ("myContacts", "My Contacts", Some(4)),
            ("friends1", "Friends", Some(2)),
            ("work2", "Work", None),
        ]
    );
    let seen = s.seen();
    assert_eq!(seen.len(), 2);
    assert!(seen[1].contains("pageToken=groups-2"), "{seen:?}");
    s.stop().await;
}

#[actix_rt::test]
async fn lists_contacts_across_pages_with_filters() {
    let s = StandIn::start().await;
    let c = google(&s.connectors(), TOKEN, "");
    let all = c.contacts(&ContactQuery::default()).await.unwrap();
    assert_eq!(last_names(&all), ["Lee", "Stone", "Young"]);
    assert!(all.complete);
    assert_eq!(all.next_sync_token.as_deref(), Some("sync-1"));
    assert_eq!(all.failed.len(), 1);
    assert_eq!(all.failed[0].index, 3);
    assert!(all.failed[0].reason.contains("resourceName"));
    let ann = &all.contacts[0];
    assert_eq!(ann.external_id, "c1");
    assert_eq!(ann.first_name.as_deref(), Some("Ann"));
    assert_eq!(ann.group_ids, ["myContacts", "friends1"]);
    assert_eq!(ann.photo_urls, ["https://lh3.example/c1"]);
    assert_eq!(ann.updated, Some(1_704_880_800_000));
    assert_eq!(all.contacts[1].updated, Some(1_685_606_400_500));
    let seen = s.seen();
    assert_eq!(seen.len(), 2);
    assert!(seen[1].contains("pageToken=people-2"), "{seen:?}");

    let friends = ContactQuery {
        groups: GroupFilter::parse("friends1"),
        ..Default::default()
    };
    assert_eq!(
        last_names(&c.contacts(&friends).await.unwrap()),
        ["Lee", "Young"]
    );
    let ungrouped_or_work = ContactQuery {
        groups: GroupFilter::parse("work2,none"),
        ..Default::default()
    };
    assert_eq!(
        last_names(&c.contacts(&ungrouped_or_work).await.unwrap()),
        ["Stone", "Young"]
    );
    let since = ContactQuery {
        updated_min: Some(1_704_067_200_000), // 2024-01-01
        ..Default::default()
    };
    assert_eq!(
        last_names(&c.contacts(&since).await.unwrap()),
        ["Lee", "Young"]
    );

    // Without a username the account is the primary email of the token's owner.
    assert_eq!(c.account().await.unwrap(), "owner@example.com");
    let named = google(&s.connectors(), TOKEN, "john.doe@googlemail.com");
    assert_eq!(named.account().await.unwrap(), "john.doe@googlemail.com");
    s.stop().await;
}

#[actix_rt::test]
async fn a_sync_token_lists_changes_and_deletions() {
    let s = StandIn::start().await;
    let c = google(&s.connectors(), TOKEN, "owner@example.com");
    let q = ContactQuery {
        sync_token: Some("sync-1".into()),
        ..Default::default()
    };
    let changes = c.contacts(&q).await.unwrap();
    assert!(!changes.complete);
    assert_eq!(changes.next_sync_token.as_deref(), Some("sync-2"));
    let ids: Vec<_> = changes
        .contacts
        .iter()
        .map(|c| (c.external_id.as_str(), c.deleted))
        .collect();
    assert_eq!(ids, [("c1", false), ("c2", true)]);
    assert_eq!(changes.contacts[0].last_name.as_deref(), Some("Lee-Smith"));
    // A deletion passes a group filter (it has no groups left).
    let q = ContactQuery {
        sync_token: Some("sync-1".into()),
        groups: GroupFilter::parse("work2"),
        ..Default::default()
    };
    let ids: Vec<_> = c
        .contacts(&q)
        .await
        .unwrap()
        .contacts
        .into_iter()
        .map(|c| c.external_id)
        .collect();
    assert_eq!(ids, ["c2"]);

    // An expired token: everything is listed again.
    let q = ContactQuery {
        sync_token: Some("expired".into()),
        ..Default::default()
    };
    let again = c.contacts(&q).await.unwrap();
    assert!(again.complete);
    assert_eq!(last_names(&again), ["Lee", "Stone", "Young"]);
    assert_eq!(again.next_sync_token.as_deref(), Some("sync-1"));
    s.stop().await;
}

#[actix_rt::test]
async fn failures_of_google_are_503_with_the_import_codes() {
    let s = StandIn::start().await;
    let connectors = s.connectors();

    let e = google(&connectors, "revoked", "")
        .contacts(&ContactQuery::default())
        .await
        .unwrap_err();
    assert_eq!(e.code(), 90020151116002);
    assert_eq!(e.status(), 503);
    assert!(
        e.devmsg.starts_with("google rejected the access token") && e.devmsg.contains("401"),
        "{}",
        e.devmsg
    );
    assert!(
        !e.devmsg.contains("revoked"),
        "the token leaks: {}",
        e.devmsg
    );
    let e = google(&connectors, "revoked", "")
        .contact_groups()
        .await
        .unwrap_err();
    assert_eq!(e.code(), 90020151116002);

    let e = google(&connectors, "boom", "")
        .contact_groups()
        .await
        .unwrap_err();
    assert_eq!(e.code(), 90020151116002);
    assert!(e.devmsg.contains("500 INTERNAL"), "{}", e.devmsg);

    let e = google(&connectors, "not-json", "")
        .contact_groups()
        .await
        .unwrap_err();
    assert_eq!(e.code(), 90020151116002);
    assert!(e.devmsg.contains("not JSON"), "{}", e.devmsg);

    let e = google(&connectors, "slow", "")
        .contacts(&ContactQuery::default())
        .await
        .unwrap_err();
    assert_eq!(e.code(), 90020151116001);
    assert!(e.devmsg.contains("timed out"), "{}", e.devmsg);
    s.stop().await;
}

#[actix_rt::test]
async fn an_unreachable_google_is_503_6001() {
    // A port that was just free: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let connectors = connectors_at(&format!("http://127.0.0.1:{port}"));
    let e = google(&connectors, TOKEN, "")
        .contact_groups()
        .await
        .unwrap_err();
    assert_eq!(e.code(), 90020151116001);
    assert_eq!(e.status(), 503);
    assert!(
        e.devmsg.starts_with("google cannot be reached"),
        "{}",
        e.devmsg
    );
}

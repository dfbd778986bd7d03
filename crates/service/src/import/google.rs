//! The `google` connector: contact groups and contacts of a Google account through the
//! People API v1, authorized by the OAuth access token the client sends as `password`.

use std::collections::HashSet;

use interact_domain::import::{
    ExternalContactGroup, ExternalSystem, ImportFailure, ImportedAddress, ImportedContact,
};
use interact_errors::{Detail, Error, Result};
use reqwest::{StatusCode, Url};
use serde::Deserialize;
use serde_json::Value;

use super::mapping::{self, clean, split_full_name};
use super::{external, Connector, ContactQuery, Fetched};

/// The person fields an import reads.
const PERSON_FIELDS: &str =
    "names,emailAddresses,phoneNumbers,addresses,organizations,photos,urls,memberships,metadata";
/// The People API's largest page.
const PAGE_SIZE: &str = "1000";
/// A bound on pages, so a source that keeps answering with new page tokens cannot hold an
/// import forever (10 million contacts).
const MAX_PAGES: usize = 10_000;

pub struct GoogleConnector {
    http: reqwest::Client,
    base: Url,
    token: String,
    username: String,
}

impl GoogleConnector {
    /// `base` is the API's root (`https://people.googleapis.com` or a stand-in's address).
    pub fn new(
        http: reqwest::Client,
        base: &str,
        token: &str,
        username: String,
    ) -> Result<GoogleConnector> {
        let base = Url::parse(base.trim_end_matches('/'))
            .map_err(|e| Error::internal(anyhow::anyhow!("INTERACT_GOOGLE_API_URL: {e}")))?;
        Ok(GoogleConnector {
            http,
            base,
            token: token.to_string(),
            username,
        })
    }

    fn url(&self, path: &str, params: &[(&str, &str)]) -> Result<Url> {
        let mut url = self.base.clone();
        {
            let mut segments = url.path_segments_mut().map_err(|_| {
                Error::internal(anyhow::anyhow!("INTERACT_GOOGLE_API_URL cannot be a base"))
            })?;
            segments.pop_if_empty();
            segments.extend(path.split('/'));
        }
        if !params.is_empty() {
            url.query_pairs_mut().extend_pairs(params);
        }
        Ok(url)
    }

    /// One GET, answered as JSON. Connection failures and time-outs are 6001, error answers
    /// 6002 (both 503); the devmsg carries Google's status and message, never the token.
    async fn get(&self, url: Url) -> Result<Value> {
        let what = url.path().to_string();
        let resp = self
            .http
            .get(url)
            .bearer_auth(&self.token)
            .header("Accept", "application/json")
            .send()
            .await
            .map_err(|e| unreachable(&what, e))?;
        let status = resp.status();
        let body = resp.bytes().await.map_err(|e| unreachable(&what, e))?;
        if !status.is_success() {
            return Err(GoogleError::from_answer(status, &body).into_error(&what));
        }
        serde_json::from_slice(&body).map_err(|e| {
            external(
                Detail::ExternalRejected,
                format!("google answered {what} with something that is not JSON: {e}"),
            )
        })
    }

    /// Every page of a list, `field` holding each page's items.
    async fn list(
        &self,
        path: &str,
        params: &[(&str, &str)],
        field: &str,
    ) -> Result<(Vec<Value>, Option<String>)> {
        let mut items = Vec::new();
        let mut page_token: Option<String> = None;
        let mut seen = HashSet::new();
        for _ in 0..MAX_PAGES {
            let mut p = params.to_vec();
            if let Some(t) = &page_token {
                p.push(("pageToken", t));
            }
            let mut page = self.get(self.url(path, &p)?).await?;
            if let Some(Value::Array(list)) = page.get_mut(field).map(Value::take) {
                items.extend(list);
            }
            match page.get("nextPageToken").and_then(Value::as_str) {
                Some(t) if !t.is_empty() => {
                    if !seen.insert(t.to_string()) {
                        return Err(external(
                            Detail::ExternalRejected,
                            format!("google repeated the page token of {path}"),
                        ));
                    }
                    page_token = Some(t.to_string());
                }
                _ => {
                    let sync = page
                        .get("nextSyncToken")
                        .and_then(Value::as_str)
                        .map(str::to_string);
                    return Ok((items, sync));
                }
            }
        }
        Err(external(
            Detail::ExternalRejected,
            format!("google listed more than {MAX_PAGES} pages of {path}"),
        ))
    }

    async fn connections(&self, sync_token: Option<&str>) -> Result<(Vec<Value>, Option<String>)> {
        let mut params = vec![
            ("personFields", PERSON_FIELDS),
            ("pageSize", PAGE_SIZE),
            ("requestSyncToken", "true"),
        ];
        if let Some(t) = sync_token {
            params.push(("syncToken", t));
        }
        self.list("v1/people/me/connections", &params, "connections")
            .await
    }
}

impl Connector for GoogleConnector {
    fn system(&self) -> ExternalSystem {
        ExternalSystem::Google
    }

    /// The `username` the client sent, or else the account's primary email address.
    async fn account(&self) -> Result<String> {
        if !self.username.is_empty() {
            return Ok(self.username.clone());
        }
        let me = self
            .get(self.url("v1/people/me", &[("personFields", "emailAddresses")])?)
            .await?;
        let me: Person = serde_json::from_value(me).unwrap_or_default();
        Ok(primary(&me.email_addresses)
            .and_then(|e| clean(&e.value))
            .or_else(|| clean(&me.resource_name))
            .unwrap_or_default())
    }

    async fn contact_groups(&self) -> Result<Vec<ExternalContactGroup>> {
        let (groups, _) = self
            .list(
                "v1/contactGroups",
                &[
                    ("pageSize", PAGE_SIZE),
                    ("groupFields", "name,groupType,memberCount,metadata"),
                ],
                "contactGroups",
            )
            .await?;
        Ok(groups
            .into_iter()
            .filter_map(|g| serde_json::from_value::<ContactGroup>(g).ok())
            .filter(|g| !g.metadata.deleted)
            .filter_map(|g| {
                let id = group_id(&g.resource_name)?;
                let name = clean(&g.formatted_name)
                    .or_else(|| clean(&g.name))
                    .unwrap_or_else(|| id.clone());
                Some(ExternalContactGroup {
                    external_id: id,
                    name,
                    member_count: g.member_count,
                })
            })
            .collect())
    }

    async fn contacts(&self, query: &ContactQuery) -> Result<Fetched> {
        let (people, next_sync_token, complete) = match query.sync_token.as_deref() {
            Some(t) => match self.connections(Some(t)).await {
                Ok((people, sync)) => (people, sync, false),
                // An expired token means listing everything again.
                Err(e) if e.devmsg.contains("EXPIRED_SYNC_TOKEN") => {
                    let (people, sync) = self.connections(None).await?;
                    (people, sync, true)
                }
                Err(e) => return Err(e),
            },
            None => {
                let (people, sync) = self.connections(None).await?;
                (people, sync, true)
            }
        };
        let mut fetched = Fetched {
            next_sync_token,
            complete,
            ..Fetched::default()
        };
        for (index, raw) in people.into_iter().enumerate() {
            match person(raw) {
                Ok(contact) => {
                    if query.admits(&contact) {
                        fetched.contacts.push(contact);
                    }
                }
                Err((external_id, reason)) => fetched.failed.push(ImportFailure {
                    index,
                    line: None,
                    external_id,
                    reason,
                }),
            }
        }
        Ok(fetched)
    }
}

fn unreachable(what: &str, e: reqwest::Error) -> Error {
    let why = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "cannot connect"
    } else {
        "connection failed"
    };
    external(
        Detail::ExternalUnreachable,
        format!("google cannot be reached ({what}: {why})"),
    )
    .with_cause(e)
}

/// Google's error answer: `{"error":{"code":401,"message":…,"status":"UNAUTHENTICATED",
/// "details":[{"reason":"EXPIRED_SYNC_TOKEN",…}]}}`.
struct GoogleError {
    status: StatusCode,
    text: String,
}

impl GoogleError {
    fn from_answer(status: StatusCode, body: &[u8]) -> GoogleError {
        let parsed: Option<Value> = serde_json::from_slice(body).ok();
        let error = parsed.as_ref().and_then(|v| v.get("error"));
        let field = |k: &str| error.and_then(|e| e.get(k)).and_then(Value::as_str);
        let mut text = [field("status"), field("message")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(": ");
        let reasons = error
            .and_then(|e| e.get("details"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|d| d.get("reason").and_then(Value::as_str));
        for r in reasons {
            text.push_str(" [");
            text.push_str(r);
            text.push(']');
        }
        let text = text.chars().take(300).collect();
        GoogleError { status, text }
    }

    fn into_error(self, what: &str) -> Error {
        let lead = match self.status {
            StatusCode::UNAUTHORIZED => "google rejected the access token",
            StatusCode::FORBIDDEN => "google refused access to the contacts",
            _ => "google answered with an error",
        };
        let mut msg = format!("{lead} ({what}: {}", self.status.as_u16());
        if !self.text.is_empty() {
            msg.push(' ');
            msg.push_str(&self.text);
        }
        msg.push(')');
        external(Detail::ExternalRejected, msg)
    }
}

// The People API's JSON, only the parts an import reads. Every field is optional: one odd
// person must not fail the others.

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct ContactGroup {
    resource_name: String,
    name: String,
    formatted_name: String,
    member_count: Option<u64>,
    metadata: GroupMetadata,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct GroupMetadata {
    deleted: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Person {
    resource_name: String,
    metadata: PersonMetadata,
    names: Vec<Name>,
    email_addresses: Vec<Labeled>,
    phone_numbers: Vec<Labeled>,
    urls: Vec<Labeled>,
    addresses: Vec<Address>,
    organizations: Vec<Organization>,
    photos: Vec<Photo>,
    memberships: Vec<Membership>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct PersonMetadata {
    sources: Vec<Source>,
    deleted: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Source {
    update_time: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct FieldMetadata {
    primary: bool,
}

trait Primary {
    fn is_primary(&self) -> bool;
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Name {
    metadata: FieldMetadata,
    display_name: String,
    family_name: String,
    given_name: String,
    middle_name: String,
    honorific_prefix: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Labeled {
    metadata: FieldMetadata,
    value: String,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Address {
    #[serde(rename = "type")]
    kind: String,
    po_box: String,
    street_address: String,
    extended_address: String,
    city: String,
    region: String,
    postal_code: String,
    country: String,
    country_code: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Organization {
    metadata: FieldMetadata,
    name: String,
    title: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Photo {
    url: String,
    default: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Membership {
    contact_group_membership: Option<GroupMembership>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct GroupMembership {
    contact_group_id: String,
    contact_group_resource_name: String,
}

macro_rules! primary_by_metadata {
    ($($t:ty),*) => {$(
        impl Primary for $t {
            fn is_primary(&self) -> bool {
                self.metadata.primary
            }
        }
    )*};
}
primary_by_metadata!(Name, Labeled, Organization);

/// The field marked primary, else the first.
fn primary<T: Primary>(items: &[T]) -> Option<&T> {
    items.iter().find(|i| i.is_primary()).or(items.first())
}

/// `contactGroups/abc` → `abc` (the id `groupIds` and memberships use).
fn group_id(resource_name: &str) -> Option<String> {
    clean(
        resource_name
            .strip_prefix("contactGroups/")
            .unwrap_or(resource_name),
    )
}

/// One connection of the listing, or why it cannot be read (with its id if it has one).
fn person(raw: Value) -> std::result::Result<ImportedContact, (Option<String>, String)> {
    let resource = raw
        .get("resourceName")
        .and_then(Value::as_str)
        .map(str::to_string);
    let p: Person = serde_json::from_value(raw).map_err(|e| (resource.clone(), e.to_string()))?;
    let external_id = p
        .resource_name
        .strip_prefix("people/")
        .and_then(clean)
        .ok_or_else(|| {
            (
                resource.clone(),
                "person without a resourceName (people/…)".to_string(),
            )
        })?;
    if external_id.chars().count() > super::mapping::MAX_EXTERNAL_ID {
        return Err((
            None,
            format!(
                "resourceName is longer than {} characters",
                super::mapping::MAX_EXTERNAL_ID
            ),
        ));
    }
    let updated = p
        .metadata
        .sources
        .iter()
        .filter_map(|s| s.update_time.as_deref())
        .filter_map(super::parse_time)
        .max();
    let mut c = ImportedContact {
        external_id,
        updated,
        deleted: p.metadata.deleted,
        ..ImportedContact::default()
    };
    if c.deleted {
        return Ok(c);
    }
    if let Some(n) = primary(&p.names) {
        c.title = clean(&n.honorific_prefix);
        c.first_name = clean(&n.given_name);
        c.middle_name = clean(&n.middle_name);
        c.last_name = clean(&n.family_name);
        if c.first_name.is_none() && c.last_name.is_none() {
            (c.first_name, c.last_name) = split_full_name(&n.display_name);
        }
    }
    if let Some(o) = primary(&p.organizations) {
        c.organization_name = clean(&o.name);
        c.profession = clean(&o.title);
    }
    for e in &p.email_addresses {
        if let Some(v) = clean(&e.value) {
            c.basic_infos.push(mapping::email(&e.kind, v));
        }
    }
    for ph in &p.phone_numbers {
        if let Some(v) = clean(&ph.value) {
            c.basic_infos.push(mapping::phone(&ph.kind, v));
        }
    }
    for u in &p.urls {
        if let Some(v) = clean(&u.value) {
            c.basic_infos.push(mapping::website(&u.kind, v));
        }
    }
    for a in &p.addresses {
        let mut lines = a.street_address.lines().filter_map(clean);
        let first = lines.next();
        let rest: Vec<String> = lines.chain(clean(&a.extended_address)).collect();
        let address = ImportedAddress {
            subtype: mapping::address_label(&mapping::label_key(&a.kind)),
            addressline1: first,
            addressline2: (!rest.is_empty()).then(|| rest.join(", ")),
            addressline3: clean(&a.po_box),
            city: clean(&a.city),
            zip: clean(&a.postal_code),
            state: clean(&a.region),
            country: clean(&a.country).or_else(|| clean(&a.country_code)),
        };
        if !address.is_empty() {
            c.addresses.push(address);
        }
    }
    c.photo_urls = p
        .photos
        .iter()
        .filter(|ph| !ph.default)
        .filter_map(|ph| clean(&ph.url))
        .collect();
    for m in p
        .memberships
        .iter()
        .filter_map(|m| m.contact_group_membership.as_ref())
    {
        let id = clean(&m.contact_group_id).or_else(|| group_id(&m.contact_group_resource_name));
        if let Some(id) = id {
            if !c.group_ids.contains(&id) {
                c.group_ids.push(id);
            }
        }
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use interact_domain::import::{BasicInfoSubtype as Sub, BasicInfoType as Type};
    use serde_json::json;

    #[test]
    fn maps_a_full_person() {
        let c = person(json!({
            "resourceName": "people/c42",
            "metadata": {"sources": [
                {"type": "CONTACT", "id": "42", "updateTime": "2024-03-01T10:00:00.123Z"},
                {"type": "PROFILE", "updateTime": "2023-01-01T00:00:00Z"}
            ]},
            "names": [
                {"metadata": {"primary": false}, "givenName": "Other"},
                {"metadata": {"primary": true}, "givenName": "Ann", "middleName": "B.",
                 "familyName": "Lee", "honorificPrefix": "Dr."}
            ],
            "emailAddresses": [{"value": "ann@work.example", "type": "work"},
                               {"value": "ann@home.example", "type": "home"},
                               {"value": " ", "type": "home"}],
            "phoneNumbers": [{"value": "+49 30 1234567", "type": "mobile"},
                             {"value": "030 111", "type": "work"},
                             {"value": "030 222", "type": "workFax"},
                             {"value": "030 333", "type": "Boat"}],
            "urls": [{"value": "https://ann.example", "type": "homePage"}],
            "addresses": [{"type": "work", "streetAddress": "Main St 1\nBuilding B",
                           "extendedAddress": "Floor 3", "poBox": "PO 9", "city": "Berlin",
                           "region": "BE", "postalCode": "10115", "countryCode": "DE"}],
            "organizations": [{"name": "Acme", "title": "CTO"}],
            "photos": [{"url": "https://lh3/default", "default": true},
                       {"url": "https://lh3/photo"}],
            "memberships": [
                {"contactGroupMembership": {"contactGroupId": "myContacts",
                  "contactGroupResourceName": "contactGroups/myContacts"}},
                {"contactGroupMembership": {"contactGroupResourceName": "contactGroups/friends"}}
            ]
        }))
        .unwrap();
        assert_eq!(c.external_id, "c42");
        assert_eq!(c.updated, Some(1_709_287_200_123));
        assert_eq!(c.title.as_deref(), Some("Dr."));
        assert_eq!(c.first_name.as_deref(), Some("Ann"));
        assert_eq!(c.middle_name.as_deref(), Some("B."));
        assert_eq!(c.last_name.as_deref(), Some("Lee"));
        assert_eq!(c.organization_name.as_deref(), Some("Acme"));
        assert_eq!(c.profession.as_deref(), Some("CTO"));
        let infos: Vec<_> = c
            .basic_infos
            .iter()
            .map(|b| (b.kind, b.subtype, b.value.as_str()))
            .collect();
        assert_eq!(
            infos,
            [
                (Type::Email, Some(Sub::Work), "ann@work.example"),
                (Type::Email, Some(Sub::Home), "ann@home.example"),
                (Type::Mobile, None, "+49 30 1234567"),
                (Type::Phone, Some(Sub::Work), "030 111"),
                (Type::Fax, Some(Sub::Work), "030 222"),
                (Type::Phone, None, "030 333"),
                (Type::Website, Some(Sub::Home), "https://ann.example"),
            ]
        );
        assert_eq!(c.basic_infos[5].label.as_deref(), Some("Boat"));
        let a = &c.addresses[0];
        assert_eq!(a.subtype, Some(Sub::Work));
        assert_eq!(a.addressline1.as_deref(), Some("Main St 1"));
        assert_eq!(a.addressline2.as_deref(), Some("Building B, Floor 3"));
        assert_eq!(a.addressline3.as_deref(), Some("PO 9"));
        assert_eq!(
            (
                a.city.as_deref(),
                a.zip.as_deref(),
                a.state.as_deref(),
                a.country.as_deref()
            ),
            (Some("Berlin"), Some("10115"), Some("BE"), Some("DE"))
        );
        assert_eq!(c.photo_urls, ["https://lh3/photo"]);
        assert_eq!(c.group_ids, ["myContacts", "friends"]);
        assert!(!c.deleted);
    }

    #[test]
    fn deleted_and_broken_people() {
        let d =
            person(json!({"resourceName": "people/c7", "metadata": {"deleted": true}})).unwrap();
        assert!(d.deleted);
        assert_eq!(d.external_id, "c7");
        let (id, why) = person(json!({"names": []})).unwrap_err();
        assert_eq!(id, None);
        assert!(why.contains("resourceName"));
        let (id, why) = person(json!({"resourceName": "people/c8", "names": "oops"})).unwrap_err();
        assert_eq!(id.as_deref(), Some("people/c8"));
        assert!(why.contains("invalid type"), "{why}");
        let only_display =
            person(json!({"resourceName": "people/c9", "names": [{"displayName": "Jo Ann Lee"}]}))
                .unwrap();
        assert_eq!(only_display.first_name.as_deref(), Some("Jo Ann"));
        assert_eq!(only_display.last_name.as_deref(), Some("Lee"));
    }

    #[test]
    fn error_answers_name_status_and_reason() {
        let body = br#"{"error":{"code":400,"message":"Sync token is expired.","status":"FAILED_PRECONDITION","details":[{"reason":"EXPIRED_SYNC_TOKEN"}]}}"#;
        let e = GoogleError::from_answer(StatusCode::BAD_REQUEST, body).into_error("/x");
        assert_eq!(e.code(), 90020151116002);
        assert_eq!(e.status(), 503);
        assert!(e.devmsg.contains("EXPIRED_SYNC_TOKEN"), "{}", e.devmsg);
        let e =
            GoogleError::from_answer(StatusCode::UNAUTHORIZED, b"\xff garbage").into_error("/x");
        assert_eq!(e.devmsg, "google rejected the access token (/x: 401)");
    }
}

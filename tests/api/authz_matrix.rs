//! The authorization matrix: for every route and method of the OpenAPI document, for each
//! role, on the caller's own resources and on another tenant's, the expected status. A route
//! without an entry here fails the test, and no successful answer to a customer_admin or a
//! user may carry another tenant's data.
//!
//! Tenant B's names, emails and device names all contain `tenant-b`, so a leak shows up as
//! that marker in an answer.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{json, Value};

use crate::common::*;

/// One entry a line: method, OpenAPI path, expected statuses, the statuses written
/// `<interact_admin own> <other> | <customer_admin own> <other> | <user own> <other>`;
/// `#` starts a comment line.
/// Aliases of the document's misspelled paths are listed too (the OpenAPI document has them).
const MATRIX: &str = r#"
    GET    /healthz                              200 200 | 200 200 | 200 200
    GET    /readyz                               200 200 | 200 200 | 200 200
    GET    /metrics                              200 200 | 200 200 | 200 200
    POST   /v2/login                             200 200 | 200 200 | 200 200
    POST   /v2/logout                            200 200 | 200 200 | 200 200
    GET    /v2/activities                        200 200 | 200 200 | 200 200
    POST   /v2/myAccount                         200 200 | 200 200 | 200 200
    # Users.
    PUT    /v2/admin/users                       201 201 | 201 404 | 403 403
    GET    /v2/admin/users                       200 200 | 200 200 | 403 403
    DELETE /v2/admin/users                       200 200 | 200 404 | 403 403
    GET    /v2/admin/users/{id}                  200 200 | 200 404 | 403 403
    POST   /v2/admin/users/{id}                  200 200 | 200 404 | 403 403
    DELETE /v2/admin/users/{id}                  200 200 | 200 404 | 403 403
    POST   /v2/admin/users/{id}/roles            200 200 | 200 404 | 403 403
    POST   /v2/admin/users/{id}/groups           200 200 | 200 404 | 403 403
    # Companies.
    PUT    /v2/admin/companies                   201 201 | 403 403 | 403 403
    GET    /v2/admin/companies                   200 200 | 200 200 | 403 403
    DELETE /v2/admin/companies                   200 200 | 403 403 | 403 403
    PUT    /v2/companies                         201 201 | 403 403 | 403 403
    GET    /v2/companies                         200 200 | 200 200 | 403 403
    DELETE /v2/companies                         200 200 | 403 403 | 403 403
    GET    /v2/admin/companies/{id}              200 200 | 200 404 | 403 403
    GET    /v2/admin/companies/{id}/groups       200 200 | 200 404 | 403 403
    GET    /v2/admin/companies/{id}/customFields 200 200 | 200 404 | 403 403
    GET    /v2/admin/company/{id}/customFields   200 200 | 200 404 | 403 403
    # Groups.
    PUT    /v2/admin/groups                      201 201 | 201 404 | 403 403
    DELETE /v2/admin/groups                      200 200 | 200 404 | 403 403
    GET    /v2/admin/groups/{id}                 200 200 | 200 404 | 403 403
    POST   /v2/admin/groups/{id}                 200 200 | 200 404 | 403 403
    DELETE /v2/admin/groups/{id}                 200 200 | 200 404 | 403 403
    GET    /v2/admin/group/{id}                  200 200 | 200 404 | 403 403
    POST   /v2/admin/group/{id}                  200 200 | 200 404 | 403 403
    DELETE /v2/admin/group/{id}                  200 200 | 200 404 | 403 403
    # Custom fields.
    PUT    /v2/admin/customFields                201 201 | 201 404 | 403 403
    GET    /v2/admin/customFields                200 200 | 200 404 | 403 403
    DELETE /v2/admin/customFields                200 200 | 200 404 | 403 403
    PUT    /v2/customFields                      201 201 | 201 404 | 403 403
    GET    /v2/customFields                      200 200 | 200 404 | 403 403
    DELETE /v2/customFields                      200 200 | 200 404 | 403 403
    GET    /v2/admin/customFields/{id}           200 200 | 200 404 | 403 403
    POST   /v2/admin/customFields/{id}           200 200 | 200 404 | 403 403
    # Devices and trigger devices: every user's own, whatever the role.
    PUT    /v2/devices                           201 201 | 201 201 | 201 201
    GET    /v2/devices                           200 200 | 200 200 | 200 200
    POST   /v2/devices/{id}                      200 404 | 200 404 | 200 404
    DELETE /v2/devices/{id}                      200 404 | 200 404 | 200 404
    PUT    /v2/triggerDevices                    201 201 | 201 201 | 201 201
    GET    /v2/triggerDevices                    200 404 | 200 404 | 200 404
    # Contacts, tags and basicInfos: every user's own CRM data, whatever the role.
    PUT    /v2/contacts                          201 201 | 201 201 | 201 201
    GET    /v2/contacts                          200 200 | 200 200 | 200 200
    DELETE /v2/contacts                          200 404 | 200 404 | 200 404
    GET    /v2/contacts/{id}                     200 404 | 200 404 | 200 404
    POST   /v2/contacts/{id}                     200 404 | 200 404 | 200 404
    DELETE /v2/contacts/{id}                     200 404 | 200 404 | 200 404
    GET    /v2/contacts/{id}/contacts            200 404 | 200 404 | 200 404
    GET    /v2/contacts/{id}/profiles            200 404 | 200 404 | 200 404
    GET    /v2/contacts/{id}/searchTerms         200 404 | 200 404 | 200 404
    GET    /v2/contacts/{id}/tags                200 404 | 200 404 | 200 404
    GET    /v2/tags                              200 200 | 200 200 | 200 200
    # Cleanup, merge and share (the part after `?` names the extended function; the route is
    # the path before it). Merge "other" names tenant B's contact in contactIds; share
    # "other" shares tenant B's contact. The interact_admin belongs to no company, so has no
    # group to share with.
    GET    /v2/cleanup?cmd=getDuplicates         200 200 | 200 200 | 200 200
    GET    /v2/cleanup?cmd=getConflicts          200 200 | 200 200 | 200 200
    POST   /v2/contacts?cmd=merge                200 404 | 200 404 | 200 404
    POST   /v2/contacts/{id}?cmd=share           403 404 | 200 404 | 200 404
    PUT    /v2/basicInfos                        201 201 | 201 201 | 201 201
    POST   /v2/basicInfos/{id}                   200 404 | 200 404 | 200 404
    # Canvass interactions: by security group; the interact_admin, in no group, has no reach.
    # "Other" creates name tenant B's group.
    POST   /v2/interactions                      403 403 | 201 403 | 201 403
    # Notes and deals: every user's own CRM data, whatever the role.
    PUT    /v2/notes                             201 201 | 201 201 | 201 201
    GET    /v2/notes                             200 200 | 200 200 | 200 200
    DELETE /v2/notes                             200 404 | 200 404 | 200 404
    POST   /v2/notes/{id}                        200 404 | 200 404 | 200 404
    DELETE /v2/notes/{id}                        200 404 | 200 404 | 200 404
    GET    /v2/contacts/{id}/notes               200 404 | 200 404 | 200 404
    PUT    /v2/deals                             201 201 | 201 201 | 201 201
    GET    /v2/deals                             200 200 | 200 200 | 200 200
    DELETE /v2/deals                             200 404 | 200 404 | 200 404
    GET    /v2/deals/{id}                        200 404 | 200 404 | 200 404
    POST   /v2/deals/{id}                        200 404 | 200 404 | 200 404
    DELETE /v2/deals/{id}                        200 404 | 200 404 | 200 404
    GET    /v2/deal/{id}                         200 404 | 200 404 | 200 404
    POST   /v2/deal/{id}                         200 404 | 200 404 | 200 404
    DELETE /v2/deal/{id}                         200 404 | 200 404 | 200 404
    GET    /v2/contacts/{id}/deals               200 404 | 200 404 | 200 404
    # Tasks and task lists: every user's own CRM data, whatever the role.
    PUT    /v2/tasks                             201 404 | 201 404 | 201 404
    GET    /v2/tasks                             200 200 | 200 200 | 200 200
    DELETE /v2/tasks                             200 404 | 200 404 | 200 404
    GET    /v2/tasks/{id}                        200 404 | 200 404 | 200 404
    POST   /v2/tasks/{id}                        200 404 | 200 404 | 200 404
    DELETE /v2/tasks/{id}                        200 404 | 200 404 | 200 404
    GET    /v2/contacts/{id}/tasks               200 404 | 200 404 | 200 404
    PUT    /v2/taskLists                         201 201 | 201 201 | 201 201
    GET    /v2/taskLists                         200 200 | 200 200 | 200 200
    GET    /v2/taskLists/{id}                    200 404 | 200 404 | 200 404
    POST   /v2/taskLists/{id}                    200 404 | 200 404 | 200 404
    DELETE /v2/taskLists/{id}                    200 404 | 200 404 | 200 404
    GET    /v2/tasksLists/{id}                   200 404 | 200 404 | 200 404
    POST   /v2/tasksLists/{id}                   200 404 | 200 404 | 200 404
    DELETE /v2/tasksLists/{id}                   200 404 | 200 404 | 200 404
    GET    /v2/interactions                      200 200 | 200 200 | 200 200
    GET    /v2/interactions/{id}                 404 404 | 200 404 | 200 404
    PATCH  /v2/interactions/{id}                 404 404 | 200 404 | 200 404
    DELETE /v2/interactions/{id}                 404 404 | 204 404 | 204 404
    # Interact.io interactions: every user's own. The trigger authenticates by its
    # `triggerToken`; "other" is tenant B's trigger token naming the caller as receiver.
    PUT    /v2/interactions                      201 403 | 201 403 | 201 403
    # Sync with the caller's own device; "other" names tenant B's device.
    GET    /v2/sync                              200 403 | 200 403 | 200 403
    # Import: into the caller's own contacts; "other" imports an account tenant B imported
    # before (the caller gets contacts of their own).
    POST   /v2/import                            200 200 | 200 200 | 200 200
    POST   /v2/interactions/{id}                 200 404 | 200 404 | 200 404
    GET    /v2/contacts/{id}/interactions        200 404 | 200 404 | 200 404
    # Pictures: every user's own, whatever the role. "Other" uploads to tenant B's contact.
    PUT    /v2/pictures                          201 404 | 201 404 | 201 404
    DELETE /v2/pictures                          200 404 | 200 404 | 200 404
    GET    /v2/pictures/{id}                     200 404 | 200 404 | 200 404
    POST   /v2/pictures/{id}                     200 404 | 200 404 | 200 404
    DELETE /v2/pictures/{id}                     200 404 | 200 404 | 200 404
    GET    /v2/pictures/{id}/raw                 200 404 | 200 404 | 200 404
    GET    /v2/contacts/{id}/pictures            200 404 | 200 404 | 200 404
"#;

/// The entries of `MATRIX`: (method, path, statuses).
fn matrix() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    MATRIX
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (method, rest) = l.split_once(' ').unwrap();
            let (path, expect) = rest.trim_start().split_once(' ').unwrap();
            (method, path, expect.trim())
        })
}

/// A 1×1 PNG.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    InteractAdmin,
    CustomerAdmin,
    User,
}

const ROLES: [Role; 3] = [Role::InteractAdmin, Role::CustomerAdmin, Role::User];

struct World {
    app: TestApp,
    ia: String,
    ca: String,
    user: String,
    emails: [String; 3],
    company_a: i64,
    company_b: i64,
    /// User B's login (the other tenant's user owning devices).
    b_user: String,
    /// The UUID of tenant B's security group.
    group_b_uuid: String,
    n: AtomicUsize,
}

impl World {
    async fn new() -> World {
        let app = TestApp::start().await;
        let ia = app.admin().await;
        let company_a = app.company(&ia, "tenant-a inc").await;
        let company_b = app.company(&ia, "tenant-b inc").await;
        let ca_a = app
            .user(
                &ia,
                "ca@tenant-a.test",
                Some(company_a),
                &["customer_admin"],
            )
            .await;
        let user_a = app
            .user(&ia, "user@tenant-a.test", Some(company_a), &["user"])
            .await;
        app.user(
            &ia,
            "ca@tenant-b.test",
            Some(company_b),
            &["customer_admin"],
        )
        .await;
        let user_b = app
            .user(&ia, "user@tenant-b.test", Some(company_b), &["user"])
            .await;
        // Canvass interactions are reached through security groups.
        let group_a = app.group(&ia, company_a, "tenant-a group").await;
        let group_b = app.group(&ia, company_b, "tenant-b group").await;
        for (user, group) in [(ca_a, group_a), (user_a, group_a), (user_b, group_b)] {
            let r = app
                .post(
                    &format!("/v2/admin/users/{user}/groups?cmd=add"),
                    &ia,
                    json!([group]),
                )
                .await;
            assert_eq!(r.status, 200, "{}", r.text());
        }
        let group_b_uuid = app
            .ctx
            .db
            .read(move |c| {
                use diesel::prelude::*;
                use interact_store::schema::groups;
                Ok(groups::table
                    .find(group_b)
                    .select(groups::uuid)
                    .first::<String>(c)?)
            })
            .await
            .unwrap();
        let ca = app.login("ca@tenant-a.test", PASSWORD).await;
        let user = app.login("user@tenant-a.test", PASSWORD).await;
        let b_user = app.login("user@tenant-b.test", PASSWORD).await;
        let r = app
            .put(
                "/v2/devices",
                &b_user,
                json!({"deviceId": "dGVuYW50LWI=", "name": "tenant-b phone"}),
            )
            .await;
        assert_eq!(r.status, 201);
        let r = app
            .put(
                "/v2/triggerDevices",
                &b_user,
                json!({"deviceId": "tenant-b-imei"}),
            )
            .await;
        assert_eq!(r.status, 201);
        World {
            app,
            ia,
            ca,
            user,
            emails: [
                ADMIN_EMAIL.to_string(),
                "ca@tenant-a.test".into(),
                "user@tenant-a.test".into(),
            ],
            company_a,
            company_b,
            b_user,
            group_b_uuid,
            n: AtomicUsize::new(0),
        }
    }

    fn token(&self, role: Role) -> &str {
        match role {
            Role::InteractAdmin => &self.ia,
            Role::CustomerAdmin => &self.ca,
            Role::User => &self.user,
        }
    }

    fn email(&self, role: Role) -> &str {
        &self.emails[role as usize]
    }

    fn fresh(&self) -> usize {
        self.n.fetch_add(1, Ordering::Relaxed)
    }

    fn company(&self, other: bool) -> i64 {
        if other {
            self.company_b
        } else {
            self.company_a
        }
    }

    fn tenant(&self, other: bool) -> &'static str {
        if other {
            "tenant-b"
        } else {
            "tenant-a"
        }
    }

    /// A new plain user of tenant A or B.
    async fn new_user(&self, other: bool) -> i64 {
        let email = format!("u{}@{}.test", self.fresh(), self.tenant(other));
        self.app
            .user(&self.ia, &email, Some(self.company(other)), &["user"])
            .await
    }

    async fn new_group(&self, other: bool) -> i64 {
        let name = format!("{} group {}", self.tenant(other), self.fresh());
        self.app.group(&self.ia, self.company(other), &name).await
    }

    async fn new_field(&self, other: bool) -> i64 {
        let r = self
            .app
            .put(
                "/v2/admin/customFields",
                &self.ia,
                json!({"name": format!("{} field {}", self.tenant(other), self.fresh()),
                       "companyId": self.company(other)}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()["entity"]["id"].as_i64().unwrap()
    }

    async fn new_device(&self, token: &str, other: bool) -> i64 {
        let raw = format!("{} device {}", self.tenant(other), self.fresh());
        let id = base64_of(raw.as_bytes());
        let r = self
            .app
            .put("/v2/devices", token, json!({"deviceId": id, "name": raw}))
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()["entity"]["id"].as_i64().unwrap()
    }

    /// A person owned by the holder of `token`; tenant B's carry the marker in their name.
    async fn new_contact(&self, token: &str, other: bool) -> (i64, i64) {
        let body = json!({
            "contactType": "person",
            "firstName": format!("{} person {}", self.tenant(other), self.fresh()),
            "basicInfos": [{"type": "phone", "value": "+49 30 1234567"}],
            "tags": [format!("{}-tag", self.tenant(other))],
        });
        let r = self.app.put("/v2/contacts", token, body).await;
        assert_eq!(r.status, 201, "{}", r.text());
        let e = &r.json()["entity"];
        (e["id"].as_i64().unwrap(), e["version"].as_i64().unwrap())
    }

    /// A note about a new contact of the holder of `token`, with tenant B's marker.
    async fn new_note(&self, token: &str, other: bool) -> i64 {
        let (c, _) = self.new_contact(token, other).await;
        let body = json!({"message": format!("{} note {}", self.tenant(other), self.fresh()),
                          "relatedTo": {"id": c, "type": "contact"}});
        let r = self.app.put("/v2/notes", token, body).await;
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()["entity"]["id"].as_i64().unwrap()
    }

    /// A deal of a new contact of the holder of `token`, with tenant B's marker.
    async fn new_deal(&self, token: &str, other: bool) -> i64 {
        let (c, _) = self.new_contact(token, other).await;
        let body = json!({"name": format!("{} deal {}", self.tenant(other), self.fresh()),
                          "value": 10, "currency": "USD", "relatedTo": {"id": c}});
        let r = self.app.put("/v2/deals", token, body).await;
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()["entity"]["id"].as_i64().unwrap()
    }

    /// A picture of a new contact of the holder of `token`.
    async fn new_picture(&self, token: &str, other: bool) -> i64 {
        let (c, _) = self.new_contact(token, other).await;
        let r = self
            .app
            .put(
                "/v2/pictures",
                token,
                json!({"contactId": c, "base64": PNG}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()["entity"]["id"].as_i64().unwrap()
    }

    /// A task list of the holder of `token`, with tenant B's marker.
    async fn new_task_list(&self, token: &str, other: bool) -> i64 {
        let body = json!({"title": format!("{} list {}", self.tenant(other), self.fresh())});
        let r = self.app.put("/v2/taskLists", token, body).await;
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()["entity"]["id"].as_i64().unwrap()
    }

    /// A task of the holder of `token` in a new list of theirs, about a new contact of
    /// theirs, with tenant B's marker; its id and the contact's.
    async fn new_task(&self, token: &str, other: bool) -> (i64, i64) {
        let (c, _) = self.new_contact(token, other).await;
        let l = self.new_task_list(token, other).await;
        let body = json!({"title": format!("{} task {}", self.tenant(other), self.fresh()),
                          "listId": l, "relatedTo": {"id": c, "type": "contact"},
                          "fuzzyDueDate": "tomorrow"});
        let r = self.app.put("/v2/tasks", token, body).await;
        assert_eq!(r.status, 201, "{}", r.text());
        (r.json()["entity"]["id"].as_i64().unwrap(), c)
    }

    async fn new_empty_company(&self) -> i64 {
        let name = format!("empty {}", self.fresh());
        self.app.company(&self.ia, &name).await
    }

    /// A canvass interaction in tenant A's group (created by A's user) or tenant B's; its
    /// id and etag.
    async fn new_canvass(&self, other: bool) -> (String, String) {
        let token = if other { &self.b_user } else { &self.user };
        let mut body = canvass_body();
        body["unavailableReason"] = json!(format!("{} reason", self.tenant(other)));
        let r = self.app.post("/v2/interactions", token, body).await;
        assert_eq!(r.status, 201, "{}", r.text());
        let b = r.json();
        (
            b["id"].as_str().unwrap().to_string(),
            b["meta"]["etag"].as_str().unwrap().to_string(),
        )
    }

    /// A trigger token of a new trigger device of the holder of `token`.
    async fn new_trigger_token(&self, token: &str, other: bool) -> String {
        let imei = format!("{}-trigger-{}", self.tenant(other), self.fresh());
        let r = self
            .app
            .put("/v2/triggerDevices", token, json!({ "deviceId": imei }))
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()["entity"]["triggerToken"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// An interact.io interaction of the holder of `token`, recorded by a trigger event.
    async fn new_interaction(&self, token: &str, other: bool) -> i64 {
        let trigger = self.new_trigger_token(token, other).await;
        let r = self
            .app
            .call_headers(
                "PUT",
                "/v2/interactions",
                None,
                Some(json!({"type": "call-incoming", "data": format!("0301234{}", self.fresh())})),
                &[("triggerToken".into(), trigger)],
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()["entity"]["id"].as_i64().unwrap()
    }

    /// The request for a route, a role and an ownership case, with any extra headers.
    async fn request_with_headers(
        &self,
        method: &str,
        path: &str,
        role: Role,
        other: bool,
    ) -> (String, Option<Value>, Option<String>, Vec<(String, String)>) {
        let token = Some(self.token(role).to_string());
        let with_id = |id: &str| path.replace("{id}", id);
        match (method, path) {
            ("POST", "/v2/interactions") => {
                let mut body = canvass_body();
                if other {
                    body["securityGroupId"] = json!(self.group_b_uuid.clone());
                }
                (path.into(), Some(body), token, vec![])
            }
            ("GET", "/v2/interactions") => {
                self.new_canvass(other).await;
                let q = "?skip=0&limit=100&sort=%2Fdata%2Fid&sort=ASC";
                (format!("{path}{q}"), None, token, vec![])
            }
            ("GET", "/v2/interactions/{id}") => {
                let (id, _) = self.new_canvass(other).await;
                (with_id(&id), None, token, vec![])
            }
            ("PATCH", "/v2/interactions/{id}") => {
                let (id, etag) = self.new_canvass(other).await;
                let body =
                    json!({"data": [{"op": "replace", "path": "/unavailable", "value": false}]});
                (with_id(&id), Some(body), token, vec![("etag".into(), etag)])
            }
            ("DELETE", "/v2/interactions/{id}") => {
                let (id, etag) = self.new_canvass(other).await;
                (with_id(&id), None, token, vec![("etag".into(), etag)])
            }
            ("PUT", "/v2/interactions") => {
                let owner = if other {
                    self.b_user.clone()
                } else {
                    self.token(role).to_string()
                };
                let trigger = self.new_trigger_token(&owner, other).await;
                let body = json!({"type": "sms-incoming", "data": "+49 171 5550000",
                                  "receiverId": self.email(role)});
                (
                    path.into(),
                    Some(body),
                    None,
                    vec![("triggerToken".into(), trigger)],
                )
            }
            ("GET", "/v2/sync") => {
                // A device only its holder has registered (tenant B's, for "other").
                let holder = if other {
                    self.b_user.clone()
                } else {
                    self.token(role).to_string()
                };
                let hex = format!("{:064x}", 0xabc0_0000 + self.fresh());
                let r = self
                    .app
                    .put(
                        "/v2/devices",
                        &holder,
                        json!({"deviceId": hex, "decoded": true, "name": "own"}),
                    )
                    .await;
                assert_eq!(r.status, 201, "{}", r.text());
                (format!("{path}?deviceId={hex}"), None, token, vec![])
            }
            ("POST", "/v2/import") => {
                let card = format!(
                    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:shared-{n}\r\nN:Imported;Person {n};;;\r\nEND:VCARD\r\n",
                    n = self.fresh()
                );
                let body = json!({"externalSystem": "vcard", "username": "shared.vcf",
                                  "content": card});
                if other {
                    let r = self
                        .app
                        .post("/v2/import?cmd=importContacts", &self.b_user, body.clone())
                        .await;
                    assert_eq!(r.status, 200, "{}", r.text());
                }
                (
                    format!("{path}?cmd=importContacts"),
                    Some(body),
                    token,
                    vec![],
                )
            }
            ("POST", "/v2/interactions/{id}") => {
                let owner = if other {
                    self.b_user.clone()
                } else {
                    self.token(role).to_string()
                };
                let id = self.new_interaction(&owner, other).await;
                let body = json!({"status": "answered", "duration": 42});
                (with_id(&id.to_string()), Some(body), token, vec![])
            }
            _ => {
                let (url, body, token) = self.request(method, path, role, other).await;
                (url, body, token, vec![])
            }
        }
    }

    /// The request for a route, a role and an ownership case: the path and the body.
    async fn request(
        &self,
        method: &str,
        path: &str,
        role: Role,
        other: bool,
    ) -> (String, Option<Value>, Option<String>) {
        let token = Some(self.token(role).to_string());
        let owner = if other {
            self.b_user.clone()
        } else {
            self.token(role).to_string()
        };
        let with_id = |id: i64| path.replace("{id}", &id.to_string());
        match (method, canonical(path).as_str()) {
            ("GET", "/healthz") | ("GET", "/readyz") | ("GET", "/metrics") => {
                (path.into(), None, None)
            }
            ("POST", "/v2/login") => {
                let email = if other {
                    "user@tenant-b.test"
                } else {
                    self.email(role)
                };
                let body = json!({"username": email, "password": PASSWORD, "scope": "csr"});
                (path.into(), Some(body), None)
            }
            ("POST", "/v2/logout") => {
                let email = if other {
                    "user@tenant-b.test"
                } else {
                    self.email(role)
                };
                let t = self.app.login(email, PASSWORD).await;
                (path.into(), Some(json!({ "authToken": t })), token)
            }
            ("GET", "/v2/activities") => (path.into(), None, token),
            ("POST", "/v2/myAccount") => {
                let email = if other {
                    "user@tenant-b.test"
                } else {
                    self.email(role)
                };
                (
                    format!("{path}?cmd=resetPwd"),
                    Some(json!({ "email": email })),
                    None,
                )
            }
            ("PUT", "/v2/admin/users") => {
                let email = format!("new{}@{}.test", self.fresh(), self.tenant(other));
                let body =
                    json!({"email": email, "password": PASSWORD, "companyId": self.company(other)});
                (path.into(), Some(body), token)
            }
            ("GET", "/v2/admin/users") => (path.into(), None, token),
            ("DELETE", "/v2/admin/users") => {
                let id = self.new_user(other).await;
                (format!("{path}?ids={id}"), None, token)
            }
            ("GET", "/v2/admin/users/{id}") => {
                let id = self.new_user(other).await;
                (with_id(id), None, token)
            }
            ("POST", "/v2/admin/users/{id}") => {
                let id = self.new_user(other).await;
                (with_id(id), Some(json!({"active": true})), token)
            }
            ("DELETE", "/v2/admin/users/{id}") => {
                let id = self.new_user(other).await;
                (with_id(id), None, token)
            }
            ("POST", "/v2/admin/users/{id}/roles") => {
                let id = self.new_user(other).await;
                (
                    format!("{}?cmd=add", with_id(id)),
                    Some(json!(["user"])),
                    token,
                )
            }
            ("POST", "/v2/admin/users/{id}/groups") => {
                let id = self.new_user(other).await;
                let g = self.new_group(other).await;
                (format!("{}?cmd=add", with_id(id)), Some(json!([g])), token)
            }
            ("PUT", "/v2/admin/companies") => (
                path.into(),
                Some(json!({"name": format!("new {}", self.fresh())})),
                token,
            ),
            ("GET", "/v2/admin/companies") => (path.into(), None, token),
            ("DELETE", "/v2/admin/companies") => {
                let id = self.new_empty_company().await;
                (format!("{path}?ids={id}"), None, token)
            }
            ("GET", "/v2/admin/companies/{id}")
            | ("GET", "/v2/admin/companies/{id}/groups")
            | ("GET", "/v2/admin/companies/{id}/customFields") => {
                (with_id(self.company(other)), None, token)
            }
            ("PUT", "/v2/admin/groups") => {
                let body = json!({"name": format!("{} new group", self.tenant(other)), "companyId": self.company(other)});
                (path.into(), Some(body), token)
            }
            ("DELETE", "/v2/admin/groups") => {
                let id = self.new_group(other).await;
                (format!("{path}?ids={id}"), None, token)
            }
            ("GET", "/v2/admin/groups/{id}") | ("DELETE", "/v2/admin/groups/{id}") => {
                let id = self.new_group(other).await;
                (with_id(id), None, token)
            }
            ("POST", "/v2/admin/groups/{id}") => {
                let id = self.new_group(other).await;
                let body = json!({"name": format!("{} renamed", self.tenant(other))});
                (with_id(id), Some(body), token)
            }
            ("PUT", "/v2/admin/customFields") => {
                let body = json!({"name": format!("{} new field {}", self.tenant(other), self.fresh()),
                                  "companyId": self.company(other)});
                (path.into(), Some(body), token)
            }
            ("GET", "/v2/admin/customFields") => {
                // The interact_admin has no company of their own: name it.
                let own = if role == Role::InteractAdmin {
                    format!("?companyId={}", self.company_a)
                } else {
                    String::new()
                };
                let q = if other {
                    format!("?companyId={}", self.company_b)
                } else {
                    own
                };
                (format!("{path}{q}"), None, token)
            }
            ("DELETE", "/v2/admin/customFields") => {
                let id = self.new_field(other).await;
                (format!("{path}?ids={id}"), None, token)
            }
            ("GET", "/v2/admin/customFields/{id}") => {
                let id = self.new_field(other).await;
                (with_id(id), None, token)
            }
            ("POST", "/v2/admin/customFields/{id}") => {
                let id = self.new_field(other).await;
                let body =
                    json!({"name": format!("{} renamed {}", self.tenant(other), self.fresh())});
                (with_id(id), Some(body), token)
            }
            ("PUT", "/v2/devices") => {
                // The same token another user registered is still the caller's to register.
                let raw = if other {
                    "dGVuYW50LWI=".to_string()
                } else {
                    base64_of(format!("own {}", self.fresh()).as_bytes())
                };
                (
                    path.into(),
                    Some(json!({"deviceId": raw, "name": "own"})),
                    token,
                )
            }
            ("GET", "/v2/devices") => (path.into(), None, token),
            ("POST", "/v2/devices/{id}") => {
                let id = self.new_device(&owner, other).await;
                (with_id(id), Some(json!({"name": "renamed"})), token)
            }
            ("DELETE", "/v2/devices/{id}") => {
                let id = self.new_device(&owner, other).await;
                (with_id(id), None, token)
            }
            ("PUT", "/v2/triggerDevices") => {
                let imei = if other {
                    "tenant-b-imei".to_string()
                } else {
                    format!("own-imei-{}", self.fresh())
                };
                (path.into(), Some(json!({ "deviceId": imei })), token)
            }
            ("GET", "/v2/triggerDevices") => {
                let imei = format!("{}-imei-{}", self.tenant(other), self.fresh());
                let r = self
                    .app
                    .put("/v2/triggerDevices", &owner, json!({ "deviceId": imei }))
                    .await;
                assert_eq!(r.status, 201);
                (format!("{path}?deviceId={imei}"), None, token)
            }
            ("PUT", "/v2/contacts") => {
                let body = json!({"contactType": "organization",
                                  "organizationName": format!("own org {}", self.fresh())});
                (path.into(), Some(body), token)
            }
            ("GET", "/v2/contacts") | ("GET", "/v2/tags") => {
                // Tenant B's data exists: it must not show in the caller's list.
                self.new_contact(&owner, other).await;
                (path.into(), None, token)
            }
            ("DELETE", "/v2/contacts") => {
                let (id, _) = self.new_contact(&owner, other).await;
                (format!("{path}?ids={id}"), None, token)
            }
            ("GET", "/v2/contacts/{id}")
            | ("DELETE", "/v2/contacts/{id}")
            | ("GET", "/v2/contacts/{id}/contacts")
            | ("GET", "/v2/contacts/{id}/profiles")
            | ("GET", "/v2/contacts/{id}/searchTerms")
            | ("GET", "/v2/contacts/{id}/tags")
            | ("GET", "/v2/contacts/{id}/interactions") => {
                let (id, _) = self.new_contact(&owner, other).await;
                (with_id(id), None, token)
            }
            ("POST", "/v2/contacts/{id}") => {
                let (id, version) = self.new_contact(&owner, other).await;
                let body = json!({"version": version, "hot": true});
                (with_id(id), Some(body), token)
            }
            ("GET", "/v2/cleanup?cmd=getDuplicates") => {
                // Tenant B holds the same number twice: it must not show in the caller's list.
                self.new_contact(&owner, other).await;
                self.new_contact(&owner, other).await;
                (path.into(), None, token)
            }
            ("GET", "/v2/cleanup?cmd=getConflicts") => {
                self.new_contact(&owner, other).await;
                (format!("{path}&value=030%201234567"), None, token)
            }
            ("POST", "/v2/contacts?cmd=merge") => {
                let (target, version) = self.new_contact(self.token(role), false).await;
                let (merged, _) = self.new_contact(&owner, other).await;
                let body = json!({"contactIds": [merged], "importContactIds": [],
                                  "contact": {"id": target, "version": version, "hot": true}});
                (path.into(), Some(body), token)
            }
            ("POST", "/v2/contacts/{id}?cmd=share") => {
                let (id, _) = self.new_contact(&owner, other).await;
                let company_a = self.company_a;
                let group_a = self
                    .app
                    .ctx
                    .db
                    .read(move |c| interact_store::groups::of_company(c, company_a))
                    .await
                    .unwrap()
                    .into_iter()
                    .find(|g| g.name == "tenant-a group")
                    .unwrap()
                    .id;
                (
                    format!("{}&groups={group_a}", with_id(id)),
                    Some(json!({})),
                    token,
                )
            }
            ("PUT", "/v2/basicInfos") => {
                let body = json!({"type": "phone", "value": format!("0301234{}", self.fresh()), "excluded": true});
                (path.into(), Some(body), token)
            }
            ("POST", "/v2/basicInfos/{id}") => {
                let body = json!({"type": "phone", "value": format!("0307654{}", self.fresh())});
                let r = self.app.put("/v2/basicInfos", &owner, body).await;
                assert_eq!(r.status, 201, "{}", r.text());
                let id = r.json()["entity"]["id"].as_i64().unwrap();
                (with_id(id), Some(json!({"excluded": true})), token)
            }
            ("PUT", "/v2/notes") => {
                let (c, _) = self.new_contact(self.token(role), false).await;
                let body = json!({"message": "own note", "relatedTo": {"id": c}});
                (path.into(), Some(body), token)
            }
            ("GET", "/v2/notes") => {
                self.new_note(&owner, other).await;
                (path.into(), None, token)
            }
            ("DELETE", "/v2/notes") => {
                let id = self.new_note(&owner, other).await;
                (format!("{path}?ids={id}"), None, token)
            }
            ("POST", "/v2/notes/{id}") => {
                let id = self.new_note(&owner, other).await;
                (with_id(id), Some(json!({"message": "changed"})), token)
            }
            ("DELETE", "/v2/notes/{id}") => {
                let id = self.new_note(&owner, other).await;
                (with_id(id), None, token)
            }
            ("GET", "/v2/contacts/{id}/notes") | ("GET", "/v2/contacts/{id}/deals") => {
                let (c, _) = self.new_contact(&owner, other).await;
                self.new_note(&owner, other).await;
                self.new_deal(&owner, other).await;
                (with_id(c), None, token)
            }
            ("PUT", "/v2/deals") => {
                let body = json!({"name": format!("own deal {}", self.fresh()), "currency": "EUR"});
                (path.into(), Some(body), token)
            }
            ("GET", "/v2/deals") => {
                self.new_deal(&owner, other).await;
                (path.into(), None, token)
            }
            ("DELETE", "/v2/deals") => {
                let id = self.new_deal(&owner, other).await;
                (format!("{path}?ids={id}"), None, token)
            }
            ("GET", "/v2/deals/{id}") | ("DELETE", "/v2/deals/{id}") => {
                let id = self.new_deal(&owner, other).await;
                (with_id(id), None, token)
            }
            ("POST", "/v2/deals/{id}") => {
                let id = self.new_deal(&owner, other).await;
                (with_id(id), Some(json!({"stage": "won"})), token)
            }
            ("PUT", "/v2/pictures") => {
                let (c, _) = self.new_contact(&owner, other).await;
                (
                    path.into(),
                    Some(json!({"contactId": c, "base64": PNG})),
                    token,
                )
            }
            ("DELETE", "/v2/pictures") => {
                let id = self.new_picture(&owner, other).await;
                (format!("{path}?ids={id}"), None, token)
            }
            ("GET", "/v2/pictures/{id}")
            | ("DELETE", "/v2/pictures/{id}")
            | ("GET", "/v2/pictures/{id}/raw") => {
                let id = self.new_picture(&owner, other).await;
                (with_id(id), None, token)
            }
            ("POST", "/v2/pictures/{id}") => {
                let id = self.new_picture(&owner, other).await;
                (with_id(id), Some(json!({"base64": PNG})), token)
            }
            ("GET", "/v2/contacts/{id}/pictures") => {
                let (c, _) = self.new_contact(&owner, other).await;
                let r = self
                    .app
                    .put(
                        "/v2/pictures",
                        &owner,
                        json!({"contactId": c, "base64": PNG}),
                    )
                    .await;
                assert_eq!(r.status, 201, "{}", r.text());
                (with_id(c), None, token)
            }
            ("PUT", "/v2/tasks") => {
                // "Other" names tenant B's contact and task list: both answer 404.
                let (c, _) = self.new_contact(&owner, other).await;
                let l = self.new_task_list(&owner, other).await;
                let body = json!({"title": "own task", "listId": l, "relatedTo": {"id": c}});
                (path.into(), Some(body), token)
            }
            ("GET", "/v2/tasks") | ("GET", "/v2/taskLists") => {
                // Tenant B's tasks exist: they must not show in the caller's lists.
                self.new_task(&owner, other).await;
                (path.into(), None, token)
            }
            ("DELETE", "/v2/tasks") => {
                let (id, _) = self.new_task(&owner, other).await;
                (format!("{path}?ids={id}"), None, token)
            }
            ("GET", "/v2/tasks/{id}") | ("DELETE", "/v2/tasks/{id}") => {
                let (id, _) = self.new_task(&owner, other).await;
                (with_id(id), None, token)
            }
            ("POST", "/v2/tasks/{id}") => {
                let (id, _) = self.new_task(&owner, other).await;
                (with_id(id), Some(json!({"status": "completed"})), token)
            }
            ("GET", "/v2/contacts/{id}/tasks") => {
                let (_, c) = self.new_task(&owner, other).await;
                (with_id(c), None, token)
            }
            ("PUT", "/v2/taskLists") => {
                let body = json!({"title": format!("own list {}", self.fresh())});
                (path.into(), Some(body), token)
            }
            ("GET", "/v2/taskLists/{id}") | ("DELETE", "/v2/taskLists/{id}") => {
                let (t, _) = self.new_task(&owner, other).await;
                let r = self.app.get(&format!("/v2/tasks/{t}"), &owner).await;
                let l = r.json()["listId"].as_i64().unwrap();
                (with_id(l), None, token)
            }
            ("POST", "/v2/taskLists/{id}") => {
                let l = self.new_task_list(&owner, other).await;
                (with_id(l), Some(json!({"title": "renamed list"})), token)
            }
            other => panic!("the matrix has an entry without a request: {other:?}"),
        }
    }
}

/// The path an alias stands for.
fn canonical(path: &str) -> String {
    interact_api::routes::endpoints()
        .into_iter()
        .find(|e| e.aliases.contains(&path))
        .map_or_else(|| path.to_string(), |e| e.path)
}

/// The canvass document's example create body.
fn canvass_body() -> Value {
    json!({
        "campaignId": "61fbfbaa-5de8-4d17-ac2b-c47f2376265a",
        "contactId": "0478dbbf-b6eb-4168-afa9-5ebab6fef4b6",
        "householdId": "c15e3515-aabf-42da-8d1b-31679f738eae",
        "contactHouseholdId": "d070b1dc-9611-4f29-9300-a32160d21baa",
        "timestamp": "2018-07-17T18:40:53.526Z",
        "unavailable": true,
        "survey": {"surveyId": "375d437b-3b47-4940-b43d-be8daec4afff"}
    })
}

fn base64_of(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn parse_expectations(s: &str) -> [[u16; 2]; 3] {
    let mut out = [[0; 2]; 3];
    for (i, part) in s.split('|').enumerate() {
        let nums: Vec<u16> = part
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect();
        out[i] = [nums[0], nums[1]];
    }
    out
}

#[actix_rt::test]
async fn every_route_has_an_entry_and_answers_as_expected() {
    let w = World::new().await;
    let doc = w
        .app
        .call("GET", "/v2/openapi.json", None, None)
        .await
        .json();
    let mut routes = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["get", "put", "post", "delete", "patch"] {
            if item.get(method).is_some() {
                routes.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    // An entry's path may name an extended function after `?`; its route is the part before.
    let listed: BTreeSet<(String, String)> = matrix()
        .map(|(m, p, _)| (m.to_string(), p.split('?').next().unwrap_or(p).to_string()))
        .collect();
    let missing: Vec<_> = routes.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "routes without an entry in the authorization matrix: {missing:?}"
    );
    let stale: Vec<_> = listed.difference(&routes).collect();
    assert!(stale.is_empty(), "matrix entries of no route: {stale:?}");

    let mut failures = Vec::new();
    for (method, path, expect) in matrix() {
        let expect = parse_expectations(expect);
        for role in ROLES {
            for other in [false, true] {
                let (url, body, token, headers) =
                    w.request_with_headers(method, path, role, other).await;
                // An answer that echoes what the caller sent (a login with B's credentials,
                // a registration naming B's device) is not a leak.
                let sent_marker = url.contains("tenant-b")
                    || body
                        .as_ref()
                        .is_some_and(|b| b.to_string().contains("tenant-b"));
                let r = w
                    .app
                    .call_headers(method, &url, token.as_deref(), body, &headers)
                    .await;
                let want = expect[role as usize][other as usize];
                let case = format!(
                    "{role:?} {} {method} {url}",
                    if other { "other" } else { "own" }
                );
                if r.status != want {
                    failures.push(format!("{case}: {} (want {want}): {}", r.status, r.text()));
                    continue;
                }
                if r.status >= 400 {
                    let b = r.json();
                    assert_eq!(b["code"], r.status, "{case}");
                    assert_eq!(b["error"].as_u64().unwrap().to_string().len(), 14, "{case}");
                }
                // Only the interact_admin administers every tenant; CRM data (devices) is
                // nobody else's, whatever the role.
                let is_admin_route = path.contains("/admin/")
                    || path.starts_with("/v2/companies")
                    || path.starts_with("/v2/customFields");
                let may_see_b = role == Role::InteractAdmin && is_admin_route;
                let leaks =
                    !may_see_b && r.status < 300 && r.text().contains("tenant-b") && !sent_marker;
                if leaks {
                    failures.push(format!(
                        "{case}: answer carries tenant B's data: {}",
                        r.text()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

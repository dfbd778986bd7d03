//! Contacts (2.5.3.1.2–2.5.3.1.11, 2.5.3.1.24, .25, .27).

use actix_web::guard::GuardContext;
use actix_web::{HttpRequest, web};
use interact_domain::cleanup::MergeRequest;
use interact_domain::contacts::{Contact, ContactList, ContactRequest, Profiles, Projected, Projection};
use interact_domain::{Created, Deleted, ErrorBody, ListPage, Updated};
use interact_errors::{Action, Detail, Error, Exception, Realm};
use interact_service::merge::{self, MergeInput};
use interact_service::{contacts, ids, share};
use serde::Deserialize;
use serde_json::Value;

use crate::extract::{App, Auth, CmdQuery, Id, Ids, Json, Paging};
use crate::respond::{self, Reply};

/// The query parameters of the contact endpoints (others, such as `offset`, `limit`,
/// `callback` and `authToken`, are read by their own extractors).
#[derive(Debug, Default, Deserialize)]
pub struct ContactQuery {
    pub projection: Option<String>,
    pub q: Option<String>,
    pub ids: Option<String>,
}

/// Reads `projection`; an unknown one is a 400 naming the parameter.
pub fn projection(req: &HttpRequest, query: &ContactQuery) -> Result<Projection, Error> {
    Projection::parse(query.projection.as_deref()).map_err(|msg| {
        let (action, realm) = crate::routes::context(req);
        Error::new(
            Exception::InvalidData,
            action,
            realm,
            Detail::InvalidParameter,
            msg,
        )
    })
}

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![
        crate::endpoint!(create_contact, Action::Create, Realm::Contacts),
        crate::endpoint!(list_contacts, Action::View, Realm::Contacts),
        crate::endpoint!(delete_contacts, Action::Delete, Realm::Contacts),
        crate::endpoint!(merge_contacts, Action::Merge, Realm::Contacts),
        crate::endpoint!(get_contact, Action::View, Realm::Contacts),
        crate::endpoint!(update_contact, Action::Edit, Realm::Contacts),
        crate::endpoint!(share_contact, Action::Edit, Realm::Contacts).guard(has_cmd),
        crate::endpoint!(delete_contact, Action::Delete, Realm::Contacts),
        crate::endpoint!(related_contacts, Action::View, Realm::ContactRelations),
        crate::endpoint!(contact_profiles, Action::View, Realm::ContactProfiles),
        crate::endpoint!(contact_search_terms, Action::View, Realm::ContactSearchTerms),
        crate::endpoint!(contact_tags, Action::View, Realm::ContactTags),
    ]
}

// `PUT /v2/contacts`: create a person or organization.
/// Create a person or organization contact (2.5.3.1.2, 2.5.3.1.3). A person needs
/// `firstName` or `lastName`, an organization `organizationName`.
#[utoipa::path(put, path = "/v2/contacts", tag = "contacts",
    request_body = ContactRequest,
    responses(
        (status = 201, body = Created<Contact>),
        (status = 400, description = "invalid or missing attribute (the devmsg names it)", body = ErrorBody),
        (status = 404, description = "a basicInfo id or relatedTo id that is not the caller's", body = ErrorBody),
        (status = 409, description = "a relatedTo id names a contact of the same type (a person relates to organizations, an organization to persons), or a basicInfo id names one of another contact (9301)", body = ErrorBody),
    ))]
pub async fn create_contact(ctx: App, auth: Auth, body: Json<ContactRequest>) -> Reply {
    Ok(respond::created(
        contacts::create(&ctx, &auth, body.0).await?,
    ))
}

// `GET /v2/contacts`: a page of contacts, or a search.
/// Retrieve a list of contacts (2.5.3.1.4), in ascending id order; with `q`, the contacts
/// whose search terms start with every word of it.
#[utoipa::path(get, path = "/v2/contacts", tag = "contacts",
    params(
        ("projection" = Option<String>, Query, description = "thin, base (default) or flat", pattern = "^(thin|base|flat)?$"),
        ("offset" = Option<i64>, Query, description = "index of the first contact (default 0)"),
        ("limit" = Option<i64>, Query, description = "most contacts to return (default: all)"),
        ("q" = Option<String>, Query, description = "search: words matched as prefixes of search terms"),
    ),
    responses(
        (status = 200, body = ListPage<Projected>),
        (status = 400, description = "bad projection, offset, limit or q", body = ErrorBody),
    ))]
pub async fn list_contacts(
    ctx: App,
    auth: Auth,
    req: HttpRequest,
    paging: Paging,
    query: web::Query<ContactQuery>,
) -> Reply {
    let projection = projection(&req, &query)?;
    let query = query.into_inner();
    Ok(respond::ok(
        contacts::list(&ctx, &auth, projection, paging.0, query.q).await?,
    ))
}

// `DELETE /v2/contacts?ids=…`: delete several contacts, all or none.
/// Delete the contacts with the given ids (2.5.3.1.10): all of them, or none if any is not
/// the caller's (404 naming it).
#[utoipa::path(delete, path = "/v2/contacts", tag = "contacts",
    params(Ids),
    responses(
        (status = 200, body = Deleted),
        (status = 400, description = "ids missing or not integers", body = ErrorBody),
        (status = 404, description = "an id is not a contact of the caller; nothing was deleted", body = ErrorBody),
    ))]
pub async fn delete_contacts(ctx: App, auth: Auth, query: web::Query<ContactQuery>) -> Reply {
    let ids = ids::parse(query.ids.as_deref(), Realm::Contacts)?;
    contacts::delete_many(&ctx, &auth, ids).await?;
    Ok(respond::deleted())
}

// `POST /v2/contacts?cmd=merge`: merge contacts and import contacts into one contact.
fn merge_error(ex: Exception, detail: Detail, msg: String) -> Error {
    Error::new(ex, Action::Merge, Realm::Contacts, detail, msg)
}

/// Reads `contact`: its `id` (absent or `null`: the contact is created) and the rest as the
/// body of a contact create or update; errors name the field (`contact.basicInfos[0].type`).
fn read_contact(contact: Option<Value>) -> Result<(Option<i64>, ContactRequest), Error> {
    let contact = match contact {
        Some(Value::Object(o)) => o,
        Some(Value::Null) | None => {
            return Err(merge_error(
                Exception::MissingData,
                Detail::MissingValue,
                "contact is required: the merged contact (with id and version to update one)"
                    .into(),
            ))
        }
        Some(_) => {
            return Err(merge_error(
                Exception::InvalidData,
                Detail::InvalidValue,
                "contact must be an object".into(),
            ))
        }
    };
    let id = match contact.get("id") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            crate::extract::as_integer(v)
                .filter(|i| *i > 0)
                .ok_or_else(|| {
                    merge_error(
                        Exception::InvalidData,
                        Detail::InvalidValue,
                        "contact.id must be a contact id (an integer)".into(),
                    )
                })?,
        ),
    };
    let read = |v: &Value| {
        serde_path_to_error::deserialize::<_, ContactRequest>(crate::extract::Objects(v))
    };
    let contact = Value::Object(contact);
    // As for a whole body (`extract::json::parse`): `49.0` where an integer is read is 49.
    let req = match read(&contact) {
        Err(e)
            if e.inner()
                .to_string()
                .contains("invalid type: floating point") =>
        {
            match crate::extract::integral(contact) {
                Some(v) => read(&v),
                None => Err(e),
            }
        }
        other => other,
    };
    let req = req.map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let at = if path == "." {
            "contact".to_string()
        } else {
            format!("contact.{path}")
        };
        merge_error(
            Exception::InvalidData,
            Detail::InvalidValue,
            format!("{at}: {inner}"),
        )
    })?;
    Ok((id, req))
}

/// Merge contact data (2.5.3.2.7). `contact` is the merged result: without `id` it is
/// created, with `id` and `version` it is updated exactly like `POST /v2/contacts/{id}` (a
/// stale version is a 409). In one transaction the deals, notes, interactions, tasks and
/// pictures of the contacts in `contactIds` move to it, those contacts are deleted (sync
/// answers their tombstones) and the import contacts in `importContactIds` are deleted.
/// basicInfos of merged contacts that `contact.basicInfos` lists by id move to it with their
/// ids. Every contact in `contactIds` must be of the resulting contact's type; at least one
/// of the two lists must name a contact.
#[utoipa::path(post, path = "/v2/contacts", tag = "contacts",
    params(("cmd" = String, Query, description = "merge", pattern = "^merge$")),
    request_body = MergeRequest,
    responses(
        (status = 200, body = Updated<Contact>),
        (status = 400, description = "unknown cmd, missing contact, empty lists, the target among contactIds, invalid contact attribute", body = ErrorBody),
        (status = 404, description = "a contact id, import contact id or contact.id that is not the caller's", body = ErrorBody),
        (status = 409, description = "version conflict, a contact in contactIds of the other type, or a relatedTo id that names a contact of the same type", body = ErrorBody),
    ))]
pub async fn merge_contacts(
    ctx: App,
    auth: Auth,
    query: web::Query<CmdQuery>,
    body: Json<MergeRequest>,
) -> Reply {
    match query.cmd.as_deref() {
        Some("merge") => {}
        other => {
            let msg = match other {
                Some(c) => format!("cmd {c:?} is not merge"),
                None => "cmd is required: POST /v2/contacts?cmd=merge".into(),
            };
            return Err(merge_error(
                Exception::InvalidData,
                Detail::InvalidParameter,
                msg,
            ));
        }
    }
    let body = body.0;
    let (target, contact) = read_contact(body.contact)?;
    let input = MergeInput {
        contact_ids: body.contact_ids.unwrap_or_default(),
        import_contact_ids: body.import_contact_ids.unwrap_or_default(),
        target,
        contact,
    };
    let merged = merge::merge(&ctx, &auth, input).await?;
    Ok(respond::updated(merged.contact))
}

// `GET /v2/contacts/:id`: one contact in a projection.
/// Retrieve a person or organization contact (2.5.3.1.6, 2.5.3.1.7).
#[utoipa::path(get, path = "/v2/contacts/{id}", tag = "contacts",
    params(
        ("id" = i64, Path, description = "contact id"),
        ("projection" = Option<String>, Query, description = "thin, base (default) or flat", pattern = "^(thin|base|flat)?$"),
    ),
    responses(
        (status = 200, body = Projected),
        (status = 400, description = "id not an integer or bad projection", body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ))]
pub async fn get_contact(
    ctx: App,
    auth: Auth,
    req: HttpRequest,
    id: Id,
    query: web::Query<ContactQuery>,
) -> Reply {
    let projection = projection(&req, &query)?;
    Ok(respond::ok(
        contacts::get(&ctx, &auth, *id, projection).await?,
    ))
}

// `POST /v2/contacts/:id`: update a contact, checking its version.
/// Update a person or organization contact (2.5.3.1.8, 2.5.3.1.9). `version` must be the
/// stored one (another one, or none, is a 409); lists given replace the stored ones. With a
/// `cmd` parameter the request is the share (`share_contact`).
#[utoipa::path(post, path = "/v2/contacts/{id}", tag = "contacts",
    params(
        ("id" = i64, Path, description = "contact id"),
    ),
    request_body = ContactRequest,
    responses(
        (status = 200, body = Updated<Contact>),
        (status = 400, description = "invalid or missing attribute", body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
        (status = 409, description = "version conflict (also without version), another contactType than the stored one, a relatedTo id that names a contact of the same type, or a basicInfo of another contact (9301)", body = ErrorBody),
    ))]
pub async fn update_contact(
    ctx: App,
    auth: Auth,
    id: Id,
    body: Json<Option<ContactRequest>>,
) -> Reply {
    // `null` (the share's documented body, on the same operation) names nothing, no version
    // either: the update answers it as `{}`.
    let req = body.0.unwrap_or_default();
    Ok(respond::updated(
        contacts::update(&ctx, &auth, *id, req).await?,
    ))
}

// `POST /v2/contacts/:id?cmd=share&groups=…`: share a contact with groups.
/// The share's body: the merged operation's (the update's, or `null`), checked as the
/// document's schema states it and otherwise not read. (An alias, so that the OpenAPI derive
/// does not take it for a second body of the operation.)
type ShareBody = Json<Option<ContactRequest>>;

#[derive(Debug, Deserialize)]
pub struct ShareQuery {
    pub cmd: Option<String>,
    pub groups: Option<String>,
}

/// `POST /v2/contacts/{id}` with a `cmd` parameter runs an extended function (only `share`);
/// without one it is the contact update. A `groups` parameter, which only `cmd=share` reads,
/// comes here too, so that it is refused without `cmd=share` rather than ignored.
pub fn has_cmd(ctx: &GuardContext) -> bool {
    let query = ctx.head().uri.query().unwrap_or("");
    query
        .split('&')
        .any(|kv| matches!(kv.split('=').next(), Some("cmd" | "groups")))
}

/// Share a contact with groups (2.5.3.2.8), on `POST /v2/contacts/{id}?cmd=share&groups=12,32`
/// with the body the operation has (the document's Data: `{}` or `null`), which is checked
/// like the update's but not read; none at all is a 400, as for the update. Every active member
/// of the groups, and the sharer, receives a shallow copy: the contact's data without related
/// entities. The groups must be the sharer's company's (else 403). Answers the sharer's copy,
/// which has a new id.
/// It shares path and method with the contact update: the route table sends requests with a
/// `cmd` here, and the document merges the two into one operation.
#[utoipa::path(post, path = "/v2/contacts/{id}", tag = "contacts",
    params(
        ("id" = i64, Path, description = "contact id"),
        ("cmd" = String, Query, description = "share: share the contact instead of updating it", pattern = "^share$"),
        ("groups" = String, Query, description = "cmd=share: ids of groups of the caller's company, e.g. 12,32"),
    ),
    responses(
        (status = 200, description = "the caller's copy", body = Updated<Contact>),
        (status = 400, description = "missing or invalid groups, unknown cmd, groups without cmd=share", body = ErrorBody),
        (status = 403, description = "a group that is not one of the caller's company's", body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ))]
pub async fn share_contact(
    ctx: App,
    auth: Auth,
    id: Id,
    query: web::Query<ShareQuery>,
    body: Result<ShareBody, Error>,
) -> Reply {
    let query = query.into_inner();
    if query.cmd.as_deref() != Some("share") {
        let msg = match query.cmd {
            None => "groups is only read with cmd=share (POST /v2/contacts/{id}?cmd=share&groups=12,32); \
                     without cmd the contact is updated, and takes no groups"
                .to_string(),
            Some(cmd) => format!(
                "cmd {cmd:?} is not share (POST /v2/contacts/{{id}}?cmd=share&groups=12,32); \
                 without cmd the contact is updated"
            ),
        };
        return Err(Error::new(
            Exception::InvalidData,
            Action::Edit,
            Realm::Contacts,
            Detail::InvalidParameter,
            msg,
        ));
    }
    let groups = share::parse_groups(query.groups.as_deref())?;
    // The body was read before the handler knew it was a share: its error is the share's.
    // It is the one operation's body, so what its schema refuses is refused here too.
    let body = body.map_err(|e| e.in_context(Action::Share, Realm::Contacts))?;
    if let Some(req) = &body.0 {
        contacts::validate(req, Action::Share)?;
    }
    let copy = share::share(&ctx, &auth, *id, groups).await?;
    Ok(respond::updated(copy))
}

// `DELETE /v2/contacts/:id`: delete a contact.
/// Delete a contact (2.5.3.1.11); its basicInfos, addresses and tags go with it.
#[utoipa::path(delete, path = "/v2/contacts/{id}", tag = "contacts",
    params(("id" = i64, Path, description = "contact id")),
    responses(
        (status = 200, body = Deleted),
        (status = 400, description = "id not an integer", body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ))]
pub async fn delete_contact(ctx: App, auth: Auth, id: Id) -> Reply {
    contacts::delete(&ctx, &auth, *id).await?;
    Ok(respond::deleted())
}

// `GET /v2/contacts/:id/contacts`: the contacts linked to one.
/// Retrieve the contacts related to a contact (2.5.3.1.5): a person's organizations, an
/// organization's persons.
#[utoipa::path(get, path = "/v2/contacts/{id}/contacts", tag = "contacts",
    params(
        ("id" = i64, Path, description = "contact id"),
        ("projection" = Option<String>, Query, description = "thin, base (default) or flat", pattern = "^(thin|base|flat)?$"),
    ),
    responses(
        (status = 200, body = ContactList),
        (status = 400, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ))]
pub async fn related_contacts(
    ctx: App,
    auth: Auth,
    req: HttpRequest,
    id: Id,
    query: web::Query<ContactQuery>,
) -> Reply {
    let projection = projection(&req, &query)?;
    Ok(respond::ok(
        contacts::related(&ctx, &auth, *id, projection).await?,
    ))
}

// `GET /v2/contacts/:id/profiles`: a contact's social profiles.
/// Retrieve the social profiles and IMs of a contact (2.5.3.1.24).
#[utoipa::path(get, path = "/v2/contacts/{id}/profiles", tag = "contacts",
    params(
        ("id" = i64, Path, description = "contact id"),
    ),
    responses(
        (status = 200, body = Profiles),
        (status = 400, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ))]
pub async fn contact_profiles(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(contacts::profiles(&ctx, &auth, *id).await?))
}

// `GET /v2/contacts/:id/searchTerms`: the words a contact is found by.
/// Retrieve the search terms of a contact (2.5.3.1.25): the lower-cased words it is found by.
#[utoipa::path(get, path = "/v2/contacts/{id}/searchTerms", tag = "contacts",
    params(
        ("id" = i64, Path, description = "contact id"),
    ),
    responses(
        (status = 200, body = Vec<String>),
        (status = 400, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ))]
pub async fn contact_search_terms(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(contacts::search_terms(&ctx, &auth, *id).await?))
}

// `GET /v2/contacts/:id/tags`: a contact's tags.
/// Retrieve the tags of a contact (2.5.3.1.27).
#[utoipa::path(get, path = "/v2/contacts/{id}/tags", tag = "contacts",
    params(
        ("id" = i64, Path, description = "contact id"),
    ),
    responses(
        (status = 200, body = Vec<String>),
        (status = 400, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ))]
pub async fn contact_tags(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(contacts::tags(&ctx, &auth, *id).await?))
}

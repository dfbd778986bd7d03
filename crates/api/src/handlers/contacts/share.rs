//! `POST /v2/contacts/:id?cmd=share&groups=…`: share a contact with groups.

use actix_web::guard::GuardContext;
use actix_web::web;
use interact_domain::contacts::{Contact, ContactRequest};
use interact_domain::{ErrorBody, Updated};
use interact_errors::{Action, Detail, Error, Exception, Realm};
use interact_service::{contacts, share};
use serde::Deserialize;

use crate::extract::{App, Auth, Id, Json};
use crate::respond::{self, Reply};

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
        (status = 401, body = ErrorBody),
        (status = 403, description = "a group that is not one of the caller's company's", body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
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

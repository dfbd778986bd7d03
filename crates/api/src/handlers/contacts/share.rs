//! `POST /v2/contacts/:id?cmd=share&groups=…`: share a contact with groups.

use actix_web::guard::GuardContext;
use actix_web::{web, HttpResponse};
use interact_errors::{Action, Detail, Error, Exception, Realm};
use interact_service::{share, Ctx};
use serde::Deserialize;

use crate::extract::{Auth, Id};
use crate::respond;

#[derive(Debug, Deserialize)]
pub struct ShareQuery {
    pub cmd: Option<String>,
    pub groups: Option<String>,
}

/// `POST /v2/contacts/{id}` with a `cmd` parameter runs an extended function (only `share`);
/// without one it is the contact update.
pub fn has_cmd(ctx: &GuardContext) -> bool {
    let query = ctx.head().uri.query().unwrap_or("");
    query
        .split('&')
        .any(|kv| kv.split('=').next() == Some("cmd"))
}

/// Share a contact with groups (2.5.3.2.8), on `POST /v2/contacts/{id}?cmd=share&groups=12,32`
/// (the body, `{}` or `null`, is not read). Every active member of the groups, and the
/// sharer, receives a shallow copy: the contact's data without related entities. The groups
/// must be the sharer's company's (else 403). Answers the sharer's copy, which has a new id.
/// Not listed in OpenAPI under its own operation: it shares path and method with the contact
/// update, whose operation documents `cmd=share` and `groups`; the route table sends requests
/// with a `cmd` here.
pub async fn share_contact(
    ctx: web::Data<Ctx>,
    auth: Auth,
    id: Id,
    query: web::Query<ShareQuery>,
) -> Result<HttpResponse, Error> {
    let query = query.into_inner();
    if query.cmd.as_deref() != Some("share") {
        return Err(Error::new(
            Exception::InvalidData,
            Action::Edit,
            Realm::Contacts,
            Detail::InvalidParameter,
            format!(
                "cmd {:?} is not share (POST /v2/contacts/{{id}}?cmd=share&groups=12,32); \
                 without cmd the contact is updated",
                query.cmd.unwrap_or_default()
            ),
        ));
    }
    let groups = share::parse_groups(query.groups.as_deref())?;
    let copy = share::share(&ctx, &auth, id.into_inner(), groups).await?;
    Ok(respond::updated(copy))
}

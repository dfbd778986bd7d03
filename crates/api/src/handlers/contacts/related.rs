//! `GET /v2/contacts/:id/contacts`: the contacts linked to one.

use actix_web::{
    web::{self},
    HttpRequest,
};
use interact_domain::contacts::ContactList;
use interact_domain::ErrorBody;
use interact_service::contacts;

use super::{projection, ContactQuery};
use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Retrieve the contacts related to a contact (2.5.3.1.5): a person's organizations, an
/// organization's persons.
#[utoipa::path(get, path = "/v2/contacts/{id}/contacts", tag = "contacts",
    params(
        ("id" = i64, Path, description = "contact id"),
        ("projection" = Option<String>, Query, description = "thin, base (default) or flat", pattern = "^(thin|base|flat)?$"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = ContactList),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
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

//! `DELETE /v2/contacts?ids=…`: delete several contacts, all or none.

use actix_web::web;
use interact_domain::{Deleted, ErrorBody};
use interact_service::{contacts, ids, Realm};

use super::ContactQuery;
use crate::extract::{App, Auth};
use crate::respond::{self, Reply};

/// Delete the contacts with the given ids (2.5.3.1.10): all of them, or none if any is not
/// the caller's (404 naming it).
#[utoipa::path(delete, path = "/v2/contacts", tag = "contacts",
    params(("ids" = String, Query, description = "comma-separated contact ids, e.g. 1,3,45", pattern = "^\\s*[1-9][0-9]{0,17}\\s*(,\\s*[1-9][0-9]{0,17}\\s*){0,999}$")),
    responses(
        (status = 200, body = Deleted),
        (status = 400, description = "ids missing or not integers", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "an id is not a contact of the caller; nothing was deleted", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_contacts(ctx: App, auth: Auth, query: web::Query<ContactQuery>) -> Reply {
    let ids = ids::parse(query.ids.as_deref(), Realm::Contacts)?;
    contacts::delete_many(&ctx, &auth, ids).await?;
    Ok(respond::deleted())
}

//! `GET /v2/contacts/:id/tags`: a contact's tags.

use interact_domain::ErrorBody;
use interact_service::contacts;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Retrieve the tags of a contact (2.5.3.1.27).
#[utoipa::path(get, path = "/v2/contacts/{id}/tags", tag = "contacts",
    params(
        ("id" = i64, Path, description = "contact id"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = Vec<String>),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn contact_tags(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(contacts::tags(&ctx, &auth, *id).await?))
}

//! `GET /v2/contacts/:id/pictures`: the pictures of one contact.

use interact_domain::pictures::Picture;
use interact_domain::ErrorBody;
use interact_service::pictures;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Read the pictures of one of the caller's contacts (2.5.3.1.14), ascending by id.
#[utoipa::path(get, path = "/v2/contacts/{id}/pictures", tag = "pictures",
    params(
        ("id" = i64, Path, description = "contact id"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = Vec<Picture>),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn contact_pictures(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(pictures::of_contact(&ctx, &auth, *id).await?))
}

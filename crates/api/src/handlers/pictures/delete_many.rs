//! `DELETE /v2/pictures?ids=…`: delete several pictures, all or none.

use interact_domain::{Deleted, ErrorBody};
use interact_service::pictures;

use crate::extract::{App, Auth, Ids};
use crate::respond::{self, Reply};

/// Delete the pictures with the given ids (2.5.3.1.16): all of them, or none if any is not
/// the caller's (404 naming it) or comes from an external system (400, 9305).
#[utoipa::path(delete, path = "/v2/pictures", tag = "pictures",
    params(("ids" = String, Query, description = "comma-separated picture ids, e.g. 12,435,98", pattern = "^\\s*[1-9][0-9]{0,17}\\s*(,\\s*[1-9][0-9]{0,17}\\s*){0,999}$")),
    responses(
        (status = 200, body = Deleted),
        (status = 400, description = "ids missing or not integers; a picture from an external system (9305); nothing was deleted", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "an id is not a picture of the caller; nothing was deleted", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_pictures(ctx: App, auth: Auth, ids: Ids) -> Reply {
    pictures::delete_many(&ctx, &auth, ids.0).await?;
    Ok(respond::deleted())
}

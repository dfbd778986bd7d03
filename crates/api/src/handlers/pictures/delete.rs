//! `DELETE /v2/pictures/:id`: delete a picture.

use interact_domain::{Deleted, ErrorBody};
use interact_service::pictures;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Delete an uploaded picture (2.5.3.1.17); one from an external system cannot be deleted
/// (400, 9305). If it was the contact's default, the contact's newest remaining picture
/// becomes the default.
#[utoipa::path(delete, path = "/v2/pictures/{id}", tag = "pictures",
    params(("id" = i64, Path, description = "picture id")),
    responses(
        (status = 200, body = Deleted),
        (status = 400, description = "id not an integer; a picture from an external system (9305)", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such picture of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_picture(ctx: App, auth: Auth, id: Id) -> Reply {
    pictures::delete(&ctx, &auth, *id).await?;
    Ok(respond::deleted())
}

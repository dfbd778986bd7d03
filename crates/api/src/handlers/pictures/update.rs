//! `POST /v2/pictures/:id`: change a picture's bytes or default flag.

use interact_domain::pictures::{Picture, PictureRequest};
use interact_domain::{ErrorBody, Updated};
use interact_service::pictures;

use crate::extract::{App, Auth, Id, Json};
use crate::respond::{self, Reply};

/// Update a picture (2.5.3.1.15): new `base64` (uploaded pictures only; for one from an
/// external system it is a 400 with 9305) and/or `isDefault` (`true` takes the flag from the
/// contact's old default, `false` clears it).
#[utoipa::path(post, path = "/v2/pictures/{id}", tag = "pictures",
    params(("id" = i64, Path, description = "picture id")),
    request_body = interact_domain::pictures::PictureUpdateRequest,
    responses(
        (status = 200, body = Updated<Picture>),
        (status = 400, description = "neither base64 nor isDefault; base64 invalid or not an image; base64 for a picture from an external system (9305)", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such picture of the caller", body = ErrorBody),
        (status = 413, description = "the picture is larger than INTERACT_MAX_PICTURE", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn update_picture(ctx: App, auth: Auth, id: Id, body: Json<PictureRequest>) -> Reply {
    Ok(respond::updated(
        pictures::update(&ctx, &auth, *id, body.0).await?,
    ))
}

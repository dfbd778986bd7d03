//! `PUT /v2/pictures`: upload a picture of a contact.

use interact_domain::pictures::{Picture, PictureRequest};
use interact_domain::{Created, ErrorBody};
use interact_service::pictures;

use crate::extract::{App, Auth, Json};
use crate::respond::{self, Reply};

/// Upload a picture of one of the caller's contacts (2.5.3.1.12): `base64` is a PNG, JPEG, GIF
/// or WebP image (standard base64, padding optional, a `data:image/…;base64,` prefix
/// accepted) of at most `INTERACT_MAX_PICTURE` bytes. The contact's first picture becomes its
/// default, as does one sent with `isDefault: true`.
#[utoipa::path(put, path = "/v2/pictures", tag = "pictures",
    request_body = PictureRequest,
    responses(
        (status = 201, body = Created<Picture>),
        (status = 400, description = "contactId or base64 missing; base64 not base64 or not a PNG, JPEG, GIF or WebP image", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "contactId is not a contact of the caller", body = ErrorBody),
        (status = 413, description = "the picture is larger than INTERACT_MAX_PICTURE", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn create_picture(ctx: App, auth: Auth, body: Json<PictureRequest>) -> Reply {
    Ok(respond::created(
        pictures::create(&ctx, &auth, body.0).await?,
    ))
}

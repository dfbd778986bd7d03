//! Contact pictures (2.5.3.1.12–17) and their bytes.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use interact_domain::pictures::{Picture, PictureRequest, PictureUpdateRequest};
use interact_domain::ErrorBody;
use interact_errors::{Action, Realm};
use interact_service::pictures::{self, Raw};

use crate::extract::{App, Auth, Id};
use crate::respond::Reply;

crate::resource! {
    tag "pictures", one "picture", realm Realm::Contacts;
    /// Upload a picture of one of the caller's contacts (2.5.3.1.12): `base64` is a PNG, JPEG, GIF
    /// or WebP image (standard base64, padding optional, a `data:image/…;base64,` prefix
    /// accepted) of at most `INTERACT_MAX_PICTURE` bytes. The contact's first picture becomes its
    /// default, as does one sent with `isDefault: true`.
    create create_picture("/v2/pictures", PictureRequest => Picture, pictures::create,
        400 "contactId or base64 missing; base64 not base64 or not a PNG, JPEG, GIF or WebP image",
        404 "contactId is not a contact of the caller",
        413 "the picture is larger than INTERACT_MAX_PICTURE")
        .upload();
    /// Delete the pictures with the given ids (2.5.3.1.16): all of them, or none if any is not
    /// the caller's (404 naming it) or comes from an external system (400, 9305).
    delete_many delete_pictures("/v2/pictures", pictures::delete_many,
        400 "ids missing or not integers; a picture from an external system (9305); nothing was deleted",
        404 "an id is not a picture of the caller; nothing was deleted");
    /// Read a picture (2.5.3.1.13): `id`, `isDefault`, `type`, `url`.
    get get_picture("/v2/pictures/{id}" => Picture, pictures::get);
    /// Update a picture (2.5.3.1.15): new `base64` (uploaded pictures only; for one from an
    /// external system it is a 400 with 9305) and/or `isDefault` (`true` takes the flag from the
    /// contact's old default, `false` clears it).
    update update_picture("/v2/pictures/{id}", PictureRequest as PictureUpdateRequest => Picture,
        pictures::update,
        400 "neither base64 nor isDefault; base64 invalid or not an image; base64 for a picture from an external system (9305)",
        404 "no such picture of the caller",
        413 "the picture is larger than INTERACT_MAX_PICTURE")
        .upload();
    /// Delete an uploaded picture (2.5.3.1.17); one from an external system cannot be deleted
    /// (400, 9305). If it was the contact's default, the contact's newest remaining picture
    /// becomes the default.
    delete delete_picture("/v2/pictures/{id}", pictures::delete,
        400 "id not an integer; a picture from an external system (9305)",
        404 "no such picture of the caller");
    custom picture_raw(Action::View);
    /// Read the pictures of one of the caller's contacts (2.5.3.1.14), ascending by id.
    of_contact contact_pictures("/v2/contacts/{id}/pictures" => Picture, pictures::of_contact,
        Realm::Contacts);
}

// `GET /v2/pictures/:id/raw`: the bytes of a picture.
/// Authentication is needed, so no shared cache may keep the bytes; clients revalidate with
/// the ETag.
const CACHE_CONTROL: &str = "private, no-cache";

/// The bytes of an uploaded picture with its content type and an `ETag` (the quoted SHA-256
/// of the bytes; `If-None-Match` naming it answers 304). A picture from an external system
/// answers 302 to its url. The `authToken` query parameter is accepted, so `<img src>` works.
#[utoipa::path(get, path = "/v2/pictures/{id}/raw", tag = "pictures",
    params(
        ("id" = i64, Path, description = "picture id"),
        ("If-None-Match" = Option<String>, Header, description = "an ETag of an earlier answer"),
    ),
    responses(
        (status = 200, description = "the image, in the type it was uploaded as",
            content((String = "image/png"), (String = "image/jpeg"), (String = "image/gif"), (String = "image/webp"))),
        (status = 302, description = "a picture from an external system: Location is its url"),
        (status = 304, description = "If-None-Match names the current ETag"),
        (status = 404, description = "no such picture of the caller", body = ErrorBody),
    ))]
pub async fn picture_raw(ctx: App, auth: Auth, id: Id, req: HttpRequest) -> Reply {
    let if_none_match = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    Ok(
        match pictures::raw(&ctx, &auth, *id, if_none_match).await? {
            Raw::Bytes {
                content_type,
                etag,
                bytes,
            } => HttpResponse::Ok()
                .content_type(content_type)
                .insert_header((header::ETAG, etag))
                .insert_header((header::CACHE_CONTROL, CACHE_CONTROL))
                .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .body(bytes),
            Raw::NotModified { etag } => HttpResponse::NotModified()
                .insert_header((header::ETAG, etag))
                .insert_header((header::CACHE_CONTROL, CACHE_CONTROL))
                .finish(),
            Raw::Redirect { url } => HttpResponse::Found()
                .insert_header((header::LOCATION, url))
                .insert_header((header::CACHE_CONTROL, CACHE_CONTROL))
                .finish(),
        },
    )
}


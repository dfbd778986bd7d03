//! Contact pictures (2.5.3.1.12–17) and their bytes.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use interact_domain::pictures::{Picture, PictureRequest};
use interact_domain::{Created, Deleted, ErrorBody, Updated};
use interact_errors::{Action, Realm};
use interact_service::pictures::{self, Raw};

use crate::extract::{App, Auth, Id, Ids, Json};
use crate::respond::{self, Reply};

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![
        crate::endpoint!(create_picture, Action::Create, Realm::Contacts).upload(),
        crate::endpoint!(delete_pictures, Action::Delete, Realm::Contacts),
        crate::endpoint!(get_picture, Action::View, Realm::Contacts),
        crate::endpoint!(update_picture, Action::Edit, Realm::Contacts).upload(),
        crate::endpoint!(delete_picture, Action::Delete, Realm::Contacts),
        crate::endpoint!(picture_raw, Action::View, Realm::Contacts),
        crate::endpoint!(contact_pictures, Action::View, Realm::Contacts),
    ]
}

// `PUT /v2/pictures`: upload a picture of a contact.
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

// `DELETE /v2/pictures?ids=…`: delete several pictures, all or none.
/// Delete the pictures with the given ids (2.5.3.1.16): all of them, or none if any is not
/// the caller's (404 naming it) or comes from an external system (400, 9305).
#[utoipa::path(delete, path = "/v2/pictures", tag = "pictures",
    params(Ids),
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

// `GET /v2/pictures/:id`: one picture.
/// Read a picture (2.5.3.1.13): `id`, `isDefault`, `type`, `url`.
#[utoipa::path(get, path = "/v2/pictures/{id}", tag = "pictures",
    params(
        ("id" = i64, Path, description = "picture id"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = Picture),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such picture of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn get_picture(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(pictures::get(&ctx, &auth, *id).await?))
}

// `POST /v2/pictures/:id`: change a picture's bytes or default flag.
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

// `DELETE /v2/pictures/:id`: delete a picture.
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
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such picture of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
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

// `GET /v2/contacts/:id/pictures`: the pictures of one contact.
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

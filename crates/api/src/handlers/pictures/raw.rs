//! `GET /v2/pictures/:id/raw`: the bytes of a picture.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use interact_domain::ErrorBody;
use interact_service::pictures::{self, Raw};

use crate::extract::{App, Auth, Id};
use crate::respond::Reply;

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

//! `PATCH /v2/interactions/{id}`: JSON Patch on a canvass interaction's data, under its etag.

use actix_web::http::StatusCode;
use actix_web::{
    web::{self},
    HttpRequest,
};
use interact_domain::canvass::{CanvassInteraction, CanvassPatch};
use interact_domain::ErrorBody;
use interact_service::canvass;

use crate::extract::{App, Auth, Json};
use crate::respond::Reply;

/// Patch a canvass interaction's `data` with RFC 6902 operations (add, remove, replace, move,
/// copy, test). Needs the current etag in the `etag` (or `If-Match`) header. The result must
/// still be valid `data`, or nothing changes.
#[utoipa::path(patch, path = "/v2/interactions/{id}", tag = "canvass interactions",
    params(
        ("id" = String, Path, description = "the interaction's UUID", pattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"),
        ("etag" = String, Header, description = "the interaction's current meta.etag (quoted or not; an empty one is not sent: 428)", pattern = r"^[!#-+\--~]+$"),
    ),
    request_body = CanvassPatch,
    responses(
        (status = 200, body = CanvassInteraction, headers(("ETag" = String))),
        (status = 400, description = "bad operations, a path outside data, or a result that is not valid data", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such interaction in the caller's security groups (an integer id, an interact.io interaction's, names none)", body = ErrorBody),
        (status = 409, description = "a test operation failed", body = ErrorBody),
        (status = 412, description = "the etag is not the current one", body = ErrorBody),
        (status = 428, description = "no etag was sent", body = ErrorBody),
    ),
    security(("bearer" = []), ("authToken" = [])))]
pub async fn patch_interaction(
    ctx: App,
    auth: Auth,
    req: HttpRequest,
    id: web::Path<String>,
    body: Json<serde_json::Value>,
) -> Reply {
    let etags = super::etags_of(&req);
    let row = canvass::patch(&ctx, &auth, &id, etags, body.0).await?;
    Ok(super::resource(StatusCode::OK, &row))
}

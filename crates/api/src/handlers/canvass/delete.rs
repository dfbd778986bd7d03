//! `DELETE /v2/interactions/{id}`: soft delete of a canvass interaction, under its etag.

use actix_web::{
    web::{self},
    HttpRequest, HttpResponse,
};
use interact_domain::ErrorBody;
use interact_service::canvass;

use crate::extract::{App, Auth};
use crate::respond::Reply;

/// Delete a canvass interaction (soft: `meta.isDeleted` becomes true, and it is no longer
/// read or listed). Needs the current etag in the `etag` (or `If-Match`) header.
#[utoipa::path(delete, path = "/v2/interactions/{id}", tag = "canvass interactions",
    params(
        ("id" = String, Path, description = "the interaction's UUID", pattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"),
        ("etag" = String, Header, description = "the interaction's current meta.etag (quoted or not; an empty one is not sent: 428)", pattern = r"^[!#-+\--~]+$"),
    ),
    responses(
        (status = 204, description = "deleted"),
        (status = 400, description = "id is neither a UUID nor an integer id", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such interaction in the caller's security groups (an integer id, an interact.io interaction's, names none)", body = ErrorBody),
        (status = 412, description = "the etag is not the current one", body = ErrorBody),
        (status = 428, description = "no etag was sent", body = ErrorBody),
    ),
    security(("bearer" = []), ("authToken" = [])))]
pub async fn delete_interaction(
    ctx: App,
    auth: Auth,
    req: HttpRequest,
    id: web::Path<String>,
) -> Reply {
    let etags = super::etags_of(&req);
    canvass::delete(&ctx, &auth, &id, etags).await?;
    Ok(HttpResponse::NoContent().finish())
}

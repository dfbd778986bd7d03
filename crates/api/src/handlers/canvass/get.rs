//! `GET /v2/interactions/{id}`: one canvass interaction.

use actix_web::http::StatusCode;
use actix_web::web;
use interact_domain::canvass::CanvassInteraction;
use interact_domain::ErrorBody;
use interact_service::canvass;

use crate::extract::{App, Auth};
use crate::respond::Reply;

/// Get a canvass interaction; its etag comes in `ETag` and `meta.etag`.
#[utoipa::path(get, path = "/v2/interactions/{id}", tag = "canvass interactions",
    params(("id" = String, Path, description = "the interaction's UUID", pattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")),
    responses(
        (status = 200, body = CanvassInteraction, headers(("ETag" = String))),
        (status = 400, description = "id is not a UUID", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such interaction in the caller's security groups, or deleted", body = ErrorBody),
    ),
    security(("bearer" = []), ("authToken" = [])))]
pub async fn get_interaction(ctx: App, auth: Auth, id: web::Path<String>) -> Reply {
    let row = canvass::get(&ctx, &auth, &id).await?;
    Ok(super::resource(StatusCode::OK, &row))
}

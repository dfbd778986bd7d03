//! `POST /v2/interactions`: create a canvass interaction.

use actix_web::http::StatusCode;
use interact_domain::canvass::{CanvassData, CanvassInteraction};
use interact_domain::ErrorBody;
use interact_service::canvass;

use crate::extract::{App, Auth, Json};
use crate::respond::Reply;

/// Create a canvass interaction. The body is the interaction's `data` (optionally wrapped as
/// `{"data":{…}}`), with an optional `securityGroupId` naming one of the caller's groups;
/// the server assigns `id`, `customerId`, `securityGroupId` (the caller's first group by
/// default) and `meta`.
#[utoipa::path(post, path = "/v2/interactions", tag = "canvass interactions",
    request_body = CanvassData,
    responses(
        (status = 201, body = CanvassInteraction, headers(("ETag" = String))),
        (status = 400, description = "a required attribute is missing or one is invalid", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "the caller belongs to no security group, or names one not theirs", body = ErrorBody),
    ),
    security(("bearer" = []), ("authToken" = [])))]
pub async fn create_interaction(ctx: App, auth: Auth, body: Json<serde_json::Value>) -> Reply {
    let row = canvass::create(&ctx, &auth, body.0).await?;
    Ok(super::resource(StatusCode::CREATED, &row))
}

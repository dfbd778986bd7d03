//! `POST /v2/interactions/:id`: link a contact, set duration, status, tags, external systems.

use interact_domain::interactions::{Interaction, UpdateInteractionRequest};
use interact_domain::{ErrorBody, Updated};
use interact_service::interactions;

use crate::extract::{App, Auth, InteractionId, Json};
use crate::respond::{self, Reply};

/// Update an interaction (2.5.3.1.31); `organizationId`/`personId` are aliases of
/// `organization.id`/`person.id`.
#[utoipa::path(post, path = "/v2/interactions/{id}", tag = "interactions",
    params(("id" = i64, Path, description = "interaction id")),
    request_body = UpdateInteractionRequest,
    responses(
        (status = 200, body = Updated<Interaction>),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such interaction, contact or basicInfo of the caller (a canvass interaction's UUID names none)", body = ErrorBody),
        (status = 409, description = "a person named as the organization, or an organization as the person", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn update_crm_interaction(
    ctx: App,
    auth: Auth,
    id: InteractionId,
    body: Json<UpdateInteractionRequest>,
) -> Reply {
    Ok(respond::updated(
        interactions::update(&ctx, &auth, id.0, body.0).await?,
    ))
}

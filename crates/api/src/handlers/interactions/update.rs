//! `POST /v2/interactions/:id`: link a contact, set duration, status, tags, external systems.

use interact_domain::interactions::{Interaction, UpdateInteractionRequest};
use interact_domain::{ErrorBody, Updated};
use interact_service::interactions;

use crate::extract::{App, Auth, Id, Json};
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
        (status = 404, description = "no such interaction, contact or basicInfo of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn update_crm_interaction(
    ctx: App,
    auth: Auth,
    id: Id,
    body: Json<UpdateInteractionRequest>,
) -> Reply {
    Ok(respond::updated(
        interactions::update(&ctx, &auth, *id, body.0).await?,
    ))
}

//! `POST /v2/interactions/:id`: link a contact, set duration, status, tags, external systems.

use actix_web::{web, HttpResponse};
use interact_domain::interactions::{Interaction, UpdateInteractionRequest};
use interact_domain::{ErrorBody, Updated};
use interact_errors::Error;
use interact_service::{interactions, Ctx};

use crate::extract::{Auth, Id, Json};
use crate::respond;

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
    ctx: web::Data<Ctx>,
    auth: Auth,
    id: Id,
    body: Json<UpdateInteractionRequest>,
) -> Result<HttpResponse, Error> {
    Ok(respond::updated(
        interactions::update(&ctx, &auth, id.into_inner(), body.into_inner()).await?,
    ))
}

//! `GET /v2/interactions` (without canvass list parameters): the caller's interactions.

use actix_web::{web, HttpResponse};
use interact_errors::Error;
use interact_service::{interactions, Ctx};

use crate::extract::Auth;
use crate::respond;

/// Read the caller's interactions, newest first (2.5.3.1.28). Not listed in OpenAPI under
/// this path's GET, which the canvass list (with `filter`/`skip`/`limit`/`sort`) documents.
pub async fn list_crm_interactions(ctx: web::Data<Ctx>, auth: Auth) -> Result<HttpResponse, Error> {
    Ok(respond::ok(interactions::list(&ctx, &auth).await?))
}

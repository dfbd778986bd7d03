//! `GET /v2/interactions/<integer>`: one interact.io interaction.

use actix_web::{web, HttpResponse};
use interact_errors::Error;
use interact_service::{interactions, Ctx};

use crate::extract::{Auth, Id};
use crate::respond;

/// Read an interaction (2.5.3.1.30). Not in OpenAPI: the path's GET documents the canvass
/// resource (UUID ids); integer ids are routed here.
pub async fn get_crm_interaction(
    ctx: web::Data<Ctx>,
    auth: Auth,
    id: Id,
) -> Result<HttpResponse, Error> {
    Ok(respond::ok(
        interactions::get(&ctx, &auth, id.into_inner()).await?,
    ))
}

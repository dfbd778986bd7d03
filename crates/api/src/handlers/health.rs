//! `GET /healthz` (the process is up) and `GET /readyz` (the database answers).

use actix_web::HttpResponse;
use interact_errors::{Action, Error, Realm};
use serde::Serialize;
use utoipa::ToSchema;

use crate::extract::App;
use crate::respond::Reply;

#[derive(Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, body = Health)))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The database answers.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses((status = 200, body = Health), (status = 503, body = interact_domain::ErrorBody)))]
pub async fn readyz(ctx: App) -> Reply {
    ctx.db.ping().await.map_err(Error::unavailable)?;
    Ok(HttpResponse::Ok().json(Health { status: "ready" }))
}

pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![
        crate::endpoint!(healthz, Action::View, Realm::General).public(),
        crate::endpoint!(readyz, Action::View, Realm::General).public(),
    ]
}

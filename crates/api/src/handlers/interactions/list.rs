//! `GET /v2/interactions` (without canvass list parameters): the caller's interactions.

use interact_domain::interactions::Interaction;
use interact_domain::ErrorBody;
use interact_service::interactions;

use crate::extract::{App, Auth};
use crate::respond::{self, Reply};

/// Read the caller's interactions, newest first (2.5.3.1.28): `GET /v2/interactions` without
/// the canvass list's `filter`, `skip`, `limit` or `sort`.
#[utoipa::path(get, path = "/v2/interactions", tag = "interactions",
    responses(
        (status = 200, body = Vec<Interaction>),
        (status = 401, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn list_crm_interactions(ctx: App, auth: Auth) -> Reply {
    Ok(respond::ok(interactions::list(&ctx, &auth).await?))
}

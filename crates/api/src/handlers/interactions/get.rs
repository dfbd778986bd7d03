//! `GET /v2/interactions/<integer>`: one interact.io interaction.

use interact_domain::interactions::Interaction;
use interact_domain::ErrorBody;
use interact_service::interactions;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Read an interaction (2.5.3.1.30): integer ids; other ids are canvass interactions.
#[utoipa::path(get, path = "/v2/interactions/{id}", tag = "interactions",
    params(("id" = i64, Path, description = "interaction id")),
    responses(
        (status = 200, body = Interaction),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such interaction of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn get_crm_interaction(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(interactions::get(&ctx, &auth, *id).await?))
}

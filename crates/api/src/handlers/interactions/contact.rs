//! `GET /v2/contacts/:id/interactions`: the interactions linked to a contact.

use interact_domain::interactions::Interaction;
use interact_domain::ErrorBody;
use interact_service::interactions;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Read the interactions of a contact, newest first (2.5.3.1.29).
#[utoipa::path(get, path = "/v2/contacts/{id}/interactions", tag = "interactions",
    params(
        ("id" = i64, Path, description = "contact id"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = Vec<Interaction>),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn contact_interactions(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(
        interactions::list_for_contact(&ctx, &auth, *id).await?,
    ))
}

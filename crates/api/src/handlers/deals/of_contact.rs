//! `GET /v2/contacts/:id/deals`: the deals of one contact.

use interact_domain::records::Deal;
use interact_domain::ErrorBody;
use interact_service::deals;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Read the deals of one of the caller's contacts (2.5.3.1.48), by id.
#[utoipa::path(get, path = "/v2/contacts/{id}/deals", tag = "deals",
    params(
        ("id" = i64, Path, description = "contact id"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = Vec<Deal>),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn contact_deals(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(deals::of_contact(&ctx, &auth, *id).await?))
}

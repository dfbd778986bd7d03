//! Tags (2.5.3.1.26).

use interact_errors::{Action, Realm};
use interact_service::contacts;

use crate::extract::{App, Auth};
use crate::respond::{self, Reply};

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![crate::endpoint!(list_tags, Action::View, Realm::Tags)]
}

// `GET /v2/tags`: every tag of the caller's contacts.
/// Retrieve every tag the caller's contacts carry, once, sorted (2.5.3.1.26).
#[utoipa::path(get, path = "/v2/tags", tag = "contacts",
    responses(
        (status = 200, body = Vec<String>),
    ))]
pub async fn list_tags(ctx: App, auth: Auth) -> Reply {
    Ok(respond::ok(contacts::all_tags(&ctx, &auth).await?))
}

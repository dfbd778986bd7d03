//! `GET /v2/contacts/:id/profiles`: a contact's social profiles.

use interact_domain::contacts::Profiles;
use interact_domain::ErrorBody;
use interact_service::contacts;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Retrieve the social profiles and IMs of a contact (2.5.3.1.24).
#[utoipa::path(get, path = "/v2/contacts/{id}/profiles", tag = "contacts",
    params(
        ("id" = i64, Path, description = "contact id"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = Profiles),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn contact_profiles(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(contacts::profiles(&ctx, &auth, *id).await?))
}

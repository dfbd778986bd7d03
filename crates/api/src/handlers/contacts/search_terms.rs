//! `GET /v2/contacts/:id/searchTerms`: the words a contact is found by.

use interact_domain::ErrorBody;
use interact_service::contacts;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Retrieve the search terms of a contact (2.5.3.1.25): the lower-cased words it is found by.
#[utoipa::path(get, path = "/v2/contacts/{id}/searchTerms", tag = "contacts",
    params(
        ("id" = i64, Path, description = "contact id"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = Vec<String>),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn contact_search_terms(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(contacts::search_terms(&ctx, &auth, *id).await?))
}

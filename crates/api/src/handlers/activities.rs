//! Activities (2.5.3.1.1).

use interact_domain::activities::Activity;
use interact_domain::{ErrorBody, ListPage};
use interact_errors::{Action, Realm};
use interact_service::journal;

use crate::extract::{App, Auth, Paging};
use crate::respond::{self, Reply};

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![crate::endpoint!(list_activities, Action::View, Realm::Activities)]
}

/// Retrieve a list of activities: the journal of changes to the caller's data, newest first.
#[utoipa::path(get, path = "/v2/activities", tag = "activities",
    params(
        ("offset" = Option<i64>, Query, description = "index of the first entry (default 0)"),
        ("limit" = Option<i64>, Query, description = "most entries to return (default: all)"),
    ),
    responses(
        (status = 200, body = ListPage<Activity>),
        (status = 400, description = "offset or limit not a non-negative integer", body = ErrorBody),
    ))]
pub async fn list_activities(ctx: App, auth: Auth, paging: Paging) -> Reply {
    Ok(respond::ok(journal::list(&ctx, &auth, paging.0).await?))
}

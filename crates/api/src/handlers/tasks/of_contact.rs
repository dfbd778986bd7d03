//! `GET /v2/contacts/:id/tasks`: the tasks related to one contact.

use actix_web::HttpRequest;
use interact_domain::tasks::Task;
use interact_domain::ErrorBody;
use interact_service::tasks;

use super::{answer, page_of};
use crate::extract::{App, Auth, Id, Paging};
use crate::respond::Reply;

/// Read the tasks related to one of the caller's contacts (2.5.3.1.36), sorted like
/// `GET /v2/tasks`.
#[utoipa::path(get, path = "/v2/contacts/{id}/tasks", tag = "tasks",
    params(
        ("id" = i64, Path, description = "contact id"),
        ("offset" = Option<i64>, Query), ("limit" = Option<i64>, Query),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, description = "the tasks; with offset or limit, the list envelope", body = crate::respond::Listed<Task>),
        (status = 400, description = "id, offset or limit invalid", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn contact_tasks(
    ctx: App,
    auth: Auth,
    req: HttpRequest,
    id: Id,
    paging: Paging,
) -> Reply {
    let page = page_of(&req, paging.0);
    Ok(answer(tasks::of_contact(&ctx, &auth, *id, page).await?))
}

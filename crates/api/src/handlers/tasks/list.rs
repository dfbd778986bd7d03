//! `GET /v2/tasks`: the caller's tasks.

use actix_web::HttpRequest;
use interact_domain::tasks::Task;
use interact_domain::ErrorBody;
use interact_service::tasks;

use super::{answer, page_of};
use crate::extract::{App, Auth, Paging};
use crate::respond::Listed;
use crate::respond::Reply;

/// Read the caller's tasks (2.5.3.1.35), by `concreteDueDate` descending (tasks without one
/// last). A bare array; with `offset` or `limit`, the list envelope.
#[utoipa::path(get, path = "/v2/tasks", tag = "tasks",
    params(
        ("offset" = Option<i64>, Query), ("limit" = Option<i64>, Query),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, description = "the tasks; with offset or limit, the list envelope", body = Listed<Task>),
        (status = 400, description = "offset or limit invalid", body = ErrorBody),
        (status = 401, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn list_tasks(ctx: App, auth: Auth, req: HttpRequest, paging: Paging) -> Reply {
    let page = page_of(&req, paging.0);
    Ok(answer(tasks::list(&ctx, &auth, page).await?))
}

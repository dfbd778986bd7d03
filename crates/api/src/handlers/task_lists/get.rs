//! `GET /v2/taskLists/:id`: one task list with its tasks.

use interact_domain::tasks::TaskList;
use interact_domain::ErrorBody;
use interact_service::task_lists;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Read a task list (2.5.3.1.43) with its tasks.
#[utoipa::path(get, path = "/v2/taskLists/{id}", tag = "tasks",
    params(
        ("id" = i64, Path, description = "task list id"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = TaskList),
        (status = 400, description = "id not an integer", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such task list of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn get_task_list(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(task_lists::get(&ctx, &auth, *id).await?))
}

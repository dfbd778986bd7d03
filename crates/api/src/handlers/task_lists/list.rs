//! `GET /v2/taskLists`: the caller's task lists with their tasks.

use interact_domain::tasks::TaskList;
use interact_domain::ErrorBody;
use interact_service::task_lists;

use crate::extract::{App, Auth};
use crate::respond::{self, Reply};

/// Read the caller's task lists (2.5.3.1.42), by id, each with its tasks sorted like
/// `GET /v2/tasks`.
#[utoipa::path(get, path = "/v2/taskLists", tag = "tasks",
    params(("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = Vec<TaskList>),
        (status = 401, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn list_task_lists(ctx: App, auth: Auth) -> Reply {
    Ok(respond::ok(task_lists::list(&ctx, &auth).await?))
}

//! `POST /v2/taskLists/:id`: rename a task list.

use interact_domain::tasks::{TaskList, TaskListRequest};
use interact_domain::{ErrorBody, Updated};
use interact_service::task_lists;

use crate::extract::{App, Auth, Id, Json};
use crate::respond::{self, Reply};

/// Update a task list's title (2.5.3.1.44); it answers with its tasks.
#[utoipa::path(post, path = "/v2/taskLists/{id}", tag = "tasks",
    params(("id" = i64, Path, description = "task list id")),
    request_body = TaskListRequest,
    responses(
        (status = 200, body = Updated<TaskList>),
        (status = 400, description = "title missing, blank or too long", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such task list of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn update_task_list(ctx: App, auth: Auth, id: Id, body: Json<TaskListRequest>) -> Reply {
    Ok(respond::updated(
        task_lists::update(&ctx, &auth, *id, body.0).await?,
    ))
}

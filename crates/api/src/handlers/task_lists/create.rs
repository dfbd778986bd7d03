//! `PUT /v2/taskLists`: create a task list.

use interact_domain::tasks::{TaskList, TaskListRequest};
use interact_domain::{Created, ErrorBody};
use interact_service::task_lists;

use crate::extract::{App, Auth, Json};
use crate::respond::{self, Reply};

/// Create a task list (2.5.3.1.41); it answers with its (empty) `tasks`.
#[utoipa::path(put, path = "/v2/taskLists", tag = "tasks",
    request_body = TaskListRequest,
    responses(
        (status = 201, body = Created<TaskList>),
        (status = 400, description = "title missing, blank or too long", body = ErrorBody),
        (status = 401, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn create_task_list(ctx: App, auth: Auth, body: Json<TaskListRequest>) -> Reply {
    Ok(respond::created(
        task_lists::create(&ctx, &auth, body.0).await?,
    ))
}

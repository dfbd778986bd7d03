//! `POST /v2/tasks/:id`: change a task.

use interact_domain::tasks::{Task, TaskRequest};
use interact_domain::{ErrorBody, Updated};
use interact_service::tasks;

use crate::extract::{App, Auth, Id, Json};
use crate::respond::{self, Reply};

/// Update a task (2.5.3.1.38): attributes left out keep their value, `null` clears an
/// optional one; `dueDate` is an alias of `concreteDueDate`.
#[utoipa::path(post, path = "/v2/tasks/{id}", tag = "tasks",
    params(("id" = i64, Path, description = "task id")),
    request_body = TaskRequest,
    responses(
        (status = 200, body = Updated<Task>),
        (status = 400, description = "an attribute is invalid (the devmsg names it)", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "the task, or an id the body names, is not within the caller's reach", body = ErrorBody),
        (status = 409, description = "`duration` or `phoneNumberIds` for a task stored as no `scheduled_call`, or `phoneNumberIds` for a task stored without a contact, the body not changing that", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn update_task(ctx: App, auth: Auth, id: Id, body: Json<TaskRequest>) -> Reply {
    Ok(respond::updated(
        tasks::update(&ctx, &auth, *id, body.0).await?,
    ))
}

//! `PUT /v2/tasks`: create a task.

use interact_domain::tasks::{Task, TaskRequest};
use interact_domain::{Created, ErrorBody};
use interact_service::tasks;

use crate::extract::{App, Auth, Json};
use crate::respond::{self, Reply};

/// Create a task (2.5.3.1.34). `fuzzyDueDate` sets `concreteDueDate` to now + 1, 7, 30 or 99
/// days; `duration` and `phoneNumberIds` only for `taskType` `scheduled_call`.
#[utoipa::path(put, path = "/v2/tasks", tag = "tasks",
    request_body = TaskRequest,
    responses(
        (status = 201, body = Created<Task>),
        (status = 400, description = "an attribute is invalid (the devmsg names it)", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "listId, relatedTo, assignedTo or a phone number is not within the caller's reach", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn create_task(ctx: App, auth: Auth, body: Json<TaskRequest>) -> Reply {
    Ok(respond::created(tasks::create(&ctx, &auth, body.0).await?))
}

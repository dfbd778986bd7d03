//! `GET /v2/tasks/:id`: one task.

use interact_domain::tasks::Task;
use interact_domain::ErrorBody;
use interact_service::tasks;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Read a task (2.5.3.1.37).
#[utoipa::path(get, path = "/v2/tasks/{id}", tag = "tasks",
    params(
        ("id" = i64, Path, description = "task id"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = Task),
        (status = 400, description = "id not an integer", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such task of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn get_task(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(tasks::get(&ctx, &auth, *id).await?))
}

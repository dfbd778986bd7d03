//! `DELETE /v2/tasks/:id`: delete a task.

use interact_domain::{Deleted, ErrorBody};
use interact_service::tasks;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Delete a task (2.5.3.1.40).
#[utoipa::path(delete, path = "/v2/tasks/{id}", tag = "tasks",
    params(("id" = i64, Path, description = "task id")),
    responses(
        (status = 200, body = Deleted),
        (status = 400, description = "id not an integer", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such task of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_task(ctx: App, auth: Auth, id: Id) -> Reply {
    tasks::delete(&ctx, &auth, *id).await?;
    Ok(respond::deleted())
}

//! `DELETE /v2/taskLists/:id`: delete a task list; its tasks stay, unlisted.

use interact_domain::{Deleted, ErrorBody};
use interact_service::task_lists;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Delete a task list (2.5.3.1.45); its tasks stay, with `listId` null.
#[utoipa::path(delete, path = "/v2/taskLists/{id}", tag = "tasks",
    params(("id" = i64, Path, description = "task list id")),
    responses(
        (status = 200, body = Deleted),
        (status = 400, description = "id not an integer", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such task list of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_task_list(ctx: App, auth: Auth, id: Id) -> Reply {
    task_lists::delete(&ctx, &auth, *id).await?;
    Ok(respond::deleted())
}

//! `DELETE /v2/taskLists/:id`: delete a task list; its tasks stay, unlisted.

use actix_web::{web, HttpResponse};
use interact_domain::{Deleted, ErrorBody};
use interact_errors::Error;
use interact_service::{task_lists, Ctx};

use crate::extract::{Auth, Id};
use crate::respond;

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
pub async fn delete_task_list(
    ctx: web::Data<Ctx>,
    auth: Auth,
    id: Id,
) -> Result<HttpResponse, Error> {
    task_lists::delete(&ctx, &auth, id.into_inner()).await?;
    Ok(respond::deleted())
}

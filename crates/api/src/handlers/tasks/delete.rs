//! `DELETE /v2/tasks/:id`: delete a task.

use actix_web::{web, HttpResponse};
use interact_domain::{Deleted, ErrorBody};
use interact_errors::Error;
use interact_service::{tasks, Ctx};

use crate::extract::{Auth, Id};
use crate::respond;

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
pub async fn delete_task(ctx: web::Data<Ctx>, auth: Auth, id: Id) -> Result<HttpResponse, Error> {
    tasks::delete(&ctx, &auth, id.into_inner()).await?;
    Ok(respond::deleted())
}

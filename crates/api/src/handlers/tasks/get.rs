//! `GET /v2/tasks/:id`: one task.

use actix_web::{web, HttpResponse};
use interact_domain::tasks::Task;
use interact_domain::ErrorBody;
use interact_errors::Error;
use interact_service::{tasks, Ctx};

use crate::extract::{Auth, Id};
use crate::respond;

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
pub async fn get_task(ctx: web::Data<Ctx>, auth: Auth, id: Id) -> Result<HttpResponse, Error> {
    Ok(respond::ok(tasks::get(&ctx, &auth, id.into_inner()).await?))
}

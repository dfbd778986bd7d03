//! `POST /v2/tasks/:id`: change a task.

use actix_web::{web, HttpResponse};
use interact_domain::tasks::{Task, TaskRequest};
use interact_domain::{ErrorBody, Updated};
use interact_errors::Error;
use interact_service::{tasks, Ctx};

use crate::extract::{Auth, Id, Json};
use crate::respond;

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
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn update_task(
    ctx: web::Data<Ctx>,
    auth: Auth,
    id: Id,
    body: Json<TaskRequest>,
) -> Result<HttpResponse, Error> {
    Ok(respond::updated(
        tasks::update(&ctx, &auth, id.into_inner(), body.into_inner()).await?,
    ))
}

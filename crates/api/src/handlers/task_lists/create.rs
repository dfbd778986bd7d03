//! `PUT /v2/taskLists`: create a task list.

use actix_web::{web, HttpResponse};
use interact_domain::tasks::{TaskList, TaskListRequest};
use interact_domain::{Created, ErrorBody};
use interact_errors::Error;
use interact_service::{task_lists, Ctx};

use crate::extract::{Auth, Json};
use crate::respond;

/// Create a task list (2.5.3.1.41); it answers with its (empty) `tasks`.
#[utoipa::path(put, path = "/v2/taskLists", tag = "tasks",
    request_body = TaskListRequest,
    responses(
        (status = 201, body = Created<TaskList>),
        (status = 400, description = "title missing, blank or too long", body = ErrorBody),
        (status = 401, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn create_task_list(
    ctx: web::Data<Ctx>,
    auth: Auth,
    body: Json<TaskListRequest>,
) -> Result<HttpResponse, Error> {
    Ok(respond::created(
        task_lists::create(&ctx, &auth, body.into_inner()).await?,
    ))
}

//! `GET /v2/taskLists`: the caller's task lists with their tasks.

use actix_web::{web, HttpResponse};
use interact_domain::tasks::TaskList;
use interact_domain::ErrorBody;
use interact_errors::Error;
use interact_service::{task_lists, Ctx};

use crate::extract::Auth;
use crate::respond;

/// Read the caller's task lists (2.5.3.1.42), by id, each with its tasks sorted like
/// `GET /v2/tasks`.
#[utoipa::path(get, path = "/v2/taskLists", tag = "tasks",
    params(("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = Vec<TaskList>),
        (status = 401, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn list_task_lists(ctx: web::Data<Ctx>, auth: Auth) -> Result<HttpResponse, Error> {
    Ok(respond::ok(task_lists::list(&ctx, &auth).await?))
}

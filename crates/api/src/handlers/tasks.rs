//! Tasks (2.5.3.1.34–40).

use actix_web::HttpRequest;
use interact_domain::tasks::{Task, TaskRequest};
use interact_domain::{Created, Deleted, ErrorBody, Listed, Page, Updated};
use interact_errors::{Action, Realm};
use interact_service::tasks;

use crate::extract::{App, Auth, Id, Ids, Json, Paging};
use crate::respond::{self, Reply};

/// The page to answer: only when the client sent `offset` or `limit`.
fn page_of(req: &HttpRequest, page: Page) -> Option<Page> {
    Paging::requested(req).then_some(page)
}

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![
        crate::endpoint!(create_task, Action::Create, Realm::Tasks),
        crate::endpoint!(list_tasks, Action::View, Realm::Tasks),
        crate::endpoint!(delete_tasks, Action::Delete, Realm::Tasks),
        crate::endpoint!(get_task, Action::View, Realm::Tasks),
        crate::endpoint!(update_task, Action::Edit, Realm::Tasks),
        crate::endpoint!(delete_task, Action::Delete, Realm::Tasks),
        crate::endpoint!(contact_tasks, Action::View, Realm::ContactTasks),
    ]
}

// `PUT /v2/tasks`: create a task.
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

// `GET /v2/tasks`: the caller's tasks.
/// Read the caller's tasks (2.5.3.1.35), by `concreteDueDate` descending (tasks without one
/// last). A bare array; with `offset` or `limit`, the list envelope.
#[utoipa::path(get, path = "/v2/tasks", tag = "tasks",
    params(
        ("offset" = Option<i64>, Query), ("limit" = Option<i64>, Query),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, description = "the tasks; with offset or limit, the list envelope", body = Listed<Task>),
        (status = 400, description = "offset or limit invalid", body = ErrorBody),
        (status = 401, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn list_tasks(ctx: App, auth: Auth, req: HttpRequest, paging: Paging) -> Reply {
    let page = page_of(&req, paging.0);
    Ok(respond::ok(tasks::list(&ctx, &auth, page).await?))
}

// `DELETE /v2/tasks?ids=…`: delete several tasks, all or none.
/// Delete the tasks with the given ids (2.5.3.1.39): all of them, or none if any is not the
/// caller's (404 naming it).
#[utoipa::path(delete, path = "/v2/tasks", tag = "tasks",
    params(Ids),
    responses(
        (status = 200, body = Deleted),
        (status = 400, description = "ids missing or not integers", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "an id is not a task of the caller; nothing was deleted", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_tasks(ctx: App, auth: Auth, ids: Ids) -> Reply {
    tasks::delete_many(&ctx, &auth, ids.0).await?;
    Ok(respond::deleted())
}

// `GET /v2/tasks/:id`: one task.
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

// `POST /v2/tasks/:id`: change a task.
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
        (status = 409, description = "`duration` or `phoneNumberIds` for a task stored as no `scheduled_call`, or `phoneNumberIds` for a task stored without a contact, the body not changing that", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn update_task(ctx: App, auth: Auth, id: Id, body: Json<TaskRequest>) -> Reply {
    Ok(respond::updated(
        tasks::update(&ctx, &auth, *id, body.0).await?,
    ))
}

// `DELETE /v2/tasks/:id`: delete a task.
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

// `GET /v2/contacts/:id/tasks`: the tasks related to one contact.
/// Read the tasks related to one of the caller's contacts (2.5.3.1.36), sorted like
/// `GET /v2/tasks`.
#[utoipa::path(get, path = "/v2/contacts/{id}/tasks", tag = "tasks",
    params(
        ("id" = i64, Path, description = "contact id"),
        ("offset" = Option<i64>, Query), ("limit" = Option<i64>, Query),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, description = "the tasks; with offset or limit, the list envelope", body = Listed<Task>),
        (status = 400, description = "id, offset or limit invalid", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn contact_tasks(
    ctx: App,
    auth: Auth,
    req: HttpRequest,
    id: Id,
    paging: Paging,
) -> Reply {
    let page = page_of(&req, paging.0);
    Ok(respond::ok(tasks::of_contact(&ctx, &auth, *id, page).await?))
}

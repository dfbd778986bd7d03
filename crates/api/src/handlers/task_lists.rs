//! Task lists (2.5.3.1.41–45); `/v2/tasksLists/:id` (the document's spelling) is an alias.

use interact_domain::tasks::{TaskList, TaskListRequest};
use interact_domain::{Created, Deleted, ErrorBody, Updated};
use interact_errors::{Action, Realm};
use interact_service::task_lists;

use crate::extract::{App, Auth, Id, Json};
use crate::respond::{self, Reply};

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![
        crate::endpoint!(create_task_list, Action::Create, Realm::TaskLists),
        crate::endpoint!(list_task_lists, Action::View, Realm::TaskLists),
        crate::endpoint!(get_task_list, Action::View, Realm::TaskLists)
            .alias("/v2/tasksLists/{id}"),
        crate::endpoint!(update_task_list, Action::Edit, Realm::TaskLists)
            .alias("/v2/tasksLists/{id}"),
        crate::endpoint!(delete_task_list, Action::Delete, Realm::TaskLists)
            .alias("/v2/tasksLists/{id}"),
    ]
}

// `PUT /v2/taskLists`: create a task list.
/// Create a task list (2.5.3.1.41); it answers with its (empty) `tasks`.
#[utoipa::path(put, path = "/v2/taskLists", tag = "tasks",
    request_body = TaskListRequest,
    responses(
        (status = 201, body = Created<TaskList>),
        (status = 400, description = "title missing, blank or too long", body = ErrorBody),
        (status = 401, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn create_task_list(ctx: App, auth: Auth, body: Json<TaskListRequest>) -> Reply {
    Ok(respond::created(
        task_lists::create(&ctx, &auth, body.0).await?,
    ))
}

// `GET /v2/taskLists`: the caller's task lists with their tasks.
/// Read the caller's task lists (2.5.3.1.42), by id, each with its tasks sorted like
/// `GET /v2/tasks`.
#[utoipa::path(get, path = "/v2/taskLists", tag = "tasks",
    params(("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = Vec<TaskList>),
        (status = 401, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn list_task_lists(ctx: App, auth: Auth) -> Reply {
    Ok(respond::ok(task_lists::list(&ctx, &auth).await?))
}

// `GET /v2/taskLists/:id`: one task list with its tasks.
/// Read a task list (2.5.3.1.43) with its tasks.
#[utoipa::path(get, path = "/v2/taskLists/{id}", tag = "tasks",
    params(
        ("id" = i64, Path, description = "task list id"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = TaskList),
        (status = 400, description = "id not an integer", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such task list of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn get_task_list(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(task_lists::get(&ctx, &auth, *id).await?))
}

// `POST /v2/taskLists/:id`: rename a task list.
/// Update a task list's title (2.5.3.1.44); it answers with its tasks.
#[utoipa::path(post, path = "/v2/taskLists/{id}", tag = "tasks",
    params(("id" = i64, Path, description = "task list id")),
    request_body = TaskListRequest,
    responses(
        (status = 200, body = Updated<TaskList>),
        (status = 400, description = "title missing, blank or too long", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such task list of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn update_task_list(ctx: App, auth: Auth, id: Id, body: Json<TaskListRequest>) -> Reply {
    Ok(respond::updated(
        task_lists::update(&ctx, &auth, *id, body.0).await?,
    ))
}

// `DELETE /v2/taskLists/:id`: delete a task list; its tasks stay, unlisted.
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

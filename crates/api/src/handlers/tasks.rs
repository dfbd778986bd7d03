//! Tasks (2.5.3.1.34–40).

use actix_web::HttpRequest;
use interact_domain::tasks::{Task, TaskRequest};
use interact_domain::{ErrorBody, Listed, Page};
use interact_errors::{Action, Realm};
use interact_service::tasks;

use crate::extract::{App, Auth, Id, Paging};
use crate::respond::{self, Reply};

/// The page to answer: only when the client sent `offset` or `limit`.
fn page_of(req: &HttpRequest, page: Page) -> Option<Page> {
    Paging::requested(req).then_some(page)
}

crate::resource! {
    tag "tasks", one "task", realm Realm::Tasks;
    /// Create a task (2.5.3.1.34). `fuzzyDueDate` sets `concreteDueDate` to now + 1, 7, 30 or 99
    /// days; `duration` and `phoneNumberIds` only for `taskType` `scheduled_call`.
    create create_task("/v2/tasks", TaskRequest => Task, tasks::create,
        400 "an attribute is invalid (the devmsg names it)",
        404 "listId, relatedTo, assignedTo or a phone number is not within the caller's reach");
    custom list_tasks(Action::View);
    /// Delete the tasks with the given ids (2.5.3.1.39): all of them, or none if any is not the
    /// caller's (404 naming it).
    delete_many delete_tasks("/v2/tasks", tasks::delete_many);
    /// Read a task (2.5.3.1.37).
    get get_task("/v2/tasks/{id}" => Task, tasks::get);
    /// Update a task (2.5.3.1.38): attributes left out keep their value, `null` clears an
    /// optional one; `dueDate` is an alias of `concreteDueDate`.
    update update_task("/v2/tasks/{id}", TaskRequest => Task, tasks::update,
        400 "an attribute is invalid (the devmsg names it)",
        404 "the task, or an id the body names, is not within the caller's reach",
        409 "`duration` or `phoneNumberIds` for a task stored as no `scheduled_call`, or `phoneNumberIds` for a task stored without a contact, the body not changing that");
    /// Delete a task (2.5.3.1.40).
    delete delete_task("/v2/tasks/{id}", tasks::delete);
    custom contact_tasks(Action::View, Realm::ContactTasks);
}

// `GET /v2/tasks`: the caller's tasks.
/// Read the caller's tasks (2.5.3.1.35), by `concreteDueDate` descending (tasks without one
/// last). A bare array; with `offset` or `limit`, the list envelope.
#[utoipa::path(get, path = "/v2/tasks", tag = "tasks",
    params(
        ("offset" = Option<i64>, Query), ("limit" = Option<i64>, Query),
    ),
    responses(
        (status = 200, description = "the tasks; with offset or limit, the list envelope", body = Listed<Task>),
        (status = 400, description = "offset or limit invalid", body = ErrorBody),
    ))]
pub async fn list_tasks(ctx: App, auth: Auth, req: HttpRequest, paging: Paging) -> Reply {
    let page = page_of(&req, paging.0);
    Ok(respond::ok(tasks::list(&ctx, &auth, page).await?))
}

// `GET /v2/contacts/:id/tasks`: the tasks related to one contact.
/// Read the tasks related to one of the caller's contacts (2.5.3.1.36), sorted like
/// `GET /v2/tasks`.
#[utoipa::path(get, path = "/v2/contacts/{id}/tasks", tag = "tasks",
    params(
        ("id" = i64, Path, description = "contact id"),
        ("offset" = Option<i64>, Query), ("limit" = Option<i64>, Query),
    ),
    responses(
        (status = 200, description = "the tasks; with offset or limit, the list envelope", body = Listed<Task>),
        (status = 400, description = "id, offset or limit invalid", body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ))]
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

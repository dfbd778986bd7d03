//! Task lists (2.5.3.1.41–45); `/v2/tasksLists/:id` (the document's spelling) is an alias.

use interact_domain::tasks::{TaskList, TaskListRequest};
use interact_errors::Realm;
use interact_service::task_lists;

crate::resource! {
    tag "tasks", one "task list", realm Realm::TaskLists;
    /// Create a task list (2.5.3.1.41); it answers with its (empty) `tasks`.
    create create_task_list("/v2/taskLists", TaskListRequest => TaskList, task_lists::create,
        400 "title missing, blank or too long");
    /// Read the caller's task lists (2.5.3.1.42), by id, each with its tasks sorted like
    /// `GET /v2/tasks`.
    list list_task_lists("/v2/taskLists" => TaskList, task_lists::list);
    /// Read a task list (2.5.3.1.43) with its tasks.
    get get_task_list("/v2/taskLists/{id}" => TaskList, task_lists::get)
        .alias("/v2/tasksLists/{id}");
    /// Update a task list's title (2.5.3.1.44); it answers with its tasks.
    update update_task_list("/v2/taskLists/{id}", TaskListRequest => TaskList,
        task_lists::update,
        400 "title missing, blank or too long", 404 "no such task list of the caller")
        .alias("/v2/tasksLists/{id}");
    /// Delete a task list (2.5.3.1.45); its tasks stay, with `listId` null.
    delete delete_task_list("/v2/taskLists/{id}", task_lists::delete)
        .alias("/v2/tasksLists/{id}");
}

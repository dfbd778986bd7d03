//! Task lists (2.5.3.1.41–45): one user's each; deleting one keeps its tasks, unlisted.

use diesel::prelude::*;
use interact_errors::Result;

use crate::owned::{owned_deletes, owned_queries};
use crate::schema::task_lists;
use crate::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = task_lists)]
pub struct TaskListRow {
    pub id: i64,
    pub user_id: i64,
    pub title: String,
    pub created: i64,
    pub modified: i64,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = task_lists)]
pub struct TaskListInsertForm<'a> {
    pub user_id: i64,
    pub title: &'a str,
    pub created: i64,
    pub modified: i64,
}

/// A new title.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = task_lists)]
pub struct TaskListUpdateForm<'a> {
    pub title: &'a str,
    pub modified: i64,
}

// Deleting a list unlists its tasks first (or the foreign key does).
owned_queries!(
    task_lists,
    TaskListRow,
    TaskListInsertForm,
    TaskListUpdateForm
);
owned_deletes!(task_lists);

/// The user's task lists by id.
pub fn list(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<TaskListRow>> {
    Ok(task_lists::table
        .filter(task_lists::user_id.eq(user_id))
        .order(task_lists::id.asc())
        .select(TaskListRow::as_select())
        .load(conn)?)
}

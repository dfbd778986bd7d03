//! Task lists (2.5.3.1.41–45): one user's each; deleting one keeps its tasks, unlisted.

use diesel::prelude::*;
use interact_errors::Result;

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

pub fn insert(
    conn: &mut AnyConnection,
    user_id: i64,
    title: &str,
    now: i64,
) -> Result<TaskListRow> {
    Ok(diesel::insert_into(task_lists::table)
        .values((
            task_lists::user_id.eq(user_id),
            task_lists::title.eq(title),
            task_lists::created.eq(now),
            task_lists::modified.eq(now),
        ))
        .returning(task_lists::all_columns)
        .get_result(conn)?)
}

pub fn find(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<Option<TaskListRow>> {
    Ok(task_lists::table
        .filter(task_lists::user_id.eq(user_id))
        .filter(task_lists::id.eq(id))
        .select(TaskListRow::as_select())
        .first(conn)
        .optional()?)
}

/// The user's task lists by id.
pub fn list(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<TaskListRow>> {
    Ok(task_lists::table
        .filter(task_lists::user_id.eq(user_id))
        .order(task_lists::id.asc())
        .select(TaskListRow::as_select())
        .load(conn)?)
}

pub fn rename(conn: &mut AnyConnection, id: i64, title: &str, now: i64) -> Result<TaskListRow> {
    Ok(
        diesel::update(task_lists::table.filter(task_lists::id.eq(id)))
            .set((task_lists::title.eq(title), task_lists::modified.eq(now)))
            .returning(task_lists::all_columns)
            .get_result(conn)?,
    )
}

pub fn delete(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<bool> {
    let n = diesel::delete(
        task_lists::table
            .filter(task_lists::user_id.eq(user_id))
            .filter(task_lists::id.eq(id)),
    )
    .execute(conn)?;
    Ok(n == 1)
}

/// Deletes all task lists of a user (their tasks must be gone or unlisted first, or the
/// foreign key unlists them).
pub fn delete_for_user(conn: &mut AnyConnection, user_id: i64) -> Result<usize> {
    Ok(diesel::delete(task_lists::table.filter(task_lists::user_id.eq(user_id))).execute(conn)?)
}

//! Tasks (2.5.3.1.34–40): one user's each, optionally in one of their task lists, related to
//! one of their contacts or deals, assigned to a user; a scheduled call lists phone numbers
//! (basicInfos of the related contact) in `task_phone_numbers`.

use std::collections::HashMap;

use diesel::prelude::*;
use interact_errors::Result;

use crate::contacts::BasicInfoRow;
use crate::idlist::{in_ids, not_in_ids};
use crate::owned::{contact_queries, owned_queries, owned_row};
use crate::schema::{basic_infos, task_phone_numbers, tasks};
use crate::AnyConnection;

owned_row!(
    tasks,
    TaskRow,
    /// The stored fields of a task but its owner: a full update (`None` written as NULL).
    TaskUpdateForm {
        list_id: Option<i64>,
        contact_id: Option<i64>,
        deal_id: Option<i64>,
        assigned_to: Option<i64>,
        title: Option<String>,
        content: Option<String>,
        status: String,
        task_type: String,
        hot: bool,
        fuzzy_due_date: Option<String>,
        concrete_due_date: Option<i64>,
        duration: Option<i64>,
        created: i64,
        modified: i64,
    }
);

/// A new task: its owner and its fields.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = tasks)]
pub struct TaskInsertForm {
    pub user_id: i64,
    #[diesel(embed)]
    pub form: TaskUpdateForm,
}

owned_queries!(tasks, TaskRow, TaskInsertForm, TaskUpdateForm);
contact_queries!(tasks, TaskRow);

/// Which tasks to list.
#[derive(Debug, Clone, Copy)]
pub enum Of {
    All,
    Contact(i64),
    Deal(i64),
    List(i64),
    /// The tasks in any list.
    Listed,
}

macro_rules! select_of {
    ($user_id:expr, $of:expr) => {{
        let mut q = tasks::table
            .filter(tasks::user_id.eq($user_id))
            .into_boxed();
        match $of {
            Of::All => {}
            Of::Contact(c) => q = q.filter(tasks::contact_id.eq(c)),
            Of::Deal(d) => q = q.filter(tasks::deal_id.eq(d)),
            Of::List(l) => q = q.filter(tasks::list_id.eq(l)),
            Of::Listed => q = q.filter(tasks::list_id.is_not_null()),
        }
        q
    }};
}

/// The tasks, by `concreteDueDate` descending, those without one last, ties by id descending;
/// `offset`/`limit` cut a page.
pub fn list(
    conn: &mut AnyConnection,
    user_id: i64,
    of: Of,
    offset: i64,
    limit: Option<i64>,
) -> Result<Vec<TaskRow>> {
    // SQLite knows no OFFSET without LIMIT.
    Ok(select_of!(user_id, of)
        .select(TaskRow::as_select())
        .order((
            tasks::concrete_due_date.is_null().asc(),
            tasks::concrete_due_date.desc(),
            tasks::id.desc(),
        ))
        .limit(limit.unwrap_or(i64::MAX))
        .offset(offset)
        .load(conn)?)
}

pub fn count(conn: &mut AnyConnection, user_id: i64, of: Of) -> Result<i64> {
    Ok(select_of!(user_id, of).count().get_result(conn)?)
}

pub fn delete(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<bool> {
    diesel::delete(task_phone_numbers::table.filter(task_phone_numbers::task_id.eq(id)))
        .execute(conn)?;
    let n = diesel::delete(
        tasks::table
            .filter(tasks::user_id.eq(user_id))
            .filter(tasks::id.eq(id)),
    )
    .execute(conn)?;
    Ok(n == 1)
}

/// Replaces a task's phone numbers with these basicInfos, in this order.
pub fn set_phone_numbers(conn: &mut AnyConnection, task_id: i64, ids: &[i64]) -> Result<()> {
    diesel::delete(task_phone_numbers::table.filter(task_phone_numbers::task_id.eq(task_id)))
        .execute(conn)?;
    for (i, b) in ids.iter().enumerate() {
        diesel::insert_into(task_phone_numbers::table)
            .values((
                task_phone_numbers::task_id.eq(task_id),
                task_phone_numbers::position.eq(i as i64),
                task_phone_numbers::basic_info_id.eq(*b),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The phone numbers of each of the given tasks, in their order.
pub fn phone_numbers(
    conn: &mut AnyConnection,
    task_ids: &[i64],
) -> Result<HashMap<i64, Vec<BasicInfoRow>>> {
    let mut out: HashMap<i64, Vec<BasicInfoRow>> = HashMap::new();
    let rows: Vec<(i64, BasicInfoRow)> = task_phone_numbers::table
        .inner_join(basic_infos::table)
        .filter(in_ids(task_phone_numbers::task_id, task_ids))
        .order((task_phone_numbers::task_id, task_phone_numbers::position))
        .select((task_phone_numbers::task_id, BasicInfoRow::as_select()))
        .load(conn)?;
    for (t, b) in rows {
        out.entry(t).or_default().push(b);
    }
    Ok(out)
}

/// The ids of the user's tasks that list any of a contact's basicInfos other than `keep`.
pub fn tasks_with_phone_numbers_of(
    conn: &mut AnyConnection,
    contact_id: i64,
    keep: &[i64],
) -> Result<Vec<(i64, i64)>> {
    Ok(task_phone_numbers::table
        .inner_join(basic_infos::table)
        .filter(basic_infos::contact_id.eq(contact_id))
        .filter(not_in_ids(basic_infos::id, keep))
        .order((task_phone_numbers::task_id, task_phone_numbers::position))
        .select((
            task_phone_numbers::task_id,
            task_phone_numbers::basic_info_id,
        ))
        .load(conn)?)
}

/// Removes these basicInfos from a task's phone numbers.
pub fn remove_phone_numbers(
    conn: &mut AnyConnection,
    task_id: i64,
    basic_info_ids: &[i64],
) -> Result<()> {
    diesel::delete(
        task_phone_numbers::table
            .filter(task_phone_numbers::task_id.eq(task_id))
            .filter(in_ids(task_phone_numbers::basic_info_id, basic_info_ids)),
    )
    .execute(conn)?;
    Ok(())
}

/// Deletes all tasks of a user with their phone numbers.
pub fn delete_for_user(conn: &mut AnyConnection, user_id: i64) -> Result<usize> {
    let ids = tasks::table
        .filter(tasks::user_id.eq(user_id))
        .select(tasks::id);
    diesel::delete(task_phone_numbers::table.filter(task_phone_numbers::task_id.eq_any(ids)))
        .execute(conn)?;
    Ok(diesel::delete(tasks::table.filter(tasks::user_id.eq(user_id))).execute(conn)?)
}

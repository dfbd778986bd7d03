//! Tasks (2.5.3.1.34–40): one user's each, optionally in one of their task lists, related to
//! one of their contacts or deals, assigned to a user; a scheduled call lists phone numbers
//! (basicInfos of the related contact) in `task_phone_numbers`.

use std::collections::HashMap;

use diesel::prelude::*;
use interact_errors::Result;

use crate::contacts::BasicInfoRow;
use crate::owned::{contact_queries, owned_queries};
use crate::schema::{basic_infos, task_phone_numbers, tasks};
use crate::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = tasks)]
pub struct TaskRow {
    pub id: i64,
    pub user_id: i64,
    pub list_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub deal_id: Option<i64>,
    pub assigned_to: Option<i64>,
    pub title: Option<String>,
    pub content: Option<String>,
    pub status: String,
    pub task_type: String,
    pub hot: bool,
    pub fuzzy_due_date: Option<String>,
    pub concrete_due_date: Option<i64>,
    pub duration: Option<i64>,
    pub created: i64,
    pub modified: i64,
}

/// A new task: its owner and its fields.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = tasks)]
pub struct TaskInsertForm {
    pub user_id: i64,
    #[diesel(embed)]
    pub form: TaskUpdateForm,
}

/// The stored fields of a task but its owner: a full update (`None` written as NULL).
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = tasks, treat_none_as_null = true)]
pub struct TaskUpdateForm {
    pub list_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub deal_id: Option<i64>,
    pub assigned_to: Option<i64>,
    pub title: Option<String>,
    pub content: Option<String>,
    pub status: String,
    pub task_type: String,
    pub hot: bool,
    pub fuzzy_due_date: Option<String>,
    pub concrete_due_date: Option<i64>,
    pub duration: Option<i64>,
    pub created: i64,
    pub modified: i64,
}

impl From<TaskRow> for TaskUpdateForm {
    fn from(r: TaskRow) -> Self {
        TaskUpdateForm {
            list_id: r.list_id,
            contact_id: r.contact_id,
            deal_id: r.deal_id,
            assigned_to: r.assigned_to,
            title: r.title,
            content: r.content,
            status: r.status,
            task_type: r.task_type,
            hot: r.hot,
            fuzzy_due_date: r.fuzzy_due_date,
            concrete_due_date: r.concrete_due_date,
            duration: r.duration,
            created: r.created,
            modified: r.modified,
        }
    }
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
    for chunk in task_ids.chunks(500) {
        let rows: Vec<(i64, BasicInfoRow)> = task_phone_numbers::table
            .inner_join(basic_infos::table)
            .filter(task_phone_numbers::task_id.eq_any(chunk))
            .order((task_phone_numbers::task_id, task_phone_numbers::position))
            .select((task_phone_numbers::task_id, BasicInfoRow::as_select()))
            .load(conn)?;
        for (t, b) in rows {
            out.entry(t).or_default().push(b);
        }
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
        .filter(basic_infos::id.ne_all(keep))
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
            .filter(task_phone_numbers::basic_info_id.eq_any(basic_info_ids)),
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

//! Task lists (2.5.3.1.41–45): create, list and read (each with its tasks), rename, delete
//! (the tasks stay, unlisted). Every change journaled in its transaction; the journal records
//! a list as `{id, title}`, its tasks being journaled on their own.

use std::collections::HashMap;

use interact_domain::tasks::{TaskList, TaskListRequest, TaskListState};
use interact_errors::{Action, Error, Exception, Realm, Result, Tag};
use interact_store::task_lists::{
    self as store, TaskListInsertForm, TaskListRow, TaskListUpdateForm,
};
use interact_store::tasks::{self as task_store, Of};
use interact_store::AnyConnection;

use crate::auth::Principal;
use crate::journal;
use crate::Ctx;

const ENTITY: &str = "taskList";
/// Longest `title`, in characters.
pub const MAX_TITLE: usize = 255;

fn not_found(id: i64) -> Error {
    Error::not_found(
        Exception::TaskListNotFound,
        format!("task list {id} not found"),
    )
}

fn title_of(raw: Option<Option<String>>) -> Result<String> {
    let t = raw.flatten().ok_or_else(|| Error::missing("title"))?;
    if t.trim().is_empty() {
        return Err(Error::missing("title"));
    }
    if t.chars().count() > MAX_TITLE {
        return Err(Error::too_long("title", MAX_TITLE));
    }
    Ok(t)
}

fn state(row: &TaskListRow) -> TaskListState {
    TaskListState {
        id: row.id,
        title: row.title.clone(),
    }
}

/// The lists with their tasks (one query for all the tasks).
pub(crate) fn with_tasks(
    conn: &mut AnyConnection,
    user_id: i64,
    rows: Vec<TaskListRow>,
) -> Result<Vec<TaskList>> {
    let task_rows = match rows.as_slice() {
        [] => Vec::new(),
        [one] => task_store::list(conn, user_id, Of::List(one.id), 0, None)?,
        _ => task_store::list(conn, user_id, Of::Listed, 0, None)?,
    };
    let tasks = crate::tasks::views(conn, user_id, &task_rows)?;
    let mut by_list: HashMap<i64, Vec<_>> = HashMap::new();
    for t in tasks {
        if let Some(l) = t.list_id {
            by_list.entry(l).or_default().push(t);
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| TaskList {
            id: r.id,
            tasks: by_list.remove(&r.id).unwrap_or_default(),
            title: r.title,
        })
        .collect())
}

/// `PUT /v2/taskLists`.
pub async fn create(ctx: &Ctx, who: &Principal, req: TaskListRequest) -> Result<TaskList> {
    let title = title_of(req.title).tag(Action::Create, Realm::TaskLists)?;
    let (user_id, now) = (who.user_id, ctx.clock.now_ms());
    ctx.db
        .write(move |c| {
            let row = store::insert(
                c,
                &TaskListInsertForm {
                    user_id,
                    title: &title,
                    created: now,
                    modified: now,
                },
            )?;
            journal::inserted(c, user_id, (ENTITY, row.id), &state(&row), now)?;
            Ok(TaskList {
                id: row.id,
                title: row.title,
                tasks: Vec::new(),
            })
        })
        .await
        .tag(Action::Create, Realm::TaskLists)
}

/// `GET /v2/taskLists`: by id, each with its tasks.
pub async fn list(ctx: &Ctx, who: &Principal) -> Result<Vec<TaskList>> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            let rows = store::list(c, user_id)?;
            with_tasks(c, user_id, rows)
        })
        .await
        .tag(Action::View, Realm::TaskLists)
}

/// `GET /v2/taskLists/:id`.
pub async fn get(ctx: &Ctx, who: &Principal, id: i64) -> Result<TaskList> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            let row = store::find(c, user_id, id)?.ok_or_else(|| not_found(id))?;
            Ok(with_tasks(c, user_id, vec![row])?.remove(0))
        })
        .await
        .tag(Action::View, Realm::TaskLists)
}

/// `POST /v2/taskLists/:id`: a new title.
pub async fn update(ctx: &Ctx, who: &Principal, id: i64, req: TaskListRequest) -> Result<TaskList> {
    let title = title_of(req.title).tag(Action::Edit, Realm::TaskLists)?;
    let (user_id, now) = (who.user_id, ctx.clock.now_ms());
    ctx.db
        .write(move |c| {
            let old = store::find(c, user_id, id)?.ok_or_else(|| not_found(id))?;
            let row = store::update(
                c,
                id,
                &TaskListUpdateForm {
                    title: &title,
                    modified: now,
                },
            )?;
            journal::updated(c, user_id, (ENTITY, id), &state(&old), &state(&row), now)?;
            Ok(with_tasks(c, user_id, vec![row])?.remove(0))
        })
        .await
        .tag(Action::Edit, Realm::TaskLists)
}

/// `DELETE /v2/taskLists/:id`: its tasks stay, with `listId` null (each journaled).
pub async fn delete(ctx: &Ctx, who: &Principal, id: i64) -> Result<()> {
    let (user_id, now) = (who.user_id, ctx.clock.now_ms());
    ctx.db
        .write(move |c| {
            let old = store::find(c, user_id, id)?.ok_or_else(|| not_found(id))?;
            crate::tasks::on_list_delete(c, user_id, crate::ids::TaskListId(id), now)?;
            store::delete(c, user_id, id)?;
            journal::deleted(c, user_id, (ENTITY, id), &state(&old), now)
        })
        .await
        .tag(Action::Delete, Realm::TaskLists)
}

//! Tasks (2.5.3.1.34–40): create, list (all, a contact's), read, update, delete one or
//! several. A task may sit in one of the caller's task lists, relate to one of their contacts
//! or deals, be assigned to a user of their company, and, as a scheduled call, list phone
//! numbers of the related contact. Every change journaled in its transaction.

use std::collections::{HashMap, HashSet};

use interact_domain::tasks::{
    Task, TaskAssignee, TaskPhoneNumber, TaskRelatedTo, TaskRequest, FUZZY_DUE_DATES,
    TASK_STATUSES, TASK_TYPES,
};
use interact_domain::{ListPage, Listed, Page};
use interact_errors::{Action, Error, Exception, Realm, Result, Tag};
use interact_store::tasks::{self as store, Of, TaskInsertForm, TaskRow, TaskUpdateForm};
use interact_store::{contacts, task_lists, users, AnyConnection};

use crate::auth::Principal;
use crate::bulk::Owned;
use crate::ids::{ContactId, DealId, TaskListId};
use crate::journal;
use crate::related::{self, Target};
use crate::Ctx;

const ENTITY: &str = "task";
/// Longest `title`, in characters.
pub const MAX_TITLE: usize = 255;
/// Longest `content`, in characters.
pub const MAX_CONTENT: usize = 65_535;
/// Most phone numbers of one scheduled call.
pub const MAX_PHONE_NUMBERS: usize = 50;
const DAY_MS: i64 = 86_400_000;
const SCHEDULED_CALL: &str = "scheduled_call";

fn not_found(id: i64) -> Error {
    Error::not_found(Exception::TaskNotFound, format!("task {id} not found"))
}

fn list_not_found(id: i64) -> Error {
    Error::not_found(
        Exception::TaskListNotFound,
        format!("listId: task list {id} not found"),
    )
}

fn assignee_not_found(id: i64) -> Error {
    Error::not_found(
        Exception::UserNotFound,
        format!("assignedTo: user {id} is not a user of your company"),
    )
}

/// Wire tasks for rows, with the names of what they relate to and their phone numbers.
pub(crate) fn views(conn: &mut AnyConnection, user_id: i64, rows: &[TaskRow]) -> Result<Vec<Task>> {
    let cids: Vec<i64> = rows.iter().filter_map(|r| r.contact_id).collect();
    let contacts = related::contact_names(conn, user_id, &cids)?;
    let dids: Vec<i64> = rows.iter().filter_map(|r| r.deal_id).collect();
    let deal_names = related::deal_names(conn, user_id, &dids)?;
    let uids: Vec<i64> = rows
        .iter()
        .filter_map(|r| r.assigned_to)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let emails: HashMap<i64, String> = if uids.is_empty() {
        HashMap::new()
    } else {
        users::find_many(conn, &uids)?
            .into_iter()
            .map(|u| (u.id, u.email))
            .collect()
    };
    let scheduled: Vec<i64> = rows
        .iter()
        .filter(|r| r.task_type == SCHEDULED_CALL)
        .map(|r| r.id)
        .collect();
    let mut phones = if scheduled.is_empty() {
        HashMap::new()
    } else {
        store::phone_numbers(conn, &scheduled)?
    };
    Ok(rows
        .iter()
        .map(|r| Task {
            id: r.id,
            assigned_to: r.assigned_to.and_then(|u| {
                emails.get(&u).map(|e| TaskAssignee {
                    id: u,
                    display_name: e.clone(),
                })
            }),
            concrete_due_date: r.concrete_due_date,
            content: r.content.clone(),
            created: r.created,
            duration: r.duration,
            fuzzy_due_date: r.fuzzy_due_date.clone(),
            hot: r.hot,
            list_id: r.list_id,
            phone_numbers: phones
                .remove(&r.id)
                .unwrap_or_default()
                .into_iter()
                .map(|b| TaskPhoneNumber {
                    id: b.id,
                    type_: b.type_,
                    subtype: b.subtype,
                    value: b.value,
                    excluded: b.excluded,
                })
                .collect(),
            related_to: if let Some(c) = r.contact_id {
                Some(TaskRelatedTo {
                    id: c,
                    type_: "contact".into(),
                    display_name: contacts.get(&c).cloned().unwrap_or_default(),
                })
            } else {
                r.deal_id.map(|d| TaskRelatedTo {
                    id: d,
                    type_: "deal".into(),
                    display_name: deal_names.get(&d).cloned().unwrap_or_default(),
                })
            },
            status: r.status.clone(),
            task_type: r.task_type.clone(),
            title: r.title.clone(),
        })
        .collect())
}

pub(crate) fn view(conn: &mut AnyConnection, user_id: i64, row: &TaskRow) -> Result<Task> {
    views(conn, user_id, std::slice::from_ref(row))?
        .into_iter()
        .next()
        .ok_or_else(|| not_found(row.id))
}

fn one_of(field: &str, value: Option<String>, allowed: &[&str]) -> Result<String> {
    let Some(value) = value else {
        return Err(Error::invalid(format!(
            "{field} cannot be null; it is one of {}",
            allowed.join(", ")
        )));
    };
    if allowed.contains(&value.as_str()) {
        Ok(value)
    } else {
        Err(Error::invalid(format!(
            "{field} must be one of {}, not {value:?}",
            allowed.join(", ")
        )))
    }
}

fn text(field: &str, value: Option<String>, max: usize) -> Result<Option<String>> {
    match value {
        Some(v) if v.chars().count() > max => Err(Error::too_long(field, max)),
        v => Ok(v),
    }
}

fn time(field: &str, value: Option<i64>) -> Result<Option<i64>> {
    match value {
        Some(t) if t < 0 => Err(Error::invalid(format!(
            "{field} must be a time in milliseconds since the epoch, not {t}"
        ))),
        t => Ok(t),
    }
}

/// What a request asks for a task's phone numbers.
#[derive(Debug, Clone)]
enum Phones {
    /// Left out: the stored ones stay, as far as they still fit the task.
    Keep(Vec<i64>),
    /// Given: exactly these, checked strictly.
    Set(Vec<i64>),
}

/// Applies a request to stored fields (empty ones on create) and validates what can be
/// validated without the database. Ownership of the ids is checked by `check` inside the
/// transaction.
fn apply(
    mut f: TaskUpdateForm,
    stored_phones: Vec<i64>,
    req: TaskRequest,
    creating: bool,
    now: i64,
) -> Result<(TaskUpdateForm, Phones)> {
    if let Some(t) = req.title {
        f.title = text("title", t, MAX_TITLE)?;
    }
    if let Some(c) = req.content {
        f.content = text("content", c, MAX_CONTENT)?;
    }
    if let Some(s) = req.status {
        f.status = one_of("status", s, TASK_STATUSES)?;
    }
    // Whether the type the rules below depend on is the body's or the stored one.
    let stored_type = !creating && req.task_type.is_none();
    let stored_relation = !creating && req.related_to.is_none();
    if let Some(t) = req.task_type {
        f.task_type = one_of("taskType", t, TASK_TYPES)?;
    }
    match req.hot {
        Some(None) => return Err(Error::invalid("hot cannot be null; it is true or false")),
        Some(Some(h)) => f.hot = h,
        None => {}
    }
    if let Some(a) = req.assigned_to {
        f.assigned_to = match a {
            None => None,
            Some(a) => Some(a.id().ok_or_else(|| Error::missing("assignedTo.id"))?),
        };
    }
    if let Some(l) = req.list_id {
        f.list_id = l;
    }
    let old_contact = f.contact_id;
    if let Some(rel) = req.related_to {
        (f.contact_id, f.deal_id) = match rel {
            None => (None, None),
            Some(t) => {
                let id = t.id.ok_or_else(|| Error::missing("relatedTo.id"))?;
                Target::parse(t.type_.as_deref(), id)?.columns()
            }
        };
    }
    // Due dates: `dueDate` is `concreteDueDate`; a fuzzy one sets the concrete one unless
    // that is given too; a concrete one given alone clears the fuzzy one.
    let concrete = match (req.concrete_due_date, req.due_date) {
        (Some(a), Some(b)) if a != b => {
            return Err(Error::invalid(
                "dueDate is an alias of concreteDueDate; give one, or the same value in both",
            ))
        }
        (a, b) => a.or(b),
    };
    let concrete = concrete.map(|c| time("concreteDueDate", c)).transpose()?;
    match req.fuzzy_due_date {
        Some(Some(fuzzy)) => {
            let Some((_, days)) = FUZZY_DUE_DATES.iter().find(|(name, _)| *name == fuzzy) else {
                let names: Vec<&str> = FUZZY_DUE_DATES.iter().map(|(n, _)| *n).collect();
                return Err(Error::invalid(format!(
                    "fuzzyDueDate must be one of {}, not {fuzzy:?}",
                    names.join(", ")
                )));
            };
            f.concrete_due_date = concrete.unwrap_or(Some(now + days * DAY_MS));
            f.fuzzy_due_date = Some(fuzzy);
        }
        Some(None) => {
            f.fuzzy_due_date = None;
            if let Some(c) = concrete {
                f.concrete_due_date = c;
            }
        }
        None => {
            if let Some(c) = concrete {
                f.concrete_due_date = c;
                f.fuzzy_due_date = None;
            }
        }
    }
    if let Some(d) = req.duration {
        if d.is_some_and(|d| d < 0) {
            return Err(Error::invalid("duration must not be negative"));
        }
        f.duration = d;
    }
    let mut phones = match req.phone_number_ids {
        None => {
            // Phone numbers of a contact the task no longer relates to go.
            if f.contact_id == old_contact {
                Phones::Keep(stored_phones)
            } else {
                Phones::Keep(Vec::new())
            }
        }
        Some(None) => Phones::Set(Vec::new()),
        Some(Some(ids)) => {
            if ids.len() > MAX_PHONE_NUMBERS {
                return Err(Error::invalid(format!(
                    "phoneNumberIds may list at most {MAX_PHONE_NUMBERS} phone numbers"
                )));
            }
            let mut seen = HashSet::new();
            for (i, id) in ids.iter().enumerate() {
                if !seen.insert(*id) {
                    return Err(Error::invalid(format!(
                        "phoneNumberIds[{i}]: basicInfo {id} is listed twice"
                    )));
                }
            }
            Phones::Set(ids)
        }
    };
    if f.task_type != SCHEDULED_CALL {
        // Against the stored type the body is well formed, and conflicts with the task as
        // stored (409); against the body's own type it is invalid (400).
        let only = |field: &str| {
            let msg = format!(
                "{field} is only for taskType scheduled_call, and this task is a {}",
                f.task_type
            );
            if stored_type {
                Error::conflict(msg)
            } else {
                Error::invalid(msg)
            }
        };
        if matches!(req.duration, Some(Some(_))) {
            return Err(only("duration"));
        }
        if matches!(&phones, Phones::Set(ids) if !ids.is_empty()) {
            return Err(only("phoneNumberIds"));
        }
        // A task that is no (longer a) scheduled call has neither.
        f.duration = None;
        phones = Phones::Set(Vec::new());
    }
    if matches!(&phones, Phones::Set(ids) if !ids.is_empty()) && f.contact_id.is_none() {
        let msg = "phoneNumberIds are basicInfos of the related contact: relatedTo must be a \
                   contact";
        return Err(if stored_relation {
            Error::conflict(msg)
        } else {
            Error::invalid(msg)
        });
    }
    if creating {
        f.created = time("created", req.created)?.unwrap_or(now);
    }
    f.modified = now;
    Ok((f, phones))
}

/// Checks, inside the write transaction, that every id the fields name is within the caller's
/// reach, and answers the phone numbers to store.
fn check(
    conn: &mut AnyConnection,
    who: &Principal,
    f: &TaskUpdateForm,
    phones: Phones,
) -> Result<Vec<i64>> {
    let user_id = who.user_id;
    if let Some(l) = f.list_id {
        task_lists::find(conn, user_id, l)?.ok_or_else(|| list_not_found(l))?;
    }
    if let Some(c) = f.contact_id {
        related::check(conn, user_id, Target::Contact(c))?;
    }
    if let Some(d) = f.deal_id {
        related::check(conn, user_id, Target::Deal(d))?;
    }
    if let Some(a) = f.assigned_to {
        if a != user_id {
            let user = users::find(conn, a)?;
            let colleague =
                user.is_some_and(|u| u.company_id.is_some() && u.company_id == who.company_id);
            if !colleague {
                return Err(assignee_not_found(a));
            }
        }
    }
    let fits = |b: &contacts::BasicInfoRow| {
        f.contact_id.is_some()
            && b.contact_id == f.contact_id
            && (b.type_ == "mobile" || b.type_ == "phone")
    };
    match phones {
        Phones::Keep(ids) => {
            let mut out = Vec::new();
            for id in ids {
                if contacts::find_basic_info(conn, user_id, id)?.is_some_and(|b| fits(&b)) {
                    out.push(id);
                }
            }
            Ok(out)
        }
        Phones::Set(ids) => {
            for (i, id) in ids.iter().enumerate() {
                let b = contacts::find_basic_info(conn, user_id, *id)?.ok_or_else(|| {
                    Error::not_found(
                        Exception::BasicInfoNotFound,
                        format!("phoneNumberIds[{i}]: basicInfo {id} not found"),
                    )
                })?;
                if !fits(&b) {
                    return Err(Error::invalid(format!(
                        "phoneNumberIds[{i}]: basicInfo {id} is not a mobile or phone number of \
                         contact {}",
                        f.contact_id.unwrap_or_default()
                    )));
                }
            }
            Ok(ids)
        }
    }
}

fn stored_phones(conn: &mut AnyConnection, id: i64) -> Result<Vec<i64>> {
    Ok(store::phone_numbers(conn, &[id])?
        .remove(&id)
        .unwrap_or_default()
        .into_iter()
        .map(|b| b.id)
        .collect())
}

/// `PUT /v2/tasks`.
pub async fn create(ctx: &Ctx, who: &Principal, req: TaskRequest) -> Result<Task> {
    let (user_id, now) = (who.user_id, ctx.clock.now_ms());
    let empty = TaskUpdateForm {
        list_id: None,
        contact_id: None,
        deal_id: None,
        assigned_to: Some(user_id),
        title: None,
        content: None,
        status: "open".into(),
        task_type: "task".into(),
        hot: false,
        fuzzy_due_date: None,
        concrete_due_date: None,
        duration: None,
        created: now,
        modified: now,
    };
    let (fields, phones) =
        apply(empty, Vec::new(), req, true, now).tag(Action::Create, Realm::Tasks)?;
    let who = who.clone();
    ctx.db
        .write(move |c| {
            // First, so that a concurrent change of the same user's data (which takes the
            // same lock) is seen committed by the checks below.
            let phones = check(c, &who, &fields, phones)?;
            let row = store::insert(
                c,
                &TaskInsertForm {
                    user_id,
                    form: fields,
                },
            )?;
            store::set_phone_numbers(c, row.id, &phones)?;
            let task = view(c, user_id, &row)?;
            journal::inserted(c, user_id, (ENTITY, row.id), &task, now)?;
            Ok(task)
        })
        .await
        .tag(Action::Create, Realm::Tasks)
}

fn listing(
    conn: &mut AnyConnection,
    user_id: i64,
    of: Of,
    page: Option<Page>,
) -> Result<Listed<Task>> {
    match page {
        None => {
            let rows = store::list(conn, user_id, of, 0, None)?;
            Ok(Listed::All(views(conn, user_id, &rows)?))
        }
        Some(page) => {
            let total = store::count(conn, user_id, of)?;
            let rows = store::list(conn, user_id, of, page.offset, page.limit)?;
            let data = views(conn, user_id, &rows)?;
            Ok(Listed::Page(ListPage::new(data, page, total)))
        }
    }
}

/// `GET /v2/tasks`: by `concreteDueDate` descending, tasks without one last; `page` (when the
/// client sent `offset` or `limit`) answers one page in the list envelope.
pub async fn list(ctx: &Ctx, who: &Principal, page: Option<Page>) -> Result<Listed<Task>> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| listing(c, user_id, Of::All, page))
        .await
        .tag(Action::View, Realm::Tasks)
}

/// `GET /v2/contacts/:id/tasks`: the tasks related to one of the caller's contacts.
pub async fn of_contact(
    ctx: &Ctx,
    who: &Principal,
    contact_id: i64,
    page: Option<Page>,
) -> Result<Listed<Task>> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            related::listed_contact(c, user_id, contact_id)?;
            listing(c, user_id, Of::Contact(contact_id), page)
        })
        .await
        .tag(Action::View, Realm::ContactTasks)
}

/// `GET /v2/tasks/:id`.
pub async fn get(ctx: &Ctx, who: &Principal, id: i64) -> Result<Task> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            let row = store::find(c, user_id, id)?.ok_or_else(|| not_found(id))?;
            view(c, user_id, &row)
        })
        .await
        .tag(Action::View, Realm::Tasks)
}

/// `POST /v2/tasks/:id`: attributes left out keep their value, `null` clears one.
pub async fn update(ctx: &Ctx, who: &Principal, id: i64, req: TaskRequest) -> Result<Task> {
    let (user_id, now) = (who.user_id, ctx.clock.now_ms());
    let who = who.clone();
    ctx.db
        .write(move |c| {
            let row = store::find(c, user_id, id)?.ok_or_else(|| not_found(id))?;
            let old = view(c, user_id, &row)?;
            let phones = stored_phones(c, id)?;
            let (fields, phones) = apply(row.into(), phones, req, false, now)?;
            let phones = check(c, &who, &fields, phones)?;
            let row = store::update(c, id, &fields)?;
            store::set_phone_numbers(c, id, &phones)?;
            let new = view(c, user_id, &row)?;
            journal::updated(c, user_id, (ENTITY, id), &old, &new, now)?;
            Ok(new)
        })
        .await
        .tag(Action::Edit, Realm::Tasks)
}

fn delete_in(conn: &mut AnyConnection, user_id: i64, id: i64, now: i64) -> Result<()> {
    let row = store::find(conn, user_id, id)?.ok_or_else(|| not_found(id))?;
    let old = view(conn, user_id, &row)?;
    store::delete(conn, user_id, id)?;
    journal::deleted(conn, user_id, (ENTITY, id), &old, now)
}

/// The deletes of tasks (`crate::bulk`).
const TASKS: Owned<TaskRow> = Owned::new(Realm::Tasks, store::find, not_found, delete_in);

/// `DELETE /v2/tasks/:id`.
pub async fn delete(ctx: &Ctx, who: &Principal, id: i64) -> Result<()> {
    TASKS.delete_many(ctx, who, vec![id]).await
}

/// `DELETE /v2/tasks?ids=…`: all or nothing.
pub async fn delete_many(ctx: &Ctx, who: &Principal, ids: Vec<i64>) -> Result<()> {
    TASKS.delete_many(ctx, who, ids).await
}

/// Changes a stored task from inside another entity's write transaction (a contact, deal,
/// basicInfo or task list going away), journaled as an update of the task.
fn rewrite(
    conn: &mut AnyConnection,
    user_id: i64,
    row: TaskRow,
    change: impl FnOnce(&mut TaskUpdateForm),
    phones: Option<Vec<i64>>,
    now: i64,
) -> Result<()> {
    let id = row.id;
    let old = view(conn, user_id, &row)?;
    let mut fields: TaskUpdateForm = row.into();
    change(&mut fields);
    fields.modified = now;
    let row = store::update(conn, id, &fields)?;
    if let Some(p) = phones {
        store::set_phone_numbers(conn, id, &p)?;
    }
    let new = view(conn, user_id, &row)?;
    journal::updated(conn, user_id, (ENTITY, id), &old, &new, now)
}

/// Before a contact is deleted: its tasks stay but no longer relate to it, and lose its
/// phone numbers. Each journaled.
pub(crate) fn on_contact_delete(
    conn: &mut AnyConnection,
    user_id: i64,
    contact: ContactId,
    now: i64,
) -> Result<()> {
    for row in store::list(conn, user_id, Of::Contact(contact.0), 0, None)? {
        rewrite(
            conn,
            user_id,
            row,
            |f| f.contact_id = None,
            Some(Vec::new()),
            now,
        )?;
    }
    Ok(())
}

/// Before a deal is deleted: its tasks stay but no longer relate to it. Each journaled.
pub(crate) fn on_deal_delete(
    conn: &mut AnyConnection,
    user_id: i64,
    deal: DealId,
    now: i64,
) -> Result<()> {
    for row in store::list(conn, user_id, Of::Deal(deal.0), 0, None)? {
        rewrite(conn, user_id, row, |f| f.deal_id = None, None, now)?;
    }
    Ok(())
}

/// Before a contact's basicInfos other than `keep` are deleted: tasks listing any of them
/// as phone numbers lose them. Each journaled.
pub(crate) fn on_basic_infos_delete(
    conn: &mut AnyConnection,
    user_id: i64,
    contact: ContactId,
    keep: &[i64],
    now: i64,
) -> Result<()> {
    let mut gone: HashMap<i64, Vec<i64>> = HashMap::new();
    for (task, basic_info) in store::tasks_with_phone_numbers_of(conn, contact.0, keep)? {
        gone.entry(task).or_default().push(basic_info);
    }
    let mut tasks: Vec<i64> = gone.keys().copied().collect();
    tasks.sort_unstable();
    for id in tasks {
        let Some(row) = store::find(conn, user_id, id)? else {
            continue;
        };
        let remaining: Vec<i64> = stored_phones(conn, id)?
            .into_iter()
            .filter(|b| !gone[&id].contains(b))
            .collect();
        rewrite(conn, user_id, row, |_| {}, Some(remaining), now)?;
    }
    Ok(())
}

/// Before a task list is deleted: its tasks stay, unlisted. Each journaled.
pub(crate) fn on_list_delete(
    conn: &mut AnyConnection,
    user_id: i64,
    list: TaskListId,
    now: i64,
) -> Result<()> {
    for row in store::list(conn, user_id, Of::List(list.0), 0, None)? {
        rewrite(conn, user_id, row, |f| f.list_id = None, None, now)?;
    }
    Ok(())
}

/// For a merge of contacts (inside its write transaction): the tasks related to `from` relate
/// to `into` instead, keeping the phone numbers that are basicInfos of `into` by then (move
/// the basicInfos first). Each journaled.
pub(crate) fn reattach(
    conn: &mut AnyConnection,
    user_id: i64,
    from: ContactId,
    into: ContactId,
    now: i64,
) -> Result<()> {
    let ContactId(into) = into;
    for row in store::list(conn, user_id, Of::Contact(from.0), 0, None)? {
        let mut kept = Vec::new();
        for b in stored_phones(conn, row.id)? {
            if contacts::find_basic_info(conn, user_id, b)?
                .is_some_and(|b| b.contact_id == Some(into))
            {
                kept.push(b);
            }
        }
        rewrite(
            conn,
            user_id,
            row,
            |f| f.contact_id = Some(into),
            Some(kept),
            now,
        )?;
    }
    Ok(())
}

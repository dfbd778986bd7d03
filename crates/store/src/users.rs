//! Users: rows, forms and the queries on them.

use diesel::prelude::*;
use interact_errors::Result;

use std::collections::HashMap;

use crate::idlist::in_ids;
use crate::schema::{groups, interactions, user_groups, users};
use crate::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i64,
    pub uuid: String,
    pub email: String,
    pub password_hash: String,
    pub active: bool,
    pub company_id: Option<i64>,
    /// Comma-separated role names.
    pub roles: String,
    pub created: i64,
}

impl User {
    pub fn role_names(&self) -> Vec<String> {
        self.roles
            .split(',')
            .filter(|r| !r.is_empty())
            .map(str::to_string)
            .collect()
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct UserInsertForm<'a> {
    pub uuid: &'a str,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub active: bool,
    pub company_id: Option<i64>,
    pub roles: &'a str,
    pub created: i64,
}

/// A group a user belongs to, as the login answer shows it.
#[derive(Debug, Clone, Queryable)]
pub struct GroupRef {
    pub id: i64,
    pub uuid: String,
    pub name: String,
}

pub fn insert(conn: &mut AnyConnection, form: &UserInsertForm) -> Result<User> {
    Ok(diesel::insert_into(users::table)
        .values(form)
        .returning(users::all_columns)
        .get_result(conn)?)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> Result<Option<User>> {
    Ok(users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()?)
}

/// Emails are stored lower-cased; callers pass the lower-cased form.
pub fn find_by_email(conn: &mut AnyConnection, email: &str) -> Result<Option<User>> {
    Ok(users::table
        .filter(users::email.eq(email))
        .select(User::as_select())
        .first(conn)
        .optional()?)
}

pub fn groups_of(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<GroupRef>> {
    Ok(user_groups::table
        .inner_join(groups::table)
        .filter(user_groups::user_id.eq(user_id))
        .select((groups::id, groups::uuid, groups::name))
        .order(groups::id.asc())
        .load(conn)?)
}

/// The groups of each of these users, by group id: one statement whatever the number of users.
pub fn groups_of_many(
    conn: &mut AnyConnection,
    user_ids: &[i64],
) -> Result<HashMap<i64, Vec<GroupRef>>> {
    let rows: Vec<(i64, i64, String, String)> = user_groups::table
        .inner_join(groups::table)
        .filter(in_ids(user_groups::user_id, user_ids))
        .select((user_groups::user_id, groups::id, groups::uuid, groups::name))
        .order((user_groups::user_id.asc(), groups::id.asc()))
        .load(conn)?;
    let mut out: HashMap<i64, Vec<GroupRef>> = HashMap::new();
    for (user, id, uuid, name) in rows {
        out.entry(user)
            .or_default()
            .push(GroupRef { id, uuid, name });
    }
    Ok(out)
}

/// How many interactions each of these users has (users without any are absent): one
/// statement whatever the number of users.
pub fn interactions_counts(
    conn: &mut AnyConnection,
    user_ids: &[i64],
) -> Result<HashMap<i64, i64>> {
    let rows: Vec<(i64, i64)> = interactions::table
        .filter(in_ids(interactions::user_id, user_ids))
        .group_by(interactions::user_id)
        .select((interactions::user_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// The users of these companies, ascending by id.
pub fn of_companies(conn: &mut AnyConnection, company_ids: &[i64]) -> Result<Vec<User>> {
    Ok(users::table
        .filter(in_ids(users::company_id, company_ids))
        .order(users::id.asc())
        .select(User::as_select())
        .load(conn)?)
}

pub fn set_password(conn: &mut AnyConnection, user_id: i64, password_hash: &str) -> Result<()> {
    diesel::update(users::table.find(user_id))
        .set(users::password_hash.eq(password_hash))
        .execute(conn)?;
    Ok(())
}

pub fn count(conn: &mut AnyConnection) -> Result<i64> {
    Ok(users::table.count().get_result(conn)?)
}

/// All users, or those of one company, by id.
pub fn list(conn: &mut AnyConnection, company_id: Option<i64>) -> Result<Vec<User>> {
    let mut q = users::table
        .select(User::as_select())
        .order(users::id.asc())
        .into_boxed();
    if let Some(c) = company_id {
        q = q.filter(users::company_id.eq(c));
    }
    Ok(q.load(conn)?)
}

pub fn find_many(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<User>> {
    Ok(users::table
        .filter(in_ids(users::id, ids))
        .order(users::id.asc())
        .select(User::as_select())
        .load(conn)?)
}

/// The columns an administrator may change; `None` leaves a column as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = users)]
pub struct UserUpdateForm {
    pub email: Option<String>,
    pub password_hash: Option<String>,
    pub active: Option<bool>,
    pub company_id: Option<Option<i64>>,
    pub roles: Option<String>,
}

pub fn update(conn: &mut AnyConnection, id: i64, form: &UserUpdateForm) -> Result<()> {
    if form.email.is_none()
        && form.password_hash.is_none()
        && form.active.is_none()
        && form.company_id.is_none()
        && form.roles.is_none()
    {
        return Ok(());
    }
    diesel::update(users::table.find(id))
        .set(form)
        .execute(conn)?;
    Ok(())
}

pub fn delete(conn: &mut AnyConnection, ids: &[i64]) -> Result<usize> {
    Ok(diesel::delete(users::table.filter(in_ids(users::id, ids))).execute(conn)?)
}

/// How many interactions a user has (`interactionsCount`).
pub fn interactions_count(conn: &mut AnyConnection, user_id: i64) -> Result<i64> {
    crate::interactions::count(conn, user_id)
}

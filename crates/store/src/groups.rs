//! Groups of a company's users: rows and queries.

use diesel::prelude::*;
use interact_errors::Result;

use crate::idlist::in_ids;
use crate::schema::{groups, user_groups};
use crate::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = groups)]
pub struct Group {
    pub id: i64,
    pub uuid: String,
    pub company_id: i64,
    pub name: String,
    pub created: i64,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = groups)]
pub struct GroupInsertForm<'a> {
    pub uuid: &'a str,
    pub company_id: i64,
    pub name: &'a str,
    pub created: i64,
}

pub fn insert(conn: &mut AnyConnection, form: &GroupInsertForm) -> Result<Group> {
    Ok(diesel::insert_into(groups::table)
        .values(form)
        .returning(groups::all_columns)
        .get_result(conn)?)
}

pub fn add_member(conn: &mut AnyConnection, group_id: i64, user_id: i64) -> Result<()> {
    diesel::insert_into(user_groups::table)
        .values((
            user_groups::group_id.eq(group_id),
            user_groups::user_id.eq(user_id),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut AnyConnection, id: i64) -> Result<Option<Group>> {
    Ok(groups::table
        .find(id)
        .select(Group::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_many(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<Group>> {
    Ok(groups::table
        .filter(in_ids(groups::id, ids))
        .select(Group::as_select())
        .load(conn)?)
}

pub fn of_company(conn: &mut AnyConnection, company_id: i64) -> Result<Vec<Group>> {
    Ok(groups::table
        .filter(groups::company_id.eq(company_id))
        .order(groups::id.asc())
        .select(Group::as_select())
        .load(conn)?)
}

pub fn rename(conn: &mut AnyConnection, id: i64, name: &str) -> Result<()> {
    diesel::update(groups::table.find(id))
        .set(groups::name.eq(name))
        .execute(conn)?;
    Ok(())
}

/// Deletes the groups (memberships go with them); returns how many.
pub fn delete(conn: &mut AnyConnection, ids: &[i64]) -> Result<usize> {
    Ok(diesel::delete(groups::table.filter(in_ids(groups::id, ids))).execute(conn)?)
}

/// The ids of the users in a group.
pub fn member_ids(conn: &mut AnyConnection, group_id: i64) -> Result<Vec<i64>> {
    Ok(user_groups::table
        .filter(user_groups::group_id.eq(group_id))
        .order(user_groups::user_id.asc())
        .select(user_groups::user_id)
        .load(conn)?)
}

/// The members of these groups as (group id, user id), ascending: one statement whatever the
/// number of groups.
pub fn members_of_many(conn: &mut AnyConnection, group_ids: &[i64]) -> Result<Vec<(i64, i64)>> {
    Ok(user_groups::table
        .filter(in_ids(user_groups::group_id, group_ids))
        .order((user_groups::group_id.asc(), user_groups::user_id.asc()))
        .select((user_groups::group_id, user_groups::user_id))
        .load(conn)?)
}

pub fn remove_member(conn: &mut AnyConnection, group_id: i64, user_id: i64) -> Result<()> {
    diesel::delete(
        user_groups::table
            .filter(user_groups::group_id.eq(group_id))
            .filter(user_groups::user_id.eq(user_id)),
    )
    .execute(conn)?;
    Ok(())
}

/// Removes a user from every group.
pub fn clear_memberships(conn: &mut AnyConnection, user_id: i64) -> Result<()> {
    diesel::delete(user_groups::table.filter(user_groups::user_id.eq(user_id))).execute(conn)?;
    Ok(())
}

//! Groups of a company's users: rows and queries.

use diesel::prelude::*;
use interact_errors::Result;

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

//! Companies (tenants): rows and queries.

use diesel::prelude::*;
use interact_errors::Result;

use crate::idlist::in_ids;
use crate::schema::companies;
use crate::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = companies)]
pub struct Company {
    pub id: i64,
    pub uuid: String,
    pub name: String,
    pub created: i64,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = companies)]
pub struct CompanyInsertForm<'a> {
    pub uuid: &'a str,
    pub name: &'a str,
    pub created: i64,
}

pub fn insert(conn: &mut AnyConnection, form: &CompanyInsertForm) -> Result<Company> {
    Ok(diesel::insert_into(companies::table)
        .values(form)
        .returning(companies::all_columns)
        .get_result(conn)?)
}

pub fn find(conn: &mut AnyConnection, id: i64) -> Result<Option<Company>> {
    Ok(companies::table
        .find(id)
        .select(Company::as_select())
        .first(conn)
        .optional()?)
}

pub fn list(conn: &mut AnyConnection, only: Option<i64>) -> Result<Vec<Company>> {
    let mut q = companies::table
        .select(Company::as_select())
        .order(companies::id.asc())
        .into_boxed();
    if let Some(id) = only {
        q = q.filter(companies::id.eq(id));
    }
    Ok(q.load(conn)?)
}

/// Which of these companies have at least one user.
pub fn with_users(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<i64>> {
    use crate::schema::users;
    Ok(users::table
        .filter(in_ids(users::company_id, ids))
        .select(users::company_id.assume_not_null())
        .distinct()
        .load(conn)?)
}

/// Deletes the companies (their groups and custom fields go with them); returns how many.
pub fn delete(conn: &mut AnyConnection, ids: &[i64]) -> Result<usize> {
    Ok(diesel::delete(companies::table.filter(in_ids(companies::id, ids))).execute(conn)?)
}

//! Companies (tenants): rows and queries.

use diesel::prelude::*;
use interact_errors::Result;

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

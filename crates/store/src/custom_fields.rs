//! Custom field definitions of a company (2.5.3.1.72–76).

use diesel::prelude::*;
use interact_errors::Result;

use crate::owned::insert_returning;
use crate::schema::custom_fields;
use crate::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = custom_fields)]
pub struct CustomField {
    pub id: i64,
    pub company_id: i64,
    pub name: String,
    /// One of `interact_service::custom_fields::DATA_TYPES` (`dataType`).
    pub data_type: String,
    /// What the field belongs to: one of `ENTITY_TYPES` there (`entityType`).
    pub entity_type: String,
    pub created: i64,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = custom_fields)]
pub struct CustomFieldInsertForm {
    pub company_id: i64,
    pub name: String,
    pub data_type: String,
    pub entity_type: String,
    pub created: i64,
}

insert_returning!(custom_fields, CustomField, CustomFieldInsertForm);

pub fn find(conn: &mut AnyConnection, id: i64) -> Result<Option<CustomField>> {
    Ok(custom_fields::table
        .find(id)
        .select(CustomField::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_many(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<CustomField>> {
    Ok(custom_fields::table
        .filter(custom_fields::id.eq_any(ids))
        .select(CustomField::as_select())
        .load(conn)?)
}

/// Fields of one company (or of all, for `None`), optionally of one entity type, by id.
pub fn list(
    conn: &mut AnyConnection,
    company_id: Option<i64>,
    entity_type: Option<&str>,
    offset: i64,
    limit: Option<i64>,
) -> Result<(Vec<CustomField>, i64)> {
    let filtered = || {
        let mut q = custom_fields::table.into_boxed();
        if let Some(c) = company_id {
            q = q.filter(custom_fields::company_id.eq(c));
        }
        if let Some(t) = entity_type {
            q = q.filter(custom_fields::entity_type.eq(t.to_string()));
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let rows = filtered()
        .order(custom_fields::id.asc())
        .select(CustomField::as_select())
        .offset(offset)
        .limit(limit.unwrap_or(i64::MAX))
        .load(conn)?;
    Ok((rows, total))
}

pub fn rename(conn: &mut AnyConnection, id: i64, name: &str) -> Result<()> {
    diesel::update(custom_fields::table.find(id))
        .set(custom_fields::name.eq(name))
        .execute(conn)?;
    Ok(())
}

pub fn delete(conn: &mut AnyConnection, ids: &[i64]) -> Result<usize> {
    Ok(diesel::delete(custom_fields::table.filter(custom_fields::id.eq_any(ids))).execute(conn)?)
}

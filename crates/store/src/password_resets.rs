//! One-time password reset tokens (2.5.3.2.11), stored as SHA-256 hashes.

use diesel::prelude::*;
use interact_errors::Result;

use crate::schema::password_resets;
use crate::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = password_resets)]
pub struct PasswordReset {
    pub id: i64,
    pub token_hash: String,
    pub user_id: i64,
    pub created: i64,
    pub expires: i64,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = password_resets)]
pub struct PasswordResetInsertForm<'a> {
    pub token_hash: &'a str,
    pub user_id: i64,
    pub created: i64,
    pub expires: i64,
}

pub fn insert(conn: &mut AnyConnection, form: &PasswordResetInsertForm) -> Result<()> {
    diesel::insert_into(password_resets::table)
        .values(form)
        .execute(conn)?;
    Ok(())
}

pub fn find_by_hash(conn: &mut AnyConnection, hash: &str) -> Result<Option<PasswordReset>> {
    Ok(password_resets::table
        .filter(password_resets::token_hash.eq(hash))
        .select(PasswordReset::as_select())
        .first(conn)
        .optional()?)
}

/// When the user's newest token was issued, if any.
pub fn latest_for_user(conn: &mut AnyConnection, user_id: i64) -> Result<Option<i64>> {
    Ok(password_resets::table
        .filter(password_resets::user_id.eq(user_id))
        .select(diesel::dsl::max(password_resets::created))
        .first(conn)?)
}

/// Deletes every token of a user; returns how many.
pub fn delete_for_user(conn: &mut AnyConnection, user_id: i64) -> Result<usize> {
    Ok(
        diesel::delete(password_resets::table.filter(password_resets::user_id.eq(user_id)))
            .execute(conn)?,
    )
}

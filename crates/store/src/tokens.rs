//! Login tokens, stored as SHA-256 hashes of the token the client holds.

use diesel::prelude::*;
use interact_errors::Result;

use crate::schema::auth_tokens;
use crate::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = auth_tokens)]
pub struct AuthToken {
    pub id: i64,
    pub token_hash: String,
    pub user_id: i64,
    pub scope: String,
    pub created: i64,
    pub expires: i64,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = auth_tokens)]
pub struct AuthTokenInsertForm<'a> {
    pub token_hash: &'a str,
    pub user_id: i64,
    pub scope: &'a str,
    pub created: i64,
    pub expires: i64,
}

pub fn insert(conn: &mut AnyConnection, form: &AuthTokenInsertForm) -> Result<()> {
    diesel::insert_into(auth_tokens::table)
        .values(form)
        .execute(conn)?;
    Ok(())
}

pub fn find_by_hash(conn: &mut AnyConnection, hash: &str) -> Result<Option<AuthToken>> {
    Ok(auth_tokens::table
        .filter(auth_tokens::token_hash.eq(hash))
        .select(AuthToken::as_select())
        .first(conn)
        .optional()?)
}

/// Moves the expiry forward, never backward (two concurrent calls may race).
pub fn extend(conn: &mut AnyConnection, id: i64, expires: i64) -> Result<()> {
    diesel::update(
        auth_tokens::table
            .find(id)
            .filter(auth_tokens::expires.lt(expires)),
    )
    .set(auth_tokens::expires.eq(expires))
    .execute(conn)?;
    Ok(())
}

/// Deletes one token; returns its user if it existed.
pub fn delete_by_hash(conn: &mut AnyConnection, hash: &str) -> Result<Option<i64>> {
    Ok(
        diesel::delete(auth_tokens::table.filter(auth_tokens::token_hash.eq(hash)))
            .returning(auth_tokens::user_id)
            .get_result(conn)
            .optional()?,
    )
}

/// Ends every session of a user but the one kept (if any).
pub fn delete_for_user(conn: &mut AnyConnection, user_id: i64, keep: Option<i64>) -> Result<usize> {
    let q = auth_tokens::table.filter(auth_tokens::user_id.eq(user_id));
    Ok(match keep {
        Some(k) => diesel::delete(q.filter(auth_tokens::id.ne(k))).execute(conn)?,
        None => diesel::delete(q).execute(conn)?,
    })
}

/// Removes expired tokens; returns how many.
pub fn purge_expired(conn: &mut AnyConnection, now: i64) -> Result<usize> {
    Ok(diesel::delete(auth_tokens::table.filter(auth_tokens::expires.le(now))).execute(conn)?)
}

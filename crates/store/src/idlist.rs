//! A list of ids bound as ONE parameter, so that the statement's text does not depend on how
//! many ids there are and it comes from the prepared-statement cache on every call.
//!
//! Diesel's `eq_any` writes `IN (?, ?, …)` with one placeholder per id on SQLite: every
//! distinct length is a new statement that SQLite parses and plans again (the profile of a
//! contact read was led by SQLite's parser), and none of them is cached. Here SQLite gets the
//! ids as a JSON array, `col IN (SELECT value FROM json_each(?))`, and PostgreSQL as an
//! array, `col = ANY($1)`.

use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Array, BigInt, Bool, Text};
use diesel::sqlite::Sqlite;
use diesel::QueryResult;

/// The backend of [`crate::AnyConnection`] (Diesel's generated `MultiBackend`).
pub(crate) type Multi = <crate::AnyConnection as diesel::Connection>::Backend;

/// Ids ready to be bound on either backend: as an array (PostgreSQL) or as a JSON array text
/// (SQLite).
#[derive(Debug, Clone, Default)]
pub struct IdList {
    ids: Vec<i64>,
    json: String,
}

impl IdList {
    pub fn new(ids: &[i64]) -> Self {
        let mut json = String::with_capacity(2 + ids.len() * 8);
        json.push('[');
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            json.push_str(&id.to_string());
        }
        json.push(']');
        IdList {
            ids: ids.to_vec(),
            json,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Writes ` IN (SELECT value FROM json_each(?))` (SQLite).
    pub(crate) fn walk_in_sqlite<'b>(
        &'b self,
        out: &mut AstPass<'_, 'b, Sqlite>,
    ) -> QueryResult<()> {
        self.walk_sqlite(out, false)
    }

    fn walk_sqlite<'b>(&'b self, out: &mut AstPass<'_, 'b, Sqlite>, not: bool) -> QueryResult<()> {
        out.push_sql(if not { " NOT IN" } else { " IN" });
        out.push_sql(" (SELECT value FROM json_each(");
        out.push_bind_param::<Text, _>(&self.json)?;
        out.push_sql("))");
        Ok(())
    }

    /// Writes ` = ANY($n)` (PostgreSQL).
    pub(crate) fn walk_in_pg<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.walk_pg(out, false)
    }

    fn walk_pg<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>, not: bool) -> QueryResult<()> {
        out.push_sql(if not { " <> ALL(" } else { " = ANY(" });
        out.push_bind_param::<Array<BigInt>, _>(&self.ids)?;
        out.push_sql(")");
        Ok(())
    }
}

/// `column IN ids` (or `NOT IN` when `NOT`) with one bound parameter; build it with
/// [`in_ids`] or [`not_in_ids`].
#[derive(Debug, Clone)]
pub struct InIds<C, const NOT: bool = false> {
    column: C,
    ids: IdList,
}

/// `column IN ids`, as a filter usable in Diesel's query builder on [`crate::AnyConnection`].
pub fn in_ids<C>(column: C, ids: &[i64]) -> InIds<C, false> {
    InIds {
        column,
        ids: IdList::new(ids),
    }
}

/// `column NOT IN ids` (true for every row when `ids` is empty).
pub fn not_in_ids<C>(column: C, ids: &[i64]) -> InIds<C, true> {
    InIds {
        column,
        ids: IdList::new(ids),
    }
}

/// Marks the query id of [`InIds`]: its text is the same whatever the ids.
pub struct InIdsId<C, const NOT: bool>(std::marker::PhantomData<C>);

impl<C: QueryId, const NOT: bool> QueryId for InIds<C, NOT> {
    type QueryId = InIdsId<C::QueryId, NOT>;
    const HAS_STATIC_QUERY_ID: bool = C::HAS_STATIC_QUERY_ID;
}

impl<C: Expression, const NOT: bool> Expression for InIds<C, NOT> {
    type SqlType = Bool;
}

impl<C, QS, const NOT: bool> AppearsOnTable<QS> for InIds<C, NOT>
where
    C: AppearsOnTable<QS>,
    Self: Expression,
{
}

impl<C, QS, const NOT: bool> SelectableExpression<QS> for InIds<C, NOT>
where
    C: SelectableExpression<QS>,
    Self: AppearsOnTable<QS>,
{
}

impl<C, GB, const NOT: bool> ValidGrouping<GB> for InIds<C, NOT>
where
    C: ValidGrouping<GB>,
{
    type IsAggregate = C::IsAggregate;
}

impl<C: QueryFragment<Sqlite>, const NOT: bool> QueryFragment<Sqlite> for InIds<C, NOT> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        self.ids.walk_sqlite(&mut out, NOT)
    }
}

impl<C: QueryFragment<Pg>, const NOT: bool> QueryFragment<Pg> for InIds<C, NOT> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        self.ids.walk_pg(&mut out, NOT)
    }
}

impl<C, const NOT: bool> QueryFragment<Multi> for InIds<C, NOT>
where
    Self: QueryFragment<Sqlite> + QueryFragment<Pg>,
{
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, Multi>) -> QueryResult<()> {
        Multi::walk_variant_ast(self, pass)
    }
}

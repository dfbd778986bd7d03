//! The change journal (activities): written in the transaction of every change, read by
//! `GET /v2/activities` and by sync.

use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Array, BigInt, Nullable, Text};
use interact_errors::Result;

use crate::idlist::in_ids;
use crate::schema::{activities, activity_counts, users};
use crate::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = activities)]
pub struct Activity {
    pub id: i64,
    pub user_id: i64,
    pub actor_id: i64,
    pub action: String,
    pub entity_type: String,
    pub entity_id: i64,
    pub old_state: Option<String>,
    pub new_state: Option<String>,
    pub time: i64,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = activities, treat_none_as_default_value = false)]
pub struct ActivityInsertForm<'a> {
    pub user_id: i64,
    pub actor_id: i64,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: i64,
    pub old_state: Option<&'a str>,
    pub new_state: Option<&'a str>,
    pub time: i64,
}

/// Appends one entry; returns its sequence number.
pub fn insert(conn: &mut AnyConnection, form: &ActivityInsertForm) -> Result<i64> {
    Ok(diesel::insert_into(activities::table)
        .values(form)
        .returning(activities::id)
        .get_result(conn)?)
}

/// Appends entries in multi-row statements, in the order given (their sequence numbers
/// ascend in that order).
pub fn insert_many(conn: &mut AnyConnection, forms: &[ActivityInsertForm]) -> Result<()> {
    crate::contacts::batch_insert!(conn, activities::table, forms);
    Ok(())
}

/// An entry of a page: its id, and the email of the user who made it (`None` for an actor
/// deleted since).
pub type PageEntry = (i64, Option<String>);

/// A page of the journal and how many entries the journal holds.
pub type JournalPage = (Vec<PageEntry>, i64);

/// A page of a user's entries, newest first, as their ids, each with the email of the user
/// who made it (`None` for an actor deleted since), and how many entries the journal holds:
/// one statement (two when the page is empty). The entries themselves never change once
/// written (the journal only grows, and ids are not reused), so a reader keeps them and reads
/// only those it does not keep, by [`by_ids`].
pub fn page(
    conn: &mut AnyConnection,
    user_id: i64,
    offset: i64,
    limit: Option<i64>,
) -> Result<(Vec<PageEntry>, i64)> {
    let total = JournalTotal;
    let rows: Vec<(i64, Option<String>, i64)> = activities::table
        .left_join(users::table.on(users::id.eq(activities::actor_id)))
        .filter(activities::user_id.eq(user_id))
        .order(activities::id.desc())
        .select((activities::id, users::email.nullable(), total))
        .offset(offset)
        .limit(limit.unwrap_or(i64::MAX))
        .load(conn)?;
    let total = match rows.first() {
        Some((_, _, total)) => *total,
        None => count(conn, user_id)?,
    };
    Ok((
        rows.into_iter().map(|(id, email, _)| (id, email)).collect(),
        total,
    ))
}

/// What asks for a page of one user's journal: [`page`]'s arguments, as a key of
/// [`crate::batch::ReadBatch`] ([`pages_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PageKey {
    pub user_id: i64,
    pub offset: i64,
    pub limit: Option<i64>,
}

/// [`page`] for several pages of any users at once, in ONE statement of fixed text whatever
/// their number (PostgreSQL: a `LATERAL` page and total per page, over arrays; SQLite, whose
/// reads cost no round trip, reads each by [`page`]).
pub fn pages_of(conn: &mut AnyConnection, keys: &[PageKey]) -> Result<Vec<(PageKey, JournalPage)>> {
    let c = match conn {
        AnyConnection::Postgresql(c) => c,
        AnyConnection::Sqlite(_) => {
            return keys
                .iter()
                .map(|k| Ok((*k, page(conn, k.user_id, k.offset, k.limit)?)))
                .collect()
        }
    };
    let query = Pages {
        index: (0..keys.len() as i64).collect(),
        user_ids: keys.iter().map(|k| k.user_id).collect(),
        offsets: keys.iter().map(|k| k.offset).collect(),
        limits: keys.iter().map(|k| k.limit.unwrap_or(i64::MAX)).collect(),
    };
    let rows: Vec<(i64, i64, Option<i64>, Option<String>)> = query.load(c)?;
    let mut answers: Vec<(PageKey, JournalPage)> =
        keys.iter().map(|k| (*k, (Vec::new(), 0))).collect();
    // Rows come in no promised order: each carries its page's index, and the page is sorted.
    for (k, total, id, email) in rows {
        let Some((_, (entries, n))) = usize::try_from(k).ok().and_then(|k| answers.get_mut(k))
        else {
            continue;
        };
        *n = total;
        if let Some(id) = id {
            entries.push((id, email));
        }
    }
    for (_, (entries, _)) in &mut answers {
        entries.sort_unstable_by_key(|e| std::cmp::Reverse(e.0));
    }
    Ok(answers)
}

/// The pages of [`pages_of`] as arrays bound to one statement (PostgreSQL): for each, the
/// index of its answer, the user, the offset and the most entries to answer. A page past the
/// end answers one row with its total and no entry.
struct Pages {
    index: Vec<i64>,
    user_ids: Vec<i64>,
    offsets: Vec<i64>,
    limits: Vec<i64>,
}

impl QueryId for Pages {
    type QueryId = Pages;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl Query for Pages {
    type SqlType = (BigInt, BigInt, Nullable<BigInt>, Nullable<Text>);
}

impl<Conn> RunQueryDsl<Conn> for Pages {}

impl QueryFragment<Pg> for Pages {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("SELECT r.k, t.total, e.id, e.email FROM unnest(");
        out.push_bind_param::<Array<BigInt>, _>(&self.index)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<BigInt>, _>(&self.user_ids)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<BigInt>, _>(&self.offsets)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<BigInt>, _>(&self.limits)?;
        out.push_sql(
            ") AS r(k, user_id, skip, lim) \
             CROSS JOIN LATERAL (SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) AS total \
               FROM activity_counts c WHERE c.user_id = r.user_id) t \
             LEFT JOIN LATERAL (SELECT a.id, u.email FROM activities a \
               LEFT JOIN users u ON u.id = a.actor_id WHERE a.user_id = r.user_id \
               ORDER BY a.id DESC OFFSET r.skip LIMIT r.lim) e ON true",
        );
        Ok(())
    }
}

/// The total of the journal of each row's user, as a column: the sum of the user's counting
/// rows (see [`count`]). A fragment of its own rather than `diesel::dsl::sql`, which Diesel
/// never keeps prepared: PostgreSQL would plan the page again on every request.
#[derive(Debug, Clone, Copy, QueryId)]
struct JournalTotal;

impl Expression for JournalTotal {
    type SqlType = BigInt;
}

// It names `activities`: only for queries of that table (this module's `page`).
impl<QS> AppearsOnTable<QS> for JournalTotal {}

impl<QS> SelectableExpression<QS> for JournalTotal {}

impl ValidGrouping<()> for JournalTotal {
    type IsAggregate = diesel::expression::is_aggregate::Never;
}

impl<DB: diesel::backend::Backend> QueryFragment<DB> for JournalTotal {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql(
            "(SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM activity_counts c \
               WHERE c.user_id = activities.user_id)",
        );
        Ok(())
    }
}

/// The user's entries of these ids (any order; an id not the user's is left out).
pub fn by_ids(conn: &mut AnyConnection, user_id: i64, ids: &[i64]) -> Result<Vec<Activity>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(activities::table
        .filter(activities::user_id.eq(user_id))
        .filter(in_ids(activities::id, ids))
        .select(Activity::as_select())
        .load(conn)?)
}

/// How many entries the user's journal holds: the sum of the user's rows of
/// `activity_counts` (one on SQLite, at most as many as the user ever had writers at once on
/// PostgreSQL), which a trigger on the journal keeps in the writing transaction (migration
/// 000013), instead of counting the whole journal.
pub fn count(conn: &mut AnyConnection, user_id: i64) -> Result<i64> {
    let ns: Vec<i64> = activity_counts::table
        .filter(activity_counts::user_id.eq(user_id))
        .select(activity_counts::n)
        .load(conn)?;
    Ok(ns.into_iter().sum())
}

/// Folds up to `limit` of a user's count rows into the user's first, skipping rows a running
/// transaction holds; answers how many users' counts took rows in. PostgreSQL only: the
/// counting trigger adds a row whenever all of a user's rows are held by concurrent writers
/// (migration 000013), and every page of the journal sums them all. See
/// `contacts::compact_buckets`.
pub fn compact_counts(conn: &mut AnyConnection, limit: i64) -> Result<usize> {
    let AnyConnection::Postgresql(c) = conn else {
        return Ok(0);
    };
    Ok(diesel::sql_query(
        "WITH first AS (SELECT user_id, MIN(id) AS id FROM activity_counts \
           GROUP BY user_id HAVING COUNT(*) > 1), \
         moved AS ( \
           DELETE FROM activity_counts d USING ( \
             SELECT a.id FROM activity_counts a JOIN first f \
               ON f.user_id = a.user_id AND a.id <> f.id \
             ORDER BY a.id LIMIT $1 FOR UPDATE OF a SKIP LOCKED) v \
           WHERE d.id = v.id RETURNING d.user_id, d.n) \
         UPDATE activity_counts c SET n = c.n + m.n \
         FROM (SELECT user_id, CAST(SUM(n) AS BIGINT) AS n FROM moved GROUP BY user_id) m, \
           first f \
         WHERE c.id = f.id AND f.user_id = m.user_id",
    )
    .bind::<diesel::sql_types::BigInt, _>(limit)
    .execute(c)?)
}

/// A user's entries after a sequence number, oldest first (for sync).
pub fn since(conn: &mut AnyConnection, user_id: i64, after_seq: i64) -> Result<Vec<Activity>> {
    Ok(activities::table
        .filter(activities::user_id.eq(user_id))
        .filter(activities::id.gt(after_seq))
        .order(activities::id.asc())
        .select(Activity::as_select())
        .load(conn)?)
}

/// Deletes a user's journal (wipe-out).
pub fn delete_for_user(conn: &mut AnyConnection, user_id: i64) -> Result<usize> {
    let n =
        diesel::delete(activities::table.filter(activities::user_id.eq(user_id))).execute(conn)?;
    diesel::delete(activity_counts::table.filter(activity_counts::user_id.eq(user_id)))
        .execute(conn)?;
    Ok(n)
}

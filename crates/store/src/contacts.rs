//! Contacts and what hangs off them: basicInfos, addresses, tags, relations, search terms and
//! the per-user bucket counts behind cheap deep pages.

use std::collections::{BTreeSet, HashMap};

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Array, BigInt, Nullable, Text};
use diesel::sqlite::Sqlite;
use interact_errors::Result;

use crate::idlist::{in_ids, not_in_ids, IdList, Multi};
use crate::schema::{
    addresses, basic_infos, contact_buckets, contact_custom_fields, contact_relations,
    contact_tags, contacts, search_terms,
};
use crate::AnyConnection;

/// Contacts are counted per bucket of 256 consecutive ids, so that the page at any offset is
/// found by summing the bucket counts (about 400 for 100,000 contacts) and skipping at most 255 index
/// entries, instead of skipping `offset` entries.
pub const BUCKET_BITS: u32 = 8;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = contacts)]
pub struct ContactRow {
    pub id: i64,
    pub user_id: i64,
    pub version: i64,
    pub contact_type: String,
    pub title: Option<String>,
    pub first_name: Option<String>,
    pub middle_name: Option<String>,
    pub last_name: Option<String>,
    pub profession: Option<String>,
    pub gender: Option<String>,
    pub hot: bool,
    pub organization_name: Option<String>,
    pub business: Option<String>,
    /// JSON of the ten profiles.
    pub profiles: String,
    pub created: i64,
    pub modified: i64,
    /// Moves on with every change to what hangs off the contact (by trigger, migration
    /// 000015): the key under which a read may keep its [`Children`].
    pub children_rev: i64,
}

/// What says whether a contact read before is still what the database holds: its `version`
/// moves with every write of the contact's row (every `UPDATE` of `contacts` in this crate
/// sets `version = version + 1`, the triggers of migration 000015 aside), its `children_rev`
/// with every write of what hangs off it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = contacts)]
pub struct ContactRev {
    pub id: i64,
    pub version: i64,
    pub children_rev: i64,
}

/// The attributes a create or update writes (an `XForm` is both the insert and the update
/// form).
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = contacts, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct ContactForm {
    pub title: Option<String>,
    pub first_name: Option<String>,
    pub middle_name: Option<String>,
    pub last_name: Option<String>,
    pub profession: Option<String>,
    pub gender: Option<String>,
    pub hot: bool,
    pub organization_name: Option<String>,
    pub business: Option<String>,
    pub profiles: String,
}

/// Also read from the contact read's JSON arrays ([`load`]), by position: the fields are in
/// the order of that statement's `json_array`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = basic_infos)]
pub struct BasicInfoRow {
    pub id: i64,
    pub user_id: i64,
    pub contact_id: Option<i64>,
    pub position: i64,
    pub type_: String,
    pub subtype: Option<String>,
    pub value: String,
    pub match_key: String,
    pub excluded: bool,
    pub identifier: Option<String>,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = basic_infos, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct BasicInfoForm {
    pub contact_id: Option<i64>,
    pub position: i64,
    pub type_: String,
    pub subtype: Option<String>,
    pub value: String,
    pub match_key: String,
    pub excluded: bool,
    pub identifier: Option<String>,
}

/// Also read from the contact read's JSON arrays ([`load`]), by position: the fields are in
/// the order of that statement's `json_array`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = addresses)]
pub struct AddressRow {
    pub id: i64,
    pub contact_id: i64,
    pub position: i64,
    pub subtype: Option<String>,
    pub addressline1: Option<String>,
    pub addressline2: Option<String>,
    pub addressline3: Option<String>,
    pub zip: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = addresses, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct AddressForm {
    pub contact_id: i64,
    pub position: i64,
    pub subtype: Option<String>,
    pub addressline1: Option<String>,
    pub addressline2: Option<String>,
    pub addressline3: Option<String>,
    pub zip: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
}

/// What hangs off one contact, as the statement that read the contact found it: each list
/// in its order (basicInfos and addresses by position, tags and custom field values in the
/// order sent, ids and pictures ascending).
#[derive(Debug, Clone, Default)]
pub struct Children {
    pub basic_infos: Vec<BasicInfoRow>,
    pub addresses: Vec<AddressRow>,
    pub tags: Vec<String>,
    /// (field id, field name, value).
    pub custom_fields: Vec<(i64, String, String)>,
    /// The related contacts (organizations of a person, persons of an organization).
    pub related: Vec<i64>,
    /// The interactions linked to the contact (as person or organization).
    pub interactions: Vec<i64>,
    pub deals: Vec<i64>,
    pub notes: Vec<i64>,
    /// The tasks related to the contact.
    pub tasks: Vec<i64>,
    pub pictures: Vec<crate::pictures::PictureRow>,
}

/// Rows per multi-row statement. The bundled SQLite (3.50) binds at most 32,766 parameters
/// per statement, PostgreSQL 65,535; the widest row inserted in batches (a contact) has 15
/// columns: 2,000 × 15 = 30,000.
pub const ROWS_PER_STATEMENT: usize = 2_000;

/// A multi-row insert (MultiConnection cannot batch, each backend's connection can), one
/// statement per [`ROWS_PER_STATEMENT`] rows.
macro_rules! batch_insert {
    ($conn:expr, $table:expr, $rows:expr) => {
        for chunk in $rows.chunks($crate::contacts::ROWS_PER_STATEMENT) {
            match &mut *$conn {
                $crate::AnyConnection::Postgresql(c) => {
                    diesel::insert_into($table).values(chunk).execute(c)?;
                }
                $crate::AnyConnection::Sqlite(c) => {
                    diesel::insert_into($table).values(chunk).execute(c)?;
                }
            }
        }
    };
}
pub(crate) use batch_insert;

/// The columns of a contact, in the order of [`ContactRow`].
const CONTACT_COLUMNS: &str = "c.id, c.user_id, c.version, c.contact_type, c.title, \
    c.first_name, c.middle_name, c.last_name, c.profession, c.gender, c.hot, \
    c.organization_name, c.business, c.profiles, c.created, c.modified, c.children_rev";

/// What hangs off each contact, as JSON arrays built by the database, SQLite's dialect
/// (booleans written as JSON booleans).
///
/// No aggregate has an `ORDER BY` and the two directions of a relation are joined by
/// `UNION ALL`: SQLite sorts an aggregate's input, and removes a `UNION`'s repeats, in a
/// temporary B-tree opened and closed for every contact (each with its own page cache, whose
/// allocations take SQLite's global memory mutex), which a profile of a page of 25 showed as a
/// good part of the read. Each array carries what orders it (`position`, `id`) and [`load`]
/// sorts and deduplicates it, on both backends alike.
const SQLITE_CHILDREN: &str = "\
(SELECT json_group_array(json_array(b.id, b.user_id, b.contact_id, b.position, b.\"type\", \
  b.subtype, b.value, b.match_key, json(CASE WHEN b.excluded THEN 'true' ELSE 'false' END), \
  b.identifier)) FROM basic_infos b WHERE b.contact_id = c.id), \
(SELECT json_group_array(json_array(a.id, a.contact_id, a.position, a.subtype, a.addressline1, \
  a.addressline2, a.addressline3, a.zip, a.city, a.state, a.country)) \
  FROM addresses a WHERE a.contact_id = c.id), \
(SELECT json_group_array(json_array(t.position, t.tag)) FROM contact_tags t \
  WHERE t.contact_id = c.id), \
(SELECT json_group_array(json_array(v.position, v.field_id, f.name, v.value)) \
  FROM contact_custom_fields v JOIN custom_fields f ON f.id = v.field_id WHERE v.contact_id = c.id), \
(SELECT json_group_array(x) FROM (SELECT r.organization_id AS x FROM contact_relations r \
  WHERE r.person_id = c.id UNION ALL SELECT r.person_id FROM contact_relations r \
  WHERE r.organization_id = c.id)), \
(SELECT json_group_array(x) FROM (SELECT i.id AS x FROM interactions i WHERE i.person_id = c.id \
  UNION ALL SELECT i.id FROM interactions i WHERE i.organization_id = c.id)), \
(SELECT json_group_array(d.id) FROM deals d WHERE d.contact_id = c.id), \
(SELECT json_group_array(n.id) FROM notes n WHERE n.contact_id = c.id), \
(SELECT json_group_array(k.id) FROM tasks k WHERE k.contact_id = c.id), \
(SELECT json_group_array(json_array(p.id, p.user_id, p.contact_id, p.\"type\", \
  json(CASE WHEN p.is_default THEN 'true' ELSE 'false' END), p.url, p.content_type, p.byte_size, \
  p.digest, p.created, p.modified)) FROM pictures p WHERE p.contact_id = c.id)";

/// The same in PostgreSQL's dialect (`json_agg`, `json_build_array`), unsorted as well: a sort
/// per aggregate and contact costs PostgreSQL too, and [`load`] sorts.
const PG_CHILDREN: &str = "\
COALESCE((SELECT json_agg(json_build_array(b.id, b.user_id, b.contact_id, b.position, b.\"type\", \
  b.subtype, b.value, b.match_key, b.excluded, b.identifier)) \
  FROM basic_infos b WHERE b.contact_id = c.id)::text, '[]'), \
COALESCE((SELECT json_agg(json_build_array(a.id, a.contact_id, a.position, a.subtype, \
  a.addressline1, a.addressline2, a.addressline3, a.zip, a.city, a.state, a.country)) \
  FROM addresses a WHERE a.contact_id = c.id)::text, '[]'), \
COALESCE((SELECT json_agg(json_build_array(t.position, t.tag)) FROM contact_tags t \
  WHERE t.contact_id = c.id)::text, '[]'), \
COALESCE((SELECT json_agg(json_build_array(v.position, v.field_id, f.name, v.value)) \
  FROM contact_custom_fields v JOIN custom_fields f ON f.id = v.field_id \
  WHERE v.contact_id = c.id)::text, '[]'), \
COALESCE((SELECT json_agg(x) FROM (SELECT r.organization_id AS x \
  FROM contact_relations r WHERE r.person_id = c.id UNION ALL SELECT r.person_id \
  FROM contact_relations r WHERE r.organization_id = c.id) rel)::text, '[]'), \
COALESCE((SELECT json_agg(x) FROM (SELECT i.id AS x FROM interactions i \
  WHERE i.person_id = c.id UNION ALL SELECT i.id FROM interactions i \
  WHERE i.organization_id = c.id) ia)::text, '[]'), \
COALESCE((SELECT json_agg(d.id) FROM deals d WHERE d.contact_id = c.id)::text, '[]'), \
COALESCE((SELECT json_agg(n.id) FROM notes n WHERE n.contact_id = c.id)::text, '[]'), \
COALESCE((SELECT json_agg(k.id) FROM tasks k WHERE k.contact_id = c.id)::text, '[]'), \
COALESCE((SELECT json_agg(json_build_array(p.id, p.user_id, p.contact_id, p.\"type\", \
  p.is_default, p.url, p.content_type, p.byte_size, p.digest, p.created, p.modified)) \
  FROM pictures p WHERE p.contact_id = c.id)::text, '[]')";

/// The caller's contacts with these ids and everything that hangs off them, in ONE statement
/// whose text does not depend on the number of ids (so it is prepared once per connection).
struct LoadContacts {
    user_id: i64,
    ids: IdList,
}

impl QueryId for LoadContacts {
    type QueryId = LoadContacts;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl Query for LoadContacts {
    type SqlType = (
        contacts::SqlType,
        (Text, Text, Text, Text, Text, Text, Text, Text, Text, Text),
    );
}

impl<Conn> RunQueryDsl<Conn> for LoadContacts {}

impl QueryFragment<Sqlite> for LoadContacts {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        out.push_sql("SELECT ");
        out.push_sql(CONTACT_COLUMNS);
        out.push_sql(", ");
        out.push_sql(SQLITE_CHILDREN);
        out.push_sql(" FROM contacts c WHERE c.user_id = ");
        out.push_bind_param::<BigInt, _>(&self.user_id)?;
        out.push_sql(" AND c.id");
        self.ids.walk_in_sqlite(&mut out)
    }
}

impl QueryFragment<Pg> for LoadContacts {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("SELECT ");
        out.push_sql(CONTACT_COLUMNS);
        out.push_sql(", ");
        out.push_sql(PG_CHILDREN);
        // `user_id + 0`: see `rows`.
        out.push_sql(" FROM contacts c WHERE c.user_id + 0 = ");
        out.push_bind_param::<BigInt, _>(&self.user_id)?;
        out.push_sql(" AND c.id");
        self.ids.walk_in_pg(&mut out)
    }
}

impl QueryFragment<Multi> for LoadContacts {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, Multi>) -> QueryResult<()> {
        Multi::walk_variant_ast(self, pass)
    }
}

/// The JSON arrays of one contact's children, as [`LoadContacts`] selects them.
type ChildrenJson = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

fn from_json<T: for<'de> serde::Deserialize<'de>>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(interact_errors::Error::internal)
}

/// A JSON array of ids, ascending, each once.
fn sorted_ids(s: &str) -> Result<Vec<i64>> {
    let mut ids: Vec<i64> = from_json(s)?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// A contact as [`load`] reads it: its row and what hangs off it.
pub type Loaded = (ContactRow, Children);

/// [`load`] of contacts of several users by `(user id, contact id)`, one statement per user
/// among the keys; a key with no contact of that user is left out. For a batch of reads
/// (interact-service `ContactWrites::reads`, the reads before changes of attributes).
pub fn load_each(
    conn: &mut AnyConnection,
    keys: &[(i64, i64)],
) -> Result<Vec<((i64, i64), Loaded)>> {
    let mut by_user: std::collections::BTreeMap<i64, Vec<i64>> = Default::default();
    for &(user_id, id) in keys {
        by_user.entry(user_id).or_default().push(id);
    }
    let mut out = Vec::with_capacity(keys.len());
    for (user_id, ids) in by_user {
        for (row, children) in load(conn, user_id, &ids)? {
            out.push(((user_id, row.id), (row, children)));
        }
    }
    Ok(out)
}

/// Loads the caller's contacts with these ids (others' ids and missing ids are skipped), in
/// the order of `ids`, each with what hangs off it: one statement, the lists aggregated as
/// JSON by the database.
pub fn load(
    conn: &mut AnyConnection,
    user_id: i64,
    ids: &[i64],
) -> Result<Vec<(ContactRow, Children)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(ContactRow, ChildrenJson)> = LoadContacts {
        user_id,
        ids: IdList::new(ids),
    }
    .load(conn)?;
    let mut out = Vec::with_capacity(rows.len());
    for (row, (bis, ads, tags, cfs, rel, ias, deals, notes, tasks, pics)) in rows {
        let mut basic_infos: Vec<BasicInfoRow> = from_json(&bis)?;
        basic_infos.sort_unstable_by_key(|b| (b.position, b.id));
        let mut addresses: Vec<AddressRow> = from_json(&ads)?;
        addresses.sort_unstable_by_key(|a| (a.position, a.id));
        let mut tags: Vec<(i64, String)> = from_json(&tags)?;
        tags.sort_unstable_by_key(|t| t.0);
        let mut cfs: Vec<(i64, i64, String, String)> = from_json(&cfs)?;
        cfs.sort_unstable_by_key(|v| (v.0, v.1));
        let mut pictures: Vec<crate::pictures::PictureRow> = from_json(&pics)?;
        pictures.sort_unstable_by_key(|p| p.id);
        let children = Children {
            basic_infos,
            addresses,
            tags: tags.into_iter().map(|t| t.1).collect(),
            custom_fields: cfs.into_iter().map(|v| (v.1, v.2, v.3)).collect(),
            related: sorted_ids(&rel)?,
            interactions: sorted_ids(&ias)?,
            deals: sorted_ids(&deals)?,
            notes: sorted_ids(&notes)?,
            tasks: sorted_ids(&tasks)?,
            pictures,
        };
        out.push((row, children));
    }
    in_order_of(ids, &mut out, |(row, _)| row.id);
    Ok(out)
}

/// Sorts `items` into the order of `ids`.
fn in_order_of<T>(ids: &[i64], items: &mut [T], id: impl Fn(&T) -> i64) {
    let pos: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    items.sort_by_key(|item| pos.get(&id(item)).copied().unwrap_or(usize::MAX));
}

/// The caller's contact rows with these ids (others' ids and missing ids are skipped), in the
/// order of `ids`, without what hangs off them: one statement.
pub fn rows(conn: &mut AnyConnection, user_id: i64, ids: &[i64]) -> Result<Vec<ContactRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // The ids lead (primary-key lookups); `user_id + 0` keeps the planner from an index on
    // `user_id` instead. PostgreSQL's pool plans these statements once per connection
    // (`force_generic_plan`, performance.md "Session 9"): planned while a user had a few
    // contacts, before the statistics knew of a large import, it scanned all of the user's
    // contacts for every read by id (a re-import of 10,000 contacts took 52 s instead of 5).
    let mut rows: Vec<ContactRow> = contacts::table
        .filter((contacts::user_id + 0_i64).eq(user_id))
        .filter(in_ids(contacts::id, ids))
        .select(ContactRow::as_select())
        .load(conn)?;
    in_order_of(ids, &mut rows, |row| row.id);
    Ok(rows)
}

/// [`rows`], only what tells whether a kept contact is current ([`ContactRev`]).
pub fn revs(conn: &mut AnyConnection, user_id: i64, ids: &[i64]) -> Result<Vec<ContactRev>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // `user_id + 0`: see `rows`.
    let mut revs: Vec<ContactRev> = contacts::table
        .filter((contacts::user_id + 0_i64).eq(user_id))
        .filter(in_ids(contacts::id, ids))
        .select(ContactRev::as_select())
        .load(conn)?;
    in_order_of(ids, &mut revs, |rev| rev.id);
    Ok(revs)
}

/// [`revs`] of contacts of any users, by (user id, contact id), in one statement whatever
/// their number (for [`crate::batch::ReadBatch`]); a pair that is not a contact of that user
/// is left out.
pub fn revs_of(
    conn: &mut AnyConnection,
    keys: &[(i64, i64)],
) -> Result<Vec<((i64, i64), ContactRev)>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = keys.iter().map(|(_, id)| *id).collect();
    let keys: std::collections::HashSet<&(i64, i64)> = keys.iter().collect();
    let rows: Vec<(i64, ContactRev)> = contacts::table
        .filter(in_ids(contacts::id, &ids))
        .select((contacts::user_id, ContactRev::as_select()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(user_id, rev)| ((user_id, rev.id), rev))
        .filter(|(key, _)| keys.contains(key))
        .collect())
}

/// The caller's contact row, if it is theirs.
pub fn find(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<Option<ContactRow>> {
    Ok(contacts::table
        .filter(contacts::id.eq(id))
        .filter(contacts::user_id.eq(user_id))
        .select(ContactRow::as_select())
        .first(conn)
        .optional()?)
}

/// The user's oldest organization contact named exactly `name`, if any.
pub fn organization_named(
    conn: &mut AnyConnection,
    user_id: i64,
    name: &str,
) -> Result<Option<i64>> {
    Ok(contacts::table
        .filter(contacts::user_id.eq(user_id))
        .filter(contacts::organization_name.eq(name))
        .filter(contacts::contact_type.eq("organization"))
        .select(contacts::id)
        .order(contacts::id)
        .first(conn)
        .optional()?)
}

/// Which of these ids are the caller's contacts, with their types.
pub fn types_of(
    conn: &mut AnyConnection,
    user_id: i64,
    ids: &[i64],
) -> Result<HashMap<i64, String>> {
    let rows: Vec<(i64, String)> = contacts::table
        .filter(contacts::user_id.eq(user_id))
        .filter(in_ids(contacts::id, ids))
        .select((contacts::id, contacts::contact_type))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// Writes a new contact's row; it is counted by [`count_new`].
pub fn insert(
    conn: &mut AnyConnection,
    user_id: i64,
    contact_type: &str,
    fields: &ContactForm,
    now: i64,
) -> Result<i64> {
    let id = diesel::insert_into(contacts::table)
        .values((
            contacts::user_id.eq(user_id),
            contacts::version.eq(1_i64),
            contacts::contact_type.eq(contact_type),
            contacts::created.eq(now),
            contacts::modified.eq(now),
            fields,
        ))
        .returning(contacts::id)
        .get_result(conn)?;
    Ok(id)
}

/// Counts a contact written by [`insert`] in its bucket. Call it last in the transaction:
/// on PostgreSQL the bucket's row stays locked until the commit, and every new contact of a
/// user lands in the same bucket, so the user's concurrent creations wait for each other
/// from here to their commits.
pub fn count_new(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<()> {
    bump_bucket(conn, user_id, id, 1)
}

/// Inserts new contacts of one user in multi-row statements (chunks of
/// [`ROWS_PER_STATEMENT`]) and counts them in their buckets; answers their ids in the order
/// given. Ids are handed out in the order of the rows of a statement, ascending on both
/// backends (SQLite's AUTOINCREMENT, PostgreSQL's sequence called row by row), so the ids a
/// statement returns, sorted, are its rows' ids in order.
pub fn insert_many(
    conn: &mut AnyConnection,
    user_id: i64,
    rows: &[(&str, &ContactForm)],
    now: i64,
) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let values: Vec<_> = chunk
            .iter()
            .map(|(contact_type, fields)| {
                (
                    contacts::user_id.eq(user_id),
                    contacts::version.eq(1_i64),
                    contacts::contact_type.eq(*contact_type),
                    contacts::created.eq(now),
                    contacts::modified.eq(now),
                    (*fields).clone(),
                )
            })
            .collect();
        let mut got: Vec<i64> = match &mut *conn {
            AnyConnection::Postgresql(c) => diesel::insert_into(contacts::table)
                .values(&values)
                .returning(contacts::id)
                .get_results(c)?,
            AnyConnection::Sqlite(c) => diesel::insert_into(contacts::table)
                .values(&values)
                .returning(contacts::id)
                .get_results(c)?,
        };
        got.sort_unstable();
        ids.extend(got);
    }
    let mut buckets: Vec<(i64, i64)> = Vec::new();
    for id in &ids {
        match buckets.last_mut() {
            Some((b, n)) if *b == id >> BUCKET_BITS => *n += 1,
            _ => buckets.push((id >> BUCKET_BITS, 1)),
        }
    }
    for (bucket, n) in buckets {
        bump_bucket(conn, user_id, bucket << BUCKET_BITS, n)?;
    }
    Ok(ids)
}

/// Writes the attributes and moves the version on, only if the stored version is
/// `expected`: the row count tells whether the client's version was current, atomically on
/// both backends (PostgreSQL re-checks the condition after waiting for a concurrent writer).
pub fn update_if_version(
    conn: &mut AnyConnection,
    user_id: i64,
    id: i64,
    expected: i64,
    fields: &ContactForm,
    now: i64,
) -> Result<bool> {
    let n = diesel::update(
        contacts::table
            .filter(contacts::id.eq(id))
            .filter(contacts::user_id.eq(user_id))
            .filter(contacts::version.eq(expected)),
    )
    .set((
        fields,
        contacts::version.eq(contacts::version + 1_i64),
        contacts::modified.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Moves a contact's version on after a change to what hangs off it (a relation, a basicInfo).
pub fn touch(conn: &mut AnyConnection, id: i64, now: i64) -> Result<()> {
    diesel::update(contacts::table.filter(contacts::id.eq(id)))
        .set((
            contacts::version.eq(contacts::version + 1_i64),
            contacts::modified.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// `touch` for many contacts of one user, in one statement.
pub fn touch_many(conn: &mut AnyConnection, user_id: i64, ids: &[i64], now: i64) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    diesel::update(
        contacts::table
            .filter(contacts::user_id.eq(user_id))
            .filter(in_ids(contacts::id, ids)),
    )
    .set((
        contacts::version.eq(contacts::version + 1_i64),
        contacts::modified.eq(now),
    ))
    .execute(conn)?;
    Ok(())
}

/// Deletes a contact; basicInfos, addresses, tags, relations and search terms go with it.
pub fn delete(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<bool> {
    let n = diesel::delete(
        contacts::table
            .filter(contacts::id.eq(id))
            .filter(contacts::user_id.eq(user_id)),
    )
    .execute(conn)?;
    if n == 1 {
        bump_bucket(conn, user_id, id, -1)?;
    }
    Ok(n == 1)
}

/// Adds `by` to the count of the bucket of contact `id`, in one statement of fixed text
/// ([`BumpSlot`], prepared once per connection: Diesel's own upsert is never cached).
///
/// SQLite (one writer): the bucket's slot 0.
///
/// PostgreSQL: the first slot of the bucket that no running transaction holds, or a new slot
/// when every one is held. Every new contact of a user lands in the same bucket, so with one
/// row per bucket each creation held it from here to its commit and one user's creations
/// committed one after another; now none waits for another. A slot may go below zero (a
/// delete counted in another slot than the creation); the bucket's count is the sum of its
/// slots.
fn bump_bucket(conn: &mut AnyConnection, user_id: i64, id: i64, by: i64) -> Result<()> {
    let bump = BumpSlot {
        user_id,
        bucket: id >> BUCKET_BITS,
        by,
    };
    match conn {
        AnyConnection::Postgresql(c) => bump.execute(c)?,
        AnyConnection::Sqlite(c) => bump.execute(c)?,
    };
    Ok(())
}

/// Folds up to `limit` slots other than 0 into their bucket's slot 0, skipping slots a
/// running transaction holds; answers how many buckets took slots in. PostgreSQL only
/// (SQLite keeps slot 0 alone): slots made by concurrent creations otherwise stay for good,
/// and every page reads them all (390 rows for 73 buckets after the bench's writes; pages
/// read 1.5× faster with one row per bucket, performance.md "Session 12"). Counts move in one
/// statement, so a reader sees every bucket's sum the same before and after; a writer never
/// waits for it (writers skip locked slots), and it waits only for a writer holding a slot 0.
pub fn compact_buckets(conn: &mut AnyConnection, limit: i64) -> Result<usize> {
    let AnyConnection::Postgresql(c) = conn else {
        return Ok(0);
    };
    Ok(diesel::sql_query(
        "WITH moved AS ( \
           DELETE FROM contact_buckets d USING ( \
             SELECT user_id, bucket, slot FROM contact_buckets WHERE slot > 0 \
             ORDER BY user_id, bucket, slot LIMIT $1 FOR UPDATE SKIP LOCKED) v \
           WHERE d.user_id = v.user_id AND d.bucket = v.bucket AND d.slot = v.slot \
           RETURNING d.user_id, d.bucket, d.n) \
         INSERT INTO contact_buckets (user_id, bucket, slot, n) \
         SELECT user_id, bucket, 0, CAST(SUM(n) AS BIGINT) FROM moved GROUP BY user_id, bucket \
         ON CONFLICT (user_id, bucket, slot) DO UPDATE SET n = contact_buckets.n + EXCLUDED.n",
    )
    .bind::<BigInt, _>(limit)
    .execute(c)?)
}

/// The statement of [`bump_bucket`]. PostgreSQL: add to the lowest slot not locked by another
/// transaction; when there is none, insert the next slot. Two writers that insert the same
/// new slot at once meet in `ON CONFLICT` (the second waits for the first's commit, then
/// adds): the only wait left, and only while the slots are fewer than the writers. SQLite:
/// an upsert of slot 0.
struct BumpSlot {
    user_id: i64,
    bucket: i64,
    by: i64,
}

impl QueryId for BumpSlot {
    type QueryId = BumpSlot;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl<Conn> RunQueryDsl<Conn> for BumpSlot {}

impl QueryFragment<Sqlite> for BumpSlot {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        out.push_sql("INSERT INTO contact_buckets (user_id, bucket, slot, n) VALUES (");
        out.push_bind_param::<BigInt, _>(&self.user_id)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, _>(&self.bucket)?;
        out.push_sql(", 0, MAX(");
        out.push_bind_param::<BigInt, _>(&self.by)?;
        out.push_sql(
            ", 0)) ON CONFLICT (user_id, bucket, slot) DO UPDATE SET n = contact_buckets.n + ",
        );
        out.push_bind_param::<BigInt, _>(&self.by)?;
        Ok(())
    }
}

impl QueryFragment<Pg> for BumpSlot {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let key = |out: &mut AstPass<'_, 'b, Pg>| -> QueryResult<()> {
            out.push_sql("user_id = ");
            out.push_bind_param::<BigInt, _>(&self.user_id)?;
            out.push_sql(" AND bucket = ");
            out.push_bind_param::<BigInt, _>(&self.bucket)
        };
        out.push_sql("WITH free AS (SELECT slot FROM contact_buckets WHERE ");
        key(&mut out)?;
        out.push_sql(
            " ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED), \
             bumped AS (UPDATE contact_buckets SET n = n + ",
        );
        out.push_bind_param::<BigInt, _>(&self.by)?;
        out.push_sql(" WHERE ");
        key(&mut out)?;
        out.push_sql(
            " AND slot = (SELECT slot FROM free) RETURNING 1) \
             INSERT INTO contact_buckets (user_id, bucket, slot, n) SELECT ",
        );
        out.push_bind_param::<BigInt, _>(&self.user_id)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, _>(&self.bucket)?;
        out.push_sql(", COALESCE((SELECT MAX(slot) FROM contact_buckets WHERE ");
        key(&mut out)?;
        out.push_sql("), -1) + 1, ");
        out.push_bind_param::<BigInt, _>(&self.by)?;
        out.push_sql(
            " WHERE NOT EXISTS (SELECT 1 FROM bumped) \
             ON CONFLICT (user_id, bucket, slot) DO UPDATE SET n = contact_buckets.n + EXCLUDED.n",
        );
        Ok(())
    }
}

/// How many contacts the user has.
pub fn count(conn: &mut AnyConnection, user_id: i64) -> Result<i64> {
    let ns: Vec<i64> = contact_buckets::table
        .filter(contact_buckets::user_id.eq(user_id))
        .select(contact_buckets::n)
        .load(conn)?;
    Ok(ns.into_iter().sum())
}

/// One page of the user's contacts in ascending id order, as their [`ContactRev`]s (a reader
/// takes the contacts it keeps from its cache and reads the rest), and the total.
pub fn page(
    conn: &mut AnyConnection,
    user_id: i64,
    offset: i64,
    limit: Option<i64>,
) -> Result<(Vec<ContactRev>, i64)> {
    let slots: Vec<(i64, i64)> = contact_buckets::table
        .filter(contact_buckets::user_id.eq(user_id))
        .order(contact_buckets::bucket.asc())
        .select((contact_buckets::bucket, contact_buckets::n))
        .load(conn)?;
    let (start, total) = locate(&slots, offset);
    let Some((from, skip)) = start.filter(|_| limit != Some(0)) else {
        return Ok((Vec::new(), total));
    };
    let rows = page_from(conn, user_id, from, skip, limit.unwrap_or(i64::MAX))?;
    Ok((rows, total))
}

/// At most `limit` of the user's contacts in ascending id order, from id `from` on, skipping
/// the first `skip`.
fn page_from(
    conn: &mut AnyConnection,
    user_id: i64,
    from: i64,
    skip: i64,
    limit: i64,
) -> Result<Vec<ContactRev>> {
    Ok(contacts::table
        .filter(contacts::user_id.eq(user_id))
        .filter(contacts::id.ge(from))
        .order(contacts::id.asc())
        .select(ContactRev::as_select())
        .offset(skip)
        .limit(limit)
        .load(conn)?)
}

/// A page of a list of contacts, as their [`ContactRev`]s, and the length of the whole list.
pub type RevPage = (Vec<ContactRev>, i64);

/// Where the page at `offset` starts, from one user's bucket slots in ascending bucket order:
/// the first id of the bucket it falls in and how many of that user's contacts from there to
/// skip (None: the offset is past the end), and the user's total.
fn locate(slots: &[(i64, i64)], offset: i64) -> (Option<(i64, i64)>, i64) {
    // A bucket's count is the sum of its slots (see `bump_bucket`).
    let mut buckets: Vec<(i64, i64)> = Vec::new();
    for &(b, n) in slots {
        match buckets.last_mut() {
            Some((last, sum)) if *last == b => *sum += n,
            _ => buckets.push((b, n)),
        }
    }
    buckets.retain(|(_, n)| *n > 0);
    let total: i64 = buckets.iter().map(|(_, n)| n).sum();
    let mut skip = offset;
    for (b, n) in &buckets {
        if skip < *n {
            return (Some((b << BUCKET_BITS, skip)), total);
        }
        skip -= n;
    }
    (None, total)
}

/// What asks for a page of one user's contacts: [`page`]'s arguments, as a key of
/// [`crate::batch::ReadBatch`] ([`pages_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PageKey {
    pub user_id: i64,
    pub offset: i64,
    pub limit: Option<i64>,
}

/// [`page`] for several pages of any users at once, in two statements whatever their number
/// (PostgreSQL; SQLite reads each on the calling thread without a round trip): the buckets of
/// every user asked for (once per user, however many of the pages are theirs), then every page
/// by one `LATERAL` statement over arrays. Each statement takes its own snapshot, as the two of
/// [`page`] do at READ COMMITTED.
pub fn pages_of(conn: &mut AnyConnection, keys: &[PageKey]) -> Result<Vec<(PageKey, RevPage)>> {
    let mut users: Vec<i64> = keys.iter().map(|k| k.user_id).collect();
    users.sort_unstable();
    users.dedup();
    let slots: Vec<(i64, i64, i64)> = contact_buckets::table
        .filter(in_ids(contact_buckets::user_id, &users))
        .order((
            contact_buckets::user_id.asc(),
            contact_buckets::bucket.asc(),
        ))
        .select((
            contact_buckets::user_id,
            contact_buckets::bucket,
            contact_buckets::n,
        ))
        .load(conn)?;
    let mut by_user: HashMap<i64, Vec<(i64, i64)>> = HashMap::with_capacity(users.len());
    for (user_id, bucket, n) in slots {
        by_user.entry(user_id).or_default().push((bucket, n));
    }
    let mut answers: Vec<(PageKey, RevPage)> = Vec::with_capacity(keys.len());
    let mut pages = Pages::default();
    for key in keys {
        let slots = by_user.get(&key.user_id).map(Vec::as_slice).unwrap_or(&[]);
        let (start, total) = locate(slots, key.offset);
        if let Some((from, skip)) = start.filter(|_| key.limit != Some(0)) {
            pages.index.push(answers.len() as i64);
            pages.user_ids.push(key.user_id);
            pages.froms.push(from);
            pages.skips.push(skip);
            pages.limits.push(key.limit.unwrap_or(i64::MAX));
        }
        answers.push((*key, (Vec::new(), total)));
    }
    if pages.index.is_empty() {
        return Ok(answers);
    }
    let rows: Vec<(i64, i64, i64, i64)> = match conn {
        AnyConnection::Postgresql(c) => pages.load(c)?,
        // One page at a time (SQLite has no `LATERAL`; its reads cost no round trip).
        AnyConnection::Sqlite(_) => {
            let mut rows = Vec::new();
            for (i, k) in pages.index.iter().enumerate() {
                let page = page_from(
                    conn,
                    pages.user_ids[i],
                    pages.froms[i],
                    pages.skips[i],
                    pages.limits[i],
                )?;
                rows.extend(
                    page.into_iter()
                        .map(|r| (*k, r.id, r.version, r.children_rev)),
                );
            }
            rows
        }
    };
    for (k, id, version, children_rev) in rows {
        if let Some((_, (revs, _))) = usize::try_from(k).ok().and_then(|k| answers.get_mut(k)) {
            revs.push(ContactRev {
                id,
                version,
                children_rev,
            });
        }
    }
    for (_, (revs, _)) in &mut answers {
        revs.sort_unstable_by_key(|r| r.id);
    }
    Ok(answers)
}

/// The pages of [`pages_of`], as arrays bound to ONE statement of fixed text (PostgreSQL): for
/// each, the index of its answer, the user, the first id of its bucket, the contacts to skip
/// from there and the most to answer.
#[derive(Debug, Default)]
struct Pages {
    index: Vec<i64>,
    user_ids: Vec<i64>,
    froms: Vec<i64>,
    skips: Vec<i64>,
    limits: Vec<i64>,
}

impl QueryId for Pages {
    type QueryId = Pages;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl Query for Pages {
    type SqlType = (BigInt, BigInt, BigInt, BigInt);
}

impl<Conn> RunQueryDsl<Conn> for Pages {}

impl QueryFragment<Pg> for Pages {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("SELECT r.k, c.id, c.version, c.children_rev FROM unnest(");
        out.push_bind_param::<Array<BigInt>, _>(&self.index)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<BigInt>, _>(&self.user_ids)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<BigInt>, _>(&self.froms)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<BigInt>, _>(&self.skips)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<BigInt>, _>(&self.limits)?;
        out.push_sql(
            ") AS r(k, user_id, from_id, skip, lim) CROSS JOIN LATERAL ( \
               SELECT id, version, children_rev FROM contacts \
               WHERE contacts.user_id = r.user_id AND contacts.id >= r.from_id \
               ORDER BY contacts.id OFFSET r.skip LIMIT r.lim) c",
        );
        Ok(())
    }
}

/// What a search asks (`GET /v2/contacts?q=`): the user, the words of `q` lower-cased, the
/// key of `q` as a phone number when it looks like one, and the page; a key of
/// [`crate::batch::ReadBatch`] ([`searches_of`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SearchKey {
    pub user_id: i64,
    pub words: Vec<String>,
    pub phone: Option<String>,
    pub offset: i64,
    pub limit: Option<i64>,
}

impl SearchKey {
    /// The words longest first (the fewest contacts, as a rule), each once: the first is looked
    /// up among all the user's terms, each other one only among the contacts found, so a word
    /// that most contacts have (a city, an area code) is never read for all of them.
    fn ordered_words(&self) -> Vec<&str> {
        let mut words: Vec<&str> = self.words.iter().map(String::as_str).collect();
        words.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        words.dedup();
        words
    }
}

/// The contacts of a search, in ascending id order, as their revisions: those having, for
/// every word, a search term that starts with it, and those with a term that starts with the
/// phone key; the page of them and how many there are.
pub fn search(conn: &mut AnyConnection, key: &SearchKey) -> Result<RevPage> {
    let mut hits: Option<BTreeSet<i64>> = None;
    for w in key.ordered_words() {
        hits = Some(match hits.take() {
            None => ids_with_term_prefix(conn, key.user_id, w)?,
            Some(h) if h.is_empty() => h,
            Some(h) => {
                let among: Vec<i64> = h.into_iter().collect();
                ids_with_term_prefix_among(conn, w, &among)?
            }
        });
    }
    let mut hits = hits.unwrap_or_default();
    if let Some(phone) = &key.phone {
        hits.extend(ids_with_term_prefix(conn, key.user_id, phone)?);
    }
    let total = hits.len() as i64;
    let start = usize::try_from(key.offset).unwrap_or(usize::MAX);
    let take = key
        .limit
        .map(|l| usize::try_from(l).unwrap_or(usize::MAX))
        .unwrap_or(usize::MAX);
    let ids: Vec<i64> = hits.into_iter().skip(start).take(take).collect();
    Ok((revs(conn, key.user_id, &ids)?, total))
}

/// [`search`] for several searches of any users at once (PostgreSQL: ONE statement of fixed
/// text whatever their number, over arrays; SQLite, whose reads cost no round trip, runs each
/// by [`search`]). A search that found nothing answers no row; one whose page is empty though
/// it found contacts (an offset past the end, `limit=0`) cannot be told from it by the rows, and
/// is run again by [`search`] for its total.
pub fn searches_of(
    conn: &mut AnyConnection,
    keys: &[SearchKey],
) -> Result<Vec<(SearchKey, RevPage)>> {
    let c = match conn {
        AnyConnection::Postgresql(c) => c,
        AnyConnection::Sqlite(_) => {
            return keys
                .iter()
                .map(|k| Ok((k.clone(), search(conn, k)?)))
                .collect()
        }
    };
    let mut query = Searches::default();
    for (i, key) in keys.iter().enumerate() {
        let words = key.ordered_words();
        let first = words.first().copied().unwrap_or_default();
        query.index.push(i as i64);
        query.user_ids.push(key.user_id);
        // No word: no contact has every word of none (as `search` answers).
        query
            .firsts
            .push((!words.is_empty()).then(|| first.to_owned()));
        query.firsts_end.push(format!("{first}\u{10FFFF}"));
        query
            .rests
            .push(words.get(1..).unwrap_or_default().join(" "));
        query.phones.push(key.phone.clone());
        query.phones_end.push(format!(
            "{}\u{10FFFF}",
            key.phone.as_deref().unwrap_or_default()
        ));
        query.offsets.push(key.offset);
        query.limits.push(key.limit.unwrap_or(i64::MAX));
    }
    let rows: Vec<(i64, i64, i64, i64, i64)> = query.load(c)?;
    let mut answers: Vec<Option<RevPage>> = vec![None; keys.len()];
    for (k, total, id, version, children_rev) in rows {
        let Some(answer) = usize::try_from(k).ok().and_then(|k| answers.get_mut(k)) else {
            continue;
        };
        let (revs, n) = answer.get_or_insert_with(|| (Vec::new(), total));
        *n = total;
        revs.push(ContactRev {
            id,
            version,
            children_rev,
        });
    }
    keys.iter()
        .zip(answers)
        .map(|(key, answer)| {
            let answer = match answer {
                Some((mut revs, total)) => {
                    revs.sort_unstable_by_key(|r| r.id);
                    (revs, total)
                }
                // The first page of a search with room for a contact: it found none.
                None if key.offset == 0 && key.limit != Some(0) => (Vec::new(), 0),
                None => search(conn, key)?,
            };
            Ok((key.clone(), answer))
        })
        .collect()
}

/// The searches of [`searches_of`] as arrays bound to one statement (PostgreSQL): for each,
/// the index of its answer, the user, the first word and where its terms end, the other
/// words (separated by spaces, which no word holds), the phone key and where its terms end,
/// the offset and the most contacts to answer.
#[derive(Debug, Default)]
struct Searches {
    index: Vec<i64>,
    user_ids: Vec<i64>,
    firsts: Vec<Option<String>>,
    firsts_end: Vec<String>,
    rests: Vec<String>,
    phones: Vec<Option<String>>,
    phones_end: Vec<String>,
    offsets: Vec<i64>,
    limits: Vec<i64>,
}

impl QueryId for Searches {
    type QueryId = Searches;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl Query for Searches {
    type SqlType = (BigInt, BigInt, BigInt, BigInt, BigInt);
}

impl<Conn> RunQueryDsl<Conn> for Searches {}

impl QueryFragment<Pg> for Searches {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("SELECT r.k, p.total, c.id, c.version, c.children_rev FROM unnest(");
        out.push_bind_param::<Array<BigInt>, _>(&self.index)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<BigInt>, _>(&self.user_ids)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Nullable<Text>>, _>(&self.firsts)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Text>, _>(&self.firsts_end)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Text>, _>(&self.rests)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Nullable<Text>>, _>(&self.phones)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Text>, _>(&self.phones_end)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<BigInt>, _>(&self.offsets)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<BigInt>, _>(&self.limits)?;
        // The first word and the phone key by ranges of the (user_id, term) index, as
        // `ids_with_term_prefix`; the other words among each contact's own terms, by the
        // (contact_id, term) key, as `ids_with_term_prefix_among`.
        out.push_sql(
            ") AS r(k, user_id, first, first_end, rest, phone, phone_end, skip, lim) \
             CROSS JOIN LATERAL ( \
               SELECT h.id, COUNT(*) OVER () AS total FROM ( \
                 SELECT s.contact_id AS id FROM search_terms s \
                   WHERE s.user_id = r.user_id AND s.term >= r.first AND s.term < r.first_end \
                   AND NOT EXISTS (SELECT 1 FROM unnest(string_to_array(r.rest, ' ')) w(p) \
                     WHERE w.p <> '' AND NOT EXISTS (SELECT 1 FROM search_terms o \
                       WHERE o.contact_id = s.contact_id AND starts_with(o.term, w.p))) \
                 UNION \
                 SELECT s.contact_id FROM search_terms s \
                   WHERE s.user_id = r.user_id AND s.term >= r.phone AND s.term < r.phone_end \
               ) h ORDER BY h.id OFFSET r.skip LIMIT r.lim) p \
             JOIN contacts c ON c.id = p.id",
        );
        Ok(())
    }
}

/// The ids of the user's contacts having a search term that starts with `prefix`.
pub fn ids_with_term_prefix(
    conn: &mut AnyConnection,
    user_id: i64,
    prefix: &str,
) -> Result<BTreeSet<i64>> {
    // A range on the (user_id, term) index: terms sort bytewise (SQLite's BINARY collation,
    // the column's "C" collation on PostgreSQL), so every term with the prefix lies in
    // [prefix, prefix + U+10FFFF).
    let upper = format!("{prefix}\u{10FFFF}");
    let ids: Vec<i64> = search_terms::table
        .filter(search_terms::user_id.eq(user_id))
        .filter(search_terms::term.ge(prefix))
        .filter(search_terms::term.lt(upper))
        .select(search_terms::contact_id)
        .load(conn)?;
    Ok(ids.into_iter().collect())
}

/// Which of the contacts `among` have a search term that starts with `prefix` (a search's
/// further words: a lookup by the contacts' own terms, whatever the number of the user's
/// contacts with the prefix).
pub fn ids_with_term_prefix_among(
    conn: &mut AnyConnection,
    prefix: &str,
    among: &[i64],
) -> Result<BTreeSet<i64>> {
    if among.is_empty() {
        return Ok(BTreeSet::new());
    }
    let upper = format!("{prefix}\u{10FFFF}");
    let ids: Vec<i64> = search_terms::table
        .filter(in_ids(search_terms::contact_id, among))
        .filter(search_terms::term.ge(prefix))
        .filter(search_terms::term.lt(upper))
        .select(search_terms::contact_id)
        .load(conn)?;
    Ok(ids.into_iter().collect())
}

pub fn search_terms_of(conn: &mut AnyConnection, contact_id: i64) -> Result<Vec<String>> {
    Ok(search_terms::table
        .filter(search_terms::contact_id.eq(contact_id))
        .order(search_terms::term.asc())
        .select(search_terms::term)
        .load(conn)?)
}

/// Replaces a contact's search terms.
pub fn set_search_terms(
    conn: &mut AnyConnection,
    user_id: i64,
    contact_id: i64,
    terms: &BTreeSet<String>,
) -> Result<()> {
    diesel::delete(search_terms::table.filter(search_terms::contact_id.eq(contact_id)))
        .execute(conn)?;
    insert_search_terms(conn, user_id, contact_id, terms)
}

/// Adds search terms to a contact that has none (a new one), in one statement.
pub fn insert_search_terms(
    conn: &mut AnyConnection,
    user_id: i64,
    contact_id: i64,
    terms: &BTreeSet<String>,
) -> Result<()> {
    insert_search_terms_many(conn, user_id, &[(contact_id, terms)])
}

/// Adds search terms to new contacts: `(contact id, terms)`, in multi-row statements.
pub fn insert_search_terms_many(
    conn: &mut AnyConnection,
    user_id: i64,
    list: &[(i64, &BTreeSet<String>)],
) -> Result<()> {
    let rows: Vec<_> = list
        .iter()
        .flat_map(|(contact_id, terms)| {
            terms.iter().map(move |t| {
                (
                    search_terms::contact_id.eq(*contact_id),
                    search_terms::term.eq(t.as_str()),
                    search_terms::user_id.eq(user_id),
                )
            })
        })
        .collect();
    batch_insert!(conn, search_terms::table, rows);
    Ok(())
}

/// Deletes every contact and basicInfo of a user (addresses, tags, relations, search terms
/// and custom field values go with their contact), and the user's contact counts.
pub fn delete_for_user(conn: &mut AnyConnection, user_id: i64) -> Result<()> {
    diesel::delete(basic_infos::table.filter(basic_infos::user_id.eq(user_id))).execute(conn)?;
    diesel::delete(contacts::table.filter(contacts::user_id.eq(user_id))).execute(conn)?;
    diesel::delete(contact_buckets::table.filter(contact_buckets::user_id.eq(user_id)))
        .execute(conn)?;
    Ok(())
}

/// Replaces a contact's custom field values with `values` (field id, value), in that order.
pub fn set_custom_fields(
    conn: &mut AnyConnection,
    contact_id: i64,
    values: &[(i64, String)],
) -> Result<()> {
    diesel::delete(
        contact_custom_fields::table.filter(contact_custom_fields::contact_id.eq(contact_id)),
    )
    .execute(conn)?;
    let rows: Vec<_> = values
        .iter()
        .enumerate()
        .map(|(i, (field, value))| {
            (
                contact_custom_fields::contact_id.eq(contact_id),
                contact_custom_fields::field_id.eq(*field),
                contact_custom_fields::position.eq(i as i64),
                contact_custom_fields::value.eq(value.as_str()),
            )
        })
        .collect();
    if !rows.is_empty() {
        batch_insert!(conn, contact_custom_fields::table, rows);
    }
    Ok(())
}

pub fn set_tags(
    conn: &mut AnyConnection,
    user_id: i64,
    contact_id: i64,
    tags: &[String],
) -> Result<()> {
    diesel::delete(contact_tags::table.filter(contact_tags::contact_id.eq(contact_id)))
        .execute(conn)?;
    insert_tags(conn, user_id, contact_id, tags)
}

/// Every tag the user's contacts carry, once, sorted.
pub fn all_tags(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<String>> {
    Ok(contact_tags::table
        .filter(contact_tags::user_id.eq(user_id))
        .select(contact_tags::tag)
        .distinct()
        .order(contact_tags::tag.asc())
        .load(conn)?)
}

/// The contacts related to this one (either side).
pub fn related_ids(conn: &mut AnyConnection, id: i64) -> Result<Vec<i64>> {
    let mut orgs: Vec<i64> = contact_relations::table
        .filter(contact_relations::person_id.eq(id))
        .select(contact_relations::organization_id)
        .load(conn)?;
    let persons: Vec<i64> = contact_relations::table
        .filter(contact_relations::organization_id.eq(id))
        .select(contact_relations::person_id)
        .load(conn)?;
    orgs.extend(persons);
    orgs.sort_unstable();
    orgs.dedup();
    Ok(orgs)
}

/// Relates persons to organizations: `(person, organization)` pairs, in multi-row
/// statements.
pub fn add_relations(conn: &mut AnyConnection, pairs: &[(i64, i64)]) -> Result<()> {
    let rows: Vec<_> = pairs
        .iter()
        .map(|(p, o)| {
            (
                contact_relations::person_id.eq(*p),
                contact_relations::organization_id.eq(*o),
            )
        })
        .collect();
    batch_insert!(conn, contact_relations::table, rows);
    Ok(())
}

pub fn add_relation(conn: &mut AnyConnection, person: i64, organization: i64) -> Result<()> {
    diesel::insert_into(contact_relations::table)
        .values((
            contact_relations::person_id.eq(person),
            contact_relations::organization_id.eq(organization),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn remove_relation(conn: &mut AnyConnection, person: i64, organization: i64) -> Result<()> {
    diesel::delete(
        contact_relations::table
            .filter(contact_relations::person_id.eq(person))
            .filter(contact_relations::organization_id.eq(organization)),
    )
    .execute(conn)?;
    Ok(())
}

/// The matching keys of a contact's basicInfos, in the order the contact lists them.
pub fn match_keys(conn: &mut AnyConnection, contact_id: i64) -> Result<Vec<String>> {
    Ok(basic_infos::table
        .filter(basic_infos::contact_id.eq(contact_id))
        .order((basic_infos::position, basic_infos::id))
        .select(basic_infos::match_key)
        .load(conn)?)
}

crate::owned::owned_find_by!(
    /// The caller's basicInfo, if it is theirs.
    find_basic_info, basic_infos, id: i64, BasicInfoRow
);

pub fn insert_basic_info(
    conn: &mut AnyConnection,
    user_id: i64,
    fields: &BasicInfoForm,
) -> Result<BasicInfoRow> {
    Ok(diesel::insert_into(basic_infos::table)
        .values((basic_infos::user_id.eq(user_id), fields))
        .returning(basic_infos::all_columns)
        .get_result(conn)?)
}

pub fn update_basic_info(
    conn: &mut AnyConnection,
    id: i64,
    fields: &BasicInfoForm,
) -> Result<BasicInfoRow> {
    Ok(
        diesel::update(basic_infos::table.filter(basic_infos::id.eq(id)))
            .set(fields)
            .returning(basic_infos::all_columns)
            .get_result(conn)?,
    )
}

/// Deletes a contact's basicInfos except the ones kept.
pub fn delete_basic_infos_except(
    conn: &mut AnyConnection,
    contact_id: i64,
    keep: &[i64],
) -> Result<()> {
    diesel::delete(
        basic_infos::table
            .filter(basic_infos::contact_id.eq(contact_id))
            .filter(not_in_ids(basic_infos::id, keep)),
    )
    .execute(conn)?;
    Ok(())
}

/// Inserts basicInfos in one multi-row statement, in the order given.
pub fn insert_basic_infos(
    conn: &mut AnyConnection,
    user_id: i64,
    list: &[BasicInfoForm],
) -> Result<()> {
    if list.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = list
        .iter()
        .map(|f| (basic_infos::user_id.eq(user_id), f.clone()))
        .collect();
    batch_insert!(conn, basic_infos::table, rows);
    Ok(())
}

/// Inserts addresses in one multi-row statement, in the order given.
pub fn insert_addresses(conn: &mut AnyConnection, list: &[AddressForm]) -> Result<()> {
    if list.is_empty() {
        return Ok(());
    }
    let rows = list.to_vec();
    batch_insert!(conn, addresses::table, rows);
    Ok(())
}

/// Adds tags to a contact that has none yet (a new contact), in one statement.
pub fn insert_tags(
    conn: &mut AnyConnection,
    user_id: i64,
    contact_id: i64,
    tags: &[String],
) -> Result<()> {
    insert_tags_many(conn, user_id, &[(contact_id, tags)])
}

/// Adds tags to new contacts: `(contact id, tags in order)`, in multi-row statements.
pub fn insert_tags_many(
    conn: &mut AnyConnection,
    user_id: i64,
    list: &[(i64, &[String])],
) -> Result<()> {
    let rows: Vec<_> = list
        .iter()
        .flat_map(|(contact_id, tags)| {
            tags.iter().enumerate().map(move |(i, t)| {
                (
                    contact_tags::contact_id.eq(*contact_id),
                    contact_tags::position.eq(i as i64),
                    contact_tags::user_id.eq(user_id),
                    contact_tags::tag.eq(t.as_str()),
                )
            })
        })
        .collect();
    batch_insert!(conn, contact_tags::table, rows);
    Ok(())
}

pub fn insert_address(conn: &mut AnyConnection, fields: &AddressForm) -> Result<i64> {
    Ok(diesel::insert_into(addresses::table)
        .values(fields)
        .returning(addresses::id)
        .get_result(conn)?)
}

/// Updates an address of this contact; false when the id is not one of its addresses.
pub fn update_address(conn: &mut AnyConnection, id: i64, fields: &AddressForm) -> Result<bool> {
    let n = diesel::update(
        addresses::table
            .filter(addresses::id.eq(id))
            .filter(addresses::contact_id.eq(fields.contact_id)),
    )
    .set(fields)
    .execute(conn)?;
    Ok(n == 1)
}

pub fn delete_addresses_except(
    conn: &mut AnyConnection,
    contact_id: i64,
    keep: &[i64],
) -> Result<()> {
    diesel::delete(
        addresses::table
            .filter(addresses::contact_id.eq(contact_id))
            .filter(not_in_ids(addresses::id, keep)),
    )
    .execute(conn)?;
    Ok(())
}

//! The two commonest contact writes as ONE PostgreSQL statement each, run outside any
//! transaction: the statement commits by itself (after its WAL flush) before it answers, so a
//! write costs the round trip of its one statement and of the one read before it, instead of
//! `BEGIN`, eight to ten statements and `COMMIT` (docs/performance.md, "Session 17").
//!
//! - [`create`]: a new contact with its basicInfos, addresses, tags, search terms, journal
//!   entry and bucket count, whose ids the caller took first with [`next_ids`] (so that it
//!   can write the journal's new state, which names them, in the same statement).
//! - [`update_fields`]: a change of a contact's own attributes (no list), with its search
//!   terms and journal entry, only if the contact is still at the version and children
//!   revision the caller read.
//!
//! Each sub-statement is a data-modifying `WITH` of the one statement: PostgreSQL runs all of
//! them to completion, and checks the foreign keys and runs the statement triggers of
//! migrations 000013 and 000015 at its end, as for the statements of a transaction. The
//! statements' text is fixed (lists go as arrays), so each connection prepares them once.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Array, BigInt, Bool, Nullable, Text};
use interact_errors::{Error, Result};

use crate::contacts::{AddressRow, BasicInfoRow, ContactRow, BUCKET_BITS};
use crate::AnyConnection;

/// The ids of a new contact, of its `infos` basicInfos and of its `addresses` addresses,
/// from their sequences, in one statement (sequences are outside transactions: an id taken
/// for a write that then fails is skipped, as any failed insert skips one).
pub fn next_ids(
    conn: &mut AnyConnection,
    infos: usize,
    addresses: usize,
) -> Result<(i64, Vec<i64>, Vec<i64>)> {
    let c = postgres(conn)?;
    let (id, infos, addresses) = NextIds {
        infos: infos as i64,
        addresses: addresses as i64,
    }
    .get_result::<(i64, Vec<i64>, Vec<i64>)>(c)?;
    Ok((id, infos, addresses))
}

/// A new contact as [`create`] writes it: its row, what hangs off it (each list in its
/// order, with the ids of [`next_ids`]), its search terms and its journal entry's new state.
pub struct NewContact<'a> {
    pub row: &'a ContactRow,
    pub basic_infos: &'a [BasicInfoRow],
    pub addresses: &'a [AddressRow],
    pub tags: &'a [String],
    pub terms: &'a [String],
    /// The journal entry's new state (the contact as a read answers it).
    pub state: &'a str,
}

/// Writes a new contact in one statement that commits by itself: see the module.
pub fn create(conn: &mut AnyConnection, new: &NewContact) -> Result<()> {
    let c = postgres(conn)?;
    let r = new.row;
    let infos = new.basic_infos;
    let addresses = new.addresses;
    let statement = Create {
        id: r.id,
        user_id: r.user_id,
        contact_type: r.contact_type.clone(),
        now: r.created,
        title: r.title.clone(),
        first_name: r.first_name.clone(),
        middle_name: r.middle_name.clone(),
        last_name: r.last_name.clone(),
        profession: r.profession.clone(),
        gender: r.gender.clone(),
        hot: r.hot,
        organization_name: r.organization_name.clone(),
        business: r.business.clone(),
        profiles: r.profiles.clone(),
        info_ids: infos.iter().map(|b| b.id).collect(),
        info_positions: infos.iter().map(|b| b.position).collect(),
        info_types: infos.iter().map(|b| b.type_.clone()).collect(),
        info_subtypes: infos.iter().map(|b| b.subtype.clone()).collect(),
        info_values: infos.iter().map(|b| b.value.clone()).collect(),
        info_keys: infos.iter().map(|b| b.match_key.clone()).collect(),
        info_excluded: infos.iter().map(|b| b.excluded).collect(),
        info_identifiers: infos.iter().map(|b| b.identifier.clone()).collect(),
        address_ids: addresses.iter().map(|a| a.id).collect(),
        address_positions: addresses.iter().map(|a| a.position).collect(),
        address_columns: [
            addresses.iter().map(|a| a.subtype.clone()).collect(),
            addresses.iter().map(|a| a.addressline1.clone()).collect(),
            addresses.iter().map(|a| a.addressline2.clone()).collect(),
            addresses.iter().map(|a| a.addressline3.clone()).collect(),
            addresses.iter().map(|a| a.zip.clone()).collect(),
            addresses.iter().map(|a| a.city.clone()).collect(),
            addresses.iter().map(|a| a.state.clone()).collect(),
            addresses.iter().map(|a| a.country.clone()).collect(),
        ],
        tags: new.tags.to_vec(),
        terms: new.terms.to_vec(),
        state: new.state.to_string(),
        bucket: r.id >> BUCKET_BITS,
    };
    statement.execute(c)?;
    Ok(())
}

/// A change of a contact's own attributes as [`update_fields`] writes it.
pub struct FieldsUpdate<'a> {
    /// The contact's row as it will be: its attributes, `modified` (the time of the change)
    /// and `version` (one more than the version read); `children_rev` is the one read. The
    /// contact must still have the version and children revision read.
    pub row: &'a ContactRow,
    /// The contact's search terms as they will be.
    pub terms: &'a [String],
    /// The journal entry's old and new states.
    pub old_state: &'a str,
    pub new_state: &'a str,
}

/// Writes a change of a contact's own attributes in one statement that commits by itself,
/// if the contact is still at the version and children revision read (see
/// [`FieldsUpdate::row`]). Answers whether it was; when not, nothing is written.
pub fn update_fields(conn: &mut AnyConnection, update: &FieldsUpdate) -> Result<bool> {
    let c = postgres(conn)?;
    let r = update.row;
    let n = UpdateFields {
        id: r.id,
        user_id: r.user_id,
        version: r.version - 1,
        children_rev: r.children_rev,
        now: r.modified,
        title: r.title.clone(),
        first_name: r.first_name.clone(),
        middle_name: r.middle_name.clone(),
        last_name: r.last_name.clone(),
        profession: r.profession.clone(),
        gender: r.gender.clone(),
        hot: r.hot,
        organization_name: r.organization_name.clone(),
        business: r.business.clone(),
        profiles: r.profiles.clone(),
        terms: update.terms.to_vec(),
        old_state: update.old_state.to_string(),
        new_state: update.new_state.to_string(),
    }
    .execute(c)?;
    Ok(n == 1)
}

fn postgres(conn: &mut AnyConnection) -> Result<&mut diesel::PgConnection> {
    match conn {
        AnyConnection::Postgresql(c) => Ok(c),
        AnyConnection::Sqlite(_) => Err(Error::internal(anyhow::anyhow!(
            "contact_writes: PostgreSQL only (SQLite writes in its group commit)"
        ))),
    }
}

/// Implements what a fixed-text statement of this module needs to be prepared once per
/// connection: its own query id, and `execute`.
macro_rules! fixed_statement {
    ($name:ident) => {
        impl QueryId for $name {
            type QueryId = $name;
            const HAS_STATIC_QUERY_ID: bool = true;
        }
        impl<Conn> RunQueryDsl<Conn> for $name {}
    };
}

struct NextIds {
    infos: i64,
    addresses: i64,
}

fixed_statement!(NextIds);

impl Query for NextIds {
    type SqlType = (BigInt, Array<BigInt>, Array<BigInt>);
}

impl QueryFragment<Pg> for NextIds {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(
            "SELECT nextval('contacts_id_seq'), \
             ARRAY(SELECT nextval('basic_infos_id_seq') FROM generate_series(1, ",
        );
        out.push_bind_param::<BigInt, _>(&self.infos)?;
        out.push_sql(
            ") ORDER BY 1), ARRAY(SELECT nextval('addresses_id_seq') FROM generate_series(1, ",
        );
        out.push_bind_param::<BigInt, _>(&self.addresses)?;
        out.push_sql(") ORDER BY 1)");
        Ok(())
    }
}

struct Create {
    id: i64,
    user_id: i64,
    contact_type: String,
    now: i64,
    title: Option<String>,
    first_name: Option<String>,
    middle_name: Option<String>,
    last_name: Option<String>,
    profession: Option<String>,
    gender: Option<String>,
    hot: bool,
    organization_name: Option<String>,
    business: Option<String>,
    profiles: String,
    info_ids: Vec<i64>,
    info_positions: Vec<i64>,
    info_types: Vec<String>,
    info_subtypes: Vec<Option<String>>,
    info_values: Vec<String>,
    info_keys: Vec<String>,
    info_excluded: Vec<bool>,
    info_identifiers: Vec<Option<String>>,
    address_ids: Vec<i64>,
    address_positions: Vec<i64>,
    /// subtype, addressline1–3, zip, city, state, country.
    address_columns: [Vec<Option<String>>; 8],
    tags: Vec<String>,
    terms: Vec<String>,
    state: String,
    bucket: i64,
}

fixed_statement!(Create);

/// Pushes the attributes of a contact's row, comma-separated, in the order of
/// [`ATTRIBUTE_COLUMNS`].
macro_rules! push_attributes {
    ($out:expr, $s:expr) => {{
        for v in [
            &$s.title,
            &$s.first_name,
            &$s.middle_name,
            &$s.last_name,
            &$s.profession,
            &$s.gender,
        ] {
            $out.push_bind_param::<Nullable<Text>, _>(v)?;
            $out.push_sql(", ");
        }
        $out.push_bind_param::<Bool, _>(&$s.hot)?;
        $out.push_sql(", ");
        $out.push_bind_param::<Nullable<Text>, _>(&$s.organization_name)?;
        $out.push_sql(", ");
        $out.push_bind_param::<Nullable<Text>, _>(&$s.business)?;
        $out.push_sql(", ");
        $out.push_bind_param::<Text, _>(&$s.profiles)?;
    }};
}

/// A contact's own attributes, in the order [`push_attributes`] binds them.
const ATTRIBUTE_COLUMNS: &str = "title, first_name, middle_name, last_name, profession, gender, \
                                 hot, organization_name, business, profiles";

/// Adds one to the count of the bucket of the contact `id` (bound as `user_id` and `bucket`),
/// as `contacts::BumpSlot` does in a statement of its own: the first slot no running
/// transaction holds, or a new slot when every one is held.
fn push_bucket_bump<'b>(
    out: &mut AstPass<'_, 'b, Pg>,
    user_id: &'b i64,
    bucket: &'b i64,
) -> QueryResult<()> {
    let key = |out: &mut AstPass<'_, 'b, Pg>| -> QueryResult<()> {
        out.push_sql("user_id = ");
        out.push_bind_param::<BigInt, _>(user_id)?;
        out.push_sql(" AND bucket = ");
        out.push_bind_param::<BigInt, _>(bucket)
    };
    out.push_sql("free AS (SELECT slot FROM contact_buckets WHERE ");
    key(out)?;
    out.push_sql(
        " ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED), \
         bumped AS (UPDATE contact_buckets SET n = n + 1 WHERE ",
    );
    key(out)?;
    out.push_sql(
        " AND slot = (SELECT slot FROM free) RETURNING 1) \
         INSERT INTO contact_buckets (user_id, bucket, slot, n) SELECT ",
    );
    out.push_bind_param::<BigInt, _>(user_id)?;
    out.push_sql(", ");
    out.push_bind_param::<BigInt, _>(bucket)?;
    out.push_sql(", COALESCE((SELECT MAX(slot) FROM contact_buckets WHERE ");
    key(out)?;
    out.push_sql(
        "), -1) + 1, 1 WHERE NOT EXISTS (SELECT 1 FROM bumped) \
         ON CONFLICT (user_id, bucket, slot) DO UPDATE SET n = contact_buckets.n + EXCLUDED.n",
    );
    Ok(())
}

impl QueryFragment<Pg> for Create {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("WITH c AS (INSERT INTO contacts (id, user_id, version, contact_type, created, modified, ");
        out.push_sql(ATTRIBUTE_COLUMNS);
        out.push_sql(") VALUES (");
        out.push_bind_param::<BigInt, _>(&self.id)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, _>(&self.user_id)?;
        out.push_sql(", 1, ");
        out.push_bind_param::<Text, _>(&self.contact_type)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, _>(&self.now)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, _>(&self.now)?;
        out.push_sql(", ");
        push_attributes!(out, self);
        out.push_sql(
            ")), b AS (INSERT INTO basic_infos \
             (id, user_id, contact_id, position, type, subtype, value, match_key, excluded, identifier) \
             SELECT u.id, ",
        );
        out.push_bind_param::<BigInt, _>(&self.user_id)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, _>(&self.id)?;
        out.push_sql(
            ", u.position, u.type, u.subtype, u.value, u.match_key, u.excluded, u.identifier \
             FROM unnest(",
        );
        out.push_bind_param::<Array<BigInt>, _>(&self.info_ids)?;
        out.push_sql("::int8[], ");
        out.push_bind_param::<Array<BigInt>, _>(&self.info_positions)?;
        out.push_sql("::int8[], ");
        out.push_bind_param::<Array<Text>, _>(&self.info_types)?;
        out.push_sql("::text[], ");
        out.push_bind_param::<Array<Nullable<Text>>, _>(&self.info_subtypes)?;
        out.push_sql("::text[], ");
        out.push_bind_param::<Array<Text>, _>(&self.info_values)?;
        out.push_sql("::text[], ");
        out.push_bind_param::<Array<Text>, _>(&self.info_keys)?;
        out.push_sql("::text[], ");
        out.push_bind_param::<Array<Bool>, _>(&self.info_excluded)?;
        out.push_sql("::bool[], ");
        out.push_bind_param::<Array<Nullable<Text>>, _>(&self.info_identifiers)?;
        out.push_sql(
            "::text[]) AS u(id, position, type, subtype, value, match_key, excluded, identifier)), \
             a AS (INSERT INTO addresses (id, contact_id, position, subtype, addressline1, \
             addressline2, addressline3, zip, city, state, country) \
             SELECT u.id, ",
        );
        out.push_bind_param::<BigInt, _>(&self.id)?;
        out.push_sql(", u.position, u.subtype, u.l1, u.l2, u.l3, u.zip, u.city, u.state, u.country FROM unnest(");
        out.push_bind_param::<Array<BigInt>, _>(&self.address_ids)?;
        out.push_sql("::int8[], ");
        out.push_bind_param::<Array<BigInt>, _>(&self.address_positions)?;
        out.push_sql("::int8[]");
        for column in &self.address_columns {
            out.push_sql(", ");
            out.push_bind_param::<Array<Nullable<Text>>, _>(column)?;
            out.push_sql("::text[]");
        }
        out.push_sql(
            ") AS u(id, position, subtype, l1, l2, l3, zip, city, state, country)), \
             t AS (INSERT INTO contact_tags (contact_id, position, user_id, tag) SELECT ",
        );
        out.push_bind_param::<BigInt, _>(&self.id)?;
        out.push_sql(", u.ord - 1, ");
        out.push_bind_param::<BigInt, _>(&self.user_id)?;
        out.push_sql(", u.tag FROM unnest(");
        out.push_bind_param::<Array<Text>, _>(&self.tags)?;
        out.push_sql(
            "::text[]) WITH ORDINALITY AS u(tag, ord)), \
             s AS (INSERT INTO search_terms (contact_id, term, user_id) SELECT ",
        );
        out.push_bind_param::<BigInt, _>(&self.id)?;
        out.push_sql(", u.term, ");
        out.push_bind_param::<BigInt, _>(&self.user_id)?;
        out.push_sql(" FROM unnest(");
        out.push_bind_param::<Array<Text>, _>(&self.terms)?;
        out.push_sql(
            "::text[]) AS u(term)), \
             j AS (INSERT INTO activities (user_id, actor_id, action, entity_type, entity_id, \
             old_state, new_state, time) VALUES (",
        );
        out.push_bind_param::<BigInt, _>(&self.user_id)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, _>(&self.user_id)?;
        out.push_sql(", 'insert', 'contact', ");
        out.push_bind_param::<BigInt, _>(&self.id)?;
        out.push_sql(", NULL, ");
        out.push_bind_param::<Text, _>(&self.state)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, _>(&self.now)?;
        out.push_sql(")), ");
        push_bucket_bump(&mut out, &self.user_id, &self.bucket)
    }
}

struct UpdateFields {
    id: i64,
    user_id: i64,
    version: i64,
    children_rev: i64,
    now: i64,
    title: Option<String>,
    first_name: Option<String>,
    middle_name: Option<String>,
    last_name: Option<String>,
    profession: Option<String>,
    gender: Option<String>,
    hot: bool,
    organization_name: Option<String>,
    business: Option<String>,
    profiles: String,
    terms: Vec<String>,
    old_state: String,
    new_state: String,
}

fixed_statement!(UpdateFields);

impl QueryFragment<Pg> for UpdateFields {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("WITH u AS (UPDATE contacts SET (");
        out.push_sql(ATTRIBUTE_COLUMNS);
        out.push_sql(", version, modified) = (");
        push_attributes!(out, self);
        out.push_sql(", version + 1, ");
        out.push_bind_param::<BigInt, _>(&self.now)?;
        out.push_sql(") WHERE id = ");
        out.push_bind_param::<BigInt, _>(&self.id)?;
        out.push_sql(" AND user_id = ");
        out.push_bind_param::<BigInt, _>(&self.user_id)?;
        out.push_sql(" AND version = ");
        out.push_bind_param::<BigInt, _>(&self.version)?;
        out.push_sql(" AND children_rev = ");
        out.push_bind_param::<BigInt, _>(&self.children_rev)?;
        // The terms the contact loses, and those it gains (one it keeps is left alone).
        out.push_sql(
            " RETURNING id), \
             d AS (DELETE FROM search_terms WHERE contact_id = (SELECT id FROM u) \
             AND term <> ALL(",
        );
        out.push_bind_param::<Array<Text>, _>(&self.terms)?;
        out.push_sql(
            "::text[])), \
             i AS (INSERT INTO search_terms (contact_id, term, user_id) SELECT u.id, t.term, ",
        );
        out.push_bind_param::<BigInt, _>(&self.user_id)?;
        out.push_sql(" FROM u, unnest(");
        out.push_bind_param::<Array<Text>, _>(&self.terms)?;
        out.push_sql(
            "::text[]) AS t(term) ON CONFLICT DO NOTHING) \
             INSERT INTO activities (user_id, actor_id, action, entity_type, entity_id, \
             old_state, new_state, time) SELECT ",
        );
        out.push_bind_param::<BigInt, _>(&self.user_id)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, _>(&self.user_id)?;
        out.push_sql(", 'update', 'contact', u.id, ");
        out.push_bind_param::<Text, _>(&self.old_state)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(&self.new_state)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, _>(&self.now)?;
        out.push_sql(" FROM u");
        Ok(())
    }
}

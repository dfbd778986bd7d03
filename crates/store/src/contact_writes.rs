//! The two commonest contact writes as ONE PostgreSQL statement each, run outside any
//! transaction: the statement commits by itself (after its WAL flush) before it answers, so a
//! write costs its statement and the one read before it, instead of `BEGIN`, eight to ten
//! statements and `COMMIT` (docs/performance.md, "Session 17").
//!
//! - [`create_many`]: new contacts, of any users, with their basicInfos, addresses, tags,
//!   search terms, journal entries and bucket counts, whose ids the caller took first with
//!   [`ids_of`] (so that it can write the journal's new state, which names them, in the same
//!   statement). Concurrent requests' creations go in one statement ([`WriteBatch`]), and
//!   their ids in another ([`ids_of`] through a [`crate::batch::ReadBatch`]).
//! - [`update_fields`]: changes of contacts' own attributes (no list), with their search
//!   terms and journal entries, each only if its contact is still at the version and children
//!   revision the caller read. Concurrent requests' changes go in one statement too (the
//!   first change of each contact; a later one takes the caller's transaction).
//!
//! Each sub-statement is a data-modifying `WITH` of the one statement: PostgreSQL runs all of
//! them to completion, and checks the foreign keys and runs the statement triggers of
//! migrations 000013 and 000015 at its end, as for the statements of a transaction. The
//! statements' text is fixed (lists go as arrays), so each connection prepares them once.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Array, BigInt, Bool, Nullable, Text};
use interact_errors::{Error, Result};
use tokio::sync::oneshot;

use crate::contacts::{AddressRow, BasicInfoRow, ContactRow, BUCKET_BITS};
use crate::drain::{self, Queue};
use crate::{AnyConnection, Db};

/// What a creation asks ids for: its `infos` basicInfos and `addresses` addresses (and the
/// contact). Each key is a request of its own (`ticket`), so that a batch never answers two
/// requests the same ids.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdsKey {
    ticket: u64,
    infos: i64,
    addresses: i64,
}

impl IdsKey {
    pub fn new(infos: usize, addresses: usize) -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        IdsKey {
            ticket: NEXT.fetch_add(1, Ordering::Relaxed),
            infos: infos as i64,
            addresses: addresses as i64,
        }
    }
}

/// The ids of a new contact, of its basicInfos and of its addresses, each list ascending.
#[derive(Debug, Clone)]
pub struct NewIds {
    pub contact: i64,
    pub infos: Vec<i64>,
    pub addresses: Vec<i64>,
}

/// The ids each key asks for, from their sequences, in one statement (sequences are outside
/// transactions: an id taken for a write that then fails is skipped, as any failed insert
/// skips one). Every key is answered.
pub fn ids_of(conn: &mut AnyConnection, keys: &[IdsKey]) -> Result<Vec<(IdsKey, NewIds)>> {
    let c = postgres(conn)?;
    let rows: Vec<(i64, i64, Vec<i64>, Vec<i64>)> = NextIds {
        index: (0..keys.len() as i64).collect(),
        infos: keys.iter().map(|k| k.infos).collect(),
        addresses: keys.iter().map(|k| k.addresses).collect(),
    }
    .load(c)?;
    rows.into_iter()
        .map(|(k, contact, infos, addresses)| {
            let key = usize::try_from(k)
                .ok()
                .and_then(|k| keys.get(k))
                .ok_or_else(|| {
                    Error::internal(anyhow::anyhow!("ids_of: an answer for no key ({k})"))
                })?;
            Ok((
                key.clone(),
                NewIds {
                    contact,
                    infos,
                    addresses,
                },
            ))
        })
        .collect()
}

/// A new contact as [`create_many`] writes it: its row, what hangs off it (each list in its
/// order, with the ids of [`ids_of`]), its search terms and its journal entry's new state.
pub struct NewContact {
    pub row: ContactRow,
    pub basic_infos: Vec<BasicInfoRow>,
    pub addresses: Vec<AddressRow>,
    pub tags: Vec<String>,
    pub terms: Vec<String>,
    /// The journal entry's new state (the contact as a read answers it).
    pub state: String,
}

/// Writes new contacts, of any users, in one statement that commits by itself: see the
/// module. Their journal entries follow the order given.
pub fn create_many(conn: &mut AnyConnection, new: &[NewContact]) -> Result<()> {
    let c = postgres(conn)?;
    let rows = || new.iter().map(|n| &n.row);
    let infos = || new.iter().flat_map(|n| &n.basic_infos);
    let addresses = || new.iter().flat_map(|n| &n.addresses);
    let address_text =
        |f: fn(&AddressRow) -> &Option<String>| addresses().map(|a| f(a).clone()).collect();
    // Each bucket once, with how many of the contacts land in it, in key order (the order
    // in which the statement takes the buckets' locks).
    let mut keys: Vec<(i64, i64)> = rows().map(|r| (r.user_id, r.id >> BUCKET_BITS)).collect();
    keys.sort_unstable();
    let mut buckets: Vec<(i64, i64, i64)> = Vec::new();
    for (user_id, bucket) in keys {
        match buckets.last_mut() {
            Some((u, b, n)) if (*u, *b) == (user_id, bucket) => *n += 1,
            _ => buckets.push((user_id, bucket, 1)),
        }
    }
    let tags: Vec<(i64, i64, i64, &String)> = new
        .iter()
        .flat_map(|n| {
            n.tags
                .iter()
                .enumerate()
                .map(|(i, t)| (n.row.id, i as i64, n.row.user_id, t))
        })
        .collect();
    let terms: Vec<(i64, i64, &String)> = new
        .iter()
        .flat_map(|n| n.terms.iter().map(|t| (n.row.id, n.row.user_id, t)))
        .collect();
    CreateMany {
        ids: rows().map(|r| r.id).collect(),
        user_ids: rows().map(|r| r.user_id).collect(),
        contact_types: rows().map(|r| r.contact_type.clone()).collect(),
        created: rows().map(|r| r.created).collect(),
        attributes: Attributes::of(rows()),
        info_ids: infos().map(|b| b.id).collect(),
        info_users: infos().map(|b| b.user_id).collect(),
        info_contacts: infos().map(|b| b.contact_id).collect(),
        info_positions: infos().map(|b| b.position).collect(),
        info_types: infos().map(|b| b.type_.clone()).collect(),
        info_subtypes: infos().map(|b| b.subtype.clone()).collect(),
        info_values: infos().map(|b| b.value.clone()).collect(),
        info_keys: infos().map(|b| b.match_key.clone()).collect(),
        info_excluded: infos().map(|b| b.excluded).collect(),
        info_identifiers: infos().map(|b| b.identifier.clone()).collect(),
        address_ids: addresses().map(|a| a.id).collect(),
        address_contacts: addresses().map(|a| a.contact_id).collect(),
        address_positions: addresses().map(|a| a.position).collect(),
        address_columns: [
            address_text(|a| &a.subtype),
            address_text(|a| &a.addressline1),
            address_text(|a| &a.addressline2),
            address_text(|a| &a.addressline3),
            address_text(|a| &a.zip),
            address_text(|a| &a.city),
            address_text(|a| &a.state),
            address_text(|a| &a.country),
        ],
        tag_contacts: tags.iter().map(|t| t.0).collect(),
        tag_positions: tags.iter().map(|t| t.1).collect(),
        tag_users: tags.iter().map(|t| t.2).collect(),
        tags: tags.iter().map(|t| t.3.clone()).collect(),
        term_contacts: terms.iter().map(|t| t.0).collect(),
        term_users: terms.iter().map(|t| t.1).collect(),
        terms: terms.iter().map(|t| t.2.clone()).collect(),
        states: new.iter().map(|n| n.state.clone()).collect(),
        bucket_users: buckets.iter().map(|b| b.0).collect(),
        buckets: buckets.iter().map(|b| b.1).collect(),
        bucket_counts: buckets.iter().map(|b| b.2).collect(),
    }
    .execute(c)?;
    Ok(())
}

/// Writes of concurrent requests written together, the pattern of [`crate::batch`] for a
/// write: a write queues its job and awaits; a drain on a blocking thread takes every queued
/// one (up to [`MAX_WRITES`]) into one call of the batch's `write`, ONE statement that
/// commits by itself (`Db::write_alone_here`), and answers each job once it has. A burst of
/// N creations then costs one statement, one plan set up, one run of each statement trigger
/// and one WAL flush instead of N. A write alone goes at once. If the call fails, its
/// statement wrote nothing, and each job is written again by a call of its own, which
/// answers that job's own error (unless the database could not be reached: then each
/// answers that, a 503). A `write` of more than one statement would break that retry.
///
/// The batches (interact-service `Ctx::contact_writes`): creations ([`create_many`]) and
/// updates of attributes ([`update_fields`]).
pub struct WriteBatch<J, R> {
    inner: Arc<WriteInner<J, R>>,
}

impl<J, R> Clone for WriteBatch<J, R> {
    fn clone(&self) -> Self {
        WriteBatch {
            inner: self.inner.clone(),
        }
    }
}

/// The most writes one call carries: bounds its arrays and how long the writes at the end of
/// a burst wait for the ones before them.
const MAX_WRITES: usize = 64;

/// Writes the jobs; answers each job's result, in their order.
type Write<J, R> = dyn Fn(&mut AnyConnection, &[J]) -> Result<Vec<R>> + Send + Sync;

type WriteJob<J, R> = (J, oneshot::Sender<Result<R>>);

struct WriteInner<J, R> {
    db: Db,
    write: Box<Write<J, R>>,
    queue: Queue<WriteJob<J, R>>,
}

impl<J, R> WriteInner<J, R> {
    fn queue(&self) -> &Queue<WriteJob<J, R>> {
        &self.queue
    }

    /// `write` on this batch's jobs, in statements that commit by themselves; checks that
    /// it answered each.
    fn write(&self, jobs: &[J]) -> Result<Vec<R>> {
        let results = self.db.write_alone_here(|c| (self.write)(c, jobs))?;
        if results.len() != jobs.len() {
            return Err(Error::internal(anyhow::anyhow!(
                "a batch of {} writes answered {}",
                jobs.len(),
                results.len()
            )));
        }
        Ok(results)
    }

    /// Writes one batch's jobs and answers each.
    fn run(&self, batch: Vec<WriteJob<J, R>>) {
        let (jobs, answers): (Vec<J>, Vec<_>) = batch.into_iter().unzip();
        let written = catch_unwind(AssertUnwindSafe(|| match self.write(&jobs) {
            Ok(results) => results.into_iter().map(Ok).collect(),
            Err(e) if jobs.len() == 1 => vec![Err(e)],
            // No connection, or it died: trying each alone would only wait again.
            Err(e) if e.detail == interact_errors::Detail::Unavailable => jobs
                .iter()
                .map(|_| Err(Error::unavailable(anyhow::anyhow!("the write failed: {e}"))))
                .collect(),
            Err(_) => jobs
                .chunks(1)
                .map(|one| self.write(one).map(|mut r| r.remove(0)))
                .collect::<Vec<_>>(),
        }));
        match written {
            Ok(results) => {
                for (tx, r) in answers.into_iter().zip(results) {
                    let _ = tx.send(r);
                }
            }
            // Dropping the answers answers each write a 500.
            Err(_) => log::error!("a batch of writes panicked"),
        }
    }
}

impl<J, R> WriteBatch<J, R>
where
    J: Send + 'static,
    R: Send + 'static,
{
    /// Batched writes on `db` by `write`, which writes the jobs it is given in statements
    /// that commit by themselves, and answers each job's result in their order.
    pub fn new(
        db: Db,
        write: impl Fn(&mut AnyConnection, &[J]) -> Result<Vec<R>> + Send + Sync + 'static,
    ) -> Self {
        WriteBatch {
            inner: Arc::new(WriteInner {
                db,
                write: Box::new(write),
                queue: Queue::new(),
            }),
        }
    }

    /// Writes `job` (with the jobs queued with it); answers once it is committed.
    pub async fn write(&self, job: J) -> Result<R> {
        let (tx, rx) = oneshot::channel();
        drain::push(
            &self.inner,
            WriteInner::queue,
            (job, tx),
            MAX_WRITES,
            crate::batch::DRAINS,
            WriteInner::run,
        );
        // A write whose answer was dropped unsent: its batch panicked.
        rx.await.unwrap_or_else(|_| {
            Err(Error::internal(anyhow::anyhow!(
                "the write failed unexpectedly (panicked)"
            )))
        })
    }
}

/// A change of a contact's own attributes as [`update_fields`] writes it.
pub struct FieldsUpdate {
    /// The contact's row as it will be: its attributes, `modified` (the time of the change)
    /// and `version` (one more than the version read); `children_rev` is the one read. The
    /// contact must still have the version and children revision read.
    pub row: ContactRow,
    /// The contact's search terms as they will be.
    pub terms: Vec<String>,
    /// The journal entry's old and new states.
    pub old_state: String,
    pub new_state: String,
}

/// Writes changes of contacts' own attributes in one statement that commits by itself, each
/// only if its contact is still at the version and children revision read (see
/// [`FieldsUpdate::row`]). Answers whether each was written; one that was not wrote nothing.
/// Only the first change of each contact goes in the statement: a later one of the same
/// contact answers false unwritten (its caller then runs the transaction that answers it
/// exactly). One statement per call, so a call that fails has written nothing, and
/// [`WriteBatch`] may write its changes again one by one.
pub fn update_fields(conn: &mut AnyConnection, updates: &[FieldsUpdate]) -> Result<Vec<bool>> {
    let c = postgres(conn)?;
    let mut seen = std::collections::HashSet::new();
    let first: Vec<bool> = updates.iter().map(|u| seen.insert(u.row.id)).collect();
    let round: Vec<&FieldsUpdate> = updates
        .iter()
        .zip(&first)
        .filter_map(|(u, first)| first.then_some(u))
        .collect();
    let rows = || round.iter().map(|u| &u.row);
    let terms: Vec<(i64, &String)> = round
        .iter()
        .flat_map(|u| u.terms.iter().map(|t| (u.row.id, t)))
        .collect();
    let done: Vec<i64> = UpdateFields {
        ids: rows().map(|r| r.id).collect(),
        user_ids: rows().map(|r| r.user_id).collect(),
        versions: rows().map(|r| r.version - 1).collect(),
        children_revs: rows().map(|r| r.children_rev).collect(),
        modified: rows().map(|r| r.modified).collect(),
        attributes: Attributes::of(rows()),
        old_states: round.iter().map(|u| u.old_state.clone()).collect(),
        new_states: round.iter().map(|u| u.new_state.clone()).collect(),
        term_contacts: terms.iter().map(|t| t.0).collect(),
        terms: terms.iter().map(|t| t.1.clone()).collect(),
    }
    .load(c)?;
    Ok(updates
        .iter()
        .zip(first)
        .map(|(u, first)| first && done.contains(&u.row.id))
        .collect())
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

/// Pushes `a1::t1[], a2::t2[], …`: binds each array with its SQL type and cast.
macro_rules! push_arrays {
    ($out:expr, $first:expr => $sql:ty, $cast:literal $(, $array:expr => $sqls:ty, $casts:literal)* $(,)?) => {{
        $out.push_bind_param::<Array<$sql>, _>($first)?;
        $out.push_sql($cast);
        $(
            $out.push_sql(", ");
            $out.push_bind_param::<Array<$sqls>, _>($array)?;
            $out.push_sql($casts);
        )*
    }};
}

/// Pushes `unnest(a1::t1[], a2::t2[], …)` ([`push_arrays`]).
macro_rules! push_unnest {
    ($out:expr, $($arrays:tt)+) => {{
        $out.push_sql("unnest(");
        push_arrays!($out, $($arrays)+);
        $out.push_sql(")");
    }};
}

/// Contacts' own attributes, an array each, in the order of the statements' column lists:
/// title, first_name, middle_name, last_name, profession, gender, hot, organization_name,
/// business, profiles.
struct Attributes {
    /// title, first_name, middle_name, last_name, profession, gender.
    text: [Vec<Option<String>>; 6],
    hot: Vec<bool>,
    organization_names: Vec<Option<String>>,
    businesses: Vec<Option<String>>,
    profiles: Vec<String>,
}

impl Attributes {
    fn of<'a>(rows: impl Iterator<Item = &'a ContactRow> + Clone) -> Self {
        let text = |f: fn(&ContactRow) -> &Option<String>| {
            rows.clone().map(|r| f(r).clone()).collect::<Vec<_>>()
        };
        Attributes {
            text: [
                text(|r| &r.title),
                text(|r| &r.first_name),
                text(|r| &r.middle_name),
                text(|r| &r.last_name),
                text(|r| &r.profession),
                text(|r| &r.gender),
            ],
            hot: rows.clone().map(|r| r.hot).collect(),
            organization_names: text(|r| &r.organization_name),
            businesses: text(|r| &r.business),
            profiles: rows.map(|r| r.profiles.clone()).collect(),
        }
    }

    /// Binds the arrays, comma-separated.
    fn push<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let [title, first, middle, last, profession, gender] = &self.text;
        push_arrays!(out,
            title => Nullable<Text>, "::text[]",
            first => Nullable<Text>, "::text[]",
            middle => Nullable<Text>, "::text[]",
            last => Nullable<Text>, "::text[]",
            profession => Nullable<Text>, "::text[]",
            gender => Nullable<Text>, "::text[]",
            &self.hot => Bool, "::bool[]",
            &self.organization_names => Nullable<Text>, "::text[]",
            &self.businesses => Nullable<Text>, "::text[]",
            &self.profiles => Text, "::text[]",
        );
        Ok(())
    }
}

struct NextIds {
    index: Vec<i64>,
    infos: Vec<i64>,
    addresses: Vec<i64>,
}

fixed_statement!(NextIds);

impl Query for NextIds {
    type SqlType = (BigInt, BigInt, Array<BigInt>, Array<BigInt>);
}

impl QueryFragment<Pg> for NextIds {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(
            "SELECT k.i, nextval('contacts_id_seq'), \
             ARRAY(SELECT nextval('basic_infos_id_seq') FROM generate_series(1, k.infos) \
             ORDER BY 1), \
             ARRAY(SELECT nextval('addresses_id_seq') FROM generate_series(1, k.addresses) \
             ORDER BY 1) FROM ",
        );
        push_unnest!(out,
            &self.index => BigInt, "::int8[]",
            &self.infos => BigInt, "::int8[]",
            &self.addresses => BigInt, "::int8[]",
        );
        out.push_sql(" AS k(i, infos, addresses) ORDER BY k.i");
        Ok(())
    }
}

struct CreateMany {
    ids: Vec<i64>,
    user_ids: Vec<i64>,
    contact_types: Vec<String>,
    created: Vec<i64>,
    attributes: Attributes,
    info_ids: Vec<i64>,
    info_users: Vec<i64>,
    info_contacts: Vec<Option<i64>>,
    info_positions: Vec<i64>,
    info_types: Vec<String>,
    info_subtypes: Vec<Option<String>>,
    info_values: Vec<String>,
    info_keys: Vec<String>,
    info_excluded: Vec<bool>,
    info_identifiers: Vec<Option<String>>,
    address_ids: Vec<i64>,
    address_contacts: Vec<i64>,
    address_positions: Vec<i64>,
    /// subtype, addressline1–3, zip, city, state, country.
    address_columns: [Vec<Option<String>>; 8],
    tag_contacts: Vec<i64>,
    tag_positions: Vec<i64>,
    tag_users: Vec<i64>,
    tags: Vec<String>,
    term_contacts: Vec<i64>,
    term_users: Vec<i64>,
    terms: Vec<String>,
    states: Vec<String>,
    bucket_users: Vec<i64>,
    buckets: Vec<i64>,
    bucket_counts: Vec<i64>,
}

fixed_statement!(CreateMany);

impl QueryFragment<Pg> for CreateMany {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(
            "WITH c AS (INSERT INTO contacts (id, user_id, version, contact_type, created, \
             modified, title, first_name, middle_name, last_name, profession, gender, hot, \
             organization_name, business, profiles) \
             SELECT u.id, u.user_id, 1, u.contact_type, u.created, u.created, u.title, \
             u.first_name, u.middle_name, u.last_name, u.profession, u.gender, u.hot, \
             u.organization_name, u.business, u.profiles FROM ",
        );
        out.push_sql("unnest(");
        push_arrays!(out,
            &self.ids => BigInt, "::int8[]",
            &self.user_ids => BigInt, "::int8[]",
            &self.contact_types => Text, "::text[]",
            &self.created => BigInt, "::int8[]",
        );
        out.push_sql(", ");
        self.attributes.push(&mut out)?;
        out.push_sql(")");
        out.push_sql(
            " AS u(id, user_id, contact_type, created, title, first_name, middle_name, \
             last_name, profession, gender, hot, organization_name, business, profiles)), \
             b AS (INSERT INTO basic_infos (id, user_id, contact_id, position, type, subtype, \
             value, match_key, excluded, identifier) SELECT * FROM ",
        );
        push_unnest!(out,
            &self.info_ids => BigInt, "::int8[]",
            &self.info_users => BigInt, "::int8[]",
            &self.info_contacts => Nullable<BigInt>, "::int8[]",
            &self.info_positions => BigInt, "::int8[]",
            &self.info_types => Text, "::text[]",
            &self.info_subtypes => Nullable<Text>, "::text[]",
            &self.info_values => Text, "::text[]",
            &self.info_keys => Text, "::text[]",
            &self.info_excluded => Bool, "::bool[]",
            &self.info_identifiers => Nullable<Text>, "::text[]",
        );
        out.push_sql(
            "), a AS (INSERT INTO addresses (id, contact_id, position, subtype, addressline1, \
             addressline2, addressline3, zip, city, state, country) SELECT * FROM ",
        );
        let [subtype, l1, l2, l3, zip, city, state, country] = &self.address_columns;
        push_unnest!(out,
            &self.address_ids => BigInt, "::int8[]",
            &self.address_contacts => BigInt, "::int8[]",
            &self.address_positions => BigInt, "::int8[]",
            subtype => Nullable<Text>, "::text[]",
            l1 => Nullable<Text>, "::text[]",
            l2 => Nullable<Text>, "::text[]",
            l3 => Nullable<Text>, "::text[]",
            zip => Nullable<Text>, "::text[]",
            city => Nullable<Text>, "::text[]",
            state => Nullable<Text>, "::text[]",
            country => Nullable<Text>, "::text[]",
        );
        out.push_sql(
            "), t AS (INSERT INTO contact_tags (contact_id, position, user_id, tag) \
             SELECT * FROM ",
        );
        push_unnest!(out,
            &self.tag_contacts => BigInt, "::int8[]",
            &self.tag_positions => BigInt, "::int8[]",
            &self.tag_users => BigInt, "::int8[]",
            &self.tags => Text, "::text[]",
        );
        out.push_sql(
            "), s AS (INSERT INTO search_terms (contact_id, user_id, term) SELECT * FROM ",
        );
        push_unnest!(out,
            &self.term_contacts => BigInt, "::int8[]",
            &self.term_users => BigInt, "::int8[]",
            &self.terms => Text, "::text[]",
        );
        // The journal entries in the order given (their ids ascend in it).
        out.push_sql(
            "), j AS (INSERT INTO activities (user_id, actor_id, action, entity_type, \
             entity_id, old_state, new_state, time) SELECT u.user_id, u.user_id, 'insert', \
             'contact', u.id, NULL, u.state, u.created FROM ",
        );
        push_unnest!(out,
            &self.ids => BigInt, "::int8[]",
            &self.user_ids => BigInt, "::int8[]",
            &self.states => Text, "::text[]",
            &self.created => BigInt, "::int8[]",
        );
        // Each bucket's count, as `contacts::BumpSlot` adds to one: to the first slot of the
        // bucket that no running transaction holds, or to a new slot when every one is held.
        out.push_sql(
            " WITH ORDINALITY AS u(id, user_id, state, created, i) ORDER BY u.i), \
             k AS (SELECT * FROM ",
        );
        push_unnest!(out,
            &self.bucket_users => BigInt, "::int8[]",
            &self.buckets => BigInt, "::int8[]",
            &self.bucket_counts => BigInt, "::int8[]",
        );
        out.push_sql(
            " AS k(user_id, bucket, n)), \
             free AS (SELECT k.user_id, k.bucket, k.n, f.slot FROM k CROSS JOIN LATERAL \
             (SELECT slot FROM contact_buckets b WHERE b.user_id = k.user_id \
             AND b.bucket = k.bucket ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED) f), \
             bumped AS (UPDATE contact_buckets b SET n = b.n + free.n FROM free \
             WHERE b.user_id = free.user_id AND b.bucket = free.bucket AND b.slot = free.slot \
             RETURNING b.user_id, b.bucket) \
             INSERT INTO contact_buckets (user_id, bucket, slot, n) \
             SELECT k.user_id, k.bucket, COALESCE((SELECT MAX(slot) FROM contact_buckets b \
             WHERE b.user_id = k.user_id AND b.bucket = k.bucket), -1) + 1, k.n FROM k \
             WHERE NOT EXISTS (SELECT 1 FROM bumped \
             WHERE bumped.user_id = k.user_id AND bumped.bucket = k.bucket) \
             ORDER BY k.user_id, k.bucket \
             ON CONFLICT (user_id, bucket, slot) DO UPDATE SET n = contact_buckets.n + EXCLUDED.n",
        );
        Ok(())
    }
}

struct UpdateFields {
    ids: Vec<i64>,
    user_ids: Vec<i64>,
    /// The versions read, which the contacts must still have.
    versions: Vec<i64>,
    children_revs: Vec<i64>,
    modified: Vec<i64>,
    attributes: Attributes,
    old_states: Vec<String>,
    new_states: Vec<String>,
    term_contacts: Vec<i64>,
    terms: Vec<String>,
}

fixed_statement!(UpdateFields);

impl Query for UpdateFields {
    type SqlType = BigInt;
}

impl QueryFragment<Pg> for UpdateFields {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("WITH v AS (SELECT * FROM ");
        out.push_sql("unnest(");
        push_arrays!(out,
            &self.ids => BigInt, "::int8[]",
            &self.user_ids => BigInt, "::int8[]",
            &self.versions => BigInt, "::int8[]",
            &self.children_revs => BigInt, "::int8[]",
            &self.modified => BigInt, "::int8[]",
        );
        out.push_sql(", ");
        self.attributes.push(&mut out)?;
        out.push_sql(", ");
        push_arrays!(out,
            &self.old_states => Text, "::text[]",
            &self.new_states => Text, "::text[]",
        );
        out.push_sql(")");
        out.push_sql(
            " WITH ORDINALITY AS v(id, user_id, version, children_rev, modified, title, \
             first_name, middle_name, last_name, profession, gender, hot, organization_name, \
             business, profiles, old_state, new_state, i)), \
             u AS (UPDATE contacts c SET (title, first_name, middle_name, last_name, \
             profession, gender, hot, organization_name, business, profiles, version, \
             modified) = (v.title, v.first_name, v.middle_name, v.last_name, v.profession, \
             v.gender, v.hot, v.organization_name, v.business, v.profiles, c.version + 1, \
             v.modified) FROM v WHERE c.id = v.id AND c.user_id = v.user_id \
             AND c.version = v.version AND c.children_rev = v.children_rev RETURNING c.id), \
             t AS (SELECT * FROM ",
        );
        push_unnest!(out,
            &self.term_contacts => BigInt, "::int8[]",
            &self.terms => Text, "::text[]",
        );
        // The terms each contact loses, and those it gains (one it keeps is left alone).
        out.push_sql(
            " AS t(contact_id, term)), \
             d AS (DELETE FROM search_terms s USING u WHERE s.contact_id = u.id \
             AND NOT EXISTS (SELECT 1 FROM t WHERE t.contact_id = s.contact_id \
             AND t.term = s.term)), \
             i AS (INSERT INTO search_terms (contact_id, term, user_id) \
             SELECT t.contact_id, t.term, v.user_id FROM t JOIN u ON u.id = t.contact_id \
             JOIN v ON v.id = t.contact_id ON CONFLICT DO NOTHING) \
             INSERT INTO activities (user_id, actor_id, action, entity_type, entity_id, \
             old_state, new_state, time) \
             SELECT v.user_id, v.user_id, 'update', 'contact', v.id, v.old_state, v.new_state, \
             v.modified FROM v JOIN u ON u.id = v.id ORDER BY v.i RETURNING entity_id",
        );
        Ok(())
    }
}

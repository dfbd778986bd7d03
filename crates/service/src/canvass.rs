//! Canvass interactions (spec/000): who sees which (security groups), create, read, patch and
//! soft delete under an etag, and the list streamed from the database in keyset chunks.

use base64::Engine;
use interact_domain::canvass::{
    self as wire, CanvassData, FilterKey, ListParams, Problem, SortKey, Unknown,
};
use interact_errors::{Action, Detail, Error, Exception, Realm, Result, Tag};
pub use interact_store::canvass::CanvassRow;
use interact_store::canvass::{
    self as store, Access, CanvassInsertForm, CanvassUpdateForm, Cursor, FilterAttr, ListQuery,
    SortField,
};
use interact_store::{users, AnyConnection};
use json_patch::{PatchErrorKind, PatchOperation};
use rand::RngCore;
use serde_json::Value;

use crate::auth::{Principal, Role};
use crate::journal;
use crate::Ctx;

/// The journal's entity type for canvass interactions.
pub const ENTITY_TYPE: &str = "canvassInteraction";

/// Rows fetched per database round trip of a list: large enough to amortize the query, small
/// enough that a list of any length holds only this many rows in memory at a time.
pub const CHUNK: i64 = 500;

fn err(exception: Exception, action: Action, detail: Detail, devmsg: impl Into<String>) -> Error {
    Error::new(exception, action, Realm::Interactions, detail, devmsg)
}

fn problem(p: Problem, action: Action) -> Error {
    match p {
        Problem::Missing(m) => err(Exception::MissingData, action, Detail::MissingValue, m),
        Problem::Invalid(m) => err(Exception::InvalidData, action, Detail::InvalidValue, m),
        Problem::TooLong(m) => err(Exception::InvalidData, action, Detail::TooLong, m),
    }
}

fn not_found(id: &str, action: Action) -> Error {
    err(
        Exception::InteractionNotFound,
        action,
        Detail::NotFound,
        format!("interaction {id} not found"),
    )
}

/// A path id: a UUID, answered 400 otherwise. Returns it lower-case, as stored. An integer id
/// is an interact.io interaction's, which shares the path (`/v2/interactions/{id}`) and names
/// no canvass interaction: 404, like any id that names nothing.
pub fn parse_id(id: &str, action: Action) -> Result<String> {
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(not_found(id, action));
    }
    wire::parse_uuid(id).ok_or_else(|| {
        err(
            Exception::InvalidData,
            action,
            Detail::InvalidParameter,
            format!("interaction id {id:?} is not a UUID"),
        )
    })
}

/// The etags a PATCH or DELETE carries (`etag` and `If-Match` headers, quoted or not, lists
/// allowed). None at all is a 428: a change without one could overwrite unseen changes.
pub fn require_etag(given: &[String], action: Action) -> Result<()> {
    if given.is_empty() {
        return Err(err(
            Exception::MissingData,
            action,
            Detail::NotPermitted,
            "the etag header (or If-Match) is required: send the meta.etag of the interaction",
        )
        .with_status(428));
    }
    Ok(())
}

fn stale(id: &str, action: Action) -> Error {
    err(
        Exception::Outdated,
        action,
        Detail::Conflict,
        format!(
            "etag does not match: interaction {id} was changed since it was read; read it again"
        ),
    )
    .with_status(412)
}

/// 128 random bits: strong, opaque, and different after every change.
fn new_etag() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the caller may see: the rows of their security groups; a `customer_admin`, all of
/// their company's.
fn access_of(conn: &mut AnyConnection, who: &Principal) -> Result<Access> {
    let group_ids = users::groups_of(conn, who.user_id)?
        .into_iter()
        .map(|g| g.id)
        .collect();
    let company_id = if who.has_role(Role::CustomerAdmin) {
        who.company_id
    } else {
        None
    };
    Ok(Access {
        group_ids,
        company_id,
    })
}

/// Writes the resource as the document shows it. `data` is spliced in as stored (it was
/// serialized from validated data), which keeps a streamed list cheap per row.
pub fn render(row: &CanvassRow, out: &mut Vec<u8>) {
    fn string(out: &mut Vec<u8>, s: &str) {
        // Serializing a &str into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    }
    out.extend_from_slice(b"{\"id\":");
    string(out, &row.uuid);
    out.extend_from_slice(b",\"data\":");
    out.extend_from_slice(row.data.as_bytes());
    out.extend_from_slice(b",\"meta\":{\"etag\":");
    string(out, &row.etag);
    out.extend_from_slice(b",\"created\":\"");
    out.extend_from_slice(wire::format_rfc3339_ms(row.created).as_bytes());
    out.extend_from_slice(b"\",\"modified\":\"");
    out.extend_from_slice(wire::format_rfc3339_ms(row.modified).as_bytes());
    out.extend_from_slice(b"\",\"resource\":\"interactions\",\"createdBy\":");
    string(out, &row.created_by);
    out.extend_from_slice(b",\"isDeleted\":");
    out.extend_from_slice(if row.is_deleted { b"true" } else { b"false" });
    out.extend_from_slice(b",\"modifiedBy\":");
    string(out, &row.modified_by);
    out.extend_from_slice(b"},\"customerId\":");
    string(out, &row.customer_uuid);
    out.extend_from_slice(b",\"securityGroupId\":");
    string(out, &row.group_uuid);
    out.push(b'}');
}

pub fn to_bytes(row: &CanvassRow) -> Vec<u8> {
    let mut out = Vec::with_capacity(row.data.len() + 400);
    render(row, &mut out);
    out
}

fn to_value(row: &CanvassRow) -> Result<Value> {
    Ok(serde_json::from_slice(&to_bytes(row))?)
}

fn validated(data: &Value, unknown: Unknown, action: Action) -> Result<(CanvassData, String)> {
    check_bounds(data, action, "")?;
    let data = wire::validate_data(data, unknown).map_err(|p| problem(p, action))?;
    let text = serde_json::to_string(&data)?;
    Ok((data, text))
}

/// `POST /v2/interactions`.
pub async fn create(ctx: &Ctx, who: &Principal, body: Value) -> Result<CanvassRow> {
    let action = Action::Create;
    let (data, group) = wire::split_create_body(&body).map_err(|p| problem(p, action))?;
    let (data, text) = validated(data, Unknown::Drop, action)?;
    let idx = data.indexed().map_err(|p| problem(p, action))?;
    let now = ctx.clock.now_ms();
    let who = who.clone();
    ctx.db
        .write(move |c| {
            let access = access_of(c, &who)?;
            let group = match group {
                Some(uuid) => match store::group_by_uuid(c, &uuid)? {
                    Some(g)
                        if access.group_ids.contains(&g.group_id)
                            || access.company_id == Some(g.company_id) =>
                    {
                        g
                    }
                    _ => {
                        return Err(err(
                            Exception::Permission,
                            action,
                            Detail::NotPermitted,
                            format!("security group {uuid} is not one of yours"),
                        ))
                    }
                },
                None => {
                    let first = access.group_ids.first().copied().ok_or_else(|| {
                        err(
                            Exception::Permission,
                            action,
                            Detail::NotPermitted,
                            "you belong to no security group, so you cannot create interactions",
                        )
                    })?;
                    store::group_by_id(c, first)?.ok_or_else(|| {
                        Error::internal(anyhow::anyhow!("group {first} of a membership is gone"))
                    })?
                }
            };
            let uuid = uuid::Uuid::new_v4().to_string();
            let etag = new_etag();
            let row = store::insert(
                c,
                &CanvassInsertForm {
                    uuid: &uuid,
                    company_id: group.company_id,
                    group_id: group.group_id,
                    customer_uuid: &group.company_uuid,
                    group_uuid: &group.group_uuid,
                    campaign_id: &idx.campaign_id,
                    contact_id: &idx.contact_id,
                    household_id: &idx.household_id,
                    contact_household_id: &idx.contact_household_id,
                    timestamp: idx.timestamp_ms,
                    data: &text,
                    etag: &etag,
                    created: now,
                    modified: now,
                    created_by: &who.uuid,
                    modified_by: &who.uuid,
                    is_deleted: false,
                },
            )?;
            journal::inserted(c, who.user_id, (ENTITY_TYPE, row.id), &to_value(&row)?, now)?;
            Ok(row)
        })
        .await
        .tag(action, Realm::Interactions)
}

fn visible(
    conn: &mut AnyConnection,
    who: &Principal,
    id: &str,
    action: Action,
) -> Result<CanvassRow> {
    let access = access_of(conn, who)?;
    match store::find_live(conn, id)? {
        Some(row) if access.allows(&row) => Ok(row),
        _ => Err(not_found(id, action)),
    }
}

/// `GET /v2/interactions/{id}`.
pub async fn get(ctx: &Ctx, who: &Principal, id: &str) -> Result<CanvassRow> {
    let action = Action::View;
    let id = parse_id(id, action)?;
    let who = who.clone();
    ctx.db
        .read(move |c| visible(c, &who, &id, action))
        .await
        .tag(action, Realm::Interactions)
}

/// Where an operation's pointer lands inside `data`. The document's example writes pointers
/// relative to `data` (`/successful`); `/data/successful` is read the same, since `data` has no
/// attribute of that name. The envelope (`id`, `meta`, `customerId`, `securityGroupId`) is
/// the server's and cannot be patched.
fn data_pointer(pointer: &str, field: &str) -> Result<String> {
    if pointer.is_empty() {
        return Ok(String::new());
    }
    if !pointer.starts_with('/') {
        return Err(problem(
            Problem::Invalid(format!(
                "{field}: {pointer:?} is not a JSON pointer (it must start with /)"
            )),
            Action::Edit,
        ));
    }
    let first = pointer[1..].split('/').next().unwrap_or("");
    match first {
        "data" => Ok(pointer["/data".len()..].to_string()),
        "id" | "meta" | "customerId" | "securityGroupId" => Err(problem(
            Problem::Invalid(format!(
                "{field}: {pointer} is outside data; only attributes inside data can be patched"
            )),
            Action::Edit,
        )),
        _ => Ok(pointer.to_string()),
    }
}

/// The operations of a PATCH body `{"data":[…]}` (a bare array is read the same), with their
/// pointers made relative to `data`.
pub fn patch_operations(body: &Value) -> Result<Vec<PatchOperation>> {
    let action = Action::Edit;
    let ops = match body {
        Value::Object(m) => match m.get("data") {
            Some(Value::Array(a)) => a,
            Some(_) => {
                return Err(problem(
                    Problem::Invalid(
                        "data must be an array of JSON Patch (RFC 6902) operations".into(),
                    ),
                    action,
                ))
            }
            None => return Err(problem(Problem::Missing("data is required".into()), action)),
        },
        Value::Array(a) => a,
        _ => {
            return Err(problem(
                Problem::Invalid("request body must be {\"data\":[<operations>]}".into()),
                action,
            ))
        }
    };
    if ops.len() > MAX_PATCH_OPERATIONS {
        return Err(problem(
            Problem::TooLong(format!(
                "data holds {} operations; a patch may have at most {MAX_PATCH_OPERATIONS}",
                ops.len()
            )),
            action,
        ));
    }
    let mut out = Vec::with_capacity(ops.len());
    for (i, op) in ops.iter().enumerate() {
        let Value::Object(m) = op else {
            return Err(problem(
                Problem::Invalid(format!("data[{i}] must be an operation object")),
                action,
            ));
        };
        let mut m = m.clone();
        for key in ["path", "from"] {
            match m.get(key) {
                None => {}
                Some(Value::String(p)) => {
                    let p = data_pointer(p, &format!("data[{i}].{key}"))?;
                    m.insert(key.to_string(), Value::String(p));
                }
                Some(_) => {
                    return Err(problem(
                        Problem::Invalid(format!("data[{i}].{key} must be a string")),
                        action,
                    ))
                }
            }
        }
        let op: PatchOperation = serde_json::from_value(Value::Object(m))
            .map_err(|e| problem(Problem::Invalid(format!("data[{i}]: {e}")), action))?;
        out.push(op);
    }
    Ok(out)
}

fn op_name(op: &PatchOperation) -> &'static str {
    match op {
        PatchOperation::Add(_) => "add",
        PatchOperation::Remove(_) => "remove",
        PatchOperation::Replace(_) => "replace",
        PatchOperation::Move(_) => "move",
        PatchOperation::Copy(_) => "copy",
        PatchOperation::Test(_) => "test",
    }
}

/// Most operations one PATCH may carry.
pub const MAX_PATCH_OPERATIONS: usize = 100;
/// Largest `data` a canvass interaction may have, as JSON text: on create, and at every step
/// while a patch is applied (a `copy` doubles what it copies, so 20 of them would otherwise
/// make a small document hundreds of megabytes).
pub const MAX_DATA_BYTES: usize = 1024 * 1024;
/// Deepest nesting of `data` (the top object is level 1).
pub const MAX_DATA_DEPTH: usize = 32;

/// Counts JSON text without keeping it, and fails once there is more than `budget` of it, so
/// that measuring a huge value stops early.
struct Counter {
    n: usize,
    budget: usize,
}

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.n += buf.len();
        if self.n > self.budget {
            return Err(std::io::Error::other("over budget"));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The length of `v` as JSON text, or `None` when it is longer than `budget`.
fn text_size(v: &Value, budget: usize) -> Option<usize> {
    let mut c = Counter { n: 0, budget };
    serde_json::to_writer(&mut c, v).ok().map(|()| c.n)
}

/// Whether `v` nests deeper than `max` levels (scalars are level 0).
fn deeper_than(v: &Value, max: usize) -> bool {
    match v {
        Value::Array(a) => max == 0 || a.iter().any(|x| deeper_than(x, max - 1)),
        Value::Object(m) => max == 0 || m.values().any(|x| deeper_than(x, max - 1)),
        _ => false,
    }
}

fn too_large(action: Action, during: &str) -> Error {
    err(
        Exception::InvalidData,
        action,
        Detail::TooLong,
        format!("data would be larger than {MAX_DATA_BYTES} bytes{during}"),
    )
    .with_status(413)
}

fn too_deep(action: Action, during: &str) -> Error {
    err(
        Exception::InvalidData,
        action,
        Detail::TooLong,
        format!("data would nest deeper than {MAX_DATA_DEPTH} levels{during}"),
    )
}

/// The bounds every stored `data` keeps: size as JSON text and depth.
fn check_bounds(doc: &Value, action: Action, during: &str) -> Result<usize> {
    let size = text_size(doc, MAX_DATA_BYTES).ok_or_else(|| too_large(action, during))?;
    if deeper_than(doc, MAX_DATA_DEPTH) {
        return Err(too_deep(action, during));
    }
    Ok(size)
}

/// Applies the operations one at a time and keeps the document within its bounds at every
/// step: what an `add`, `replace` or `copy` would insert is measured before it is inserted
/// (a copy's source against the room left), so no step can build a document past the limit;
/// the depth is checked after each step that inserts or moves. `size` is an upper bound of the
/// document's text, measured exactly again only when the bound would pass the limit.
fn apply(doc: &mut Value, ops: &[PatchOperation]) -> Result<()> {
    let action = Action::Edit;
    let mut size = check_bounds(doc, action, "")?;
    for (i, op) in ops.iter().enumerate() {
        let during = format!(" after data[{i}] ({})", op_name(op));
        let inserted = match op {
            PatchOperation::Add(o) => Some(&o.value),
            PatchOperation::Replace(o) => Some(&o.value),
            PatchOperation::Copy(o) => doc.pointer(o.from.as_str()),
            _ => None,
        };
        // A move inserts nothing new but may carry a subtree deeper.
        let deepens = inserted.is_some() || matches!(op, PatchOperation::Move(_));
        // A key and its punctuation come on top of the value.
        let added = inserted.map(|v| {
            text_size(v, MAX_DATA_BYTES)
                .map(|n| n + op_path_len(op) + 4)
                .filter(|n| *n <= MAX_DATA_BYTES)
        });
        if let Some(added) = added {
            let room = MAX_DATA_BYTES.saturating_sub(size);
            match added {
                None => return Err(too_large(action, &during)),
                Some(n) if n > room => {
                    size =
                        text_size(doc, MAX_DATA_BYTES).ok_or_else(|| too_large(action, &during))?;
                    if n > MAX_DATA_BYTES.saturating_sub(size) {
                        return Err(too_large(action, &during));
                    }
                    size += n;
                }
                Some(n) => size += n,
            }
        }
        json_patch::patch_unsafe(doc, std::slice::from_ref(op))
            .map_err(|e| patch_error(i, op, e))?;
        if deepens && deeper_than(doc, MAX_DATA_DEPTH) {
            return Err(too_deep(action, &during));
        }
    }
    Ok(())
}

fn op_path_len(op: &PatchOperation) -> usize {
    match op {
        PatchOperation::Add(o) => o.path.as_str().len(),
        PatchOperation::Replace(o) => o.path.as_str().len(),
        PatchOperation::Copy(o) => o.path.as_str().len(),
        _ => 0,
    }
}

fn patch_error(i: usize, op: &PatchOperation, e: json_patch::PatchError) -> Error {
    let name = op_name(op);
    let path = e.path.as_str().to_string();
    match e.kind {
        PatchErrorKind::TestFailed | PatchErrorKind::InvalidPointer if name == "test" => err(
            Exception::Outdated,
            Action::Edit,
            Detail::Conflict,
            format!("data[{i}]: test failed: the value at {path:?} is not the one given"),
        ),
        kind => problem(
            Problem::Invalid(format!("data[{i}] ({name} {path:?}): {kind}")),
            Action::Edit,
        ),
    }
}

/// `PATCH /v2/interactions/{id}`: applies the operations to `data`; the result must still be
/// valid data, or nothing changes.
pub async fn patch(
    ctx: &Ctx,
    who: &Principal,
    id: &str,
    etags: Vec<String>,
    body: Value,
) -> Result<CanvassRow> {
    let action = Action::Edit;
    let id = parse_id(id, action)?;
    let ops = patch_operations(&body)?;
    require_etag(&etags, action)?;
    let now = ctx.clock.now_ms();
    let who = who.clone();
    ctx.db
        .write(move |c| {
            let row = visible(c, &who, &id, action)?;
            if !etags.contains(&row.etag) {
                return Err(stale(&id, action));
            }
            let mut doc: Value = serde_json::from_str(&row.data)?;
            apply(&mut doc, &ops)?;
            let (data, text) = validated(&doc, Unknown::Refuse, action).map_err(|mut e| {
                e.devmsg = format!("the patch would leave data invalid: {}", e.devmsg);
                e
            })?;
            if text == row.data {
                return Ok(row);
            }
            let idx = data.indexed().map_err(|p| problem(p, action))?;
            let etag = new_etag();
            let updated = store::update_if_etag(
                c,
                row.id,
                &row.etag,
                &CanvassUpdateForm {
                    campaign_id: &idx.campaign_id,
                    contact_id: &idx.contact_id,
                    household_id: &idx.household_id,
                    contact_household_id: &idx.contact_household_id,
                    timestamp: idx.timestamp_ms,
                    data: &text,
                    etag: &etag,
                    modified: now,
                    modified_by: &who.uuid,
                    is_deleted: false,
                },
            )?
            .ok_or_else(|| stale(&id, action))?;
            journal::updated(
                c,
                who.user_id,
                (ENTITY_TYPE, row.id),
                &to_value(&row)?,
                &to_value(&updated)?,
                now,
            )?;
            Ok(updated)
        })
        .await
        .tag(action, Realm::Interactions)
}

/// `DELETE /v2/interactions/{id}`: soft; later reads answer 404 and lists leave it out.
pub async fn delete(ctx: &Ctx, who: &Principal, id: &str, etags: Vec<String>) -> Result<()> {
    let action = Action::Delete;
    let id = parse_id(id, action)?;
    require_etag(&etags, action)?;
    let now = ctx.clock.now_ms();
    let who = who.clone();
    ctx.db
        .write(move |c| {
            let row = visible(c, &who, &id, action)?;
            if !etags.contains(&row.etag) {
                return Err(stale(&id, action));
            }
            let etag = new_etag();
            let deleted = store::update_if_etag(
                c,
                row.id,
                &row.etag,
                &CanvassUpdateForm {
                    campaign_id: &row.campaign_id,
                    contact_id: &row.contact_id,
                    household_id: &row.household_id,
                    contact_household_id: &row.contact_household_id,
                    timestamp: row.timestamp,
                    data: &row.data,
                    etag: &etag,
                    modified: now,
                    modified_by: &who.uuid,
                    is_deleted: true,
                },
            )?
            .ok_or_else(|| stale(&id, action))?;
            journal::deleted(c, who.user_id, (ENTITY_TYPE, row.id), &to_value(&row)?, now)?;
            drop(deleted);
            Ok(())
        })
        .await
        .tag(action, Realm::Interactions)
}

/// A list being answered: `{"data":[…],"meta":{}}` produced chunk by chunk, each chunk one
/// keyset query in its own read transaction, so neither memory nor a database connection is
/// held for the length of the answer.
pub struct ListStream {
    ctx: Ctx,
    query: ListQuery,
    after: Option<Cursor>,
    skip: i64,
    remaining: i64,
    pending: Option<Vec<CanvassRow>>,
    exhausted: bool,
    opened: bool,
    written: u64,
    done: bool,
}

/// `GET /v2/interactions?filter…&skip…&limit…&sort…`: checks the request and reads the first
/// chunk, so that a failure is still answered with an error status.
pub async fn open_list(ctx: &Ctx, who: &Principal, params: ListParams) -> Result<ListStream> {
    let filters = params
        .filters
        .into_iter()
        .map(|(k, v)| {
            let attr = match k {
                FilterKey::CampaignId => FilterAttr::CampaignId,
                FilterKey::ContactId => FilterAttr::ContactId,
                FilterKey::HouseholdId => FilterAttr::HouseholdId,
                FilterKey::ContactHouseholdId => FilterAttr::ContactHouseholdId,
            };
            (attr, v)
        })
        .collect();
    let sort = match params.sort {
        SortKey::Id => SortField::Id,
        SortKey::Timestamp => SortField::Timestamp,
        SortKey::Created => SortField::Created,
        SortKey::Modified => SortField::Modified,
    };
    let mut stream = ListStream {
        ctx: ctx.clone(),
        query: ListQuery {
            access: Access::default(),
            filters,
            sort,
            descending: params.descending,
        },
        after: None,
        skip: params.skip,
        remaining: params.limit.unwrap_or(i64::MAX),
        pending: None,
        exhausted: false,
        opened: false,
        written: 0,
        done: false,
    };
    // The caller's groups and the first chunk in one transaction: one trip to the blocking
    // pool fewer, which is most of a small page's cost.
    let n = stream.remaining.min(CHUNK);
    let mut query = stream.query.clone();
    let skip = std::mem::take(&mut stream.skip);
    let who = who.clone();
    let (query, rows) = ctx
        .db
        .read(move |c| {
            query.access = access_of(c, &who)?;
            let rows = store::page(c, &query, None, skip, n)?;
            Ok((query, rows))
        })
        .await
        .tag(Action::View, Realm::Interactions)?;
    stream.query = query;
    stream.took(rows.len() as i64, n, rows.last());
    stream.pending = Some(rows);
    Ok(stream)
}

impl ListStream {
    async fn fetch(&mut self) -> Result<Vec<CanvassRow>> {
        let n = self.remaining.min(CHUNK);
        if n <= 0 {
            self.exhausted = true;
            return Ok(Vec::new());
        }
        let q = self.query.clone();
        let after = self.after.clone();
        let skip = std::mem::take(&mut self.skip);
        let rows = self
            .ctx
            .db
            .read(move |c| store::page(c, &q, after.as_ref(), skip, n))
            .await
            .tag(Action::View, Realm::Interactions)?;
        self.took(rows.len() as i64, n, rows.last());
        Ok(rows)
    }

    /// Moves the cursor past a chunk of `got` rows of the `asked` for.
    fn took(&mut self, got: i64, asked: i64, last: Option<&CanvassRow>) {
        self.remaining -= got;
        if got < asked || self.remaining <= 0 {
            self.exhausted = true;
        }
        if let Some(last) = last {
            self.after = Some(Cursor {
                key: self.query.sort.key_of(last),
                uuid: last.uuid.clone(),
            });
        }
    }

    /// The next piece of the answer's JSON; `None` once it is complete.
    pub async fn next_bytes(&mut self) -> Result<Option<Vec<u8>>> {
        if self.done {
            return Ok(None);
        }
        let rows = match self.pending.take() {
            Some(rows) => rows,
            None if self.exhausted => Vec::new(),
            None => self.fetch().await?,
        };
        let mut out =
            Vec::with_capacity(rows.iter().map(|r| r.data.len() + 400).sum::<usize>() + 16);
        if !self.opened {
            out.extend_from_slice(b"{\"data\":[");
            self.opened = true;
        }
        for row in &rows {
            if self.written > 0 {
                out.push(b',');
            }
            render(row, &mut out);
            self.written += 1;
        }
        if self.exhausted {
            out.extend_from_slice(b"],\"meta\":{}}");
            self.done = true;
        }
        Ok(Some(out))
    }
}

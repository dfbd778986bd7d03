//! Offline sync (2.5.3.2.1): the entities changed since the device's cursor, each in its
//! current state exactly as a read of it answers now, and `deleted` tombstones for those that
//! no longer exist; then the device's cursor and last-sync time move forward.
//!
//! What changed comes from the change journal (see `device_syncs::changed_since` for why no
//! change committed concurrently is skipped). The answer streams: the journal gives only the
//! `(type, id)` of what changed, and the states are read and written out in chunks, each in a
//! read transaction of its own, so memory does not grow with the number of changes.

use interact_errors::{Action, Error, Realm, Result, Tag};
use interact_store::device_syncs::{self, Cursor};
use interact_store::AnyConnection;
use interact_store::{deals as deal_store, interactions as interaction_store};
use interact_store::{notes as note_store, task_lists as task_list_store, tasks as task_store};

use crate::auth::Principal;
use crate::push;
use crate::Ctx;

/// The entity kinds sync sends, in the answer's order: journal entity type, answer key,
/// tombstone type (the document's enum).
const KINDS: &[(&str, &str, &str)] = &[
    ("contact", "contacts", "contact"),
    ("deal", "deals", "deal"),
    ("interaction", "interactions", "interaction"),
    ("note", "notes", "note"),
    ("taskList", "taskLists", "tasklist"),
    ("task", "tasks", "task"),
];

/// Entities read and written out per chunk.
const CHUNK: usize = 200;

/// An answer being streamed: `{"contacts":[…],…,"tasks":[…],"deleted":[…]}`.
pub struct SyncStream {
    ctx: Ctx,
    user_id: i64,
    device_id: i64,
    /// Where the device stands once this answer is complete.
    next: Cursor,
    /// The changed ids per kind (index into `KINDS`), ascending.
    ids: Vec<Vec<i64>>,
    kind: usize,
    pos: usize,
    /// Whether the current kind's array has been opened, and holds an element.
    opened: bool,
    written: bool,
    /// `(id, tombstone type)` of changed entities that no longer exist.
    deleted: Vec<(i64, &'static str)>,
    done: bool,
}

/// `GET /v2/sync?deviceId=…&since=…`: checks the request and reads what changed, so that a
/// failure is still answered with an error status; the states follow as the answer streams.
pub async fn open(
    ctx: &Ctx,
    who: &Principal,
    device_id: Option<&str>,
    since: Option<&str>,
) -> Result<SyncStream> {
    let since = since
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            interact_domain::numbers::decimal(s).ok_or_else(|| {
                Error::invalid("since must be a time in milliseconds since the epoch")
                    .in_context(Action::PullSync, Realm::Sync)
            })
        })
        .transpose()?;
    let device = push::device_of(ctx, who, device_id, Action::PullSync, Realm::Sync).await?;
    let now = ctx.clock.now_ms();
    let types: Vec<&'static str> = KINDS.iter().map(|(t, _, _)| *t).collect();
    let (next, changed) = ctx
        .db
        .snapshot(move |c| {
            // PostgreSQL: the journal is read in one snapshot, which becomes the device's
            // cursor: the next sync hands out what this snapshot did not see.
            let snapshot = device_syncs::begin_snapshot(c)?;
            let from = device_syncs::cursor(c, device.id)?;
            let seq = device_syncs::latest_seq(c, device.user_id)?;
            // The document: an omitted `since`, or one after the last sync, means the last
            // sync; an earlier one reaches back to that time.
            let since = since.filter(|t| *t < from.time);
            let changed = device_syncs::changed_since(c, device.user_id, &from, since, &types)?;
            let (snapshot, txid) = match snapshot {
                Some((s, x)) => (Some(s), x),
                None => (None, 0),
            };
            let next = Cursor {
                seq: seq.max(from.seq),
                snapshot,
                txid,
                time: now,
            };
            Ok((next, changed))
        })
        .await
        .tag(Action::PullSync, Realm::Sync)?;
    let mut ids: Vec<Vec<i64>> = vec![Vec::new(); KINDS.len()];
    for (type_, id) in changed {
        if let Some(k) = KINDS.iter().position(|(t, _, _)| *t == type_) {
            ids[k].push(id);
        }
    }
    Ok(SyncStream {
        ctx: ctx.clone(),
        user_id: device.user_id,
        device_id: device.id,
        next,
        ids,
        kind: 0,
        pos: 0,
        opened: false,
        written: false,
        deleted: Vec::new(),
        done: false,
    })
}

/// Writes the current states of these entities of one kind, as a read answers them, comma
/// separated (a comma first if `comma`); answers the ids that no longer exist.
fn render(
    c: &mut AnyConnection,
    user_id: i64,
    kind: &str,
    ids: &[i64],
    out: &mut Vec<u8>,
    mut comma: bool,
) -> Result<Vec<i64>> {
    let mut found: Vec<i64> = Vec::with_capacity(ids.len());
    let mut write = |out: &mut Vec<u8>, value: &dyn erased::Json| -> Result<()> {
        if comma {
            out.push(b',');
        }
        comma = true;
        value.write(out)?;
        Ok(())
    };
    match kind {
        "contact" => {
            for contact in crate::contacts::load_many(c, user_id, ids)? {
                found.push(contact.id);
                write(out, &contact)?;
            }
        }
        "deal" => {
            let rows = rows_of(ids, |id| deal_store::find(c, user_id, id))?;
            for deal in crate::deals::views(c, user_id, &rows)? {
                found.push(deal.id);
                write(out, &deal)?;
            }
        }
        "interaction" => {
            let rows = rows_of(ids, |id| interaction_store::find(c, user_id, id))?;
            for interaction in crate::interactions::views(c, user_id, &rows)? {
                found.push(interaction.id);
                write(out, &interaction)?;
            }
        }
        "note" => {
            let rows = rows_of(ids, |id| note_store::find(c, user_id, id))?;
            for note in crate::notes::views(c, user_id, &rows, true)? {
                found.push(note.id);
                write(out, &note)?;
            }
        }
        "taskList" => {
            for &id in ids {
                if let Some(row) = task_list_store::find(c, user_id, id)? {
                    for list in crate::task_lists::with_tasks(c, user_id, vec![row])? {
                        found.push(list.id);
                        write(out, &list)?;
                    }
                }
            }
        }
        "task" => {
            let rows = rows_of(ids, |id| task_store::find(c, user_id, id))?;
            for task in crate::tasks::views(c, user_id, &rows)? {
                found.push(task.id);
                write(out, &task)?;
            }
        }
        _ => {}
    }
    Ok(ids
        .iter()
        .copied()
        .filter(|id| !found.contains(id))
        .collect())
}

/// The rows that exist of these ids.
fn rows_of<R>(ids: &[i64], mut find: impl FnMut(i64) -> Result<Option<R>>) -> Result<Vec<R>> {
    let mut rows = Vec::with_capacity(ids.len());
    for &id in ids {
        if let Some(r) = find(id)? {
            rows.push(r);
        }
    }
    Ok(rows)
}

/// Serialization of the different wire types through one writer.
mod erased {
    pub trait Json {
        fn write(&self, out: &mut Vec<u8>) -> serde_json::Result<()>;
    }

    impl<T: serde::Serialize> Json for T {
        fn write(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
            serde_json::to_writer(out, self)
        }
    }
}

impl SyncStream {
    /// The next piece of the answer's JSON; `None` once it is complete. The device's cursor
    /// moves when the last piece is produced, so an answer that is not completed leaves it
    /// where it was.
    pub async fn next_bytes(&mut self) -> Result<Option<Vec<u8>>> {
        if self.done {
            return Ok(None);
        }
        let mut out = Vec::new();
        while self.kind < KINDS.len() {
            let (type_, key, tomb) = KINDS[self.kind];
            if !self.opened {
                out.push(if self.kind == 0 { b'{' } else { b',' });
                out.push(b'"');
                out.extend_from_slice(key.as_bytes());
                out.extend_from_slice(b"\":[");
                self.opened = true;
                self.written = false;
            }
            let ids = &self.ids[self.kind];
            if self.pos < ids.len() {
                let end = (self.pos + CHUNK).min(ids.len());
                let chunk = ids[self.pos..end].to_vec();
                self.pos = end;
                let (user_id, comma) = (self.user_id, self.written);
                let (piece, missing) = self
                    .ctx
                    .db
                    .read(move |c| {
                        let mut piece = Vec::new();
                        let missing = render(c, user_id, type_, &chunk, &mut piece, comma)?;
                        Ok((piece, missing))
                    })
                    .await
                    .tag(Action::PullSync, Realm::Sync)?;
                if !piece.is_empty() {
                    self.written = true;
                }
                out.extend_from_slice(&piece);
                self.deleted
                    .extend(missing.into_iter().map(|id| (id, tomb)));
                return Ok(Some(out));
            }
            out.push(b']');
            self.ids[self.kind] = Vec::new();
            self.kind += 1;
            self.pos = 0;
            self.opened = false;
        }
        out.extend_from_slice(b",\"deleted\":[");
        for (i, (id, type_)) in self.deleted.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(format!("{{\"id\":{id},\"type\":\"{type_}\"}}").as_bytes());
        }
        out.extend_from_slice(b"]}");
        let (device_id, user_id, next) = (self.device_id, self.user_id, self.next.clone());
        self.ctx
            .db
            .write(move |c| device_syncs::save(c, device_id, user_id, &next))
            .await
            .tag(Action::PullSync, Realm::Sync)?;
        self.done = true;
        Ok(Some(out))
    }
}

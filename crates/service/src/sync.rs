//! Offline sync (2.5.3.2.1): what changed since the device's cursor, read from the change
//! journal by sequence number (so no change committed concurrently is skipped), and the
//! device's cursor and last-sync time moved forward.

use std::collections::BTreeMap;

use interact_errors::{Action, Error, Realm, Result, Tag};
use interact_store::device_syncs;
use serde::Serialize;
use serde_json::Value;

use crate::auth::Principal;
use crate::push;
use crate::Ctx;

/// Journal entity types sync returns, with the answer's key for each.
const KEYS: &[(&str, &str)] = &[
    ("contact", "contacts"),
    ("deal", "deals"),
    ("interaction", "interactions"),
    ("note", "notes"),
    ("taskList", "taskLists"),
    ("task", "tasks"),
];

#[derive(Debug, Serialize)]
pub struct Tombstone {
    pub id: i64,
    #[serde(rename = "type")]
    pub type_: String,
}

/// The answer: one key per entity kind (always present) and `deleted`.
#[derive(Debug, Serialize)]
pub struct SyncAnswer {
    #[serde(flatten)]
    pub changed: BTreeMap<&'static str, Vec<Value>>,
    pub deleted: Vec<Tombstone>,
}

/// `GET /v2/sync?deviceId=…&since=…`.
pub async fn sync(
    ctx: &Ctx,
    who: &Principal,
    device_id: Option<&str>,
    since: Option<&str>,
) -> Result<SyncAnswer> {
    let since = match since.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match s.parse::<i64>() {
            Ok(t) if t >= 0 => Some(t),
            _ => {
                return Err(
                    Error::invalid("since must be a time in milliseconds since the epoch")
                        .in_context(Action::PullSync, Realm::Sync),
                )
            }
        },
    };
    let device = push::device_of(ctx, who, device_id, Action::PullSync, Realm::Sync).await?;
    let now = ctx.clock.now_ms();
    let types: Vec<&'static str> = KEYS.iter().map(|(t, _)| *t).collect();
    let (answer, cursor) = ctx
        .db
        .read(move |c| {
            let (seen, last_time) = device_syncs::state(c, device.id)?;
            // The document: an omitted `since`, or one after the last sync, means the last
            // sync; an earlier one reaches back to that time.
            let after = match since {
                Some(t) if t < last_time => device_syncs::seq_before_time(c, device.user_id, t)?,
                _ => seen,
            };
            // The user's journal is committed in sequence order, so everything up to the
            // latest number visible now is committed: reading up to it and moving the cursor
            // there skips nothing, whatever commits meanwhile.
            let latest = device_syncs::latest_seq(c, device.user_id)?;
            let rows = device_syncs::changes_since(c, device.user_id, after, latest, &types)?;
            let cursor = latest.max(seen);
            // The latest state of each entity wins; a delete leaves a tombstone.
            let mut latest: BTreeMap<(String, i64), (String, Option<String>)> = BTreeMap::new();
            for (_, action, type_, id, state, _) in rows {
                latest.insert((type_, id), (action, state));
            }
            let mut changed: BTreeMap<&'static str, Vec<Value>> =
                KEYS.iter().map(|(_, k)| (*k, Vec::new())).collect();
            let mut deleted = Vec::new();
            for ((type_, id), (action, state)) in latest {
                if action == "delete" {
                    deleted.push(Tombstone { id, type_ });
                    continue;
                }
                let key = KEYS.iter().find(|(t, _)| *t == type_).map(|(_, k)| *k);
                let value = state.and_then(|s| serde_json::from_str::<Value>(&s).ok());
                if let (Some(key), Some(value)) = (key, value) {
                    changed.entry(key).or_default().push(value);
                }
            }
            Ok((SyncAnswer { changed, deleted }, cursor))
        })
        .await
        .tag(Action::PullSync, Realm::Sync)?;
    ctx.db
        .write(move |c| device_syncs::save(c, device.id, device.user_id, cursor, now))
        .await
        .tag(Action::PullSync, Realm::Sync)?;
    Ok(answer)
}

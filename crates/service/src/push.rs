//! Websocket pushes (2.4.1, 2.4.3): which device may open a socket, the interaction message,
//! the sync hint, and the journal watcher that turns committed changes into sync hints.

use std::collections::HashMap;
use std::time::Duration;

use interact_domain::interactions::{InteractionPush, SyncHint};
use interact_errors::{Action, Detail, Error, Exception, Realm, Result, Tag};
use interact_store::{device_syncs, devices as store_devices};

use crate::auth::Principal;
use crate::bus::{Event, Topic};
use crate::devices::resolve_device_id;
use crate::Ctx;

/// How often the journal watcher looks for changes of users with open sockets: the most a
/// sync hint lags behind the change that caused it. One query per period per process.
pub const WATCH_PERIOD: Duration = Duration::from_millis(100);

const HINT: &str = "cloud synchronization recommended";

/// A device allowed to hold a socket or sync: registered to the caller.
#[derive(Debug, Clone, Copy)]
pub struct DeviceRef {
    pub id: i64,
    pub user_id: i64,
}

fn not_registered(action: Action, realm: Realm) -> Error {
    Error::new(
        Exception::Permission,
        action,
        realm,
        Detail::NotPermitted,
        "deviceId is not a device registered to this user",
    )
}

/// The caller's registered device with this `deviceId` (hex or base64 as registered), or 403.
pub async fn device_of(
    ctx: &Ctx,
    who: &Principal,
    raw: Option<&str>,
    action: Action,
    realm: Realm,
) -> Result<DeviceRef> {
    let raw = match raw.map(str::trim) {
        Some(r) if !r.is_empty() => r.to_string(),
        _ => return Err(Error::missing("deviceId").in_context(action, realm)),
    };
    let Some(canonical) = resolve_device_id(&raw) else {
        return Err(not_registered(action, realm));
    };
    let user_id = who.user_id;
    let found = ctx
        .db
        .read(move |c| store_devices::find_by_device_id(c, user_id, &canonical))
        .await
        .tag(action, realm)?;
    match found {
        Some(d) => Ok(DeviceRef { id: d.id, user_id }),
        None => Err(not_registered(action, realm)),
    }
}

/// The sync hint of 2.4.3 if the user's data changed since the device last synced and since
/// `hinted` (the latest sequence number this socket has hinted already); the new `hinted`.
pub async fn pending_hint(
    ctx: &Ctx,
    device: DeviceRef,
    hinted: i64,
) -> Result<(Option<SyncHint>, i64)> {
    ctx.db
        .read(move |c| {
            let (seen, time) = device_syncs::state(c, device.id)?;
            let latest = device_syncs::latest_seq(c, device.user_id)?;
            let hint = (latest > seen && latest > hinted).then(|| SyncHint {
                message: HINT.to_string(),
                last_sync_time: time,
            });
            Ok((hint, latest.max(hinted)))
        })
        .await
}

/// The text frame for a bus event, if the event means anything for this device now;
/// `hinted` is the socket's latest hinted sequence number, updated here.
pub async fn message_for(
    ctx: &Ctx,
    device: DeviceRef,
    event: Event,
    hinted: &mut i64,
) -> Result<Option<String>> {
    match event.topic {
        Topic::Interaction => {
            let push: Option<InteractionPush> =
                crate::interactions::push_message(ctx, device.user_id, event.id).await?;
            Ok(push.map(|p| serde_json::to_string(&p)).transpose()?)
        }
        Topic::SyncHint => {
            let (hint, latest) = pending_hint(ctx, device, *hinted).await?;
            *hinted = latest;
            Ok(hint.map(|h| serde_json::to_string(&h)).transpose()?)
        }
        // Handled by the bus itself (the session cache); never sent to a device.
        Topic::Sessions => Ok(None),
    }
}

/// Watches the journal for users with open sockets in this process and delivers a sync hint
/// to them when their latest sequence number grows. The journal is committed in sequence
/// order per user, so a user's maximum only grows; changes from any process are seen. Runs
/// until `stop` turns true (or its sender is dropped).
pub async fn watch_journal(ctx: Ctx, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut seen: HashMap<i64, i64> = HashMap::new();
    let mut every = crate::every::Every::new(WATCH_PERIOD);
    while every.tick(&mut stop).await {
        let pass = ctx.metrics.journal_watch_pass.start_timer();
        let users = ctx.bus.subscribed_users();
        seen.retain(|u, _| users.contains(u));
        if users.is_empty() {
            pass.stop_and_discard();
            ctx.metrics.journal_pass_done();
            continue;
        }
        let result = ctx
            .db
            .read(move |c| {
                let mut out = Vec::new();
                for chunk in users.chunks(1000) {
                    out.extend(device_syncs::latest_seqs(c, chunk)?);
                }
                Ok(out)
            })
            .await;
        let latest = match result {
            Ok(l) => l,
            Err(e) => {
                pass.stop_and_discard();
                log::warn!("journal watcher: {e}");
                continue;
            }
        };
        for (user_id, seq) in latest {
            let before = seen.insert(user_id, seq);
            // A user seen for the first time has just connected: a change may have landed
            // between its on-connect check and now; sockets drop hints they sent already.
            if before.is_none_or(|b| seq > b) {
                ctx.bus.deliver_local(Event {
                    user_id,
                    topic: Topic::SyncHint,
                    id: seq,
                });
            }
        }
        pass.observe_duration();
        ctx.metrics.journal_pass_done();
    }
}

//! APNs pushes (2.4.2): the outbox rows a trigger event writes in its transaction, and the
//! sender task that posts them to the provider API, retries with backoff and records the
//! outcome. Rows survive restarts; a restarted sender picks up what is pending.

use std::time::Duration;

use interact_domain::interactions::InteractionPush;
use interact_errors::Result;
use interact_store::{apns_outbox, devices, AnyConnection};
use serde_json::json;

use crate::Ctx;

/// How often the sender looks for due deliveries.
const POLL: Duration = Duration::from_millis(50);
/// Deliveries claimed and sent (concurrently, over one HTTP/2 connection) per round.
const BATCH: i64 = 100;

/// The alert of 2.4.2: "<Incoming|Outgoing> <call|SMS|email|chat> <from|to> <name (data)|data>".
pub fn alert(type_: &str, data: &str, contact: Option<&str>) -> String {
    let (channel, direction) = type_.split_once('-').unwrap_or((type_, "incoming"));
    let channel = match channel {
        "call" => "call",
        "sms" => "SMS",
        "email" => "email",
        _ => "chat",
    };
    let (dir, prep) = if direction == "outgoing" {
        ("Outgoing", "to")
    } else {
        ("Incoming", "from")
    };
    match contact {
        Some(name) if !name.is_empty() => format!("{dir} {channel} {prep} {name} ({data})"),
        _ => format!("{dir} {channel} {prep} {data}"),
    }
}

/// Writes one delivery per active device of the user, in the caller's transaction. Does
/// nothing when APNs is not configured.
pub fn enqueue(
    c: &mut AnyConnection,
    ctx_enabled: bool,
    user_id: i64,
    push: &InteractionPush,
    now: i64,
) -> Result<()> {
    if !ctx_enabled {
        return Ok(());
    }
    let name = push.match_.as_ref().map(|m| m.contact_name.as_str());
    let payload = json!({
        "aps": {"alert": alert(&push.type_, &push.data, name)},
        "data": push.data,
        "type": push.type_,
    })
    .to_string();
    for d in devices::list(c, user_id)?.into_iter().filter(|d| d.active) {
        apns_outbox::enqueue(c, user_id, &d.device_id, &payload, now)?;
    }
    Ok(())
}

/// How long a claim lasts beyond the longest a send may take (the client's timeout): the
/// time to record the outcome. A claimed row whose lease runs out — its sender crashed or was
/// killed mid-send — is claimed again by any sender.
const LEASE_MARGIN: Duration = Duration::from_secs(30);

/// The sender task: sends due deliveries every [`POLL`] until `stop` turns true (or its sender
/// is dropped). A round in progress is finished first (every send in it is bounded by the
/// client's timeout), so no claimed row is left waiting for its lease to run out.
pub async fn run_sender(
    ctx: Ctx,
    client: reqwest::Client,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let mut every = crate::every::Every::new(POLL);
    while every.tick(&mut stop).await {
        if let Err(e) = send_due(&ctx, &client).await {
            log::warn!("APNs sender: {e}");
        }
    }
}

/// The lease of a claim made at `now`.
fn lease_until(ctx: &Ctx, now: i64) -> i64 {
    let ms = (ctx.config.external_timeout + LEASE_MARGIN).as_millis();
    now.saturating_add(i64::try_from(ms).unwrap_or(i64::MAX))
}

/// Claims the due deliveries (up to [`BATCH`]), sends them concurrently and records each
/// outcome; answers how many were claimed. Any number of senders, in this process or others
/// on the same database, may run this at once: each row is claimed by one of them.
pub async fn send_due(ctx: &Ctx, client: &reqwest::Client) -> Result<usize> {
    let now = ctx.clock.now_ms();
    if !ctx.db.read(move |c| apns_outbox::any_due(c, now)).await? {
        return Ok(0);
    }
    let lease = lease_until(ctx, now);
    let claimed = ctx
        .db
        .write(move |c| apns_outbox::claim(c, now, lease, BATCH))
        .await?;
    let n = claimed.len();
    let mut sends = tokio::task::JoinSet::new();
    for d in claimed {
        let (ctx, client) = (ctx.clone(), client.clone());
        sends.spawn(async move { deliver(&ctx, &client, d, lease).await });
    }
    let mut first_error = None;
    while let Some(done) = sends.join_next().await {
        match done {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                first_error.get_or_insert(e);
            }
            Err(e) => log::error!("APNs send task failed: {e}"),
        }
    }
    first_error.map_or(Ok(n), Err)
}

/// Posts one claimed delivery and records the outcome under its lease.
async fn deliver(
    ctx: &Ctx,
    client: &reqwest::Client,
    d: apns_outbox::Delivery,
    lease: i64,
) -> Result<()> {
    let url = format!("{}/3/device/{}", ctx.config.apns_url, d.device_token);
    let mut req = client
        .post(url)
        .header("apns-push-type", "alert")
        .header("content-type", "application/json")
        .body(d.payload.clone());
    if let Some(topic) = &ctx.config.apns_topic {
        req = req.header("apns-topic", topic);
    }
    if let Some(token) = &ctx.config.apns_token {
        req = req.header("authorization", format!("bearer {token}"));
    }
    let outcome = match req.send().await {
        Ok(res) if res.status().is_success() => Ok(()),
        Ok(res) => {
            let status = res.status().as_u16();
            let body = res.text().await.unwrap_or_default();
            let reason: String = body.chars().take(200).collect();
            // Apple's permanent refusals: bad request, bad credentials, bad path,
            // device token no longer valid, payload too large.
            let permanent = matches!(status, 400 | 403 | 404 | 405 | 410 | 413);
            Err((permanent, format!("HTTP {status} {reason}")))
        }
        Err(e) => Err((false, format!("{e}"))),
    };
    match &outcome {
        Ok(()) => ctx
            .metrics
            .pushes_sent
            .with_label_values(&["apns", "alert"])
            .inc(),
        Err(_) => ctx.metrics.apns_attempts_failed.inc(),
    }
    let attempts = d.attempts + 1;
    let now = ctx.clock.now_ms();
    let (status, next, error) = match outcome {
        Ok(()) => (apns_outbox::SENT, now, None),
        Err((permanent, e)) if permanent || attempts >= ctx.config.apns_max_attempts => {
            (apns_outbox::FAILED, now, Some(e))
        }
        Err((_, e)) => {
            let backoff = ctx
                .config
                .apns_retry_ms
                .saturating_mul(1i64 << (attempts - 1).clamp(0, 20));
            (apns_outbox::PENDING, now.saturating_add(backoff), Some(e))
        }
    };
    let id = d.id;
    let recorded = ctx
        .db
        .write(move |c| {
            apns_outbox::record(c, id, lease, status, attempts, next, error.as_deref(), now)
        })
        .await?;
    if !recorded {
        log::warn!("APNs delivery {id}: the claim's lease ran out before its outcome was recorded");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::alert;

    #[test]
    fn alerts_read_as_the_document_shows() {
        assert_eq!(
            alert("call-incoming", "0301234567", Some("John Doe")),
            "Incoming call from John Doe (0301234567)"
        );
        assert_eq!(alert("sms-outgoing", "555", None), "Outgoing SMS to 555");
    }
}

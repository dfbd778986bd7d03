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
/// Deliveries sent per round.
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

/// The sender task: runs until the runtime stops.
pub async fn run_sender(ctx: Ctx, client: reqwest::Client) {
    let mut tick = tokio::time::interval(POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = send_due(&ctx, &client).await {
            log::warn!("APNs sender: {e}");
        }
    }
}

/// Sends every due delivery once and records the outcomes; answers how many were tried.
pub async fn send_due(ctx: &Ctx, client: &reqwest::Client) -> Result<usize> {
    let now = ctx.clock.now_ms();
    let due = ctx
        .db
        .read(move |c| apns_outbox::due(c, now, BATCH))
        .await?;
    let n = due.len();
    for d in due {
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
        ctx.db
            .write(move |c| {
                apns_outbox::record(c, id, status, attempts, next, error.as_deref(), now)
            })
            .await?;
    }
    Ok(n)
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

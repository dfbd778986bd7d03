//! The push websocket (2.4.1, 2.4.3) at `/interact-server/socket` and `/v2/socket`.

use std::time::{Duration, Instant};

use actix_web::{
    web::{self},
    HttpRequest,
};
use actix_ws::{AggregatedMessage, Session};
use futures_util::StreamExt;
use interact_errors::{Action, Error, Realm};
use interact_service::bus::{Subscription, Topic};
use interact_service::push::{self, DeviceRef};
use interact_service::Ctx;
use serde::Deserialize;

use crate::extract::{App, Auth};
use crate::respond::Reply;

/// How often the server pings; a peer silent for `DEAD_AFTER` is dropped.
const PING_EVERY: Duration = Duration::from_secs(20);
const DEAD_AFTER: Duration = Duration::from_secs(60);
/// Largest frame accepted from a client (clients only answer pings).
const MAX_FRAME: usize = 64 * 1024;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SocketQuery {
    pub device_id: Option<String>,
}

/// Opens the push websocket for one of the caller's registered devices (`deviceId`, and the
/// `authToken` as a query parameter or header). A device not registered to the caller is 403.
pub async fn open_socket(
    ctx: App,
    auth: Auth,
    req: HttpRequest,
    body: web::Payload,
    query: web::Query<SocketQuery>,
) -> Reply {
    let device = push::device_of(
        &ctx,
        &auth,
        query.device_id.as_deref(),
        Action::OpenWebsocket,
        Realm::Websocket,
    )
    .await?;
    let (response, session, stream) = actix_ws::handle(&req, body).map_err(|e| {
        Error::invalid(format!("not a websocket upgrade: {e}"))
            .in_context(Action::OpenWebsocket, Realm::Websocket)
    })?;
    // Subscribed before the on-connect check, so no change falls between the two.
    let sub = ctx.bus.subscribe(device.user_id);
    let ctx = ctx.get_ref().clone();
    actix_web::rt::spawn(async move {
        let stream = stream
            .max_frame_size(MAX_FRAME)
            .aggregate_continuations()
            .max_continuation_size(MAX_FRAME);
        if let Err(e) = serve(ctx, device, session.clone(), stream, sub).await {
            log::debug!("websocket closed: {e}");
        }
        let _ = session.close(None).await;
    });
    Ok(response)
}

async fn serve(
    ctx: Ctx,
    device: DeviceRef,
    mut session: Session,
    mut stream: actix_ws::AggregatedMessageStream,
    mut sub: Subscription,
) -> anyhow::Result<()> {
    let _open = interact_service::metrics::OpenSocket::new(&ctx);
    let sent = |kind: &str| {
        ctx.metrics
            .pushes_sent
            .with_label_values(&["websocket", kind])
            .inc()
    };
    let (hint, mut hinted) = push::pending_hint(&ctx, device, 0).await?;
    if let Some(h) = hint {
        session.text(serde_json::to_string(&h)?).await?;
        sent("sync_hint");
    }
    let mut last_heard = Instant::now();
    let mut ping = tokio::time::interval(PING_EVERY);
    ping.tick().await;
    loop {
        tokio::select! {
            event = sub.events.recv() => {
                let Some(event) = event else { return Ok(()) };
                let kind = match event.topic {
                    Topic::Interaction => "interaction",
                    Topic::SyncHint => "sync_hint",
                    // Session revocations are for the session cache; push sends nothing.
                    Topic::Sessions => "sessions",
                };
                match push::message_for(&ctx, device, event, &mut hinted).await {
                    Ok(Some(text)) => {
                        session.text(text).await?;
                        sent(kind);
                    }
                    Ok(None) => {}
                    Err(e) => log::warn!("push for user {}: {e}", device.user_id),
                }
            }
            msg = stream.next() => {
                last_heard = Instant::now();
                match msg {
                    Some(Ok(AggregatedMessage::Ping(p))) => session.pong(&p).await?,
                    Some(Ok(AggregatedMessage::Close(_))) | None => return Ok(()),
                    Some(Ok(_)) => {}
                    Some(Err(e)) => return Err(e.into()),
                }
            }
            _ = ping.tick() => {
                if last_heard.elapsed() > DEAD_AFTER {
                    return Ok(());
                }
                session.ping(b"").await?;
            }
        }
    }
}

/// The websocket upgrade is not an operation OpenAPI 3.0 can describe: left out of the
/// document (2.4.1 describes it).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use crate::routes::Endpoint;
    use actix_web::http::Method;
    vec![
        Endpoint::hidden(
            Method::GET,
            "/interact-server/socket",
            open_socket,
            Action::OpenWebsocket,
            Realm::Websocket,
        ),
        Endpoint::hidden(
            Method::GET,
            "/v2/socket",
            open_socket,
            Action::OpenWebsocket,
            Realm::Websocket,
        ),
    ]
}

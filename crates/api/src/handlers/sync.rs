//! `GET /v2/sync?deviceId=…&since=…`: offline sync (2.5.3.2.1).

use actix_web::web::Bytes;
use actix_web::{
    web::{self},
    HttpResponse,
};
use interact_domain::ErrorBody;
use interact_errors::{Action, Error, Realm};
use interact_service::sync;
use serde::Deserialize;

use crate::extract::{App, Auth};
use crate::respond::Reply;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncQuery {
    pub device_id: Option<String>,
    pub since: Option<String>,
}

/// Synchronize offline data: `contacts`, `deals`, `interactions`, `notes`, `taskLists`,
/// `tasks` changed since the device's last sync (or `since`, if earlier), and `deleted`
/// tombstones `{id,type}`. Moves the device's last-sync time. Each entity comes as a read of
/// it answers now; the answer streams, whatever its length.
#[utoipa::path(get, path = "/v2/sync", tag = "sync",
    params(
        ("deviceId" = String, Query, description = "a device registered to the caller", min_length = 1),
        ("since" = Option<i64>, Query, description = "ms since the epoch; later than the last sync means the last sync", minimum = 0),
    ),
    responses(
        (status = 200, description = "`{\"contacts\":[…],\"deals\":[…],\"interactions\":[…],\"notes\":[…],\"taskLists\":[…],\"tasks\":[…],\"deleted\":[{\"id\",\"type\"}]}`"),
        (status = 400, body = ErrorBody),
        (status = 403, description = "deviceId is not registered to the caller", body = ErrorBody),
    ))]
pub async fn sync_offline(ctx: App, auth: Auth, query: web::Query<SyncQuery>) -> Reply {
    let q = query.into_inner();
    let stream = sync::open(&ctx, &auth, q.device_id.as_deref(), q.since.as_deref()).await?;
    let body =
        futures_util::stream::unfold(Some(stream), |state: Option<sync::SyncStream>| async move {
            let mut s = state?;
            match s.next_bytes().await {
                Ok(Some(bytes)) => Some((Ok::<Bytes, Error>(Bytes::from(bytes)), Some(s))),
                Ok(None) => None,
                // The status is sent already: the client sees a truncated answer rather than a
                // wrong one, and the device's cursor has not moved.
                Err(e) => {
                    log::error!("sync stream failed: {e}");
                    Some((Err(e), None))
                }
            }
        });
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .streaming(body))
}

pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![crate::endpoint!(sync_offline, Action::PullSync, Realm::Sync)]
}

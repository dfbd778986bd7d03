//! `GET /metrics`: the server's counters in the Prometheus text format, for addresses in
//! `INTERACT_METRICS_ALLOW` or callers with `INTERACT_METRICS_TOKEN`.

use actix_web::http::header;
use actix_web::{
    web::{self},
    HttpRequest, HttpResponse,
};
use interact_errors::{Action, Error, Realm};

use crate::extract::{client_addr, App};
use crate::respond::Reply;
use crate::HttpSettings;

/// The server's metrics (Prometheus text format): requests by route template, method and
/// status, latencies, the database pool, websockets, pushes, the APNs outbox, the journal
/// watcher, throttled logins. Served to client addresses in `INTERACT_METRICS_ALLOW`
/// (default loopback) and to `Authorization: Bearer <INTERACT_METRICS_TOKEN>`; others 403.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses(
        (status = 200, description = "Prometheus text exposition format", content_type = "text/plain", body = String),
        (status = 403, body = interact_domain::ErrorBody)))]
pub async fn metrics(ctx: App, settings: web::Data<HttpSettings>, req: HttpRequest) -> Reply {
    if !allowed(&settings, &req) {
        return Err(Error::forbidden(
            "metrics are served to addresses in INTERACT_METRICS_ALLOW and to \
             Authorization: Bearer <INTERACT_METRICS_TOKEN>",
        ));
    }
    let text = interact_service::metrics::render(&ctx).await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_TYPE,
            interact_service::metrics::CONTENT_TYPE,
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(text))
}

/// The caller's bearer token is the metrics token, or its address is allowed (with
/// `INTERACT_TRUST_PROXY`, the address the proxy reports: behind a proxy on the same host
/// every peer is loopback).
fn allowed(settings: &HttpSettings, req: &HttpRequest) -> bool {
    if let Some(expected) = settings.metrics_token.as_deref() {
        let given = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim);
        if given.is_some_and(|g| same(g.as_bytes(), expected.as_bytes())) {
            return true;
        }
    }
    let Some(addr) = client_addr(req).and_then(|a| a.parse::<std::net::IpAddr>().ok()) else {
        return false;
    };
    let addr = match addr {
        std::net::IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map_or(std::net::IpAddr::V6(v6), std::net::IpAddr::V4),
        v4 => v4,
    };
    settings.metrics_allow.iter().any(|net| net.contains(&addr))
}

/// Compares without stopping at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![crate::endpoint!(metrics, Action::View, Realm::General).public()]
}

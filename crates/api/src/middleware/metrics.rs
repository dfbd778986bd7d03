//! Counts every answered request for `GET /metrics`: by route template (so that ids do not
//! make a series each), method and status, with its latency.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;
use interact_service::Ctx;

/// The route label of paths no route has (scanners would otherwise make a series each).
const UNMATCHED: &str = "unmatched";

/// The default of `INTERACT_METRICS_ALLOW`: the loopback addresses.
pub fn loopback() -> Vec<ipnet::IpNet> {
    ["127.0.0.0/8", "::1/128"]
        .iter()
        .filter_map(|n| n.parse().ok())
        .collect()
}

/// `INTERACT_METRICS_ALLOW`: comma-separated addresses (`10.0.0.5`) and networks
/// (`10.0.0.0/8`, `fd00::/8`).
pub fn parse_allow(list: &str) -> Result<Vec<ipnet::IpNet>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<ipnet::IpNet>()
                .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| {
                    format!("{s:?} is neither an IP address nor a network such as 10.0.0.0/8")
                })
        })
        .collect()
}

pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let start = Instant::now();
    let ctx = req.app_data::<web::Data<Ctx>>().cloned();
    let method = req.method().clone();
    let route = req.match_pattern().unwrap_or_else(|| UNMATCHED.to_string());
    let res = next.call(req).await;
    if let Some(ctx) = ctx {
        let status = match &res {
            Ok(r) => r.status(),
            Err(e) => e.as_response_error().status_code(),
        };
        let m = &ctx.metrics;
        m.http_requests
            .with_label_values(&[route.as_str(), method.as_str(), status.as_str()])
            .inc();
        m.http_duration
            .with_label_values(&[route.as_str(), method.as_str()])
            .observe(start.elapsed().as_secs_f64());
        if status.as_u16() == 429 && route == "/v2/login" {
            m.logins_throttled.inc();
        }
    }
    res
}

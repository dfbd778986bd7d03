//! One log line per request: method, path, status, latency. Tokens in the query are redacted;
//! headers are never logged.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

/// The query string with the value of every `authToken`/`triggerToken` parameter replaced.
pub fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| {
            let key = pair.split('=').next().unwrap_or("");
            if key.eq_ignore_ascii_case("authtoken") || key.eq_ignore_ascii_case("triggertoken") {
                format!("{key}=REDACTED")
            } else {
                pair.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

pub async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let start = Instant::now();
    let method = req.method().clone();
    let path = req.path().to_string();
    let query = req.query_string();
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{}", redact_query(query))
    };
    let res = next.call(req).await;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let status = match &res {
        Ok(r) => r.status().as_u16(),
        Err(e) => e.as_response_error().status_code().as_u16(),
    };
    // The fields again as key-values, for the JSON log format (INTERACT_LOG_FORMAT=json).
    let (m, target, ms_rounded) = (
        method.as_str(),
        format!("{path}{query}"),
        (ms * 10.0).round() / 10.0,
    );
    log::info!(
        method = m, path = target.as_str(), status = status, ms = ms_rounded;
        "{method} {path}{query} {status} {ms:.1}ms"
    );
    res
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_tokens() {
        assert_eq!(
            super::redact_query("deviceId=1&authToken=secret&x=2"),
            "deviceId=1&authToken=REDACTED&x=2"
        );
    }
}

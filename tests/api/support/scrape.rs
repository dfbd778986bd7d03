//! Reading `GET /metrics` in tests.

use super::TestApp;

/// The value of one series (`name{labels}` exactly as exposed), if it is there.
pub fn value(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|l| {
        l.strip_prefix(series)
            .and_then(|rest| rest.strip_prefix(' '))
            .and_then(|v| v.trim().parse().ok())
    })
}

#[track_caller]
pub fn assert_value(text: &str, series: &str, want: f64) {
    assert_eq!(value(text, series), Some(want), "{series} in:\n{text}");
}

pub async fn scrape(app: &TestApp) -> String {
    let r = app.call("GET", "/metrics", None, None).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    r.text()
}

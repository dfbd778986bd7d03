//! `GET /v2/docs/`: the API reference page, loaded in headless Chromium with no network but
//! the server's, shows the contacts operations and a filter box. Skipped (with the reason
//! printed) where Chromium is not installed; `.ci/run` installs it.

use std::process::Command;

use crate::common::TestApp;

fn chromium() -> Option<String> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(str::to_string)
}

#[actix_rt::test]
async fn the_reference_page_works_offline_and_shows_the_contacts_operations() {
    let app = TestApp::start().await;
    // The page and its files come from the binary, and name no other host.
    let page = app.call("GET", "/v2/docs/", None, None).await;
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap_or_default()
        .starts_with("text/html"));
    let html = page.text();
    for needle in ["src=\"http", "href=\"http", "src=\"//", "href=\"//"] {
        assert!(
            !html.contains(needle),
            "the page loads from elsewhere: {html}"
        );
    }
    let init = app
        .call("GET", "/v2/docs/swagger-initializer.js", None, None)
        .await;
    assert_eq!(init.status, 200);
    assert!(init.text().contains("/v2/openapi.json"), "{}", init.text());
    // `/v2/docs` redirects there (the client follows).
    let r = app.call("GET", "/v2/docs", None, None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.text(), html);

    let Some(browser) = chromium() else {
        println!("skipped: no chromium installed (apt-get install chromium; .ci/run does)");
        return;
    };
    let profile = tempfile::tempdir().expect("tempdir");
    let url = app.url("/v2/docs/");
    let dom = actix_rt::task::spawn_blocking(move || {
        Command::new(browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("--virtual-time-budget=20000")
            .arg("--dump-dom")
            .arg(url)
            .output()
    })
    .await
    .expect("browser thread")
    .expect("chromium runs");
    let html = String::from_utf8_lossy(&dom.stdout);
    assert!(
        html.contains("operations-tag-contacts"),
        "no contacts section on the page: {}\n{}",
        html,
        String::from_utf8_lossy(&dom.stderr)
    );
    for op in ["get_contact", "list_contacts", "create_contact"] {
        assert!(
            html.contains(&format!("operations-contacts-{op}")),
            "operation {op} is not on the page: {html}"
        );
    }
    assert!(
        html.contains("operation-filter-input"),
        "no filter box on the page: {html}"
    );
}

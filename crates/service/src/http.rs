//! The outbound HTTP client shared by everything that calls other systems (the Google People
//! API now, APNs pushes later): rustls with the ring provider, HTTP/1.1 and HTTP/2.

use std::time::Duration;

use interact_errors::{Error, Result};

/// A client whose every call gives up after `timeout` (connecting included). Build one and
/// share it: it pools connections.
pub fn client(timeout: Duration) -> Result<reqwest::Client> {
    // reqwest is built without a crypto provider (aws-lc-rs would add a large C build), so
    // ring is made the process default; a provider installed earlier is kept.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .timeout(timeout)
        .user_agent(concat!("interact-server/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(Error::internal)
}

//! The settings the services read. The server binary fills them from flags and environment.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Config {
    /// How long a token lives after its last use, in milliseconds.
    pub token_ttl_ms: i64,
    /// bcrypt cost for new password hashes.
    pub bcrypt_cost: u32,
    /// Base URL of the Google People API (`INTERACT_GOOGLE_API_URL`); tests point it at a
    /// local stand-in.
    pub google_api_url: String,
    /// Longest wait for one call to an external system (connect, send, read the answer).
    pub external_timeout: Duration,
}

pub const DEFAULT_GOOGLE_API_URL: &str = "https://people.googleapis.com";

impl Default for Config {
    fn default() -> Self {
        Config {
            token_ttl_ms: 24 * 3600 * 1000,
            bcrypt_cost: 10,
            google_api_url: DEFAULT_GOOGLE_API_URL.to_string(),
            external_timeout: Duration::from_secs(30),
        }
    }
}

//! The settings the services read. The server binary fills them from flags and environment.

use std::path::PathBuf;
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
    /// How long a password reset token is valid, in milliseconds.
    pub reset_ttl_ms: i64,
    /// The file reset mails are appended to (mbox format).
    pub mail_outbox: PathBuf,
    /// The sender of mails.
    pub mail_from: String,
    /// `host:port` of an SMTP relay that takes mail without TLS or authentication (a local
    /// MTA); `None`: mail goes to the outbox file.
    pub smtp_relay: Option<String>,
    /// Failed logins (and password checks) per account within `login_window_ms` before
    /// further attempts are answered 429.
    pub login_max_failures: i64,
    /// The same per client address.
    pub login_max_failures_addr: i64,
    /// The window failed logins are counted in, in milliseconds.
    pub login_window_ms: i64,
    /// The region national phone numbers are read in (for matching keys).
    pub default_region: phonenumber::country::Id,
    /// APNs (2.4.2): base URL of the HTTP/2 provider API (`INTERACT_APNS_URL`).
    pub apns_url: String,
    /// The app's bundle id sent as `apns-topic`; `None` turns APNs deliveries off.
    pub apns_topic: Option<String>,
    /// Provider authentication token sent as `authorization: bearer …`.
    pub apns_token: Option<String>,
    /// Attempts per delivery before it is marked failed.
    pub apns_max_attempts: i64,
    /// Wait before the first retry, doubled for each further one (ms).
    pub apns_retry_ms: i64,
    /// Largest uploaded picture, in bytes of the decoded image (`INTERACT_MAX_PICTURE`).
    pub max_picture: usize,
    /// Bytes of contacts kept between reads (`INTERACT_CONTACT_CACHE`, in MiB there);
    /// `contact_cache`.
    pub contact_cache_bytes: u64,
    /// Bytes of journal entries kept between reads (`INTERACT_JOURNAL_CACHE`, in MiB there);
    /// `journal_cache`.
    pub journal_cache_bytes: u64,
}

pub const DEFAULT_GOOGLE_API_URL: &str = "https://people.googleapis.com";
pub const DEFAULT_APNS_URL: &str = "https://api.push.apple.com";
/// 5 MiB.
pub const DEFAULT_MAX_PICTURE: usize = 5 * 1024 * 1024;

impl Default for Config {
    fn default() -> Self {
        Config {
            token_ttl_ms: 24 * 3600 * 1000,
            bcrypt_cost: 10,
            google_api_url: DEFAULT_GOOGLE_API_URL.to_string(),
            external_timeout: Duration::from_secs(30),
            reset_ttl_ms: 3600 * 1000,
            mail_outbox: PathBuf::from("./data/mail-outbox.txt"),
            mail_from: "interact <no-reply@localhost>".into(),
            smtp_relay: None,
            login_max_failures: 5,
            login_max_failures_addr: 20,
            login_window_ms: 15 * 60 * 1000,
            default_region: phonenumber::country::Id::DE,
            apns_url: DEFAULT_APNS_URL.to_string(),
            apns_topic: None,
            apns_token: None,
            apns_max_attempts: 5,
            apns_retry_ms: 1000,
            max_picture: DEFAULT_MAX_PICTURE,
            contact_cache_bytes: crate::contact_cache::DEFAULT_BYTES,
            journal_cache_bytes: crate::journal_cache::DEFAULT_BYTES,
        }
    }
}

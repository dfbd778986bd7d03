//! The settings the services read. The server binary fills them from flags and environment.

#[derive(Debug, Clone)]
pub struct Config {
    /// How long a token lives after its last use, in milliseconds.
    pub token_ttl_ms: i64,
    /// bcrypt cost for new password hashes.
    pub bcrypt_cost: u32,
    /// The region national phone numbers are read in (for matching keys).
    pub default_region: phonenumber::country::Id,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            token_ttl_ms: 24 * 3600 * 1000,
            bcrypt_cost: 10,
            default_region: phonenumber::country::Id::DE,
        }
    }
}

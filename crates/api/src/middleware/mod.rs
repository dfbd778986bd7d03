//! Middleware, outermost first: request log, request metrics, JSONP, error envelopes, CORS
//! preflight headers, CORS, panic catcher, token-expiry header, U+0000 in path and query.

pub mod cors;
pub mod envelope;
pub mod jsonp;
pub mod log;
pub mod metrics;
pub mod nul;
pub mod panic;
pub mod token;

//! Middleware, outermost first: request log, JSONP, error envelopes, CORS, panic catcher,
//! token-expiry header, U+0000 in path and query.

pub mod cors;
pub mod envelope;
pub mod jsonp;
pub mod log;
pub mod nul;
pub mod panic;
pub mod token;

//! Middleware, outermost first: request log, JSONP, error envelopes, CORS, panic catcher,
//! token-expiry header.

pub mod cors;
pub mod envelope;
pub mod jsonp;
pub mod log;
pub mod panic;
pub mod token;

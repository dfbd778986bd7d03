//! A panic inside a handler answers 500 in the envelope, and the worker keeps serving.

use std::panic::AssertUnwindSafe;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use futures_util::FutureExt;
use interact_errors::Error;

pub async fn catch_panic(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // The request itself cannot be kept across the call (routing needs it unshared), so the
    // panic is answered as an error, which actix turns into its `error_response`.
    let (action, realm) = crate::context::of(req.method(), req.path());
    match AssertUnwindSafe(next.call(req)).catch_unwind().await {
        Ok(res) => res.map(|r| r.map_into_boxed_body()),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(Error::internal(anyhow::anyhow!("handler panicked: {what}"))
                .in_context(action, realm)
                .into())
        }
    }
}

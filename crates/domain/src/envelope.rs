//! The documented envelopes (2.2, 2.6): create → 201 `{"code":201,"entity":…,"devmsg":"success"}`,
//! update → 200 `{"code":200,"entity":…,"devmsg":"success"}`, delete → 200
//! `{"code":204,"devmsg":"success"}`, errors `{"code","error","devmsg"}`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `{"code":201,"entity":…,"devmsg":"success"}`, sent with HTTP 201.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Created<T> {
    pub code: u16,
    pub entity: T,
    pub devmsg: String,
}

impl<T> Created<T> {
    pub fn new(entity: T) -> Self {
        Created {
            code: 201,
            entity,
            devmsg: "success".into(),
        }
    }
}

/// `{"code":200,"entity":…,"devmsg":"success"}`, sent with HTTP 200.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Updated<T> {
    pub code: u16,
    pub entity: T,
    pub devmsg: String,
}

impl<T> Updated<T> {
    pub fn new(entity: T) -> Self {
        Updated {
            code: 200,
            entity,
            devmsg: "success".into(),
        }
    }
}

/// `{"code":204,"devmsg":"success"}`, sent with HTTP 200 (the document's delete answer).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Deleted {
    pub code: u16,
    pub devmsg: String,
}

impl Default for Deleted {
    fn default() -> Self {
        Deleted {
            code: 204,
            devmsg: "success".into(),
        }
    }
}

/// `{"code":200,"devmsg":"success"}` (logout, password calls).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Success {
    pub code: u16,
    pub devmsg: String,
}

impl Default for Success {
    fn default() -> Self {
        Success {
            code: 200,
            devmsg: "success".into(),
        }
    }
}

/// The error envelope of 2.6.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// The HTTP status.
    pub code: u16,
    /// The 14-digit error code: exception(4) action(3) realm(3) detail(4).
    #[schema(example = 91040101001001_u64)]
    pub error: u64,
    /// What went wrong, for developers.
    pub devmsg: String,
}

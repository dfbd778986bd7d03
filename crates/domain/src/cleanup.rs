//! Cleanup, merge and share (2.5.3.2.5–2.5.3.2.8).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Most ids a merge may name in each of `contactIds` and `importContactIds`, and most groups
/// a share may name.
pub const MAX_MERGE_IDS: usize = 1000;
pub const MAX_SHARE_GROUPS: usize = 100;

/// `POST /v2/contacts?cmd=merge` body (2.5.3.2.7).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MergeRequest {
    /// The caller's contacts merged into `contact`; they are deleted.
    pub contact_ids: Option<Vec<i64>>,
    /// The caller's inactive import contacts merged into `contact`; they are deleted.
    pub import_contact_ids: Option<Vec<i64>>,
    /// The resulting contact, as in a create (without `id`) or an update (with `id` and
    /// `version`) of a contact.
    #[schema(value_type = Object)]
    pub contact: Option<serde_json::Value>,
}

/// `{"data":[…]}` of `GET /v2/cleanup?cmd=getConflicts`: contacts in the base projection, each
/// with `"active": true`, and inactive import contacts in the same form with their import id
/// and `"active": false`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConflictList {
    #[schema(value_type = Vec<Object>)]
    pub data: Vec<serde_json::Value>,
}

/// The two answers of `GET /v2/cleanup`: `cmd=getDuplicates` answers a bare array of values,
/// `cmd=getConflicts` the `{"data":[…]}` object. Only for the OpenAPI document.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum CleanupAnswer {
    Duplicates(Vec<String>),
    Conflicts(ConflictList),
}

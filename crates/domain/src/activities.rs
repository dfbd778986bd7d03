//! Activities (2.5.3.1.1): the journal of what changed in a user's data.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The states before and after the change: `oldState` is absent for an insert, `newState`
/// for a delete.
//
// Each state is the entity's wire JSON as the journal stored it, answered as stored
// (`RawValue`): a page of the journal used to parse every state into a `serde_json::Value`
// tree and write it out again, which a profile of `GET /v2/activities` showed as most of the
// request (docs/performance.md). A state keeps its entity's field order.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActivityStates {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub old_state: Option<Box<serde_json::value::RawValue>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub new_state: Option<Box<serde_json::value::RawValue>>,
}

/// The user who performed the action.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ActivityActor {
    pub id: i64,
    pub email: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    /// The journal's sequence number: later changes have larger ids.
    pub id: i64,
    /// `insert`, `update` or `delete`.
    #[schema(example = "update")]
    pub action: String,
    /// The kind of entity: `contact`, `note`, `task`, …
    #[schema(example = "note")]
    pub entity_type: String,
    pub entity_id: i64,
    pub entity: ActivityStates,
    pub related_to: ActivityActor,
    /// When the change was saved, ms since the epoch.
    pub time: i64,
}

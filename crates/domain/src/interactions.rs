//! Interactions (2.5.2.1 trigger event, 2.5.3.1.28–31 reads and update) and the interaction
//! push notification (2.4.1).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The documented interaction types.
pub const TYPES: &[&str] = &[
    "call-incoming",
    "call-outgoing",
    "email-incoming",
    "email-outgoing",
    "im-incoming",
    "im-outgoing",
    "sms-incoming",
    "sms-outgoing",
];

/// A linked person or organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LinkedContact {
    pub id: i64,
    pub display_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExternalSystemRef {
    pub system_id: Option<String>,
    pub thread_id: Option<String>,
    pub entity_id: Option<String>,
    pub time: i64,
}

/// An interaction as reads answer it; `organization`, `person`, `basicInfoId`, `duration`,
/// `status` and `customTags` are null until known.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Interaction {
    pub id: i64,
    pub organization: Option<LinkedContact>,
    pub person: Option<LinkedContact>,
    pub basic_info_id: Option<i64>,
    #[serde(rename = "type")]
    pub type_: String,
    pub data: String,
    pub duration: Option<i64>,
    pub status: Option<String>,
    pub custom_tags: Option<String>,
    pub external_systems: Vec<ExternalSystemRef>,
    pub time: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExternalSystemInput {
    pub name: Option<String>,
    pub thread_id: Option<String>,
    pub entity_id: Option<String>,
}

/// `PUT /v2/interactions` with a `triggerToken` header (2.5.2.1).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TriggerRequest {
    #[schema(example = "555-12345")]
    pub data: Option<String>,
    pub external_system: Option<ExternalSystemInput>,
    /// The email of the trigger device's owner.
    pub receiver_id: Option<String>,
    /// When the event occurred (ms since the epoch); default now.
    pub time: Option<i64>,
    #[serde(rename = "type")]
    #[schema(example = "call-incoming")]
    pub type_: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct IdRef {
    pub id: Option<i64>,
}

/// `POST /v2/interactions/:id` (2.5.3.1.31). `organizationId`/`personId` are aliases of
/// `organization.id`/`person.id`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateInteractionRequest {
    pub basic_info_id: Option<i64>,
    pub custom_tags: Option<String>,
    pub duration: Option<i64>,
    pub external_systems: Option<Vec<ExternalSystemInput>>,
    pub organization: Option<IdRef>,
    pub organization_id: Option<i64>,
    pub person: Option<IdRef>,
    pub person_id: Option<i64>,
    pub status: Option<String>,
}

/// A contact (or a bare basicInfo) an interaction's `data` matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MatchInfo {
    /// Absent for a basicInfo with no contact (`contactName` is then "Unknown").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<i64>,
    pub contact_name: String,
    /// Absent for an im match on a profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basic_info_id: Option<i64>,
}

/// The push notification of 2.4.1: `match` when exactly one contact matched, otherwise
/// `tentatives` (possibly empty).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InteractionPush {
    #[serde(rename = "type")]
    pub type_: String,
    pub data: String,
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    pub match_: Option<MatchInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tentatives: Option<Vec<MatchInfo>>,
}

/// The sync hint of 2.4.3.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SyncHint {
    pub message: String,
    pub last_sync_time: i64,
}

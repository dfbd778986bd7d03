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

/// An external system reference in a request: `threadId` or `entityId` (or both) not blank;
/// each text at most 255 characters.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExternalSystemInput {
    #[schema(max_length = 255)]
    pub name: Option<String>,
    #[schema(max_length = 255)]
    pub thread_id: Option<String>,
    #[schema(max_length = 255)]
    pub entity_id: Option<String>,
}

/// `type` of an interaction (only for the OpenAPI document; the service reads the text).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum InteractionType {
    CallIncoming,
    CallOutgoing,
    EmailIncoming,
    EmailOutgoing,
    ImIncoming,
    ImOutgoing,
    SmsIncoming,
    SmsOutgoing,
}

/// `PUT /v2/interactions` with a `triggerToken` header (2.5.2.1).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TriggerRequest {
    /// Not blank, at most 255 characters.
    #[schema(value_type = String, required = true, max_length = 255, pattern = r"\S", example = "555-12345")]
    pub data: Option<String>,
    pub external_system: Option<ExternalSystemInput>,
    /// The email of the trigger device's owner.
    #[schema(max_length = 255)]
    pub receiver_id: Option<String>,
    /// When the event occurred (ms since the epoch); default now.
    #[schema(minimum = 0)]
    pub time: Option<i64>,
    #[serde(rename = "type")]
    #[schema(value_type = InteractionType, required = true, example = "call-incoming")]
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
    #[schema(max_length = 255)]
    pub custom_tags: Option<String>,
    #[schema(minimum = 0)]
    pub duration: Option<i64>,
    #[schema(max_items = 50)]
    pub external_systems: Option<Vec<ExternalSystemInput>>,
    pub organization: Option<IdRef>,
    /// Alias of `organization.id` (the same value when both are given); not in the schema, so
    /// that generated requests do not give the two different values.
    #[schema(ignore)]
    pub organization_id: Option<i64>,
    pub person: Option<IdRef>,
    /// Alias of `person.id`, as `organizationId`.
    #[schema(ignore)]
    pub person_id: Option<i64>,
    #[schema(max_length = 255)]
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

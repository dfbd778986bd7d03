//! Administration (2.5.3.1.53–76, 2.5.3.2.2, 2.5.3.2.9–10): users, companies, groups and
//! custom field definitions, as the document shows them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::GroupRef;

/// A user as the administration answers show it (fields in the document's order).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub active: bool,
    pub company_id: Option<i64>,
    /// When the account was created, ms since the epoch.
    pub date_created: i64,
    pub email: String,
    pub groups: Vec<GroupRef>,
    pub id: i64,
    pub interactions_count: i64,
    #[schema(example = json!(["user"]))]
    pub roles: Vec<String>,
}

/// `PUT /v2/admin/users`. Optional here so that a missing field is a 9202 naming it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateUserRequest {
    #[schema(example = "john@example.com")]
    pub email: Option<String>,
    pub password: Option<String>,
    /// The user's company; may be given later, once.
    pub company_id: Option<i64>,
}

/// `POST /v2/admin/users/:id`: each field given is changed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateUserRequest {
    pub email: Option<String>,
    pub password: Option<String>,
    /// Settable once, on a user without a company; never changed afterwards.
    pub company_id: Option<i64>,
    pub active: Option<bool>,
}

/// A customer company with its users.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Company {
    pub id: i64,
    pub name: String,
    /// The company's own id (the document lists it next to `id`).
    pub company_id: i64,
    pub users: Vec<User>,
}

/// `PUT /v2/admin/companies`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct CompanyRequest {
    #[schema(example = "xailabs GmbH")]
    pub name: Option<String>,
}

/// A group of a company's users, with its members.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub id: i64,
    pub name: String,
    pub company_id: i64,
    pub users: Vec<User>,
}

/// `PUT /v2/admin/groups` (companyId defaults to the creator's company) and
/// `POST /v2/admin/groups/:id` (only `name`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupRequest {
    #[schema(example = "Sales dept.")]
    pub name: Option<String>,
    pub company_id: Option<i64>,
}

/// A custom field definition.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomField {
    pub id: i64,
    pub company_id: i64,
    /// Only `varchar` for now.
    #[schema(example = "varchar")]
    pub data_type: String,
    /// Only `contact` for now.
    #[schema(example = "contact")]
    pub entity_type: String,
    #[schema(example = "family status")]
    pub name: String,
}

/// `PUT /v2/admin/customFields` and `POST /v2/admin/customFields/:id` (only `name`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomFieldRequest {
    /// Defaults to the creator's company.
    pub company_id: Option<i64>,
    /// `varchar` (the default).
    pub data_type: Option<String>,
    /// `contact` (the default).
    pub entity_type: Option<String>,
    pub name: Option<String>,
}

/// A custom field value on a contact, as clients send it: `id` names a contact custom field of
/// the owner's company (else 404); `name`, if given, must be the field's name (else 409).
// `id` and `value` are required; they are read as options so that a missing one is answered
// "…id is required" (9202) naming the element, rather than as a malformed body.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct CustomFieldValueInput {
    #[schema(required = true, value_type = i64)]
    pub id: Option<i64>,
    pub name: Option<String>,
    #[schema(required = true, value_type = String, max_length = 255)]
    pub value: Option<String>,
}

/// A validated custom field value, as stored and answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CustomFieldValue {
    pub id: i64,
    pub name: String,
    pub value: String,
}

//! Contact pictures (2.5.3.1.12–17): the wire shape and the request bodies.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The type of an uploaded picture; other types (`facebook`, `google`, `gravatar`, `twitter`)
/// come from external systems and cannot be changed or deleted (9305).
pub const INTERACT: &str = "interact";

/// A contact picture as `GET /v2/pictures/:id` shows it (2.5.3.1.13). `url` of an uploaded
/// picture is `/v2/pictures/:id/raw`; of an imported one, the external url.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Picture {
    pub id: i64,
    pub is_default: bool,
    /// `interact` (uploaded), `facebook`, `google`, `gravatar` or `twitter`.
    #[serde(rename = "type")]
    pub type_: String,
    pub url: String,
}

/// A picture's state in the change journal: the wire shape and the contact it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PictureState {
    #[serde(flatten)]
    pub picture: Picture,
    pub contact_id: i64,
}

/// `PUT /v2/pictures` (contactId and base64 required) and `POST /v2/pictures/:id` (base64 and
/// isDefault optional; base64 only for uploaded pictures) bodies. `base64` is a PNG, JPEG,
/// GIF or WebP image in standard base64, with or without padding, line breaks allowed, and
/// optionally with a `data:image/…;base64,` prefix.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PictureRequest {
    pub contact_id: Option<i64>,
    pub base64: Option<String>,
    pub is_default: Option<bool>,
}

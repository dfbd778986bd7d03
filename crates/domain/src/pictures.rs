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

/// `PUT /v2/pictures`: `contactId` and `base64` are required. (`POST /v2/pictures/:id` reads
/// the same type, documented as [`PictureUpdateRequest`].) `base64` is a PNG, JPEG, GIF or
/// WebP image in standard base64, with or without padding, line breaks allowed, and
/// optionally with a `data:image/…;base64,` prefix; its pattern in the document describes the
/// PNG, JPEG and GIF images without line breaks (WebP's header is not expressible as a
/// pattern of its base64).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PictureRequest {
    #[schema(value_type = i64, required = true)]
    pub contact_id: Option<i64>,
    #[schema(value_type = String, required = true, pattern = "^(data:image/[a-z]+;base64,)?(iVBORw0KGg[o-r](=?|[A-Za-z0-9+/]([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}(==)?|[A-Za-z0-9+/]{3}=?)?)|/9j/([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}(==)?|[A-Za-z0-9+/]{3}=?)?|R0lGOD[dl]h([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}(==)?|[A-Za-z0-9+/]{3}=?)?)$")]
    pub base64: Option<String>,
    pub is_default: Option<bool>,
}

/// `POST /v2/pictures/:id`: new bytes (`base64`, uploaded pictures only) and/or `isDefault`;
/// at least one of the two not null. A `contactId`, if sent, must be the picture's contact. Only for
/// the OpenAPI document: the handler reads a [`PictureRequest`].
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PictureUpdateRequest {
    #[schema(
        pattern = "^(data:image/[a-z]+;base64,)?(iVBORw0KGg[o-r](=?|[A-Za-z0-9+/]([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}(==)?|[A-Za-z0-9+/]{3}=?)?)|/9j/([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}(==)?|[A-Za-z0-9+/]{3}=?)?|R0lGOD[dl]h([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}(==)?|[A-Za-z0-9+/]{3}=?)?)$"
    )]
    pub base64: Option<String>,
    pub is_default: Option<bool>,
}

/// The pattern of `base64` in the document (see [`PictureRequest`]).
pub const BASE64_IMAGE_PATTERN: &str = "^(data:image/[a-z]+;base64,)?(iVBORw0KGg[o-r](=?|[A-Za-z0-9+/]([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}(==)?|[A-Za-z0-9+/]{3}=?)?)|/9j/([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}(==)?|[A-Za-z0-9+/]{3}=?)?|R0lGOD[dl]h([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}(==)?|[A-Za-z0-9+/]{3}=?)?)$";

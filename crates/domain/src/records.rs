//! Notes (2.5.3.1.18–23) and deals (2.5.3.1.46–52) on the wire.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::contacts::nullable;

/// What a note belongs to, as a note answer shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NoteRelatedTo {
    pub id: i64,
    /// `contact` or `deal`.
    #[serde(rename = "type")]
    #[schema(example = "contact")]
    pub type_: String,
    /// The contact's display name or the deal's name.
    pub display_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    pub id: i64,
    /// When the note was last changed, ms since the epoch.
    pub timestamp: i64,
    #[schema(example = "deadline postponed")]
    pub message: String,
    /// Left out in the list of a contact's notes (2.5.3.1.20), as documented.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related_to: Option<NoteRelatedTo>,
}

/// `relatedTo` of a note request; `type` defaults to `contact`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct NoteTarget {
    #[schema(value_type = i64, required = true)]
    pub id: Option<i64>,
    #[serde(rename = "type")]
    #[schema(value_type = Option<crate::tasks::RelatedType>, example = "contact")]
    pub type_: Option<String>,
}

/// `PUT /v2/notes`: `message` and `relatedTo` are required. (`POST /v2/notes/:id` reads the
/// same type, documented as [`NoteUpdateRequest`].)
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NoteRequest {
    /// Not blank, at most 65,535 characters.
    #[schema(value_type = String, required = true, max_length = 65535, pattern = r"\S")]
    pub message: Option<String>,
    #[schema(value_type = NoteTarget, required = true)]
    pub related_to: Option<NoteTarget>,
}

/// `POST /v2/notes/:id`: only `message` changes, and it is required; a `relatedTo` is
/// ignored (a note stays with what it is about). Only for the OpenAPI document: the handler
/// reads a [`NoteRequest`].
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct NoteUpdateRequest {
    /// Not blank, at most 65,535 characters.
    #[schema(max_length = 65535, pattern = r"\S")]
    pub message: String,
}

/// The contact a deal belongs to, with its display name.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DealRelatedTo {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Deal {
    pub id: i64,
    #[schema(example = "Apple Deal")]
    pub name: String,
    pub value: Option<i64>,
    /// ISO 4217 code.
    #[schema(example = "USD")]
    pub currency: Option<String>,
    pub hot: bool,
    pub related_to: Option<DealRelatedTo>,
    /// One of `website`, `referral`, `word_of_mouth`, `cold_call`.
    pub source: Option<String>,
    /// One of `incoming`, `qualified`, `quote`, `closing`, `won`, `lost`, `unqualified`.
    pub stage: Option<String>,
}

/// `relatedTo` of a deal request.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct DealTarget {
    #[schema(value_type = i64, required = true)]
    pub id: Option<i64>,
}

/// `source` of a deal (only for the OpenAPI document; the service reads the text).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DealSource {
    Website,
    Referral,
    WordOfMouth,
    ColdCall,
}

/// `stage` of a deal (only for the OpenAPI document).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DealStage {
    Incoming,
    Qualified,
    Quote,
    Closing,
    Won,
    Lost,
    Unqualified,
}

/// `PUT /v2/deals`: `name` is required. (`POST /v2/deals/:id` reads the same type, documented
/// as [`DealUpdateRequest`]: fields left out keep their value and `null` clears one, but
/// `name` cannot be cleared.) `currency` is an ISO 4217 code (the document lists them; the
/// server also reads it in lower case and with blanks around it).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DealRequest {
    /// Not blank, at most 255 characters.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = String, required = true, max_length = 255, pattern = r"\S")]
    pub name: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>, minimum = 0)]
    pub value: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, example = "USD")]
    pub currency: Option<Option<String>>,
    pub hot: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<DealTarget>)]
    pub related_to: Option<Option<DealTarget>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<DealSource>)]
    pub source: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<DealStage>)]
    pub stage: Option<Option<String>>,
}

/// `POST /v2/deals/:id`: as [`DealRequest`], every field optional; `name`, when given, is not
/// null. Only for the OpenAPI document: the handler reads a [`DealRequest`].
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DealUpdateRequest {
    /// Not blank, at most 255 characters.
    #[schema(nullable = false, max_length = 255, pattern = r"\S")]
    pub name: Option<String>,
    #[schema(minimum = 0)]
    pub value: Option<i64>,
    #[schema(example = "USD")]
    pub currency: Option<String>,
    pub hot: Option<bool>,
    pub related_to: Option<DealTarget>,
    pub source: Option<DealSource>,
    pub stage: Option<DealStage>,
}

pub const DEAL_SOURCES: &[&str] = &["website", "referral", "word_of_mouth", "cold_call"];
pub const DEAL_STAGES: &[&str] = &[
    "incoming",
    "qualified",
    "quote",
    "closing",
    "won",
    "lost",
    "unqualified",
];

/// The active ISO 4217 currency codes (and the fund/metal codes of the standard's list).
pub const ISO_4217: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
    "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUC", "CUP",
    "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP",
    "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS",
    "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW",
    "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD",
    "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN",
    "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR",
    "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SLL",
    "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY",
    "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES",
    "VND", "VUV", "WST", "XAF", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XDR", "XOF",
    "XPD", "XPF", "XPT", "XSU", "XTS", "XUA", "XXX", "YER", "ZAR", "ZMW", "ZWG", "ZWL",
];

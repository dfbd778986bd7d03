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
    pub id: Option<i64>,
    #[serde(rename = "type")]
    #[schema(example = "contact")]
    pub type_: Option<String>,
}

/// `PUT /v2/notes` and `POST /v2/notes/:id` (where only `message` may change).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NoteRequest {
    pub message: Option<String>,
    pub related_to: Option<NoteTarget>,
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
    pub id: Option<i64>,
}

/// `PUT /v2/deals` and `POST /v2/deals/:id`. On update, fields left out keep their value and
/// `null` clears one (`name` cannot be cleared).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DealRequest {
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub name: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    pub value: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub currency: Option<Option<String>>,
    pub hot: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<DealTarget>)]
    pub related_to: Option<Option<DealTarget>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub source: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub stage: Option<Option<String>>,
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

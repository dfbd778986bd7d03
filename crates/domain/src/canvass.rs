//! Canvass interactions (spec/000): the wire types, the validation of `data`, and the parsing of
//! a list's `filter`/`skip`/`limit`/`sort` parameters.
//!
//! Keys are serialized in the order the document's examples show them (PostgreSQL `jsonb`
//! order: shorter keys first, then bytewise), so answers look like the examples.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};
use utoipa::ToSchema;
use uuid::Uuid;

/// The largest `limit` (and `skip`) a list accepts: 2^53 − 1, JavaScript's largest safe
/// integer, which the document's example request sends.
pub const MAX_LIMIT: i64 = 9_007_199_254_740_991;

/// Longest string accepted for free-text and identifier attributes.
pub const MAX_TEXT: usize = 1024;

/// `data` of a canvass interaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CanvassData {
    pub survey: Survey,
    /// Identifier of the turf under which the contact resides (a string or an integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Identifier>)]
    pub turf_id: Option<Value>,
    /// Miles between the canvasser and the household.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>, minimum = 0)]
    pub distance: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Identifier of the status of this interaction (a string or an integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Identifier>)]
    pub status_id: Option<Value>,
    #[schema(
        example = "0478dbbf-b6eb-4168-afa9-5ebab6fef4b6",
        pattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
    )]
    pub contact_id: String,
    /// RFC 3339, as sent.
    #[schema(example = "2018-07-17T18:40:53.526Z", format = DateTime)]
    pub timestamp: String,
    #[schema(
        example = "61fbfbaa-5de8-4d17-ac2b-c47f2376265a",
        pattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
    )]
    pub campaign_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successful: Option<bool>,
    /// Identifier of the walklist route (a string or an integer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Identifier>)]
    pub walklist_id: Option<Value>,
    #[schema(
        pattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
    )]
    pub household_id: String,
    pub unavailable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 1024)]
    pub unavailable_reason: Option<String>,
    #[schema(
        pattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
    )]
    pub contact_household_id: String,
}

/// An identifier of the canvassing system that the document does not type: a string of 1 to
/// 1,024 characters or an integer, kept as sent. Only for the OpenAPI document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Identifier {
    Integer(i64),
    /// 1 to 1,024 characters (stated in the document by `openapi::rules`).
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Survey {
    #[schema(
        pattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
    )]
    pub survey_id: String,
    /// Responses keyed by question id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responses: Option<BTreeMap<String, SurveyResponse>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SurveyResponse {
    #[schema(value_type = Object)]
    pub fields: Map<String, Value>,
    /// The question answered; the document's examples repeat the key the response is filed
    /// under, and it is kept as sent.
    #[schema(
        pattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
    )]
    pub question_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Location {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>, minimum = -90, maximum = 90)]
    pub lat: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>, minimum = -180, maximum = 180)]
    pub lng: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>, minimum = 0)]
    pub confidence: Option<Number>,
}

/// `meta` of a canvass interaction.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CanvassMeta {
    pub etag: String,
    /// RFC 3339 with milliseconds, UTC.
    #[schema(example = "2019-04-22T19:43:06.475Z")]
    pub created: String,
    pub modified: String,
    /// Always `interactions`.
    pub resource: String,
    /// UUID of the user who created it.
    pub created_by: String,
    pub is_deleted: bool,
    pub modified_by: String,
}

/// A canvass interaction, as get, create and patch answer it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CanvassInteraction {
    pub id: String,
    pub data: CanvassData,
    pub meta: CanvassMeta,
    /// UUID of the company.
    pub customer_id: String,
    /// UUID of the security group.
    pub security_group_id: String,
}

/// `GET /v2/interactions?…`: `{"data":[…],"meta":{}}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CanvassList {
    pub data: Vec<CanvassInteraction>,
    #[schema(value_type = Object)]
    pub meta: Map<String, Value>,
}

/// `PATCH /v2/interactions/{id}` body: RFC 6902 operations on `data`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CanvassPatch {
    #[schema(value_type = Vec<Object>)]
    pub data: Vec<Value>,
}

/// What is wrong with a request, before it becomes an error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A required value is missing.
    Missing(String),
    /// A value is present but invalid.
    Invalid(String),
    /// A value is too long.
    TooLong(String),
}

impl Problem {
    pub fn message(&self) -> &str {
        match self {
            Problem::Missing(m) | Problem::Invalid(m) | Problem::TooLong(m) => m,
        }
    }
}

type Checked<T> = Result<T, Problem>;

/// Whether attributes the document does not define are refused (a patch) or dropped (a
/// create, like every other body: clients send extra fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    Drop,
    Refuse,
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn object<'a>(v: &'a Value, name: &str) -> Checked<&'a Map<String, Value>> {
    v.as_object()
        .ok_or_else(|| Problem::Invalid(format!("{name} must be an object")))
}

fn check_known(
    m: &Map<String, Value>,
    prefix: &str,
    known: &[&str],
    unknown: Unknown,
) -> Checked<()> {
    if unknown == Unknown::Refuse {
        if let Some(k) = m.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(Problem::Invalid(format!(
                "{} is not an attribute of a canvass interaction",
                join(prefix, k)
            )));
        }
    }
    Ok(())
}

/// The value of a key, with `null` taken as absent.
fn present<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    m.get(key).filter(|v| !v.is_null())
}

/// Parses a UUID in any form the uuid crate reads; returns it lower-case hyphenated.
pub fn parse_uuid(s: &str) -> Option<String> {
    if s.len() != 36 {
        return None;
    }
    Uuid::try_parse(s).ok().map(|u| u.hyphenated().to_string())
}

fn uuid_field(m: &Map<String, Value>, prefix: &str, key: &str) -> Checked<String> {
    let name = join(prefix, key);
    match present(m, key) {
        None => Err(Problem::Missing(format!("{name} is required"))),
        Some(Value::String(s)) => {
            if parse_uuid(s).is_some() {
                Ok(s.clone())
            } else {
                Err(Problem::Invalid(format!("{name}: {s:?} is not a UUID")))
            }
        }
        Some(other) => Err(Problem::Invalid(format!(
            "{name} must be a UUID string, not {}",
            kind(other)
        ))),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn opt_bool(m: &Map<String, Value>, prefix: &str, key: &str) -> Checked<Option<bool>> {
    match present(m, key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => Err(Problem::Invalid(format!(
            "{} must be a boolean, not {}",
            join(prefix, key),
            kind(other)
        ))),
    }
}

fn opt_number(
    m: &Map<String, Value>,
    prefix: &str,
    key: &str,
    range: (f64, f64),
) -> Checked<Option<Number>> {
    let name = join(prefix, key);
    match present(m, key) {
        None => Ok(None),
        Some(Value::Number(n)) => match n.as_f64() {
            // Kept as sent (0 stays 0, not 0.0).
            Some(x) if x.is_finite() && x >= range.0 && x <= range.1 => Ok(Some(n.clone())),
            _ => Err(Problem::Invalid(format!(
                "{name} must be between {} and {}, not {n}",
                range.0, range.1
            ))),
        },
        Some(other) => Err(Problem::Invalid(format!(
            "{name} must be a number, not {}",
            kind(other)
        ))),
    }
}

fn opt_text(m: &Map<String, Value>, prefix: &str, key: &str) -> Checked<Option<String>> {
    let name = join(prefix, key);
    match present(m, key) {
        None => Ok(None),
        Some(Value::String(s)) if s.chars().count() > MAX_TEXT => Err(Problem::TooLong(format!(
            "{name} must be at most {MAX_TEXT} characters"
        ))),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(Problem::Invalid(format!(
            "{name} must be a string, not {}",
            kind(other)
        ))),
    }
}

/// An identifier of the canvassing system that the document does not type: a non-empty
/// string or an integer, kept as sent.
fn opt_identifier(m: &Map<String, Value>, prefix: &str, key: &str) -> Checked<Option<Value>> {
    let name = join(prefix, key);
    match present(m, key) {
        None => Ok(None),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Some(Value::Number(n.clone()))),
        // `49.0` is an integer in JSON Schema 2020-12 (and so in the OpenAPI document): kept
        // as the integer it is.
        Some(Value::Number(n))
            if n.as_f64().is_some_and(|f| {
                f.fract() == 0.0
                    && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f)
            }) =>
        {
            Ok(n.as_f64().map(|f| Value::from(f as i64)))
        }
        Some(Value::String(s)) if s.is_empty() => {
            Err(Problem::Invalid(format!("{name} must not be empty")))
        }
        Some(Value::String(s)) if s.chars().count() > MAX_TEXT => Err(Problem::TooLong(format!(
            "{name} must be at most {MAX_TEXT} characters"
        ))),
        Some(Value::String(s)) => Ok(Some(Value::String(s.clone()))),
        Some(other) => Err(Problem::Invalid(format!(
            "{name} must be a string or an integer, not {}",
            kind(other)
        ))),
    }
}

/// Milliseconds since the epoch of an RFC 3339 time.
pub fn parse_rfc3339_ms(s: &str) -> Option<i64> {
    let t = time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()?;
    i64::try_from(t.unix_timestamp_nanos().div_euclid(1_000_000)).ok()
}

/// RFC 3339 in UTC with milliseconds, as the document writes `meta.created`:
/// `2019-04-22T19:43:06.475Z`.
pub fn format_rfc3339_ms(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// The indexed attributes of valid `data`: normalized UUIDs and the timestamp in ms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indexed {
    pub campaign_id: String,
    pub contact_id: String,
    pub household_id: String,
    pub contact_household_id: String,
    pub timestamp_ms: i64,
}

impl CanvassData {
    /// The attributes lists filter and sort on. Only valid data (from `validate_data`) is
    /// stored, so the UUIDs and the timestamp parse; a failure here is reported, not assumed.
    pub fn indexed(&self) -> Checked<Indexed> {
        let id = |name: &str, v: &str| {
            parse_uuid(v).ok_or_else(|| Problem::Invalid(format!("{name}: {v:?} is not a UUID")))
        };
        Ok(Indexed {
            campaign_id: id("campaignId", &self.campaign_id)?,
            contact_id: id("contactId", &self.contact_id)?,
            household_id: id("householdId", &self.household_id)?,
            contact_household_id: id("contactHouseholdId", &self.contact_household_id)?,
            timestamp_ms: parse_rfc3339_ms(&self.timestamp).ok_or_else(|| {
                Problem::Invalid(format!(
                    "timestamp: {:?} is not an RFC 3339 time",
                    self.timestamp
                ))
            })?,
        })
    }
}

const DATA_KEYS: &[&str] = &[
    "campaignId",
    "contactId",
    "householdId",
    "contactHouseholdId",
    "timestamp",
    "survey",
    "location",
    "successful",
    "unavailable",
    "unavailableReason",
    "distance",
    "statusId",
    "walklistId",
    "turfId",
];

/// Checks `data` against the document's table (required attributes, types, ranges) and
/// returns it in its stored form.
pub fn validate_data(v: &Value, unknown: Unknown) -> Checked<CanvassData> {
    let m = object(v, "data")?;
    check_known(m, "", DATA_KEYS, unknown)?;
    let campaign_id = uuid_field(m, "", "campaignId")?;
    let contact_id = uuid_field(m, "", "contactId")?;
    let household_id = uuid_field(m, "", "householdId")?;
    let contact_household_id = uuid_field(m, "", "contactHouseholdId")?;
    let timestamp = match present(m, "timestamp") {
        None => return Err(Problem::Missing("timestamp is required".into())),
        Some(Value::String(s)) if parse_rfc3339_ms(s).is_some() => s.clone(),
        Some(Value::String(s)) => {
            return Err(Problem::Invalid(format!(
                "timestamp: {s:?} is not an RFC 3339 time (like 2018-07-17T18:40:53.526Z)"
            )))
        }
        Some(other) => {
            return Err(Problem::Invalid(format!(
                "timestamp must be an RFC 3339 string, not {}",
                kind(other)
            )))
        }
    };
    let survey = match present(m, "survey") {
        None => return Err(Problem::Missing("survey is required".into())),
        Some(s) => validate_survey(s, unknown)?,
    };
    let unavailable = match present(m, "unavailable") {
        None => return Err(Problem::Missing("unavailable is required".into())),
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            return Err(Problem::Invalid(format!(
                "unavailable must be a boolean, not {}",
                kind(other)
            )))
        }
    };
    let location = match present(m, "location") {
        None => None,
        Some(l) => {
            let lm = object(l, "location")?;
            check_known(lm, "location", &["lat", "lng", "confidence"], unknown)?;
            Some(Location {
                lat: opt_number(lm, "location", "lat", (-90.0, 90.0))?,
                lng: opt_number(lm, "location", "lng", (-180.0, 180.0))?,
                confidence: opt_number(lm, "location", "confidence", (0.0, f64::MAX))?,
            })
        }
    };
    Ok(CanvassData {
        survey,
        turf_id: opt_identifier(m, "", "turfId")?,
        distance: opt_number(m, "", "distance", (0.0, f64::MAX))?,
        location,
        status_id: opt_identifier(m, "", "statusId")?,
        contact_id,
        timestamp,
        campaign_id,
        successful: opt_bool(m, "", "successful")?,
        walklist_id: opt_identifier(m, "", "walklistId")?,
        household_id,
        unavailable,
        unavailable_reason: opt_text(m, "", "unavailableReason")?,
        contact_household_id,
    })
}

fn validate_survey(v: &Value, unknown: Unknown) -> Checked<Survey> {
    let m = object(v, "survey")?;
    check_known(m, "survey", &["surveyId", "responses"], unknown)?;
    let survey_id = uuid_field(m, "survey", "surveyId")?;
    let responses = match present(m, "responses") {
        None => None,
        Some(r) => {
            let rm = object(r, "survey.responses")?;
            let mut out = BTreeMap::new();
            for (key, resp) in rm {
                let prefix = format!("survey.responses.{key}");
                if parse_uuid(key).is_none() {
                    return Err(Problem::Invalid(format!(
                        "survey.responses: key {key:?} is not a question id (a UUID)"
                    )));
                }
                let m = object(resp, &prefix)?;
                check_known(m, &prefix, &["fields", "questionId"], unknown)?;
                // Kept as sent: the key files the response; the document's examples repeat it
                // in `questionId`, and nothing states that the two must agree.
                let question_id = uuid_field(m, &prefix, "questionId")?;
                let fields = match present(m, "fields") {
                    None => return Err(Problem::Missing(format!("{prefix}.fields is required"))),
                    Some(f) => object(f, &format!("{prefix}.fields"))?.clone(),
                };
                out.insert(
                    key.clone(),
                    SurveyResponse {
                        fields,
                        question_id,
                    },
                );
            }
            Some(out)
        }
    };
    Ok(Survey {
        survey_id,
        responses,
    })
}

/// A create body: the data (at the top level, as the document's example sends it, or under
/// `data`) and the security group the caller names, if any.
pub fn split_create_body(body: &Value) -> Checked<(&Value, Option<String>)> {
    let m = object(body, "request body")?;
    let data = match m.get("data") {
        Some(d @ Value::Object(_)) if !m.contains_key("campaignId") => d,
        _ => body,
    };
    let group = match present(m, "securityGroupId") {
        None => None,
        Some(Value::String(s)) => Some(
            parse_uuid(s)
                .ok_or_else(|| Problem::Invalid(format!("securityGroupId: {s:?} is not a UUID")))?,
        ),
        Some(other) => {
            return Err(Problem::Invalid(format!(
                "securityGroupId must be a UUID string, not {}",
                kind(other)
            )))
        }
    };
    Ok((data, group))
}

/// The attributes a list may filter on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKey {
    CampaignId,
    ContactId,
    HouseholdId,
    ContactHouseholdId,
}

impl FilterKey {
    pub fn parse(pointer: &str) -> Option<FilterKey> {
        match pointer {
            "/data/campaignId" => Some(FilterKey::CampaignId),
            "/data/contactId" => Some(FilterKey::ContactId),
            "/data/householdId" => Some(FilterKey::HouseholdId),
            "/data/contactHouseholdId" => Some(FilterKey::ContactHouseholdId),
            _ => None,
        }
    }
}

/// The keys a list may sort on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Id,
    Timestamp,
    Created,
    Modified,
}

impl SortKey {
    pub fn parse(name: &str) -> Option<SortKey> {
        match name {
            "id" | "/id" | "/data/id" => Some(SortKey::Id),
            "timestamp" | "/data/timestamp" => Some(SortKey::Timestamp),
            "created" | "/meta/created" => Some(SortKey::Created),
            "modified" | "/meta/modified" => Some(SortKey::Modified),
            _ => None,
        }
    }
}

/// A list request, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListParams {
    /// Normalized UUIDs.
    pub filters: Vec<(FilterKey, String)>,
    pub skip: i64,
    /// `None`: to the end.
    pub limit: Option<i64>,
    pub sort: SortKey,
    pub descending: bool,
}

const ALLOWED_FILTERS: &str =
    "/data/campaignId, /data/contactId, /data/householdId, /data/contactHouseholdId";

/// Whether a query parameter is one of a canvass list's (`filter`, `filter[…]`, `skip`,
/// `limit`, `sort`): such a request is a canvass list, not an interact.io one.
pub fn is_list_param(name: &str) -> bool {
    matches!(name, "filter" | "skip" | "limit" | "sort") || name.starts_with("filter[")
}

fn add_filter(filters: &mut Vec<(FilterKey, String)>, pointer: &str, value: &Value) -> Checked<()> {
    let key = FilterKey::parse(pointer).ok_or_else(|| {
        Problem::Invalid(format!(
            "filter on {pointer:?} is not allowed; allowed attributes: {ALLOWED_FILTERS}"
        ))
    })?;
    let Value::String(s) = value else {
        return Err(Problem::Invalid(format!(
            "filter {pointer} must be a UUID string, not {}",
            kind(value)
        )));
    };
    let id = parse_uuid(s)
        .ok_or_else(|| Problem::Invalid(format!("filter {pointer}: {s:?} is not a UUID")))?;
    if filters.iter().any(|(k, _)| *k == key) {
        return Err(Problem::Invalid(format!("filter {pointer} is given twice")));
    }
    filters.push((key, id));
    Ok(())
}

fn count(name: &str, v: &str) -> Checked<i64> {
    match crate::numbers::decimal(v) {
        Some(n) if (0..=MAX_LIMIT).contains(&n) => Ok(n),
        _ => Err(Problem::Invalid(format!(
            "{name} must be an integer from 0 to {MAX_LIMIT}, not {v:?}"
        ))),
    }
}

/// Parses the decoded query parameters of a list. Parameters of other purposes (`callback`,
/// `authToken`) are left alone.
pub fn parse_list_params(pairs: &[(String, String)]) -> Checked<ListParams> {
    let mut filters = Vec::new();
    let mut skip = None;
    let mut limit = None;
    let mut sorts: Vec<String> = Vec::new();
    for (name, value) in pairs {
        if let Some(rest) = name.strip_prefix("filter[") {
            let pointer = rest.strip_suffix(']').ok_or_else(|| {
                Problem::Invalid(format!(
                    "query parameter {name:?} is not filter[<attribute>]"
                ))
            })?;
            add_filter(&mut filters, pointer, &Value::String(value.clone()))?;
            continue;
        }
        match name.as_str() {
            "filter" => {
                let text = value.trim();
                if text.is_empty() {
                    continue;
                }
                // The document's example writes the object's inside without braces.
                let text = if text.starts_with('{') {
                    text.to_string()
                } else {
                    format!("{{{text}}}")
                };
                let parsed: Value = serde_json::from_str(&text).map_err(|e| {
                    Problem::Invalid(format!(
                        "filter must be a JSON object like {{\"/data/campaignId\":\"<uuid>\"}}: {e}"
                    ))
                })?;
                let Value::Object(m) = parsed else {
                    return Err(Problem::Invalid("filter must be a JSON object".into()));
                };
                for (pointer, v) in &m {
                    add_filter(&mut filters, pointer, v)?;
                }
            }
            "skip" => {
                let n = count("skip", value)?;
                if skip.replace(n).is_some() {
                    return Err(Problem::Invalid("skip is given twice".into()));
                }
            }
            "limit" => {
                let n = count("limit", value)?;
                if limit.replace(n).is_some() {
                    return Err(Problem::Invalid("limit is given twice".into()));
                }
            }
            "sort" => {
                let v = value.trim();
                if v.starts_with('[') {
                    let arr: Vec<String> = serde_json::from_str(v).map_err(|e| {
                        Problem::Invalid(format!("sort must be like [\"/data/id\",\"ASC\"]: {e}"))
                    })?;
                    sorts.extend(arr);
                } else {
                    sorts.push(v.to_string());
                }
            }
            _ => {}
        }
    }
    let (sort, descending) = parse_sort(&sorts)?;
    Ok(ListParams {
        filters,
        skip: skip.unwrap_or(0),
        limit,
        sort,
        descending,
    })
}

fn parse_sort(values: &[String]) -> Checked<(SortKey, bool)> {
    let supported = "id, /data/id, timestamp, /data/timestamp, created, /meta/created, \
                     modified, /meta/modified";
    let direction = |d: &str| match d.to_ascii_uppercase().as_str() {
        "ASC" => Ok(false),
        "DESC" => Ok(true),
        _ => Err(Problem::Invalid(format!(
            "sort direction {d:?} is not supported; use ASC or DESC"
        ))),
    };
    match values {
        [] => Ok((SortKey::Id, false)),
        [field] | [field, _] => {
            let key = SortKey::parse(field).ok_or_else(|| {
                Problem::Invalid(format!(
                    "sort on {field:?} is not supported; sort on one of {supported}"
                ))
            })?;
            let descending = match values.get(1) {
                Some(d) => direction(d)?,
                None => false,
            };
            Ok((key, descending))
        }
        _ => Err(Problem::Invalid(format!(
            "sort takes one attribute and a direction (sort=/data/id&sort=ASC), not {values:?}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The document's example request body (shared with the HTTP tests).
    fn example() -> Value {
        serde_json::from_str(include_str!("../../../tests/api/data/canvass_example.json")).unwrap()
    }

    #[test]
    fn keeps_the_documented_key_order() {
        let d = validate_data(&example(), Unknown::Drop).unwrap();
        let text = serde_json::to_string(&d).unwrap();
        let keys: Vec<&str> = [
            "survey",
            "location",
            "contactId",
            "timestamp",
            "campaignId",
            "successful",
            "householdId",
            "unavailable",
            "unavailableReason",
            "contactHouseholdId",
        ]
        .to_vec();
        let positions: Vec<usize> = keys
            .iter()
            .map(|k| text.find(&format!("\"{k}\"")).unwrap())
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
        assert!(text.contains("\"confidence\":0}"), "{text}");
    }

    #[test]
    fn required_and_types() {
        for key in [
            "campaignId",
            "contactId",
            "householdId",
            "contactHouseholdId",
            "timestamp",
            "survey",
            "unavailable",
        ] {
            let mut v = example();
            v.as_object_mut().unwrap().remove(key);
            assert_eq!(
                validate_data(&v, Unknown::Drop),
                Err(Problem::Missing(format!("{key} is required")))
            );
        }
        let mut v = example();
        v["campaignId"] = json!("nope");
        assert!(
            matches!(validate_data(&v, Unknown::Drop), Err(Problem::Invalid(m)) if m.contains("campaignId"))
        );
        let mut v = example();
        v["location"]["lat"] = json!(91);
        assert!(validate_data(&v, Unknown::Drop).is_err());
        let mut v = example();
        v["unavailable"] = json!("true");
        assert!(validate_data(&v, Unknown::Drop).is_err());
        let mut v = example();
        v["extra"] = json!(1);
        assert!(validate_data(&v, Unknown::Drop).is_ok());
        assert!(validate_data(&v, Unknown::Refuse).is_err());
    }

    /// What the OpenAPI document admits is accepted: an identifier written `-217.0` (an
    /// integer in JSON Schema) is the integer; a response filed under its question id in
    /// another case is filed under its own id.
    #[test]
    fn integral_identifiers_and_keys_in_any_case() {
        let mut v = example();
        v["statusId"] = json!(-217.0);
        let key = "9826940D-76A8-4700-8C92-5743CE7BB728";
        v["survey"]["responses"] = json!({
            key: {"fields": {}, "questionId": key.to_lowercase()}
        });
        let d = validate_data(&v, Unknown::Refuse).unwrap();
        assert_eq!(d.status_id, Some(json!(-217)));
        v["statusId"] = json!(-217.5);
        assert!(validate_data(&v, Unknown::Refuse).is_err());
    }

    #[test]
    fn times() {
        assert_eq!(
            parse_rfc3339_ms("2019-04-22T19:43:06.475Z"),
            Some(1_555_962_186_475)
        );
        assert_eq!(
            format_rfc3339_ms(1_555_962_186_475),
            "2019-04-22T19:43:06.475Z"
        );
        assert_eq!(format_rfc3339_ms(0), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn list_params() {
        let pairs = |q: &[(&str, &str)]| {
            q.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect::<Vec<_>>()
        };
        let p = parse_list_params(&pairs(&[
            (
                "filter[/data/campaignId]",
                "61FBFBAA-5de8-4d17-ac2b-c47f2376265a",
            ),
            ("skip", "0"),
            ("limit", "9007199254740991"),
            ("sort", "/data/id"),
            ("sort", "ASC"),
        ]))
        .unwrap();
        assert_eq!(
            p.filters,
            vec![(
                FilterKey::CampaignId,
                "61fbfbaa-5de8-4d17-ac2b-c47f2376265a".to_string()
            )]
        );
        assert_eq!(p.limit, Some(MAX_LIMIT));
        let p = parse_list_params(&pairs(&[(
            "filter",
            r#""/data/contactId": "0478dbbf-b6eb-4168-afa9-5ebab6fef4b6""#,
        )]))
        .unwrap();
        assert_eq!(p.filters[0].0, FilterKey::ContactId);
        assert!(parse_list_params(&pairs(&[("filter[/data/timestamp]", "x")])).is_err());
        assert!(parse_list_params(&pairs(&[("skip", "-1")])).is_err());
        assert!(parse_list_params(&pairs(&[("limit", "9007199254740992")])).is_err());
        assert!(parse_list_params(&pairs(&[("sort", "/data/foo")])).is_err());
        assert!(parse_list_params(&pairs(&[("sort", "id"), ("sort", "UP")])).is_err());
        let p = parse_list_params(&pairs(&[("sort", r#"["timestamp","desc"]"#)])).unwrap();
        assert_eq!((p.sort, p.descending), (SortKey::Timestamp, true));
    }
}

//! Import from external systems (2.5.3.2.3–4): the request and answer bodies, and the neutral
//! contact every connector (Google People API, vCard, Google Contacts CSV) reads into.
//!
//! The neutral types speak the document's vocabulary (basicInfo `type` and `subtype`, `title`,
//! `firstName`, `profession`, …), so turning an imported contact into a person contact is a
//! field-by-field copy. The mapping tables from each source are in `docs/decisions.md`
//! ("Import connectors").

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The external systems the server imports from; the wire names of `externalSystem`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExternalSystem {
    /// The Google People API; `password` carries an OAuth access token.
    Google,
    /// A vCard 3.0 or 4.0 file, its text in `content`.
    Vcard,
    /// A Google Contacts CSV export, its text in `content`.
    Csv,
}

impl ExternalSystem {
    pub const ALL: [ExternalSystem; 3] = [
        ExternalSystem::Google,
        ExternalSystem::Vcard,
        ExternalSystem::Csv,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExternalSystem::Google => "google",
            ExternalSystem::Vcard => "vcard",
            ExternalSystem::Csv => "csv",
        }
    }

    /// The system named `name`, in any case (`google`, `Google`).
    pub fn parse(name: &str) -> Option<ExternalSystem> {
        ExternalSystem::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(name))
    }
}

/// The body of `POST /v2/import?cmd=getContactGroups` and `?cmd=importContacts`. Fields are
/// optional here so that a missing one is answered with a 9202 naming it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportRequest {
    /// `google`, `vcard` or `csv`.
    #[schema(example = "google")]
    pub external_system: Option<String>,
    /// The account at the external system (reported back as `externalSystemAccount`).
    #[schema(example = "john.doe@googlemail.com")]
    pub username: Option<String>,
    /// For `google`: an OAuth 2.0 access token with the contacts.readonly scope.
    pub password: Option<String>,
    /// For `vcard` and `csv`: the file's text.
    pub content: Option<String>,
}

/// One contact group of the external system (2.5.3.2.3); `externalId` is what
/// `importContacts` takes in `groupIds`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExternalContactGroup {
    pub external_id: String,
    pub name: String,
    /// How many contacts the group holds, where the source tells.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub member_count: Option<u64>,
}

/// The answer of `importContacts` (2.5.3.2.4): ids of the contacts (and import contacts) the
/// run failed, created, updated and deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportResult {
    pub external_system: String,
    pub external_system_account: String,
    /// When the import ran (ms since the epoch); the next import's default `updated-min`.
    pub import_time: i64,
    /// Ids of import contacts: records kept apart, not as contacts, because they failed the
    /// `…Required` rules or carry neither a first or last name nor an organization name.
    pub failed: Vec<i64>,
    /// Ids of the contacts this import created.
    pub created: Vec<i64>,
    /// Ids of contacts an earlier import created that this one matched (by external id) and
    /// brought up to date; unchanged ones are listed too.
    pub updated: Vec<i64>,
    /// Ids of contacts deleted because the source deleted them.
    pub deleted: Vec<i64>,
    /// Beside the document's fields: records that could not be imported at all (unreadable,
    /// or breaking the contact rules, such as a value over 255 characters), with the reason.
    #[serde(default)]
    pub unreadable: Vec<ImportFailure>,
}

/// The document's basicInfo `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum BasicInfoType {
    Email,
    Fax,
    Mobile,
    Phone,
    Website,
}

impl BasicInfoType {
    pub fn as_str(self) -> &'static str {
        match self {
            BasicInfoType::Email => "email",
            BasicInfoType::Fax => "fax",
            BasicInfoType::Mobile => "mobile",
            BasicInfoType::Phone => "phone",
            BasicInfoType::Website => "website",
        }
    }
}

/// The document's basicInfo `subtype`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum BasicInfoSubtype {
    Home,
    Work,
    Other,
}

impl BasicInfoSubtype {
    pub fn as_str(self) -> &'static str {
        match self {
            BasicInfoSubtype::Home => "home",
            BasicInfoSubtype::Work => "work",
            BasicInfoSubtype::Other => "other",
        }
    }
}

/// An email address, phone or fax number, or website of an imported contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportedBasicInfo {
    #[serde(rename = "type")]
    pub kind: BasicInfoType,
    /// None where the source gives no home/work/other distinction (or a custom label).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub subtype: Option<BasicInfoSubtype>,
    pub value: String,
    /// The source's own label when it is not one the mapping knows (`"Assistant"`, `"Boat"`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
}

/// A postal address of an imported contact. Empty parts are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ImportedAddress {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub subtype: Option<BasicInfoSubtype>,
    /// Street and house number (the first line of the street).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[serde(alias = "addressLine1")]
    pub addressline1: Option<String>,
    /// Further street lines, or the extended address (apartment, suite).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[serde(alias = "addressLine2")]
    pub addressline2: Option<String>,
    /// The post office box.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[serde(alias = "addressLine3")]
    pub addressline3: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub zip: Option<String>,
    /// Region, state or province.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub country: Option<String>,
}

impl ImportedAddress {
    pub fn is_empty(&self) -> bool {
        [
            &self.addressline1,
            &self.addressline2,
            &self.addressline3,
            &self.city,
            &self.zip,
            &self.state,
            &self.country,
        ]
        .iter()
        .all(|p| p.is_none())
    }
}

/// A person contact as an external system holds it, in the document's vocabulary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportedContact {
    /// Stable across imports of the same account: re-imports match on it (see
    /// `docs/decisions.md` for how vCard and CSV, which may have no id, derive one).
    pub external_id: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub middle_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub organization_name: Option<String>,
    /// The job title.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub profession: Option<String>,
    #[serde(default)]
    pub basic_infos: Vec<ImportedBasicInfo>,
    #[serde(default)]
    pub addresses: Vec<ImportedAddress>,
    /// External ids of the groups the contact belongs to (as `getContactGroups` lists them).
    #[serde(default)]
    pub group_ids: Vec<String>,
    /// URLs of the contact's pictures at the source (stored as pictures of the source's type).
    #[serde(default)]
    pub photo_urls: Vec<String>,
    /// When the source last changed the contact, in ms since the epoch, where it tells.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub updated: Option<i64>,
    /// The source reports the contact as deleted; only `external_id` is meaningful then.
    #[serde(default)]
    pub deleted: bool,
}

impl ImportedContact {
    /// A contact carries a name when its first, middle or last name is set (the
    /// `nameRequired` rule; a title alone is no name).
    pub fn has_name(&self) -> bool {
        self.first_name.is_some() || self.last_name.is_some() || self.middle_name.is_some()
    }

    pub fn has_phone(&self) -> bool {
        self.basic_infos.iter().any(|b| {
            matches!(
                b.kind,
                BasicInfoType::Phone | BasicInfoType::Mobile | BasicInfoType::Fax
            )
        })
    }

    pub fn has_email(&self) -> bool {
        self.basic_infos
            .iter()
            .any(|b| b.kind == BasicInfoType::Email)
    }

    /// Nothing worth importing: no name, organization, basicInfo or address.
    pub fn is_empty(&self) -> bool {
        !self.has_name()
            && self.organization_name.is_none()
            && self.basic_infos.is_empty()
            && self.addresses.is_empty()
    }
}

/// A record of the source that could not be read; the rest of the import goes on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportFailure {
    /// Position of the record in the source, from 0 (the n-th vCard, CSV data row, or
    /// contact of the Google listing).
    pub index: usize,
    /// Line of the text where the record starts (vCard, CSV), from 1.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line: Option<u64>,
    /// The record's id, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub external_id: Option<String>,
    pub reason: String,
}

/// The two answers of `POST /v2/import`: `cmd=getContactGroups` answers the groups,
/// `cmd=importContacts` the result. Only for the OpenAPI document.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum ImportAnswer {
    Groups(Vec<ExternalContactGroup>),
    Result(ImportResult),
}

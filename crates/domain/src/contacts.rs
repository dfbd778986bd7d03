//! Contacts (2.5.3.1.2–2.5.3.1.11), their basicInfos (2.5.3.1.32–33), profiles, tags and
//! search terms: the wire shapes, the request bodies and their pure validation.

use std::fmt;
use std::sync::Arc;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use utoipa::ToSchema;

/// Longest name, title, profession, business, basicInfo value and address line.
pub const MAX_TEXT: usize = 255;
/// Longest basicInfo identifier, tag and profile username.
pub const MAX_SHORT: usize = 64;
/// Longest profile url.
pub const MAX_URL: usize = 2048;
/// Most basicInfos, addresses, tags and related contacts one contact may carry.
pub const MAX_BASIC_INFOS: usize = 100;
pub const MAX_ADDRESSES: usize = 20;
pub const MAX_TAGS: usize = 100;
pub const MAX_RELATED: usize = 1000;
/// Most ids one `DELETE /v2/contacts?ids=` may name.
pub const MAX_DELETE_IDS: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ContactType {
    Person,
    Organization,
}

impl ContactType {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactType::Person => "person",
            ContactType::Organization => "organization",
        }
    }

    pub fn parse(s: &str) -> Option<ContactType> {
        match s {
            "person" => Some(ContactType::Person),
            "organization" => Some(ContactType::Organization),
            _ => None,
        }
    }
}

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
    pub const ALL: [BasicInfoType; 5] = [
        BasicInfoType::Email,
        BasicInfoType::Fax,
        BasicInfoType::Mobile,
        BasicInfoType::Phone,
        BasicInfoType::Website,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BasicInfoType::Email => "email",
            BasicInfoType::Fax => "fax",
            BasicInfoType::Mobile => "mobile",
            BasicInfoType::Phone => "phone",
            BasicInfoType::Website => "website",
        }
    }

    pub fn parse(s: &str) -> Option<BasicInfoType> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Phone, mobile and fax numbers are matched in normalized form.
    pub fn is_number(self) -> bool {
        matches!(
            self,
            BasicInfoType::Fax | BasicInfoType::Mobile | BasicInfoType::Phone
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Subtype {
    Home,
    Work,
    Other,
}

impl Subtype {
    pub fn as_str(self) -> &'static str {
        match self {
            Subtype::Home => "home",
            Subtype::Work => "work",
            Subtype::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Subtype> {
        match s {
            "home" => Some(Subtype::Home),
            "work" => Some(Subtype::Work),
            "other" => Some(Subtype::Other),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum Gender {
    #[serde(rename = "m")]
    M,
    #[serde(rename = "f")]
    F,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::M => "m",
            Gender::F => "f",
        }
    }

    pub fn parse(s: &str) -> Option<Gender> {
        match s {
            "m" => Some(Gender::M),
            "f" => Some(Gender::F),
            _ => None,
        }
    }
}

/// A list of ids, sent by the document's base projection as a comma-separated string
/// (`"12,31"`; empty: `""`) and read from a request as that string or as an array of integers.
#[derive(Debug, Clone, Default, PartialEq, Eq, ToSchema)]
#[schema(value_type = String, example = "12,31")]
pub struct IdList(pub Vec<i64>);

impl Serialize for IdList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text: Vec<String> = self.0.iter().map(i64::to_string).collect();
        s.serialize_str(&text.join(","))
    }
}

impl<'de> Deserialize<'de> for IdList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = IdList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array of integer ids or a comma-separated string of ids")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IdList, E> {
                parse_id_csv(v).map(IdList).map_err(E::custom)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<IdList, A::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element::<i64>()? {
                    ids.push(id);
                }
                Ok(IdList(ids))
            }
        }
        d.deserialize_any(V)
    }
}

/// Parses `1,3,45`: integers separated by commas, blanks around them allowed.
pub fn parse_id_csv(v: &str) -> Result<Vec<i64>, String> {
    if v.trim().is_empty() {
        return Ok(Vec::new());
    }
    v.split(',')
        .map(|p| {
            let p = p.trim();
            p.parse::<i64>()
                .map_err(|_| format!("{p:?} is not an integer id"))
        })
        .collect()
}

/// One social profile or IM account of a contact.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Profile {
    pub connected: bool,
    pub username: Option<String>,
    pub url: Option<String>,
}

macro_rules! profiles {
    ($($field:ident = $wire:literal,)*) => {
        /// The ten networks of the document; every one is present in an answer.
        ///
        /// The wire names are the fields' in camelCase (`linkedIn`): a container attribute,
        /// which the OpenAPI derive reads too (a field's `rename = $wire` inside this macro
        /// it did not, and documented `linked_in`).
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "camelCase")]
        pub struct Profiles {
            $(#[serde(default)] pub $field: Profile,)*
        }

        /// Profiles in a request: networks left out are unchanged (on update) or empty.
        #[derive(Debug, Clone, Default, Deserialize, ToSchema)]
        #[serde(rename_all = "camelCase")]
        pub struct ProfilesInput {
            $(#[serde(default, deserialize_with = "nullable")]
              pub $field: Option<Option<ProfileInput>>,)*
        }

        impl Profiles {
            pub const NETWORKS: &'static [&'static str] = &[$($wire,)*];

            /// The flat projection's keys of each network, in the order of
            /// [`Profiles::NETWORKS`]: `<network>Connected`, `<network>Username`,
            /// `<network>Url`.
            pub const FLAT_KEYS: &'static [[&'static str; 3]] = &[$(
                [concat!($wire, "Connected"), concat!($wire, "Username"), concat!($wire, "Url")],
            )*];

            pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Profile)> {
                [$(($wire, &self.$field),)*].into_iter()
            }

            /// Applies a request's profiles; a network sent as `null` is emptied.
            pub fn apply(&mut self, input: &ProfilesInput) {
                $(match &input.$field {
                    None => {}
                    Some(None) => self.$field = Profile::default(),
                    Some(Some(p)) => p.apply(&mut self.$field),
                })*
            }
        }

        impl ProfilesInput {
            pub fn iter(&self) -> impl Iterator<Item = (&'static str, Option<&ProfileInput>)> {
                [$(($wire, self.$field.as_ref().and_then(|p| p.as_ref())),)*].into_iter()
            }
        }
    };
}

profiles!(
    facebook = "facebook",
    aim = "aim",
    gplus = "gplus",
    gtalk = "gtalk",
    icq = "icq",
    jabber = "jabber",
    linked_in = "linkedIn",
    skype = "skype",
    twitter = "twitter",
    xing = "xing",
);

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ProfileInput {
    pub connected: Option<bool>,
    /// At most 64 characters.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 64)]
    pub username: Option<Option<String>>,
    /// At most 2,048 characters.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 2048)]
    pub url: Option<Option<String>>,
}

impl ProfileInput {
    fn apply(&self, p: &mut Profile) {
        if let Some(c) = self.connected {
            p.connected = c;
        }
        if let Some(u) = &self.username {
            p.username = u.clone();
        }
        if let Some(u) = &self.url {
            p.url = u.clone();
        }
    }
}

/// A phone number, email, fax or website of a contact, or a standalone one (no contact) that
/// excludes an unknown number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BasicInfo {
    pub id: i64,
    #[serde(rename = "type")]
    pub type_: BasicInfoType,
    pub subtype: Option<Subtype>,
    /// As the client sent it.
    pub value: String,
    pub excluded: bool,
    pub identifier: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Address {
    pub id: i64,
    pub subtype: Option<Subtype>,
    #[serde(alias = "addressLine1")]
    pub addressline1: Option<String>,
    #[serde(alias = "addressLine2")]
    pub addressline2: Option<String>,
    #[serde(alias = "addressLine3")]
    pub addressline3: Option<String>,
    pub zip: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
}

/// A picture of the base projection: the picture object of `GET /v2/pictures/:id`
/// (`id`, `isDefault`, `type`, `url`).
pub type PictureRef = crate::pictures::Picture;

/// A contact in the `base` projection (2.5.3.1.6, 2.5.3.1.7): a person carries the person
/// attributes, an organization the organization attributes; both carry the rest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    pub id: i64,
    pub version: i64,
    pub contact_type: ContactType,
    #[serde(flatten)]
    pub kind: ContactKind,
    pub hot: bool,
    pub basic_infos: Vec<BasicInfo>,
    pub addresses: Vec<Address>,
    pub profiles: Profiles,
    pub tags: Vec<String>,
    /// Values of the owner's company's contact custom fields.
    pub custom_fields: Vec<crate::admin::CustomFieldValue>,
    pub related_to: IdList,
    pub deals: IdList,
    pub notes: IdList,
    pub tasks: IdList,
    pub interactions: IdList,
    pub pictures: Vec<crate::pictures::Picture>,
}

/// The attributes that differ between persons and organizations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum ContactKind {
    Person(PersonFields),
    Organization(OrganizationFields),
}

/// A person's attributes; every one is present in an answer (`null` when unset), which is what
/// tells a person's answer from an organization's in the document (`oneOf`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PersonFields {
    #[schema(required = true)]
    pub title: Option<String>,
    #[schema(required = true)]
    pub first_name: Option<String>,
    #[schema(required = true)]
    pub middle_name: Option<String>,
    #[schema(required = true)]
    pub last_name: Option<String>,
    #[schema(required = true)]
    pub profession: Option<String>,
    #[schema(required = true)]
    pub gender: Option<Gender>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationFields {
    #[schema(required = true)]
    pub organization_name: Option<String>,
    #[schema(required = true)]
    pub business: Option<String>,
}

impl Contact {
    /// The name lists and projections show: a person's non-empty name parts joined by
    /// blanks, an organization's name.
    pub fn display_name(&self) -> String {
        match &self.kind {
            ContactKind::Person(p) => [&p.first_name, &p.middle_name, &p.last_name]
                .into_iter()
                .flatten()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
            ContactKind::Organization(o) => o.organization_name.clone().unwrap_or_default(),
        }
    }
}

/// The `flat` projection (2.5.3.1.5) of a contact: the base projection with each profile as
/// three attributes (`facebookConnected`, `facebookUsername`, `facebookUrl`, …), the related
/// ids as arrays of integers and the pictures as their urls.
///
/// Written straight from the contact, field by field (a page of 25 used to go through a
/// `serde_json::Value` per contact: serialize, edit, serialize again; docs/performance.md), or
/// answered as written once when the contact was kept between reads with its flat form
/// ([`BaseContact::with_flat_written`]).
/// The person's or organization's attributes come from [`ContactKind`], so an attribute added
/// there is in this projection too; the unit test `flat_is_base_reshaped` fails when a field of
/// [`Contact`] is missing here.
#[derive(Debug, Clone)]
pub struct FlatContact {
    contact: Arc<Contact>,
    json: Option<Arc<serde_json::value::RawValue>>,
}

impl FlatContact {
    /// The contact, written in the flat projection when it is answered.
    pub fn new(contact: Arc<Contact>) -> FlatContact {
        FlatContact {
            contact,
            json: None,
        }
    }

    pub fn contact(&self) -> &Arc<Contact> {
        &self.contact
    }

    /// Writes the flat projection field by field.
    fn write<S: Serializer>(c: &Contact, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Flat<'a> {
            id: i64,
            version: i64,
            contact_type: ContactType,
            #[serde(flatten)]
            kind: &'a ContactKind,
            hot: bool,
            basic_infos: &'a [BasicInfo],
            addresses: &'a [Address],
            #[serde(flatten)]
            profiles: FlatProfiles<'a>,
            tags: &'a [String],
            custom_fields: &'a [crate::admin::CustomFieldValue],
            related_to: &'a [i64],
            deals: &'a [i64],
            notes: &'a [i64],
            tasks: &'a [i64],
            interactions: &'a [i64],
            pictures: Vec<&'a str>,
        }
        Flat {
            id: c.id,
            version: c.version,
            contact_type: c.contact_type,
            kind: &c.kind,
            hot: c.hot,
            basic_infos: &c.basic_infos,
            addresses: &c.addresses,
            profiles: FlatProfiles(&c.profiles),
            tags: &c.tags,
            custom_fields: &c.custom_fields,
            related_to: &c.related_to.0,
            deals: &c.deals.0,
            notes: &c.notes.0,
            tasks: &c.tasks.0,
            interactions: &c.interactions.0,
            pictures: c.pictures.iter().map(|p| p.url.as_str()).collect(),
        }
        .serialize(s)
    }
}

impl Serialize for FlatContact {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.json {
            Some(json) => json.serialize(s),
            None => FlatContact::write(&self.contact, s),
        }
    }
}

/// A contact's profiles as the flat projection's attributes: `<network>Connected`,
/// `<network>Username` and `<network>Url` for each network.
struct FlatProfiles<'a>(&'a Profiles);

impl Serialize for FlatProfiles<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(Profiles::NETWORKS.len() * 3))?;
        // The keys are written once, at compile time: formatting 30 keys per contact took
        // about a tenth of a flat page (performance.md, "Session 12").
        for ((_, p), [connected, username, url]) in self.0.iter().zip(Profiles::FLAT_KEYS) {
            m.serialize_entry(connected, &p.connected)?;
            m.serialize_entry(username, &p.username)?;
            m.serialize_entry(url, &p.url)?;
        }
        m.end()
    }
}

/// The `thin` projection (2.5.3.1.4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ThinContact {
    pub id: i64,
    pub contact_type: ContactType,
    pub display_name: String,
    pub hot: bool,
    /// For a person in exactly one organization, its name; in more, how many. Vice versa
    /// for an organization. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<Extra>,
    /// The url of the default picture.
    pub picture: Option<String>,
}

/// `extra` of the `thin` projection: the one related contact's display name, or how many
/// contacts are related.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Extra {
    /// The display name of the one related contact.
    Name(String),
    /// How many contacts are related (two or more).
    Count(i64),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Projection {
    Thin,
    #[default]
    Base,
    Flat,
}

impl Projection {
    /// Parses `projection`; absent means `base`.
    pub fn parse(v: Option<&str>) -> Result<Projection, String> {
        match v {
            None | Some("") | Some("base") => Ok(Projection::Base),
            Some("thin") => Ok(Projection::Thin),
            Some("flat") => Ok(Projection::Flat),
            Some(other) => Err(format!(
                "projection must be one of thin, base, flat, not {other:?}"
            )),
        }
    }
}

/// A contact in the projection the request asked for.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum Projected {
    #[schema(value_type = Contact)]
    Base(BaseContact),
    #[schema(value_type = Object)]
    Flat(FlatContact),
    Thin(ThinContact),
}

/// A contact in the base projection, shared rather than copied, and with its answer already
/// written when it was kept between reads (`interact-service`'s contact cache): a kept contact
/// is written into a page as it was written once, not serialized again. Its flat projection is
/// written once too, the first time a kept contact is asked for in it
/// ([`BaseContact::with_flat_written`]).
#[derive(Debug, Clone)]
pub struct BaseContact {
    contact: Arc<Contact>,
    json: Option<Arc<serde_json::value::RawValue>>,
    flat: Option<Arc<serde_json::value::RawValue>>,
}

impl BaseContact {
    /// The contact, written when it is answered.
    pub fn new(contact: Arc<Contact>) -> BaseContact {
        BaseContact {
            contact,
            json: None,
            flat: None,
        }
    }

    /// The contact, written now (to be answered many times).
    pub fn written(contact: Arc<Contact>) -> BaseContact {
        // Serializing a `Contact` cannot fail (no map has non-string keys); if it ever did,
        // the contact is written when it is answered instead.
        let json = serde_json::value::to_raw_value(&*contact)
            .ok()
            .map(Arc::from);
        BaseContact {
            contact,
            json,
            flat: None,
        }
    }

    /// The same contact with its flat projection written now too (to be answered many times),
    /// or None when it is written already.
    pub fn with_flat_written(&self) -> Option<BaseContact> {
        if self.flat.is_some() {
            return None;
        }
        // As in `written`: if writing failed, the flat projection is written when answered.
        let flat = serde_json::value::to_raw_value(&FlatContact::new(self.contact.clone()))
            .ok()
            .map(Arc::from);
        Some(BaseContact {
            flat,
            ..self.clone()
        })
    }

    pub fn contact(&self) -> &Arc<Contact> {
        &self.contact
    }

    /// The contact in the flat projection: as written once, if it is.
    pub fn flat(&self) -> FlatContact {
        FlatContact {
            contact: self.contact.clone(),
            json: self.flat.clone(),
        }
    }

    /// Whether both are the very same read of a contact (not merely equal).
    pub fn is(&self, other: &BaseContact) -> bool {
        Arc::ptr_eq(&self.contact, &other.contact)
    }

    /// The bytes of the written answer, if it is written.
    pub fn written_len(&self) -> usize {
        self.json.as_ref().map_or(0, |j| j.get().len())
    }

    /// The bytes of the written flat projection, if it is written.
    pub fn flat_len(&self) -> usize {
        self.flat.as_ref().map_or(0, |j| j.get().len())
    }
}

impl Serialize for BaseContact {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.json {
            Some(json) => json.serialize(s),
            None => self.contact.serialize(s),
        }
    }
}

/// `{"data":[…]}` of `GET /v2/contacts/:id/contacts`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContactList {
    pub data: Vec<Projected>,
}

/// A basicInfo in a contact's create or update body. With `id`: an existing basicInfo of the
/// contact (or a standalone one of the caller) that is kept; without: a new one.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct BasicInfoInput {
    pub id: Option<i64>,
    #[serde(rename = "type")]
    #[schema(value_type = BasicInfoType, required = true)]
    pub type_: Option<BasicInfoType>,
    pub subtype: Option<Subtype>,
    /// Not blank, at most 255 characters.
    #[schema(value_type = String, required = true, max_length = 255, pattern = r"\S")]
    pub value: Option<String>,
    pub excluded: Option<bool>,
    /// At most 64 characters.
    #[schema(max_length = 64)]
    pub identifier: Option<String>,
}

/// `POST /v2/basicInfos/:id`: the attributes sent change (`null` clears `subtype` and
/// `identifier`; a `null` `type`, `value` or `excluded` is as if left out). `PUT
/// /v2/basicInfos` reads the same type, documented as [`BasicInfoCreateRequest`].
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct BasicInfoRequest {
    #[serde(rename = "type")]
    pub type_: Option<BasicInfoType>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Subtype>)]
    pub subtype: Option<Option<Subtype>>,
    /// Not blank, at most 255 characters.
    #[schema(max_length = 255, pattern = r"\S")]
    pub value: Option<String>,
    pub excluded: Option<bool>,
    /// At most 64 characters.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 64)]
    pub identifier: Option<Option<String>>,
}

/// `PUT /v2/basicInfos`: `type` and `value` are required. Only for the OpenAPI document: the
/// handler reads a [`BasicInfoRequest`].
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct BasicInfoCreateRequest {
    #[serde(rename = "type")]
    pub type_: BasicInfoType,
    pub subtype: Option<Subtype>,
    /// Not blank, at most 255 characters.
    #[schema(max_length = 255, pattern = r"\S")]
    pub value: String,
    pub excluded: Option<bool>,
    /// At most 64 characters.
    #[schema(max_length = 64)]
    pub identifier: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AddressInput {
    pub id: Option<i64>,
    pub subtype: Option<Subtype>,
    /// At most 255 characters, as every text of an address; `addressLine1` is read too.
    #[serde(alias = "addressLine1")]
    #[schema(max_length = 255)]
    pub addressline1: Option<String>,
    #[serde(alias = "addressLine2")]
    #[schema(max_length = 255)]
    pub addressline2: Option<String>,
    #[serde(alias = "addressLine3")]
    #[schema(max_length = 255)]
    pub addressline3: Option<String>,
    #[schema(max_length = 255)]
    pub zip: Option<String>,
    #[schema(max_length = 255)]
    pub city: Option<String>,
    #[schema(max_length = 255)]
    pub state: Option<String>,
    #[schema(max_length = 255)]
    pub country: Option<String>,
}

/// `POST /v2/contacts/:id` body (`version`: the one read; none is a 409). On update, attributes
/// left out are unchanged, `null` clears an attribute, and a list given replaces the stored
/// one. `PUT /v2/contacts` reads the same type, documented as `ContactCreateRequest` (built in
/// the OpenAPI document from this schema: `contactType` required, `version` not, and the name
/// rules of a person or an organization).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContactRequest {
    /// On update, the version the client read: another one, or none (`null` or left out),
    /// is a 409 `version conflict`.
    #[schema(value_type = Option<i64>, required = false)]
    pub version: Option<i64>,
    pub contact_type: Option<ContactType>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 255)]
    pub title: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 255, pattern = r"\S")]
    pub first_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 255)]
    pub middle_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 255, pattern = r"\S")]
    pub last_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 255)]
    pub profession: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Gender>)]
    pub gender: Option<Option<Gender>>,
    pub hot: Option<bool>,
    /// `name` is accepted for it (the document's organization update example).
    #[serde(default, alias = "name", deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 255, pattern = r"\S")]
    pub organization_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 255)]
    pub business: Option<Option<String>>,
    #[schema(max_items = 100)]
    pub basic_infos: Option<Vec<BasicInfoInput>>,
    #[schema(max_items = 20)]
    pub addresses: Option<Vec<AddressInput>>,
    pub profiles: Option<ProfilesInput>,
    pub tags: Option<Vec<String>>,
    /// `[{"id": <custom field id>, "name": …, "value": …}]`; replaces the stored values.
    pub custom_fields: Option<Vec<crate::admin::CustomFieldValueInput>>,
    pub related_to: Option<IdList>,
}

/// Reads a present value as `Some(v)` and `null` as `Some(None)`; an absent field stays `None`
/// through `#[serde(default)]`.
pub(crate) fn nullable<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// A validation failure: which kind, and the message naming the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    /// 9202: a required value is missing.
    Missing(String),
    /// 9201 / 2001.
    Value(String),
    /// 9201 / 2003.
    TooLong(String),
}

impl Invalid {
    pub fn message(&self) -> &str {
        match self {
            Invalid::Missing(m) | Invalid::Value(m) | Invalid::TooLong(m) => m,
        }
    }
}

/// Checks a text's length in characters.
pub fn check_len(field: &str, v: &Option<String>, max: usize) -> Result<(), Invalid> {
    match v {
        Some(s) if s.chars().count() > max => Err(Invalid::TooLong(format!(
            "{field} must be at most {max} characters"
        ))),
        _ => Ok(()),
    }
}

impl BasicInfoInput {
    /// Pure checks of one basicInfo; `path` is how the message names it (`basicInfos[2]`).
    pub fn validate(&self, path: &str) -> Result<(), Invalid> {
        if self.type_.is_none() {
            return Err(Invalid::Missing(format!("{path}.type is required")));
        }
        match &self.value {
            None => return Err(Invalid::Missing(format!("{path}.value is required"))),
            Some(v) if v.trim().is_empty() => {
                return Err(Invalid::Value(format!("{path}.value must not be empty")))
            }
            _ => {}
        }
        check_len(&format!("{path}.value"), &self.value, MAX_TEXT)?;
        check_len(&format!("{path}.identifier"), &self.identifier, MAX_SHORT)
    }
}

impl AddressInput {
    pub fn validate(&self, path: &str) -> Result<(), Invalid> {
        for (name, v) in [
            ("addressline1", &self.addressline1),
            ("addressline2", &self.addressline2),
            ("addressline3", &self.addressline3),
            ("zip", &self.zip),
            ("city", &self.city),
            ("state", &self.state),
            ("country", &self.country),
        ] {
            check_len(&format!("{path}.{name}"), v, MAX_TEXT)?;
        }
        Ok(())
    }
}

impl ContactRequest {
    /// Pure checks shared by create and update: lengths, list sizes, items, profiles, tags.
    /// The name rules depend on the stored contact and are checked by the service.
    pub fn validate_common(&self) -> Result<(), Invalid> {
        for (name, v) in [
            ("title", &self.title),
            ("firstName", &self.first_name),
            ("middleName", &self.middle_name),
            ("lastName", &self.last_name),
            ("profession", &self.profession),
            ("organizationName", &self.organization_name),
            ("business", &self.business),
        ] {
            if let Some(v) = v {
                check_len(name, v, MAX_TEXT)?;
            }
        }
        if let Some(list) = &self.basic_infos {
            if list.len() > MAX_BASIC_INFOS {
                return Err(Invalid::TooLong(format!(
                    "basicInfos must have at most {MAX_BASIC_INFOS} items"
                )));
            }
            for (i, b) in list.iter().enumerate() {
                b.validate(&format!("basicInfos[{i}]"))?;
            }
        }
        if let Some(list) = &self.addresses {
            if list.len() > MAX_ADDRESSES {
                return Err(Invalid::TooLong(format!(
                    "addresses must have at most {MAX_ADDRESSES} items"
                )));
            }
            for (i, a) in list.iter().enumerate() {
                a.validate(&format!("addresses[{i}]"))?;
            }
        }
        if let Some(p) = &self.profiles {
            for (net, p) in p.iter() {
                if let Some(p) = p {
                    if let Some(u) = &p.username {
                        check_len(&format!("profiles.{net}.username"), u, MAX_SHORT)?;
                    }
                    if let Some(u) = &p.url {
                        check_len(&format!("profiles.{net}.url"), u, MAX_URL)?;
                    }
                }
            }
        }
        if let Some(tags) = &self.tags {
            if tags.len() > MAX_TAGS {
                return Err(Invalid::TooLong(format!(
                    "tags must have at most {MAX_TAGS} items"
                )));
            }
            for (i, t) in tags.iter().enumerate() {
                if t.trim().is_empty() {
                    return Err(Invalid::Value(format!("tags[{i}] must not be empty")));
                }
                check_len(&format!("tags[{i}]"), &Some(t.clone()), MAX_SHORT)?;
            }
        }
        if let Some(r) = &self.related_to {
            if r.0.len() > MAX_RELATED {
                return Err(Invalid::TooLong(format!(
                    "relatedTo must have at most {MAX_RELATED} ids"
                )));
            }
        }
        Ok(())
    }
}

impl BasicInfoRequest {
    /// Pure checks; `create` requires type and value.
    pub fn validate(&self, create: bool) -> Result<(), Invalid> {
        if create && self.type_.is_none() {
            return Err(Invalid::Missing("type is required".into()));
        }
        match &self.value {
            None if create => return Err(Invalid::Missing("value is required".into())),
            Some(v) if v.trim().is_empty() => {
                return Err(Invalid::Value("value must not be empty".into()))
            }
            _ => {}
        }
        check_len("value", &self.value, MAX_TEXT)?;
        if let Some(i) = &self.identifier {
            check_len("identifier", i, MAX_SHORT)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_lists_read_strings_and_arrays_and_write_strings() {
        let a: IdList = serde_json::from_str("\"1, 3,45\"").unwrap();
        assert_eq!(a.0, vec![1, 3, 45]);
        let b: IdList = serde_json::from_str("[7,8]").unwrap();
        assert_eq!(b.0, vec![7, 8]);
        assert!(serde_json::from_str::<IdList>("\"1,x\"").is_err());
        assert_eq!(serde_json::to_string(&b).unwrap(), "\"7,8\"");
        assert_eq!(serde_json::to_string(&IdList::default()).unwrap(), "\"\"");
    }

    #[test]
    fn null_and_absent_differ() {
        let r: ContactRequest = serde_json::from_str(r#"{"title":null}"#).unwrap();
        assert_eq!(r.title, Some(None));
        assert_eq!(r.first_name, None);
        let r: ContactRequest = serde_json::from_str(r#"{"name":"TU Berlin"}"#).unwrap();
        assert_eq!(r.organization_name, Some(Some("TU Berlin".into())));
    }

    /// The contact type its attributes are of.
    fn json_kind(c: &Contact) -> serde_json::Value {
        match &c.kind {
            ContactKind::Person(_) => "person".into(),
            ContactKind::Organization(_) => "organization".into(),
        }
    }

    /// The flat projection is the base projection reshaped, key for key: the profiles as three
    /// attributes each, the id lists as arrays, the pictures as urls. The expected value is
    /// built from the base projection's JSON (as `to_flat` built the answer until session 9),
    /// so a field added to `Contact` and not to `FlatContact` fails here.
    #[test]
    fn flat_is_base_reshaped() {
        let person = r#"{"id": 7, "version": 3, "contactType": "person", "title": "Dr.",
            "firstName": "Ada", "middleName": null, "lastName": "Lovelace", "profession": null,
            "gender": "f", "hot": true,
            "basicInfos": [{"id": 1, "type": "email", "subtype": "work", "value": "a@b.c",
                            "excluded": false, "identifier": null}],
            "addresses": [{"id": 2, "subtype": "home", "addressline1": "1 Road",
                           "addressline2": null, "addressline3": null, "zip": "1",
                           "city": "London", "state": null, "country": "GB"}],
            "profiles": {"twitter": {"connected": true, "username": "ada", "url": "https://x/ada"}},
            "tags": ["b", "a"], "customFields": [{"id": 4, "name": "Size", "value": "L"}],
            "relatedTo": "9,12", "deals": "5", "notes": "", "tasks": "6,8", "interactions": "11",
            "pictures": [{"id": 3, "isDefault": true, "type": "interact", "url": "/v2/pictures/3/raw"}]}"#;
        let organization = r#"{"id": 9, "version": 1, "contactType": "organization",
            "organizationName": "Engines Ltd", "business": null, "hot": false, "basicInfos": [],
            "addresses": [], "profiles": {}, "tags": [], "customFields": [], "relatedTo": "7",
            "deals": "", "notes": "", "tasks": "", "interactions": "", "pictures": []}"#;
        for text in [person, organization] {
            let mut c: Contact = serde_json::from_str(text).unwrap();
            if c.contact_type == ContactType::Organization {
                // An untagged `kind` reads any map as a person's; state the organization's.
                c.kind = ContactKind::Organization(OrganizationFields {
                    organization_name: Some("Engines Ltd".into()),
                    business: None,
                });
            }
            let mut want = serde_json::to_value(&c).unwrap();
            let obj = want.as_object_mut().unwrap();
            obj.remove("profiles");
            for (net, p) in c.profiles.iter() {
                obj.insert(format!("{net}Connected"), p.connected.into());
                obj.insert(format!("{net}Username"), p.username.clone().into());
                obj.insert(format!("{net}Url"), p.url.clone().into());
            }
            obj.insert(
                "pictures".into(),
                c.pictures.iter().map(|p| p.url.clone()).collect(),
            );
            for (k, ids) in [
                ("relatedTo", &c.related_to),
                ("deals", &c.deals),
                ("notes", &c.notes),
                ("tasks", &c.tasks),
                ("interactions", &c.interactions),
            ] {
                obj.insert(k.into(), ids.0.iter().copied().collect());
            }
            assert_eq!(want["contactType"], json_kind(&c), "{want}");
            let got = serde_json::to_value(FlatContact::new(Arc::new(c.clone()))).unwrap();
            assert_eq!(got, want);
            // Nothing written twice: a repeated key would be one entry in the `Value`, and
            // its text shorter than what was written.
            let text = serde_json::to_string(&FlatContact::new(Arc::new(c.clone()))).unwrap();
            assert_eq!(
                text.len(),
                serde_json::to_string(&got).unwrap().len(),
                "{text}"
            );
            // A contact written once and kept answers the same bytes as one written now,
            // alone and inside a page.
            let c = Arc::new(c);
            let now = Projected::Base(BaseContact::new(c.clone()));
            let kept = Projected::Base(BaseContact::written(c.clone()));
            assert_eq!(
                serde_json::to_string(&[&kept, &now]).unwrap(),
                serde_json::to_string(&[&now, &now]).unwrap()
            );
            assert_eq!(
                serde_json::to_value(&kept).unwrap(),
                serde_json::to_value(&*c).unwrap()
            );
            // So does its flat projection, written once and kept.
            let written = BaseContact::written(c.clone());
            let flat = written.with_flat_written().unwrap();
            assert!(flat.flat_len() > 0 && flat.is(&written));
            assert!(flat.with_flat_written().is_none());
            let kept = Projected::Flat(flat.flat());
            let now = Projected::Flat(FlatContact::new(c.clone()));
            assert_eq!(
                serde_json::to_string(&[&kept, &now]).unwrap(),
                serde_json::to_string(&[&now, &now]).unwrap()
            );
            assert_eq!(serde_json::to_string(&kept).unwrap(), text);
        }
    }

    #[test]
    fn projections() {
        assert_eq!(Projection::parse(None).unwrap(), Projection::Base);
        assert_eq!(Projection::parse(Some("thin")).unwrap(), Projection::Thin);
        assert!(Projection::parse(Some("fat")).is_err());
    }
}

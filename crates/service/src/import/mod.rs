//! Reading contacts from external systems (2.5.3.2.3–4): one `Connector` trait, three
//! connectors (`google`, `vcard`, `csv`), and the query an import runs with.
//!
//! A connector only reads. It turns the source's records into `ImportedContact`s in the
//! document's vocabulary and reports the records it cannot read as `ImportFailure`s without
//! failing the whole import; creating and updating contacts is the import endpoint's work.

pub mod csv;
mod file;
pub mod google;
pub mod mapping;
pub mod run;
pub mod vcard;

use std::collections::BTreeMap;
use std::future::Future;

use interact_domain::import::{
    ExternalContactGroup, ExternalSystem, ImportFailure, ImportRequest, ImportedContact,
};
use interact_errors::{Action, Detail, Error, Exception, Realm, Result};

use crate::Config;

pub use file::FileConnector;
pub use google::GoogleConnector;

/// What `importContacts` asks a connector for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactQuery {
    /// Only contacts changed at or after this time (ms since the epoch). Contacts whose source
    /// tells no time (most vCards, every CSV row) are always included.
    pub updated_min: Option<i64>,
    /// Only contacts in these groups; `None` means all.
    pub groups: Option<GroupFilter>,
    /// Google: the `nextSyncToken` of the previous import of this account. With it only the
    /// changes since then are listed, deleted contacts included.
    pub sync_token: Option<String>,
}

impl ContactQuery {
    /// Whether an imported contact passes the time and group filters. Deletions always pass:
    /// a deleted contact has no groups left, and the endpoint only acts on ids it imported.
    pub fn admits(&self, contact: &ImportedContact) -> bool {
        if contact.deleted {
            return true;
        }
        if let (Some(min), Some(updated)) = (self.updated_min, contact.updated) {
            if updated < min {
                return false;
            }
        }
        self.groups
            .as_ref()
            .is_none_or(|g| g.admits(&contact.group_ids))
    }
}

/// The `groupIds` parameter: external group ids, and `none` for contacts without a group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupFilter {
    pub ids: Vec<String>,
    /// `none` was given: contacts that belong to no group are included.
    pub ungrouped: bool,
}

/// Groups every contact of a Google account is in; they do not make a contact "grouped".
const CATCH_ALL_GROUPS: [&str; 2] = ["myContacts", "all"];

impl GroupFilter {
    /// Parses `dfdg4f,6get54,none`. An empty parameter is no filter (`None`).
    pub fn parse(param: &str) -> Option<GroupFilter> {
        let mut filter = GroupFilter::default();
        for id in param.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if id == "none" {
                filter.ungrouped = true;
            } else if !filter.ids.iter().any(|i| i == id) {
                filter.ids.push(id.to_string());
            }
        }
        (filter.ungrouped || !filter.ids.is_empty()).then_some(filter)
    }

    pub fn admits(&self, group_ids: &[String]) -> bool {
        let mut grouped = false;
        for g in group_ids {
            if self.ids.iter().any(|i| i == g) {
                return true;
            }
            grouped |= !CATCH_ALL_GROUPS.contains(&g.as_str());
        }
        self.ungrouped && !grouped
    }
}

/// What a connector read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fetched {
    /// The contacts that passed the query, deletions included.
    pub contacts: Vec<ImportedContact>,
    /// Records that could not be read.
    pub failed: Vec<ImportFailure>,
    /// Google: the token to pass as `ContactQuery::sync_token` next time (store it per
    /// account).
    pub next_sync_token: Option<String>,
    /// True when the whole source was listed, false when only changes since a sync token
    /// were. After a full listing, contacts imported before whose external id is missing are
    /// gone at the source only if no filter was applied.
    pub complete: bool,
}

/// The contacts of a file and the records that could not be read (vCard, CSV).
#[derive(Debug, Default)]
pub struct Parsed {
    pub contacts: Vec<ImportedContact>,
    pub failed: Vec<ImportFailure>,
}

/// Groups with member counts, by name, from contacts' `group_ids`.
pub(crate) fn groups_of(contacts: &[ImportedContact]) -> Vec<ExternalContactGroup> {
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for g in contacts.iter().flat_map(|c| &c.group_ids) {
        *counts.entry(g).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(name, n)| ExternalContactGroup {
            external_id: name.to_string(),
            name: name.to_string(),
            member_count: Some(n),
        })
        .collect()
}

/// An external system contacts are read from. Every call may take long (network, big files)
/// and never blocks the caller's thread.
pub trait Connector: Send + Sync {
    fn system(&self) -> ExternalSystem;

    /// The account at the external system, answered as `externalSystemAccount` and used to
    /// tell imports of different accounts apart.
    fn account(&self) -> impl Future<Output = Result<String>> + Send;

    /// The contact groups (2.5.3.2.3).
    fn contact_groups(&self) -> impl Future<Output = Result<Vec<ExternalContactGroup>>> + Send;

    /// The contacts the query asks for (2.5.3.2.4).
    fn contacts(&self, query: &ContactQuery) -> impl Future<Output = Result<Fetched>> + Send;
}

/// One of the three connectors, chosen by `externalSystem`.
pub enum AnyConnector {
    Google(GoogleConnector),
    /// A `vcard` or `csv` file.
    File(FileConnector),
}

impl Connector for AnyConnector {
    fn system(&self) -> ExternalSystem {
        match self {
            AnyConnector::Google(c) => c.system(),
            AnyConnector::File(c) => c.system(),
        }
    }

    async fn account(&self) -> Result<String> {
        match self {
            AnyConnector::Google(c) => c.account().await,
            AnyConnector::File(c) => c.account().await,
        }
    }

    async fn contact_groups(&self) -> Result<Vec<ExternalContactGroup>> {
        match self {
            AnyConnector::Google(c) => c.contact_groups().await,
            AnyConnector::File(c) => c.contact_groups().await,
        }
    }

    async fn contacts(&self, query: &ContactQuery) -> Result<Fetched> {
        match self {
            AnyConnector::Google(c) => c.contacts(query).await,
            AnyConnector::File(c) => c.contacts(query).await,
        }
    }
}

/// Opens connectors; built once from the configuration (it holds the pooled HTTP client).
#[derive(Clone)]
pub struct Connectors {
    http: reqwest::Client,
    google_api_url: String,
}

impl Connectors {
    pub fn new(config: &Config) -> Result<Connectors> {
        Ok(Connectors {
            http: crate::http::client(config.external_timeout)?,
            google_api_url: config.google_api_url.clone(),
        })
    }

    /// The connector an import request names, checked for what that system needs: an
    /// unknown `externalSystem` is a 400 naming it, a missing `password` (google) or
    /// `content` (vcard, csv) a 400 naming the field.
    pub fn open(&self, request: &ImportRequest) -> Result<AnyConnector> {
        let name = request
            .external_system
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| missing("externalSystem"))?;
        let system = ExternalSystem::parse(name).ok_or_else(|| {
            invalid(format!(
                "externalSystem: unknown external system {name:?} (known: google, vcard, csv)"
            ))
        })?;
        let account = request
            .username
            .as_deref()
            .map(str::trim)
            .unwrap_or("")
            .to_string();
        if account.chars().count() > mapping::MAX_EXTERNAL_ID {
            return Err(Error::too_long("username", mapping::MAX_EXTERNAL_ID)
                .in_context(Action::Import, Realm::ContactImport));
        }
        Ok(match system {
            ExternalSystem::Google => {
                let token = request
                    .password
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| missing("password"))?;
                // Sent as `Authorization: Bearer …`: a header value is visible ASCII, blanks
                // and tabs (anything else failed as "cannot be reached", a 503).
                if !token
                    .bytes()
                    .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
                {
                    return Err(invalid(
                        "password: an access token is visible ASCII (it is sent in a header)",
                    ));
                }
                AnyConnector::Google(GoogleConnector::new(
                    self.http.clone(),
                    &self.google_api_url,
                    token,
                    account,
                )?)
            }
            ExternalSystem::Vcard => {
                AnyConnector::File(FileConnector::vcard(content(request)?, account))
            }
            ExternalSystem::Csv => {
                AnyConnector::File(FileConnector::csv(content(request)?, account))
            }
        })
    }
}

fn content(request: &ImportRequest) -> Result<String> {
    request.content.clone().ok_or_else(|| missing("content"))
}

/// Parses `updated-min`: the document's `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'`, its example without
/// fraction and zone (`2012-12-31T00:00:00`, read as UTC), any RFC 3339 time, a bare date, or
/// milliseconds since the epoch (the server's own time format). Answers ms since the epoch.
pub fn parse_updated_min(param: &str) -> Result<i64> {
    let s = param.trim();
    let bad = || {
        Error::new(
            Exception::InvalidData,
            Action::Import,
            Realm::ContactImport,
            Detail::InvalidParameter,
            format!("updated-min: {param:?} is not a time (yyyy-MM-ddTHH:mm:ss.SSSZ)"),
        )
    };
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse::<i64>().map_err(|_| bad());
    }
    parse_time(s).ok_or_else(bad)
}

/// Milliseconds since the epoch of an RFC 3339 time, a zone-less date-time (UTC) or a date.
pub(crate) fn parse_time(s: &str) -> Option<i64> {
    use jiff::{civil, tz::TimeZone, Timestamp};
    if let Ok(t) = s.parse::<Timestamp>() {
        return Some(t.as_millisecond());
    }
    if let Ok(dt) = s.parse::<civil::DateTime>() {
        return TimeZone::UTC
            .to_timestamp(dt)
            .ok()
            .map(|t| t.as_millisecond());
    }
    let date = s.parse::<civil::Date>().ok()?;
    TimeZone::UTC
        .to_timestamp(date.to_datetime(civil::Time::midnight()))
        .ok()
        .map(|t| t.as_millisecond())
}

/// 9201 · import · contact import · 2001.
pub(crate) fn invalid(devmsg: impl Into<String>) -> Error {
    Error::new(
        Exception::InvalidData,
        Action::Import,
        Realm::ContactImport,
        Detail::InvalidValue,
        devmsg,
    )
}

fn missing(field: &str) -> Error {
    Error::missing(field).in_context(Action::Import, Realm::ContactImport)
}

/// 9002 · import · contact import · `detail` (503): the external system could not be reached
/// (6001) or answered with an error (6002).
pub(crate) fn external(detail: Detail, devmsg: impl Into<String>) -> Error {
    Error::new(
        Exception::External,
        Action::Import,
        Realm::ContactImport,
        detail,
        devmsg,
    )
}

/// Runs CPU-heavy parsing of a large file off the async worker threads.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(Error::internal)?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updated_min_formats() {
        let midnight = 1_356_912_000_000; // 2012-12-31T00:00:00Z
        assert_eq!(parse_updated_min("2012-12-31T00:00:00").unwrap(), midnight);
        assert_eq!(
            parse_updated_min("2012-12-31T00:00:00.000Z").unwrap(),
            midnight
        );
        assert_eq!(
            parse_updated_min("2012-12-31T01:00:00+01:00").unwrap(),
            midnight
        );
        assert_eq!(parse_updated_min("2012-12-31").unwrap(), midnight);
        assert_eq!(parse_updated_min("1356912000000").unwrap(), midnight);
        for bad in ["", "yesterday", "2012-13-01", "99999999999999999999999"] {
            let e = parse_updated_min(bad).unwrap_err();
            assert_eq!(e.code(), 92010151112005, "{bad}");
        }
    }

    #[test]
    fn group_filter() {
        assert_eq!(GroupFilter::parse(""), None);
        assert_eq!(GroupFilter::parse(" , "), None);
        let f = GroupFilter::parse("dfdg4f,6get54,none,dfdg4f").unwrap();
        assert_eq!(f.ids, ["dfdg4f", "6get54"]);
        assert!(f.ungrouped);
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(f.admits(&ids(&["6get54"])));
        assert!(f.admits(&ids(&[])));
        assert!(f.admits(&ids(&["myContacts"])));
        assert!(!f.admits(&ids(&["myContacts", "friends"])));
        let only = GroupFilter::parse("friends").unwrap();
        assert!(!only.admits(&ids(&[])));
        assert!(only.admits(&ids(&["myContacts", "friends"])));
    }

    #[test]
    fn query_filters_on_time_but_keeps_deletions_and_timeless_records() {
        let q = ContactQuery {
            updated_min: Some(1000),
            groups: GroupFilter::parse("g1"),
            sync_token: None,
        };
        let mut c = ImportedContact {
            external_id: "x".into(),
            updated: Some(999),
            group_ids: vec!["g1".into()],
            ..Default::default()
        };
        assert!(!q.admits(&c));
        c.updated = Some(1000);
        assert!(q.admits(&c));
        c.updated = None;
        assert!(q.admits(&c));
        c.group_ids.clear();
        assert!(!q.admits(&c));
        c.deleted = true;
        assert!(q.admits(&c));
    }

    #[test]
    fn open_checks_the_system_and_its_fields() {
        let connectors = Connectors::new(&Config::default()).unwrap();
        let req = |sys: &str| ImportRequest {
            external_system: Some(sys.into()),
            ..Default::default()
        };
        let e = connectors.open(&req("outlook")).err().unwrap();
        assert_eq!(e.code(), 92010151112001);
        assert_eq!(e.status(), 400);
        assert!(e.devmsg.contains("\"outlook\""), "{}", e.devmsg);
        let e = connectors.open(&ImportRequest::default()).err().unwrap();
        assert_eq!(e.code(), 92020151112002);
        let e = connectors.open(&req("google")).err().unwrap();
        assert_eq!(e.devmsg, "password is required");
        let e = connectors.open(&req("vcard")).err().unwrap();
        assert_eq!(e.devmsg, "content is required");
        let e = connectors.open(&req("csv")).err().unwrap();
        assert_eq!(e.code(), 92020151112002);
        let ok = ImportRequest {
            content: Some(String::new()),
            ..req("CSV")
        };
        assert_eq!(
            connectors.open(&ok).ok().map(|c| c.system()),
            Some(ExternalSystem::Csv)
        );
    }
}

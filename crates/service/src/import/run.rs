//! The import endpoint's work (2.5.3.2.3–4) and the CLI's: read everything from the
//! connector first, then write in one transaction per request (per batch for the CLI),
//! creating or updating a contact per imported record matched by
//! `(user, externalSystem, account, externalId)`, keeping records that fail the `…Required`
//! rules as import contacts, deleting what the source deleted, attaching photos as pictures
//! of the system's type, journaling every change.

use std::collections::{BTreeMap, HashMap, HashSet};

use interact_domain::contacts::{
    Address, AddressInput, BasicInfo, BasicInfoInput, BasicInfoType, Contact, ContactKind,
    ContactRequest, ContactType, IdList, OrganizationFields, PersonFields, Profiles, Subtype,
};
use interact_domain::import::{
    ExternalContactGroup, ExternalSystem, ImportFailure, ImportRequest, ImportResult,
    ImportedContact,
};
use interact_errors::{Action, Detail, Error, Exception, Realm, Result, Tag};
use interact_store::import::{self as store, Account, ImportContactRow};
use interact_store::{users, AnyConnection};
use serde::Serialize;
use serde_json::Value;

use super::{parse_updated_min, Connector, ContactQuery, GroupFilter};
use crate::auth::{Principal, Role};
use crate::contacts;
use crate::journal::{self, Change};
use crate::numbers::{self, Region};
use crate::Ctx;

/// The journal's entity type of an import contact (not one sync returns).
pub const IMPORT_CONTACT: &str = "importContact";

/// The `nameRequired`, `phoneRequired`, `emailRequired` rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rules {
    pub name: bool,
    pub phone: bool,
    pub email: bool,
}

impl Rules {
    pub fn admit(&self, c: &ImportedContact) -> bool {
        (!self.name || c.has_name())
            && (!self.phone || c.has_phone())
            && (!self.email || c.has_email())
    }
}

/// The query string of `importContacts`, as sent.
#[derive(Debug, Clone, Default)]
pub struct ImportParams {
    pub name_required: Option<String>,
    pub phone_required: Option<String>,
    pub email_required: Option<String>,
    pub updated_min: Option<String>,
    pub group_ids: Option<String>,
}

fn bad_parameter(msg: String) -> Error {
    Error::new(
        Exception::InvalidData,
        Action::Import,
        Realm::ContactImport,
        Detail::InvalidParameter,
        msg,
    )
}

/// A boolean parameter: `1`/`0`, `true`/`false`, `yes`/`no`; absent or empty is false.
pub fn parse_flag(name: &str, value: Option<&str>) -> Result<bool> {
    match value.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        None | Some("") | Some("0") | Some("false") | Some("no") => Ok(false),
        Some("1") | Some("true") | Some("yes") => Ok(true),
        Some(_) => Err(bad_parameter(format!(
            "{name} must be 1 or 0 (true or false), not {:?}",
            value.unwrap_or_default()
        ))),
    }
}

impl ImportParams {
    pub fn rules(&self) -> Result<Rules> {
        Ok(Rules {
            name: parse_flag("nameRequired", self.name_required.as_deref())?,
            phone: parse_flag("phoneRequired", self.phone_required.as_deref())?,
            email: parse_flag("emailRequired", self.email_required.as_deref())?,
        })
    }

    /// `updated-min` as given (blank is not given).
    pub fn updated_min(&self) -> Result<Option<i64>> {
        self.updated_min
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(parse_updated_min)
            .transpose()
    }

    /// Checks every parameter, also where the `cmd` reads none of them
    /// (`getContactGroups`): a malformed one is refused rather than ignored, as the document
    /// states their forms whatever the `cmd`.
    pub fn check(&self) -> Result<()> {
        self.rules()?;
        self.updated_min()?;
        Ok(())
    }
}

/// What an import did so far (accumulated over the CLI's batches).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    pub failed: Vec<i64>,
    pub created: Vec<i64>,
    pub updated: Vec<i64>,
    pub deleted: Vec<i64>,
    pub unreadable: Vec<ImportFailure>,
}

/// `POST /v2/import?cmd=getContactGroups`.
pub async fn contact_groups(
    ctx: &Ctx,
    _who: &Principal,
    req: &ImportRequest,
) -> Result<Vec<ExternalContactGroup>> {
    let connector = ctx.connectors()?.open(req)?;
    connector.contact_groups().await
}

/// `POST /v2/import?cmd=importContacts`.
pub async fn import_contacts(
    ctx: &Ctx,
    who: &Principal,
    req: &ImportRequest,
    params: &ImportParams,
) -> Result<ImportResult> {
    let rules = params.rules()?;
    let explicit_min = params.updated_min()?;
    let groups = params.group_ids.as_deref().and_then(GroupFilter::parse);
    let connector = ctx.connectors()?.open(req)?;
    let system = connector.system();
    let account = connector.account().await?;
    let user_id = who.user_id;
    let state = {
        let account = account.clone();
        ctx.db
            .read(move |c| {
                store::account_state(
                    c,
                    Account {
                        user_id,
                        system: system.as_str(),
                        account: &account,
                    },
                )
            })
            .await
            .tag(Action::Import, Realm::ContactImport)?
    };
    // Without `updated-min` the last import is the default: with the connector's sync token
    // when it has one (exact, whatever the clocks say), else by the last import time. An
    // explicit `updated-min` lists everything and filters by it.
    let (last_import, stored_token) = state.unwrap_or((0, None));
    let sync_token = if explicit_min.is_none() {
        stored_token
    } else {
        None
    };
    let filter = ContactQuery {
        updated_min: explicit_min.or(if sync_token.is_some() || last_import == 0 {
            None
        } else {
            Some(last_import)
        }),
        groups,
        sync_token: None,
    };
    // Everything is read before anything is written: a failing source leaves nothing
    // half-written. The connector lists unfiltered so that what the source still holds is
    // known (a contact filtered out is not one deleted at the source).
    let fetched = connector
        .contacts(&ContactQuery {
            sync_token,
            ..ContactQuery::default()
        })
        .await?;
    let now = ctx.clock.now_ms();
    let region = ctx.config.default_region;
    let who = who.clone();
    let account_name = account.clone();
    let outcome = ctx
        .db
        .write(move |c| {
            let a = Account {
                user_id: who.user_id,
                system: system.as_str(),
                account: &account_name,
            };
            let mut out = Outcome {
                unreadable: fetched.failed.clone(),
                ..Outcome::default()
            };
            let admitted: Vec<(usize, &ImportedContact)> = fetched
                .contacts
                .iter()
                .enumerate()
                .filter(|(_, ic)| filter.admits(ic))
                .collect();
            apply(c, &who, a, &admitted, rules, now, region, BATCH, &mut out)?;
            // Only Google's complete listing tells what the account no longer holds; a file
            // is a snapshot a user may split as they like.
            let ids_known = fetched.failed.iter().all(|f| f.external_id.is_some());
            if system == ExternalSystem::Google && fetched.complete && ids_known {
                let present: HashSet<&str> = fetched
                    .contacts
                    .iter()
                    .map(|ic| ic.external_id.as_str())
                    .chain(
                        fetched
                            .failed
                            .iter()
                            .filter_map(|f| f.external_id.as_deref()),
                    )
                    .collect();
                delete_absent(c, &who, a, &present, now, &mut out)?;
            }
            store::save_account_state(c, a, now, fetched.next_sync_token.as_deref())?;
            Ok(out)
        })
        .await
        .tag(Action::Import, Realm::ContactImport)?;
    for f in &outcome.unreadable {
        log::info!(
            "import {} {account:?} of user {user_id}: record {} ({}) not imported: {}",
            system.as_str(),
            f.index,
            f.external_id.as_deref().unwrap_or("no id"),
            f.reason
        );
    }
    Ok(ImportResult {
        external_system: system.as_str().to_string(),
        external_system_account: account,
        import_time: now,
        failed: outcome.failed,
        created: outcome.created,
        updated: outcome.updated,
        deleted: outcome.deleted,
        unreadable: outcome.unreadable,
    })
}

/// The user with this email as a principal (the CLI acts for them).
pub async fn principal_by_email(ctx: &Ctx, email: &str) -> Result<Principal> {
    let email = email.trim().to_string();
    let user = {
        let email = email.clone();
        ctx.db
            .read(move |c| users::find_by_email(c, &email))
            .await?
    };
    let user = user.ok_or_else(|| {
        Error::new(
            Exception::UserNotFound,
            Action::Import,
            Realm::ContactImport,
            Detail::NotFound,
            format!("no user has the email {email:?}"),
        )
    })?;
    Ok(Principal {
        user_id: user.id,
        roles: user
            .role_names()
            .iter()
            .filter_map(|r| Role::parse(r))
            .collect(),
        uuid: user.uuid,
        email: user.email,
        company_id: user.company_id,
        token_id: 0,
        expires: 0,
    })
}

/// Imports contacts read from a file (the CLI): the same matching, rules and journal as the
/// endpoint, committed in transactions of `batch` contacts; `progress` is told how many
/// records are done after each. Records a file lists are never deleted.
#[allow(clippy::too_many_arguments)]
pub async fn import_parsed(
    ctx: &Ctx,
    who: &Principal,
    system: ExternalSystem,
    account: &str,
    parsed: super::Parsed,
    rules: Rules,
    batch: usize,
    progress: impl Fn(usize),
) -> Result<ImportResult> {
    let region = ctx.config.default_region;
    let mut out = Outcome {
        unreadable: parsed.failed,
        ..Outcome::default()
    };
    let contacts = std::sync::Arc::new(parsed.contacts);
    let started = ctx.clock.now_ms();
    let batch = batch.max(1);
    let mut done = 0;
    while done < contacts.len() {
        let end = (done + batch).min(contacts.len());
        let now = ctx.clock.now_ms();
        let who = who.clone();
        let account = account.to_string();
        let contacts = contacts.clone();
        let part = ctx
            .db
            .write(move |c| {
                let a = Account {
                    user_id: who.user_id,
                    system: system.as_str(),
                    account: &account,
                };
                let mut part = Outcome::default();
                let admitted: Vec<(usize, &ImportedContact)> =
                    (done..end).map(|i| (i, &contacts[i])).collect();
                apply(c, &who, a, &admitted, rules, now, region, batch, &mut part)?;
                Ok(part)
            })
            .await
            .tag(Action::Import, Realm::ContactImport)?;
        out.failed.extend(part.failed);
        out.created.extend(part.created);
        out.updated.extend(part.updated);
        out.deleted.extend(part.deleted);
        out.unreadable.extend(part.unreadable);
        done = end;
        progress(done);
    }
    let who_id = who.user_id;
    let account_name = account.to_string();
    ctx.db
        .write(move |c| {
            store::save_account_state(
                c,
                Account {
                    user_id: who_id,
                    system: system.as_str(),
                    account: &account_name,
                },
                started,
                None,
            )
        })
        .await
        .tag(Action::Import, Realm::ContactImport)?;
    Ok(ImportResult {
        external_system: system.as_str().to_string(),
        external_system_account: account.to_string(),
        import_time: started,
        failed: out.failed,
        created: out.created,
        updated: out.updated,
        deleted: out.deleted,
        unreadable: out.unreadable,
    })
}

/// New contacts an import creates per batch on the endpoint (one transaction for the whole
/// request); the CLI's batches are its `--batch`.
pub const BATCH: usize = 1_000;

/// A record that becomes a new contact, waiting for its batch to be written.
struct Pending<'r> {
    ext: &'r str,
    record: &'r ImportedContact,
    req: ContactRequest,
    /// A person's organization name: the organization is found or made when the batch is
    /// written.
    org_name: Option<String>,
}

/// What an `apply` keeps between records: the batch of new contacts waiting to be written
/// and what the batches share.
#[derive(Default)]
struct State<'r> {
    pending: Vec<Pending<'r>>,
    /// Names of the organization records in `pending`.
    org_records: HashSet<String>,
    /// Organization names the persons in `pending` are related to.
    org_names: HashSet<String>,
    /// Organizations by name, found or made by this import.
    organizations: HashMap<String, i64>,
    /// Organizations new persons were related to, in their state before: one journal entry
    /// each for the whole `apply`.
    linked: BTreeMap<i64, Contact>,
    /// Import contacts of the records, by external id.
    parked: HashMap<String, ImportContactRow>,
}

impl State<'_> {
    /// Whether writing `contact` (an update or a deletion) could change which organization
    /// a pending person is related to: it is, or becomes, an organization of such a name.
    fn touches_pending(&self, contact: &Contact, record: &ImportedContact) -> bool {
        let named = |n: &Option<String>| {
            text(n).is_some_and(|n| self.org_names.contains(&n) || self.org_records.contains(&n))
        };
        let stored = match &contact.kind {
            ContactKind::Organization(o) => named(&o.organization_name),
            ContactKind::Person(_) => false,
        };
        stored || named(&record.organization_name)
    }
}

/// Applies imported records inside a write transaction. `(index, record)`: the index names
/// the record in `unreadable`. Records that become new contacts are written `batch` at a time
/// (`flush`: a fixed number of multi-row statements per batch); updates, deletions and
/// import contacts are written as they come, after the pending batch when they could change
/// what it relates its persons to. What the client is answered (`created` in record order, an
/// organization made for a person just before it) is the same as one record at a time.
#[allow(clippy::too_many_arguments)]
fn apply(
    c: &mut AnyConnection,
    who: &Principal,
    a: Account,
    records: &[(usize, &ImportedContact)],
    rules: Rules,
    now: i64,
    region: Region,
    batch: usize,
    out: &mut Outcome,
) -> Result<()> {
    let batch = batch.max(1);
    let ids: Vec<&str> = records
        .iter()
        .map(|(_, r)| r.external_id.as_str())
        .collect();
    let mut sources = store::sources_among(c, a, &ids)?;
    let mut st = State {
        parked: store::import_contacts_among(c, a, &ids)?,
        ..State::default()
    };
    let mut seen = HashSet::new();
    for (index, record) in records {
        let ext = record.external_id.as_str();
        let unreadable = |reason: String| ImportFailure {
            index: *index,
            line: None,
            external_id: Some(ext.to_string()),
            reason,
        };
        if !seen.insert(ext) {
            out.unreadable
                .push(unreadable("the same external id is listed twice".into()));
            continue;
        }
        if record.deleted {
            if let Some(id) = sources.remove(ext) {
                if let Some(old) = contacts::load_one(c, who.user_id, id)? {
                    let old = if st.touches_pending(&old, record) {
                        flush(c, who, a, &mut st, now, region, out)?;
                        contacts::load_one(c, who.user_id, id)?
                    } else {
                        Some(old)
                    };
                    if let Some(old) = old {
                        contacts::delete_loaded(c, who, old, now)?;
                        out.deleted.push(id);
                    }
                }
            }
            if let Some(row) = st.parked.remove(ext) {
                drop_import_contact(c, who, &row, now)?;
            }
            continue;
        }
        let request = as_request(record);
        if let Some(req) = &request {
            if let Err(e) = req.validate_common() {
                out.unreadable.push(unreadable(e.message().to_string()));
                continue;
            }
        }
        let existing = match sources.get(ext) {
            Some(id) => match contacts::load_one(c, who.user_id, *id)? {
                Some(old) if st.touches_pending(&old, record) => {
                    flush(c, who, a, &mut st, now, region, out)?;
                    contacts::load_one(c, who.user_id, *id)?
                }
                old => old,
            },
            None => None,
        };
        if let Some(old) = existing {
            // A contact an earlier import made stays a contact: the rules decide what a new
            // record becomes.
            update_contact(c, who, old, record, request, now, region)?;
            sync_pictures(c, who, a.system, sources[ext], &record.photo_urls, now)?;
            out.updated.push(sources[ext]);
            if let Some(row) = st.parked.remove(ext) {
                drop_import_contact(c, who, &row, now)?;
            }
            continue;
        }
        match request.filter(|_| rules.admit(record)) {
            Some(req) => {
                let org_name = match text(&record.organization_name) {
                    Some(name) if req.contact_type == Some(ContactType::Person) => {
                        // An organization record of that name waiting in the batch is written
                        // first, so that the person is related to it (as one at a time would).
                        if !st.organizations.contains_key(&name) && st.org_records.contains(&name) {
                            flush(c, who, a, &mut st, now, region, out)?;
                        }
                        st.org_names.insert(name.clone());
                        Some(name)
                    }
                    Some(name) => {
                        st.org_records.insert(name);
                        None
                    }
                    None => None,
                };
                st.pending.push(Pending {
                    ext,
                    record,
                    req,
                    org_name,
                });
                if st.pending.len() >= batch {
                    flush(c, who, a, &mut st, now, region, out)?;
                }
            }
            None => {
                let id = park(c, who, a, st.parked.get(ext), record, now, region)?;
                out.failed.push(id);
            }
        }
    }
    flush(c, who, a, &mut st, now, region, out)?;
    contacts::touch_and_journal(
        c,
        who,
        std::mem::take(&mut st.linked).into_values().collect(),
        now,
    )
}

/// Writes the pending new contacts in a fixed number of statements: the organizations their
/// persons are related to (found by name in one query, the missing ones made with
/// `contacts::create_many`), those organizations' state before (one load), the contacts with
/// what hangs off them and their journal entries (`contacts::create_many`), their sources;
/// then each one's photos and the import contact its record was before, if any.
fn flush(
    c: &mut AnyConnection,
    who: &Principal,
    a: Account,
    st: &mut State,
    now: i64,
    region: Region,
    out: &mut Outcome,
) -> Result<()> {
    st.org_records.clear();
    st.org_names.clear();
    let pending = std::mem::take(&mut st.pending);
    if pending.is_empty() {
        return Ok(());
    }
    // The organizations, in the order the persons name them.
    let mut wanted: Vec<&str> = Vec::new();
    let mut asked = HashSet::new();
    for name in pending.iter().filter_map(|p| p.org_name.as_deref()) {
        if !st.organizations.contains_key(name) && asked.insert(name) {
            wanted.push(name);
        }
    }
    let found = interact_store::import::organizations_named(c, who.user_id, &wanted)?;
    let missing: Vec<(&str, ContactRequest)> = wanted
        .iter()
        .filter(|n| !found.contains_key(**n))
        .map(|n| {
            let req = ContactRequest {
                contact_type: Some(ContactType::Organization),
                organization_name: Some(Some(n.to_string())),
                ..ContactRequest::default()
            };
            (*n, req)
        })
        // A name no organization may carry (too long) relates the person to none.
        .filter(|(_, req)| req.validate_common().is_ok())
        .collect();
    let items: Vec<contacts::NewContact> = missing
        .iter()
        .map(|(_, req)| contacts::NewContact { req, org: None })
        .collect();
    let made = contacts::create_many(c, who, &items, now, region)?;
    let made: HashMap<&str, i64> = missing
        .iter()
        .zip(&made)
        .map(|((n, _), org)| (*n, org.id))
        .collect();
    st.organizations.extend(found);
    st.organizations
        .extend(made.iter().map(|(n, id)| (n.to_string(), *id)));
    let orgs: Vec<Option<i64>> = pending
        .iter()
        .map(|p| {
            p.org_name
                .as_deref()
                .and_then(|n| st.organizations.get(n).copied())
        })
        .collect();
    // The organizations' state before this batch relates persons to them, once per apply.
    let first_seen: Vec<i64> = {
        let mut ids: Vec<i64> = orgs
            .iter()
            .flatten()
            .copied()
            .filter(|id| !st.linked.contains_key(id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    for old in contacts::load_many(c, who.user_id, &first_seen)? {
        st.linked.insert(old.id, old);
    }
    let items: Vec<contacts::NewContact> = pending
        .iter()
        .zip(&orgs)
        .map(|(p, org)| contacts::NewContact {
            req: &p.req,
            org: *org,
        })
        .collect();
    let created = contacts::create_many(c, who, &items, now, region)?;
    let list: Vec<(&str, i64)> = pending
        .iter()
        .zip(&created)
        .map(|(p, new)| (p.ext, new.id))
        .collect();
    store::insert_sources(c, a, &list)?;
    let mut reported: HashSet<i64> = HashSet::new();
    for ((p, new), org) in pending.iter().zip(&created).zip(&orgs) {
        // A new contact has no pictures: without photos there is nothing to sync.
        if !p.record.photo_urls.is_empty() {
            sync_pictures(c, who, a.system, new.id, &p.record.photo_urls, now)?;
        }
        // An organization made for this batch is reported just before its first person.
        if let (Some(name), Some(org)) = (p.org_name.as_deref(), org) {
            if made.get(name) == Some(org) && reported.insert(*org) {
                out.created.push(*org);
            }
        }
        out.created.push(new.id);
        if let Some(row) = st.parked.remove(p.ext) {
            drop_import_contact(c, who, &row, now)?;
        }
    }
    Ok(())
}

/// Deletes the contacts (and import contacts) of the account whose external id the source
/// no longer lists.
fn delete_absent(
    c: &mut AnyConnection,
    who: &Principal,
    a: Account,
    present: &HashSet<&str>,
    now: i64,
    out: &mut Outcome,
) -> Result<()> {
    let mut gone: Vec<(String, i64)> = store::sources(c, a)?
        .into_iter()
        .filter(|(ext, _)| !present.contains(ext.as_str()))
        .collect();
    gone.sort_by_key(|(_, id)| *id);
    for (_, id) in gone {
        if contacts::load_one(c, who.user_id, id)?.is_some() {
            contacts::delete_in(c, who, id, now)?;
            out.deleted.push(id);
        }
    }
    let mut parked: Vec<ImportContactRow> = store::import_contacts_of(c, a)?
        .into_values()
        .filter(|r| !present.contains(r.external_id.as_str()))
        .collect();
    parked.sort_by_key(|r| r.id);
    for row in parked {
        drop_import_contact(c, who, &row, now)?;
    }
    Ok(())
}

fn text(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn basic_info_type(kind: interact_domain::import::BasicInfoType) -> BasicInfoType {
    BasicInfoType::parse(kind.as_str()).unwrap_or(BasicInfoType::Phone)
}

fn subtype(s: Option<interact_domain::import::BasicInfoSubtype>) -> Option<Subtype> {
    s.and_then(|s| Subtype::parse(s.as_str()))
}

fn basic_infos_of(record: &ImportedContact) -> Vec<BasicInfoInput> {
    record
        .basic_infos
        .iter()
        .filter(|b| !b.value.trim().is_empty())
        .map(|b| BasicInfoInput {
            id: None,
            type_: Some(basic_info_type(b.kind)),
            subtype: subtype(b.subtype),
            value: Some(b.value.trim().to_string()),
            excluded: None,
            identifier: None,
        })
        .collect()
}

fn addresses_of(record: &ImportedContact) -> Vec<AddressInput> {
    record
        .addresses
        .iter()
        .filter(|a| !a.is_empty())
        .map(|a| AddressInput {
            id: None,
            subtype: subtype(a.subtype),
            addressline1: text(&a.addressline1),
            addressline2: text(&a.addressline2),
            addressline3: text(&a.addressline3),
            zip: text(&a.zip),
            city: text(&a.city),
            state: text(&a.state),
            country: text(&a.country),
        })
        .collect()
}

/// The contact a record becomes: a person when it has a first or last name, else an
/// organization when it has an organization name, else none (it can only be an import
/// contact).
fn as_request(record: &ImportedContact) -> Option<ContactRequest> {
    let mut req = ContactRequest {
        basic_infos: Some(basic_infos_of(record)),
        addresses: Some(addresses_of(record)),
        ..ContactRequest::default()
    };
    if text(&record.first_name).is_some() || text(&record.last_name).is_some() {
        req.contact_type = Some(ContactType::Person);
        req.title = Some(text(&record.title));
        req.first_name = Some(text(&record.first_name));
        req.middle_name = Some(text(&record.middle_name));
        req.last_name = Some(text(&record.last_name));
        req.profession = Some(text(&record.profession));
    } else if text(&record.organization_name).is_some() {
        req.contact_type = Some(ContactType::Organization);
        req.organization_name = Some(text(&record.organization_name));
    } else {
        return None;
    }
    Some(req)
}

type InfoKey = (BasicInfoType, Option<Subtype>, String);
type AddressKey = [Option<String>; 7];

fn address_key_of_input(a: &AddressInput) -> (Option<Subtype>, AddressKey) {
    (
        a.subtype,
        [
            a.addressline1.clone(),
            a.addressline2.clone(),
            a.addressline3.clone(),
            a.zip.clone(),
            a.city.clone(),
            a.state.clone(),
            a.country.clone(),
        ],
    )
}

fn address_key(a: &Address) -> (Option<Subtype>, AddressKey) {
    (
        a.subtype,
        [
            a.addressline1.clone(),
            a.addressline2.clone(),
            a.addressline3.clone(),
            a.zip.clone(),
            a.city.clone(),
            a.state.clone(),
            a.country.clone(),
        ],
    )
}

/// Brings a contact an earlier import made up to date with the record: the source owns the
/// names, job title, basicInfos and addresses (a basicInfo of the same type and number or
/// address keeps its id and `excluded` flag); tags, profiles, `hot`, gender, custom fields
/// and relations are the user's and stay. Nothing is written (and the version stays) when
/// nothing changed. A record whose kind differs from the stored contact's (a person that
/// became an organization) updates only the basicInfos and addresses.
fn update_contact(
    c: &mut AnyConnection,
    who: &Principal,
    old: Contact,
    record: &ImportedContact,
    request: Option<ContactRequest>,
    now: i64,
    region: Region,
) -> Result<()> {
    let mut req = ContactRequest {
        version: Some(old.version),
        ..ContactRequest::default()
    };
    let mut changed = false;
    let wanted = request.as_ref();
    match (&old.kind, wanted.and_then(|r| r.contact_type)) {
        (ContactKind::Person(p), Some(ContactType::Person)) => {
            let r = wanted.cloned().unwrap_or_default();
            // The attributes an import brings; every other one (gender, and any attribute
            // added later) is the user's and stays as stored.
            let now_fields = PersonFields {
                title: r.title.clone().flatten(),
                first_name: r.first_name.clone().flatten(),
                middle_name: r.middle_name.clone().flatten(),
                last_name: r.last_name.clone().flatten(),
                profession: r.profession.clone().flatten(),
                ..p.clone()
            };
            if &now_fields != p {
                changed = true;
                req.title = r.title;
                req.first_name = r.first_name;
                req.middle_name = r.middle_name;
                req.last_name = r.last_name;
                req.profession = r.profession;
            }
        }
        (ContactKind::Organization(o), Some(ContactType::Organization)) => {
            let r = wanted.cloned().unwrap_or_default();
            let now_fields = OrganizationFields {
                organization_name: r.organization_name.clone().flatten(),
                ..o.clone()
            };
            if &now_fields != o {
                changed = true;
                req.organization_name = r.organization_name;
            }
        }
        _ => {}
    }
    // BasicInfos: the record's list, each matched to an unused stored one of the same type
    // and matching key (which keeps its id, excluded flag and identifier).
    let old_keys: Vec<String> = old
        .basic_infos
        .iter()
        .map(|b| numbers::match_key(b.type_, &b.value, region))
        .collect();
    let mut used = vec![false; old.basic_infos.len()];
    let mut infos = basic_infos_of(record);
    for item in &mut infos {
        let (Some(t), Some(v)) = (item.type_, item.value.as_deref()) else {
            continue;
        };
        let key = numbers::match_key(t, v, region);
        if let Some(i) = (0..old.basic_infos.len())
            .find(|&i| !used[i] && old.basic_infos[i].type_ == t && old_keys[i] == key)
        {
            used[i] = true;
            item.id = Some(old.basic_infos[i].id);
            if item.subtype.is_none() {
                item.subtype = old.basic_infos[i].subtype;
            }
        }
    }
    let before: Vec<InfoKey> = old.basic_infos.iter().map(info_key).collect();
    let after: Vec<InfoKey> = infos
        .iter()
        .map(|b| {
            (
                b.type_.unwrap_or(BasicInfoType::Phone),
                b.subtype,
                b.value.clone().unwrap_or_default(),
            )
        })
        .collect();
    if before != after {
        changed = true;
        req.basic_infos = Some(infos);
    }
    let mut addresses = addresses_of(record);
    let mut used = vec![false; old.addresses.len()];
    for a in &mut addresses {
        let key = address_key_of_input(a);
        if let Some(i) =
            (0..old.addresses.len()).find(|&i| !used[i] && address_key(&old.addresses[i]) == key)
        {
            used[i] = true;
            a.id = Some(old.addresses[i].id);
        }
    }
    let before: Vec<_> = old.addresses.iter().map(address_key).collect();
    let after: Vec<_> = addresses.iter().map(address_key_of_input).collect();
    if before != after {
        changed = true;
        req.addresses = Some(addresses);
    }
    if changed {
        contacts::update_one(c, who, old.id, &req, now, region)?;
    }
    Ok(())
}

fn info_key(b: &BasicInfo) -> InfoKey {
    (b.type_, b.subtype, b.value.clone())
}

/// A picture as the journal records it (the pictures resource's wire shape).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PictureState<'a> {
    id: i64,
    is_default: bool,
    #[serde(rename = "type")]
    type_: &'a str,
    url: &'a str,
}

/// Makes the contact's pictures of the system's type the record's photo urls: pictures of
/// urls the record no longer has go, new urls are added (the first one default when the
/// contact has no default picture). Pictures of other types are left alone.
fn sync_pictures(
    c: &mut AnyConnection,
    who: &Principal,
    system: &str,
    contact_id: i64,
    urls: &[String],
    now: i64,
) -> Result<()> {
    let existing: Vec<store::ImportedPicture> = store::imported_pictures(c, contact_id)?
        .into_iter()
        .filter(|p| p.type_ == system)
        .collect();
    let wanted: Vec<&str> = {
        let mut seen = HashSet::new();
        urls.iter()
            .map(|u| u.trim())
            .filter(|u| !u.is_empty() && seen.insert(*u))
            .collect()
    };
    for p in &existing {
        let url = p.url.as_deref().unwrap_or("");
        if !wanted.contains(&url) {
            store::delete_imported_picture(c, p.id)?;
            let old = PictureState {
                id: p.id,
                is_default: p.is_default,
                type_: system,
                url,
            };
            journal::record_own(
                c,
                who.user_id,
                ("picture", p.id),
                Change::Delete,
                Some(&old),
                None,
                now,
            )?;
        }
    }
    let have: HashSet<&str> = existing.iter().filter_map(|p| p.url.as_deref()).collect();
    let mut has_default = store::has_default_picture(c, contact_id)?;
    for url in wanted {
        if have.contains(url) {
            continue;
        }
        let is_default = !has_default;
        let id = store::insert_picture(c, who.user_id, contact_id, system, url, is_default, now)?;
        has_default = true;
        let new = PictureState {
            id,
            is_default,
            type_: system,
            url,
        };
        journal::record_own(
            c,
            who.user_id,
            ("picture", id),
            Change::Insert,
            None,
            Some(&new),
            now,
        )?;
    }
    Ok(())
}

/// The import contact's wire form: the base projection without ids or version (DESIGN.md:
/// cleanup answers it in the base projection).
pub fn import_contact_json(system: &str, record: &ImportedContact) -> Value {
    let organization = text(&record.first_name).is_none()
        && text(&record.last_name).is_none()
        && text(&record.middle_name).is_none()
        && text(&record.organization_name).is_some();
    let (contact_type, kind) = if organization {
        (
            ContactType::Organization,
            ContactKind::Organization(OrganizationFields {
                organization_name: text(&record.organization_name),
                ..OrganizationFields::default()
            }),
        )
    } else {
        (
            ContactType::Person,
            // What an import brings; the other attributes start unset.
            ContactKind::Person(PersonFields {
                title: text(&record.title),
                first_name: text(&record.first_name),
                middle_name: text(&record.middle_name),
                last_name: text(&record.last_name),
                profession: text(&record.profession),
                ..PersonFields::default()
            }),
        )
    };
    let contact = Contact {
        id: 0,
        version: 0,
        contact_type,
        kind,
        hot: false,
        basic_infos: basic_infos_of(record)
            .into_iter()
            .map(|b| BasicInfo {
                id: 0,
                type_: b.type_.unwrap_or(BasicInfoType::Phone),
                subtype: b.subtype,
                value: b.value.unwrap_or_default(),
                excluded: false,
                identifier: None,
            })
            .collect(),
        addresses: addresses_of(record)
            .into_iter()
            .map(|a| Address {
                id: 0,
                subtype: a.subtype,
                addressline1: a.addressline1,
                addressline2: a.addressline2,
                addressline3: a.addressline3,
                zip: a.zip,
                city: a.city,
                state: a.state,
                country: a.country,
            })
            .collect(),
        profiles: Profiles::default(),
        tags: Vec::new(),
        custom_fields: Vec::new(),
        related_to: IdList::default(),
        deals: IdList::default(),
        notes: IdList::default(),
        tasks: IdList::default(),
        interactions: IdList::default(),
        pictures: record
            .photo_urls
            .iter()
            .enumerate()
            .map(|(i, u)| interact_domain::contacts::PictureRef {
                id: 0,
                is_default: i == 0,
                type_: system.to_string(),
                url: u.clone(),
            })
            .collect(),
    };
    let mut v = serde_json::to_value(&contact).unwrap_or(Value::Null);
    if let Some(o) = v.as_object_mut() {
        o.remove("id");
        o.remove("version");
        for list in ["basicInfos", "addresses", "pictures"] {
            if let Some(Value::Array(items)) = o.get_mut(list) {
                for item in items {
                    if let Some(i) = item.as_object_mut() {
                        i.remove("id");
                    }
                }
            }
        }
    }
    v
}

/// The import contact's state as the journal records it: its wire form with its id.
fn parked_state(id: i64, contact: &Value) -> Value {
    let mut v = contact.clone();
    if let Some(o) = v.as_object_mut() {
        o.insert("id".into(), id.into());
    }
    v
}

/// Stores a record that is not to be a contact (or updates the one stored before); its
/// basicInfo values go to `import_contact_values` under the contacts' matching keys.
fn park(
    c: &mut AnyConnection,
    who: &Principal,
    a: Account,
    existing: Option<&ImportContactRow>,
    record: &ImportedContact,
    now: i64,
    region: Region,
) -> Result<i64> {
    let json = import_contact_json(a.system, record);
    let text = serde_json::to_string(&json)?;
    let id = match existing {
        Some(row) => {
            if row.contact != text {
                store::update_import_contact(c, row.id, &text, now)?;
                let old: Value = serde_json::from_str(&row.contact).unwrap_or(Value::Null);
                record_state(c, who, Change::Update, row.id, Some(&old), Some(&json), now)?;
            }
            row.id
        }
        None => {
            let row = store::insert_import_contact(c, a, &record.external_id, &text, now)?;
            record_state(c, who, Change::Insert, row.id, None, Some(&json), now)?;
            row.id
        }
    };
    let values: Vec<(String, String)> = basic_infos_of(record)
        .into_iter()
        .filter_map(|b| {
            let (t, v) = (b.type_?, b.value?);
            Some((numbers::match_key(t, &v, region), v))
        })
        .collect();
    store::set_import_values(c, id, who.user_id, &values)?;
    Ok(id)
}

fn record_state(
    c: &mut AnyConnection,
    who: &Principal,
    change: Change,
    id: i64,
    old: Option<&Value>,
    new: Option<&Value>,
    now: i64,
) -> Result<()> {
    let old = old.map(|v| parked_state(id, v));
    let new = new.map(|v| parked_state(id, v));
    journal::record_own(
        c,
        who.user_id,
        (IMPORT_CONTACT, id),
        change,
        old.as_ref(),
        new.as_ref(),
        now,
    )
}

/// Deletes an import contact, journaled: its record became a contact, is gone at the source,
/// or a merge took it in.
pub(crate) fn drop_import_contact(
    c: &mut AnyConnection,
    who: &Principal,
    row: &ImportContactRow,
    now: i64,
) -> Result<()> {
    store::delete_import_contact(c, row.id)?;
    let old: Value = serde_json::from_str(&row.contact).unwrap_or(Value::Null);
    record_state(c, who, Change::Delete, row.id, Some(&old), None, now)?;
    Ok(())
}

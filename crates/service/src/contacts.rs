//! Contacts: create, read in three projections, search, update with a version check, delete,
//! and what hangs off a contact (basicInfos, addresses, profiles, tags, relations, search
//! terms). Every change is journaled in its transaction, also for the related contacts whose
//! `relatedTo` it changes.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use interact_domain::admin::CustomFieldValue;
use interact_domain::contacts::{
    Address, BaseContact, BasicInfo, BasicInfoType, Contact, ContactKind, ContactList,
    ContactRequest, ContactType, Extra, Gender, IdList, Invalid, OrganizationFields, PersonFields,
    Profiles, Projected, Projection, Subtype, ThinContact,
};
use interact_domain::{ListPage, Page};
use interact_errors::{Action, Detail, Error, Exception, Realm, Result};
use interact_store::contact_writes;
use interact_store::contacts::{self as store, AddressForm, BasicInfoForm, ContactForm};
use interact_store::AnyConnection;

use crate::auth::Principal;
use crate::contact_cache::ContactCache;
use crate::ids::ContactId;
use crate::journal::{self, Change, Entry};
use crate::numbers;
use crate::Ctx;

/// Longest `q` accepted, and most words in it.
pub const MAX_QUERY: usize = 255;
pub const MAX_QUERY_WORDS: usize = 8;

pub(crate) fn not_found(action: Action, realm: Realm, id: i64) -> Error {
    Error::new(
        Exception::ContactNotFound,
        action,
        realm,
        Detail::NotFound,
        format!("contact {id} not found"),
    )
}

pub(crate) fn invalid(e: Invalid, action: Action, realm: Realm) -> Error {
    let (ex, detail) = match &e {
        Invalid::Missing(_) => (Exception::MissingData, Detail::MissingValue),
        Invalid::Value(_) => (Exception::InvalidData, Detail::InvalidValue),
        Invalid::TooLong(_) => (Exception::InvalidData, Detail::TooLong),
    };
    Error::new(ex, action, realm, detail, e.message())
}

fn bad_value(action: Action, msg: String) -> Error {
    invalid(Invalid::Value(msg), action, Realm::Contacts)
}

fn bad_parameter(action: Action, realm: Realm, msg: String) -> Error {
    Error::new(
        Exception::InvalidData,
        action,
        realm,
        Detail::InvalidParameter,
        msg,
    )
}

/// Builds the wire contact from its row and what hangs off it.
fn assemble(row: &store::ContactRow, children: &store::Children) -> Contact {
    let id = row.id;
    let profiles: Profiles = serde_json::from_str(&row.profiles).unwrap_or_default();
    let kind = match ContactType::parse(&row.contact_type) {
        Some(ContactType::Organization) => ContactKind::Organization(OrganizationFields {
            organization_name: row.organization_name.clone(),
            business: row.business.clone(),
        }),
        _ => ContactKind::Person(PersonFields {
            title: row.title.clone(),
            first_name: row.first_name.clone(),
            middle_name: row.middle_name.clone(),
            last_name: row.last_name.clone(),
            profession: row.profession.clone(),
            gender: row.gender.as_deref().and_then(Gender::parse),
        }),
    };
    Contact {
        id,
        version: row.version,
        contact_type: ContactType::parse(&row.contact_type).unwrap_or(ContactType::Person),
        kind,
        hot: row.hot,
        basic_infos: children.basic_infos.iter().map(basic_info_of).collect(),
        addresses: children.addresses.iter().map(address_of).collect(),
        profiles,
        tags: children.tags.clone(),
        custom_fields: children
            .custom_fields
            .iter()
            .map(|(field, name, value)| CustomFieldValue {
                id: *field,
                name: name.clone(),
                value: value.clone(),
            })
            .collect(),
        related_to: IdList(children.related.clone()),
        deals: IdList(children.deals.clone()),
        notes: IdList(children.notes.clone()),
        tasks: IdList(children.tasks.clone()),
        interactions: IdList(children.interactions.clone()),
        pictures: children
            .pictures
            .iter()
            .map(crate::pictures::view)
            .collect(),
    }
}

/// The display name of a contact, from its row alone.
pub(crate) fn display_name(row: &store::ContactRow) -> String {
    assemble(row, &store::Children::default()).display_name()
}

pub(crate) fn basic_info_of(b: &store::BasicInfoRow) -> BasicInfo {
    BasicInfo {
        id: b.id,
        type_: BasicInfoType::parse(&b.type_).unwrap_or(BasicInfoType::Phone),
        subtype: b.subtype.as_deref().and_then(Subtype::parse),
        value: b.value.clone(),
        excluded: b.excluded,
        identifier: b.identifier.clone(),
    }
}

fn address_of(a: &store::AddressRow) -> Address {
    Address {
        id: a.id,
        subtype: a.subtype.as_deref().and_then(Subtype::parse),
        addressline1: a.addressline1.clone(),
        addressline2: a.addressline2.clone(),
        addressline3: a.addressline3.clone(),
        zip: a.zip.clone(),
        city: a.city.clone(),
        state: a.state.clone(),
        country: a.country.clone(),
    }
}

/// Loads the caller's contacts in the order of `ids` (missing and foreign ones skipped), as
/// the connection sees them (a write's own changes included).
pub(crate) fn load_many(
    conn: &mut AnyConnection,
    user_id: i64,
    ids: &[i64],
) -> Result<Vec<Contact>> {
    Ok(store::load(conn, user_id, ids)?
        .iter()
        .map(|(row, children)| assemble(row, children))
        .collect())
}

/// [`load_many`] for reads outside a write: the contacts kept in the contact cache where they
/// are current, and the rest read with their children and kept (see
/// [`crate::contact_cache`]).
pub(crate) fn read_many(
    conn: &mut AnyConnection,
    cache: &ContactCache,
    user_id: i64,
    ids: &[i64],
) -> Result<Vec<BaseContact>> {
    // Contacts with nothing kept are read with their children at once (one statement, as a
    // write reads them); the others by their revisions first, to see whether what is kept is
    // current.
    let (known, unknown): (Vec<i64>, Vec<i64>) = ids.iter().partition(|id| cache.holds(**id));
    let mut read = load_and_keep(conn, cache, user_id, &unknown)?;
    let revs = store::revs(conn, user_id, &known)?;
    for contact in read_revs(conn, cache, user_id, &revs)? {
        read.insert(contact.contact().id, contact);
    }
    Ok(ids.iter().filter_map(|id| read.remove(id)).collect())
}

/// [`read_many`] of contacts whose revisions were read already, in their order.
fn read_revs(
    conn: &mut AnyConnection,
    cache: &ContactCache,
    user_id: i64,
    revs: &[store::ContactRev],
) -> Result<Vec<BaseContact>> {
    let (kept, missing) = kept_of(cache, revs);
    read_missing(conn, cache, user_id, revs, kept, &missing)
}

/// The contacts of these revisions that the cache keeps as they are, by id, and the ids of
/// the others.
fn kept_of(
    cache: &ContactCache,
    revs: &[store::ContactRev],
) -> (HashMap<i64, BaseContact>, Vec<i64>) {
    let mut kept = HashMap::with_capacity(revs.len());
    let mut missing = Vec::new();
    for rev in revs {
        match cache.get(rev) {
            Some(contact) => {
                kept.insert(rev.id, contact);
            }
            None => missing.push(rev.id),
        }
    }
    (kept, missing)
}

/// The contacts of `revs` in their order: the `kept` ones and the `missing` ones read again
/// with their children (a state as new as their revision or newer, or deleted since).
fn read_missing(
    conn: &mut AnyConnection,
    cache: &ContactCache,
    user_id: i64,
    revs: &[store::ContactRev],
    mut kept: HashMap<i64, BaseContact>,
    missing: &[i64],
) -> Result<Vec<BaseContact>> {
    kept.extend(load_and_keep(conn, cache, user_id, missing)?);
    Ok(revs.iter().filter_map(|rev| kept.remove(&rev.id)).collect())
}

/// Reads these contacts with their children in one statement and keeps them, written,
/// unless the read is larger than a quick page: one request listing thousands of contacts
/// would otherwise push out of the cache what every other caller reads again.
fn load_and_keep(
    conn: &mut AnyConnection,
    cache: &ContactCache,
    user_id: i64,
    ids: &[i64],
) -> Result<HashMap<i64, BaseContact>> {
    let keep = ids.len() <= interact_store::db::QUICK_PAGE as usize;
    let mut read = HashMap::with_capacity(ids.len());
    for (row, children) in store::load(conn, user_id, ids)? {
        let contact = Arc::new(assemble(&row, &children));
        let contact = if keep {
            let written = BaseContact::written(contact);
            let rev = store::ContactRev {
                id: row.id,
                version: row.version,
                children_rev: row.children_rev,
            };
            cache.put(rev, written.clone());
            written
        } else {
            BaseContact::new(contact)
        };
        read.insert(row.id, contact);
    }
    Ok(read)
}

pub(crate) fn load_one(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<Option<Contact>> {
    Ok(load_many(conn, user_id, &[id])?.into_iter().next())
}

/// Applies the projection to read contacts; `thin` reads the names of related contacts.
fn project(
    conn: &mut AnyConnection,
    cache: &ContactCache,
    user_id: i64,
    contacts: Vec<BaseContact>,
    projection: Projection,
) -> Result<Vec<Projected>> {
    let names = crate::related::contact_names(conn, user_id, &thin_names(projection, &contacts))?;
    Ok(project_with(cache, contacts, projection, &names))
}

/// [`project`] for contacts read already (kept ones): without the database when the
/// projection names no related contact, else with one read of the names.
async fn project_read(
    ctx: &Ctx,
    cache: &Arc<ContactCache>,
    user_id: i64,
    contacts: Vec<BaseContact>,
    projection: Projection,
) -> Result<Vec<Projected>> {
    if thin_names(projection, &contacts).is_empty() {
        return Ok(project_with(cache, contacts, projection, &HashMap::new()));
    }
    let cache = cache.clone();
    ctx.db
        .read(move |c| project(c, &cache, user_id, contacts, projection))
        .await
}

/// The contacts whose names the projection of these contacts shows: in the thin one, the
/// related contact of each contact related to exactly one (none in the others). When there
/// are none, the projection is made without the database ([`project_with`]).
fn thin_names(projection: Projection, contacts: &[BaseContact]) -> Vec<i64> {
    if projection != Projection::Thin {
        return Vec::new();
    }
    contacts
        .iter()
        .map(BaseContact::contact)
        .filter(|c| c.related_to.0.len() == 1)
        .map(|c| c.related_to.0[0])
        .collect()
}

/// Applies the projection to read contacts, with the `names` of the contacts
/// [`thin_names`] asked for. A kept contact's flat projection is written once and kept with
/// it ([`ContactCache::flat`]).
fn project_with(
    cache: &ContactCache,
    contacts: Vec<BaseContact>,
    projection: Projection,
    names: &HashMap<i64, String>,
) -> Vec<Projected> {
    match projection {
        Projection::Base => contacts.into_iter().map(Projected::Base).collect(),
        Projection::Flat => contacts
            .into_iter()
            .map(|c| Projected::Flat(cache.flat(c)))
            .collect(),
        Projection::Thin => contacts
            .iter()
            .map(BaseContact::contact)
            .map(|c| {
                let extra = match c.related_to.0.as_slice() {
                    [] => None,
                    [one] => names.get(one).cloned().map(Extra::Name),
                    many => Some(Extra::Count(many.len() as i64)),
                };
                Projected::Thin(ThinContact {
                    id: c.id,
                    contact_type: c.contact_type,
                    display_name: c.display_name(),
                    hot: c.hot,
                    extra,
                    // The default picture; without one, the first.
                    picture: c
                        .pictures
                        .iter()
                        .find(|p| p.is_default)
                        .or(c.pictures.first())
                        .map(|p| p.url.clone()),
                })
            })
            .collect(),
    }
}

/// `GET /v2/contacts/:id`.
pub async fn get(ctx: &Ctx, who: &Principal, id: i64, projection: Projection) -> Result<Projected> {
    let user_id = who.user_id;
    let cache = ctx.contact_cache.clone();
    // PostgreSQL, a contact this process keeps: whether it is current is asked together with
    // the other reads waiting to ask it (`Ctx::contact_revs`), and only a contact that
    // changed is read again.
    if let Some(revs) = ctx.contact_revs.as_ref() {
        if cache.contains(id) {
            let rev = revs
                .get((user_id, id))
                .await?
                .ok_or_else(|| not_found(Action::View, Realm::Contacts, id))?;
            let contact = match cache.get(&rev) {
                Some(kept) => kept,
                None => {
                    let cache = cache.clone();
                    ctx.db
                        .read(move |c| load_and_keep(c, &cache, user_id, &[id]))
                        .await?
                        .remove(&id)
                        .ok_or_else(|| not_found(Action::View, Realm::Contacts, id))?
                }
            };
            return project_read(ctx, &cache, user_id, vec![contact], projection)
                .await?
                .into_iter()
                .next()
                .ok_or_else(|| not_found(Action::View, Realm::Contacts, id));
        }
    }
    ctx.db
        .read_quick(move |c| {
            let contact = read_many(c, &cache, user_id, &[id])?
                .pop()
                .ok_or_else(|| not_found(Action::View, Realm::Contacts, id))?;
            project(c, &cache, user_id, vec![contact], projection)?
                .into_iter()
                .next()
                .ok_or_else(|| not_found(Action::View, Realm::Contacts, id))
        })
        .await
}

/// The words of a search, lower-cased; errors name `q`.
fn query_words(q: &str) -> Result<Vec<String>> {
    if q.chars().count() > MAX_QUERY {
        return Err(bad_parameter(
            Action::View,
            Realm::Contacts,
            format!("q must be at most {MAX_QUERY} characters"),
        ));
    }
    let words: Vec<String> = q.split_whitespace().map(str::to_lowercase).collect();
    if words.len() > MAX_QUERY_WORDS {
        return Err(bad_parameter(
            Action::View,
            Realm::Contacts,
            format!("q must have at most {MAX_QUERY_WORDS} words"),
        ));
    }
    Ok(words)
}

/// `GET /v2/contacts`: a page of the caller's contacts in ascending id order, or of those
/// whose search terms start with every word of `q`.
///
/// PostgreSQL, a page of at most a quick page: its contacts' revisions are asked together with
/// the other pages (`Ctx::contact_pages`) or searches (`Ctx::contact_searches`) waiting, and
/// only the contacts not kept as they are now are read.
pub async fn list(
    ctx: &Ctx,
    who: &Principal,
    projection: Projection,
    page: Page,
    q: Option<String>,
) -> Result<ListPage<Projected>> {
    let user_id = who.user_id;
    let q = q.filter(|q| !q.trim().is_empty());
    let search = match &q {
        Some(q) => Some(store::SearchKey {
            user_id,
            words: query_words(q)?,
            phone: numbers::looks_like_number(q)
                .then(|| numbers::phone_key(q, ctx.config.default_region)),
            offset: page.offset,
            limit: page.limit,
        }),
        None => None,
    };
    let quick = interact_store::db::is_quick_page(page.limit);
    let batched = match (&search, &ctx.contact_pages, &ctx.contact_searches) {
        (None, Some(pages), _) if quick => Some(
            pages
                .get(store::PageKey {
                    user_id,
                    offset: page.offset,
                    limit: page.limit,
                })
                .await?,
        ),
        (Some(key), _, Some(searches)) if quick => Some(searches.get(key.clone()).await?),
        _ => None,
    };
    let cache = ctx.contact_cache.clone();
    if let Some(found) = batched {
        let (revs, total) = found.unwrap_or_default();
        let (mut kept, missing) = kept_of(&cache, &revs);
        // Every contact kept as it is, and no name to read: answered without the database.
        let data = if missing.is_empty() {
            let contacts: Vec<BaseContact> =
                revs.iter().filter_map(|rev| kept.remove(&rev.id)).collect();
            project_read(ctx, &cache, user_id, contacts, projection).await?
        } else {
            ctx.db
                .read(move |c| {
                    let contacts = read_missing(c, &cache, user_id, &revs, kept, &missing)?;
                    project(c, &cache, user_id, contacts, projection)
                })
                .await?
        };
        return Ok(ListPage::new(data, page, total));
    }
    // A search reads every contact with a term that starts with each word before it pages:
    // its work is not bounded by the page, so it is not a quick read.
    let bounded = if search.is_some() { None } else { page.limit };
    ctx.db
        .read_page(bounded, move |c| {
            let (revs, total) = match &search {
                Some(key) => store::search(c, key)?,
                None => store::page(c, user_id, page.offset, page.limit)?,
            };
            let contacts = read_revs(c, &cache, user_id, &revs)?;
            let data = project(c, &cache, user_id, contacts, projection)?;
            Ok(ListPage::new(data, page, total))
        })
        .await
}

/// `GET /v2/contacts/:id/contacts`: the contacts related to one.
pub async fn related(
    ctx: &Ctx,
    who: &Principal,
    id: i64,
    projection: Projection,
) -> Result<ContactList> {
    let user_id = who.user_id;
    let cache = ctx.contact_cache.clone();
    ctx.db
        .read(move |c| {
            let contact = read_many(c, &cache, user_id, &[id])?
                .pop()
                .ok_or_else(|| not_found(Action::View, Realm::ContactRelations, id))?;
            let others = read_many(c, &cache, user_id, &contact.contact().related_to.0)?;
            Ok(ContactList {
                data: project(c, &cache, user_id, others, projection)?,
            })
        })
        .await
}

/// `GET /v2/contacts/:id/profiles`.
pub async fn profiles(ctx: &Ctx, who: &Principal, id: i64) -> Result<Profiles> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            let row = store::find(c, user_id, id)?
                .ok_or_else(|| not_found(Action::View, Realm::ContactProfiles, id))?;
            Ok(serde_json::from_str(&row.profiles).unwrap_or_default())
        })
        .await
}

/// `GET /v2/contacts/:id/searchTerms`.
pub async fn search_terms(ctx: &Ctx, who: &Principal, id: i64) -> Result<Vec<String>> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            store::find(c, user_id, id)?
                .ok_or_else(|| not_found(Action::View, Realm::ContactSearchTerms, id))?;
            store::search_terms_of(c, id)
        })
        .await
}

/// `GET /v2/contacts/:id/tags`.
pub async fn tags(ctx: &Ctx, who: &Principal, id: i64) -> Result<Vec<String>> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            let contact = load_one(c, user_id, id)?
                .ok_or_else(|| not_found(Action::View, Realm::ContactTags, id))?;
            Ok(contact.tags)
        })
        .await
}

/// `GET /v2/tags`: every tag of the caller's contacts, once, sorted.
pub async fn all_tags(ctx: &Ctx, who: &Principal) -> Result<Vec<String>> {
    let user_id = who.user_id;
    ctx.db.read(move |c| store::all_tags(c, user_id)).await
}

/// The words a contact is found by (DESIGN.md "Search terms"), lower-cased.
fn terms_of(contact: &Contact, keys: &[String]) -> BTreeSet<String> {
    fn words(terms: &mut BTreeSet<String>, s: &Option<String>) {
        if let Some(s) = s {
            for w in s.split_whitespace() {
                terms.insert(w.to_lowercase());
            }
        }
    }
    let mut terms = BTreeSet::new();
    match &contact.kind {
        ContactKind::Person(p) => {
            words(&mut terms, &p.first_name);
            words(&mut terms, &p.middle_name);
            words(&mut terms, &p.last_name);
        }
        ContactKind::Organization(o) => words(&mut terms, &o.organization_name),
    }
    for t in &contact.tags {
        words(&mut terms, &Some(t.clone()));
        terms.insert(t.trim().to_lowercase());
    }
    for (_, p) in contact.profiles.iter() {
        if let Some(u) = &p.username {
            if !u.trim().is_empty() {
                terms.insert(u.trim().to_lowercase());
            }
        }
    }
    for (b, key) in contact.basic_infos.iter().zip(keys) {
        if matches!(b.type_, BasicInfoType::Email) || b.type_.is_number() {
            terms.insert(key.clone());
        }
    }
    terms.retain(|t| !t.is_empty());
    terms
}

/// A contact and the matching keys of its basicInfos in their order, from one statement.
fn load_one_with_keys(
    conn: &mut AnyConnection,
    user_id: i64,
    id: i64,
) -> Result<Option<(Contact, Vec<String>)>> {
    Ok(store::load(conn, user_id, &[id])?
        .first()
        .map(|(row, children)| {
            let keys = children
                .basic_infos
                .iter()
                .map(|b| b.match_key.clone())
                .collect();
            (assemble(row, children), keys)
        }))
}

/// Writes a contact's search terms from its stored state (`keys`: its basicInfos' matching
/// keys); `fresh`: the contact is new and has none yet.
fn write_search_terms(
    conn: &mut AnyConnection,
    user_id: i64,
    contact: &Contact,
    keys: &[String],
    fresh: bool,
) -> Result<()> {
    let terms = terms_of(contact, keys);
    if fresh {
        store::insert_search_terms(conn, user_id, contact.id, &terms)
    } else {
        store::set_search_terms(conn, user_id, contact.id, &terms)
    }
}

/// Merges a request into the stored attributes (or the defaults, for a create) and checks the
/// name rules of 2.5.3.1.2, .3, .8 and .9.
fn merge_fields(
    old: Option<&store::ContactRow>,
    contact_type: ContactType,
    req: &ContactRequest,
    action: Action,
) -> Result<ContactForm> {
    let keep = |new: &Option<Option<String>>, old: Option<&Option<String>>| match new {
        Some(v) => v.clone(),
        None => old.cloned().flatten(),
    };
    let mut profiles: Profiles = old
        .map(|o| serde_json::from_str(&o.profiles).unwrap_or_default())
        .unwrap_or_default();
    if let Some(p) = &req.profiles {
        profiles.apply(p);
    }
    let profiles = serde_json::to_string(&profiles)?;
    let hot = req.hot.or(old.map(|o| o.hot)).unwrap_or(false);
    let fields = match contact_type {
        ContactType::Person => {
            let f = ContactForm {
                title: keep(&req.title, old.map(|o| &o.title)),
                first_name: keep(&req.first_name, old.map(|o| &o.first_name)),
                middle_name: keep(&req.middle_name, old.map(|o| &o.middle_name)),
                last_name: keep(&req.last_name, old.map(|o| &o.last_name)),
                profession: keep(&req.profession, old.map(|o| &o.profession)),
                gender: match &req.gender {
                    Some(g) => g.map(|g| g.as_str().to_string()),
                    None => old.and_then(|o| o.gender.clone()),
                },
                hot,
                organization_name: None,
                business: None,
                profiles,
            };
            let named = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
            if !named(&f.first_name) && !named(&f.last_name) {
                // The body alone leaves no name (a create, or an update that sends both):
                // 400. An update that clears the one name the stored contact has: a conflict
                // with the stored state, which no schema of the body can state (409).
                let stated = old.is_none() || (req.first_name.is_some() && req.last_name.is_some());
                if !stated {
                    return Err(Error::conflict(
                        "firstName or lastName is required: this update would leave the \
                         person with neither (the other one is not stored)",
                    )
                    .in_context(action, Realm::Contacts));
                }
                return Err(invalid(
                    Invalid::Missing("firstName or lastName is required".into()),
                    action,
                    Realm::Contacts,
                ));
            }
            f
        }
        ContactType::Organization => {
            let f = ContactForm {
                title: None,
                first_name: None,
                middle_name: None,
                last_name: None,
                profession: None,
                gender: None,
                hot,
                organization_name: keep(&req.organization_name, old.map(|o| &o.organization_name)),
                business: keep(&req.business, old.map(|o| &o.business)),
                profiles,
            };
            if !matches!(f.organization_name.as_deref(), Some(s) if !s.trim().is_empty()) {
                // A create, or an update whose body says it is about an organization: the
                // body's own fault (400). An update clearing the stored name with a body that
                // would be valid for a person: the stored type decides, a conflict (409).
                let stated = old.is_none() || req.contact_type == Some(ContactType::Organization);
                if !stated {
                    return Err(Error::conflict(
                        "organizationName is required: this update would leave the \
                         organization without a name",
                    )
                    .in_context(action, Realm::Contacts));
                }
                return Err(invalid(
                    Invalid::Missing("organizationName is required".into()),
                    action,
                    Realm::Contacts,
                ));
            }
            f
        }
    };
    Ok(fields)
}

/// A stored basicInfo or address (`what`) that a list names a second time: two items of the
/// body claim one stored item (409; JSON Schema cannot say that ids inside objects differ).
fn listed_twice(action: Action, what: String) -> Error {
    Error::conflict(format!("{what} is listed twice")).in_context(action, Realm::Contacts)
}

fn basic_info_not_found(action: Action, id: i64) -> Error {
    Error::new(
        Exception::BasicInfoNotFound,
        action,
        Realm::Contacts,
        Detail::NotFound,
        format!("basicInfo {id} not found"),
    )
}

/// Replaces a contact's basicInfos with the request's list: items with an id keep it (and
/// whatever attribute they leave out), items without are new, items left out are removed.
fn replace_basic_infos(
    conn: &mut AnyConnection,
    user_id: i64,
    contact_id: i64,
    list: &[interact_domain::contacts::BasicInfoInput],
    region: phonenumber::country::Id,
    action: Action,
    fresh: bool,
) -> Result<()> {
    let mut seen = HashSet::new();
    let mut existing = HashMap::new();
    for (i, item) in list.iter().enumerate() {
        let Some(id) = item.id else { continue };
        // Looked up where it first appears (404 for none); a stored one named again is two
        // items claiming it, which no schema of the body can state: a conflict (409).
        if !seen.insert(id) {
            return Err(listed_twice(
                action,
                format!("basicInfos[{i}].id: basicInfo {id}"),
            ));
        }
        let row = store::find_basic_info(conn, user_id, id)?
            .ok_or_else(|| basic_info_not_found(action, id))?;
        if row.contact_id.is_some_and(|c| c != contact_id) {
            return Err(Error::new(
                Exception::BasicInfoTaken,
                action,
                Realm::Contacts,
                Detail::Conflict,
                format!("basicInfos[{i}].id: basicInfo {id} belongs to another contact"),
            )
            // A well-formed body that conflicts with what is stored (no schema can say it).
            .with_status(409));
        }
        existing.insert(id, row);
    }
    let keep: Vec<i64> = existing.keys().copied().collect();
    // A new contact has no basicInfos to lose yet (ids it names are unattached ones).
    if !fresh {
        // Tasks that list a basicInfo about to go lose it (journaled at the time of this
        // change, which the contact's row already carries).
        let now = store::find(conn, user_id, contact_id)?.map_or(0, |r| r.modified);
        crate::tasks::on_basic_infos_delete(conn, user_id, ContactId(contact_id), &keep, now)?;
        store::delete_basic_infos_except(conn, contact_id, &keep)?;
    }
    // New basicInfos go in one multi-row insert after the updates, in the list's order.
    let mut new = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let old = item.id.and_then(|id| existing.get(&id));
        let fields = basic_info_fields(contact_id, i, item, old, region, action)?;
        match old {
            Some(o) => {
                store::update_basic_info(conn, o.id, &fields)?;
            }
            None => new.push(fields),
        }
    }
    store::insert_basic_infos(conn, user_id, &new)
}

/// The row of the `i`-th basicInfo of a request for contact `contact_id`: what the item
/// gives, the rest from `old` (the stored basicInfo it names, if any). `type` and `value` are
/// required.
fn basic_info_fields(
    contact_id: i64,
    i: usize,
    item: &interact_domain::contacts::BasicInfoInput,
    old: Option<&store::BasicInfoRow>,
    region: phonenumber::country::Id,
    action: Action,
) -> Result<BasicInfoForm> {
    let (Some(type_), Some(value)) = (item.type_, item.value.clone()) else {
        return Err(invalid(
            Invalid::Missing(format!("basicInfos[{i}].type and value are required")),
            action,
            Realm::Contacts,
        ));
    };
    Ok(BasicInfoForm {
        contact_id: Some(contact_id),
        position: i as i64,
        type_: type_.as_str().to_string(),
        subtype: item
            .subtype
            .map(|s| s.as_str().to_string())
            .or_else(|| old.and_then(|o| o.subtype.clone())),
        match_key: numbers::match_key(type_, &value, region),
        value,
        excluded: item.excluded.or(old.map(|o| o.excluded)).unwrap_or(false),
        identifier: item
            .identifier
            .clone()
            .or_else(|| old.and_then(|o| o.identifier.clone())),
    })
}

/// The row of the `i`-th address of a request.
fn address_fields(
    contact_id: i64,
    i: usize,
    a: &interact_domain::contacts::AddressInput,
) -> AddressForm {
    AddressForm {
        contact_id,
        position: i as i64,
        subtype: a.subtype.map(|s| s.as_str().to_string()),
        addressline1: a.addressline1.clone(),
        addressline2: a.addressline2.clone(),
        addressline3: a.addressline3.clone(),
        zip: a.zip.clone(),
        city: a.city.clone(),
        state: a.state.clone(),
        country: a.country.clone(),
    }
}

/// Replaces a contact's addresses like basicInfos; an id must be one of the contact's.
fn replace_addresses(
    conn: &mut AnyConnection,
    contact_id: i64,
    list: &[interact_domain::contacts::AddressInput],
    action: Action,
    fresh: bool,
) -> Result<()> {
    let keep: Vec<i64> = list.iter().filter_map(|a| a.id).collect();
    if !fresh {
        store::delete_addresses_except(conn, contact_id, &keep)?;
    }
    // New addresses go in one multi-row insert after the updates, in the list's order.
    // In the list's order, like basicInfos: an id that names none of the contact's addresses
    // is a 404 where it first appears; an id listed again is a 409. (One transaction: an
    // error leaves the stored addresses as they were.)
    let mut new = Vec::new();
    let mut seen = HashSet::new();
    for (i, a) in list.iter().enumerate() {
        let fields = address_fields(contact_id, i, a);
        match a.id {
            Some(id) => {
                if !seen.insert(id) {
                    return Err(listed_twice(
                        action,
                        format!("addresses[{i}].id: address {id}"),
                    ));
                }
                if !store::update_address(conn, id, &fields)? {
                    return Err(Error::new(
                        Exception::AddressNotFound,
                        action,
                        Realm::Contacts,
                        Detail::NotFound,
                        format!("addresses[{i}].id: address {id} not found on this contact"),
                    ));
                }
            }
            None => new.push(fields),
        }
    }
    store::insert_addresses(conn, &new)
}

/// Tags as stored: trimmed, each once (the first spelling wins), in the order given.
fn clean_tags(tags: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    tags.iter()
        .map(|t| t.trim().to_string())
        .filter(|t| seen.insert(t.clone()))
        .collect()
}

/// Checks a `relatedTo` list: the caller's contacts of the other type. Returns the set.
fn check_related(
    conn: &mut AnyConnection,
    user_id: i64,
    contact_type: ContactType,
    ids: &IdList,
    action: Action,
) -> Result<BTreeSet<i64>> {
    let wanted: BTreeSet<i64> = ids.0.iter().copied().collect();
    let wanted_vec: Vec<i64> = wanted.iter().copied().collect();
    let types = store::types_of(conn, user_id, &wanted_vec)?;
    let other = match contact_type {
        ContactType::Person => ContactType::Organization,
        ContactType::Organization => ContactType::Person,
    };
    for id in &wanted {
        match types.get(id).and_then(|t| ContactType::parse(t)) {
            None => return Err(not_found(action, Realm::Contacts, *id)),
            // The body is well formed; what it asks for conflicts with the stored type of
            // the contact it names (a rule on stored state, which no schema can state): 409.
            Some(t) if t != other => {
                return Err(Error::conflict(format!(
                    "relatedTo: contact {id} is a {}; a {} relates to organizations, an \
                     organization to persons",
                    t.as_str(),
                    contact_type.as_str()
                ))
                .in_context(action, Realm::Contacts))
            }
            Some(_) => {}
        }
    }
    Ok(wanted)
}

/// Journals an update of contacts whose state changed through another contact's change
/// (their `relatedTo`): version moves on, old and new state are recorded. Three statements
/// whatever the number of contacts (an import relates thousands of persons to hundreds of
/// organizations per batch).
pub(crate) fn touch_and_journal(
    conn: &mut AnyConnection,
    who: &Principal,
    olds: Vec<Contact>,
    now: i64,
) -> Result<()> {
    if olds.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = olds.iter().map(|o| o.id).collect();
    store::touch_many(conn, who.user_id, &ids, now)?;
    let mut news: HashMap<i64, Contact> = load_many(conn, who.user_id, &ids)?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let pairs: Vec<(Contact, Contact)> = olds
        .into_iter()
        .filter_map(|old| news.remove(&old.id).map(|new| (old, new)))
        .collect();
    let entries: Vec<Entry<Contact>> = pairs
        .iter()
        .map(|(old, new)| Entry {
            user_id: who.user_id,
            actor_id: who.user_id,
            change: Change::Update,
            entity_type: "contact",
            entity_id: old.id,
            old: Some(old),
            new: Some(new),
            time: now,
        })
        .collect();
    journal::record_many(conn, &entries)
}

/// Writes the lists a request gives, the relations and the search terms of a contact whose
/// row is written; journals the related contacts whose `relatedTo` changes. `fresh`: the
/// contact was inserted in this transaction, so nothing hangs off it yet (no deletes needed).
#[allow(clippy::too_many_arguments)]
fn write_parts(
    conn: &mut AnyConnection,
    who: &Principal,
    id: i64,
    contact_type: ContactType,
    req: &ContactRequest,
    related: Option<(BTreeSet<i64>, BTreeSet<i64>)>,
    region: phonenumber::country::Id,
    action: Action,
    fresh: bool,
) -> Result<Vec<i64>> {
    let user_id = who.user_id;
    if let Some(list) = &req.basic_infos {
        replace_basic_infos(conn, user_id, id, list, region, action, fresh)?;
    }
    if let Some(list) = &req.addresses {
        replace_addresses(conn, id, list, action, fresh)?;
    }
    if let Some(tags) = &req.tags {
        if fresh {
            store::insert_tags(conn, user_id, id, &clean_tags(tags))?;
        } else {
            store::set_tags(conn, user_id, id, &clean_tags(tags))?;
        }
    }
    if let Some(values) = &req.custom_fields {
        let values =
            crate::custom_fields::validate_values(conn, who.company_id, values, "customFields")
                .map_err(|e| e.in_context(action, Realm::Contacts))?;
        let values: Vec<(i64, String)> = values.into_iter().map(|v| (v.id, v.value)).collect();
        store::set_custom_fields(conn, id, &values)?;
    }
    let mut touched = Vec::new();
    if let Some((old, new)) = related {
        for other in new.difference(&old) {
            let (p, o) = pair(contact_type, id, *other);
            store::add_relation(conn, p, o)?;
            touched.push(*other);
        }
        for other in old.difference(&new) {
            let (p, o) = pair(contact_type, id, *other);
            store::remove_relation(conn, p, o)?;
            touched.push(*other);
        }
    }
    Ok(touched)
}

fn pair(contact_type: ContactType, id: i64, other: i64) -> (i64, i64) {
    match contact_type {
        ContactType::Person => (id, other),
        ContactType::Organization => (other, id),
    }
}

/// The checks of a request body by itself, whatever it creates or updates: lengths, list
/// sizes, items, profiles, tags, custom field values, and no name given as a blank string
/// (whatever the type: the schema's pattern says it).
pub fn validate(req: &ContactRequest, action: Action) -> Result<()> {
    req.validate_common()
        .map_err(|e| invalid(e, action, Realm::Contacts))?;
    if let Some(values) = &req.custom_fields {
        crate::custom_fields::check_inputs(values, "customFields")
            .map_err(|e| e.in_context(action, Realm::Contacts))?;
    }
    for (field, v) in [
        ("firstName", &req.first_name),
        ("lastName", &req.last_name),
        ("organizationName", &req.organization_name),
    ] {
        if let Some(Some(s)) = v {
            if s.trim().is_empty() {
                return Err(bad_value(action, format!("{field} must not be empty")));
            }
        }
    }
    Ok(())
}

/// A contact whose rows are written but whose change is not journaled yet (`conclude` does
/// that), so that a merge can move what hangs off other contacts to it first.
pub(crate) struct Written {
    pub id: i64,
    /// The state before an update; `None` for a new contact.
    old: Option<Contact>,
    /// Contacts whose `relatedTo` changes with this one, in their old state.
    touched_old: Vec<Contact>,
}

/// Checks a create request: the contact's type and attributes.
pub(crate) fn check_create(
    req: &ContactRequest,
    action: Action,
) -> Result<(ContactType, ContactForm)> {
    validate(req, action)?;
    let contact_type = req.contact_type.ok_or_else(|| {
        invalid(
            Invalid::Missing("contactType is required (person or organization)".into()),
            action,
            Realm::Contacts,
        )
    })?;
    let fields = merge_fields(None, contact_type, req, action)?;
    Ok((contact_type, fields))
}

/// Writes a new contact of `who` inside a write transaction.
#[allow(clippy::too_many_arguments)]
pub(crate) fn create_in(
    c: &mut AnyConnection,
    who: &Principal,
    contact_type: ContactType,
    fields: &ContactForm,
    req: &ContactRequest,
    region: phonenumber::country::Id,
    action: Action,
    now: i64,
) -> Result<Written> {
    let related = match &req.related_to {
        Some(ids) => Some((
            BTreeSet::new(),
            check_related(c, who.user_id, contact_type, ids, action)?,
        )),
        None => None,
    };
    let touched_ids: Vec<i64> = related
        .as_ref()
        .map(|(_, n)| n.iter().copied().collect())
        .unwrap_or_default();
    let touched_old = load_many(c, who.user_id, &touched_ids)?;
    let id = store::insert(c, who.user_id, contact_type.as_str(), fields, now)?;
    write_parts(c, who, id, contact_type, req, related, region, action, true)?;
    Ok(Written {
        id,
        old: None,
        touched_old,
    })
}

/// Checks an update request; answers the version it names (none conflicts with the stored
/// one: `update_in`).
pub(crate) fn check_update(req: &ContactRequest, action: Action) -> Result<Option<i64>> {
    validate(req, action)?;
    Ok(req.version)
}

/// The checks of an update against the stored contact: it keeps its type (another one is a
/// 409), and the update names the stored version (another one, or none, is a 409 `version
/// conflict`). Answers the contact's type.
fn check_stored(
    row: &store::ContactRow,
    version: Option<i64>,
    req: &ContactRequest,
    action: Action,
) -> Result<ContactType> {
    let contact_type = ContactType::parse(&row.contact_type).unwrap_or(ContactType::Person);
    // A contact keeps its type: another one conflicts with the stored type (409).
    if let Some(t) = req.contact_type {
        if t != contact_type {
            let article = |t: ContactType| match t {
                ContactType::Person => "a person",
                ContactType::Organization => "an organization",
            };
            return Err(Error::conflict(format!(
                "contactType: {} cannot become {}",
                article(contact_type),
                article(t)
            ))
            .in_context(action, Realm::Contacts));
        }
    }
    match version {
        Some(v) if v == row.version => Ok(contact_type),
        Some(_) => Err(Error::outdated("version conflict").in_context(action, Realm::Contacts)),
        None => Err(Error::outdated(
            "version conflict: the update names no version (send the version you read)",
        )
        .in_context(action, Realm::Contacts)),
    }
}

/// Applies an update to a contact of `who` if `version` is the stored one, inside a write
/// transaction. Another version, or none, is a 409 `version conflict`: an update that does not
/// name the version it changes cannot be told from one that would overwrite a change it never
/// read (DESIGN.md: an update whose `version` is not the current one is a 409).
#[allow(clippy::too_many_arguments)]
pub(crate) fn update_in(
    c: &mut AnyConnection,
    who: &Principal,
    id: i64,
    version: Option<i64>,
    req: &ContactRequest,
    region: phonenumber::country::Id,
    action: Action,
    now: i64,
) -> Result<Written> {
    let conflict = || Error::outdated("version conflict").in_context(action, Realm::Contacts);
    let row =
        store::find(c, who.user_id, id)?.ok_or_else(|| not_found(action, Realm::Contacts, id))?;
    let contact_type = check_stored(&row, version, req, action)?;
    let fields = merge_fields(Some(&row), contact_type, req, action)?;
    let old =
        load_one(c, who.user_id, id)?.ok_or_else(|| not_found(action, Realm::Contacts, id))?;
    let related = match &req.related_to {
        Some(ids) => Some((
            old.related_to.0.iter().copied().collect::<BTreeSet<i64>>(),
            check_related(c, who.user_id, contact_type, ids, action)?,
        )),
        None => None,
    };
    let touched_ids: Vec<i64> = related
        .as_ref()
        .map(|(o, n)| o.symmetric_difference(n).copied().collect())
        .unwrap_or_default();
    let touched_old = load_many(c, who.user_id, &touched_ids)?;
    if !store::update_if_version(c, who.user_id, id, row.version, &fields, now)? {
        return Err(conflict());
    }
    write_parts(
        c,
        who,
        id,
        contact_type,
        req,
        related,
        region,
        action,
        false,
    )?;
    Ok(Written {
        id,
        old: Some(old),
        touched_old,
    })
}

/// Finishes a written contact: search terms, the journal entry of its insert or update (by
/// `actor_id`) and of the contacts whose `relatedTo` changed. Answers the contact and the
/// journal entry's sequence number.
pub(crate) fn conclude(
    c: &mut AnyConnection,
    who: &Principal,
    actor_id: i64,
    w: Written,
    action: Action,
    now: i64,
) -> Result<(Contact, i64)> {
    let (new, keys) = load_one_with_keys(c, who.user_id, w.id)?
        .ok_or_else(|| not_found(action, Realm::Contacts, w.id))?;
    // A new contact has no search terms yet: they are inserted without a delete first.
    write_search_terms(c, who.user_id, &new, &keys, w.old.is_none())?;
    let change = if w.old.is_some() {
        Change::Update
    } else {
        Change::Insert
    };
    let seq = journal::record(
        c,
        Entry {
            user_id: who.user_id,
            actor_id,
            change,
            entity_type: "contact",
            entity_id: w.id,
            old: w.old.as_ref(),
            new: Some(&new),
            time: now,
        },
    )?;
    touch_and_journal(c, who, w.touched_old, now)?;
    if w.old.is_none() {
        // Last: the user's bucket row stays locked until the commit (see `count_new`).
        store::count_new(c, who.user_id, w.id)?;
    }
    Ok((new, seq))
}

/// Creates a contact of `who` inside a write transaction, checks,
/// writes and journal entries all included (`PUT /v2/contacts`; imports use `create_many`).
/// Every check happens before the first write.
pub(crate) fn create_one(
    c: &mut AnyConnection,
    who: &Principal,
    req: &ContactRequest,
    now: i64,
    region: phonenumber::country::Id,
) -> Result<Contact> {
    let action = Action::Create;
    let (contact_type, fields) = check_create(req, action)?;
    let w = create_in(c, who, contact_type, &fields, req, region, action, now)?;
    Ok(conclude(c, who, who.user_id, w, action, now)?.0)
}

/// A contact an import creates in a batch: the request (basicInfos, addresses and tags
/// without ids; no `relatedTo`, no custom fields), and the organization of `who` a person is
/// related to (whose side the caller journals once per import with `touch_and_journal`,
/// instead of once per person with an ever longer `relatedTo`).
pub(crate) struct NewContact<'a> {
    pub req: &'a ContactRequest,
    pub org: Option<i64>,
}

/// Creates many contacts of `who` inside a write transaction like `create_one` creates one, with the same checks, rows, search terms and journal
/// entries, but in a fixed number of multi-row statements for the whole batch (each chunked to
/// the backends' parameter limits): the contacts, their bucket counts, basicInfos, addresses,
/// tags, relations, one load of them all (for the journal's new state and the search terms),
/// their search terms and their journal entries. Answers the contacts in the order given.
/// Every check happens before the first write.
pub(crate) fn create_many(
    c: &mut AnyConnection,
    who: &Principal,
    items: &[NewContact],
    now: i64,
    region: phonenumber::country::Id,
) -> Result<Vec<Contact>> {
    let action = Action::Create;
    let mut checked = Vec::with_capacity(items.len());
    for item in items {
        let req = item.req;
        if req.related_to.is_some() || req.custom_fields.is_some() {
            return Err(Error::internal(anyhow::anyhow!(
                "create_many: relatedTo and customFields are written one contact at a time"
            )));
        }
        let (contact_type, fields) = check_create(req, action)?;
        let mut infos = Vec::new();
        for (i, b) in req.basic_infos.iter().flatten().enumerate() {
            if b.id.is_some() {
                return Err(Error::internal(anyhow::anyhow!(
                    "create_many: basicInfos with ids are written one contact at a time"
                )));
            }
            // The contact's id is set once it is written.
            infos.push(basic_info_fields(0, i, b, None, region, action)?);
        }
        if req.addresses.iter().flatten().any(|a| a.id.is_some()) {
            return Err(Error::internal(anyhow::anyhow!(
                "create_many: addresses with ids are written one contact at a time"
            )));
        }
        checked.push((contact_type, fields, infos));
    }
    let rows: Vec<(&str, &ContactForm)> = checked.iter().map(|(t, f, _)| (t.as_str(), f)).collect();
    let ids = store::insert_many(c, who.user_id, &rows, now)?;
    let mut infos = Vec::new();
    let mut addresses = Vec::new();
    let mut tags = Vec::new();
    let mut relations = Vec::new();
    for ((item, &id), (_, _, forms)) in items.iter().zip(&ids).zip(checked) {
        infos.extend(forms.into_iter().map(|form| BasicInfoForm {
            contact_id: Some(id),
            ..form
        }));
        for (i, a) in item.req.addresses.iter().flatten().enumerate() {
            addresses.push(address_fields(id, i, a));
        }
        if let Some(t) = &item.req.tags {
            tags.push((id, clean_tags(t)));
        }
        if let Some(org) = item.org {
            relations.push((id, org));
        }
    }
    store::insert_basic_infos(c, who.user_id, &infos)?;
    store::insert_addresses(c, &addresses)?;
    let tag_lists: Vec<(i64, &[String])> = tags.iter().map(|(id, t)| (*id, t.as_slice())).collect();
    store::insert_tags_many(c, who.user_id, &tag_lists)?;
    store::add_relations(c, &relations)?;
    // One load of them all: the journal records each as a read answers it, and the search
    // terms come from the stored basicInfos' matching keys.
    let loaded = store::load(c, who.user_id, &ids)?;
    let created: Vec<Contact> = loaded
        .iter()
        .map(|(row, children)| assemble(row, children))
        .collect();
    if created.len() != ids.len() {
        return Err(Error::internal(anyhow::anyhow!(
            "create_many: {} contacts written, {} read back",
            ids.len(),
            created.len()
        )));
    }
    let terms: Vec<BTreeSet<String>> = created
        .iter()
        .zip(&loaded)
        .map(|(contact, (_, children))| {
            let keys: Vec<String> = children
                .basic_infos
                .iter()
                .map(|b| b.match_key.clone())
                .collect();
            terms_of(contact, &keys)
        })
        .collect();
    let term_lists: Vec<(i64, &BTreeSet<String>)> =
        created.iter().map(|c| c.id).zip(&terms).collect();
    store::insert_search_terms_many(c, who.user_id, &term_lists)?;
    let entries: Vec<Entry<Contact>> = created
        .iter()
        .map(|contact| Entry {
            user_id: who.user_id,
            actor_id: who.user_id,
            change: Change::Insert,
            entity_type: "contact",
            entity_id: contact.id,
            old: None,
            new: Some(contact),
            time: now,
        })
        .collect();
    journal::record_many(c, &entries)?;
    Ok(created)
}

/// Updates a contact of `who` like `create_one` creates one: `POST /v2/contacts/:id`, and
/// imports.
pub(crate) fn update_one(
    c: &mut AnyConnection,
    who: &Principal,
    id: i64,
    req: &ContactRequest,
    now: i64,
    region: phonenumber::country::Id,
) -> Result<Contact> {
    let action = Action::Edit;
    let version = check_update(req, action)?;
    let w = update_in(c, who, id, version, req, region, action, now)?;
    Ok(conclude(c, who, who.user_id, w, action, now)?.0)
}

/// `PUT /v2/contacts`. On PostgreSQL a request that names no other stored row
/// ([`creates_alone`]) is written by one statement ([`create_alone`]).
pub async fn create(ctx: &Ctx, who: &Principal, req: ContactRequest) -> Result<Contact> {
    check_create(&req, Action::Create)?;
    let now = ctx.clock.now_ms();
    let region = ctx.config.default_region;
    let who = who.clone();
    if let Some(writes) = ctx.contact_writes.as_ref().filter(|_| creates_alone(&req)) {
        return create_alone(writes, &who, &req, now, region).await;
    }
    ctx.db
        .write(move |c| create_one(c, &who, &req, now, region))
        .await
}

/// `POST /v2/contacts/:id`: applies the request if `version` is the stored one (else 409
/// `version conflict`). On PostgreSQL a request that changes only the contact's own
/// attributes ([`updates_alone`]) is written by one statement ([`update_alone`]), and by the
/// transaction of `update_one` when the contact changed since it was read.
pub async fn update(ctx: &Ctx, who: &Principal, id: i64, req: ContactRequest) -> Result<Contact> {
    check_update(&req, Action::Edit)?;
    let now = ctx.clock.now_ms();
    let region = ctx.config.default_region;
    let who = who.clone();
    if let Some(writes) = ctx.contact_writes.as_ref().filter(|_| updates_alone(&req)) {
        if let Some(contact) = update_alone(writes, &who, id, &req, now).await? {
            return Ok(contact);
        }
    }
    ctx.db
        .write(move |c| update_one(c, &who, id, &req, now, region))
        .await
}

/// Whether a create names nothing stored besides the caller (no `relatedTo`, no custom
/// fields, no basicInfo or address by id): what [`create_alone`] writes.
fn creates_alone(req: &ContactRequest) -> bool {
    req.related_to.is_none()
        && req.custom_fields.is_none()
        && req.basic_infos.iter().flatten().all(|b| b.id.is_none())
        && req.addresses.iter().flatten().all(|a| a.id.is_none())
}

/// `create_one` in one statement that commits by itself (PostgreSQL, [`creates_alone`]),
/// shared with the creations of concurrent requests: the checks, then the ids
/// ([`contact_writes::ids_of`]), then the contact as a read will answer it, its search terms
/// and journal entry, all written by [`contact_writes::create_many`]. The same checks, rows,
/// terms and entry as `create_one`; the suite runs both.
async fn create_alone(
    writes: &crate::ContactWrites,
    who: &Principal,
    req: &ContactRequest,
    now: i64,
    region: phonenumber::country::Id,
) -> Result<Contact> {
    let action = Action::Create;
    let (contact_type, fields) = check_create(req, action)?;
    let infos = req
        .basic_infos
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, item)| basic_info_fields(0, i, item, None, region, action))
        .collect::<Result<Vec<_>>>()?;
    let addresses = req.addresses.as_deref().unwrap_or_default();
    let ids = writes
        .ids
        .get(contact_writes::IdsKey::new(infos.len(), addresses.len()))
        .await?
        .ok_or_else(|| Error::internal(anyhow::anyhow!("no ids for a new contact")))?;
    let id = ids.contact;
    let row = row_of(id, who.user_id, contact_type, fields, now);
    let children = store::Children {
        basic_infos: infos
            .into_iter()
            .zip(ids.infos)
            .map(|(f, info_id)| store::BasicInfoRow {
                id: info_id,
                user_id: who.user_id,
                contact_id: Some(id),
                position: f.position,
                type_: f.type_,
                subtype: f.subtype,
                value: f.value,
                match_key: f.match_key,
                excluded: f.excluded,
                identifier: f.identifier,
            })
            .collect(),
        addresses: addresses
            .iter()
            .enumerate()
            .zip(ids.addresses)
            .map(|((i, a), address_id)| {
                let f = address_fields(id, i, a);
                store::AddressRow {
                    id: address_id,
                    contact_id: id,
                    position: f.position,
                    subtype: f.subtype,
                    addressline1: f.addressline1,
                    addressline2: f.addressline2,
                    addressline3: f.addressline3,
                    zip: f.zip,
                    city: f.city,
                    state: f.state,
                    country: f.country,
                }
            })
            .collect(),
        tags: req.tags.as_deref().map(clean_tags).unwrap_or_default(),
        ..Default::default()
    };
    let contact = assemble(&row, &children);
    if contact.basic_infos.len() != req.basic_infos.iter().flatten().count()
        || contact.addresses.len() != addresses.len()
    {
        return Err(Error::internal(anyhow::anyhow!(
            "a new contact got fewer ids than it asked for"
        )));
    }
    let new = contact_writes::NewContact {
        terms: terms_of(&contact, &keys_of(&children))
            .into_iter()
            .collect(),
        state: journal::state_of(&contact)?,
        row,
        basic_infos: children.basic_infos,
        addresses: children.addresses,
        tags: children.tags,
    };
    writes.creates.write(new).await?;
    Ok(contact)
}

/// A new contact's row as the database holds it once inserted.
fn row_of(
    id: i64,
    user_id: i64,
    contact_type: ContactType,
    fields: ContactForm,
    now: i64,
) -> store::ContactRow {
    store::ContactRow {
        id,
        user_id,
        version: 1,
        contact_type: contact_type.as_str().to_string(),
        title: fields.title,
        first_name: fields.first_name,
        middle_name: fields.middle_name,
        last_name: fields.last_name,
        profession: fields.profession,
        gender: fields.gender,
        hot: fields.hot,
        organization_name: fields.organization_name,
        business: fields.business,
        profiles: fields.profiles,
        created: now,
        modified: now,
        children_rev: 0,
    }
}

/// The matching keys of a contact's basicInfos, in their order.
fn keys_of(children: &store::Children) -> Vec<String> {
    children
        .basic_infos
        .iter()
        .map(|b| b.match_key.clone())
        .collect()
}

/// Whether an update changes only the contact's own attributes (no list, no `relatedTo`, no
/// custom fields): what [`update_alone`] writes.
fn updates_alone(req: &ContactRequest) -> bool {
    req.basic_infos.is_none()
        && req.addresses.is_none()
        && req.tags.is_none()
        && req.related_to.is_none()
        && req.custom_fields.is_none()
}

/// `update_one` of an [`updates_alone`] request in one statement that commits by itself
/// (PostgreSQL), shared with the changes of concurrent requests: the contact is read (with
/// the reads of concurrent changes), checked and changed here, then written with its search terms and journal entry by
/// [`contact_writes::update_fields`] if it is still at the version and children revision
/// read. Answers None when it was not (a concurrent change): the caller then runs
/// `update_one`, whose transaction answers what that change makes of the request. The same
/// checks, answers and entry as `update_one`; the suite runs both.
async fn update_alone(
    writes: &crate::ContactWrites,
    who: &Principal,
    id: i64,
    req: &ContactRequest,
    now: i64,
) -> Result<Option<Contact>> {
    let action = Action::Edit;
    let user_id = who.user_id;
    let Some((row, children)) = writes.reads.get((user_id, id)).await? else {
        return Err(not_found(action, Realm::Contacts, id));
    };
    let contact_type = check_stored(&row, req.version, req, action)?;
    let fields = merge_fields(Some(&row), contact_type, req, action)?;
    let old = assemble(&row, &children);
    let new_row = store::ContactRow {
        version: row.version + 1,
        modified: now,
        children_rev: row.children_rev,
        ..row_of(id, user_id, contact_type, fields, row.created)
    };
    let new = assemble(&new_row, &children);
    let update = contact_writes::FieldsUpdate {
        terms: terms_of(&new, &keys_of(&children)).into_iter().collect(),
        old_state: journal::state_of(&old)?,
        new_state: journal::state_of(&new)?,
        row: new_row,
    };
    Ok(writes.updates.write(update).await?.then_some(new))
}

/// Deletes one contact of the caller inside a write transaction; its basicInfos, addresses,
/// tags and search terms go with it, and its related contacts lose the relation.
pub(crate) fn delete_in(
    conn: &mut AnyConnection,
    who: &Principal,
    id: i64,
    now: i64,
) -> Result<()> {
    let old = load_one(conn, who.user_id, id)?
        .ok_or_else(|| not_found(Action::Delete, Realm::Contacts, id))?;
    delete_loaded(conn, who, old, now)
}

/// Deletes a contact of the caller, journaling `old` as its last state (a merge loads it
/// before moving what hangs off it).
pub(crate) fn delete_loaded(
    conn: &mut AnyConnection,
    who: &Principal,
    old: Contact,
    now: i64,
) -> Result<()> {
    let id = old.id;
    let others = load_many(conn, who.user_id, &old.related_to.0)?;
    crate::dependents::on_contact_delete(conn, who.user_id, ContactId(id), now)?;
    store::delete(conn, who.user_id, id)?;
    journal::deleted(conn, who.user_id, ("contact", id), &old, now)?;
    touch_and_journal(conn, who, others, now)
}

/// `DELETE /v2/contacts/:id`.
pub async fn delete(ctx: &Ctx, who: &Principal, id: i64) -> Result<()> {
    let now = ctx.clock.now_ms();
    let who = who.clone();
    ctx.db.write(move |c| delete_in(c, &who, id, now)).await
}

/// `DELETE /v2/contacts?ids=…`: all or nothing; if any id is not the caller's contact, nothing
/// is deleted and the answer is the 404 of the first such id.
pub async fn delete_many(ctx: &Ctx, who: &Principal, ids: Vec<i64>) -> Result<()> {
    let now = ctx.clock.now_ms();
    let who = who.clone();
    ctx.db
        .write(move |c| {
            let mut unique = Vec::new();
            let mut seen = HashSet::new();
            for id in ids {
                if seen.insert(id) {
                    unique.push(id);
                }
            }
            let types = store::types_of(c, who.user_id, &unique)?;
            if let Some(missing) = unique.iter().find(|id| !types.contains_key(id)) {
                return Err(not_found(Action::Delete, Realm::Contacts, *missing));
            }
            for id in unique {
                delete_in(c, &who, id, now)?;
            }
            Ok(())
        })
        .await
}

/// After a basicInfo of a contact changed: the contact's version moves on, its search terms
/// follow, and the change is journaled as an update of the contact.
pub(crate) fn after_basic_info_change(
    conn: &mut AnyConnection,
    who: &Principal,
    old: Contact,
    now: i64,
) -> Result<()> {
    store::touch(conn, old.id, now)?;
    if let Some((new, keys)) = load_one_with_keys(conn, who.user_id, old.id)? {
        write_search_terms(conn, who.user_id, &new, &keys, false)?;
        journal::updated(conn, who.user_id, ("contact", old.id), &old, &new, now)?;
    }
    Ok(())
}

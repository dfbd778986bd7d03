//! Merge (2.5.3.2.7): contacts and inactive import contacts merged into one contact, created
//! or updated, in one transaction. Deals, notes and interactions of the merged contacts are
//! moved to it (each journaled), tasks and pictures too; the merged contacts are deleted
//! (journaled: sync answers their tombstones) and the import contacts with them.

use std::collections::HashSet;

use interact_domain::cleanup::MAX_MERGE_IDS;
use interact_domain::contacts::{Contact, ContactRequest, ContactType};
use interact_errors::{Action, Detail, Error, Exception, Realm, Result, Tag};
use interact_store::{cleanup as store, contacts as contacts_store, import_contacts};

use crate::auth::Principal;
use crate::bus::{Event, Topic};
use crate::contacts::{self, Written};
use crate::ids::ContactId;
use crate::Ctx;

const ACTION: Action = Action::Merge;

/// A merge as the handler read it.
#[derive(Debug, Clone, Default)]
pub struct MergeInput {
    pub contact_ids: Vec<i64>,
    pub import_contact_ids: Vec<i64>,
    /// `contact.id`: the contact to update; `None` creates the resulting contact.
    pub target: Option<i64>,
    pub contact: ContactRequest,
}

/// The outcome of a merge inside its transaction.
#[derive(Debug, Clone)]
pub struct Merged {
    pub contact: Contact,
}

fn bad(field: &str, msg: String) -> Error {
    Error::new(
        Exception::InvalidData,
        ACTION,
        Realm::Contacts,
        Detail::InvalidValue,
        format!("{field}: {msg}"),
    )
}

fn unique(ids: Vec<i64>) -> Vec<i64> {
    let mut seen = HashSet::new();
    ids.into_iter().filter(|i| seen.insert(*i)).collect()
}

/// Checks what needs no database: the lists (duplicates count once) and the contact.
fn check(input: &mut MergeInput) -> Result<Option<(ContactType, contacts_store::ContactForm)>> {
    input.contact_ids = unique(std::mem::take(&mut input.contact_ids));
    input.import_contact_ids = unique(std::mem::take(&mut input.import_contact_ids));
    for (field, ids) in [
        ("contactIds", &input.contact_ids),
        ("importContactIds", &input.import_contact_ids),
    ] {
        if ids.len() > MAX_MERGE_IDS {
            return Err(bad(field, format!("at most {MAX_MERGE_IDS} ids")));
        }
    }
    if input.contact_ids.is_empty() && input.import_contact_ids.is_empty() {
        return Err(Error::new(
            Exception::MissingData,
            ACTION,
            Realm::Contacts,
            Detail::MissingValue,
            "contactIds or importContactIds must name at least one contact to merge",
        ));
    }
    // The target among `contactIds` is already the result: it is not merged into itself
    // (no schema can say that an id is not in a list, so it is not refused either).
    if let Some(t) = input.target {
        input.contact_ids.retain(|id| *id != t);
    }
    match input.target {
        Some(_) => {
            // The merge's schema requires the update's version (an update by itself answers
            // its absence as a version conflict, 409).
            if contacts::check_update(&input.contact, ACTION)?.is_none() {
                return Err(Error::new(
                    Exception::MissingData,
                    ACTION,
                    Realm::Contacts,
                    Detail::MissingValue,
                    "contact.version is required to update the contact contact.id",
                ));
            }
            Ok(None)
        }
        None => Ok(Some(contacts::check_create(&input.contact, ACTION)?)),
    }
}

/// The merge inside a write transaction of the caller; see the module documentation.
fn merge_in(
    c: &mut interact_store::AnyConnection,
    who: &Principal,
    input: &MergeInput,
    created: Option<&(ContactType, contacts_store::ContactForm)>,
    region: crate::numbers::Region,
    now: i64,
) -> Result<(Merged, i64)> {
    let user_id = who.user_id;
    let from = &input.contact_ids;
    let types = contacts_store::types_of(c, user_id, from)?;
    if let Some(missing) = from.iter().find(|id| !types.contains_key(id)) {
        return Err(contacts::not_found(ACTION, Realm::Contacts, *missing));
    }
    let imports = import_contacts::find_many(c, user_id, &input.import_contact_ids)?;
    let found: HashSet<i64> = imports.iter().map(|r| r.id).collect();
    if let Some(missing) = input
        .import_contact_ids
        .iter()
        .find(|id| !found.contains(id))
    {
        return Err(Error::new(
            Exception::ContactNotFound,
            ACTION,
            Realm::Contacts,
            Detail::NotFound,
            format!("importContactIds: import contact {missing} not found"),
        ));
    }
    let target_type = match (input.target, created) {
        (Some(t), _) => {
            let row = contacts_store::find(c, user_id, t)?
                .ok_or_else(|| contacts::not_found(ACTION, Realm::Contacts, t))?;
            ContactType::parse(&row.contact_type).unwrap_or(ContactType::Person)
        }
        (None, Some((t, _))) => *t,
        (None, None) => return Err(Error::missing("contact").in_context(ACTION, Realm::Contacts)),
    };
    for id in from {
        let t = types.get(id).and_then(|t| ContactType::parse(t));
        // Well formed, but in conflict with the stored type of a contact it names (409).
        if t != Some(target_type) {
            return Err(Error::conflict(format!(
                "contactIds: contact {id} is not a {}; only contacts of the resulting contact's \
                 type can be merged",
                target_type.as_str()
            ))
            .in_context(ACTION, Realm::Contacts));
        }
    }
    // Their last state, for their tombstones, before anything moves away from them.
    let olds = contacts::load_many(c, user_id, from)?;
    // basicInfos of merged contacts the resulting contact lists by id move to it, id and all.
    let listed: Vec<i64> = input
        .contact
        .basic_infos
        .iter()
        .flatten()
        .filter_map(|b| b.id)
        .collect();
    store::release_basic_infos(c, user_id, &listed, from)?;
    let written: Written = match (input.target, created) {
        (Some(t), _) => {
            let version = contacts::check_update(&input.contact, ACTION)?;
            contacts::update_in(c, who, t, version, &input.contact, region, ACTION, now)?
        }
        (None, Some((contact_type, fields))) => contacts::create_in(
            c,
            who,
            *contact_type,
            fields,
            &input.contact,
            region,
            ACTION,
            now,
        )?,
        (None, None) => return Err(Error::missing("contact").in_context(ACTION, Realm::Contacts)),
    };
    let to = written.id;
    // Tasks keep the phone numbers that are the resulting contact's basicInfos by now; the
    // others go (they were basicInfos of a merged contact deleted below).
    let moved: Vec<ContactId> = from.iter().copied().map(ContactId).collect();
    crate::dependents::reattach(c, user_id, &moved, ContactId(to), now)?;
    let (contact, seq) = contacts::conclude(c, who, user_id, written, ACTION, now)?;
    for old in olds {
        contacts::delete_loaded(c, who, old, now)?;
    }
    for row in &imports {
        crate::import::run::drop_import_contact(c, who, row, now)?;
    }
    Ok((Merged { contact }, seq))
}

/// `POST /v2/contacts?cmd=merge`.
pub async fn merge(ctx: &Ctx, who: &Principal, mut input: MergeInput) -> Result<Merged> {
    let created = check(&mut input)?;
    let now = ctx.clock.now_ms();
    let region = ctx.config.default_region;
    let who = who.clone();
    let user_id = who.user_id;
    let (merged, seq) = ctx
        .db
        .write(move |c| merge_in(c, &who, &input, created.as_ref(), region, now))
        .await
        .tag(ACTION, Realm::Contacts)?;
    // After the commit: the caller's other devices hear of it at once (the journal watcher
    // would tell them within its period anyway).
    if let Err(e) = ctx
        .bus
        .publish(Event {
            user_id,
            topic: Topic::SyncHint,
            id: seq,
        })
        .await
    {
        log::warn!("merge sync hint not published: {e}");
    }
    Ok(merged)
}

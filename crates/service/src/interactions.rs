//! Interactions: the trigger event of trigger devices (2.5.2.1) with matching against the
//! owner's basicInfos and the push of 2.4.1, and the owner's reads and update (2.5.3.1.28–31).

use std::collections::HashMap;

use interact_domain::contacts::{BasicInfoType, Profiles};
use interact_domain::interactions::{
    ExternalSystemInput, ExternalSystemRef, Interaction, InteractionPush, LinkedContact, MatchInfo,
    TriggerRequest, UpdateInteractionRequest, TYPES,
};
use interact_errors::{Action, Detail, Error, Exception, Realm, Result, Tag};
use interact_store::interactions::{self as store, InteractionRow};
use interact_store::{contacts, trigger_devices, users, AnyConnection};

use crate::auth::Principal;
use crate::bus::{Event, Topic};
use crate::ids::ContactId;
use crate::journal;
use crate::numbers::{self, Region};
use crate::Ctx;

const ENTITY: &str = "interaction";
/// Longest `data`, external-system field, status or customTags accepted.
const MAX_TEXT: usize = 255;
/// Most external systems one interaction keeps.
const MAX_EXTERNAL: usize = 50;

/// What a trigger event did.
pub enum Triggered {
    /// Recorded now, or earlier with the same `externalSystem.entityId` (idempotent retry).
    Recorded(Box<Interaction>),
    /// `data` matched an excluded basicInfo: nothing recorded, nothing pushed.
    Excluded,
}

fn not_found(id: i64) -> Error {
    Error::new(
        Exception::InteractionNotFound,
        Action::View,
        Realm::Interactions,
        Detail::NotFound,
        format!("interaction {id} not found"),
    )
}

fn text(field: &str, v: Option<&str>, required: bool) -> Result<Option<String>> {
    match v.map(str::trim) {
        Some(s) if !s.is_empty() => {
            if s.chars().count() > MAX_TEXT {
                Err(Error::too_long(field, MAX_TEXT))
            } else {
                Ok(Some(s.to_string()))
            }
        }
        _ if required => Err(Error::missing(field)),
        _ => Ok(None),
    }
}

/// Checks an external system reference: at least one of threadId and entityId (2.5.2.1).
fn external(field: &str, e: &ExternalSystemInput, time: i64) -> Result<ExternalSystemRef> {
    let r = ExternalSystemRef {
        system_id: text(&format!("{field}.name"), e.name.as_deref(), false)?,
        thread_id: text(&format!("{field}.threadId"), e.thread_id.as_deref(), false)?,
        entity_id: text(&format!("{field}.entityId"), e.entity_id.as_deref(), false)?,
        time,
    };
    if r.thread_id.is_none() && r.entity_id.is_none() {
        return Err(Error::new(
            Exception::MissingData,
            Action::View,
            Realm::General,
            Detail::MissingValue,
            format!("{field} needs threadId or entityId"),
        ));
    }
    Ok(r)
}

fn parse_externals(s: &str) -> Vec<ExternalSystemRef> {
    serde_json::from_str(s).unwrap_or_default()
}

fn name_of(parts: &store::NameParts) -> String {
    let (_, type_, first, middle, last, org) = parts;
    if type_ == "organization" {
        return org.clone().unwrap_or_default();
    }
    [first, middle, last]
        .into_iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Builds the wire form of rows, loading the linked contacts' names in one query.
pub(crate) fn views(
    c: &mut AnyConnection,
    user_id: i64,
    rows: &[InteractionRow],
) -> Result<Vec<Interaction>> {
    let mut ids: Vec<i64> = rows
        .iter()
        .flat_map(|r| [r.person_id, r.organization_id])
        .flatten()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut names: HashMap<i64, String> = HashMap::new();
    for chunk in ids.chunks(5000) {
        for p in store::contact_names(c, user_id, chunk)? {
            names.insert(p.0, name_of(&p));
        }
    }
    let link = |id: Option<i64>| {
        id.map(|id| LinkedContact {
            id,
            display_name: names.get(&id).cloned().unwrap_or_default(),
        })
    };
    Ok(rows
        .iter()
        .map(|r| Interaction {
            id: r.id,
            organization: link(r.organization_id),
            person: link(r.person_id),
            basic_info_id: r.basic_info_id,
            type_: r.type_.clone(),
            data: r.data.clone(),
            duration: r.duration,
            status: r.status.clone(),
            custom_tags: r.custom_tags.clone(),
            external_systems: parse_externals(&r.external_systems),
            time: r.time,
        })
        .collect())
}

fn view(c: &mut AnyConnection, user_id: i64, row: &InteractionRow) -> Result<Interaction> {
    Ok(views(c, user_id, std::slice::from_ref(row))?
        .pop()
        .unwrap_or_else(|| unreachable_view(row)))
}

// `views` answers one view per row; this only satisfies the type checker without a panic.
fn unreachable_view(r: &InteractionRow) -> Interaction {
    Interaction {
        id: r.id,
        organization: None,
        person: None,
        basic_info_id: r.basic_info_id,
        type_: r.type_.clone(),
        data: r.data.clone(),
        duration: r.duration,
        status: r.status.clone(),
        custom_tags: r.custom_tags.clone(),
        external_systems: parse_externals(&r.external_systems),
        time: r.time,
    }
}

/// What `data` of an interaction type matched among the user's basicInfos and profiles.
pub struct Matching {
    /// A matched basicInfo is excluded.
    pub excluded: bool,
    /// `(contactId, contactType, basicInfoId)` in the order found.
    pub hits: Vec<(Option<i64>, Option<i64>)>,
}

fn matching(
    c: &mut AnyConnection,
    user_id: i64,
    type_: &str,
    data: &str,
    region: Region,
) -> Result<Matching> {
    let channel = type_.split('-').next().unwrap_or("");
    let mut hits = Vec::new();
    let mut excluded = false;
    match channel {
        "call" | "sms" | "email" => {
            let (types, key): (Vec<&str>, String) = if channel == "email" {
                (
                    vec![BasicInfoType::Email.as_str()],
                    numbers::match_key(BasicInfoType::Email, data, region),
                )
            } else {
                (
                    vec![
                        BasicInfoType::Phone.as_str(),
                        BasicInfoType::Mobile.as_str(),
                        BasicInfoType::Fax.as_str(),
                    ],
                    numbers::phone_key(data, region),
                )
            };
            for cand in store::candidates(c, user_id, &types, &key)? {
                excluded |= cand.excluded;
                hits.push((cand.contact_id, Some(cand.basic_info_id)));
            }
        }
        _ => {
            let needle = data.trim().to_lowercase();
            for (id, profiles) in store::contacts_with_term(c, user_id, &needle)? {
                let profiles: Profiles = serde_json::from_str(&profiles).unwrap_or_default();
                let has = profiles.iter().any(|(_, p)| {
                    p.username
                        .as_deref()
                        .is_some_and(|u| u.trim().to_lowercase() == needle)
                });
                if has {
                    hits.push((Some(id), None));
                }
            }
        }
    }
    Ok(Matching { excluded, hits })
}

/// The match or tentatives of 2.4.1, and the contact/basicInfo an interaction links to.
struct Resolved {
    match_: Option<MatchInfo>,
    tentatives: Vec<MatchInfo>,
    person: Option<i64>,
    organization: Option<i64>,
    basic_info: Option<i64>,
}

fn resolve(c: &mut AnyConnection, user_id: i64, m: &Matching) -> Result<Resolved> {
    let mut contact_ids: Vec<i64> = m.hits.iter().filter_map(|h| h.0).collect();
    contact_ids.sort_unstable();
    contact_ids.dedup();
    let names: HashMap<i64, store::NameParts> = store::contact_names(c, user_id, &contact_ids)?
        .into_iter()
        .map(|p| (p.0, p))
        .collect();
    let info = |(contact, basic): (Option<i64>, Option<i64>)| MatchInfo {
        contact_id: contact,
        contact_name: contact
            .and_then(|id| names.get(&id))
            .map(name_of)
            .unwrap_or_else(|| "Unknown".to_string()),
        basic_info_id: basic,
    };
    let bare = m.hits.iter().any(|h| h.0.is_none());
    if contact_ids.len() == 1 && !bare {
        let hit = m.hits[0];
        let is_org = names
            .get(&contact_ids[0])
            .is_some_and(|p| p.1 == "organization");
        return Ok(Resolved {
            match_: Some(info(hit)),
            tentatives: Vec::new(),
            person: (!is_org).then_some(contact_ids[0]),
            organization: is_org.then_some(contact_ids[0]),
            basic_info: hit.1,
        });
    }
    let single_basic = if m.hits.len() == 1 { m.hits[0].1 } else { None };
    Ok(Resolved {
        match_: None,
        tentatives: m.hits.iter().copied().map(info).collect(),
        person: None,
        organization: None,
        basic_info: single_basic,
    })
}

/// `PUT /v2/interactions` with a `triggerToken` (2.5.2.1).
pub async fn trigger(ctx: &Ctx, token: Option<&str>, req: TriggerRequest) -> Result<Triggered> {
    let token = match token.map(str::trim) {
        // Tokens are 43 characters; a longer one is not looked up (the column is indexed).
        Some(t) if t.len() > MAX_TEXT => {
            return Err(Error::unauthorized("triggerToken is not valid")
                .in_context(Action::Create, Realm::Interactions))
        }
        Some(t) if !t.is_empty() => t.to_string(),
        _ => {
            return Err(Error::unauthorized("triggerToken header is required")
                .in_context(Action::Create, Realm::Interactions))
        }
    };
    let type_ = text("type", req.type_.as_deref(), true)
        .tag(Action::Create, Realm::Interactions)?
        .unwrap_or_default();
    if !TYPES.contains(&type_.as_str()) {
        return Err(
            Error::invalid(format!("type must be one of {}", TYPES.join(", ")))
                .in_context(Action::Create, Realm::Interactions),
        );
    }
    let data = text("data", req.data.as_deref(), true)
        .tag(Action::Create, Realm::Interactions)?
        .unwrap_or_default();
    let now = ctx.clock.now_ms();
    let time = match req.time {
        Some(t) if t < 0 => {
            return Err(Error::invalid("time must be milliseconds since the epoch")
                .in_context(Action::Create, Realm::Interactions))
        }
        Some(t) => t,
        None => now,
    };
    let ext = req
        .external_system
        .as_ref()
        .map(|e| external("externalSystem", e, time))
        .transpose()
        .tag(Action::Create, Realm::Interactions)?;
    let receiver = text("receiverId", req.receiver_id.as_deref(), false)
        .tag(Action::Create, Realm::Interactions)?;
    let entity_key = ext.as_ref().and_then(|e| {
        e.entity_id
            .as_ref()
            .map(|id| format!("{}\u{1f}{}", e.system_id.as_deref().unwrap_or(""), id))
    });
    let externals = serde_json::to_string(&ext.iter().collect::<Vec<_>>())?;
    let region = ctx.config.default_region;
    let apns = ctx.config.apns_topic.is_some();

    let key = entity_key.clone();
    let retry_token = token.clone();
    let outcome = ctx
        .db
        .write(move |c| {
            let device = trigger_devices::find_by_token(c, &token)?
                .ok_or_else(|| Error::unauthorized("triggerToken is not valid"))?;
            let user_id = device.user_id;
            if let Some(r) = &receiver {
                let owner = users::find(c, user_id)?
                    .ok_or_else(|| Error::unauthorized("triggerToken is not valid"))?;
                if !owner.email.eq_ignore_ascii_case(r) {
                    return Err(Error::forbidden(
                        "receiverId must be the email of the trigger device's owner",
                    ));
                }
            }
            if let Some(k) = &key {
                if let Some(row) = store::find_by_entity_key(c, user_id, k)? {
                    return Ok((user_id, Some((view(c, user_id, &row)?, false))));
                }
            }
            let m = matching(c, user_id, &type_, &data, region)?;
            if m.excluded {
                return Ok((user_id, None));
            }
            let r = resolve(c, user_id, &m)?;
            let row = store::insert(
                c,
                &store::InteractionInsertForm {
                    user_id,
                    person_id: r.person,
                    organization_id: r.organization,
                    basic_info_id: r.basic_info,
                    type_: &type_,
                    data: &data,
                    external_systems: &externals,
                    entity_key: key.as_deref(),
                    time,
                    created: now,
                    modified: now,
                },
            )?;
            let entity = view(c, user_id, &row)?;
            let push = InteractionPush {
                type_: type_.clone(),
                data: data.clone(),
                tentatives: r.match_.is_none().then(|| r.tentatives.clone()),
                match_: r.match_.clone(),
            };
            crate::apns::enqueue(c, apns, user_id, &push, now)?;
            journal::inserted(c, user_id, (ENTITY, row.id), &entity, now)?;
            Ok((user_id, Some((entity, true))))
        })
        .await;
    let (user_id, outcome) = match outcome {
        Ok(o) => o,
        // Two retries raced past the lookup: the loser reads the winner's interaction.
        Err(e) if e.exception == Exception::BadRequest && e.detail == Detail::Conflict => {
            let Some(k) = entity_key else {
                return Err(e.in_context(Action::Create, Realm::Interactions));
            };
            return ctx
                .db
                .read(move |c| {
                    let found = match trigger_devices::find_by_token(c, &retry_token)? {
                        Some(d) => store::find_by_entity_key(c, d.user_id, &k)?
                            .map(|row| view(c, d.user_id, &row))
                            .transpose()?,
                        None => None,
                    };
                    found.map(|i| Triggered::Recorded(Box::new(i))).ok_or(e)
                })
                .await
                .tag(Action::Create, Realm::Interactions);
        }
        Err(e) => return Err(e.in_context(Action::Create, Realm::Interactions)),
    };
    match outcome {
        None => Ok(Triggered::Excluded),
        Some((entity, created)) => {
            if created {
                // Pushed only after the commit; a failed publish loses a notification, never
                // the recorded interaction.
                if let Err(e) = ctx
                    .bus
                    .publish(Event {
                        user_id,
                        topic: Topic::Interaction,
                        id: entity.id,
                    })
                    .await
                {
                    log::warn!("interaction push not published: {e}");
                }
            }
            Ok(Triggered::Recorded(Box::new(entity)))
        }
    }
}

/// `GET /v2/interactions`: the caller's interactions, newest first.
pub async fn list(ctx: &Ctx, who: &Principal) -> Result<Vec<Interaction>> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            let rows = store::list(c, user_id)?;
            views(c, user_id, &rows)
        })
        .await
        .tag(Action::View, Realm::Interactions)
}

/// `GET /v2/contacts/:id/interactions`: the interactions linked to one of the caller's
/// contacts, newest first.
pub async fn list_for_contact(
    ctx: &Ctx,
    who: &Principal,
    contact_id: i64,
) -> Result<Vec<Interaction>> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            if contacts::find(c, user_id, contact_id)?.is_none() {
                return Err(Error::new(
                    Exception::ContactNotFound,
                    Action::View,
                    Realm::ContactInteractions,
                    Detail::NotFound,
                    format!("contact {contact_id} not found"),
                ));
            }
            let rows = store::list_for_contact(c, user_id, contact_id)?;
            views(c, user_id, &rows)
        })
        .await
        .tag(Action::View, Realm::ContactInteractions)
}

/// `GET /v2/interactions/:id`.
pub async fn get(ctx: &Ctx, who: &Principal, id: i64) -> Result<Interaction> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            let row = store::find(c, user_id, id)?.ok_or_else(|| not_found(id))?;
            view(c, user_id, &row)
        })
        .await
        .tag(Action::View, Realm::Interactions)
}

fn contact_not_found(which: &str, id: i64) -> Error {
    let exception = if which == "organization" {
        Exception::OrganizationNotFound
    } else {
        Exception::PersonNotFound
    };
    Error::new(
        exception,
        Action::Edit,
        Realm::Interactions,
        Detail::NotFound,
        format!("{which} {id} not found"),
    )
}

/// `POST /v2/interactions/:id` (2.5.3.1.31): link a person/organization and a basicInfo, set
/// duration, status, customTags and external systems.
pub async fn update(
    ctx: &Ctx,
    who: &Principal,
    id: i64,
    req: UpdateInteractionRequest,
) -> Result<Interaction> {
    let organization = pick(
        "organization",
        req.organization.and_then(|o| o.id),
        req.organization_id,
    )?;
    let person = pick("person", req.person.and_then(|p| p.id), req.person_id)?;
    if req.duration.is_some_and(|d| d < 0) {
        return Err(Error::invalid("duration must not be negative")
            .in_context(Action::Edit, Realm::Interactions));
    }
    let status =
        text("status", req.status.as_deref(), false).tag(Action::Edit, Realm::Interactions)?;
    let custom_tags = text("customTags", req.custom_tags.as_deref(), false)
        .tag(Action::Edit, Realm::Interactions)?;
    let now = ctx.clock.now_ms();
    let externals = match &req.external_systems {
        None => None,
        Some(list) if list.len() > MAX_EXTERNAL => {
            return Err(Error::invalid(format!(
                "externalSystems may hold at most {MAX_EXTERNAL} entries"
            ))
            .in_context(Action::Edit, Realm::Interactions))
        }
        Some(list) => Some(
            list.iter()
                .enumerate()
                .map(|(i, e)| external(&format!("externalSystems[{i}]"), e, now))
                .collect::<Result<Vec<_>>>()
                .tag(Action::Edit, Realm::Interactions)?,
        ),
    };
    let user_id = who.user_id;
    ctx.db
        .write(move |c| {
            let old_row = store::find(c, user_id, id)?.ok_or_else(|| not_found(id))?;
            let old = view(c, user_id, &old_row)?;
            for (which, want, cid) in [
                ("organization", true, organization),
                ("person", false, person),
            ] {
                if let Some(cid) = cid {
                    let row = contacts::find(c, user_id, cid)?
                        .ok_or_else(|| contact_not_found(which, cid))?;
                    // The body is well formed; the stored type of the contact it names
                    // conflicts with the role it is given (409, like a contact's relatedTo).
                    if (row.contact_type == "organization") != want {
                        let article = if want { "an" } else { "a" };
                        return Err(Error::conflict(format!(
                            "{which}: contact {cid} is not {article} {which}"
                        ))
                        .in_context(Action::Edit, Realm::Interactions));
                    }
                }
            }
            if let Some(b) = req.basic_info_id {
                if contacts::find_basic_info(c, user_id, b)?.is_none() {
                    return Err(Error::new(
                        Exception::BasicInfoNotFound,
                        Action::Edit,
                        Realm::Interactions,
                        Detail::NotFound,
                        format!("basicInfo {b} not found"),
                    ));
                }
            }
            let external_systems = match &externals {
                Some(list) => serde_json::to_string(list)?,
                None => old_row.external_systems.clone(),
            };
            let row = store::update(
                c,
                user_id,
                id,
                &store::InteractionUpdateForm {
                    person_id: person.or(old_row.person_id),
                    organization_id: organization.or(old_row.organization_id),
                    basic_info_id: req.basic_info_id.or(old_row.basic_info_id),
                    duration: req.duration.or(old_row.duration),
                    status: status.or(old_row.status.clone()),
                    custom_tags: custom_tags.or(old_row.custom_tags.clone()),
                    external_systems,
                    modified: now,
                },
            )?;
            let entity = view(c, user_id, &row)?;
            journal::updated(c, user_id, (ENTITY, id), &old, &entity, now)?;
            Ok(entity)
        })
        .await
        .tag(Action::Edit, Realm::Interactions)
}

/// `organization.id` and its alias `organizationId` (likewise person); both given must agree.
fn pick(which: &str, nested: Option<i64>, alias: Option<i64>) -> Result<Option<i64>> {
    match (nested, alias) {
        (Some(a), Some(b)) if a != b => {
            Err(Error::invalid(format!("{which}.id and {which}Id disagree"))
                .in_context(Action::Edit, Realm::Interactions))
        }
        (a, b) => Ok(a.or(b)),
    }
}

/// The push notification of 2.4.1 for one of the user's interactions, from its current data
/// and matches (events carry ids only).
pub async fn push_message(ctx: &Ctx, user_id: i64, id: i64) -> Result<Option<InteractionPush>> {
    let region = ctx.config.default_region;
    ctx.db
        .read(move |c| {
            let Some(row) = store::find(c, user_id, id)? else {
                return Ok(None);
            };
            let m = matching(c, user_id, &row.type_, &row.data, region)?;
            let r = resolve(c, user_id, &m)?;
            let tentatives = r.match_.is_none().then_some(r.tentatives);
            Ok(Some(InteractionPush {
                type_: row.type_,
                data: row.data,
                match_: r.match_,
                tentatives,
            }))
        })
        .await
}

/// The ids of the interactions linked to a contact (its `interactions` list).
pub fn ids_for_contact(c: &mut AnyConnection, contact_id: i64) -> Result<Vec<i64>> {
    store::ids_for_contact(c, contact_id)
}

/// The interactions linked to the contacts `from` (as person or organization) are linked to
/// `to` instead (a merge, 2.5.3.2.7), or to no contact (`None`: `from` is deleted); each
/// journaled, so that devices see the change in sync. Answers how many changed.
pub(crate) fn reattach(
    c: &mut AnyConnection,
    user_id: i64,
    from: &[ContactId],
    to: Option<ContactId>,
    now: i64,
) -> Result<usize> {
    let (from, to) = (&ContactId::raw(from)[..], to.map(|t| t.0));
    let rows = store::of_contacts(c, user_id, from)?;
    if rows.is_empty() {
        return Ok(0);
    }
    let olds = views(c, user_id, &rows)?;
    let moved = store::move_to(c, user_id, from, to, now)?;
    let news = views(c, user_id, &moved)?;
    for (old, new) in olds.iter().zip(&news) {
        journal::updated(c, user_id, (ENTITY, new.id), old, new, now)?;
    }
    Ok(news.len())
}

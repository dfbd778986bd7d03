//! Share (2.5.3.2.8): every member of the named groups, and the sharer, receives a shallow
//! copy of one of the sharer's contacts: its data (names, basicInfos, addresses, profiles,
//! tags, custom field values) without related entities (relatedTo, deals, notes, tasks,
//! interactions, pictures). One transaction; each copy is journaled for its owner.

use std::collections::BTreeSet;

use interact_domain::cleanup::MAX_SHARE_GROUPS;
use interact_domain::contacts::{parse_id_csv, Contact, ContactRequest};
use interact_errors::{Action, Detail, Error, Exception, Realm, Result, Tag};
use interact_store::dependents::Dependent;
use interact_store::{contacts as contacts_store, groups, users, AnyConnection};
use serde_json::Value;

use crate::auth::Principal;
use crate::bus::{Event, Topic};
use crate::contacts;
use crate::Ctx;

const ACTION: Action = Action::Share;

fn bad_parameter(msg: String) -> Error {
    Error::new(
        Exception::InvalidData,
        ACTION,
        Realm::Contacts,
        Detail::InvalidParameter,
        msg,
    )
}

/// Parses `groups=12,32`; errors name `groups`.
pub fn parse_groups(raw: Option<&str>) -> Result<Vec<i64>> {
    let raw = raw.map(str::trim).unwrap_or("");
    if raw.is_empty() {
        return Err(Error::new(
            Exception::MissingData,
            ACTION,
            Realm::Contacts,
            Detail::MissingValue,
            "groups is required: the ids of the groups to share with (groups=12,32)",
        ));
    }
    let mut ids = parse_id_csv(raw).map_err(|e| bad_parameter(format!("groups: {e}")))?;
    ids.sort_unstable();
    ids.dedup();
    if ids.len() > MAX_SHARE_GROUPS {
        return Err(bad_parameter(format!(
            "groups must name at most {MAX_SHARE_GROUPS} groups"
        )));
    }
    Ok(ids)
}

/// The request that creates a shallow copy of a contact: its data without ids and without
/// related entities; custom field values only for a recipient of the sharer's company (the
/// fields are the company's).
fn copy_request(contact: &Contact, with_custom_fields: bool) -> Result<ContactRequest> {
    let mut v = serde_json::to_value(contact)?;
    if let Some(o) = v.as_object_mut() {
        for k in ["id", "version", "relatedTo"] {
            o.remove(k);
        }
        for d in Dependent::ALL {
            o.remove(crate::dependents::wire_key(d));
        }
        if !with_custom_fields {
            o.remove("customFields");
        }
        for list in ["basicInfos", "addresses"] {
            if let Some(Value::Array(items)) = o.get_mut(list) {
                for item in items {
                    if let Some(item) = item.as_object_mut() {
                        item.remove("id");
                    }
                }
            }
        }
    }
    Ok(serde_json::from_value(v)?)
}

/// The sharer and the active members of the groups, ascending; 403 for a group that is not
/// one of the sharer's company's (a missing id answers the same, so ids of other companies'
/// groups cannot be probed).
fn recipients(
    conn: &mut AnyConnection,
    who: &Principal,
    group_ids: &[i64],
) -> Result<Vec<users::User>> {
    let found = groups::find_many(conn, group_ids)?;
    for g in group_ids {
        let ours = found
            .iter()
            .any(|f| f.id == *g && Some(f.company_id) == who.company_id);
        if !ours {
            return Err(Error::new(
                Exception::Permission,
                ACTION,
                Realm::Contacts,
                Detail::NotPermitted,
                format!("groups: group {g} is not a group of your company"),
            ));
        }
    }
    let mut ids = BTreeSet::from([who.user_id]);
    for g in group_ids {
        ids.extend(groups::member_ids(conn, *g)?);
    }
    let ids: Vec<i64> = ids.into_iter().collect();
    Ok(users::find_many(conn, &ids)?
        .into_iter()
        .filter(|u| u.active || u.id == who.user_id)
        .collect())
}

/// `POST /v2/contacts/:id?cmd=share&groups=…`: answers the sharer's copy.
pub async fn share(ctx: &Ctx, who: &Principal, id: i64, group_ids: Vec<i64>) -> Result<Contact> {
    if group_ids.is_empty() {
        return Err(parse_groups(None).unwrap_err());
    }
    let now = ctx.clock.now_ms();
    let region = ctx.config.default_region;
    let sharer = who.clone();
    let (own, hinted) = ctx
        .db
        .write(move |c| {
            let missing = || contacts::not_found(ACTION, Realm::Contacts, id);
            contacts_store::find(c, sharer.user_id, id)?.ok_or_else(missing)?;
            let members = recipients(c, &sharer, &group_ids)?;
            let contact = contacts::load_one(c, sharer.user_id, id)?.ok_or_else(missing)?;
            let mut own = None;
            let mut hinted = Vec::new();
            for u in members {
                let same_company = u.company_id == sharer.company_id;
                let req = copy_request(&contact, same_company)?;
                let (contact_type, fields) = contacts::check_create(&req, ACTION)?;
                let recipient = Principal {
                    user_id: u.id,
                    uuid: u.uuid,
                    email: u.email,
                    company_id: u.company_id,
                    roles: Vec::new(),
                    token_id: 0,
                    expires: 0,
                };
                let w = contacts::create_in(
                    c,
                    &recipient,
                    contact_type,
                    &fields,
                    &req,
                    region,
                    ACTION,
                    now,
                )?;
                let (copy, seq) =
                    contacts::conclude(c, &recipient, sharer.user_id, w, ACTION, now)?;
                hinted.push((u.id, seq));
                if u.id == sharer.user_id {
                    own = Some(copy);
                }
            }
            let own = own.ok_or_else(|| contacts::not_found(ACTION, Realm::Contacts, id))?;
            Ok((own, hinted))
        })
        .await
        .tag(ACTION, Realm::Contacts)?;
    // After the commit, each recipient's devices hear of their copy at once.
    for (user_id, seq) in hinted {
        if let Err(e) = ctx
            .bus
            .publish(Event {
                user_id,
                topic: Topic::SyncHint,
                id: seq,
            })
            .await
        {
            log::warn!("share sync hint for user {user_id} not published: {e}");
        }
    }
    Ok(own)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_parsed() {
        assert_eq!(parse_groups(Some("32,12,12")).unwrap(), vec![12, 32]);
        assert!(parse_groups(None).is_err());
        assert!(parse_groups(Some(" ")).is_err());
        assert!(parse_groups(Some("1,x")).is_err());
    }
}

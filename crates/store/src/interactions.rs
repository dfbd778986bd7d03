//! Interactions (2.5.2.1, 2.5.3.1.28–31): calls, messages and emails reported by a user's
//! trigger devices, optionally linked to a person, an organization and a basicInfo.

use diesel::prelude::*;
use interact_errors::Result;

use crate::idlist::in_ids;
use crate::owned::{insert_returning, owned_find, owned_find_by};
use crate::schema::{basic_infos, contacts, interactions, search_terms};
use crate::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = interactions)]
pub struct InteractionRow {
    pub id: i64,
    pub user_id: i64,
    pub person_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub basic_info_id: Option<i64>,
    pub type_: String,
    pub data: String,
    pub duration: Option<i64>,
    pub status: Option<String>,
    pub custom_tags: Option<String>,
    /// JSON array of `{"systemId","threadId","entityId","time"}`.
    pub external_systems: String,
    /// `<system name>\u{1f}<entityId>` of the trigger event, for idempotent retries.
    pub entity_key: Option<String>,
    pub time: i64,
    pub created: i64,
    pub modified: i64,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = interactions)]
pub struct InteractionInsertForm<'a> {
    pub user_id: i64,
    pub person_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub basic_info_id: Option<i64>,
    pub type_: &'a str,
    pub data: &'a str,
    pub external_systems: &'a str,
    pub entity_key: Option<&'a str>,
    pub time: i64,
    pub created: i64,
    pub modified: i64,
}

/// The attributes an update writes (all of them: the service merges the request first).
#[derive(Debug, AsChangeset)]
#[diesel(table_name = interactions, treat_none_as_null = true)]
pub struct InteractionUpdateForm {
    pub person_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub basic_info_id: Option<i64>,
    pub duration: Option<i64>,
    pub status: Option<String>,
    pub custom_tags: Option<String>,
    pub external_systems: String,
    pub modified: i64,
}

insert_returning!(interactions, InteractionRow, InteractionInsertForm);

owned_find!(interactions, InteractionRow);

owned_find_by!(
    /// The user's interaction with this `entityKey`.
    find_by_entity_key, interactions, entity_key: &str, InteractionRow
);

/// The user's interactions, newest first (2.5.3.1.28).
pub fn list(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<InteractionRow>> {
    Ok(interactions::table
        .filter(interactions::user_id.eq(user_id))
        .order((interactions::time.desc(), interactions::id.desc()))
        .select(InteractionRow::as_select())
        .load(conn)?)
}

/// The user's interactions linked to a contact as person or organization, newest first.
pub fn list_for_contact(
    conn: &mut AnyConnection,
    user_id: i64,
    contact_id: i64,
) -> Result<Vec<InteractionRow>> {
    Ok(interactions::table
        .filter(interactions::user_id.eq(user_id))
        .filter(
            interactions::person_id
                .eq(contact_id)
                .or(interactions::organization_id.eq(contact_id)),
        )
        .order((interactions::time.desc(), interactions::id.desc()))
        .select(InteractionRow::as_select())
        .load(conn)?)
}

/// Ids of the interactions linked to a contact (the contact's `interactions` list).
pub fn ids_for_contact(conn: &mut AnyConnection, contact_id: i64) -> Result<Vec<i64>> {
    Ok(interactions::table
        .filter(
            interactions::person_id
                .eq(contact_id)
                .or(interactions::organization_id.eq(contact_id)),
        )
        .order(interactions::id.asc())
        .select(interactions::id)
        .load(conn)?)
}

/// `(id, personId, organizationId)` of an interaction.
pub type Link = (i64, Option<i64>, Option<i64>);

/// The links of the interactions linked to any of these contacts.
pub fn links_of(conn: &mut AnyConnection, contact_ids: &[i64]) -> Result<Vec<Link>> {
    Ok(interactions::table
        .filter(
            in_ids(interactions::person_id, contact_ids)
                .or(in_ids(interactions::organization_id, contact_ids)),
        )
        .select((
            interactions::id,
            interactions::person_id,
            interactions::organization_id,
        ))
        .load(conn)?)
}

pub fn update(
    conn: &mut AnyConnection,
    user_id: i64,
    id: i64,
    form: &InteractionUpdateForm,
) -> Result<InteractionRow> {
    Ok(diesel::update(
        interactions::table
            .filter(interactions::id.eq(id))
            .filter(interactions::user_id.eq(user_id)),
    )
    .set(form)
    .returning(interactions::all_columns)
    .get_result(conn)?)
}

pub fn count(conn: &mut AnyConnection, user_id: i64) -> Result<i64> {
    Ok(interactions::table
        .filter(interactions::user_id.eq(user_id))
        .count()
        .get_result(conn)?)
}

pub fn delete_for_user(conn: &mut AnyConnection, user_id: i64) -> Result<usize> {
    Ok(
        diesel::delete(interactions::table.filter(interactions::user_id.eq(user_id)))
            .execute(conn)?,
    )
}

/// A basicInfo that matched a trigger event, with its contact if it has one.
#[derive(Debug, Clone, Queryable)]
pub struct Candidate {
    pub basic_info_id: i64,
    pub type_: String,
    pub excluded: bool,
    pub contact_id: Option<i64>,
}

/// The user's basicInfos of these types whose matching key is `key`, oldest first.
pub fn candidates(
    conn: &mut AnyConnection,
    user_id: i64,
    types: &[&str],
    key: &str,
) -> Result<Vec<Candidate>> {
    Ok(basic_infos::table
        .filter(basic_infos::user_id.eq(user_id))
        .filter(basic_infos::match_key.eq(key))
        .filter(basic_infos::type_.eq_any(types))
        .order(basic_infos::id.asc())
        .limit(50)
        .select((
            basic_infos::id,
            basic_infos::type_,
            basic_infos::excluded,
            basic_infos::contact_id,
        ))
        .load(conn)?)
}

/// Contact names as lists show them: `(id, type, first, middle, last, organizationName)`.
pub type NameParts = (
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub fn contact_names(
    conn: &mut AnyConnection,
    user_id: i64,
    ids: &[i64],
) -> Result<Vec<NameParts>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(contacts::table
        .filter(contacts::user_id.eq(user_id))
        .filter(in_ids(contacts::id, ids))
        .select((
            contacts::id,
            contacts::contact_type,
            contacts::first_name,
            contacts::middle_name,
            contacts::last_name,
            contacts::organization_name,
        ))
        .load(conn)?)
}

/// Contacts with this search term (profile usernames are search terms, lower-cased), with
/// their profiles JSON, for im matching; the caller checks the parsed profiles.
pub fn contacts_with_term(
    conn: &mut AnyConnection,
    user_id: i64,
    term: &str,
) -> Result<Vec<(i64, String)>> {
    Ok(search_terms::table
        .inner_join(contacts::table)
        .filter(search_terms::user_id.eq(user_id))
        .filter(search_terms::term.eq(term))
        .order(contacts::id.asc())
        .limit(50)
        .select((contacts::id, contacts::profiles))
        .load(conn)?)
}

/// The user's interactions linked to any of the contacts `from` (as person or organization),
/// by id.
pub fn of_contacts(
    conn: &mut AnyConnection,
    user_id: i64,
    from: &[i64],
) -> Result<Vec<InteractionRow>> {
    Ok(interactions::table
        .filter(interactions::user_id.eq(user_id))
        .filter(
            in_ids(interactions::person_id, from).or(in_ids(interactions::organization_id, from)),
        )
        .order(interactions::id.asc())
        .select(InteractionRow::as_select())
        .load(conn)?)
}

/// Links the user's interactions of the contacts `from` to `to` instead (`None`: to no
/// contact), in whichever of person and organization they are linked as. A link to a
/// basicInfo that `from` still hold goes too (those go with their contact). Answers them as
/// they are now.
pub fn move_to(
    conn: &mut AnyConnection,
    user_id: i64,
    from: &[i64],
    to: Option<i64>,
    now: i64,
) -> Result<Vec<InteractionRow>> {
    let ids: Vec<i64> = of_contacts(conn, user_id, from)?
        .into_iter()
        .map(|r| r.id)
        .collect();
    let held = basic_infos::table
        .filter(in_ids(basic_infos::contact_id, from))
        .select(basic_infos::id.nullable());
    diesel::update(
        interactions::table
            .filter(interactions::user_id.eq(user_id))
            .filter(
                in_ids(interactions::person_id, from)
                    .or(in_ids(interactions::organization_id, from)),
            )
            .filter(interactions::basic_info_id.eq_any(held)),
    )
    .set(interactions::basic_info_id.eq(None::<i64>))
    .execute(conn)?;
    diesel::update(
        interactions::table
            .filter(interactions::user_id.eq(user_id))
            .filter(in_ids(interactions::person_id, from)),
    )
    .set((
        interactions::person_id.eq(to),
        interactions::modified.eq(now),
    ))
    .execute(conn)?;
    diesel::update(
        interactions::table
            .filter(interactions::user_id.eq(user_id))
            .filter(in_ids(interactions::organization_id, from)),
    )
    .set((
        interactions::organization_id.eq(to),
        interactions::modified.eq(now),
    ))
    .execute(conn)?;
    let mut out: Vec<InteractionRow> = interactions::table
        .filter(in_ids(interactions::id, &ids))
        .select(InteractionRow::as_select())
        .load(conn)?;
    out.sort_by_key(|r| r.id);
    Ok(out)
}

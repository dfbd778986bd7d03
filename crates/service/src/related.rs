//! What notes, deals and tasks relate to: one of the caller's contacts or deals. The checks,
//! their errors and the display names, for every resource that relates to them.

use std::collections::HashMap;

use interact_errors::{Error, Exception, Result};
use interact_store::{deals, AnyConnection};

/// A `relatedTo` of a note or task: one of the caller's contacts or deals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Contact(i64),
    Deal(i64),
}

impl Target {
    /// Reads `relatedTo.type` (a contact when left out) with `relatedTo.id`.
    pub(crate) fn parse(type_: Option<&str>, id: i64) -> Result<Target> {
        match type_ {
            None | Some("contact") => Ok(Target::Contact(id)),
            Some("deal") => Ok(Target::Deal(id)),
            Some(other) => Err(Error::invalid(format!(
                "relatedTo.type must be contact or deal, not {other:?}"
            ))),
        }
    }

    /// `(contact id, deal id)` as stored.
    pub(crate) fn columns(self) -> (Option<i64>, Option<i64>) {
        match self {
            Target::Contact(c) => (Some(c), None),
            Target::Deal(d) => (None, Some(d)),
        }
    }
}

pub(crate) fn contact_not_found(id: i64) -> Error {
    Error::not_found(
        Exception::ContactNotFound,
        format!("relatedTo: contact {id} not found"),
    )
}

pub(crate) fn deal_not_found(id: i64) -> Error {
    Error::not_found(
        Exception::DealNotFound,
        format!("relatedTo: deal {id} not found"),
    )
}

/// Checks that `relatedTo.id` is one of the caller's contacts.
pub(crate) fn check_contact(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<()> {
    interact_store::contacts::find(conn, user_id, id)?
        .map(drop)
        .ok_or_else(|| contact_not_found(id))
}

/// Checks that `relatedTo.id` is one of the caller's deals.
pub(crate) fn check_deal(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<()> {
    deals::find(conn, user_id, id)?
        .map(drop)
        .ok_or_else(|| deal_not_found(id))
}

/// Checks a target of either kind.
pub(crate) fn check(conn: &mut AnyConnection, user_id: i64, target: Target) -> Result<()> {
    match target {
        Target::Contact(c) => check_contact(conn, user_id, c),
        Target::Deal(d) => check_deal(conn, user_id, d),
    }
}

/// The contact whose notes, deals or tasks are listed (`GET /v2/contacts/:id/…`): one of
/// the caller's, or its 404.
pub(crate) fn listed_contact(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<()> {
    interact_store::contacts::find(conn, user_id, id)?
        .map(drop)
        .ok_or_else(|| {
            Error::not_found(
                Exception::ContactNotFound,
                format!("contact {id} not found"),
            )
        })
}

/// The display names of the caller's contacts among `ids`.
pub(crate) fn contact_names(
    conn: &mut AnyConnection,
    user_id: i64,
    ids: &[i64],
) -> Result<HashMap<i64, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    // A name is the contact row's alone: what hangs off the contacts is not read.
    Ok(interact_store::contacts::rows(conn, user_id, ids)?
        .iter()
        .map(|row| (row.id, crate::contacts::display_name(row)))
        .collect())
}

/// The names of the caller's deals among `ids`.
pub(crate) fn deal_names(
    conn: &mut AnyConnection,
    user_id: i64,
    ids: &[i64],
) -> Result<HashMap<i64, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    deals::names(conn, user_id, ids)
}

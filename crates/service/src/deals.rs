//! Deals (2.5.3.1.46–52): create, list, read, update, delete one or several; a deal may
//! belong to one of the caller's contacts. Every change journaled in its transaction.

use interact_domain::records::{
    Deal, DealRelatedTo, DealRequest, DEAL_SOURCES, DEAL_STAGES, ISO_4217,
};
use interact_errors::{Action, Error, Exception, Realm, Result, Tag};
use interact_store::deals::{self as store, DealInsertForm, DealRow, DealUpdateForm};
use interact_store::notes::Of;
use interact_store::AnyConnection;

use crate::auth::Principal;
use crate::bulk::Owned;
use crate::ids::{ContactId, DealId};
use crate::journal;
use crate::related;
use crate::Ctx;

const ENTITY: &str = "deal";
pub const MAX_NAME: usize = 255;

fn not_found(id: i64) -> Error {
    Error::not_found(Exception::DealNotFound, format!("deal {id} not found"))
}

pub(crate) fn views(conn: &mut AnyConnection, user_id: i64, rows: &[DealRow]) -> Result<Vec<Deal>> {
    let ids: Vec<i64> = rows.iter().filter_map(|r| r.contact_id).collect();
    let names = related::contact_names(conn, user_id, &ids)?;
    Ok(rows
        .iter()
        .map(|r| Deal {
            id: r.id,
            name: r.name.clone(),
            value: r.value,
            currency: r.currency.clone(),
            hot: r.hot,
            related_to: r.contact_id.map(|c| DealRelatedTo {
                id: c,
                name: names.get(&c).cloned().unwrap_or_default(),
            }),
            source: r.source.clone(),
            stage: r.stage.clone(),
        })
        .collect())
}

fn view(conn: &mut AnyConnection, user_id: i64, row: &DealRow) -> Result<Deal> {
    views(conn, user_id, std::slice::from_ref(row))?
        .into_iter()
        .next()
        .ok_or_else(|| not_found(row.id))
}

fn one_of(field: &str, value: String, allowed: &[&str]) -> Result<String> {
    if allowed.contains(&value.as_str()) {
        Ok(value)
    } else {
        Err(Error::invalid(format!(
            "{field} must be one of {}, not {value:?}",
            allowed.join(", ")
        )))
    }
}

/// Applies a request to stored fields (`None` on create) and validates the result. The
/// related contact's ownership is checked by the caller inside the transaction.
fn apply(mut f: DealUpdateForm, req: DealRequest, creating: bool) -> Result<DealUpdateForm> {
    match req.name {
        Some(None) => return Err(Error::missing("name")),
        Some(Some(n)) if n.trim().is_empty() => return Err(Error::missing("name")),
        Some(Some(n)) if n.chars().count() > MAX_NAME => {
            return Err(Error::too_long("name", MAX_NAME))
        }
        Some(Some(n)) => f.name = n,
        None if creating => return Err(Error::missing("name")),
        None => {}
    }
    if let Some(v) = req.value {
        if v.is_some_and(|v| v < 0) {
            return Err(Error::invalid("value must not be negative"));
        }
        f.value = v;
    }
    if let Some(cur) = req.currency {
        f.currency = match cur {
            None => None,
            Some(c) => {
                let up = c.trim().to_ascii_uppercase();
                if !ISO_4217.contains(&up.as_str()) {
                    return Err(Error::invalid(format!(
                        "currency must be an ISO 4217 code such as USD or EUR, not {c:?}"
                    )));
                }
                Some(up)
            }
        };
    }
    if let Some(h) = req.hot {
        f.hot = h;
    }
    if let Some(rel) = req.related_to {
        f.contact_id = match rel {
            None => None,
            Some(t) => Some(t.id.ok_or_else(|| Error::missing("relatedTo.id"))?),
        };
    }
    if let Some(s) = req.source {
        f.source = s.map(|s| one_of("source", s, DEAL_SOURCES)).transpose()?;
    }
    if let Some(s) = req.stage {
        f.stage = s.map(|s| one_of("stage", s, DEAL_STAGES)).transpose()?;
    }
    Ok(f)
}

fn check_contact(conn: &mut AnyConnection, user_id: i64, f: &DealUpdateForm) -> Result<()> {
    match f.contact_id {
        Some(c) => related::check_contact(conn, user_id, c),
        None => Ok(()),
    }
}

/// `PUT /v2/deals`.
pub async fn create(ctx: &Ctx, who: &Principal, req: DealRequest) -> Result<Deal> {
    let (user_id, now) = (who.user_id, ctx.clock.now_ms());
    let empty = DealUpdateForm {
        contact_id: None,
        name: String::new(),
        value: None,
        currency: None,
        hot: false,
        source: None,
        stage: None,
        created: now,
        modified: now,
    };
    let fields = apply(empty, req, true).tag(Action::Create, Realm::Deals)?;
    ctx.db
        .write(move |c| {
            // First, so that a concurrent change of the same user's contacts or deals (which
            // takes the same lock) is seen committed by the checks below.
            check_contact(c, user_id, &fields)?;
            let row = store::insert(
                c,
                &DealInsertForm {
                    user_id,
                    form: fields,
                },
            )?;
            let deal = view(c, user_id, &row)?;
            journal::inserted(c, user_id, (ENTITY, row.id), &deal, now)?;
            Ok(deal)
        })
        .await
        .tag(Action::Create, Realm::Deals)
}

/// `GET /v2/deals`.
pub async fn list(ctx: &Ctx, who: &Principal) -> Result<Vec<Deal>> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            let rows = store::list(c, user_id, None)?;
            views(c, user_id, &rows)
        })
        .await
        .tag(Action::View, Realm::Deals)
}

/// `GET /v2/contacts/:id/deals`.
pub async fn of_contact(ctx: &Ctx, who: &Principal, contact_id: i64) -> Result<Vec<Deal>> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            related::listed_contact(c, user_id, contact_id)?;
            let rows = store::list(c, user_id, Some(contact_id))?;
            views(c, user_id, &rows)
        })
        .await
        .tag(Action::View, Realm::ContactDeals)
}

/// `GET /v2/deals/:id`.
pub async fn get(ctx: &Ctx, who: &Principal, id: i64) -> Result<Deal> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            let row = store::find(c, user_id, id)?.ok_or_else(|| not_found(id))?;
            view(c, user_id, &row)
        })
        .await
        .tag(Action::View, Realm::Deals)
}

/// `POST /v2/deals/:id`: fields left out keep their value.
pub async fn update(ctx: &Ctx, who: &Principal, id: i64, req: DealRequest) -> Result<Deal> {
    let (user_id, now) = (who.user_id, ctx.clock.now_ms());
    ctx.db
        .write(move |c| {
            // First, so that a concurrent change of the same user's contacts or deals (which
            // takes the same lock) is seen committed by the checks below.
            let row = store::find(c, user_id, id)?.ok_or_else(|| not_found(id))?;
            let old = view(c, user_id, &row)?;
            let stored = DealUpdateForm {
                modified: now,
                ..row.into()
            };
            let fields = apply(stored, req, false)?;
            check_contact(c, user_id, &fields)?;
            let row = store::update(c, id, &fields)?;
            let new = view(c, user_id, &row)?;
            journal::updated(c, user_id, (ENTITY, id), &old, &new, now)?;
            Ok(new)
        })
        .await
        .tag(Action::Edit, Realm::Deals)
}

fn delete_in(conn: &mut AnyConnection, user_id: i64, id: i64, now: i64) -> Result<()> {
    let row = store::find(conn, user_id, id)?.ok_or_else(|| not_found(id))?;
    let old = view(conn, user_id, &row)?;
    // A deal's notes are about it: they go with it (the journal says so for each).
    crate::notes::delete_of(conn, user_id, Of::Deal(id), now)?;
    // Its tasks stay, no longer related to it.
    crate::tasks::on_deal_delete(conn, user_id, DealId(id), now)?;
    store::delete(conn, user_id, id)?;
    journal::deleted(conn, user_id, (ENTITY, id), &old, now)
}

/// The deletes of deals (`crate::bulk`).
const DEALS: Owned<DealRow> = Owned::new(Realm::Deals, store::find, not_found, delete_in);

/// `DELETE /v2/deals/:id`.
pub async fn delete(ctx: &Ctx, who: &Principal, id: i64) -> Result<()> {
    DEALS.delete_many(ctx, who, vec![id]).await
}

/// `DELETE /v2/deals?ids=…`: all or nothing.
pub async fn delete_many(ctx: &Ctx, who: &Principal, ids: Vec<i64>) -> Result<()> {
    DEALS.delete_many(ctx, who, ids).await
}

/// Before a contact is deleted: its deals stay (a deal is worth keeping) but no longer
/// relate to it. Each journaled.
pub(crate) fn on_contact_delete(
    conn: &mut AnyConnection,
    user_id: i64,
    contact: ContactId,
    now: i64,
) -> Result<()> {
    for row in store::list(conn, user_id, Some(contact.0))? {
        let old = view(conn, user_id, &row)?;
        let id = row.id;
        let fields = DealUpdateForm {
            contact_id: None,
            modified: now,
            ..row.into()
        };
        let updated = store::update(conn, id, &fields)?;
        let new = view(conn, user_id, &updated)?;
        journal::updated(conn, user_id, (ENTITY, id), &old, &new, now)?;
    }
    Ok(())
}

/// Merge (2.5.3.2.7): the deals of the contacts `from` now belong to `to`; each journaled.
/// Answers how many moved.
pub(crate) fn reattach(
    conn: &mut AnyConnection,
    user_id: i64,
    from: &[ContactId],
    to: ContactId,
    now: i64,
) -> Result<usize> {
    let (from, to) = (&ContactId::raw(from)[..], to.0);
    let rows = store::of_contacts(conn, user_id, from)?;
    if rows.is_empty() {
        return Ok(0);
    }
    let olds = views(conn, user_id, &rows)?;
    let moved = store::move_to(conn, user_id, from, to, now)?;
    let news = views(conn, user_id, &moved)?;
    for (old, new) in olds.iter().zip(&news) {
        journal::updated(conn, user_id, (ENTITY, new.id), old, new, now)?;
    }
    Ok(news.len())
}

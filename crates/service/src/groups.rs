//! Group administration (2.5.3.1.62–67).

use std::collections::HashMap;

use interact_domain::admin::{Group, GroupRequest};
use interact_errors::{Action, Error, Realm, Result, Tag};
use interact_store::{companies, groups, users, AnyConnection};

use crate::access::{group_not_found, required_name, unknown_company, AdminScope};
use crate::auth::Principal;
use crate::Ctx;

/// A group with its members.
pub fn view(c: &mut AnyConnection, g: &groups::Group) -> Result<Group> {
    let mut list = views(c, std::slice::from_ref(g))?;
    list.pop().ok_or_else(|| group_not_found(g.id))
}

/// Groups with their members: four statements whatever the number of groups and members.
pub fn views(c: &mut AnyConnection, rows: &[groups::Group]) -> Result<Vec<Group>> {
    let ids: Vec<i64> = rows.iter().map(|g| g.id).collect();
    let pairs = groups::members_of_many(c, &ids)?;
    let mut user_ids: Vec<i64> = pairs.iter().map(|(_, u)| *u).collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    let members = users::find_many(c, &user_ids)?;
    let views: HashMap<i64, interact_domain::admin::User> = members
        .iter()
        .map(|u| u.id)
        .zip(crate::users::views(c, &members)?)
        .collect();
    let mut by_group: HashMap<i64, Vec<interact_domain::admin::User>> = HashMap::new();
    for (group, user) in pairs {
        if let Some(v) = views.get(&user) {
            by_group.entry(group).or_default().push(v.clone());
        }
    }
    Ok(rows
        .iter()
        .map(|g| Group {
            id: g.id,
            name: g.name.clone(),
            company_id: g.company_id,
            users: by_group.remove(&g.id).unwrap_or_default(),
        })
        .collect())
}

fn visible(c: &mut AnyConnection, scope: AdminScope, id: i64) -> Result<groups::Group> {
    match groups::find(c, id)? {
        Some(g) if scope.sees_company(Some(g.company_id)) => Ok(g),
        _ => Err(group_not_found(id)),
    }
}

/// `PUT /v2/admin/groups`: companyId defaults to the caller's company.
pub async fn create(ctx: &Ctx, who: &Principal, req: GroupRequest) -> Result<Group> {
    let tag = |e: Error| e.in_context(Action::Create, Realm::GroupAdministration);
    let scope = AdminScope::of(who).map_err(tag)?;
    let name = required_name(req.name.as_deref(), "name").map_err(tag)?;
    let company_id = req
        .company_id
        .or(who.company_id)
        .ok_or_else(|| tag(Error::missing("companyId")))?;
    let now = ctx.clock.now_ms();
    ctx.db
        .write(move |c| {
            if !scope.sees_company(Some(company_id)) || companies::find(c, company_id)?.is_none() {
                return Err(unknown_company(company_id));
            }
            let uuid = uuid::Uuid::new_v4().to_string();
            let g = groups::insert(
                c,
                &groups::GroupInsertForm {
                    uuid: &uuid,
                    company_id,
                    name: &name,
                    created: now,
                },
            )?;
            view(c, &g)
        })
        .await
        .tag(Action::Create, Realm::GroupAdministration)
}

/// `GET /v2/admin/groups/:id`.
pub async fn get(ctx: &Ctx, who: &Principal, id: i64) -> Result<Group> {
    let scope = AdminScope::of(who).tag(Action::View, Realm::GroupAdministration)?;
    ctx.db
        .read(move |c| {
            let g = visible(c, scope, id)?;
            view(c, &g)
        })
        .await
        .tag(Action::View, Realm::GroupAdministration)
}

/// `POST /v2/admin/groups/:id`: renames the group.
pub async fn update(ctx: &Ctx, who: &Principal, id: i64, req: GroupRequest) -> Result<Group> {
    let tag = |e: Error| e.in_context(Action::Edit, Realm::GroupAdministration);
    let scope = AdminScope::of(who).map_err(tag)?;
    let name = required_name(req.name.as_deref(), "name").map_err(tag)?;
    ctx.db
        .write(move |c| {
            let mut g = visible(c, scope, id)?;
            if let Some(cid) = req.company_id.filter(|cid| *cid != g.company_id) {
                // The body is valid by itself; the stored company decides (409).
                return Err(Error::conflict(format!(
                    "companyId: group {id} belongs to company {}; it cannot move to {cid}",
                    g.company_id
                ))
                .in_context(Action::Edit, Realm::GroupAdministration));
            }
            groups::rename(c, id, &name)?;
            g.name = name;
            view(c, &g)
        })
        .await
        .tag(Action::Edit, Realm::GroupAdministration)
}

/// `DELETE /v2/admin/groups/:id` and `DELETE /v2/admin/groups?ids=`: all or nothing; the
/// members stay, without the group.
pub async fn delete(ctx: &Ctx, who: &Principal, ids: Vec<i64>) -> Result<()> {
    let scope = AdminScope::of(who).tag(Action::Delete, Realm::GroupAdministration)?;
    ctx.db
        .write(move |c| {
            for &id in &ids {
                visible(c, scope, id)?;
            }
            // Canvass interactions belong to their security group: deleting it would orphan
            // them, so the group must be emptied first.
            if let Some(id) = interact_store::canvass::first_group_in_use(c, &ids)? {
                return Err(Error::conflict(format!(
                    "group {id} still holds canvass interactions: delete them first"
                ))
                .in_context(Action::Delete, Realm::GroupAdministration));
            }
            groups::delete(c, &ids)?;
            Ok(())
        })
        .await
        .tag(Action::Delete, Realm::GroupAdministration)
}

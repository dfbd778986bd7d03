//! Company administration (2.5.3.1.58–61, 63, 73).

use std::collections::HashMap;

use interact_domain::admin::{Company, CompanyRequest, CustomField, Group};
use interact_domain::{ListPage, Listed, Page};
use interact_errors::{Action, Error, Realm, Result, Tag};
use interact_store::{companies, custom_fields as fields_store, groups as groups_store, users};

use crate::access::{company_not_found, required_name, AdminScope};
use crate::auth::Principal;
use crate::Ctx;

fn view(c: &mut interact_store::AnyConnection, row: &companies::Company) -> Result<Company> {
    let mut list = views(c, std::slice::from_ref(row))?;
    list.pop().ok_or_else(|| company_not_found(row.id))
}

/// Companies with their users: three statements whatever the number of companies and users.
fn views(
    c: &mut interact_store::AnyConnection,
    rows: &[companies::Company],
) -> Result<Vec<Company>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let members = users::of_companies(c, &ids)?;
    let mut by_company: HashMap<i64, Vec<interact_domain::admin::User>> = HashMap::new();
    for (u, v) in members.iter().zip(crate::users::views(c, &members)?) {
        if let Some(company) = u.company_id {
            by_company.entry(company).or_default().push(v);
        }
    }
    Ok(rows
        .iter()
        .map(|row| Company {
            id: row.id,
            name: row.name.clone(),
            company_id: row.id,
            users: by_company.get(&row.id).cloned().unwrap_or_default(),
        })
        .collect())
}

/// `PUT /v2/admin/companies` (interact_admin only).
pub async fn create(ctx: &Ctx, who: &Principal, req: CompanyRequest) -> Result<Company> {
    let tag = |e: Error| e.in_context(Action::Create, Realm::CompanyAdministration);
    AdminScope::platform(who).map_err(tag)?;
    let name = required_name(req.name.as_deref(), "name").map_err(tag)?;
    let now = ctx.clock.now_ms();
    ctx.db
        .write(move |c| {
            let uuid = uuid::Uuid::new_v4().to_string();
            let row = companies::insert(
                c,
                &companies::CompanyInsertForm {
                    uuid: &uuid,
                    name: &name,
                    created: now,
                },
            )?;
            view(c, &row)
        })
        .await
        .tag(Action::Create, Realm::CompanyAdministration)
}

/// `GET /v2/admin/companies`: all companies for an interact_admin, their own for a
/// customer_admin, each with its users.
pub async fn list(ctx: &Ctx, who: &Principal) -> Result<Vec<Company>> {
    let scope = AdminScope::of(who).tag(Action::View, Realm::CompanyAdministration)?;
    ctx.db
        .read(move |c| {
            let rows = match scope.company_filter() {
                None => companies::list(c, None)?,
                Some(None) => Vec::new(),
                Some(Some(own)) => companies::list(c, Some(own))?,
            };
            views(c, &rows)
        })
        .await
        .tag(Action::View, Realm::CompanyAdministration)
}

fn visible(
    c: &mut interact_store::AnyConnection,
    scope: AdminScope,
    id: i64,
) -> Result<companies::Company> {
    match companies::find(c, id)? {
        Some(row) if scope.sees_company(Some(row.id)) => Ok(row),
        _ => Err(company_not_found(id)),
    }
}

/// `GET /v2/admin/companies/:id`.
pub async fn get(ctx: &Ctx, who: &Principal, id: i64) -> Result<Company> {
    let scope = AdminScope::of(who).tag(Action::View, Realm::CompanyAdministration)?;
    ctx.db
        .read(move |c| {
            let row = visible(c, scope, id)?;
            view(c, &row)
        })
        .await
        .tag(Action::View, Realm::CompanyAdministration)
}

/// `DELETE /v2/admin/companies?ids=` (interact_admin only): all or nothing; a company that
/// still has users is a 409.
pub async fn delete(ctx: &Ctx, who: &Principal, ids: Vec<i64>) -> Result<()> {
    AdminScope::platform(who).tag(Action::Delete, Realm::CompanyAdministration)?;
    ctx.db
        .write(move |c| {
            for &id in &ids {
                if companies::find(c, id)?.is_none() {
                    return Err(company_not_found(id));
                }
            }
            if let Some(id) = companies::with_users(c, &ids)?.first() {
                return Err(Error::conflict(format!(
                    "company {id} still has users; delete or move them first"
                ))
                .in_context(Action::Delete, Realm::CompanyAdministration));
            }
            companies::delete(c, &ids)?;
            Ok(())
        })
        .await
        .tag(Action::Delete, Realm::CompanyAdministration)
}

/// `GET /v2/admin/companies/:id/groups`: the company's groups with their members.
pub async fn groups(ctx: &Ctx, who: &Principal, id: i64) -> Result<Vec<Group>> {
    let scope = AdminScope::of(who).tag(Action::View, Realm::GroupAdministration)?;
    ctx.db
        .read(move |c| {
            visible(c, scope, id)?;
            let rows = groups_store::of_company(c, id)?;
            crate::groups::views(c, &rows)
        })
        .await
        .tag(Action::View, Realm::GroupAdministration)
}

/// `GET /v2/admin/companies/:id/customFields?entityType=` and `GET /v2/admin/customFields`
/// (`company` = `None`: the caller's company, or every company for an interact_admin
/// without one).
pub async fn custom_fields(
    ctx: &Ctx,
    who: &Principal,
    company: Option<i64>,
    entity_type: Option<String>,
    page: Page,
    paged: bool,
) -> Result<Listed<CustomField>> {
    let scope = AdminScope::of(who).tag(Action::View, Realm::CustomFieldAdministration)?;
    let company = company.or(who.company_id);
    ctx.db
        .read(move |c| {
            if let Some(id) = company {
                visible(c, scope, id)?;
            } else if !scope.is_all() {
                return Err(Error::missing("companyId"));
            }
            let (rows, total) =
                fields_store::list(c, company, entity_type.as_deref(), page.offset, page.limit)?;
            let data = rows.iter().map(crate::custom_fields::view).collect();
            Ok(if paged {
                Listed::Page(ListPage::new(data, page, total))
            } else {
                Listed::All(data)
            })
        })
        .await
        .tag(Action::View, Realm::CustomFieldAdministration)
}

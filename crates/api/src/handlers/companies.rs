//! Company administration (2.5.3.1.58–61, 63, 73).

use interact_domain::admin::{Company, CompanyRequest, Group};
use interact_domain::{Created, Deleted, ErrorBody};
use interact_errors::{Action, Realm};
use interact_service::companies;

use crate::extract::{App, Auth, Id, Ids, Json};
use crate::respond::{self, Reply};

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![
        crate::endpoint!(create_company, Action::Create, Realm::CompanyAdministration)
        .alias("/v2/companies"),
        crate::endpoint!(list_companies, Action::View, Realm::CompanyAdministration)
        .alias("/v2/companies"),
        crate::endpoint!(delete_companies, Action::Delete, Realm::CompanyAdministration)
        .alias("/v2/companies"),
        crate::endpoint!(get_company, Action::View, Realm::CompanyAdministration),
        crate::endpoint!(company_groups, Action::View, Realm::CompanyAdministration),
    ]
}

/// Create a customer company (2.5.3.1.58); interact_admin only.
#[utoipa::path(put, path = "/v2/admin/companies", tag = "administration",
    request_body = CompanyRequest,
    responses(
        (status = 201, body = Created<Company>),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn create_company(ctx: App, auth: Auth, body: Json<CompanyRequest>) -> Reply {
    Ok(respond::created(
        companies::create(&ctx, &auth, body.0).await?,
    ))
}

/// Retrieve the companies with their users (2.5.3.1.59): all for an interact_admin, their
/// own for a customer_admin.
#[utoipa::path(get, path = "/v2/admin/companies", tag = "administration",
    params(("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = Vec<Company>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn list_companies(ctx: App, auth: Auth) -> Reply {
    Ok(respond::ok(companies::list(&ctx, &auth).await?))
}

/// Delete companies with the given ids (2.5.3.1.61); interact_admin only, all or none. A
/// company that still has users is a 409.
#[utoipa::path(delete, path = "/v2/admin/companies", tag = "administration",
    params(Ids),
    responses(
        (status = 200, body = Deleted),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "a company still has users", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_companies(ctx: App, auth: Auth, ids: Ids) -> Reply {
    companies::delete(&ctx, &auth, ids.0).await?;
    Ok(respond::deleted())
}

/// Retrieve a company with its users (2.5.3.1.60).
#[utoipa::path(get, path = "/v2/admin/companies/{id}", tag = "administration",
    params(("id" = i64, Path), ("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = Company),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn get_company(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(companies::get(&ctx, &auth, *id).await?))
}

/// Retrieve the groups of a company, with their members (2.5.3.1.63).
#[utoipa::path(get, path = "/v2/admin/companies/{id}/groups", tag = "administration",
    params(("id" = i64, Path), ("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = Vec<Group>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn company_groups(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(companies::groups(&ctx, &auth, *id).await?))
}

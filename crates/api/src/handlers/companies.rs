//! Company administration (2.5.3.1.58–61, 63, 73).

use interact_domain::admin::{Company, CompanyRequest, Group};
use interact_domain::ErrorBody;
use interact_errors::{Action, Realm};
use interact_service::companies;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

crate::resource! {
    tag "administration", one "company", realm Realm::CompanyAdministration,
    also [403 "the caller's roles do not allow it"];
    /// Create a customer company (2.5.3.1.58); interact_admin only.
    create create_company("/v2/admin/companies", CompanyRequest => Company, companies::create)
        .alias("/v2/companies");
    /// Retrieve the companies with their users (2.5.3.1.59): all for an interact_admin, their
    /// own for a customer_admin.
    list list_companies("/v2/admin/companies" => Company, companies::list)
        .alias("/v2/companies");
    /// Delete companies with the given ids (2.5.3.1.61); interact_admin only, all or none. A
    /// company that still has users is a 409.
    delete_many delete_companies("/v2/admin/companies", companies::delete,
        400 "ids missing or not integers",
        404 "an id is not a company the caller administers; nothing was deleted",
        409 "a company still has users")
        .alias("/v2/companies");
    /// Retrieve a company with its users (2.5.3.1.60).
    get get_company("/v2/admin/companies/{id}" => Company, companies::get,
        400 "id not an integer", 404 "no such company, or not the caller's to administer");
    custom company_groups(Action::View);
}

/// Retrieve the groups of a company, with their members (2.5.3.1.63).
#[utoipa::path(get, path = "/v2/admin/companies/{id}/groups", tag = "administration",
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = Vec<Group>),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
pub async fn company_groups(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(companies::groups(&ctx, &auth, *id).await?))
}

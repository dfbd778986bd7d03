//! Group administration (2.5.3.1.62–67).

use interact_domain::admin::{Group, GroupRequest};
use interact_domain::{Deleted, ErrorBody};
use interact_errors::{Action, Realm};
use interact_service::groups;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

crate::resource! {
    tag "administration", one "group", realm Realm::GroupAdministration,
    also [403 "the caller's roles do not allow it"];
    /// Create a group (2.5.3.1.62); `companyId` defaults to the caller's company.
    create create_group("/v2/admin/groups", GroupRequest => Group, groups::create);
    /// Delete groups with the given ids (2.5.3.1.66): all or none.
    delete_many delete_groups("/v2/admin/groups", groups::delete,
        400 "ids missing or not integers",
        404 "an id is not a group the caller administers; nothing was deleted",
        409 "the group still has canvass interactions");
    /// Retrieve a group with its members (2.5.3.1.64).
    get get_group("/v2/admin/groups/{id}" => Group, groups::get,
        400 "id not an integer", 404 "no such group, or not the caller's to administer")
        .alias("/v2/admin/group/{id}");
    /// Rename a group (2.5.3.1.65).
    update update_group("/v2/admin/groups/{id}", GroupRequest => Group, groups::update,
        404 "no such group, or not the caller's to administer",
        409 "a companyId other than the group's: a group, once in a company, stays there")
        .alias("/v2/admin/group/{id}");
    custom delete_group(Action::Delete).alias("/v2/admin/group/{id}");
}

/// Delete a group (2.5.3.1.67); its members stay, without it.
#[utoipa::path(delete, path = "/v2/admin/groups/{id}", tag = "administration",
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = Deleted),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "the group still has canvass interactions", body = ErrorBody),
    ))]
pub async fn delete_group(ctx: App, auth: Auth, id: Id) -> Reply {
    groups::delete(&ctx, &auth, vec![*id]).await?;
    Ok(respond::deleted())
}

//! Group administration (2.5.3.1.62–67).

use interact_domain::admin::{Group, GroupRequest};
use interact_domain::{Created, Deleted, ErrorBody, Updated};
use interact_errors::{Action, Realm};
use interact_service::groups;

use crate::extract::{App, Auth, Id, Ids, Json};
use crate::respond::{self, Reply};

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![
        crate::endpoint!(create_group, Action::Create, Realm::GroupAdministration),
        crate::endpoint!(delete_groups, Action::Delete, Realm::GroupAdministration),
        crate::endpoint!(get_group, Action::View, Realm::GroupAdministration)
            .alias("/v2/admin/group/{id}"),
        crate::endpoint!(update_group, Action::Edit, Realm::GroupAdministration)
        .alias("/v2/admin/group/{id}"),
        crate::endpoint!(delete_group, Action::Delete, Realm::GroupAdministration)
        .alias("/v2/admin/group/{id}"),
    ]
}

/// Create a group (2.5.3.1.62); `companyId` defaults to the caller's company.
#[utoipa::path(put, path = "/v2/admin/groups", tag = "administration",
    request_body = GroupRequest,
    responses(
        (status = 201, body = Created<Group>),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn create_group(ctx: App, auth: Auth, body: Json<GroupRequest>) -> Reply {
    Ok(respond::created(groups::create(&ctx, &auth, body.0).await?))
}

/// Delete groups with the given ids (2.5.3.1.66): all or none.
#[utoipa::path(delete, path = "/v2/admin/groups", tag = "administration",
    params(Ids),
    responses(
        (status = 200, body = Deleted),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "the group still has canvass interactions", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_groups(ctx: App, auth: Auth, ids: Ids) -> Reply {
    groups::delete(&ctx, &auth, ids.0).await?;
    Ok(respond::deleted())
}

/// Retrieve a group with its members (2.5.3.1.64).
#[utoipa::path(get, path = "/v2/admin/groups/{id}", tag = "administration",
    params(("id" = i64, Path), ("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = Group),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn get_group(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(groups::get(&ctx, &auth, *id).await?))
}

/// Rename a group (2.5.3.1.65).
#[utoipa::path(post, path = "/v2/admin/groups/{id}", tag = "administration",
    params(("id" = i64, Path)),
    request_body = GroupRequest,
    responses(
        (status = 200, body = Updated<Group>),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "a companyId other than the group's: a group, once in a company, stays there", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn update_group(ctx: App, auth: Auth, id: Id, body: Json<GroupRequest>) -> Reply {
    Ok(respond::updated(
        groups::update(&ctx, &auth, *id, body.0).await?,
    ))
}

/// Delete a group (2.5.3.1.67); its members stay, without it.
#[utoipa::path(delete, path = "/v2/admin/groups/{id}", tag = "administration",
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = Deleted),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "the group still has canvass interactions", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_group(ctx: App, auth: Auth, id: Id) -> Reply {
    groups::delete(&ctx, &auth, vec![*id]).await?;
    Ok(respond::deleted())
}

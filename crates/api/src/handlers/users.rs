//! User administration (2.5.3.1.53–57, 2.5.3.2.2, 2.5.3.2.9–10).

use actix_web::web;
use interact_domain::admin::{CreateUserRequest, UpdateUserRequest, User};
use interact_domain::{Deleted, ErrorBody, Success, Updated};
use interact_errors::{Action, Detail, Error, Exception, Realm, Tag};
use interact_service::users::{self, Assign};

use crate::extract::{App, Auth, CmdQuery, Id, Json};
use crate::respond::{self, Reply};

crate::resource! {
    tag "administration", one "user", realm Realm::UserAdministration,
    also [403 "the caller's roles do not allow it"];
    /// Create a user (2.5.3.1.53). A customer_admin's new user joins their company unless
    /// `companyId` names it; a user may also start without a company and get one later, once.
    create create_user("/v2/admin/users", CreateUserRequest => User, users::create,
        400 "malformed email, weak password, unknown company",
        409 "the email is taken (9303)");
    /// Retrieve a list of users (2.5.3.1.54): all for an interact_admin, their company's for a
    /// customer_admin.
    list list_users("/v2/admin/users" => User, users::list);
    /// Delete users with the given ids (2.5.3.1.56): all or none.
    delete_many delete_users("/v2/admin/users", users::delete,
        400 "ids missing or not integers",
        404 "an id is not a user the caller administers; nothing was deleted");
    /// Retrieve a user (2.5.3.1.55).
    get get_user("/v2/admin/users/{id}" => User, users::get,
        400 "id not an integer", 404 "no such user, or not the caller's to administer");
    custom update_user(Action::Edit);
    custom delete_user(Action::Delete);
    custom assign_roles(Action::Edit, Realm::RoleAdministration);
    custom assign_groups(Action::Edit, Realm::GroupAdministration);
}

/// Update a user (email, password, active, and companyId once), or with `?cmd=wipeAccount`
/// wipe out all of the user's data and keep the account (2.5.3.2.2; body `{}` or `null`).
#[utoipa::path(post, path = "/v2/admin/users/{id}", tag = "administration",
    params(("id" = i64, Path), ("cmd" = Option<String>, Query, description = "wipeAccount", pattern = "^wipeAccount$")),
    request_body = UpdateUserRequest,
    responses(
        (status = 200, description = "the updated user, or for wipeAccount `{\"code\":200,\"devmsg\":\"success\"}`", body = Updated<User>),
        (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "the email is taken (9303)", body = ErrorBody),
    ))]
pub async fn update_user(
    ctx: App,
    auth: Auth,
    id: Id,
    query: web::Query<CmdQuery>,
    body: Json<Option<UpdateUserRequest>>,
) -> Reply {
    let id = *id;
    match query.cmd.as_deref() {
        None => {
            let req = body.0.unwrap_or_default();
            Ok(respond::updated(users::update(&ctx, &auth, id, req).await?))
        }
        Some("wipeAccount") => {
            users::wipe_account(&ctx, &auth, id).await?;
            Ok(respond::ok(Success::default()))
        }
        Some(other) => Err(Error::new(
            Exception::InvalidData,
            Action::Edit,
            Realm::UserAdministration,
            Detail::InvalidParameter,
            format!("cmd {other:?} is unknown; the only command here is wipeAccount"),
        )),
    }
}

/// Delete a user and all of their data (2.5.3.1.57).
#[utoipa::path(delete, path = "/v2/admin/users/{id}", tag = "administration",
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = Deleted),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
pub async fn delete_user(ctx: App, auth: Auth, id: Id) -> Reply {
    users::delete(&ctx, &auth, vec![*id]).await?;
    Ok(respond::deleted())
}

/// Assign roles to a user (2.5.3.2.9): `cmd` add, remove or set, the body an array of role
/// names. Answers the user.
#[utoipa::path(post, path = "/v2/admin/users/{id}/roles", tag = "administration",
    params(("id" = i64, Path), ("cmd" = String, Query, description = "add, remove or set", pattern = "^(add|remove|set)$")),
    request_body = Vec<String>,
    responses(
        (status = 200, body = User),
        (status = 400, description = "unknown role or cmd", body = ErrorBody),
        (status = 403, description = "not an administrator, or a customer_admin granting interact_admin", body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
pub async fn assign_roles(
    ctx: App,
    auth: Auth,
    id: Id,
    query: web::Query<CmdQuery>,
    body: Json<Vec<String>>,
) -> Reply {
    let cmd = Assign::parse(query.cmd.as_deref()).tag(Action::Edit, Realm::RoleAdministration)?;
    Ok(respond::ok(
        users::assign_roles(&ctx, &auth, *id, cmd, body.0).await?,
    ))
}

/// Assign groups to a user (2.5.3.2.10): `cmd` add, remove or set, the body an array of ids
/// of groups of the user's company. Answers the user.
#[utoipa::path(post, path = "/v2/admin/users/{id}/groups", tag = "administration",
    params(("id" = i64, Path), ("cmd" = String, Query, description = "add, remove or set", pattern = "^(add|remove|set)$")),
    request_body = Vec<i64>,
    responses(
        (status = 200, body = User),
        (status = 400, description = "a group of another company, or unknown cmd", body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
pub async fn assign_groups(
    ctx: App,
    auth: Auth,
    id: Id,
    query: web::Query<CmdQuery>,
    body: Json<Vec<i64>>,
) -> Reply {
    let cmd = Assign::parse(query.cmd.as_deref()).tag(Action::Edit, Realm::GroupAdministration)?;
    Ok(respond::ok(
        users::assign_groups(&ctx, &auth, *id, cmd, body.0).await?,
    ))
}

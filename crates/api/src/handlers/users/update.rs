use actix_web::web;
use interact_domain::admin::{UpdateUserRequest, User};
use interact_domain::{ErrorBody, Success, Updated};
use interact_errors::{Action, Detail, Error, Exception, Realm};
use interact_service::users;

use super::CmdQuery;
use crate::extract::{App, Auth, Id, Json};
use crate::respond::{self, Reply};

/// Update a user (email, password, active, and companyId once), or with `?cmd=wipeAccount`
/// wipe out all of the user's data and keep the account (2.5.3.2.2; body `{}` or `null`).
#[utoipa::path(post, path = "/v2/admin/users/{id}", tag = "administration",
    params(("id" = i64, Path), ("cmd" = Option<String>, Query, description = "wipeAccount", pattern = "^wipeAccount$")),
    request_body = UpdateUserRequest,
    responses(
        (status = 200, description = "the updated user, or for wipeAccount `{\"code\":200,\"devmsg\":\"success\"}`", body = Updated<User>),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "the email is taken (9303)", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
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

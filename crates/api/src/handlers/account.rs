//! The caller's account (2.5.3.2.11–12).

use actix_web::{HttpRequest, web};
use interact_domain::account::AccountRequest;
use interact_domain::{ErrorBody, Success};
use interact_errors::{Action, Detail, Error, Exception, Realm};
use interact_service::account;

use crate::extract::{App, Auth, CmdQuery, Json, client_addr};
use crate::respond::{self, Reply};

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![crate::endpoint!(my_account, Action::Edit, Realm::MyAccount)]
}

/// Extended functions of the caller's account: `cmd=resetPwd` `{"email"}` (no token; always
/// 200, a one-time token is mailed if the account exists), `cmd=confirmResetPwd`
/// `{"token","newPassword"}` (no token), `cmd=changePwd` `{"oldPassword","newPassword"}`
/// (ends the caller's other sessions).
#[utoipa::path(post, path = "/v2/myAccount", tag = "authentication",
    params(("cmd" = String, Query, description = "resetPwd, confirmResetPwd or changePwd", pattern = "^(resetPwd|confirmResetPwd|changePwd)$")),
    request_body = AccountRequest,
    responses(
        (status = 200, body = Success),
        (status = 400, description = "missing or malformed field, weak password, wrong old password, unknown cmd", body = ErrorBody),
        (status = 401, description = "unknown or expired reset token, no authToken for changePwd", body = ErrorBody),
        (status = 429, description = "too many wrong old passwords", body = ErrorBody),
    ),
    security((), ("authToken" = []), ("bearer" = [])))]
pub async fn my_account(
    ctx: App,
    req: HttpRequest,
    query: web::Query<CmdQuery>,
    body: Json<AccountRequest>,
) -> Reply {
    let body = body.0;
    match query.cmd.as_deref() {
        Some("resetPwd") => account::reset_password(&ctx, body).await?,
        Some("confirmResetPwd") => account::confirm_reset(&ctx, body).await?,
        Some("changePwd") => {
            let auth = Auth::from_http(&req).await?;
            account::change_password(&ctx, &auth, body, client_addr(&req)).await?
        }
        other => {
            let msg = match other {
                Some(c) => format!("cmd {c:?} is not one of resetPwd, confirmResetPwd, changePwd"),
                None => "cmd is required: resetPwd, confirmResetPwd or changePwd".into(),
            };
            return Err(Error::new(
                Exception::InvalidData,
                Action::Edit,
                Realm::MyAccount,
                Detail::InvalidParameter,
                msg,
            ));
        }
    }
    Ok(respond::ok(Success::default()))
}

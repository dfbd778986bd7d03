use actix_web::{web, HttpResponse};
use interact_domain::admin::{CreateUserRequest, User};
use interact_domain::{Created, ErrorBody};
use interact_errors::Error;
use interact_service::{users, Ctx};

use crate::extract::{Auth, Json};
use crate::respond;

/// Create a user (2.5.3.1.53). A customer_admin's new user joins their company unless
/// `companyId` names it; a user may also start without a company and get one later, once.
#[utoipa::path(put, path = "/v2/admin/users", tag = "administration",
    request_body = CreateUserRequest,
    responses(
        (status = 201, body = Created<User>),
        (status = 400, description = "malformed email, weak password, unknown company", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 409, description = "the email is taken (9303)", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn create_user(
    ctx: web::Data<Ctx>,
    auth: Auth,
    body: Json<CreateUserRequest>,
) -> Result<HttpResponse, Error> {
    Ok(respond::created(
        users::create(&ctx, &auth, body.into_inner()).await?,
    ))
}

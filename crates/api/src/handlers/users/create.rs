use interact_domain::admin::{CreateUserRequest, User};
use interact_domain::{Created, ErrorBody};
use interact_service::users;

use crate::extract::{App, Auth, Json};
use crate::respond::{self, Reply};

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
pub async fn create_user(ctx: App, auth: Auth, body: Json<CreateUserRequest>) -> Reply {
    Ok(respond::created(users::create(&ctx, &auth, body.0).await?))
}

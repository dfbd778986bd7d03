use actix_web::{web, HttpResponse};
use interact_domain::{Deleted, ErrorBody};
use interact_errors::Error;
use interact_service::{users, Ctx};

use crate::extract::{Auth, Id};
use crate::respond;

/// Delete a user and all of their data (2.5.3.1.57).
#[utoipa::path(delete, path = "/v2/admin/users/{id}", tag = "administration",
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = Deleted),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_user(ctx: web::Data<Ctx>, auth: Auth, id: Id) -> Result<HttpResponse, Error> {
    users::delete(&ctx, &auth, vec![id.into_inner()]).await?;
    Ok(respond::deleted())
}

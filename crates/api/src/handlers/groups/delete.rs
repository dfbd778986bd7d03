use actix_web::{web, HttpResponse};
use interact_domain::{Deleted, ErrorBody};
use interact_errors::Error;
use interact_service::{groups, Ctx};

use crate::extract::{Auth, Id};
use crate::respond;

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
pub async fn delete_group(ctx: web::Data<Ctx>, auth: Auth, id: Id) -> Result<HttpResponse, Error> {
    groups::delete(&ctx, &auth, vec![id.into_inner()]).await?;
    Ok(respond::deleted())
}

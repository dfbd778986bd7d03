use actix_web::{web, HttpResponse};
use interact_domain::{Deleted, ErrorBody};
use interact_errors::Error;
use interact_service::{devices, Ctx};

use crate::extract::{Auth, Id};
use crate::respond;

/// Delete a device (2.5.3.1.71).
#[utoipa::path(delete, path = "/v2/devices/{id}", tag = "devices",
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = Deleted),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_device(ctx: web::Data<Ctx>, auth: Auth, id: Id) -> Result<HttpResponse, Error> {
    devices::delete(&ctx, &auth, id.into_inner()).await?;
    Ok(respond::deleted())
}

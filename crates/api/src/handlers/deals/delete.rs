//! `DELETE /v2/deals/:id`: delete a deal.

use actix_web::{web, HttpResponse};
use interact_domain::{Deleted, ErrorBody};
use interact_errors::Error;
use interact_service::{deals, Ctx};

use crate::extract::{Auth, Id};
use crate::respond;

/// Delete a deal (2.5.3.1.52); its notes go with it.
#[utoipa::path(delete, path = "/v2/deals/{id}", tag = "deals",
    params(("id" = i64, Path, description = "deal id")),
    responses(
        (status = 200, body = Deleted),
        (status = 400, description = "id not an integer", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such deal of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_deal(ctx: web::Data<Ctx>, auth: Auth, id: Id) -> Result<HttpResponse, Error> {
    deals::delete(&ctx, &auth, id.into_inner()).await?;
    Ok(respond::deleted())
}

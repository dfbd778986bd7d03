//! `GET /v2/contacts/:id/tags`: a contact's tags.

use actix_web::{web, HttpResponse};
use interact_domain::ErrorBody;
use interact_errors::Error;
use interact_service::{contacts, Ctx};

use crate::extract::{Auth, Id};
use crate::respond;

/// Retrieve the tags of a contact (2.5.3.1.27).
#[utoipa::path(get, path = "/v2/contacts/{id}/tags", tag = "contacts",
    params(
        ("id" = i64, Path, description = "contact id"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = Vec<String>),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn contact_tags(ctx: web::Data<Ctx>, auth: Auth, id: Id) -> Result<HttpResponse, Error> {
    Ok(respond::ok(
        contacts::tags(&ctx, &auth, id.into_inner()).await?,
    ))
}

//! `GET /v2/contacts/:id/pictures`: the pictures of one contact.

use actix_web::{web, HttpResponse};
use interact_domain::pictures::Picture;
use interact_domain::ErrorBody;
use interact_errors::Error;
use interact_service::{pictures, Ctx};

use crate::extract::{Auth, Id};
use crate::respond;

/// Read the pictures of one of the caller's contacts (2.5.3.1.14), ascending by id.
#[utoipa::path(get, path = "/v2/contacts/{id}/pictures", tag = "pictures",
    params(
        ("id" = i64, Path, description = "contact id"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = Vec<Picture>),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn contact_pictures(
    ctx: web::Data<Ctx>,
    auth: Auth,
    id: Id,
) -> Result<HttpResponse, Error> {
    Ok(respond::ok(
        pictures::of_contact(&ctx, &auth, id.into_inner()).await?,
    ))
}

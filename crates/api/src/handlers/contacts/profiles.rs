//! `GET /v2/contacts/:id/profiles`: a contact's social profiles.

use actix_web::{web, HttpResponse};
use interact_domain::contacts::Profiles;
use interact_domain::ErrorBody;
use interact_errors::Error;
use interact_service::{contacts, Ctx};

use crate::extract::{Auth, Id};
use crate::respond;

/// Retrieve the social profiles and IMs of a contact (2.5.3.1.24).
#[utoipa::path(get, path = "/v2/contacts/{id}/profiles", tag = "contacts",
    params(
        ("id" = i64, Path, description = "contact id"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = Profiles),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn contact_profiles(
    ctx: web::Data<Ctx>,
    auth: Auth,
    id: Id,
) -> Result<HttpResponse, Error> {
    Ok(respond::ok(
        contacts::profiles(&ctx, &auth, id.into_inner()).await?,
    ))
}

//! `POST /v2/contacts/:id`: update a contact, checking its version.

use actix_web::{web, HttpResponse};
use interact_domain::contacts::{Contact, ContactRequest};
use interact_domain::{ErrorBody, Updated};
use interact_errors::Error;
use interact_service::{contacts, Ctx};

use crate::extract::{Auth, Id, Json};
use crate::respond;

/// Update a person or organization contact (2.5.3.1.8, 2.5.3.1.9). `version` must be the
/// stored one; lists given replace the stored ones. With `cmd=share&groups=12,32` (2.5.3.2.8,
/// body `{}` or `null`) the contact is shared instead: every active member of the groups,
/// and the caller, receives a shallow copy (the contact's data without related entities); the
/// answer is the caller's copy, with a new id.
#[utoipa::path(post, path = "/v2/contacts/{id}", tag = "contacts",
    params(
        ("id" = i64, Path, description = "contact id"),
        ("cmd" = Option<String>, Query, description = "share: share the contact instead of updating it"),
        ("groups" = Option<String>, Query, description = "cmd=share: ids of groups of the caller's company, e.g. 12,32"),
    ),
    request_body = ContactRequest,
    responses(
        (status = 200, body = Updated<Contact>),
        (status = 400, description = "invalid or missing attribute, or a basicInfo of another contact (9301); share: missing or invalid groups, unknown cmd", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "share: a group that is not one of the caller's company's", body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
        (status = 409, description = "version conflict", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn update_contact(
    ctx: web::Data<Ctx>,
    auth: Auth,
    id: Id,
    body: Json<ContactRequest>,
) -> Result<HttpResponse, Error> {
    Ok(respond::updated(
        contacts::update(&ctx, &auth, id.into_inner(), body.into_inner()).await?,
    ))
}

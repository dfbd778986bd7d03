//! `GET /v2/contacts/:id`: one contact in a projection.

use actix_web::{
    web::{self},
    HttpRequest,
};
use interact_domain::contacts::Projected;
use interact_domain::ErrorBody;
use interact_service::contacts;

use super::{projection, ContactQuery};
use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Retrieve a person or organization contact (2.5.3.1.6, 2.5.3.1.7).
#[utoipa::path(get, path = "/v2/contacts/{id}", tag = "contacts",
    params(
        ("id" = i64, Path, description = "contact id"),
        ("projection" = Option<String>, Query, description = "thin, base (default) or flat", pattern = "^(thin|base|flat)?$"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = Projected),
        (status = 400, description = "id not an integer or bad projection", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn get_contact(
    ctx: App,
    auth: Auth,
    req: HttpRequest,
    id: Id,
    query: web::Query<ContactQuery>,
) -> Reply {
    let projection = projection(&req, &query)?;
    Ok(respond::ok(
        contacts::get(&ctx, &auth, *id, projection).await?,
    ))
}

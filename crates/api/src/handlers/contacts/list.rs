//! `GET /v2/contacts`: a page of contacts, or a search.

use actix_web::{
    web::{self},
    HttpRequest,
};
use interact_domain::contacts::Projected;
use interact_domain::{ErrorBody, ListPage};
use interact_service::contacts;

use super::{projection, ContactQuery};
use crate::extract::{App, Auth, Paging};
use crate::respond::{self, Reply};

/// Retrieve a list of contacts (2.5.3.1.4), in ascending id order; with `q`, the contacts
/// whose search terms start with every word of it.
#[utoipa::path(get, path = "/v2/contacts", tag = "contacts",
    params(
        ("projection" = Option<String>, Query, description = "thin, base (default) or flat", pattern = "^(thin|base|flat)?$"),
        ("offset" = Option<i64>, Query, description = "index of the first contact (default 0)"),
        ("limit" = Option<i64>, Query, description = "most contacts to return (default: all)"),
        ("q" = Option<String>, Query, description = "search: words matched as prefixes of search terms"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = ListPage<Projected>),
        (status = 400, description = "bad projection, offset, limit or q", body = ErrorBody),
        (status = 401, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn list_contacts(
    ctx: App,
    auth: Auth,
    req: HttpRequest,
    paging: Paging,
    query: web::Query<ContactQuery>,
) -> Reply {
    let projection = projection(&req, &query)?;
    let query = query.into_inner();
    Ok(respond::ok(
        contacts::list(&ctx, &auth, projection, paging.0, query.q).await?,
    ))
}

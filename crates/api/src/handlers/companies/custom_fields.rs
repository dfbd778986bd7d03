use actix_web::{
    web::{self},
    HttpRequest, HttpResponse,
};
use interact_domain::admin::CustomField;
use interact_domain::ErrorBody;
use interact_service::companies::{self, FieldList};
use serde::Deserialize;

use crate::extract::{App, Auth, Id, Paging};
use crate::respond::{self, Reply};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldsQuery {
    pub entity_type: Option<String>,
    #[serde(default, deserialize_with = "crate::extract::query_integer")]
    pub company_id: Option<i64>,
}

/// Whether the client pages (then the answer is the list envelope).
pub fn pages(req: &HttpRequest) -> bool {
    web::Query::<Vec<(String, String)>>::from_query(req.query_string())
        .map(|q| q.iter().any(|(k, _)| k == "offset" || k == "limit"))
        .unwrap_or(false)
}

pub fn answer(list: FieldList) -> HttpResponse {
    match list {
        FieldList::All(v) => respond::ok(v),
        FieldList::Paged(p) => respond::ok(p),
    }
}

/// Retrieve the custom fields of a company (2.5.3.1.73), optionally of one `entityType`.
/// A bare array; with `offset` or `limit`, the list envelope.
#[utoipa::path(get, path = "/v2/admin/companies/{id}/customFields", tag = "administration",
    params(
        ("id" = i64, Path),
        ("entityType" = Option<String>, Query, description = "contact"),
        ("offset" = Option<i64>, Query), ("limit" = Option<i64>, Query),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, description = "the fields; with offset or limit, the list envelope", body = crate::respond::Listed<CustomField>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn company_custom_fields(
    ctx: App,
    auth: Auth,
    req: HttpRequest,
    id: Id,
    query: web::Query<FieldsQuery>,
    paging: Paging,
) -> Reply {
    let q = query.into_inner();
    let list =
        companies::custom_fields(&ctx, &auth, Some(*id), q.entity_type, paging.0, pages(&req))
            .await?;
    Ok(answer(list))
}

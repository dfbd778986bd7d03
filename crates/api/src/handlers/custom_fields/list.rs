use actix_web::{
    web::{self},
    HttpRequest,
};
use interact_domain::admin::CustomField;
use interact_domain::ErrorBody;
use interact_service::companies;

use crate::extract::{App, Auth, Paging};
use crate::handlers::companies::custom_fields::{answer, pages, FieldsQuery};
use crate::respond::Listed;
use crate::respond::Reply;

/// Retrieve custom fields (the document's code example of 2.5.3.1.73): of `companyId`, by
/// default the caller's company; an interact_admin without a company sees every company's.
#[utoipa::path(get, path = "/v2/admin/customFields", tag = "administration",
    params(
        ("companyId" = Option<i64>, Query),
        ("entityType" = Option<String>, Query, description = "contact"),
        ("offset" = Option<i64>, Query), ("limit" = Option<i64>, Query),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, description = "the fields; with offset or limit, the list envelope", body = Listed<CustomField>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn list_custom_fields(
    ctx: App,
    auth: Auth,
    req: HttpRequest,
    query: web::Query<FieldsQuery>,
    paging: Paging,
) -> Reply {
    let q = query.into_inner();
    let list = companies::custom_fields(
        &ctx,
        &auth,
        q.company_id,
        q.entity_type,
        paging.0,
        pages(&req),
    )
    .await?;
    Ok(answer(list))
}

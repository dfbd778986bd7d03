//! Custom field administration (2.5.3.1.72–76).

use actix_web::{HttpRequest, web};
use interact_domain::admin::{CustomField, CustomFieldRequest};
use interact_domain::{Created, Deleted, ErrorBody, Listed, Updated};
use interact_errors::{Action, Realm};
use interact_service::{companies, custom_fields};
use serde::Deserialize;

use crate::extract::{App, Auth, Id, Ids, Json, Paging};
use crate::respond::{self, Reply};

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![
        crate::endpoint!(create_custom_field, Action::Create, Realm::CustomFieldAdministration)
        .alias("/v2/customFields"),
        crate::endpoint!(list_custom_fields, Action::View, Realm::CustomFieldAdministration)
        .alias("/v2/customFields"),
        crate::endpoint!(delete_custom_fields, Action::Delete, Realm::CustomFieldAdministration)
        .alias("/v2/customFields"),
        crate::endpoint!(get_custom_field, Action::View, Realm::CustomFieldAdministration),
        crate::endpoint!(update_custom_field, Action::Edit, Realm::CustomFieldAdministration),
        // Its errors name the company administration, as they did under `/v2/admin/companies`.
        crate::endpoint!(company_custom_fields, Action::View, Realm::CompanyAdministration)
        .alias("/v2/admin/company/{id}/customFields"),
    ]
}

/// `entityType` and `companyId` of the custom field lists.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldsQuery {
    pub entity_type: Option<String>,
    #[serde(default, deserialize_with = "crate::extract::query_integer")]
    pub company_id: Option<i64>,
}

/// Create a custom field (2.5.3.1.72): `dataType` `varchar`, `entityType` `contact`;
/// `companyId` defaults to the creator's company.
#[utoipa::path(put, path = "/v2/admin/customFields", tag = "administration",
    request_body = CustomFieldRequest,
    responses(
        (status = 201, body = Created<CustomField>),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 409, description = "the company has a field of this name", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn create_custom_field(ctx: App, auth: Auth, body: Json<CustomFieldRequest>) -> Reply {
    Ok(respond::created(
        custom_fields::create(&ctx, &auth, body.0).await?,
    ))
}

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
        Paging::requested(&req),
    )
    .await?;
    Ok(respond::ok(list))
}

/// Delete custom fields with the given ids (2.5.3.1.76): all or none.
#[utoipa::path(delete, path = "/v2/admin/customFields", tag = "administration",
    params(Ids),
    responses(
        (status = 200, body = Deleted),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_custom_fields(ctx: App, auth: Auth, ids: Ids) -> Reply {
    custom_fields::delete(&ctx, &auth, ids.0).await?;
    Ok(respond::deleted())
}

/// Retrieve a custom field (2.5.3.1.74).
#[utoipa::path(get, path = "/v2/admin/customFields/{id}", tag = "administration",
    params(("id" = i64, Path), ("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = CustomField),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn get_custom_field(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(custom_fields::get(&ctx, &auth, *id).await?))
}

/// Rename a custom field (2.5.3.1.75).
#[utoipa::path(post, path = "/v2/admin/customFields/{id}", tag = "administration",
    params(("id" = i64, Path)),
    request_body = CustomFieldRequest,
    responses(
        (status = 200, body = Updated<CustomField>),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn update_custom_field(
    ctx: App,
    auth: Auth,
    id: Id,
    body: Json<CustomFieldRequest>,
) -> Reply {
    Ok(respond::updated(
        custom_fields::update(&ctx, &auth, *id, body.0).await?,
    ))
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
        (status = 200, description = "the fields; with offset or limit, the list envelope", body = Listed<CustomField>),
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
    let list = companies::custom_fields(
        &ctx,
        &auth,
        Some(*id),
        q.entity_type,
        paging.0,
        Paging::requested(&req),
    )
    .await?;
    Ok(respond::ok(list))
}

//! Custom field administration (2.5.3.1.72–76).

use actix_web::{HttpRequest, web};
use interact_domain::admin::{CustomField, CustomFieldRequest};
use interact_domain::{ErrorBody, Listed};
use interact_errors::{Action, Realm};
use interact_service::{companies, custom_fields};
use serde::Deserialize;

use crate::extract::{App, Auth, Id, Paging};
use crate::respond::{self, Reply};

crate::resource! {
    tag "administration", one "custom field", realm Realm::CustomFieldAdministration,
    also [403 "the caller's roles do not allow it"];
    /// Create a custom field (2.5.3.1.72): `dataType` `varchar`, `entityType` `contact`;
    /// `companyId` defaults to the creator's company.
    create create_custom_field("/v2/admin/customFields", CustomFieldRequest => CustomField,
        custom_fields::create, 409 "the company has a field of this name")
        .alias("/v2/customFields");
    custom list_custom_fields(Action::View).alias("/v2/customFields");
    /// Delete custom fields with the given ids (2.5.3.1.76): all or none.
    delete_many delete_custom_fields("/v2/admin/customFields", custom_fields::delete,
        400 "ids missing or not integers",
        404 "an id is not a custom field the caller administers; nothing was deleted")
        .alias("/v2/customFields");
    /// Retrieve a custom field (2.5.3.1.74).
    get get_custom_field("/v2/admin/customFields/{id}" => CustomField, custom_fields::get,
        400 "id not an integer", 404 "no such custom field, or not the caller's to administer");
    /// Rename a custom field (2.5.3.1.75).
    update update_custom_field("/v2/admin/customFields/{id}", CustomFieldRequest => CustomField,
        custom_fields::update,
        404 "no such custom field, or not the caller's to administer",
        409 "the company has a field of this name");
    // Its errors name the company administration, as they did under `/v2/admin/companies`.
    custom company_custom_fields(Action::View, Realm::CompanyAdministration)
        .alias("/v2/admin/company/{id}/customFields");
}

/// `entityType` and `companyId` of the custom field lists.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldsQuery {
    pub entity_type: Option<String>,
    #[serde(default, deserialize_with = "crate::extract::query_integer")]
    pub company_id: Option<i64>,
}

/// Retrieve custom fields (the document's code example of 2.5.3.1.73): of `companyId`, by
/// default the caller's company; an interact_admin without a company sees every company's.
#[utoipa::path(get, path = "/v2/admin/customFields", tag = "administration",
    params(
        ("companyId" = Option<i64>, Query),
        ("entityType" = Option<String>, Query, description = "contact"),
        ("offset" = Option<i64>, Query), ("limit" = Option<i64>, Query),
    ),
    responses(
        (status = 200, description = "the fields; with offset or limit, the list envelope", body = Listed<CustomField>),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
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

/// Retrieve the custom fields of a company (2.5.3.1.73), optionally of one `entityType`.
/// A bare array; with `offset` or `limit`, the list envelope.
#[utoipa::path(get, path = "/v2/admin/companies/{id}/customFields", tag = "administration",
    params(
        ("id" = i64, Path),
        ("entityType" = Option<String>, Query, description = "contact"),
        ("offset" = Option<i64>, Query), ("limit" = Option<i64>, Query),
    ),
    responses(
        (status = 200, description = "the fields; with offset or limit, the list envelope", body = Listed<CustomField>),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
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

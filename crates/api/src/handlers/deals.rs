//! Deals (2.5.3.1.46–52).

use interact_domain::records::{Deal, DealRequest};
use interact_domain::{Created, Deleted, ErrorBody, Updated};
use interact_errors::{Action, Realm};
use interact_service::deals;

use crate::extract::{App, Auth, Id, Ids, Json};
use crate::respond::{self, Reply};

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![
        crate::endpoint!(create_deal, Action::Create, Realm::Deals),
        crate::endpoint!(list_deals, Action::View, Realm::Deals),
        crate::endpoint!(delete_deals, Action::Delete, Realm::Deals),
        crate::endpoint!(get_deal, Action::View, Realm::Deals).alias("/v2/deal/{id}"),
        crate::endpoint!(update_deal, Action::Edit, Realm::Deals).alias("/v2/deal/{id}"),
        crate::endpoint!(delete_deal, Action::Delete, Realm::Deals).alias("/v2/deal/{id}"),
        crate::endpoint!(contact_deals, Action::View, Realm::ContactDeals),
    ]
}

// `PUT /v2/deals`: create a deal.
/// Create a deal (2.5.3.1.46), optionally related to one of the caller's contacts.
/// `currency` is an ISO 4217 code; `source` and `stage` are the documented enums.
#[utoipa::path(put, path = "/v2/deals", tag = "deals",
    request_body = DealRequest,
    responses(
        (status = 201, body = Created<Deal>),
        (status = 400, description = "name missing, value negative, currency not ISO 4217, unknown source or stage", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "relatedTo is not a contact of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn create_deal(ctx: App, auth: Auth, body: Json<DealRequest>) -> Reply {
    Ok(respond::created(deals::create(&ctx, &auth, body.0).await?))
}

// `GET /v2/deals`: the caller's deals.
/// Read the caller's deals (2.5.3.1.47), by id.
#[utoipa::path(get, path = "/v2/deals", tag = "deals",
    params(("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = Vec<Deal>),
        (status = 401, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn list_deals(ctx: App, auth: Auth) -> Reply {
    Ok(respond::ok(deals::list(&ctx, &auth).await?))
}

// `DELETE /v2/deals?ids=…`: delete several deals, all or none.
/// Delete the deals with the given ids (2.5.3.1.51): all of them, or none if any is not the
/// caller's (404 naming it).
#[utoipa::path(delete, path = "/v2/deals", tag = "deals",
    params(Ids),
    responses(
        (status = 200, body = Deleted),
        (status = 400, description = "ids missing or not integers", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "an id is not a deal of the caller; nothing was deleted", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_deals(ctx: App, auth: Auth, ids: Ids) -> Reply {
    deals::delete_many(&ctx, &auth, ids.0).await?;
    Ok(respond::deleted())
}

// `GET /v2/deals/:id` (and the document's `/v2/deal/:id`): read a deal.
/// Read a deal (2.5.3.1.49).
#[utoipa::path(get, path = "/v2/deals/{id}", tag = "deals",
    params(
        ("id" = i64, Path, description = "deal id"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = Deal),
        (status = 400, description = "id not an integer", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such deal of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn get_deal(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(deals::get(&ctx, &auth, *id).await?))
}

// `POST /v2/deals/:id`: update a deal.
/// Update a deal (2.5.3.1.50): fields left out keep their value, `null` clears one.
#[utoipa::path(post, path = "/v2/deals/{id}", tag = "deals",
    params(("id" = i64, Path, description = "deal id")),
    request_body = interact_domain::records::DealUpdateRequest,
    responses(
        (status = 200, body = Updated<Deal>),
        (status = 400, description = "invalid value, as for create", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such deal of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn update_deal(ctx: App, auth: Auth, id: Id, body: Json<DealRequest>) -> Reply {
    Ok(respond::updated(
        deals::update(&ctx, &auth, *id, body.0).await?,
    ))
}

// `DELETE /v2/deals/:id`: delete a deal.
/// Delete a deal (2.5.3.1.52); its notes go with it.
#[utoipa::path(delete, path = "/v2/deals/{id}", tag = "deals",
    params(("id" = i64, Path, description = "deal id")),
    responses(
        (status = 200, body = Deleted),
        (status = 400, description = "id not an integer", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such deal of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_deal(ctx: App, auth: Auth, id: Id) -> Reply {
    deals::delete(&ctx, &auth, *id).await?;
    Ok(respond::deleted())
}

// `GET /v2/contacts/:id/deals`: the deals of one contact.
/// Read the deals of one of the caller's contacts (2.5.3.1.48), by id.
#[utoipa::path(get, path = "/v2/contacts/{id}/deals", tag = "deals",
    params(
        ("id" = i64, Path, description = "contact id"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = Vec<Deal>),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn contact_deals(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(deals::of_contact(&ctx, &auth, *id).await?))
}

//! Canvass interactions (spec/000) under `/v2/interactions`, which they share with the
//! interact.io interactions: `dispatch` tells the two apart.

use actix_web::guard::GuardContext;
use actix_web::http::{StatusCode, header};
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use interact_domain::ErrorBody;
use interact_domain::canvass::{CanvassData, CanvassInteraction, CanvassList, CanvassPatch, is_list_param, parse_list_params};
use interact_errors::{Action, Detail, Error, Exception, Realm};
use interact_service::canvass::{self, CanvassRow, ListStream};

use crate::extract::{App, Auth, Json};
use crate::respond::Reply;

/// The etags a request names in `etag` and `If-Match` headers: quoted or not, one or a
/// comma-separated list.
pub fn etags_of(req: &HttpRequest) -> Vec<String> {
    let mut out = Vec::new();
    for name in ["etag", "if-match"] {
        for value in req.headers().get_all(name) {
            let Ok(v) = value.to_str() else { continue };
            for tag in v.split(',') {
                let tag = tag.trim();
                let tag = tag
                    .strip_prefix('"')
                    .and_then(|t| t.strip_suffix('"'))
                    .unwrap_or(tag);
                if !tag.is_empty() {
                    out.push(tag.to_string());
                }
            }
        }
    }
    out
}

/// The bare resource, with its etag in `ETag` (quoted, as HTTP writes a strong validator).
pub fn resource(status: StatusCode, row: &CanvassRow) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("application/json")
        .insert_header((header::ETAG, format!("\"{}\"", row.etag)))
        .body(interact_service::canvass::to_bytes(row))
}

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![
        crate::endpoint!(create_interaction, Action::Create, Realm::Interactions),
        crate::endpoint!(list_interactions, Action::View, Realm::Interactions)
            .guard(is_canvass_list),
        crate::endpoint!(get_interaction, Action::View, Realm::Interactions),
        crate::endpoint!(patch_interaction, Action::Edit, Realm::Interactions),
        crate::endpoint!(delete_interaction, Action::Delete, Realm::Interactions),
    ]
}

// `POST /v2/interactions`: create a canvass interaction.
/// Create a canvass interaction. The body is the interaction's `data` (optionally wrapped as
/// `{"data":{…}}`), with an optional `securityGroupId` naming one of the caller's groups;
/// the server assigns `id`, `customerId`, `securityGroupId` (the caller's first group by
/// default) and `meta`.
#[utoipa::path(post, path = "/v2/interactions", tag = "canvass interactions",
    request_body = CanvassData,
    responses(
        (status = 201, body = CanvassInteraction, headers(("ETag" = String))),
        (status = 400, description = "a required attribute is missing or one is invalid", body = ErrorBody),
        (status = 403, description = "the caller belongs to no security group, or names one not theirs", body = ErrorBody),
    ),
    security(("bearer" = []), ("authToken" = [])))]
pub async fn create_interaction(ctx: App, auth: Auth, body: Json<serde_json::Value>) -> Reply {
    let row = canvass::create(&ctx, &auth, body.0).await?;
    Ok(resource(StatusCode::CREATED, &row))
}

// `GET /v2/interactions?filter…&skip…&limit…&sort…`: canvass interactions, streamed.
fn bad_parameter(devmsg: impl Into<String>) -> Error {
    Error::new(
        Exception::InvalidData,
        Action::View,
        Realm::Interactions,
        Detail::InvalidParameter,
        devmsg,
    )
}

/// Get many canvass interactions: `filter[/data/campaignId]=<uuid>` (or a JSON object in
/// `filter`) on `/data/campaignId`, `/data/contactId`, `/data/householdId`,
/// `/data/contactHouseholdId`; `skip` and `limit` from 0 to 9007199254740991;
/// `sort=<attribute>&sort=ASC|DESC` on `/data/id`, `/data/timestamp`, `/meta/created`,
/// `/meta/modified`. The answer streams, whatever its length.
#[utoipa::path(get, path = "/v2/interactions", tag = "canvass interactions",
    params(
        ("filter" = Option<String>, Query, description = "JSON object of attribute → UUID; or filter[<attribute>]=<uuid>"),
        ("skip" = Option<i64>, Query, description = "rows to skip (default 0)", minimum = 0, maximum = 9007199254740991_i64),
        ("limit" = Option<i64>, Query, description = "most rows to answer (default: all)", minimum = 0, maximum = 9007199254740991_i64),
        ("sort" = Option<Vec<String>>, Query, description = "attribute, then ASC or DESC (default /data/id ASC)"),
    ),
    responses(
        (status = 200, body = CanvassList),
        (status = 400, description = "a filter, skip, limit or sort that is not allowed", body = ErrorBody),
    ),
    security(("bearer" = []), ("authToken" = [])))]
pub async fn list_interactions(ctx: App, auth: Auth, req: HttpRequest) -> Reply {
    let pairs = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
        .map_err(|e| bad_parameter(format!("query string cannot be decoded: {e}")))?
        .into_inner();
    let params = parse_list_params(&pairs).map_err(|p| bad_parameter(p.message()))?;
    let stream = canvass::open_list(&ctx, &auth, params).await?;
    let body = futures_util::stream::unfold(Some(stream), |state: Option<ListStream>| async move {
        let mut s = state?;
        match s.next_bytes().await {
            Ok(Some(bytes)) => Some((Ok::<Bytes, Error>(Bytes::from(bytes)), Some(s))),
            Ok(None) => None,
            // The status is sent already: ending the body early is all that is left, and the
            // client sees a truncated answer rather than a wrong one.
            Err(e) => {
                log::error!("canvass list stream failed: {e}");
                Some((Err(e), None))
            }
        }
    });
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .streaming(body))
}

// Which resource a request to the shared `/v2/interactions` path means (DESIGN.md table):
// guards for the route table, so the interact.io handlers (issue 6) plug in beside these.
/// `GET /v2/interactions` with any of `filter`, `filter[…]`, `skip`, `limit`, `sort` is a
/// canvass list; without them it is the interact.io list.
pub fn is_canvass_list(ctx: &GuardContext) -> bool {
    let query = ctx.head().uri.query().unwrap_or("");
    match web::Query::<Vec<(String, String)>>::from_query(query) {
        Ok(pairs) => pairs.iter().any(|(k, _)| is_list_param(k)),
        // Undecodable: still a canvass list if a raw name says so, so the client hears what
        // is wrong with its parameters.
        Err(_) => query.split('&').any(|kv| {
            let name = kv.split('=').next().unwrap_or("");
            is_list_param(name) || name.starts_with("filter%5B") || name.starts_with("filter%5b")
        }),
    }
}

// `GET /v2/interactions/{id}`: one canvass interaction.
/// Get a canvass interaction; its etag comes in `ETag` and `meta.etag`.
#[utoipa::path(get, path = "/v2/interactions/{id}", tag = "canvass interactions",
    params(("id" = String, Path, description = "the interaction's UUID", pattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")),
    responses(
        (status = 200, body = CanvassInteraction, headers(("ETag" = String))),
        (status = 400, description = "id is not a UUID", body = ErrorBody),
        (status = 404, description = "no such interaction in the caller's security groups, or deleted", body = ErrorBody),
    ),
    security(("bearer" = []), ("authToken" = [])))]
pub async fn get_interaction(ctx: App, auth: Auth, id: web::Path<String>) -> Reply {
    let row = canvass::get(&ctx, &auth, &id).await?;
    Ok(resource(StatusCode::OK, &row))
}

// `PATCH /v2/interactions/{id}`: JSON Patch on a canvass interaction's data, under its etag.
/// Patch a canvass interaction's `data` with RFC 6902 operations (add, remove, replace, move,
/// copy, test). Needs the current etag in the `etag` (or `If-Match`) header. The result must
/// still be valid `data`, or nothing changes.
#[utoipa::path(patch, path = "/v2/interactions/{id}", tag = "canvass interactions",
    params(
        ("id" = String, Path, description = "the interaction's UUID", pattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"),
        ("etag" = String, Header, description = "the interaction's current meta.etag (quoted or not; an empty one is not sent: 428)", pattern = r"^[!#-+\--~]+$"),
    ),
    request_body = CanvassPatch,
    responses(
        (status = 200, body = CanvassInteraction, headers(("ETag" = String))),
        (status = 400, description = "bad operations, a path outside data, or a result that is not valid data", body = ErrorBody),
        (status = 404, description = "no such interaction in the caller's security groups (an integer id, an interact.io interaction's, names none)", body = ErrorBody),
        (status = 409, description = "a test operation failed", body = ErrorBody),
        (status = 412, description = "the etag is not the current one", body = ErrorBody),
        (status = 428, description = "no etag was sent", body = ErrorBody),
    ),
    security(("bearer" = []), ("authToken" = [])))]
pub async fn patch_interaction(
    ctx: App,
    auth: Auth,
    req: HttpRequest,
    id: web::Path<String>,
    body: Json<serde_json::Value>,
) -> Reply {
    let etags = etags_of(&req);
    let row = canvass::patch(&ctx, &auth, &id, etags, body.0).await?;
    Ok(resource(StatusCode::OK, &row))
}

// `DELETE /v2/interactions/{id}`: soft delete of a canvass interaction, under its etag.
/// Delete a canvass interaction (soft: `meta.isDeleted` becomes true, and it is no longer
/// read or listed). Needs the current etag in the `etag` (or `If-Match`) header.
#[utoipa::path(delete, path = "/v2/interactions/{id}", tag = "canvass interactions",
    params(
        ("id" = String, Path, description = "the interaction's UUID", pattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"),
        ("etag" = String, Header, description = "the interaction's current meta.etag (quoted or not; an empty one is not sent: 428)", pattern = r"^[!#-+\--~]+$"),
    ),
    responses(
        (status = 204, description = "deleted"),
        (status = 400, description = "id is neither a UUID nor an integer id", body = ErrorBody),
        (status = 404, description = "no such interaction in the caller's security groups (an integer id, an interact.io interaction's, names none)", body = ErrorBody),
        (status = 412, description = "the etag is not the current one", body = ErrorBody),
        (status = 428, description = "no etag was sent", body = ErrorBody),
    ),
    security(("bearer" = []), ("authToken" = [])))]
pub async fn delete_interaction(
    ctx: App,
    auth: Auth,
    req: HttpRequest,
    id: web::Path<String>,
) -> Reply {
    let etags = etags_of(&req);
    canvass::delete(&ctx, &auth, &id, etags).await?;
    Ok(HttpResponse::NoContent().finish())
}

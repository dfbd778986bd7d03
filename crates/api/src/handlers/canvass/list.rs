//! `GET /v2/interactions?filter…&skip…&limit…&sort…`: canvass interactions, streamed.

use actix_web::web::Bytes;
use actix_web::{
    web::{self},
    HttpRequest, HttpResponse,
};
use interact_domain::canvass::{parse_list_params, CanvassList};
use interact_domain::ErrorBody;
use interact_errors::{Action, Detail, Error, Exception, Realm};
use interact_service::canvass::{self, ListStream};

use crate::extract::{App, Auth};
use crate::respond::Reply;

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
        (status = 401, body = ErrorBody),
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

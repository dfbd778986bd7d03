//! `PUT /v2/deals`: create a deal.

use interact_domain::records::{Deal, DealRequest};
use interact_domain::{Created, ErrorBody};
use interact_service::deals;

use crate::extract::{App, Auth, Json};
use crate::respond::{self, Reply};

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

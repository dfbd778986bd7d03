//! `PUT /v2/interactions` with a `triggerToken` header: a trigger device reports an event.

use actix_web::{HttpRequest, HttpResponse};
use interact_domain::interactions::{Interaction, TriggerRequest};
use interact_domain::{Created, ErrorBody};
use interact_service::interactions::{self, Triggered};
use serde_json::json;

use crate::extract::{App, Json};
use crate::respond::{self, Reply};

/// Trigger an interaction event (2.5.2.1). A match on an excluded basicInfo records nothing:
/// 200 `{"code":200,"devmsg":"excluded"}`. The same `externalSystem.entityId` again answers
/// the interaction recorded the first time.
#[utoipa::path(put, path = "/v2/interactions", tag = "interactions",
    params(("triggerToken" = String, Header, description = "the token of a registered trigger device")),
    request_body = TriggerRequest,
    responses(
        (status = 201, body = Created<Interaction>),
        (status = 200, description = "excluded: `{\"code\":200,\"devmsg\":\"excluded\"}`", body = ErrorBody),
        (status = 400, body = ErrorBody),
        (status = 401, description = "triggerToken missing or not valid", body = ErrorBody),
        (status = 403, description = "receiverId is not the trigger device owner's email", body = ErrorBody),
    ))]
pub async fn trigger_event(ctx: App, req: HttpRequest, body: Json<TriggerRequest>) -> Reply {
    let token = req
        .headers()
        .get("triggerToken")
        .and_then(|v| v.to_str().ok());
    match interactions::trigger(&ctx, token, body.0).await? {
        Triggered::Recorded(entity) => Ok(respond::created(entity)),
        Triggered::Excluded => {
            Ok(HttpResponse::Ok().json(json!({"code": 200, "devmsg": "excluded"})))
        }
    }
}

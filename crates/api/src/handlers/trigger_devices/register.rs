use actix_web::{web, HttpResponse};
use interact_domain::devices::{RegisterTriggerDeviceRequest, TriggerDevice};
use interact_domain::{Created, ErrorBody};
use interact_errors::Error;
use interact_service::{trigger_devices, Ctx};

use crate::extract::{Auth, Json};
use crate::respond;

/// Register a trigger device (2.5.2.2); the answer carries its permanent `triggerToken`.
#[utoipa::path(put, path = "/v2/triggerDevices", tag = "devices",
    request_body = RegisterTriggerDeviceRequest,
    responses(
        (status = 201, body = Created<TriggerDevice>),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 409, description = "registered already (9302)", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn register_trigger_device(
    ctx: web::Data<Ctx>,
    auth: Auth,
    body: Json<RegisterTriggerDeviceRequest>,
) -> Result<HttpResponse, Error> {
    Ok(respond::created(
        trigger_devices::register(&ctx, &auth, body.into_inner()).await?,
    ))
}

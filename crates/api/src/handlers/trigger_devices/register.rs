use interact_domain::devices::{RegisterTriggerDeviceRequest, TriggerDevice};
use interact_domain::{Created, ErrorBody};
use interact_service::trigger_devices;

use crate::extract::{App, Auth, Json};
use crate::respond::{self, Reply};

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
    ctx: App,
    auth: Auth,
    body: Json<RegisterTriggerDeviceRequest>,
) -> Reply {
    Ok(respond::created(
        trigger_devices::register(&ctx, &auth, body.0).await?,
    ))
}

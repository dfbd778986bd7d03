use interact_domain::devices::{Device, RegisterDeviceRequest};
use interact_domain::{Created, ErrorBody};
use interact_service::devices;

use crate::extract::{App, Auth, Json};
use crate::respond::{self, Reply};

/// Register a device for push notifications (2.5.3.1.68). `deviceId` is base64 of the raw
/// token, or 64 hex digits with `decoded: true`; it is answered as lower-case hex.
#[utoipa::path(put, path = "/v2/devices", tag = "devices",
    request_body = RegisterDeviceRequest,
    responses(
        (status = 201, body = Created<Device>),
        (status = 400, description = "deviceId neither base64 nor 64 hex digits", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 409, description = "registered already (9302)", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn register_device(ctx: App, auth: Auth, body: Json<RegisterDeviceRequest>) -> Reply {
    Ok(respond::created(
        devices::register(&ctx, &auth, body.0).await?,
    ))
}

use interact_domain::devices::{Device, UpdateDeviceRequest};
use interact_domain::{ErrorBody, Updated};
use interact_service::devices;

use crate::extract::{App, Auth, Id, Json};
use crate::respond::{self, Reply};

/// Update a device's name or active flag (2.5.3.1.70).
#[utoipa::path(post, path = "/v2/devices/{id}", tag = "devices",
    params(("id" = i64, Path)),
    request_body = UpdateDeviceRequest,
    responses(
        (status = 200, body = Updated<Device>),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn update_device(ctx: App, auth: Auth, id: Id, body: Json<UpdateDeviceRequest>) -> Reply {
    Ok(respond::updated(
        devices::update(&ctx, &auth, *id, body.0).await?,
    ))
}

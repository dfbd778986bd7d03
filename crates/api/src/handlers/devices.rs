//! Devices for push notifications (2.5.3.1.68–71).

use interact_domain::devices::{Device, RegisterDeviceRequest, UpdateDeviceRequest};
use interact_domain::{Created, Deleted, ErrorBody, Updated};
use interact_errors::{Action, Realm};
use interact_service::devices;

use crate::extract::{App, Auth, Id, Json};
use crate::respond::{self, Reply};

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![
        crate::endpoint!(register_device, Action::Create, Realm::Devices),
        crate::endpoint!(list_devices, Action::View, Realm::Devices),
        crate::endpoint!(update_device, Action::Edit, Realm::Devices),
        crate::endpoint!(delete_device, Action::Delete, Realm::Devices),
    ]
}

/// Register a device for push notifications (2.5.3.1.68). `deviceId` is base64 of the raw
/// token, or 64 hex digits with `decoded: true`; it is answered as lower-case hex.
#[utoipa::path(put, path = "/v2/devices", tag = "devices",
    request_body = RegisterDeviceRequest,
    responses(
        (status = 201, body = Created<Device>),
        (status = 400, description = "deviceId neither base64 nor 64 hex digits", body = ErrorBody),
        (status = 409, description = "registered already (9302)", body = ErrorBody),
    ))]
pub async fn register_device(ctx: App, auth: Auth, body: Json<RegisterDeviceRequest>) -> Reply {
    Ok(respond::created(
        devices::register(&ctx, &auth, body.0).await?,
    ))
}

/// Read the caller's devices (2.5.3.1.69).
#[utoipa::path(get, path = "/v2/devices", tag = "devices",
    responses((status = 200, body = Vec<Device>)))]
pub async fn list_devices(ctx: App, auth: Auth) -> Reply {
    Ok(respond::ok(devices::list(&ctx, &auth).await?))
}

/// Update a device's name or active flag (2.5.3.1.70).
#[utoipa::path(post, path = "/v2/devices/{id}", tag = "devices",
    params(("id" = i64, Path)),
    request_body = UpdateDeviceRequest,
    responses(
        (status = 200, body = Updated<Device>),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
pub async fn update_device(ctx: App, auth: Auth, id: Id, body: Json<UpdateDeviceRequest>) -> Reply {
    Ok(respond::updated(
        devices::update(&ctx, &auth, *id, body.0).await?,
    ))
}

/// Delete a device (2.5.3.1.71).
#[utoipa::path(delete, path = "/v2/devices/{id}", tag = "devices",
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = Deleted),
        (status = 404, body = ErrorBody),
    ))]
pub async fn delete_device(ctx: App, auth: Auth, id: Id) -> Reply {
    devices::delete(&ctx, &auth, *id).await?;
    Ok(respond::deleted())
}

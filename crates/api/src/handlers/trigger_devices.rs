//! Trigger devices (2.5.2.2–3).

use actix_web::web;
use interact_domain::devices::{RegisterTriggerDeviceRequest, TriggerDevice};
use interact_domain::{Created, ErrorBody};
use interact_errors::{Action, Realm};
use interact_service::trigger_devices;
use serde::Deserialize;

use crate::extract::{App, Auth, Json};
use crate::respond::{self, Reply};

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![
        crate::endpoint!(register_trigger_device, Action::Create, Realm::TriggerDevices),
        crate::endpoint!(list_trigger_devices, Action::View, Realm::TriggerDevices),
    ]
}

/// Register a trigger device (2.5.2.2); the answer carries its permanent `triggerToken`.
#[utoipa::path(put, path = "/v2/triggerDevices", tag = "devices",
    request_body = RegisterTriggerDeviceRequest,
    responses(
        (status = 201, body = Created<TriggerDevice>),
        (status = 400, body = ErrorBody),
        (status = 409, description = "registered already (9302)", body = ErrorBody),
    ))]
pub async fn register_trigger_device(
    ctx: App,
    auth: Auth,
    body: Json<RegisterTriggerDeviceRequest>,
) -> Reply {
    Ok(respond::created(
        trigger_devices::register(&ctx, &auth, body.0).await?,
    ))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TriggerQuery {
    pub device_id: Option<String>,
}

/// The answer: the list, or with `deviceId` that device's token (for the OpenAPI document).
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum TriggerDevicesAnswer {
    List(Vec<TriggerDevice>),
    Token(interact_domain::devices::TriggerTokenAnswer),
}

/// Read the caller's trigger devices; with `deviceId`, read that trigger device's token
/// (2.5.2.3): `{"triggerToken":…}`.
#[utoipa::path(get, path = "/v2/triggerDevices", tag = "devices",
    params(
        ("deviceId" = Option<String>, Query, description = "e.g. the IMEI given at registration; not blank, at most 255 characters (as at registration)", max_length = 255, pattern = r"\S"),
    ),
    responses(
        (status = 200, description = "the trigger devices; with deviceId, `{\"triggerToken\":…}`", body = TriggerDevicesAnswer),
        (status = 404, description = "no such trigger device of the caller", body = ErrorBody),
    ))]
pub async fn list_trigger_devices(ctx: App, auth: Auth, query: web::Query<TriggerQuery>) -> Reply {
    match query.into_inner().device_id {
        Some(id) => Ok(respond::ok(trigger_devices::token(&ctx, &auth, &id).await?)),
        None => Ok(respond::ok(trigger_devices::list(&ctx, &auth).await?)),
    }
}

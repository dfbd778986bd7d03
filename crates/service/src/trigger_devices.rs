//! Trigger devices (2.5.2.2–3): registering one answers its permanent trigger token, which
//! the device sends with every interaction event.

use interact_domain::devices::{RegisterTriggerDeviceRequest, TriggerDevice, TriggerTokenAnswer};
use interact_errors::{Action, Detail, Error, Exception, Realm, Result, Tag};
use interact_store::trigger_devices;

use crate::auth::{new_token, Principal};
use crate::journal;
use crate::Ctx;

const ENTITY: &str = "triggerDevice";

pub fn view(d: &trigger_devices::TriggerDevice) -> TriggerDevice {
    TriggerDevice {
        id: d.id,
        device_id: d.device_id.clone(),
        trigger_token: d.trigger_token.clone(),
    }
}

/// The device id as sent is at most 255 characters (the schema's `maxLength`); it is stored
/// trimmed.
fn device_id_of(raw: Option<&str>) -> Result<String> {
    if raw.is_some_and(|d| d.chars().count() > 255) {
        return Err(Error::too_long("deviceId", 255));
    }
    match raw.map(str::trim) {
        Some(d) if !d.is_empty() => Ok(d.to_string()),
        _ => Err(Error::missing("deviceId")),
    }
}

fn registered() -> Error {
    Error::new(
        Exception::DeviceRegistered,
        Action::Create,
        Realm::TriggerDevices,
        Detail::Conflict,
        "this trigger device is registered already; read its token with GET /v2/triggerDevices?deviceId=…",
    )
}

/// `PUT /v2/triggerDevices`.
pub async fn register(
    ctx: &Ctx,
    who: &Principal,
    req: RegisterTriggerDeviceRequest,
) -> Result<TriggerDevice> {
    let device_id =
        device_id_of(req.device_id.as_deref()).tag(Action::Create, Realm::TriggerDevices)?;
    let (user_id, now) = (who.user_id, ctx.clock.now_ms());
    let token = new_token();
    ctx.db
        .write(move |c| {
            if trigger_devices::find_by_device_id(c, user_id, &device_id)?.is_some() {
                return Err(registered());
            }
            let d = trigger_devices::insert(
                c,
                &trigger_devices::TriggerDeviceInsertForm {
                    user_id,
                    device_id: &device_id,
                    trigger_token: &token,
                    created: now,
                },
            )
            .map_err(|e| {
                if e.exception == Exception::BadRequest && e.detail == Detail::Conflict {
                    registered()
                } else {
                    e
                }
            })?;
            let entity = view(&d);
            journal::inserted(c, user_id, (ENTITY, d.id), &entity, now)?;
            Ok(entity)
        })
        .await
        .tag(Action::Create, Realm::TriggerDevices)
}

/// `GET /v2/triggerDevices`: the caller's trigger devices.
pub async fn list(ctx: &Ctx, who: &Principal) -> Result<Vec<TriggerDevice>> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            Ok(trigger_devices::list(c, user_id)?
                .iter()
                .map(view)
                .collect())
        })
        .await
        .tag(Action::View, Realm::TriggerDevices)
}

/// `GET /v2/triggerDevices?deviceId=…`: the token of one of the caller's trigger devices.
pub async fn token(ctx: &Ctx, who: &Principal, device_id: &str) -> Result<TriggerTokenAnswer> {
    let device_id = device_id_of(Some(device_id)).tag(Action::View, Realm::TriggerDevices)?;
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            let d =
                trigger_devices::find_by_device_id(c, user_id, &device_id)?.ok_or_else(|| {
                    Error::not_found(
                        Exception::DeviceNotFound,
                        format!("no trigger device {device_id:?} is registered"),
                    )
                })?;
            Ok(TriggerTokenAnswer {
                trigger_token: d.trigger_token,
            })
        })
        .await
        .tag(Action::View, Realm::TriggerDevices)
}

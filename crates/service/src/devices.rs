//! Devices registered for push notifications (2.5.3.1.68–71). A device token arrives as base64
//! of its raw bytes, or as 64 hex digits with `decoded: true`, and is kept in one canonical
//! form: lower-case hex of the raw bytes.

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use interact_domain::devices::{Device, RegisterDeviceRequest, UpdateDeviceRequest};
use interact_errors::{Action, Detail, Error, Exception, Realm, Result, Tag};
use interact_store::devices;

use crate::auth::Principal;
use crate::journal;
use crate::Ctx;

const ENTITY: &str = "device";
/// Longest raw device token accepted (APNs tokens are 32 bytes; others are longer).
const RAW_MAX: usize = 255;

/// Standard base64, with or without padding.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The canonical form of a device token as a client sends it.
pub fn canonical_device_id(raw: &str, decoded: bool) -> Result<String> {
    let raw = raw.trim();
    if decoded {
        if raw.len() == 64 && raw.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(raw.to_ascii_lowercase());
        }
        return Err(Error::invalid(
            "deviceId: with decoded true, deviceId must be 64 hex digits",
        ));
    }
    let bytes = BASE64.decode(raw).map_err(|e| {
        Error::invalid(format!(
            "deviceId: not valid base64 ({e}); send 64 hex digits with decoded true instead"
        ))
    })?;
    if bytes.is_empty() || bytes.len() > RAW_MAX {
        return Err(Error::invalid(format!(
            "deviceId: must decode to 1 to {RAW_MAX} bytes"
        )));
    }
    Ok(hex::encode(bytes))
}

/// The canonical form of a device id given where no `decoded` flag can say which form it has
/// (the websocket's and sync's `deviceId` parameter): 64 hex digits are hex, anything else
/// base64. `None` if it is neither.
pub fn resolve_device_id(raw: &str) -> Option<String> {
    canonical_device_id(raw, true)
        .or_else(|_| canonical_device_id(raw, false))
        .ok()
}

pub fn view(d: &devices::Device) -> Device {
    Device {
        id: d.id,
        active: d.active,
        device_id: d.device_id.clone(),
        name: d.name.clone(),
    }
}

fn not_found(id: i64) -> Error {
    Error::not_found(Exception::DeviceNotFound, format!("device {id} not found"))
}

fn name_of(raw: Option<String>) -> Result<Option<String>> {
    match raw {
        Some(n) if n.chars().count() > 255 => Err(Error::too_long("name", 255)),
        other => Ok(other.map(|n| n.trim().to_string())),
    }
}

/// `PUT /v2/devices`.
pub async fn register(ctx: &Ctx, who: &Principal, req: RegisterDeviceRequest) -> Result<Device> {
    let tag = |e: Error| e.in_context(Action::Create, Realm::Devices);
    let raw = req
        .device_id
        .filter(|d| !d.trim().is_empty())
        .ok_or_else(|| tag(Error::missing("deviceId")))?;
    let device_id = canonical_device_id(&raw, req.decoded.unwrap_or(false)).map_err(tag)?;
    let name = name_of(req.name).map_err(tag)?.unwrap_or_default();
    let active = req.active.unwrap_or(true);
    let (user_id, now) = (who.user_id, ctx.clock.now_ms());
    ctx.db
        .write(move |c| {
            if devices::find_by_device_id(c, user_id, &device_id)?.is_some() {
                return Err(registered());
            }
            let d = devices::insert(
                c,
                &devices::DeviceInsertForm {
                    user_id,
                    device_id: &device_id,
                    name: &name,
                    active,
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
        .tag(Action::Create, Realm::Devices)
}

fn registered() -> Error {
    Error::new(
        Exception::DeviceRegistered,
        Action::Create,
        Realm::Devices,
        Detail::Conflict,
        "this device is registered already",
    )
}

/// `GET /v2/devices`: the caller's devices.
pub async fn list(ctx: &Ctx, who: &Principal) -> Result<Vec<Device>> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| Ok(devices::list(c, user_id)?.iter().map(view).collect()))
        .await
        .tag(Action::View, Realm::Devices)
}

/// `POST /v2/devices/:id`: name and active.
pub async fn update(
    ctx: &Ctx,
    who: &Principal,
    id: i64,
    req: UpdateDeviceRequest,
) -> Result<Device> {
    let tag = |e: Error| e.in_context(Action::Edit, Realm::Devices);
    let name = name_of(req.name).map_err(tag)?;
    let (user_id, now) = (who.user_id, ctx.clock.now_ms());
    ctx.db
        .write(move |c| {
            let old = devices::find(c, user_id, id)?.ok_or_else(|| not_found(id))?;
            devices::update(
                c,
                id,
                &devices::DeviceUpdateForm {
                    name,
                    active: req.active,
                },
            )?;
            let new = devices::find(c, user_id, id)?.ok_or_else(|| not_found(id))?;
            let (old, new) = (view(&old), view(&new));
            journal::updated(c, user_id, (ENTITY, id), &old, &new, now)?;
            Ok(new)
        })
        .await
        .tag(Action::Edit, Realm::Devices)
}

/// `DELETE /v2/devices/:id`.
pub async fn delete(ctx: &Ctx, who: &Principal, id: i64) -> Result<()> {
    let (user_id, now) = (who.user_id, ctx.clock.now_ms());
    ctx.db
        .write(move |c| {
            let old = devices::find(c, user_id, id)?.ok_or_else(|| not_found(id))?;
            devices::delete(c, id)?;
            journal::deleted(c, user_id, (ENTITY, id), &view(&old), now)?;
            Ok(())
        })
        .await
        .tag(Action::Delete, Realm::Devices)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms_agree() {
        let hex = "6a79bcd2b124bcd835a0769ca53f9b12bbd2b8a779f7fde29b7c11897dcff4a8";
        let bytes = hex::decode(hex).unwrap();
        let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
        assert_eq!(canonical_device_id(&b64, false).unwrap(), hex);
        assert_eq!(canonical_device_id(&hex.to_uppercase(), true).unwrap(), hex);
        assert_eq!(
            canonical_device_id(b64.trim_end_matches('='), false).unwrap(),
            hex
        );
        assert_eq!(resolve_device_id(hex).unwrap(), hex);
        assert_eq!(resolve_device_id(&b64).unwrap(), hex);
    }

    #[test]
    fn refuses_what_is_neither() {
        // The document's own example is not hex ('g', 's', 'q').
        let doc = "6g79bcd2b124bcd835a0769cas3f9b12bbd2b8a779f7fde29b7c11897dcff4q8";
        assert!(canonical_device_id(doc, true).is_err());
        assert!(canonical_device_id("abc", true).is_err());
        assert!(canonical_device_id("not base64!", false).is_err());
        assert!(canonical_device_id("", false).is_err());
        assert!(resolve_device_id("%%%").is_none());
    }
}

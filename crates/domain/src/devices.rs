//! Devices for push notifications (2.5.3.1.68–71) and trigger devices (2.5.2.2–3).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    pub id: i64,
    pub active: bool,
    /// The device token, always as lower-case hex of its raw bytes.
    pub device_id: String,
    pub name: String,
}

/// `PUT /v2/devices`: `deviceId` is required; with `decoded` true it is 64 hex digits,
/// otherwise standard base64 (padding optional) of 1 to 255 bytes.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegisterDeviceRequest {
    /// Default true.
    pub active: Option<bool>,
    /// True when `deviceId` is 64 hex digits; otherwise it is base64 of the raw bytes.
    pub decoded: Option<bool>,
    #[schema(value_type = String, required = true)]
    pub device_id: Option<String>,
    /// At most 255 characters.
    #[schema(example = "Ipad 2", max_length = 255)]
    pub name: Option<String>,
}

/// `POST /v2/devices/:id`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct UpdateDeviceRequest {
    /// At most 255 characters.
    #[schema(max_length = 255)]
    pub name: Option<String>,
    pub active: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TriggerDevice {
    pub id: i64,
    #[schema(example = "353092051071645")]
    pub device_id: String,
    /// The permanent token the trigger device sends in the `triggerToken` header.
    pub trigger_token: String,
}

/// `PUT /v2/triggerDevices`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegisterTriggerDeviceRequest {
    /// E.g. the IMEI of the phone: not blank, at most 255 characters.
    #[schema(value_type = String, required = true, max_length = 255, pattern = r"\S")]
    pub device_id: Option<String>,
}

/// `GET /v2/triggerDevices?deviceId=…`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TriggerTokenAnswer {
    pub trigger_token: String,
}

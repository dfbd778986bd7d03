//! Trigger devices (2.5.2.2–3): phones or systems that report interactions with a permanent
//! trigger token, one user's each.

use diesel::prelude::*;
use interact_errors::Result;

use crate::owned::{insert_returning, owned_find_by};
use crate::schema::trigger_devices;
use crate::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = trigger_devices)]
pub struct TriggerDevice {
    pub id: i64,
    pub user_id: i64,
    pub device_id: String,
    /// Kept readable: the document lets the owner read it again (2.5.2.3).
    pub trigger_token: String,
    pub created: i64,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = trigger_devices)]
pub struct TriggerDeviceInsertForm<'a> {
    pub user_id: i64,
    pub device_id: &'a str,
    pub trigger_token: &'a str,
    pub created: i64,
}

insert_returning!(trigger_devices, TriggerDevice, TriggerDeviceInsertForm);

pub fn list(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<TriggerDevice>> {
    Ok(trigger_devices::table
        .filter(trigger_devices::user_id.eq(user_id))
        .order(trigger_devices::id.asc())
        .select(TriggerDevice::as_select())
        .load(conn)?)
}

owned_find_by!(
    /// The user's trigger device with this device id.
    find_by_device_id, trigger_devices, device_id: &str, TriggerDevice
);

/// The trigger device a trigger token belongs to (for `PUT /v2/interactions`).
pub fn find_by_token(conn: &mut AnyConnection, token: &str) -> Result<Option<TriggerDevice>> {
    Ok(trigger_devices::table
        .filter(trigger_devices::trigger_token.eq(token))
        .select(TriggerDevice::as_select())
        .first(conn)
        .optional()?)
}

pub fn delete_for_user(conn: &mut AnyConnection, user_id: i64) -> Result<usize> {
    Ok(
        diesel::delete(trigger_devices::table.filter(trigger_devices::user_id.eq(user_id)))
            .execute(conn)?,
    )
}

//! Devices registered for push notifications (2.5.3.1.68–71), one user's each.

use diesel::prelude::*;
use interact_errors::Result;

use crate::owned::{insert_returning, owned_find, owned_find_by};
use crate::schema::devices;
use crate::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = devices)]
pub struct Device {
    pub id: i64,
    pub user_id: i64,
    /// The device token in canonical form: lower-case hex of its raw bytes.
    pub device_id: String,
    pub name: String,
    pub active: bool,
    pub created: i64,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = devices)]
pub struct DeviceInsertForm<'a> {
    pub user_id: i64,
    pub device_id: &'a str,
    pub name: &'a str,
    pub active: bool,
    pub created: i64,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = devices)]
pub struct DeviceUpdateForm {
    pub name: Option<String>,
    pub active: Option<bool>,
}

insert_returning!(devices, Device, DeviceInsertForm);

owned_find!(devices, Device);

owned_find_by!(
    /// The user's device with this canonical device id.
    find_by_device_id, devices, device_id: &str, Device
);

pub fn list(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<Device>> {
    Ok(devices::table
        .filter(devices::user_id.eq(user_id))
        .order(devices::id.asc())
        .select(Device::as_select())
        .load(conn)?)
}

pub fn update(conn: &mut AnyConnection, id: i64, form: &DeviceUpdateForm) -> Result<()> {
    if form.name.is_none() && form.active.is_none() {
        return Ok(());
    }
    diesel::update(devices::table.find(id))
        .set(form)
        .execute(conn)?;
    Ok(())
}

pub fn delete(conn: &mut AnyConnection, id: i64) -> Result<()> {
    diesel::delete(devices::table.find(id)).execute(conn)?;
    Ok(())
}

pub fn delete_for_user(conn: &mut AnyConnection, user_id: i64) -> Result<usize> {
    Ok(diesel::delete(devices::table.filter(devices::user_id.eq(user_id))).execute(conn)?)
}

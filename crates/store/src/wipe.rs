//! Removing a user's data: the one place that knows every user-owned table.
//!
//! Every table that holds a user's data must be listed in `wipe_user_data` (and have a
//! `user_id … REFERENCES users(id) ON DELETE CASCADE` foreign key, so that deleting the user
//! is safe even before it is listed here). See docs/development.md.

use interact_errors::Result;

use crate::dependents::Dependent;
use crate::{
    activities, apns_outbox, contacts, device_syncs, devices, task_lists, tokens, trigger_devices,
    AnyConnection,
};

/// Deletes all CRM data of a user and their sessions but `keep_token` (the caller's, when
/// users wipe their own account). The account, its roles, groups and password stay. Call it
/// inside one write transaction.
pub fn wipe_user_data(
    conn: &mut AnyConnection,
    user_id: i64,
    keep_token: Option<i64>,
) -> Result<()> {
    apns_outbox::delete_for_user(conn, user_id)?;
    device_syncs::delete_for_user(conn, user_id)?;
    // What hangs off contacts (tasks with their phone numbers, pictures with their bytes),
    // before the task lists and contacts it points at.
    for d in Dependent::ALL {
        d.delete_for_user(conn, user_id)?;
    }
    task_lists::delete_for_user(conn, user_id)?;
    // Import records (import_contact_values, contact_sources,
    // import_accounts) before the contacts their sources point at.
    crate::import::delete_for_user(conn, user_id)?;
    // After deals and notes, which may point at contacts.
    contacts::delete_for_user(conn, user_id)?;
    devices::delete_for_user(conn, user_id)?;
    trigger_devices::delete_for_user(conn, user_id)?;
    activities::delete_for_user(conn, user_id)?;
    tokens::delete_for_user(conn, user_id, keep_token)?;
    Ok(())
}

//! What contact delete, merge and share do with what hangs off a contact
//! (`interact_store::dependents::Dependent::ALL`, the one list of it).

use interact_store::dependents::Dependent;
use interact_store::notes::Of;
use interact_store::AnyConnection;

use interact_errors::Result;

use crate::ids::ContactId;

/// The key of a wire contact that lists the entities of a kind (a shared copy leaves them out).
pub(crate) fn wire_key(d: Dependent) -> &'static str {
    match d {
        Dependent::Interactions => "interactions",
        Dependent::Tasks => "tasks",
        Dependent::Notes => "notes",
        Dependent::Deals => "deals",
        Dependent::Pictures => "pictures",
    }
}

/// Before a contact is deleted, inside its write transaction: notes and pictures go with it;
/// deals, tasks and interactions stay, no longer related to it. Each change journaled.
pub(crate) fn on_contact_delete(
    conn: &mut AnyConnection,
    user_id: i64,
    contact: ContactId,
    now: i64,
) -> Result<()> {
    for d in Dependent::ALL {
        match d {
            Dependent::Interactions => {
                crate::interactions::reattach(conn, user_id, &[contact], None, now)?;
            }
            Dependent::Tasks => crate::tasks::on_contact_delete(conn, user_id, contact, now)?,
            Dependent::Notes => {
                crate::notes::delete_of(conn, user_id, Of::Contact(contact.0), now)?
            }
            Dependent::Deals => crate::deals::on_contact_delete(conn, user_id, contact, now)?,
            Dependent::Pictures => crate::pictures::on_contact_delete(conn, user_id, contact, now)?,
        }
    }
    Ok(())
}

/// Merge (2.5.3.2.7), inside its write transaction: what hangs off the contacts `from` moves
/// to `to`, each change journaled. Tasks keep the phone numbers that are basicInfos of `to`
/// by then (move the basicInfos first).
pub(crate) fn reattach(
    conn: &mut AnyConnection,
    user_id: i64,
    from: &[ContactId],
    to: ContactId,
    now: i64,
) -> Result<()> {
    for d in Dependent::ALL {
        match d {
            Dependent::Interactions => {
                crate::interactions::reattach(conn, user_id, from, Some(to), now)?;
            }
            Dependent::Tasks => {
                for f in from {
                    crate::tasks::reattach(conn, user_id, *f, to, now)?;
                }
            }
            Dependent::Notes => {
                crate::notes::reattach(conn, user_id, from, to, now)?;
            }
            Dependent::Deals => {
                crate::deals::reattach(conn, user_id, from, to, now)?;
            }
            Dependent::Pictures => crate::pictures::reattach(conn, user_id, from, to, now)?,
        }
    }
    Ok(())
}

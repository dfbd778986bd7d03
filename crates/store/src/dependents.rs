//! What hangs off a contact: the kinds of a user's entities that relate to one. The one list
//! that contact delete, merge and share (in the service) and wipe-out (`wipe`) go through, so
//! that a new kind is added in one place.

use interact_errors::Result;

use crate::{deals, interactions, notes, pictures, tasks, AnyConnection};

/// A kind of entity that relates to a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dependent {
    Interactions,
    Tasks,
    Notes,
    Deals,
    Pictures,
}

impl Dependent {
    /// Every kind, those that point at others first: tasks and notes may relate to a deal.
    pub const ALL: [Dependent; 5] = [
        Dependent::Interactions,
        Dependent::Tasks,
        Dependent::Notes,
        Dependent::Deals,
        Dependent::Pictures,
    ];

    /// Deletes all of a user's entities of this kind (wipe-out).
    pub fn delete_for_user(self, conn: &mut AnyConnection, user_id: i64) -> Result<usize> {
        match self {
            Dependent::Interactions => interactions::delete_for_user(conn, user_id),
            Dependent::Tasks => tasks::delete_for_user(conn, user_id),
            Dependent::Notes => notes::delete_for_user(conn, user_id),
            Dependent::Deals => deals::delete_for_user(conn, user_id),
            Dependent::Pictures => pictures::delete_for_user(conn, user_id),
        }
    }
}

//! Notes (2.5.3.1.18–23).

pub mod create;
pub mod delete;
pub mod delete_many;
pub mod list;
pub mod of_contact;
pub mod update;

use serde::Deserialize;

/// `ids` of the delete of several notes or deals.
#[derive(Debug, Default, Deserialize)]
pub struct IdsQuery {
    pub ids: Option<String>,
}

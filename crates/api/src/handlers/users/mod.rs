//! User administration (2.5.3.1.53–57, 2.5.3.2.2, 2.5.3.2.9–10).

pub mod assign_groups;
pub mod assign_roles;
pub mod create;
pub mod delete;
pub mod delete_many;
pub mod get;
pub mod list;
pub mod update;

use serde::Deserialize;

/// `?cmd=…` of the calls that have extended functions.
#[derive(Debug, Deserialize)]
pub struct CmdQuery {
    pub cmd: Option<String>,
}

/// `?ids=1,2,3` of the bulk deletes.
#[derive(Debug, Deserialize)]
pub struct IdsQuery {
    pub ids: Option<String>,
}

//! Cleanup (2.5.3.2.5–2.5.3.2.6).

use actix_web::web;
use interact_domain::ErrorBody;
use interact_domain::cleanup::CleanupAnswer;
use interact_errors::{Action, Detail, Error, Exception, Realm};
use interact_service::cleanup;
use serde::Deserialize;

use crate::extract::{App, Auth};
use crate::respond::{self, Reply};

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![crate::endpoint!(cleanup, Action::View, Realm::Cleanup)]
}

// `GET /v2/cleanup?cmd=getDuplicates` and `GET /v2/cleanup?cmd=getConflicts&value=…`.
#[derive(Debug, Deserialize)]
pub struct CleanupQuery {
    pub cmd: Option<String>,
    pub value: Option<String>,
}

/// Find duplicates of basicInfos (2.5.3.2.5) and the contacts holding one (2.5.3.2.6).
/// `cmd=getDuplicates` answers the normalized values (phone numbers in E.164, emails
/// lower-cased) that more than one of the caller's contacts or inactive import contacts
/// hold, as a bare array of strings. `cmd=getConflicts&value=…` answers `{"data":[…]}`: the
/// contacts holding the value, matched in normalized form, in the base projection with
/// `"active": true`, then the import contacts holding it in the same form with their import
/// id (for a merge's `importContactIds`) and `"active": false`.
#[utoipa::path(get, path = "/v2/cleanup", tag = "cleanup",
    params(
        ("cmd" = String, Query, description = "getDuplicates or getConflicts", pattern = "^(getDuplicates|getConflicts)$"),
        ("value" = Option<String>, Query, description = "getConflicts: the value, e.g. +12025552846"),
    ),
    responses(
        (status = 200, description = "getDuplicates: the duplicate values; getConflicts: the contacts holding the value", body = CleanupAnswer),
        (status = 400, description = "unknown or missing cmd; getConflicts without value", body = ErrorBody),
    ))]
pub async fn cleanup(ctx: App, auth: Auth, query: web::Query<CleanupQuery>) -> Reply {
    let query = query.into_inner();
    match query.cmd.as_deref() {
        Some("getDuplicates") => Ok(respond::ok(cleanup::duplicates(&ctx, &auth).await?)),
        Some("getConflicts") => Ok(respond::ok(
            cleanup::conflicts(&ctx, &auth, query.value).await?,
        )),
        other => {
            let msg = match other {
                Some(c) => format!("cmd {c:?} is not one of getDuplicates, getConflicts"),
                None => "cmd is required: getDuplicates or getConflicts".into(),
            };
            Err(Error::new(
                Exception::InvalidData,
                Action::View,
                Realm::Cleanup,
                Detail::InvalidParameter,
                msg,
            ))
        }
    }
}

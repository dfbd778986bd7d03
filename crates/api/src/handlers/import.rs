//! Import from external systems (2.5.3.2.3–4).

use actix_web::web;
use interact_domain::ErrorBody;
use interact_domain::import::{ExternalContactGroup, ImportAnswer, ImportRequest};
use interact_errors::{Action, Detail, Error, Exception, Realm};
use interact_service::import::run::{self, ImportParams};
use serde::Deserialize;

use crate::extract::{App, Auth, Json};
use crate::respond::{self, Reply};

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![crate::endpoint!(import, Action::Import, Realm::ContactImport)]
}

// `POST /v2/import?cmd=getContactGroups` and `?cmd=importContacts&…`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportQuery {
    pub cmd: Option<String>,
    pub name_required: Option<String>,
    pub phone_required: Option<String>,
    pub email_required: Option<String>,
    #[serde(rename = "updated-min")]
    pub updated_min: Option<String>,
    pub group_ids: Option<String>,
}

/// Read the contact groups of an external system (`cmd=getContactGroups`, 2.5.3.2.3), or
/// import its contacts (`cmd=importContacts`, 2.5.3.2.4). `externalSystem` is `google`
/// (`password`: an OAuth access token), `vcard` or `csv` (`content`: the file's text).
/// Records failing the `…Required` rules are kept as import contacts (ids in `failed`), not
/// as contacts; a re-import updates the contacts it made before; `unreadable` lists records
/// that could not be imported.
#[utoipa::path(post, path = "/v2/import", tag = "import",
    params(
        ("cmd" = String, Query, description = "getContactGroups or importContacts", pattern = "^(getContactGroups|importContacts)$"),
        ("nameRequired" = Option<String>, Query, description = "1 or 0"),
        ("phoneRequired" = Option<String>, Query, description = "1 or 0"),
        ("emailRequired" = Option<String>, Query, description = "1 or 0"),
        ("updated-min" = Option<String>, Query, description = "yyyy-MM-ddTHH:mm:ss.SSSZ; default: the last import of the account"),
        ("groupIds" = Option<String>, Query, description = "external group ids, and none for contacts in no group"),
    ),
    request_body = ImportRequest,
    responses(
        (status = 200, description = "getContactGroups: `[{\"externalId\",\"name\"}]`; importContacts: the result", body = ImportAnswer),
        (status = 400, description = "unknown externalSystem or cmd, missing password/content, bad parameter", body = ErrorBody),
        (status = 503, description = "the external system cannot be reached or fails (9002)", body = ErrorBody),
    ))]
pub async fn import(
    ctx: App,
    auth: Auth,
    query: web::Query<ImportQuery>,
    body: Json<ImportRequest>,
) -> Reply {
    let q = query.into_inner();
    let body = body.0;
    let params = ImportParams {
        name_required: q.name_required,
        phone_required: q.phone_required,
        email_required: q.email_required,
        updated_min: q.updated_min,
        group_ids: q.group_ids,
    };
    match q.cmd.as_deref() {
        Some("getContactGroups") => {
            // The rules and `updated-min` are only read by importContacts; a malformed one is
            // refused here too rather than ignored.
            params.check()?;
            let groups: Vec<ExternalContactGroup> = run::contact_groups(&ctx, &auth, &body).await?;
            Ok(respond::ok(groups))
        }
        Some("importContacts") => Ok(respond::ok(
            run::import_contacts(&ctx, &auth, &body, &params).await?,
        )),
        other => {
            let msg = match other {
                Some(c) => format!("cmd {c:?} is not one of getContactGroups, importContacts"),
                None => "cmd is required: getContactGroups or importContacts".into(),
            };
            Err(Error::new(
                Exception::InvalidData,
                Action::Import,
                Realm::ContactImport,
                Detail::InvalidParameter,
                msg,
            ))
        }
    }
}

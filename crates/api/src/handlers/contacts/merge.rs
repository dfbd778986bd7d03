//! `POST /v2/contacts?cmd=merge`: merge contacts and import contacts into one contact.

use actix_web::web;
use interact_domain::cleanup::MergeRequest;
use interact_domain::contacts::{Contact, ContactRequest};
use interact_domain::{ErrorBody, Updated};
use interact_errors::{Action, Detail, Error, Exception, Realm};
use interact_service::merge::{self, MergeInput};
use serde_json::Value;

use crate::extract::{App, Auth, Json};
use crate::handlers::users::CmdQuery;
use crate::respond::{self, Reply};

fn merge_error(ex: Exception, detail: Detail, msg: String) -> Error {
    Error::new(ex, Action::Merge, Realm::Contacts, detail, msg)
}

/// Reads `contact`: its `id` (absent or `null`: the contact is created) and the rest as the
/// body of a contact create or update; errors name the field (`contact.basicInfos[0].type`).
fn read_contact(contact: Option<Value>) -> Result<(Option<i64>, ContactRequest), Error> {
    let contact = match contact {
        Some(Value::Object(o)) => o,
        Some(Value::Null) | None => {
            return Err(merge_error(
                Exception::MissingData,
                Detail::MissingValue,
                "contact is required: the merged contact (with id and version to update one)"
                    .into(),
            ))
        }
        Some(_) => {
            return Err(merge_error(
                Exception::InvalidData,
                Detail::InvalidValue,
                "contact must be an object".into(),
            ))
        }
    };
    let id = match contact.get("id") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            crate::extract::as_integer(v)
                .filter(|i| *i > 0)
                .ok_or_else(|| {
                    merge_error(
                        Exception::InvalidData,
                        Detail::InvalidValue,
                        "contact.id must be a contact id (an integer)".into(),
                    )
                })?,
        ),
    };
    let read = |v: &Value| {
        serde_path_to_error::deserialize::<_, ContactRequest>(crate::extract::Objects(v))
    };
    let contact = Value::Object(contact);
    // As for a whole body (`extract::json::parse`): `49.0` where an integer is read is 49.
    let req = match read(&contact) {
        Err(e)
            if e.inner()
                .to_string()
                .contains("invalid type: floating point") =>
        {
            match crate::extract::integral(contact) {
                Some(v) => read(&v),
                None => Err(e),
            }
        }
        other => other,
    };
    let req = req.map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let at = if path == "." {
            "contact".to_string()
        } else {
            format!("contact.{path}")
        };
        merge_error(
            Exception::InvalidData,
            Detail::InvalidValue,
            format!("{at}: {inner}"),
        )
    })?;
    Ok((id, req))
}

/// Merge contact data (2.5.3.2.7). `contact` is the merged result: without `id` it is
/// created, with `id` and `version` it is updated exactly like `POST /v2/contacts/{id}` (a
/// stale version is a 409). In one transaction the deals, notes, interactions, tasks and
/// pictures of the contacts in `contactIds` move to it, those contacts are deleted (sync
/// answers their tombstones) and the import contacts in `importContactIds` are deleted.
/// basicInfos of merged contacts that `contact.basicInfos` lists by id move to it with their
/// ids. Every contact in `contactIds` must be of the resulting contact's type; at least one
/// of the two lists must name a contact.
#[utoipa::path(post, path = "/v2/contacts", tag = "contacts",
    params(("cmd" = String, Query, description = "merge", pattern = "^merge$")),
    request_body = MergeRequest,
    responses(
        (status = 200, body = Updated<Contact>),
        (status = 400, description = "unknown cmd, missing contact, empty lists, the target among contactIds, invalid contact attribute", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "a contact id, import contact id or contact.id that is not the caller's", body = ErrorBody),
        (status = 409, description = "version conflict, a contact in contactIds of the other type, or a relatedTo id that names a contact of the same type", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn merge_contacts(
    ctx: App,
    auth: Auth,
    query: web::Query<CmdQuery>,
    body: Json<MergeRequest>,
) -> Reply {
    match query.cmd.as_deref() {
        Some("merge") => {}
        other => {
            let msg = match other {
                Some(c) => format!("cmd {c:?} is not merge"),
                None => "cmd is required: POST /v2/contacts?cmd=merge".into(),
            };
            return Err(merge_error(
                Exception::InvalidData,
                Detail::InvalidParameter,
                msg,
            ));
        }
    }
    let body = body.0;
    let (target, contact) = read_contact(body.contact)?;
    let input = MergeInput {
        contact_ids: body.contact_ids.unwrap_or_default(),
        import_contact_ids: body.import_contact_ids.unwrap_or_default(),
        target,
        contact,
    };
    let merged = merge::merge(&ctx, &auth, input).await?;
    Ok(respond::updated(merged.contact))
}

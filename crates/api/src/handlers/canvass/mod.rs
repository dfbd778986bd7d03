//! Canvass interactions (spec/000) under `/v2/interactions`, which they share with the
//! interact.io interactions: `dispatch` tells the two apart.

pub mod create;
pub mod delete;
pub mod dispatch;
pub mod get;
pub mod list;
pub mod patch;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse};
use interact_service::canvass::CanvassRow;

/// The etags a request names in `etag` and `If-Match` headers: quoted or not, one or a
/// comma-separated list.
pub fn etags_of(req: &HttpRequest) -> Vec<String> {
    let mut out = Vec::new();
    for name in ["etag", "if-match"] {
        for value in req.headers().get_all(name) {
            let Ok(v) = value.to_str() else { continue };
            for tag in v.split(',') {
                let tag = tag.trim();
                let tag = tag
                    .strip_prefix('"')
                    .and_then(|t| t.strip_suffix('"'))
                    .unwrap_or(tag);
                if !tag.is_empty() {
                    out.push(tag.to_string());
                }
            }
        }
    }
    out
}

/// The bare resource, with its etag in `ETag` (quoted, as HTTP writes a strong validator).
pub fn resource(status: StatusCode, row: &CanvassRow) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("application/json")
        .insert_header((header::ETAG, format!("\"{}\"", row.etag)))
        .body(interact_service::canvass::to_bytes(row))
}

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use interact_errors::{Action, Realm};
    vec![
        crate::endpoint!(
            create::create_interaction,
            Action::Create,
            Realm::Interactions
        ),
        crate::endpoint!(list::list_interactions, Action::View, Realm::Interactions)
            .guard(dispatch::is_canvass_list),
        crate::endpoint!(get::get_interaction, Action::View, Realm::Interactions),
        crate::endpoint!(patch::patch_interaction, Action::Edit, Realm::Interactions),
        crate::endpoint!(
            delete::delete_interaction,
            Action::Delete,
            Realm::Interactions
        ),
    ]
}

//! `?ids=1,3,45` of a `DELETE` of several entities, parsed by the one rule
//! (`interact_service::ids::parse`) with the realm of the endpoint it was routed to.

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::{ready, Ready};
use interact_domain::contacts::MAX_DELETE_IDS;
use serde::Deserialize;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::{ObjectBuilder, Required, Type};

#[derive(Deserialize)]
struct IdsQuery {
    ids: Option<String>,
}

/// The ids named by `?ids=`, in order, each once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ids(pub Vec<i64>);

impl FromRequest for Ids {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            match web::Query::<IdsQuery>::from_query(req.query_string()) {
                // The same answer as any other malformed query (`query_config`).
                Err(e) => Err(super::bad_parameter(
                    req,
                    format!("invalid query parameter: {e}"),
                )),
                Ok(q) => {
                    let (_, realm) = crate::routes::context(req);
                    interact_service::ids::parse(q.ids.as_deref(), realm)
                        .map(Ids)
                        .map_err(Into::into)
                }
            },
        )
    }
}

/// `params(Ids)` in a `#[utoipa::path]`: the parameter as the document states it, with the
/// pattern of what `ids::parse` takes (at most `MAX_DELETE_IDS` positive integers).
impl utoipa::IntoParams for Ids {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let id = r"[1-9][0-9]{0,17}";
        let pattern = format!(r"^\s*{id}\s*(,\s*{id}\s*){{0,{}}}$", MAX_DELETE_IDS - 1);
        vec![ParameterBuilder::new()
            .name("ids")
            .parameter_in(ParameterIn::Query)
            .required(Required::True)
            .description(Some("comma-separated ids, e.g. 1,3,45"))
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some(pattern)),
            ))
            .build()]
    }
}

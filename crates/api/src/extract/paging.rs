//! `offset` and `limit` query parameters, with errors that name the parameter.

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::{ready, Ready};
use interact_domain::Page;
use interact_errors::{Detail, Error, Exception};

pub struct Paging(pub Page);

impl Paging {
    /// Whether the client sent `offset` or `limit`: the lists that page on request then
    /// answer the list envelope instead of a bare array.
    pub fn requested(req: &HttpRequest) -> bool {
        web::Query::<Vec<(String, String)>>::from_query(req.query_string())
            .map(|q| q.iter().any(|(k, _)| k == "offset" || k == "limit"))
            .unwrap_or(false)
    }
}

impl FromRequest for Paging {
    type Error = Error;
    type Future = Ready<Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let (action, realm) = crate::routes::context(req);
        let pairs = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
            .map(|q| q.into_inner())
            .unwrap_or_default();
        // A parameter given twice is refused: which one would count is a guess.
        let get = |name: &str| -> Result<Option<&str>, String> {
            let mut found = pairs
                .iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v.as_str());
            let first = found.next();
            match found.next() {
                Some(_) => Err(format!("{name} is given more than once")),
                None => Ok(first),
            }
        };
        ready(
            get("offset")
                .and_then(|offset| Ok((offset, get("limit")?)))
                .and_then(|(offset, limit)| Page::parse(offset, limit))
                .map(Paging)
                .map_err(|msg| {
                    Error::new(
                        Exception::InvalidData,
                        action,
                        realm,
                        Detail::InvalidParameter,
                        msg,
                    )
                }),
        )
    }
}

//! Refuses U+0000 in the path and query parameters (PostgreSQL text cannot hold it, SQLite
//! would store it): a 400 naming the parameter on both backends, before any handler runs.
//! Bodies are checked by the JSON extractor.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;
use interact_errors::{Detail, Error, Exception};

pub async fn refuse_nul(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if let Some(what) = nul_in(req.path(), req.query_string()) {
        let (action, realm) = crate::routes::RouteTable::of_request(&req);
        return Err(Error::new(
            Exception::MissingData,
            action,
            realm,
            Detail::InvalidParameter,
            format!("{what}: text must not contain U+0000"),
        )
        .into());
    }
    next.call(req).await
}

/// What holds an encoded U+0000 (`%00`, the only way a URL can carry it): `path`, or the
/// query parameter by name.
fn nul_in(path: &str, query: &str) -> Option<String> {
    if path.contains("%00") {
        return Some("path".into());
    }
    if !query.contains("%00") {
        return None;
    }
    let pairs = web::Query::<Vec<(String, String)>>::from_query(query)
        .map(|q| q.into_inner())
        .unwrap_or_default();
    let named = pairs.into_iter().find_map(|(k, v)| {
        if k.contains('\0') {
            Some(format!("query parameter name {:?}", k))
        } else if v.contains('\0') {
            Some(k)
        } else {
            None
        }
    });
    Some(named.unwrap_or_else(|| "query".into()))
}

#[cfg(test)]
mod tests {
    use super::nul_in;

    #[test]
    fn names_the_parameter() {
        assert_eq!(nul_in("/v2/contacts", "q=a%00b"), Some("q".into()));
        assert_eq!(nul_in("/v2/contacts", "q=a&x=%00"), Some("x".into()));
        assert_eq!(nul_in("/v2/a%00", ""), Some("path".into()));
        assert_eq!(nul_in("/v2/contacts", "q=%2500"), None);
        assert_eq!(nul_in("/v2/contacts", "q=a"), None);
    }
}

//! Which resource a request to the shared `/v2/interactions` path means (DESIGN.md table):
//! guards for the route table, so the interact.io handlers (issue 6) plug in beside these.

use actix_web::guard::GuardContext;
use actix_web::web;
use interact_domain::canvass::is_list_param;

/// `GET /v2/interactions` with any of `filter`, `filter[…]`, `skip`, `limit`, `sort` is a
/// canvass list; without them it is the interact.io list.
pub fn is_canvass_list(ctx: &GuardContext) -> bool {
    let query = ctx.head().uri.query().unwrap_or("");
    match web::Query::<Vec<(String, String)>>::from_query(query) {
        Ok(pairs) => pairs.iter().any(|(k, _)| is_list_param(k)),
        // Undecodable: still a canvass list if a raw name says so, so the client hears what
        // is wrong with its parameters.
        Err(_) => query.split('&').any(|kv| {
            let name = kv.split('=').next().unwrap_or("");
            is_list_param(name) || name.starts_with("filter%5B") || name.starts_with("filter%5b")
        }),
    }
}

/// `/v2/interactions/<integer>` is an interact.io interaction; other ids are canvass ones.
pub fn is_integer_id(ctx: &GuardContext) -> bool {
    let path = ctx.head().uri.path().trim_end_matches('/');
    let last = path.rsplit('/').next().unwrap_or("");
    !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit())
}

//! Endpoint declarations and the route table built from them.
//!
//! Each endpoint is declared once, in the `endpoints()` function of its resource module
//! (`handlers/<resource>.rs`): the handler (whose `#[utoipa::path]` names its method and
//! path and documents it), the action and realm its early errors carry, and any alias path or
//! guard. Everything else is derived from that list:
//! - the actix route table (`config`), one resource per path, guarded routes first;
//! - the OpenAPI document's paths (`crate::openapi`), aliases with their own operation ids;
//! - the action and realm of errors raised before a handler knows better ([`context`] after
//!   routing, [`RouteTable::context_of`] in middleware that runs before routing).

use actix_web::dev::{ResourceDef, ServiceRequest};
use actix_web::guard::{self, GuardContext};
use actix_web::http::Method;
use actix_web::{web, FromRequest, Handler, HttpRequest, Responder, Route};
use interact_errors::{Action, Realm};
use utoipa::openapi::path::{HttpMethod, Operation};
use utoipa::openapi::schema::Schema;
use utoipa::openapi::RefOr;

use crate::extract::UploadBody;
use crate::handlers;

/// The component schemas an operation refers to (`utoipa::__dev::SchemaReferences`).
pub type Schemas = Vec<(String, RefOr<Schema>)>;

/// How an endpoint appears in the OpenAPI document.
#[derive(Clone, Copy)]
pub struct Doc {
    pub operation: fn() -> Operation,
    pub tags: fn() -> Vec<&'static str>,
    pub schemas: fn(&mut Schemas),
}

/// One endpoint: a method and path (and the paths that alias it), the handler that serves
/// it, and the action and realm of the errors raised for it before the handler runs.
pub struct Endpoint {
    pub method: Method,
    pub path: String,
    /// Paths the document misspells in its examples, served exactly like `path` (DESIGN.md).
    pub aliases: Vec<&'static str>,
    pub action: Action,
    pub realm: Realm,
    /// A guard that picks this handler among several for the same method and path; guarded
    /// endpoints are tried before the unguarded one. Such alternatives share one operation
    /// in the document (their descriptions merged) and one action and realm.
    pub guard: Option<fn(&GuardContext) -> bool>,
    /// The JSON body may carry a picture (`UploadBody`).
    pub upload: bool,
    /// Answered without a token: the document states no security for it. Every other
    /// documented endpoint takes `authToken` or a bearer token (`crate::openapi`), unless its
    /// `#[utoipa::path]` states its own `security`.
    pub public: bool,
    /// `None`: not in the OpenAPI document (`hidden` says why).
    pub doc: Option<Doc>,
    route: Box<dyn Fn() -> Route>,
}

fn method_of(m: &HttpMethod) -> Method {
    match m {
        HttpMethod::Get => Method::GET,
        HttpMethod::Put => Method::PUT,
        HttpMethod::Post => Method::POST,
        HttpMethod::Delete => Method::DELETE,
        HttpMethod::Options => Method::OPTIONS,
        HttpMethod::Head => Method::HEAD,
        HttpMethod::Patch => Method::PATCH,
        HttpMethod::Trace => Method::TRACE,
    }
}

pub fn http_method(m: &Method) -> Option<HttpMethod> {
    Some(match *m {
        Method::GET => HttpMethod::Get,
        Method::PUT => HttpMethod::Put,
        Method::POST => HttpMethod::Post,
        Method::DELETE => HttpMethod::Delete,
        Method::OPTIONS => HttpMethod::Options,
        Method::HEAD => HttpMethod::Head,
        Method::PATCH => HttpMethod::Patch,
        Method::TRACE => HttpMethod::Trace,
        _ => return None,
    })
}

fn route_to<F, Args>(method: Method, handler: F) -> Box<dyn Fn() -> Route>
where
    F: Handler<Args> + Clone,
    Args: FromRequest + 'static,
    F::Output: Responder + 'static,
{
    Box::new(move || web::method(method.clone()).to(handler.clone()))
}

impl Endpoint {
    /// A documented endpoint: method and path come from the handler's `#[utoipa::path]`
    /// (`P`). Use the [`endpoint!`](crate::endpoint) macro, which names `P` for you.
    pub fn documented<P, F, Args>(handler: F, action: Action, realm: Realm) -> Endpoint
    where
        P: utoipa::Path + utoipa::__dev::SchemaReferences + utoipa::__dev::Tags<'static>,
        F: Handler<Args> + Clone,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        let methods = P::methods();
        let [method] = methods.as_slice() else {
            panic!("{}: declare one method per handler", P::path());
        };
        let method = method_of(method);
        Endpoint {
            route: route_to(method.clone(), handler),
            method,
            path: P::path(),
            aliases: Vec::new(),
            action,
            realm,
            guard: None,
            upload: false,
            public: false,
            doc: Some(Doc {
                operation: P::operation,
                tags: P::tags,
                schemas: P::schemas,
            }),
        }
    }

    /// An endpoint left out of the OpenAPI document (the document itself, its reference page,
    /// the websocket upgrade), with the reason in a comment where it is declared.
    pub fn hidden<F, Args>(
        method: Method,
        path: &str,
        handler: F,
        action: Action,
        realm: Realm,
    ) -> Endpoint
    where
        F: Handler<Args> + Clone,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        Endpoint {
            route: route_to(method.clone(), handler),
            method,
            path: path.to_string(),
            aliases: Vec::new(),
            action,
            realm,
            guard: None,
            upload: false,
            public: false,
            doc: None,
        }
    }

    pub fn alias(mut self, path: &'static str) -> Self {
        self.aliases.push(path);
        self
    }

    pub fn guard(mut self, guard: fn(&GuardContext) -> bool) -> Self {
        self.guard = Some(guard);
        self
    }

    pub fn upload(mut self) -> Self {
        self.upload = true;
        self
    }

    pub fn public(mut self) -> Self {
        self.public = true;
        self
    }

    /// Every path this endpoint answers on: its own, then its aliases.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.path.as_str()).chain(self.aliases.iter().copied())
    }

    fn route(&self) -> Route {
        let route = (self.route)();
        match self.guard {
            Some(g) => route.guard(guard::fn_guard(g)),
            None => route,
        }
    }
}

/// A guard: the last segment of the path is an integer. `/v2/interactions/<integer>` is an
/// interact.io interaction; other ids are canvass ones.
pub fn is_integer_id(ctx: &GuardContext) -> bool {
    let path = ctx.head().uri.path().trim_end_matches('/');
    let last = path.rsplit('/').next().unwrap_or("");
    !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit())
}

/// Declares a documented endpoint from its handler: `endpoint!(get::get_contact, Action::View,
/// Realm::Contacts)`. The handler's `#[utoipa::path]` gives method, path and documentation.
#[macro_export]
macro_rules! endpoint {
    ($m:ident :: $f:ident, $action:expr, $realm:expr) => {
        ::paste::paste! {
            $crate::routes::Endpoint::documented::<$m::[<__path_ $f>], _, _>(
                $m::$f, $action, $realm,
            )
        }
    };
    ($f:ident, $action:expr, $realm:expr) => {
        ::paste::paste! {
            $crate::routes::Endpoint::documented::<[<__path_ $f>], _, _>($f, $action, $realm)
        }
    };
}

/// Every endpoint the server has (`handlers::endpoints`, resource by resource).
pub fn endpoints() -> Vec<Endpoint> {
    handlers::endpoints()
}

/// Route data of one path: the action and realm of each method served there.
#[derive(Debug, Clone)]
pub struct PathContexts {
    methods: Vec<(Method, Action, Realm)>,
}

impl PathContexts {
    fn of(&self, method: &Method) -> (Action, Realm) {
        if let Some((_, a, r)) = self.methods.iter().find(|(m, _, _)| m == method) {
            return (*a, *r);
        }
        // The method is not served here (405): the realm of the path, and the action the
        // method means, unless the path has one purpose of its own (login, sync, …) that
        // every request to it is about.
        let (m, a, r) = &self.methods[0];
        if self.methods.len() == 1 && *a != verb(m) {
            (*a, *r)
        } else {
            (verb(method), *r)
        }
    }
}

/// The action a method stands for when no endpoint says otherwise.
fn verb(method: &Method) -> Action {
    match *method {
        Method::PUT => Action::Create,
        Method::POST | Method::PATCH => Action::Edit,
        Method::DELETE => Action::Delete,
        _ => Action::View,
    }
}

/// The endpoints grouped by path (aliases included), in declaration order.
fn by_path(endpoints: &[Endpoint]) -> Vec<(&str, Vec<&Endpoint>)> {
    let mut out: Vec<(&str, Vec<&Endpoint>)> = Vec::new();
    for e in endpoints {
        for path in e.paths() {
            match out.iter_mut().find(|(p, _)| *p == path) {
                Some((_, list)) => list.push(e),
                None => out.push((path, vec![e])),
            }
        }
    }
    out
}

fn contexts_of(list: &[&Endpoint]) -> PathContexts {
    let mut methods: Vec<(Method, Action, Realm)> = Vec::new();
    for e in list {
        if !methods.iter().any(|(m, _, _)| *m == e.method) {
            methods.push((e.method.clone(), e.action, e.realm));
        }
    }
    PathContexts { methods }
}

/// The route table: one actix resource per declared path, carrying its [`PathContexts`]
/// (and [`UploadBody`] where an endpoint takes a picture).
pub fn config(cfg: &mut web::ServiceConfig) {
    let endpoints = endpoints();
    for (path, mut list) in by_path(&endpoints) {
        // Guarded alternatives before the catch-all of the same method.
        list.sort_by_key(|e| e.guard.is_none());
        let mut resource = web::resource(path).app_data(contexts_of(&list));
        if list.iter().any(|e| e.upload) {
            resource = resource.app_data(UploadBody);
        }
        for e in list {
            resource = resource.route(e.route());
        }
        cfg.service(resource);
    }
}

/// The action and realm of a routed request, for errors raised before its handler decides
/// (malformed bodies, bad parameters, a missing token, 404 and 405).
pub fn context(req: &HttpRequest) -> (Action, Realm) {
    match req.app_data::<PathContexts>() {
        Some(c) => c.of(req.method()),
        // No route: realm 000 (docs/errors.md), the action the method stands for.
        None => (verb(req.method()), Realm::General),
    }
}

/// The declared paths as matchers, for middleware that runs before routing (a JSONP callback
/// refused up front, a panic): app data of the whole application.
pub struct RouteTable {
    paths: Vec<(ResourceDef, PathContexts)>,
}

impl RouteTable {
    pub fn new() -> RouteTable {
        let endpoints = endpoints();
        let paths = by_path(&endpoints)
            .into_iter()
            .map(|(path, list)| (ResourceDef::new(path), contexts_of(&list)))
            .collect();
        RouteTable { paths }
    }

    pub fn context_of(&self, method: &Method, path: &str) -> (Action, Realm) {
        match self.paths.iter().find(|(def, _)| def.is_match(path)) {
            Some((_, c)) => c.of(method),
            None => (verb(method), Realm::General),
        }
    }

    /// The same for a request not yet routed.
    pub fn of_request(req: &ServiceRequest) -> (Action, Realm) {
        match req.app_data::<web::Data<RouteTable>>() {
            Some(t) => t.context_of(req.method(), req.path()),
            None => (verb(req.method()), Realm::General),
        }
    }
}

impl Default for RouteTable {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declared_endpoint_carries_its_action_and_realm() {
        let t = RouteTable::new();
        let c = |m: Method, p: &str| t.context_of(&m, p);
        assert_eq!(
            c(Method::GET, "/v2/contacts/5/tags"),
            (Action::View, Realm::ContactTags)
        );
        assert_eq!(
            c(Method::POST, "/v2/contacts"),
            (Action::Merge, Realm::Contacts)
        );
        assert_eq!(
            c(Method::POST, "/v2/interactions"),
            (Action::Create, Realm::Interactions)
        );
        assert_eq!(c(Method::PUT, "/v2/deal/5"), (Action::Create, Realm::Deals));
        // docs/errors.md: the role and group assignments are role and group administration.
        assert_eq!(
            c(Method::POST, "/v2/admin/users/5/roles"),
            (Action::Edit, Realm::RoleAdministration)
        );
        assert_eq!(
            c(Method::POST, "/v2/admin/users/5/groups"),
            (Action::Edit, Realm::GroupAdministration)
        );
    }

    #[test]
    fn a_method_not_served_takes_the_paths_realm() {
        let t = RouteTable::new();
        let c = |m: Method, p: &str| t.context_of(&m, p);
        // One purpose of its own: every request to the path is about it.
        assert_eq!(
            c(Method::DELETE, "/v2/login"),
            (Action::Login, Realm::Authentication)
        );
        assert_eq!(c(Method::POST, "/v2/sync"), (Action::PullSync, Realm::Sync));
        // Otherwise the action the method stands for.
        assert_eq!(
            c(Method::DELETE, "/v2/activities"),
            (Action::Delete, Realm::Activities)
        );
        assert_eq!(
            c(Method::PATCH, "/v2/contacts"),
            (Action::Edit, Realm::Contacts)
        );
        // No route: realm 000.
        assert_eq!(c(Method::GET, "/nowhere"), (Action::View, Realm::General));
        assert_eq!(
            c(Method::POST, "/v2/contacts/5/nothing"),
            (Action::Edit, Realm::General)
        );
    }

    #[test]
    fn alternatives_of_one_method_and_path_share_action_and_realm() {
        let endpoints = endpoints();
        for (path, list) in by_path(&endpoints) {
            for a in &list {
                for b in &list {
                    if a.method == b.method {
                        assert_eq!(
                            (a.action, a.realm),
                            (b.action, b.realm),
                            "{} {path}",
                            a.method
                        );
                    }
                }
            }
            let unguarded = |m: &Method| {
                list.iter()
                    .filter(|e| e.method == *m && e.guard.is_none())
                    .count()
            };
            for e in &list {
                assert!(
                    unguarded(&e.method) <= 1,
                    "{} {path}: two catch-alls",
                    e.method
                );
            }
        }
    }

    /// An error that no layer tagged answers the action and realm its endpoint declares, not
    /// the placeholders of the helper that made it (docs/errors.md); a tagged one keeps its own.
    #[actix_web::test]
    async fn an_untagged_error_takes_its_endpoints_context() {
        use actix_web::{test, App, HttpResponse};
        use interact_errors::{Error, Exception};

        let contexts = PathContexts {
            methods: vec![(Method::GET, Action::View, Realm::Notes)],
        };
        let app = test::init_service(
            App::new()
                .wrap(crate::middleware::envelope::error_envelopes())
                .service(
                    web::resource("/untagged")
                        .app_data(contexts.clone())
                        .to(|| async { Err::<HttpResponse, _>(Error::invalid("bad")) }),
                )
                .service(web::resource("/tagged").app_data(contexts).to(|| async {
                    Err::<HttpResponse, _>(
                        Error::not_found(Exception::DealNotFound, "no deal")
                            .in_context(Action::View, Realm::Deals),
                    )
                })),
        )
        .await;
        for (path, status, code) in [
            ("/untagged", 400, 92010104002001_u64),
            ("/tagged", 404, 91070102001001),
        ] {
            let res =
                test::call_service(&app, test::TestRequest::get().uri(path).to_request()).await;
            assert_eq!(res.status().as_u16(), status, "{path}");
            let body: serde_json::Value = test::read_body_json(res).await;
            assert_eq!(body["error"], code, "{path}: {body}");
        }
    }
}

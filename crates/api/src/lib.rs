//! The HTTP face of the server: the route table, handlers, extractors and middleware.
//! Handlers parse and answer; the service crate decides.

pub mod extract;
pub mod handlers;
pub mod middleware;
pub mod openapi;
mod resource;
pub mod respond;
pub mod routes;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{web, App};
use interact_service::Ctx;

/// Settings of the HTTP layer.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Largest request body accepted, in bytes; larger ones are answered 413.
    pub max_body: usize,
    /// Origins allowed to call cross-origin; empty means none.
    pub cors_origins: Vec<String>,
    /// Whether the client address is the one a reverse proxy reports (`Forwarded`,
    /// `X-Forwarded-For`) rather than the peer's; only behind a proxy that sets them.
    pub trust_proxy: bool,
    /// Client addresses and networks allowed to read `GET /metrics`.
    pub metrics_allow: Vec<ipnet::IpNet>,
    /// A bearer token that reads `GET /metrics` from any address.
    pub metrics_token: Option<String>,
    /// Longest wait for a request's whole body once its head has arrived; past it the request
    /// is answered 408 (and the connection closed, its body unread). `None`: no limit.
    pub body_timeout: Option<std::time::Duration>,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            max_body: 1024 * 1024,
            cors_origins: Vec::new(),
            trust_proxy: false,
            metrics_allow: middleware::metrics::loopback(),
            metrics_token: None,
            body_timeout: Some(std::time::Duration::from_secs(30)),
        }
    }
}

/// The whole application: routes, error handling, JSONP, CORS and logging, over one `Ctx`.
pub fn app(
    ctx: Ctx,
    settings: HttpSettings,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    // Without configured origins there is no cross-origin access, and no CORS middleware to
    // refuse same-origin requests that carry an Origin header.
    let cors = actix_web::middleware::Condition::new(
        !settings.cors_origins.is_empty(),
        middleware::cors::cors(&settings.cors_origins),
    );
    App::new()
        .app_data(web::Data::new(ctx))
        .app_data(web::Data::new(settings.clone()))
        .app_data(web::Data::new(routes::RouteTable::new()))
        .app_data(extract::path_config())
        .app_data(extract::query_config())
        .configure(routes::config)
        .default_service(web::to(handlers::fallback::no_route))
        .wrap(actix_web::middleware::from_fn(middleware::nul::refuse_nul))
        .wrap(actix_web::middleware::from_fn(
            middleware::token::expires_header,
        ))
        .wrap(actix_web::middleware::from_fn(
            middleware::panic::catch_panic,
        ))
        .wrap(cors)
        .wrap(actix_web::middleware::from_fn(
            middleware::cors::preflight_headers,
        ))
        .wrap(middleware::envelope::error_envelopes())
        .wrap(actix_web::middleware::from_fn(middleware::jsonp::jsonp))
        .wrap(actix_web::middleware::from_fn(middleware::metrics::record))
        .wrap(actix_web::middleware::from_fn(middleware::log::log_request))
}

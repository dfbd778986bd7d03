//! A local HTTP server on a free loopback port, for stand-ins of external services (Google).
//! Shared by the HTTP tests and the connector's tests in `crates/service/tests` (which
//! include this file with `#[path]`).

use std::net::TcpListener;

use actix_web::dev::ServerHandle;
use actix_web::{web, App, HttpServer};

/// Serves the routes `routes` adds, with one worker; answers the base URL (`http://…`) and
/// the handle that stops the server.
pub fn serve<F>(routes: F) -> (String, ServerHandle)
where
    F: Fn(&mut web::ServiceConfig) + Send + Clone + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = HttpServer::new(move || App::new().configure(routes.clone()))
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
    let handle = server.handle();
    actix_rt::spawn(server);
    (base, handle)
}

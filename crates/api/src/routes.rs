//! The route table: every path the server answers, in one place.

use actix_web::web;

use crate::handlers::{activities, auth, health, openapi};

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/healthz").route(web::get().to(health::healthz)))
        .service(web::resource("/readyz").route(web::get().to(health::readyz)))
        .service(
            web::scope("/v2")
                .service(web::resource("/openapi.json").route(web::get().to(openapi::openapi_json)))
                .service(web::resource("/login").route(web::post().to(auth::login::login)))
                .service(web::resource("/logout").route(web::post().to(auth::logout::logout)))
                .service(
                    web::resource("/activities")
                        .route(web::get().to(activities::list::list_activities)),
                ),
        );
}

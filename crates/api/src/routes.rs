//! The route table: every path the server answers, in one place.

use actix_web::web;

use actix_web::guard;

use crate::handlers::{activities, auth, canvass, fallback, health, openapi};

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
                )
                // `/v2/interactions` is shared with the interact.io interactions (DESIGN.md
                // table). Until their handlers exist (issue 6), their requests answer like an
                // unknown route: the `fallback::no_route` routes below are where they plug in.
                .service(
                    web::resource("/interactions")
                        .route(web::post().to(canvass::create::create_interaction))
                        .route(
                            web::get()
                                .guard(guard::fn_guard(canvass::dispatch::is_canvass_list))
                                .to(canvass::list::list_interactions),
                        )
                        .route(web::get().to(fallback::no_route))
                        .route(web::put().to(fallback::no_route)),
                )
                .service(
                    web::resource("/interactions/{id}")
                        .route(
                            web::get()
                                .guard(guard::fn_guard(canvass::dispatch::is_integer_id))
                                .to(fallback::no_route),
                        )
                        .route(web::post().to(fallback::no_route))
                        .route(web::get().to(canvass::get::get_interaction))
                        .route(web::patch().to(canvass::patch::patch_interaction))
                        .route(web::delete().to(canvass::delete::delete_interaction)),
                ),
        );
}

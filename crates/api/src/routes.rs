//! The route table: every path the server answers, in one place.

use actix_web::web;

use crate::handlers::{activities, auth, basic_infos, contacts, health, openapi, tags};

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
                .service(
                    web::resource("/contacts")
                        .route(web::put().to(contacts::create::create_contact))
                        .route(web::get().to(contacts::list::list_contacts))
                        .route(web::delete().to(contacts::delete_many::delete_contacts)),
                )
                .service(
                    web::resource("/contacts/{id}")
                        .route(web::get().to(contacts::get::get_contact))
                        .route(web::post().to(contacts::update::update_contact))
                        .route(web::delete().to(contacts::delete::delete_contact)),
                )
                .service(
                    web::resource("/contacts/{id}/contacts")
                        .route(web::get().to(contacts::related::related_contacts)),
                )
                .service(
                    web::resource("/contacts/{id}/profiles")
                        .route(web::get().to(contacts::profiles::contact_profiles)),
                )
                .service(
                    web::resource("/contacts/{id}/searchTerms")
                        .route(web::get().to(contacts::search_terms::contact_search_terms)),
                )
                .service(
                    web::resource("/contacts/{id}/tags")
                        .route(web::get().to(contacts::tags::contact_tags)),
                )
                .service(web::resource("/tags").route(web::get().to(tags::list::list_tags)))
                .service(
                    web::resource("/basicInfos")
                        .route(web::put().to(basic_infos::create::create_basic_info)),
                )
                .service(
                    web::resource("/basicInfos/{id}")
                        .route(web::post().to(basic_infos::update::update_basic_info)),
                ),
        );
}

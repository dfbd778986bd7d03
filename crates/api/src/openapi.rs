//! The OpenAPI 3 document, generated from the handlers' `#[utoipa::path]` annotations. Each
//! endpoint adds itself to `paths(...)`.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::handlers;

#[derive(OpenApi)]
#[openapi(
    info(title = "interact.io REST API V2", version = "2.0",
        description = "CRM and canvassing API: contacts, notes, tasks, deals, interactions, \
                       administration, sync and canvass interactions."),
    paths(
        handlers::health::healthz,
        handlers::health::readyz,
        handlers::auth::login::login,
        handlers::auth::logout::logout,
        handlers::activities::list::list_activities,
        handlers::contacts::create::create_contact,
        handlers::contacts::list::list_contacts,
        handlers::contacts::get::get_contact,
        handlers::contacts::update::update_contact,
        handlers::contacts::delete::delete_contact,
        handlers::contacts::delete_many::delete_contacts,
        handlers::contacts::related::related_contacts,
        handlers::contacts::profiles::contact_profiles,
        handlers::contacts::search_terms::contact_search_terms,
        handlers::contacts::tags::contact_tags,
        handlers::tags::list::list_tags,
        handlers::basic_infos::create::create_basic_info,
        handlers::basic_infos::update::update_basic_info,
    ),
    components(schemas(interact_domain::ErrorBody)),
    modifiers(&Security),
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "authToken",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("authToken"))),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

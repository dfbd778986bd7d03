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
        handlers::canvass::create::create_interaction,
        handlers::canvass::list::list_interactions,
        handlers::canvass::get::get_interaction,
        handlers::canvass::patch::patch_interaction,
        handlers::canvass::delete::delete_interaction,
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

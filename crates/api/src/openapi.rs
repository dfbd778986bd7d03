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
        handlers::metrics::metrics,
        handlers::auth::login::login,
        handlers::auth::logout::logout,
        handlers::activities::list::list_activities,
        handlers::users::create::create_user,
        handlers::users::list::list_users,
        handlers::users::get::get_user,
        handlers::users::update::update_user,
        handlers::users::delete::delete_user,
        handlers::users::delete_many::delete_users,
        handlers::users::assign_roles::assign_roles,
        handlers::users::assign_groups::assign_groups,
        handlers::companies::create::create_company,
        handlers::companies::list::list_companies,
        handlers::companies::get::get_company,
        handlers::companies::delete_many::delete_companies,
        handlers::companies::groups::company_groups,
        handlers::companies::custom_fields::company_custom_fields,
        handlers::groups::create::create_group,
        handlers::groups::get::get_group,
        handlers::groups::update::update_group,
        handlers::groups::delete::delete_group,
        handlers::groups::delete_many::delete_groups,
        handlers::custom_fields::create::create_custom_field,
        handlers::custom_fields::list::list_custom_fields,
        handlers::custom_fields::get::get_custom_field,
        handlers::custom_fields::update::update_custom_field,
        handlers::custom_fields::delete_many::delete_custom_fields,
        handlers::devices::register::register_device,
        handlers::devices::list::list_devices,
        handlers::devices::update::update_device,
        handlers::devices::delete::delete_device,
        handlers::trigger_devices::register::register_trigger_device,
        handlers::trigger_devices::list::list_trigger_devices,
        handlers::account::my_account::my_account,
        handlers::contacts::create::create_contact,
        handlers::contacts::list::list_contacts,
        handlers::contacts::get::get_contact,
        handlers::contacts::update::update_contact,
        handlers::contacts::delete::delete_contact,
        handlers::contacts::delete_many::delete_contacts,
        handlers::contacts::merge::merge_contacts,
        handlers::cleanup::get::cleanup,
        handlers::contacts::related::related_contacts,
        handlers::contacts::profiles::contact_profiles,
        handlers::contacts::search_terms::contact_search_terms,
        handlers::contacts::tags::contact_tags,
        handlers::tags::list::list_tags,
        handlers::basic_infos::create::create_basic_info,
        handlers::basic_infos::update::update_basic_info,
        handlers::notes::create::create_note,
        handlers::notes::list::list_notes,
        handlers::notes::of_contact::contact_notes,
        handlers::notes::update::update_note,
        handlers::notes::delete::delete_note,
        handlers::notes::delete_many::delete_notes,
        handlers::deals::create::create_deal,
        handlers::deals::list::list_deals,
        handlers::deals::of_contact::contact_deals,
        handlers::deals::get::get_deal,
        handlers::deals::update::update_deal,
        handlers::deals::delete::delete_deal,
        handlers::deals::delete_many::delete_deals,
        handlers::tasks::create::create_task,
        handlers::tasks::list::list_tasks,
        handlers::tasks::of_contact::contact_tasks,
        handlers::tasks::get::get_task,
        handlers::tasks::update::update_task,
        handlers::tasks::delete::delete_task,
        handlers::tasks::delete_many::delete_tasks,
        handlers::task_lists::create::create_task_list,
        handlers::task_lists::list::list_task_lists,
        handlers::task_lists::get::get_task_list,
        handlers::task_lists::update::update_task_list,
        handlers::task_lists::delete::delete_task_list,
        handlers::canvass::create::create_interaction,
        handlers::canvass::list::list_interactions,
        handlers::canvass::get::get_interaction,
        handlers::canvass::patch::patch_interaction,
        handlers::canvass::delete::delete_interaction,
        handlers::interactions::trigger::trigger_event,
        handlers::interactions::update::update_crm_interaction,
        handlers::interactions::contact::contact_interactions,
        handlers::sync::sync_offline,
        handlers::pictures::create::create_picture,
        handlers::pictures::get::get_picture,
        handlers::pictures::of_contact::contact_pictures,
        handlers::pictures::update::update_picture,
        handlers::pictures::delete::delete_picture,
        handlers::pictures::delete_many::delete_pictures,
        handlers::pictures::raw::picture_raw,
        handlers::import::run::import,
    ),
    components(schemas(
        interact_domain::ErrorBody,
        interact_domain::devices::TriggerTokenAnswer,
        interact_domain::ListPage<interact_domain::admin::CustomField>,
    )),
    modifiers(&Security, &Aliases),
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

/// Lists the misspelled paths the server serves as aliases (`routes::ALIASES`), each with
/// the operations of the path it stands for.
struct Aliases;

impl Modify for Aliases {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (alias, path) in crate::routes::ALIASES {
            if let Some(item) = openapi.paths.paths.get(*path).cloned() {
                openapi.paths.paths.insert((*alias).to_string(), item);
            }
        }
    }
}

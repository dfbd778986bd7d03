//! The route table: every path the server answers, in one place.

use actix_web::{guard, web};

use crate::extract::UploadBody;
use crate::handlers::pictures;
use crate::handlers::{
    account, activities, auth, basic_infos, canvass, cleanup, companies, contacts, custom_fields,
    deals, devices, groups, health, interactions, metrics, notes, openapi, socket, sync, tags,
    task_lists, tasks, trigger_devices, users,
};

/// Paths the document misspells in its examples, served as aliases of the right path
/// (DESIGN.md), as `(alias, path)` in OpenAPI form. The OpenAPI document lists them too.
pub const ALIASES: &[(&str, &str)] = &[
    ("/v2/admin/group/{id}", "/v2/admin/groups/{id}"),
    ("/v2/companies", "/v2/admin/companies"),
    ("/v2/customFields", "/v2/admin/customFields"),
    (
        "/v2/admin/company/{id}/customFields",
        "/v2/admin/companies/{id}/customFields",
    ),
    ("/v2/deal/{id}", "/v2/deals/{id}"),
    ("/v2/tasksLists/{id}", "/v2/taskLists/{id}"),
];

fn companies_root(path: &str) -> actix_web::Resource {
    web::resource(path)
        .route(web::put().to(companies::create::create_company))
        .route(web::get().to(companies::list::list_companies))
        .route(web::delete().to(companies::delete_many::delete_companies))
}

fn company_custom_fields(path: &str) -> actix_web::Resource {
    web::resource(path).route(web::get().to(companies::custom_fields::company_custom_fields))
}

fn custom_fields_root(path: &str) -> actix_web::Resource {
    web::resource(path)
        .route(web::put().to(custom_fields::create::create_custom_field))
        .route(web::get().to(custom_fields::list::list_custom_fields))
        .route(web::delete().to(custom_fields::delete_many::delete_custom_fields))
}

fn group_item(path: &str) -> actix_web::Resource {
    web::resource(path)
        .route(web::get().to(groups::get::get_group))
        .route(web::post().to(groups::update::update_group))
        .route(web::delete().to(groups::delete::delete_group))
}

fn deal_item(path: &str) -> actix_web::Resource {
    web::resource(path)
        .route(web::get().to(deals::get::get_deal))
        .route(web::post().to(deals::update::update_deal))
        .route(web::delete().to(deals::delete::delete_deal))
}

fn task_list_item(path: &str) -> actix_web::Resource {
    web::resource(path)
        .route(web::get().to(task_lists::get::get_task_list))
        .route(web::post().to(task_lists::update::update_task_list))
        .route(web::delete().to(task_lists::delete::delete_task_list))
}

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/healthz").route(web::get().to(health::healthz)))
        .service(web::resource("/readyz").route(web::get().to(health::readyz)))
        .service(web::resource("/metrics").route(web::get().to(metrics::metrics)))
        // The push websocket (2.4.1, 2.4.3): the document's path and one under /v2.
        .service(web::resource("/interact-server/socket").route(web::get().to(socket::open_socket)))
        .service(web::resource("/v2/socket").route(web::get().to(socket::open_socket)))
        .service(
            web::scope("/v2")
                .service(web::resource("/openapi.json").route(web::get().to(openapi::openapi_json)))
                .service(web::resource("/login").route(web::post().to(auth::login::login)))
                .service(web::resource("/logout").route(web::post().to(auth::logout::logout)))
                .service(
                    web::resource("/activities")
                        .route(web::get().to(activities::list::list_activities)),
                )
                // Administration (2.5.3.1.53–76, 2.5.3.2.2, 2.5.3.2.9–10).
                .service(
                    web::resource("/admin/users")
                        .route(web::put().to(users::create::create_user))
                        .route(web::get().to(users::list::list_users))
                        .route(web::delete().to(users::delete_many::delete_users)),
                )
                .service(
                    web::resource("/admin/users/{id}")
                        .route(web::get().to(users::get::get_user))
                        .route(web::post().to(users::update::update_user))
                        .route(web::delete().to(users::delete::delete_user)),
                )
                .service(
                    web::resource("/admin/users/{id}/roles")
                        .route(web::post().to(users::assign_roles::assign_roles)),
                )
                .service(
                    web::resource("/admin/users/{id}/groups")
                        .route(web::post().to(users::assign_groups::assign_groups)),
                )
                .service(companies_root("/admin/companies"))
                .service(companies_root("/companies"))
                .service(
                    web::resource("/admin/companies/{id}")
                        .route(web::get().to(companies::get::get_company)),
                )
                .service(
                    web::resource("/admin/companies/{id}/groups")
                        .route(web::get().to(companies::groups::company_groups)),
                )
                .service(company_custom_fields("/admin/companies/{id}/customFields"))
                .service(company_custom_fields("/admin/company/{id}/customFields"))
                .service(
                    web::resource("/admin/groups")
                        .route(web::put().to(groups::create::create_group))
                        .route(web::delete().to(groups::delete_many::delete_groups)),
                )
                .service(group_item("/admin/groups/{id}"))
                .service(group_item("/admin/group/{id}"))
                .service(custom_fields_root("/admin/customFields"))
                .service(custom_fields_root("/customFields"))
                .service(
                    web::resource("/admin/customFields/{id}")
                        .route(web::get().to(custom_fields::get::get_custom_field))
                        .route(web::post().to(custom_fields::update::update_custom_field)),
                )
                // Devices (2.5.3.1.68–71) and trigger devices (2.5.2.2–3).
                .service(
                    web::resource("/devices")
                        .route(web::put().to(devices::register::register_device))
                        .route(web::get().to(devices::list::list_devices)),
                )
                .service(
                    web::resource("/devices/{id}")
                        .route(web::post().to(devices::update::update_device))
                        .route(web::delete().to(devices::delete::delete_device)),
                )
                .service(
                    web::resource("/triggerDevices")
                        .route(web::put().to(trigger_devices::register::register_trigger_device))
                        .route(web::get().to(trigger_devices::list::list_trigger_devices)),
                )
                // The caller's account (2.5.3.2.11–12).
                .service(
                    web::resource("/myAccount")
                        .route(web::post().to(account::my_account::my_account)),
                )
                // Contacts (2.5.3.1.2–11, 24–27) and basicInfos (2.5.3.1.32–33).
                .service(
                    web::resource("/contacts")
                        .route(web::put().to(contacts::create::create_contact))
                        .route(web::get().to(contacts::list::list_contacts))
                        .route(web::delete().to(contacts::delete_many::delete_contacts))
                        // Merge (2.5.3.2.7): `?cmd=merge`.
                        .route(web::post().to(contacts::merge::merge_contacts)),
                )
                .service(
                    web::resource("/contacts/{id}")
                        .route(web::get().to(contacts::get::get_contact))
                        // Share (2.5.3.2.8): `?cmd=share&groups=…`; without `cmd`, the update.
                        .route(
                            web::post()
                                .guard(guard::fn_guard(contacts::share::has_cmd))
                                .to(contacts::share::share_contact),
                        )
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
                    web::resource("/contacts/{id}/interactions")
                        .route(web::get().to(interactions::contact::contact_interactions)),
                )
                .service(
                    web::resource("/contacts/{id}/tags")
                        .route(web::get().to(contacts::tags::contact_tags)),
                )
                .service(web::resource("/tags").route(web::get().to(tags::list::list_tags)))
                .service(web::resource("/sync").route(web::get().to(sync::sync_offline)))
                // Cleanup (2.5.3.2.5–6).
                .service(web::resource("/cleanup").route(web::get().to(cleanup::get::cleanup)))
                // Import from external systems (2.5.3.2.3–4).
                .service(
                    web::resource("/import")
                        .route(web::post().to(crate::handlers::import::run::import)),
                )
                .service(
                    web::resource("/basicInfos")
                        .route(web::put().to(basic_infos::create::create_basic_info)),
                )
                .service(
                    web::resource("/basicInfos/{id}")
                        .route(web::post().to(basic_infos::update::update_basic_info)),
                )
                // Notes (2.5.3.1.18–23) and deals (2.5.3.1.46–52).
                .service(
                    web::resource("/notes")
                        .route(web::put().to(notes::create::create_note))
                        .route(web::get().to(notes::list::list_notes))
                        .route(web::delete().to(notes::delete_many::delete_notes)),
                )
                .service(
                    web::resource("/notes/{id}")
                        .route(web::post().to(notes::update::update_note))
                        .route(web::delete().to(notes::delete::delete_note)),
                )
                .service(
                    web::resource("/contacts/{id}/notes")
                        .route(web::get().to(notes::of_contact::contact_notes)),
                )
                .service(
                    web::resource("/deals")
                        .route(web::put().to(deals::create::create_deal))
                        .route(web::get().to(deals::list::list_deals))
                        .route(web::delete().to(deals::delete_many::delete_deals)),
                )
                .service(deal_item("/deals/{id}"))
                .service(deal_item("/deal/{id}"))
                .service(
                    web::resource("/contacts/{id}/deals")
                        .route(web::get().to(deals::of_contact::contact_deals)),
                )
                // Pictures (2.5.3.1.12–17); upload bodies may be as large as a picture needs.
                .service(
                    web::resource("/pictures")
                        .app_data(UploadBody)
                        .route(web::put().to(pictures::create::create_picture))
                        .route(web::delete().to(pictures::delete_many::delete_pictures)),
                )
                .service(
                    web::resource("/pictures/{id}")
                        .app_data(UploadBody)
                        .route(web::get().to(pictures::get::get_picture))
                        .route(web::post().to(pictures::update::update_picture))
                        .route(web::delete().to(pictures::delete::delete_picture)),
                )
                .service(
                    web::resource("/pictures/{id}/raw")
                        .route(web::get().to(pictures::raw::picture_raw)),
                )
                .service(
                    web::resource("/contacts/{id}/pictures")
                        .route(web::get().to(pictures::of_contact::contact_pictures)),
                )
                // Tasks (2.5.3.1.34–40) and task lists (2.5.3.1.41–45).
                .service(
                    web::resource("/tasks")
                        .route(web::put().to(tasks::create::create_task))
                        .route(web::get().to(tasks::list::list_tasks))
                        .route(web::delete().to(tasks::delete_many::delete_tasks)),
                )
                .service(
                    web::resource("/tasks/{id}")
                        .route(web::get().to(tasks::get::get_task))
                        .route(web::post().to(tasks::update::update_task))
                        .route(web::delete().to(tasks::delete::delete_task)),
                )
                .service(
                    web::resource("/contacts/{id}/tasks")
                        .route(web::get().to(tasks::of_contact::contact_tasks)),
                )
                .service(
                    web::resource("/taskLists")
                        .route(web::put().to(task_lists::create::create_task_list))
                        .route(web::get().to(task_lists::list::list_task_lists)),
                )
                .service(task_list_item("/taskLists/{id}"))
                .service(task_list_item("/tasksLists/{id}"))
                // `/v2/interactions` is shared by the canvass and the interact.io
                // interactions (DESIGN.md table; `canvass::dispatch` tells them apart).
                .service(
                    web::resource("/interactions")
                        .route(web::post().to(canvass::create::create_interaction))
                        .route(
                            web::get()
                                .guard(guard::fn_guard(canvass::dispatch::is_canvass_list))
                                .to(canvass::list::list_interactions),
                        )
                        .route(web::get().to(interactions::list::list_crm_interactions))
                        .route(web::put().to(interactions::trigger::trigger_event)),
                )
                .service(
                    web::resource("/interactions/{id}")
                        .route(
                            web::get()
                                .guard(guard::fn_guard(canvass::dispatch::is_integer_id))
                                .to(interactions::get::get_crm_interaction),
                        )
                        .route(web::post().to(interactions::update::update_crm_interaction))
                        .route(web::get().to(canvass::get::get_interaction))
                        .route(web::patch().to(canvass::patch::patch_interaction))
                        .route(web::delete().to(canvass::delete::delete_interaction)),
                ),
        );
}

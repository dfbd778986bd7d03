//! Task lists (2.5.3.1.41–45); `/v2/tasksLists/:id` (the document's spelling) is an alias.

pub mod create;
pub mod delete;
pub mod get;
pub mod list;
pub mod update;

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use interact_errors::{Action, Realm};
    vec![
        crate::endpoint!(create::create_task_list, Action::Create, Realm::TaskLists),
        crate::endpoint!(list::list_task_lists, Action::View, Realm::TaskLists),
        crate::endpoint!(get::get_task_list, Action::View, Realm::TaskLists)
            .alias("/v2/tasksLists/{id}"),
        crate::endpoint!(update::update_task_list, Action::Edit, Realm::TaskLists)
            .alias("/v2/tasksLists/{id}"),
        crate::endpoint!(delete::delete_task_list, Action::Delete, Realm::TaskLists)
            .alias("/v2/tasksLists/{id}"),
    ]
}

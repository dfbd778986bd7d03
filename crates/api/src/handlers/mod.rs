//! One file per resource, `handlers/<resource>.rs`: its `endpoints()`, which declares its
//! handlers (with the action and realm of their early errors), and the handlers, each
//! documented by the `#[utoipa::path]` that names its method and path. The endpoints of the
//! usual kinds (create, list, read, update, delete, delete several, a contact's) are one entry
//! each in the resource's `crate::resource!` block, which writes both. `resources!` below
//! declares each resource module and registers its endpoints: a new resource is one file and
//! one name in that list. `routes.rs` builds the route table and the OpenAPI paths from them.

/// Declares the resource modules and `endpoints()`, all of theirs in the order listed.
macro_rules! resources {
    ($($resource:ident),* $(,)?) => {
        $(pub mod $resource;)*

        /// Every endpoint the server has, resource by resource.
        pub fn endpoints() -> Vec<crate::routes::Endpoint> {
            [$($resource::endpoints()),*].into_iter().flatten().collect()
        }
    };
}

resources!(
    health,
    metrics,
    socket,
    openapi,
    docs,
    auth,
    activities,
    users,
    companies,
    groups,
    custom_fields,
    devices,
    trigger_devices,
    account,
    contacts,
    tags,
    sync,
    cleanup,
    import,
    basic_infos,
    notes,
    deals,
    pictures,
    tasks,
    task_lists,
    canvass,
    interactions,
);

/// The answer to a path or method no endpoint serves.
pub mod fallback;

//! `resource!`: the endpoints of a resource that are of the usual kinds, each declared on one
//! line, and `endpoints()` listing them with the resource's other (hand-written) handlers.
//!
//! Most resources answer the same few kinds of request the same way: create from the body,
//! list, read, update or delete one by id, delete several by `?ids=`, list those of a contact.
//! What differs between resources is only the path, the types, the service function called
//! and what the errors say; this macro writes the handler and its `#[utoipa::path]` from
//! those. What every endpoint shares regardless of its kind (the token, the 401, the JSONP
//! `callback`, the default 400 and 404) is added to the OpenAPI document by `crate::openapi`.
//!
//! ```ignore
//! crate::resource! {
//!     tag "deals", one "deal", realm Realm::Deals;
//!     /// Read a deal (2.5.3.1.49).
//!     get get_deal("/v2/deals/{id}" => Deal, deals::get).alias("/v2/deal/{id}");
//!     /// A hand-written handler (with its own `#[utoipa::path]`) in the same list.
//!     custom picture_raw(Action::View);
//! }
//! ```
//!
//! The kinds, what they take and what they answer:
//! - `create name(PATH, Request => Record, service::create, STATUS "why", …)`: `PUT`, the body
//!   parsed as `Request`, 201 with `Created<Record>`; the errors listed.
//! - `update name(PATH, Request => Record, service::update, STATUS "why", …)`: `POST` with an
//!   `{id}`, 200 with `Updated<Record>`; `Request as Documented` documents another type for
//!   the body than the one it is parsed as (the update types that mark every field optional).
//! - `list name(PATH => Record, service::list)`: `GET`, 200 with the records.
//! - `get name(PATH => Record, service::get)`: `GET` with an `{id}`, 200 with the record.
//! - `delete name(PATH, service::delete)`: `DELETE` with an `{id}`.
//! - `delete_many name(PATH, service::delete_many)`: `DELETE` with `?ids=`, all or none.
//! - `of_contact name(PATH => Record, service::of_contact, REALM)`: `GET` of the records of
//!   the contact `{id}`, its errors in `REALM`.
//! - `get`, `delete` and `delete_many` answer by default 400 for an id that is not an integer
//!   and 404 naming the resource (`one`) for one that is not the caller's; errors listed after
//!   the service (`STATUS "why"`, the why a literal or an expression in parentheses) replace
//!   those.
//! - `custom name(ACTION)` or `custom name(ACTION, REALM)`: a handler written out in the
//!   module, listed in `endpoints()` in its place.
//!
//! `also [STATUS "why", …]` after the realm adds errors that every endpoint of the resource
//! written here answers (the 403 of the administration resources).
//!
//! Each may be followed by the [`Endpoint`](crate::routes::Endpoint) builders (`.alias(…)`,
//! `.upload()`, `.public()`).

#[macro_export]
macro_rules! resource {
    // Without `also`: no error every endpoint of the resource shares.
    (
        tag $tag:tt, one $one:tt, realm $realm:expr;
        $($rest:tt)*
    ) => {
        $crate::resource!(tag $tag, one $one, realm $realm, also []; $($rest)*);
    };
    (
        tag $tag:tt, one $one:tt, realm $realm:expr, also $also:tt;
        $(
            $(#[doc = $doc:tt])*
            $kind:ident $name:ident ( $($arg:tt)* ) $(.$builder:ident ( $($barg:tt)* ))* ;
        )*
    ) => {
        /// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
        /// paths from them).
        pub fn endpoints() -> Vec<$crate::routes::Endpoint> {
            vec![$(
                $crate::resource!(@endpoint $kind $name ($realm) $($arg)*)
                    $(.$builder($($barg)*))*
            ),*]
        }

        /// The handlers of the usual kinds (in a module of their own for the names their
        /// `#[utoipa::path]` uses unqualified).
        mod usual {
            #[allow(unused_imports)]
            use super::*;
            #[allow(unused_imports)]
            use interact_domain::{Created, Deleted, ErrorBody, Updated};

            $(
                $crate::resource!(@handler $kind $name $tag $one $also [$($doc)*] $($arg)*);
            )*
        }
        #[allow(unused_imports)]
        pub use usual::*;
    };

    // What `endpoints()` lists for each kind: the action (and realm) of its early errors.
    (@endpoint create $name:ident ($realm:expr) $($arg:tt)*) => {
        $crate::endpoint!($name, interact_errors::Action::Create, $realm)
    };
    (@endpoint update $name:ident ($realm:expr) $($arg:tt)*) => {
        $crate::endpoint!($name, interact_errors::Action::Edit, $realm)
    };
    (@endpoint list $name:ident ($realm:expr) $($arg:tt)*) => {
        $crate::endpoint!($name, interact_errors::Action::View, $realm)
    };
    (@endpoint get $name:ident ($realm:expr) $($arg:tt)*) => {
        $crate::endpoint!($name, interact_errors::Action::View, $realm)
    };
    (@endpoint delete $name:ident ($realm:expr) $($arg:tt)*) => {
        $crate::endpoint!($name, interact_errors::Action::Delete, $realm)
    };
    (@endpoint delete_many $name:ident ($realm:expr) $($arg:tt)*) => {
        $crate::endpoint!($name, interact_errors::Action::Delete, $realm)
    };
    (@endpoint of_contact $name:ident ($realm:expr)
        $path:tt => $record:ty, $service:path, $own:expr) => {
        $crate::endpoint!($name, interact_errors::Action::View, $own)
    };
    (@endpoint custom $name:ident ($realm:expr) $action:expr) => {
        $crate::endpoint!($name, $action, $realm)
    };
    (@endpoint custom $name:ident ($realm:expr) $action:expr, $own:expr) => {
        $crate::endpoint!($name, $action, $own)
    };

    // The handlers. The errors an endpoint lists come first, then those of the resource.
    (@handler create $name:ident $tag:tt $one:tt [$($also:tt $also_why:tt),*] [$($doc:tt)*]
        $path:tt, $request:ty => $record:ty, $service:path $(, $status:tt $why:tt)*) => {
        $(#[doc = $doc])*
        #[utoipa::path(put, path = $path, tag = $tag,
            request_body = $request,
            responses(
                (status = 201, body = Created<$record>),
                $((status = $status, description = $why, body = ErrorBody),)*
                $((status = $also, description = $also_why, body = ErrorBody),)*
            ))]
        pub async fn $name(
            ctx: $crate::extract::App,
            auth: $crate::extract::Auth,
            body: $crate::extract::Json<$request>,
        ) -> $crate::respond::Reply {
            Ok($crate::respond::created($service(&ctx, &auth, body.0).await?))
        }
    };
    (@handler update $name:ident $tag:tt $one:tt [$($also:tt $also_why:tt),*] [$($doc:tt)*]
        $path:tt, $request:ty as $documented:ty => $record:ty, $service:path
        $(, $status:tt $why:tt)*) => {
        $(#[doc = $doc])*
        #[utoipa::path(post, path = $path, tag = $tag,
            params(("id" = i64, Path, description = concat!($one, " id"))),
            request_body = $documented,
            responses(
                (status = 200, body = Updated<$record>),
                $((status = $status, description = $why, body = ErrorBody),)*
                $((status = $also, description = $also_why, body = ErrorBody),)*
            ))]
        pub async fn $name(
            ctx: $crate::extract::App,
            auth: $crate::extract::Auth,
            id: $crate::extract::Id,
            body: $crate::extract::Json<$request>,
        ) -> $crate::respond::Reply {
            Ok($crate::respond::updated($service(&ctx, &auth, *id, body.0).await?))
        }
    };
    (@handler update $name:ident $tag:tt $one:tt $also:tt [$($doc:tt)*]
        $path:tt, $request:ty => $record:ty, $service:path $(, $status:tt $why:tt)*) => {
        $crate::resource!(@handler update $name $tag $one $also [$($doc)*]
            $path, $request as $request => $record, $service $(, $status $why)*);
    };
    (@handler list $name:ident $tag:tt $one:tt [$($also:tt $also_why:tt),*] [$($doc:tt)*]
        $path:tt => $record:ty, $service:path) => {
        $(#[doc = $doc])*
        #[utoipa::path(get, path = $path, tag = $tag,
            responses(
                (status = 200, body = Vec<$record>),
                $((status = $also, description = $also_why, body = ErrorBody),)*
            ))]
        pub async fn $name(
            ctx: $crate::extract::App,
            auth: $crate::extract::Auth,
        ) -> $crate::respond::Reply {
            Ok($crate::respond::ok($service(&ctx, &auth).await?))
        }
    };
    (@handler get $name:ident $tag:tt $one:tt [$($also:tt $also_why:tt),*] [$($doc:tt)*]
        $path:tt => $record:ty, $service:path $(, $status:tt $why:tt)+) => {
        $(#[doc = $doc])*
        #[utoipa::path(get, path = $path, tag = $tag,
            params(("id" = i64, Path, description = concat!($one, " id"))),
            responses(
                (status = 200, body = $record),
                $((status = $status, description = $why, body = ErrorBody),)*
                $((status = $also, description = $also_why, body = ErrorBody),)*
            ))]
        pub async fn $name(
            ctx: $crate::extract::App,
            auth: $crate::extract::Auth,
            id: $crate::extract::Id,
        ) -> $crate::respond::Reply {
            Ok($crate::respond::ok($service(&ctx, &auth, *id).await?))
        }
    };
    (@handler delete $name:ident $tag:tt $one:tt [$($also:tt $also_why:tt),*] [$($doc:tt)*]
        $path:tt, $service:path $(, $status:tt $why:tt)+) => {
        $(#[doc = $doc])*
        #[utoipa::path(delete, path = $path, tag = $tag,
            params(("id" = i64, Path, description = concat!($one, " id"))),
            responses(
                (status = 200, body = Deleted),
                $((status = $status, description = $why, body = ErrorBody),)*
                $((status = $also, description = $also_why, body = ErrorBody),)*
            ))]
        pub async fn $name(
            ctx: $crate::extract::App,
            auth: $crate::extract::Auth,
            id: $crate::extract::Id,
        ) -> $crate::respond::Reply {
            $service(&ctx, &auth, *id).await?;
            Ok($crate::respond::deleted())
        }
    };
    (@handler delete_many $name:ident $tag:tt $one:tt [$($also:tt $also_why:tt),*]
        [$($doc:tt)*] $path:tt, $service:path $(, $status:tt $why:tt)+) => {
        $(#[doc = $doc])*
        #[utoipa::path(delete, path = $path, tag = $tag,
            params($crate::extract::Ids),
            responses(
                (status = 200, body = Deleted),
                $((status = $status, description = $why, body = ErrorBody),)*
                $((status = $also, description = $also_why, body = ErrorBody),)*
            ))]
        pub async fn $name(
            ctx: $crate::extract::App,
            auth: $crate::extract::Auth,
            ids: $crate::extract::Ids,
        ) -> $crate::respond::Reply {
            $service(&ctx, &auth, ids.0).await?;
            Ok($crate::respond::deleted())
        }
    };
    // Reading or deleting by id, when the endpoint lists no errors of its own: the id that is
    // not an integer, and the one that is not the caller's.
    (@handler get $name:ident $tag:tt $one:tt $also:tt [$($doc:tt)*]
        $path:tt => $record:ty, $service:path) => {
        $crate::resource!(@handler get $name $tag $one $also [$($doc)*] $path => $record, $service,
            400 "id not an integer", 404 (concat!("no such ", $one, " of the caller")));
    };
    (@handler delete $name:ident $tag:tt $one:tt $also:tt [$($doc:tt)*]
        $path:tt, $service:path) => {
        $crate::resource!(@handler delete $name $tag $one $also [$($doc)*] $path, $service,
            400 "id not an integer", 404 (concat!("no such ", $one, " of the caller")));
    };
    (@handler delete_many $name:ident $tag:tt $one:tt $also:tt [$($doc:tt)*]
        $path:tt, $service:path) => {
        $crate::resource!(@handler delete_many $name $tag $one $also [$($doc)*] $path, $service,
            400 "ids missing or not integers",
            404 (concat!("an id is not a ", $one, " of the caller; nothing was deleted")));
    };
    (@handler of_contact $name:ident $tag:tt $one:tt [$($also:tt $also_why:tt),*] [$($doc:tt)*]
        $path:tt => $record:ty, $service:path, $own:expr) => {
        $(#[doc = $doc])*
        #[utoipa::path(get, path = $path, tag = $tag,
            params(("id" = i64, Path, description = "contact id")),
            responses(
                (status = 200, body = Vec<$record>),
                (status = 404, description = "no such contact of the caller", body = ErrorBody),
                $((status = $also, description = $also_why, body = ErrorBody),)*
            ))]
        pub async fn $name(
            ctx: $crate::extract::App,
            auth: $crate::extract::Auth,
            id: $crate::extract::Id,
        ) -> $crate::respond::Reply {
            Ok($crate::respond::ok($service(&ctx, &auth, *id).await?))
        }
    };
    (@handler custom $($rest:tt)*) => {};
}

//! `GET /v2/pictures/:id`: one picture.

use interact_domain::pictures::Picture;
use interact_domain::ErrorBody;
use interact_service::pictures;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Read a picture (2.5.3.1.13): `id`, `isDefault`, `type`, `url`.
#[utoipa::path(get, path = "/v2/pictures/{id}", tag = "pictures",
    params(
        ("id" = i64, Path, description = "picture id"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = Picture),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such picture of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn get_picture(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(pictures::get(&ctx, &auth, *id).await?))
}

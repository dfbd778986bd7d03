use actix_web::{web, HttpResponse};
use interact_domain::{Deleted, ErrorBody};
use interact_errors::{Error, Realm};
use interact_service::{groups, ids, Ctx};

use crate::extract::Auth;
use crate::handlers::users::IdsQuery;
use crate::respond;

/// Delete groups with the given ids (2.5.3.1.66): all or none.
#[utoipa::path(delete, path = "/v2/admin/groups", tag = "administration",
    params(("ids" = String, Query, description = "comma-separated ids", pattern = "^\\s*[1-9][0-9]{0,17}\\s*(,\\s*[1-9][0-9]{0,17}\\s*){0,999}$")),
    responses(
        (status = 200, body = Deleted),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "the group still has canvass interactions", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_groups(
    ctx: web::Data<Ctx>,
    auth: Auth,
    query: web::Query<IdsQuery>,
) -> Result<HttpResponse, Error> {
    let ids = ids::parse(query.ids.as_deref(), Realm::GroupAdministration)?;
    groups::delete(&ctx, &auth, ids).await?;
    Ok(respond::deleted())
}

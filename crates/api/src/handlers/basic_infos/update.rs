//! `POST /v2/basicInfos/:id`: change a basicInfo.

use interact_domain::contacts::{BasicInfo, BasicInfoRequest};
use interact_domain::{ErrorBody, Updated};
use interact_service::basic_infos;

use crate::extract::{App, Auth, Id, Json};
use crate::respond::{self, Reply};

/// Update a basicInfo (2.5.3.1.33), typically to exclude a known number; a basicInfo of a
/// contact changes that contact too.
#[utoipa::path(post, path = "/v2/basicInfos/{id}", tag = "basicInfos",
    params(("id" = i64, Path, description = "basicInfo id")),
    request_body = BasicInfoRequest,
    responses(
        (status = 200, body = Updated<BasicInfo>),
        (status = 400, description = "invalid attribute", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such basicInfo of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn update_basic_info(
    ctx: App,
    auth: Auth,
    id: Id,
    body: Json<BasicInfoRequest>,
) -> Reply {
    Ok(respond::updated(
        basic_infos::update(&ctx, &auth, *id, body.0).await?,
    ))
}

//! `POST /v2/basicInfos/:id`: change a basicInfo.

use actix_web::{web, HttpResponse};
use interact_domain::contacts::{BasicInfo, BasicInfoRequest};
use interact_domain::{ErrorBody, Updated};
use interact_errors::Error;
use interact_service::{basic_infos, Ctx};

use crate::extract::{Auth, Id, Json};
use crate::respond;

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
    ctx: web::Data<Ctx>,
    auth: Auth,
    id: Id,
    body: Json<BasicInfoRequest>,
) -> Result<HttpResponse, Error> {
    Ok(respond::updated(
        basic_infos::update(&ctx, &auth, id.into_inner(), body.into_inner()).await?,
    ))
}

//! `PUT /v2/basicInfos`: a basicInfo without a contact.

use actix_web::{web, HttpResponse};
use interact_domain::contacts::{BasicInfo, BasicInfoRequest};
use interact_domain::{Created, ErrorBody};
use interact_errors::Error;
use interact_service::{basic_infos, Ctx};

use crate::extract::{Auth, Json};
use crate::respond;

/// Create a basicInfo without a contact (2.5.3.1.32), typically to exclude an unknown number.
#[utoipa::path(put, path = "/v2/basicInfos", tag = "basicInfos",
    request_body = interact_domain::contacts::BasicInfoCreateRequest,
    responses(
        (status = 201, body = Created<BasicInfo>),
        (status = 400, description = "type or value missing or invalid", body = ErrorBody),
        (status = 401, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn create_basic_info(
    ctx: web::Data<Ctx>,
    auth: Auth,
    body: Json<BasicInfoRequest>,
) -> Result<HttpResponse, Error> {
    Ok(respond::created(
        basic_infos::create(&ctx, &auth, body.into_inner()).await?,
    ))
}

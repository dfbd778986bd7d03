//! `PUT /v2/basicInfos`: a basicInfo without a contact.

use interact_domain::contacts::{BasicInfo, BasicInfoRequest};
use interact_domain::{Created, ErrorBody};
use interact_service::basic_infos;

use crate::extract::{App, Auth, Json};
use crate::respond::{self, Reply};

/// Create a basicInfo without a contact (2.5.3.1.32), typically to exclude an unknown number.
#[utoipa::path(put, path = "/v2/basicInfos", tag = "basicInfos",
    request_body = interact_domain::contacts::BasicInfoCreateRequest,
    responses(
        (status = 201, body = Created<BasicInfo>),
        (status = 400, description = "type or value missing or invalid", body = ErrorBody),
        (status = 401, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn create_basic_info(ctx: App, auth: Auth, body: Json<BasicInfoRequest>) -> Reply {
    Ok(respond::created(
        basic_infos::create(&ctx, &auth, body.0).await?,
    ))
}

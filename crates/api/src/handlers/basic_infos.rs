//! BasicInfos on their own (2.5.3.1.32, 2.5.3.1.33).

use interact_domain::contacts::{BasicInfo, BasicInfoRequest};
use interact_domain::{Created, ErrorBody, Updated};
use interact_errors::{Action, Realm};
use interact_service::basic_infos;

use crate::extract::{App, Auth, Id, Json};
use crate::respond::{self, Reply};

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![
        crate::endpoint!(create_basic_info, Action::Create, Realm::BasicInfos),
        crate::endpoint!(update_basic_info, Action::Edit, Realm::BasicInfos),
    ]
}

// `PUT /v2/basicInfos`: a basicInfo without a contact.
/// Create a basicInfo without a contact (2.5.3.1.32), typically to exclude an unknown number.
#[utoipa::path(put, path = "/v2/basicInfos", tag = "basicInfos",
    request_body = interact_domain::contacts::BasicInfoCreateRequest,
    responses(
        (status = 201, body = Created<BasicInfo>),
        (status = 400, description = "type or value missing or invalid", body = ErrorBody),
    ))]
pub async fn create_basic_info(ctx: App, auth: Auth, body: Json<BasicInfoRequest>) -> Reply {
    Ok(respond::created(
        basic_infos::create(&ctx, &auth, body.0).await?,
    ))
}

// `POST /v2/basicInfos/:id`: change a basicInfo.
/// Update a basicInfo (2.5.3.1.33), typically to exclude a known number; a basicInfo of a
/// contact changes that contact too.
#[utoipa::path(post, path = "/v2/basicInfos/{id}", tag = "basicInfos",
    params(("id" = i64, Path, description = "basicInfo id")),
    request_body = BasicInfoRequest,
    responses(
        (status = 200, body = Updated<BasicInfo>),
        (status = 400, description = "invalid attribute", body = ErrorBody),
        (status = 404, description = "no such basicInfo of the caller", body = ErrorBody),
    ))]
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

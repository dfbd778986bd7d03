use actix_web::{web, HttpResponse};
use interact_domain::devices::Device;
use interact_domain::ErrorBody;
use interact_errors::Error;
use interact_service::{devices, Ctx};

use crate::extract::Auth;
use crate::respond;

/// Read the caller's devices (2.5.3.1.69).
#[utoipa::path(get, path = "/v2/devices", tag = "devices",
    params(("callback" = Option<String>, Query, description = "JSONP callback")),
    responses((status = 200, body = Vec<Device>), (status = 401, body = ErrorBody)),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn list_devices(ctx: web::Data<Ctx>, auth: Auth) -> Result<HttpResponse, Error> {
    Ok(respond::ok(devices::list(&ctx, &auth).await?))
}

use interact_domain::devices::Device;
use interact_domain::ErrorBody;
use interact_service::devices;

use crate::extract::{App, Auth};
use crate::respond::{self, Reply};

/// Read the caller's devices (2.5.3.1.69).
#[utoipa::path(get, path = "/v2/devices", tag = "devices",
    params(("callback" = Option<String>, Query, description = "JSONP callback")),
    responses((status = 200, body = Vec<Device>), (status = 401, body = ErrorBody)),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn list_devices(ctx: App, auth: Auth) -> Reply {
    Ok(respond::ok(devices::list(&ctx, &auth).await?))
}

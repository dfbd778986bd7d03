use interact_domain::{Deleted, ErrorBody};
use interact_service::devices;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Delete a device (2.5.3.1.71).
#[utoipa::path(delete, path = "/v2/devices/{id}", tag = "devices",
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = Deleted),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_device(ctx: App, auth: Auth, id: Id) -> Reply {
    devices::delete(&ctx, &auth, *id).await?;
    Ok(respond::deleted())
}

//! The caller's own account (2.5.3.2.11–12): reset and change the password.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /v2/myAccount?cmd=…`: `resetPwd` reads `email`; `confirmResetPwd` reads `token` and
/// `newPassword`; `changePwd` reads `oldPassword` and `newPassword`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccountRequest {
    #[schema(example = "test@interact.io")]
    pub email: Option<String>,
    /// The token of the reset mail.
    pub token: Option<String>,
    pub old_password: Option<String>,
    pub new_password: Option<String>,
}

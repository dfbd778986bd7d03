//! Login and logout (2.5.1.1, 2.5.1.2).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The clients that may log in (DESIGN.md: others are a 400).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum Scope {
    #[serde(rename = "csr")]
    Csr,
    #[serde(rename = "device app")]
    DeviceApp,
    #[serde(rename = "trigger")]
    Trigger,
    #[serde(rename = "web portal")]
    WebPortal,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Csr => "csr",
            Scope::DeviceApp => "device app",
            Scope::Trigger => "trigger",
            Scope::WebPortal => "web portal",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        match s {
            "csr" => Some(Scope::Csr),
            "device app" => Some(Scope::DeviceApp),
            "trigger" => Some(Scope::Trigger),
            "web portal" => Some(Scope::WebPortal),
            _ => None,
        }
    }
}

/// `POST /v2/login` body: all three required (not empty). The fields are optional in Rust so
/// that a missing one is answered with a 9202 naming it rather than a parse error.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct LoginRequest {
    #[schema(value_type = String, required = true, min_length = 1, example = "test@interact.io")]
    pub username: Option<String>,
    #[schema(value_type = String, required = true, min_length = 1, example = "iwonttellyou")]
    pub password: Option<String>,
    #[schema(value_type = Scope, required = true, example = "device app")]
    pub scope: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, ToSchema)]
pub struct GroupRef {
    pub id: i64,
    pub name: String,
}

/// The user as the login answer shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoginUser {
    pub id: i64,
    pub active: bool,
    pub email: String,
    pub company_id: Option<i64>,
    pub groups: Vec<GroupRef>,
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TokenInfo {
    pub auth_token: String,
    /// Milliseconds since the epoch when the token expires unless used before.
    pub expires: i64,
}

/// `POST /v2/login` answer (200).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LoginResponse {
    pub user: LoginUser,
    pub token: TokenInfo,
}

/// `POST /v2/logout` body.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LogoutRequest {
    pub auth_token: Option<String>,
}

//! The error as an HTTP answer: `{"code":<status>,"error":<14 digits>,"devmsg":"…"}`.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};

use crate::Error;

/// Marks a response whose body already is the documented error envelope, so that the
/// catch-all error middleware leaves it alone.
#[derive(Clone, Copy, Debug)]
pub struct Enveloped;

impl ResponseError for Error {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        if self.is_client_error() {
            log::debug!("answering {}: {}", self.status(), self);
        } else {
            log::error!("answering {}: {}", self.status(), self);
        }
        self.envelope()
    }
}

impl Error {
    /// The answer, without logging (`error_response` logs, then answers this).
    pub fn envelope(&self) -> HttpResponse {
        let body = serde_json::json!({
            "code": self.status(),
            "error": self.code(),
            "devmsg": self.devmsg,
        });
        let mut res = HttpResponse::build(self.status_code());
        if let Some(secs) = self.retry_after() {
            res.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        let mut res = res.json(body);
        res.extensions_mut().insert(Enveloped);
        res
    }
}

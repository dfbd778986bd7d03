//! The documented success answers: 201 `{"code":201,"entity":…}`, 200 `{"code":200,"entity":…}`,
//! delete 200 `{"code":204,"devmsg":"success"}`, and bare objects for reads.

use actix_web::HttpResponse;
use interact_domain::{Created, Deleted, Success, Updated};
use serde::Serialize;

/// What a handler answers: a response, or an error the envelope middleware renders.
pub type Reply = Result<HttpResponse, interact_errors::Error>;

pub fn created<T: Serialize>(entity: T) -> HttpResponse {
    HttpResponse::Created().json(Created::new(entity))
}

pub fn updated<T: Serialize>(entity: T) -> HttpResponse {
    HttpResponse::Ok().json(Updated::new(entity))
}

pub fn deleted() -> HttpResponse {
    HttpResponse::Ok().json(Deleted::default())
}

pub fn success() -> HttpResponse {
    HttpResponse::Ok().json(Success::default())
}

pub fn ok<T: Serialize>(body: T) -> HttpResponse {
    HttpResponse::Ok().json(body)
}

//! A panic inside a handler answers 500 in the envelope, and the worker keeps serving.

use std::panic::AssertUnwindSafe;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;
use futures_util::FutureExt;
use interact_errors::{Action, Error, Realm};

use crate::routes::RouteTable;

pub async fn catch_panic(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // The request itself cannot be kept across the call (routing needs it unshared), so the
    // panic is answered as an error, which actix turns into its `error_response`.
    // The route table is read only when a panic needs the action and realm.
    let (table, method, path) = (
        req.app_data::<web::Data<RouteTable>>().cloned(),
        req.method().clone(),
        req.path().to_owned(),
    );
    match AssertUnwindSafe(next.call(req)).catch_unwind().await {
        Ok(res) => res.map(|r| r.map_into_boxed_body()),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            let (action, realm) = match table {
                Some(t) => t.context_of(&method, &path),
                None => (Action::View, Realm::General),
            };
            Err(Error::internal(anyhow::anyhow!("handler panicked: {what}"))
                .in_context(action, realm)
                .into())
        }
    }
}

#[cfg(test)]
mod tests {
    use actix_web::body::to_bytes;
    use actix_web::middleware::from_fn;
    use actix_web::{test, web, App, HttpResponse};

    async fn boom() -> HttpResponse {
        panic!("boom")
    }

    #[actix_web::test]
    async fn a_panic_answers_500_in_the_envelope_and_the_app_keeps_serving() {
        let app = test::init_service(
            App::new()
                .app_data(web::Data::new(crate::routes::RouteTable::new()))
                .wrap(from_fn(super::catch_panic))
                .route("/v2/contacts/1", web::get().to(boom))
                .route(
                    "/ok",
                    web::get().to(|| async { HttpResponse::Ok().body("fine") }),
                ),
        )
        .await;
        let err = test::try_call_service(
            &app,
            test::TestRequest::get().uri("/v2/contacts/1").to_request(),
        )
        .await
        .expect_err("the panic becomes an error");
        // What the HTTP dispatcher sends for it:
        let res = err.error_response();
        assert_eq!(res.status().as_u16(), 500);
        let body = to_bytes(res.into_body()).await.unwrap();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["code"], 500);
        assert_eq!(json["error"], 90010101005002_u64);
        assert_eq!(json["devmsg"], "internal server error");

        let res = test::call_service(&app, test::TestRequest::get().uri("/ok").to_request()).await;
        assert_eq!(res.status().as_u16(), 200);
    }
}

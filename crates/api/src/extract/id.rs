//! The integer id in a path (`/v2/contacts/{id}`), parsed strictly
//! (`interact_domain::numbers::decimal`): decimal digits without sign or leading zero (`0`
//! itself is an id that names nothing, a 404). `+1`, `01`, `-1`, `1e3`, `1.0` and ` 1` are
//! 400s rather than other spellings of an id.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::{ready, Ready};
use interact_errors::{Detail, Error, Exception};

/// The route's `{id}` segment as an integer id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Id(pub i64);

impl Id {
    pub fn into_inner(self) -> i64 {
        self.0
    }
}

impl std::ops::Deref for Id {
    type Target = i64;
    fn deref(&self) -> &i64 {
        &self.0
    }
}

/// Parses an id: `0`, or a non-zero digit followed by digits, within `i64`.
pub fn parse_id(raw: &str) -> Result<i64, String> {
    interact_domain::numbers::decimal(raw).ok_or_else(|| {
        format!(
            "invalid path parameter: id {raw:?} is not an integer id \
                 (decimal digits without sign or leading zero)"
        )
    })
}

impl FromRequest for Id {
    type Error = Error;
    type Future = Ready<Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let raw = req.match_info().get("id").unwrap_or("");
        ready(parse_id(raw).map(Id).map_err(|msg| {
            let (action, realm) = crate::routes::context(req);
            Error::new(
                Exception::InvalidData,
                action,
                realm,
                Detail::InvalidParameter,
                msg,
            )
        }))
    }
}

/// The `{id}` of `/v2/interactions/{id}`, a path interact.io interactions (integer ids) share
/// with canvass interactions (UUIDs). A UUID names no interact.io interaction, so it answers
/// like any id that names nothing (404), not as a malformed id; anything else is read as
/// [`Id`]. (The canvass side answers an integer id the same way, `service::canvass::parse_id`.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InteractionId(pub i64);

impl FromRequest for InteractionId {
    type Error = Error;
    type Future = Ready<Result<Self, Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let raw = req.match_info().get("id").unwrap_or("");
        if interact_domain::canvass::parse_uuid(raw).is_some() {
            let (action, realm) = crate::routes::context(req);
            return ready(Err(Error::new(
                Exception::InteractionNotFound,
                action,
                realm,
                Detail::NotFound,
                format!("interaction {raw} not found: a UUID names a canvass interaction, which is changed with PATCH"),
            )));
        }
        let id = Id::from_request(req, payload).into_inner();
        ready(id.map(|Id(id)| InteractionId(id)))
    }
}

#[cfg(test)]
mod tests {
    use super::parse_id;

    #[test]
    fn strict() {
        assert_eq!(parse_id("1"), Ok(1));
        assert_eq!(parse_id("0"), Ok(0));
        assert_eq!(parse_id("9223372036854775807"), Ok(i64::MAX));
        for bad in [
            "",
            "+1",
            "-1",
            "01",
            "00",
            "1e3",
            " 1",
            "1 ",
            "1.0",
            "0x1",
            "١",
            "9223372036854775808",
        ] {
            assert!(parse_id(bad).is_err(), "{bad:?}");
        }
    }
}

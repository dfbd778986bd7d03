//! The 14-digit error-code taxonomy of the interact.io API (section 2.6) and the error type
//! every layer of the server returns.
//!
//! A code is `exception(4) · action(3) · realm(3) · detail(4)`, e.g. a missing contact while
//! viewing contacts is `9104 010 100 1001` → `91040101001001`. The meaning of each detail quad
//! is documented in `docs/errors.md`.

use std::fmt;

mod taxonomy;
pub use taxonomy::{Action, Detail, Exception, Realm};

#[cfg(feature = "actix-web")]
mod http;
#[cfg(feature = "actix-web")]
pub use http::Enveloped;

/// The error every layer returns: a code in the documented taxonomy, a human readable message
/// for developers (`devmsg`), an optional HTTP status that overrides the one the exception
/// implies, and, for failures of our own, the underlying cause (logged, never sent).
#[derive(Debug)]
pub struct Error {
    pub exception: Exception,
    pub action: Action,
    pub realm: Realm,
    pub detail: Detail,
    pub devmsg: String,
    status: Option<u16>,
    retry_after: Option<u64>,
    cause: Option<anyhow::Error>,
    /// Whether whoever raised it set action and realm (`new`, `in_context`, `Tag::tag`); the
    /// helper constructors leave them at their defaults and this `false`, and such an error
    /// takes the action and realm of the endpoint that answers it (`is_tagged`).
    tagged: bool,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(
        exception: Exception,
        action: Action,
        realm: Realm,
        detail: Detail,
        devmsg: impl Into<String>,
    ) -> Self {
        Error {
            exception,
            action,
            realm,
            detail,
            devmsg: devmsg.into(),
            status: None,
            retry_after: None,
            cause: None,
            tagged: true,
        }
    }

    /// Marks an error of a helper constructor: its action and realm are placeholders until
    /// someone who knows the call sets them.
    fn untagged(mut self) -> Self {
        self.tagged = false;
        self
    }

    /// Whether action and realm were set by whoever raised or passed on the error. The
    /// envelope middleware gives an untagged error the action and realm of the endpoint it
    /// answers for (`docs/errors.md`, "Where action and realm come from"), so a forgotten tag
    /// never answers the helper's placeholder.
    pub fn is_tagged(&self) -> bool {
        self.tagged
    }

    /// The 14-digit integer sent as `error`.
    pub fn code(&self) -> u64 {
        compose(self.exception, self.action, self.realm, self.detail)
    }

    /// The HTTP status: the override if one was set, otherwise the one the exception implies.
    pub fn status(&self) -> u16 {
        self.status.unwrap_or_else(|| self.exception.status())
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    pub fn retry_after(&self) -> Option<u64> {
        self.retry_after
    }

    pub fn with_cause(mut self, cause: impl Into<anyhow::Error>) -> Self {
        self.cause = Some(cause.into());
        self
    }

    pub fn cause(&self) -> Option<&anyhow::Error> {
        self.cause.as_ref()
    }

    /// Sets the action and realm: lower layers raise errors without knowing which API call
    /// they serve; the service tags them (`.tag(Action::View, Realm::Contacts)`).
    pub fn in_context(mut self, action: Action, realm: Realm) -> Self {
        self.action = action;
        self.realm = realm;
        self.tagged = true;
        self
    }

    // Constructors for the common cases. Action and realm default to the general ones and are
    // set by `in_context` / `Tag::tag` where the caller knows them.

    /// 91xx: the entity (or route) does not exist, or is not the caller's.
    pub fn not_found(exception: Exception, devmsg: impl Into<String>) -> Self {
        Self::new(
            exception,
            Action::View,
            Realm::General,
            Detail::NotFound,
            devmsg,
        )
        .untagged()
    }

    /// 9201: a value is present but invalid.
    pub fn invalid(devmsg: impl Into<String>) -> Self {
        Self::new(
            Exception::InvalidData,
            Action::View,
            Realm::General,
            Detail::InvalidValue,
            devmsg,
        )
        .untagged()
    }

    /// 9202: a mandatory value is missing.
    pub fn missing(field: &str) -> Self {
        Self::new(
            Exception::MissingData,
            Action::View,
            Realm::General,
            Detail::MissingValue,
            format!("{field} is required"),
        )
        .untagged()
    }

    /// 9201 with the too-long detail.
    pub fn too_long(field: &str, max: usize) -> Self {
        Self::new(
            Exception::InvalidData,
            Action::View,
            Realm::General,
            Detail::TooLong,
            format!("{field} must be at most {max} characters"),
        )
        .untagged()
    }

    /// 9401: authentication failed.
    pub fn unauthorized(devmsg: impl Into<String>) -> Self {
        Self::new(
            Exception::Authentication,
            Action::View,
            Realm::Authentication,
            Detail::BadCredentials,
            devmsg,
        )
        .untagged()
    }

    /// 9402: the caller may not do this.
    pub fn forbidden(devmsg: impl Into<String>) -> Self {
        Self::new(
            Exception::Permission,
            Action::View,
            Realm::General,
            Detail::RoleDenied,
            devmsg,
        )
        .untagged()
    }

    /// 9300 · 3003 (409): a well-formed request that conflicts with stored data, by a rule
    /// on stored state no schema of the body can state (a person named in a person's
    /// `relatedTo`; `duration` for a task that is stored as no scheduled call).
    pub fn conflict(devmsg: impl Into<String>) -> Self {
        Self::new(
            Exception::BadRequest,
            Action::Edit,
            Realm::General,
            Detail::Conflict,
            devmsg,
        )
        .untagged()
        .with_status(409)
    }

    /// 9304 (409): the data was changed by someone else since the client read it.
    pub fn outdated(devmsg: impl Into<String>) -> Self {
        Self::new(
            Exception::Outdated,
            Action::Edit,
            Realm::General,
            Detail::Conflict,
            devmsg,
        )
        .untagged()
    }

    /// 9001 (500): a failure of our own; the cause is logged, the client sees only `devmsg`.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Self::new(
            Exception::Internal,
            Action::View,
            Realm::General,
            Detail::Unexpected,
            "internal server error",
        )
        .untagged()
        .with_cause(cause)
    }

    /// 9001 with the storage detail (500), or 503 when the database cannot be reached.
    pub fn storage(cause: impl Into<anyhow::Error>) -> Self {
        Self::new(
            Exception::Internal,
            Action::View,
            Realm::General,
            Detail::Storage,
            "database failure",
        )
        .untagged()
        .with_cause(cause)
    }

    pub fn unavailable(cause: impl Into<anyhow::Error>) -> Self {
        Self::new(
            Exception::Internal,
            Action::View,
            Realm::General,
            Detail::Unavailable,
            "database unavailable, try again",
        )
        .untagged()
        .with_status(503)
        .with_cause(cause)
    }

    /// True for errors the client caused (4xx).
    pub fn is_client_error(&self) -> bool {
        self.status() < 500
    }
}

/// Composes the 14-digit integer of an error code.
pub fn compose(exception: Exception, action: Action, realm: Realm, detail: Detail) -> u64 {
    exception.code() as u64 * 10_000_000_000
        + action.code() as u64 * 10_000_000
        + realm.code() as u64 * 10_000
        + detail.code() as u64
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.devmsg)?;
        if let Some(cause) = &self.cause {
            write!(f, " ({cause:#})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Tags the action and realm of any error a `Result` carries, so that a lower layer's error
/// reports the API call it happened in: `store::contacts::get(..).tag(Action::View, Realm::Contacts)`.
pub trait Tag<T> {
    fn tag(self, action: Action, realm: Realm) -> Result<T>;
}

impl<T, E: Into<Error>> Tag<T> for std::result::Result<T, E> {
    fn tag(self, action: Action, realm: Realm) -> Result<T> {
        self.map_err(|e| e.into().in_context(action, realm))
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::internal(e)
    }
}

#[cfg(feature = "diesel")]
impl From<diesel::result::Error> for Error {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error as D};
        match e {
            D::NotFound => Error::not_found(Exception::NotFound, "entity not found"),
            D::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => Error::new(
                Exception::BadRequest,
                Action::Create,
                Realm::General,
                Detail::Conflict,
                "an entity with this value exists already",
            )
            .untagged()
            .with_status(409)
            .with_cause(anyhow::anyhow!("{}", info.message())),
            // Only a concurrent change can break a reference the service checked in its
            // transaction (PostgreSQL: a company deleted while a user joins it).
            D::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, info) => Error::outdated(
                "a referenced entity was changed or deleted concurrently, try again",
            )
            .with_cause(anyhow::anyhow!("{}", info.message())),
            D::DatabaseError(DatabaseErrorKind::SerializationFailure, info) => {
                Error::outdated("concurrent update, try again")
                    .with_cause(anyhow::anyhow!("{}", info.message()))
            }
            // Writers of one user are not serialized (see docs/decisions.md, "The request
            // path"): two that lock the same rows in another order may deadlock on
            // PostgreSQL, which aborts one of them. Like a serialization failure: try again.
            D::DatabaseError(DatabaseErrorKind::Unknown, info)
                if info.message().starts_with("deadlock detected") =>
            {
                Error::outdated("concurrent update, try again")
                    .with_cause(anyhow::anyhow!("{}", info.message()))
            }
            // The database closed the connection (restarted, or the backend was ended): the
            // pool discards it, and the client may try again.
            D::DatabaseError(DatabaseErrorKind::ClosedConnection, info) => {
                Error::unavailable(anyhow::anyhow!("{}", info.message()))
            }
            other => Error::storage(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_the_documented_example() {
        let e = Error::new(
            Exception::ContactNotFound,
            Action::View,
            Realm::Contacts,
            Detail::NotFound,
            "contact not found",
        );
        assert_eq!(e.code(), 91040101001001);
        assert_eq!(e.code().to_string().len(), 14);
        assert_eq!(e.status(), 404);
    }

    #[test]
    fn status_follows_the_exception() {
        let cases = [
            (Exception::General, 500),
            (Exception::Internal, 500),
            (Exception::External, 503),
            (Exception::NotFound, 404),
            (Exception::UserNotFound, 404),
            (Exception::InvalidData, 400),
            (Exception::MissingData, 400),
            (Exception::BasicInfoTaken, 400),
            (Exception::PictureExternal, 400),
            (Exception::DeviceRegistered, 409),
            (Exception::EmailTaken, 409),
            (Exception::Outdated, 409),
            (Exception::ReportNotFound, 404),
            (Exception::Authentication, 401),
            (Exception::Permission, 403),
            (Exception::Unhandled, 500),
        ];
        for (ex, status) in cases {
            assert_eq!(ex.status(), status, "{ex:?}");
        }
    }

    #[test]
    fn every_code_has_fourteen_digits() {
        for ex in Exception::ALL {
            for ac in Action::ALL {
                for re in Realm::ALL {
                    for de in Detail::ALL {
                        assert_eq!(compose(*ex, *ac, *re, *de).to_string().len(), 14);
                    }
                }
            }
        }
    }

    #[test]
    fn tag_sets_action_and_realm() {
        let r: Result<()> = Err(Error::invalid("x"));
        let e = r.tag(Action::Create, Realm::Deals).unwrap_err();
        assert_eq!(e.code(), 92010122002001);
    }
}

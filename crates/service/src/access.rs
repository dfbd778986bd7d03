//! Who may administer what (DESIGN.md, "Who sees what"): `interact_admin` everything,
//! `customer_admin` their own company, `user` nothing.

use interact_errors::{Error, Exception, Result};

use crate::auth::{Principal, Role};

/// The part of the platform an administrator may see and change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminScope {
    All,
    /// A customer_admin's company; `None` for a customer_admin without a company, who
    /// administers nothing.
    Company(Option<i64>),
}

impl AdminScope {
    /// The caller's scope, or 403 for a caller without an administrator role.
    pub fn of(who: &Principal) -> Result<AdminScope> {
        if who.has_role(Role::InteractAdmin) {
            Ok(AdminScope::All)
        } else if who.has_role(Role::CustomerAdmin) {
            Ok(AdminScope::Company(who.company_id))
        } else {
            Err(Error::forbidden(
                "administration needs the interact_admin or customer_admin role",
            ))
        }
    }

    /// Only an interact_admin passes.
    pub fn platform(who: &Principal) -> Result<()> {
        match AdminScope::of(who)? {
            AdminScope::All => Ok(()),
            AdminScope::Company(_) => Err(Error::forbidden(
                "only an interact_admin may do this; a customer_admin administers their own company",
            )),
        }
    }

    pub fn sees_company(&self, company_id: Option<i64>) -> bool {
        match self {
            AdminScope::All => true,
            AdminScope::Company(own) => own.is_some() && *own == company_id,
        }
    }

    /// The company filter for lists: `None` for all.
    pub fn company_filter(&self) -> Option<Option<i64>> {
        match self {
            AdminScope::All => None,
            AdminScope::Company(own) => Some(*own),
        }
    }

    pub fn is_all(&self) -> bool {
        matches!(self, AdminScope::All)
    }
}

/// The not-found answer for a company id the caller does not see.
pub fn company_not_found(id: i64) -> Error {
    Error::not_found(
        Exception::CompanyNotFound,
        format!("company {id} not found"),
    )
}

/// A body that names a company the caller does not see: its 404, as an id in a body that
/// names nothing of the caller's answers everywhere (`relatedTo` of notes, tasks, deals).
pub fn unknown_company(id: i64) -> Error {
    Error::not_found(
        Exception::CompanyNotFound,
        format!("companyId: company {id} not found"),
    )
}

pub fn user_not_found(id: i64) -> Error {
    Error::not_found(Exception::UserNotFound, format!("user {id} not found"))
}

pub fn group_not_found(id: i64) -> Error {
    Error::not_found(Exception::GroupNotFound, format!("group {id} not found"))
}

/// Trims and lower-cases an email and checks its form.
pub fn normalize_email(raw: Option<&str>, field: &str) -> Result<String> {
    use validator::ValidateEmail;
    if raw.is_some_and(|e| e.chars().count() > 255) {
        return Err(Error::too_long(field, 255));
    }
    let email = match raw.map(str::trim) {
        Some(e) if !e.is_empty() => e.to_lowercase(),
        _ => return Err(Error::missing(field)),
    };
    if !email.validate_email() {
        return Err(Error::invalid(format!(
            "{field}: {email:?} is not an email address"
        )));
    }
    Ok(email)
}

/// A required name of at most 255 characters as sent (the schema's `maxLength` counts the
/// blanks too), stored trimmed.
pub fn required_name(raw: Option<&str>, field: &str) -> Result<String> {
    if raw.is_some_and(|n| n.chars().count() > 255) {
        return Err(Error::too_long(field, 255));
    }
    let name = match raw.map(str::trim) {
        Some(n) if !n.is_empty() => n.to_string(),
        Some(_) => return Err(Error::invalid(format!("{field} must not be blank"))),
        None => return Err(Error::missing(field)),
    };
    Ok(name)
}

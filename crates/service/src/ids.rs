//! Ids: the types that tell a contact's id from a deal's or a task list's where services
//! call each other, and lists of ids in a query string (`ids=1,3,45`), the one rule for
//! every `DELETE …?ids=`.

use interact_domain::contacts::{parse_id_csv, MAX_DELETE_IDS};
use interact_errors::{Action, Detail, Error, Exception, Realm, Result};

/// The id of one of a user's contacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContactId(pub i64);

/// The id of one of a user's deals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DealId(pub i64);

/// The id of one of a user's task lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskListId(pub i64);

impl ContactId {
    /// The ids as the store takes them.
    pub fn raw(ids: &[ContactId]) -> Vec<i64> {
        ids.iter().map(|c| c.0).collect()
    }
}

/// Parses `ids=1,3,45` of a delete of several entities of `realm`, in order, each once;
/// errors name `ids`.
pub fn parse(raw: Option<&str>, realm: Realm) -> Result<Vec<i64>> {
    let bad = |m: String| {
        Error::new(
            Exception::InvalidData,
            Action::Delete,
            realm,
            Detail::InvalidParameter,
            m,
        )
    };
    let Some(raw) = raw else {
        return Err(Error::new(
            Exception::MissingData,
            Action::Delete,
            realm,
            Detail::MissingValue,
            "ids is required (ids=1,3,45)",
        ));
    };
    if raw.trim().is_empty() {
        return Err(bad("ids must name at least one id (ids=1,3,45)".into()));
    }
    let ids = parse_id_csv(raw).map_err(|e| bad(format!("ids: {e}")))?;
    if ids.len() > MAX_DELETE_IDS {
        return Err(bad(format!("ids must name at most {MAX_DELETE_IDS} ids")));
    }
    // An id named twice counts once.
    let mut seen = std::collections::HashSet::new();
    Ok(ids.into_iter().filter(|id| seen.insert(*id)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_parsed() {
        assert_eq!(
            parse(Some("3, 1,45,3"), Realm::Notes).unwrap(),
            vec![3, 1, 45]
        );
        for bad in [None, Some(""), Some(" "), Some("1,x"), Some(",")] {
            assert!(parse(bad, Realm::Notes).is_err(), "{bad:?}");
        }
        let many = vec!["1"; MAX_DELETE_IDS + 1].join(",");
        assert!(parse(Some(&many), Realm::Deals).is_err());
    }
}

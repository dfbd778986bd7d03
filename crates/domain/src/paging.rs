//! Lists documented with `offset`/`limit` answer
//! `{"data":[…],"length":n,"startIndex":i,"totalLength":t}`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where a page starts and how long it may be; no limit means "to the end".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Page {
    pub offset: i64,
    pub limit: Option<i64>,
}

impl Page {
    /// Parses the `offset` and `limit` query parameters; the error names the parameter.
    pub fn parse(offset: Option<&str>, limit: Option<&str>) -> Result<Page, String> {
        fn number(name: &str, v: Option<&str>) -> Result<Option<i64>, String> {
            match v {
                None | Some("") => Ok(None),
                Some(v) => crate::numbers::decimal(v)
                    .map(Some)
                    .ok_or_else(|| format!("{name} must be a non-negative integer, not {v:?}")),
            }
        }
        Ok(Page {
            offset: number("offset", offset)?.unwrap_or(0),
            limit: number("limit", limit)?,
        })
    }
}

/// The two shapes of a list that pages on request: a bare array, or, with `offset` or
/// `limit`, one page in the list envelope.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum Listed<T> {
    All(Vec<T>),
    Page(ListPage<T>),
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListPage<T> {
    pub data: Vec<T>,
    /// How many entries `data` holds.
    pub length: i64,
    /// The offset of the first entry of `data`.
    pub start_index: i64,
    /// How many entries there are in all.
    pub total_length: i64,
}

impl<T> ListPage<T> {
    pub fn new(data: Vec<T>, page: Page, total_length: i64) -> Self {
        ListPage {
            length: data.len() as i64,
            data,
            start_index: page.offset,
            total_length,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        assert_eq!(Page::parse(None, None).unwrap(), Page::default());
        assert_eq!(
            Page::parse(Some("5"), Some("25")).unwrap(),
            Page {
                offset: 5,
                limit: Some(25)
            }
        );
        assert!(Page::parse(Some("-1"), None)
            .unwrap_err()
            .contains("offset"));
        assert!(Page::parse(None, Some("x")).unwrap_err().contains("limit"));
    }
}

//! Canvass interactions (spec/000): rows, forms, the conditional (etag) writes and the keyset
//! pages the list streams from.

use diesel::prelude::*;
use interact_errors::Result;

use crate::schema::{canvass_interactions as ci, companies, groups};
use crate::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = ci)]
pub struct CanvassRow {
    pub id: i64,
    pub uuid: String,
    pub company_id: i64,
    pub group_id: i64,
    pub customer_uuid: String,
    pub group_uuid: String,
    pub campaign_id: String,
    pub contact_id: String,
    pub household_id: String,
    pub contact_household_id: String,
    /// `data.timestamp` in ms since the epoch, for sorting.
    pub timestamp: i64,
    /// `data` as JSON text, exactly as answered.
    pub data: String,
    pub etag: String,
    pub created: i64,
    pub modified: i64,
    pub created_by: String,
    pub modified_by: String,
    pub is_deleted: bool,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = ci)]
pub struct CanvassInsertForm<'a> {
    pub uuid: &'a str,
    pub company_id: i64,
    pub group_id: i64,
    pub customer_uuid: &'a str,
    pub group_uuid: &'a str,
    pub campaign_id: &'a str,
    pub contact_id: &'a str,
    pub household_id: &'a str,
    pub contact_household_id: &'a str,
    pub timestamp: i64,
    pub data: &'a str,
    pub etag: &'a str,
    pub created: i64,
    pub modified: i64,
    pub created_by: &'a str,
    pub modified_by: &'a str,
    pub is_deleted: bool,
}

/// What a patch or a delete changes.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = ci)]
pub struct CanvassUpdateForm<'a> {
    pub campaign_id: &'a str,
    pub contact_id: &'a str,
    pub household_id: &'a str,
    pub contact_household_id: &'a str,
    pub timestamp: i64,
    pub data: &'a str,
    pub etag: &'a str,
    pub modified: i64,
    pub modified_by: &'a str,
    pub is_deleted: bool,
}

/// A security group with the company it belongs to.
#[derive(Debug, Clone, Queryable)]
pub struct GroupTenancy {
    pub group_id: i64,
    pub group_uuid: String,
    pub company_id: i64,
    pub company_uuid: String,
}

/// What a caller may see: the rows of these groups, and all rows of this company.
#[derive(Debug, Clone, Default)]
pub struct Access {
    pub group_ids: Vec<i64>,
    pub company_id: Option<i64>,
}

impl Access {
    pub fn is_empty(&self) -> bool {
        self.group_ids.is_empty() && self.company_id.is_none()
    }

    pub fn allows(&self, row: &CanvassRow) -> bool {
        self.group_ids.contains(&row.group_id) || self.company_id == Some(row.company_id)
    }
}

/// The attributes a list may filter on (the document's "Allowed attributes").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterAttr {
    CampaignId,
    ContactId,
    HouseholdId,
    ContactHouseholdId,
}

/// The keys a list may sort on; the resource id breaks ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortField {
    Id,
    Timestamp,
    Created,
    Modified,
}

impl SortField {
    /// The row's value of the key (0 for `Id`, whose key is the uuid itself).
    pub fn key_of(self, row: &CanvassRow) -> i64 {
        match self {
            SortField::Id => 0,
            SortField::Timestamp => row.timestamp,
            SortField::Created => row.created,
            SortField::Modified => row.modified,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ListQuery {
    pub access: Access,
    /// Values are normalized (lower-case hyphenated UUIDs), as stored.
    pub filters: Vec<(FilterAttr, String)>,
    pub sort: SortField,
    pub descending: bool,
}

/// Where the previous page ended: its last row's sort key and uuid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub key: i64,
    pub uuid: String,
}

pub fn insert(conn: &mut AnyConnection, form: &CanvassInsertForm) -> Result<CanvassRow> {
    Ok(diesel::insert_into(ci::table)
        .values(form)
        .returning(ci::all_columns)
        .get_result(conn)?)
}

/// A row that is not deleted, by its uuid.
pub fn find_live(conn: &mut AnyConnection, uuid: &str) -> Result<Option<CanvassRow>> {
    Ok(ci::table
        .filter(ci::uuid.eq(uuid))
        .filter(ci::is_deleted.eq(false))
        .select(CanvassRow::as_select())
        .first(conn)
        .optional()?)
}

/// Writes the change only if the row still carries `expected_etag` and is not deleted;
/// `None` means another writer got there first. The condition is in the UPDATE itself, so of
/// two concurrent writers with the same etag exactly one changes the row on either backend.
pub fn update_if_etag(
    conn: &mut AnyConnection,
    id: i64,
    expected_etag: &str,
    form: &CanvassUpdateForm,
) -> Result<Option<CanvassRow>> {
    Ok(diesel::update(
        ci::table
            .filter(ci::id.eq(id))
            .filter(ci::etag.eq(expected_etag))
            .filter(ci::is_deleted.eq(false)),
    )
    .set(form)
    .returning(ci::all_columns)
    .get_result(conn)
    .optional()?)
}

/// The first of these groups that still holds canvass interactions (soft-deleted ones too:
/// they keep their group), if any.
pub fn first_group_in_use(conn: &mut AnyConnection, group_ids: &[i64]) -> Result<Option<i64>> {
    Ok(ci::table
        .filter(ci::group_id.eq_any(group_ids))
        .select(ci::group_id)
        .order(ci::group_id.asc())
        .first(conn)
        .optional()?)
}

pub fn group_by_uuid(conn: &mut AnyConnection, uuid: &str) -> Result<Option<GroupTenancy>> {
    Ok(groups::table
        .inner_join(companies::table)
        .filter(groups::uuid.eq(uuid))
        .select((groups::id, groups::uuid, companies::id, companies::uuid))
        .first(conn)
        .optional()?)
}

pub fn group_by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<GroupTenancy>> {
    Ok(groups::table
        .inner_join(companies::table)
        .filter(groups::id.eq(id))
        .select((groups::id, groups::uuid, companies::id, companies::uuid))
        .first(conn)
        .optional()?)
}

/// One page of a list: rows after `after` in the query's order (keyset), skipping `offset`
/// rows first. The sort key and the uuid are indexed, so a page costs the same wherever it
/// starts.
pub fn page(
    conn: &mut AnyConnection,
    q: &ListQuery,
    after: Option<&Cursor>,
    offset: i64,
    limit: i64,
) -> Result<Vec<CanvassRow>> {
    if q.access.is_empty() || limit <= 0 {
        return Ok(Vec::new());
    }
    let mut query = ci::table
        .select(CanvassRow::as_select())
        .filter(ci::is_deleted.eq(false))
        .into_boxed();
    query = match (q.access.company_id, q.access.group_ids.as_slice()) {
        (Some(c), []) => query.filter(ci::company_id.eq(c)),
        (Some(c), groups) => query.filter(
            ci::company_id
                .eq(c)
                .or(ci::group_id.eq_any(groups.to_vec())),
        ),
        // One group (the common case) as an equality: PostgreSQL reads `= ANY(array)` from an
        // index without its order, and would sort instead.
        (None, [group]) => query.filter(ci::group_id.eq(*group)),
        (None, groups) => query.filter(ci::group_id.eq_any(groups.to_vec())),
    };
    for (attr, value) in &q.filters {
        let value = value.clone();
        query = match attr {
            FilterAttr::CampaignId => query.filter(ci::campaign_id.eq(value)),
            FilterAttr::ContactId => query.filter(ci::contact_id.eq(value)),
            FilterAttr::HouseholdId => query.filter(ci::household_id.eq(value)),
            FilterAttr::ContactHouseholdId => query.filter(ci::contact_household_id.eq(value)),
        };
    }
    if let Some(c) = after {
        let (k, u) = (c.key, c.uuid.clone());
        // `key >= k AND (key > k OR uuid > u)`: the first conjunct lets the index range-scan.
        query = match (q.sort, q.descending) {
            (SortField::Id, false) => query.filter(ci::uuid.gt(u)),
            (SortField::Id, true) => query.filter(ci::uuid.lt(u)),
            (SortField::Timestamp, false) => query.filter(
                ci::timestamp
                    .ge(k)
                    .and(ci::timestamp.gt(k).or(ci::uuid.gt(u))),
            ),
            (SortField::Timestamp, true) => query.filter(
                ci::timestamp
                    .le(k)
                    .and(ci::timestamp.lt(k).or(ci::uuid.lt(u))),
            ),
            (SortField::Created, false) => {
                query.filter(ci::created.ge(k).and(ci::created.gt(k).or(ci::uuid.gt(u))))
            }
            (SortField::Created, true) => {
                query.filter(ci::created.le(k).and(ci::created.lt(k).or(ci::uuid.lt(u))))
            }
            (SortField::Modified, false) => query.filter(
                ci::modified
                    .ge(k)
                    .and(ci::modified.gt(k).or(ci::uuid.gt(u))),
            ),
            (SortField::Modified, true) => query.filter(
                ci::modified
                    .le(k)
                    .and(ci::modified.lt(k).or(ci::uuid.lt(u))),
            ),
        };
    }
    query = match (q.sort, q.descending) {
        (SortField::Id, false) => query.order(ci::uuid.asc()),
        (SortField::Id, true) => query.order(ci::uuid.desc()),
        (SortField::Timestamp, false) => query.order((ci::timestamp.asc(), ci::uuid.asc())),
        (SortField::Timestamp, true) => query.order((ci::timestamp.desc(), ci::uuid.desc())),
        (SortField::Created, false) => query.order((ci::created.asc(), ci::uuid.asc())),
        (SortField::Created, true) => query.order((ci::created.desc(), ci::uuid.desc())),
        (SortField::Modified, false) => query.order((ci::modified.asc(), ci::uuid.asc())),
        (SortField::Modified, true) => query.order((ci::modified.desc(), ci::uuid.desc())),
    };
    if offset > 0 {
        query = query.offset(offset);
    }
    Ok(query.limit(limit).load(conn)?)
}

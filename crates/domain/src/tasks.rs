//! Tasks (2.5.3.1.34–40) and task lists (2.5.3.1.41–45) on the wire.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::contacts::nullable;

/// The user a task is assigned to: a user of the owner's company, or the owner.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TaskAssignee {
    pub id: i64,
    /// The user's email (users have no other name).
    pub display_name: String,
}

/// A phone number of a scheduled call: a `mobile` or `phone` basicInfo of the related contact.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct TaskPhoneNumber {
    pub id: i64,
    /// `mobile` or `phone`.
    #[serde(rename = "type")]
    #[schema(example = "mobile")]
    pub type_: String,
    /// `home`, `work`, `other` or null.
    pub subtype: Option<String>,
    pub value: String,
    pub excluded: bool,
}

/// What a task is about, as a task answer shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TaskRelatedTo {
    pub id: i64,
    /// `contact` or `deal`.
    #[serde(rename = "type")]
    #[schema(example = "contact")]
    pub type_: String,
    /// The contact's display name or the deal's name.
    pub display_name: String,
}

/// A task, with the attributes in the document's order; unset ones are null.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    pub id: i64,
    pub assigned_to: Option<TaskAssignee>,
    /// ms since the epoch.
    pub concrete_due_date: Option<i64>,
    pub content: Option<String>,
    /// ms since the epoch.
    pub created: i64,
    /// Only for `scheduled_call`.
    pub duration: Option<i64>,
    /// `tomorrow`, `next_week`, `in_a_month`, `someday` or null.
    pub fuzzy_due_date: Option<String>,
    pub hot: bool,
    pub list_id: Option<i64>,
    /// Only for `scheduled_call`; `[]` otherwise.
    pub phone_numbers: Vec<TaskPhoneNumber>,
    pub related_to: Option<TaskRelatedTo>,
    /// `completed` or `open`.
    #[schema(example = "open")]
    pub status: String,
    /// `task` or `scheduled_call`.
    #[schema(example = "task")]
    pub task_type: String,
    #[schema(example = "Lunch with Remo")]
    pub title: Option<String>,
}

/// `assignedTo` of a request: `{"id": 5}` (a `displayName` is ignored) or the bare id.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum AssigneeInput {
    Id(i64),
    Ref {
        #[schema(value_type = i64, required = true)]
        id: Option<i64>,
    },
}

impl AssigneeInput {
    pub fn id(&self) -> Option<i64> {
        match self {
            AssigneeInput::Id(id) => Some(*id),
            AssigneeInput::Ref { id } => *id,
        }
    }
}

/// What a note or a task relates to; left out or null: a contact.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RelatedType {
    Contact,
    Deal,
}

/// `relatedTo` of a task request; `type` defaults to `contact`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct TaskTarget {
    #[schema(value_type = i64, required = true)]
    pub id: Option<i64>,
    #[serde(rename = "type")]
    #[schema(value_type = Option<RelatedType>, example = "contact")]
    pub type_: Option<String>,
}

/// `PUT /v2/tasks` and `POST /v2/tasks/:id`. On update, attributes left out keep their value
/// and `null` clears an optional one (not `hot`, `status`, `taskType`). `duration` and
/// `phoneNumberIds` are for a `scheduled_call` only; `phoneNumberIds` are `mobile` or `phone`
/// basicInfos of the related contact.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TaskRequest {
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<AssigneeInput>)]
    pub assigned_to: Option<Option<AssigneeInput>>,
    /// ms since the epoch. `dueDate` is read as an alias of it (with the same value when both
    /// are given).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>, minimum = 0)]
    pub concrete_due_date: Option<Option<i64>>,
    /// Alias of `concreteDueDate` (the document's update example); not in the schema, so that
    /// generated requests do not give the two different values.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(ignore)]
    pub due_date: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 65535)]
    pub content: Option<Option<String>>,
    /// Create only (default: now), ms since the epoch; ignored on update.
    #[schema(minimum = 0)]
    pub created: Option<i64>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>, minimum = 0)]
    pub duration: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<FuzzyDueDate>, example = "next_week")]
    pub fuzzy_due_date: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = bool, required = false)]
    pub hot: Option<Option<bool>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    pub list_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Vec<i64>>, max_items = 50)]
    pub phone_number_ids: Option<Option<Vec<i64>>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<TaskTarget>)]
    pub related_to: Option<Option<TaskTarget>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = TaskStatus, required = false, example = "open")]
    pub status: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = TaskType, required = false, example = "task")]
    pub task_type: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 255)]
    pub title: Option<Option<String>>,
}

/// `status` of a task (only for the OpenAPI document; the service reads the text).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum TaskStatus {
    Open,
    Completed,
}

/// `taskType` of a task (only for the OpenAPI document).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskType {
    Task,
    ScheduledCall,
}

/// `fuzzyDueDate` of a task (only for the OpenAPI document).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FuzzyDueDate {
    Tomorrow,
    NextWeek,
    InAMonth,
    Someday,
}

pub const TASK_STATUSES: &[&str] = &["open", "completed"];
pub const TASK_TYPES: &[&str] = &["task", "scheduled_call"];
/// The fuzzy due dates and the days each adds to now.
pub const FUZZY_DUE_DATES: &[(&str, i64)] = &[
    ("tomorrow", 1),
    ("next_week", 7),
    ("in_a_month", 30),
    ("someday", 99),
];

/// A task list with its tasks (sorted like every task list).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TaskList {
    pub id: i64,
    #[schema(example = "EMEA")]
    pub title: String,
    pub tasks: Vec<Task>,
}

/// A task list as the journal records it: its own attributes, without the tasks (each task
/// is journaled on its own, with its `listId`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TaskListState {
    pub id: i64,
    pub title: String,
}

/// `PUT /v2/taskLists` and `POST /v2/taskLists/:id`: `title` is required by both.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct TaskListRequest {
    /// Not blank, at most 255 characters.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = String, required = true, max_length = 255, pattern = r"\S", example = "EMEA")]
    pub title: Option<Option<String>>,
}

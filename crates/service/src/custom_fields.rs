//! Custom field definitions (2.5.3.1.72–76) and the validation of custom field values that
//! contacts carry (`[{"id","name","value"}]`, DESIGN.md).

use interact_domain::admin::{
    CustomField, CustomFieldRequest, CustomFieldValue, CustomFieldValueInput,
};
use interact_errors::{Action, Detail, Error, Exception, Realm, Result, Tag};
use interact_store::{companies, custom_fields, AnyConnection};

use crate::access::{required_name, unknown_company, AdminScope};
use crate::auth::Principal;
use crate::Ctx;

/// The only data type and entity type the document allows for now.
pub const DATA_TYPES: &[&str] = &["varchar"];
pub const ENTITY_TYPES: &[&str] = &["contact"];
/// Longest custom field value (a varchar).
pub const VALUE_MAX: usize = 255;

pub fn view(f: &custom_fields::CustomField) -> CustomField {
    CustomField {
        id: f.id,
        company_id: f.company_id,
        data_type: f.data_type.clone(),
        entity_type: f.entity_type.clone(),
        name: f.name.clone(),
    }
}

fn not_found(id: i64) -> Error {
    Error::not_found(Exception::NotFound, format!("custom field {id} not found"))
}

fn name_taken(action: Action) -> Error {
    Error::conflict("the company has a custom field of this name and entity type already")
        .in_context(action, Realm::CustomFieldAdministration)
}

fn visible(
    c: &mut AnyConnection,
    scope: AdminScope,
    id: i64,
) -> Result<custom_fields::CustomField> {
    match custom_fields::find(c, id)? {
        Some(f) if scope.sees_company(Some(f.company_id)) => Ok(f),
        _ => Err(not_found(id)),
    }
}

fn one_of(value: Option<String>, allowed: &[&str], field: &str) -> Result<String> {
    match value {
        None => Ok(allowed[0].to_string()),
        Some(v) if allowed.contains(&v.as_str()) => Ok(v),
        Some(v) => Err(Error::invalid(format!(
            "{field}: {v:?} is not one of {}",
            allowed.join(", ")
        ))),
    }
}

/// `PUT /v2/admin/customFields`: companyId defaults to the creator's company.
pub async fn create(ctx: &Ctx, who: &Principal, req: CustomFieldRequest) -> Result<CustomField> {
    let tag = |e: Error| e.in_context(Action::Create, Realm::CustomFieldAdministration);
    let scope = AdminScope::of(who).map_err(tag)?;
    let name = required_name(req.name.as_deref(), "name").map_err(tag)?;
    let data_type = one_of(req.data_type, DATA_TYPES, "dataType").map_err(tag)?;
    let entity_type = one_of(req.entity_type, ENTITY_TYPES, "entityType").map_err(tag)?;
    let company_id = req.company_id.or(who.company_id).ok_or_else(|| {
        tag(Error::new(
            Exception::MissingData,
            Action::Create,
            Realm::CustomFieldAdministration,
            Detail::MissingValue,
            "companyId is required: the creating user belongs to no company",
        ))
    })?;
    let now = ctx.clock.now_ms();
    ctx.db
        .write(move |c| {
            if !scope.sees_company(Some(company_id)) || companies::find(c, company_id)?.is_none() {
                return Err(unknown_company(company_id));
            }
            let f = custom_fields::insert(
                c,
                &custom_fields::CustomFieldInsertForm {
                    company_id,
                    name,
                    data_type,
                    entity_type,
                    created: now,
                },
            )
            .map_err(|e| {
                if e.exception == Exception::BadRequest && e.detail == Detail::Conflict {
                    name_taken(Action::Create)
                } else {
                    e
                }
            })?;
            Ok(view(&f))
        })
        .await
        .tag(Action::Create, Realm::CustomFieldAdministration)
}

/// `GET /v2/admin/customFields/:id`.
pub async fn get(ctx: &Ctx, who: &Principal, id: i64) -> Result<CustomField> {
    let scope = AdminScope::of(who).tag(Action::View, Realm::CustomFieldAdministration)?;
    ctx.db
        .read(move |c| Ok(view(&visible(c, scope, id)?)))
        .await
        .tag(Action::View, Realm::CustomFieldAdministration)
}

/// `POST /v2/admin/customFields/:id`: renames the field.
pub async fn update(
    ctx: &Ctx,
    who: &Principal,
    id: i64,
    req: CustomFieldRequest,
) -> Result<CustomField> {
    let tag = |e: Error| e.in_context(Action::Edit, Realm::CustomFieldAdministration);
    let scope = AdminScope::of(who).map_err(tag)?;
    let name = required_name(req.name.as_deref(), "name").map_err(tag)?;
    ctx.db
        .write(move |c| {
            let mut f = visible(c, scope, id)?;
            if f.name != name {
                custom_fields::rename(c, id, &name).map_err(|e| {
                    if e.exception == Exception::BadRequest && e.detail == Detail::Conflict {
                        name_taken(Action::Edit)
                    } else {
                        e
                    }
                })?;
                f.name = name;
            }
            Ok(view(&f))
        })
        .await
        .tag(Action::Edit, Realm::CustomFieldAdministration)
}

/// `DELETE /v2/admin/customFields?ids=`: all or nothing.
pub async fn delete(ctx: &Ctx, who: &Principal, ids: Vec<i64>) -> Result<()> {
    let scope = AdminScope::of(who).tag(Action::Delete, Realm::CustomFieldAdministration)?;
    ctx.db
        .write(move |c| {
            for &id in &ids {
                visible(c, scope, id)?;
            }
            custom_fields::delete(c, &ids)?;
            Ok(())
        })
        .await
        .tag(Action::Delete, Realm::CustomFieldAdministration)
}

/// The checks of custom field values that need no database: each names its field (`id`) and
/// has a `value` of at most [`VALUE_MAX`] characters (what the document's schema states).
/// Gives each value's id and value, in order.
pub fn check_inputs<'a>(
    values: &'a [CustomFieldValueInput],
    field: &str,
) -> Result<Vec<(i64, &'a str)>> {
    let mut out: Vec<(i64, &str)> = Vec::with_capacity(values.len());
    for (i, v) in values.iter().enumerate() {
        let at = format!("{field}[{i}]");
        let id = v.id.ok_or_else(|| Error::missing(&format!("{at}.id")))?;
        let value = match v.value.as_deref() {
            None => return Err(Error::missing(&format!("{at}.value"))),
            Some(value) if value.chars().count() > VALUE_MAX => {
                return Err(Error::too_long(&format!("{at}.value"), VALUE_MAX))
            }
            Some(value) => value,
        };
        out.push((id, value));
    }
    Ok(out)
}

/// Validates the custom field values of a contact against the fields of its owner's company
/// (`company_id`, `None` for an owner without a company, who can have none). Call it inside
/// the contact's write transaction. `field` names the list in errors (`customFields`).
///
/// Past [`check_inputs`], each value's `id` must name a `contact` field of that company
/// (another id answers 404) and appear once, and a `name`, when given, must be the field's
/// name (409: it conflicts with the stored one). The answer carries the field's current name.
pub fn validate_values(
    c: &mut AnyConnection,
    company_id: Option<i64>,
    values: &[CustomFieldValueInput],
    field: &str,
) -> Result<Vec<CustomFieldValue>> {
    let checked = check_inputs(values, field)?;
    let ids: Vec<i64> = checked.iter().map(|(id, _)| *id).collect();
    let defs = if ids.is_empty() {
        Vec::new()
    } else {
        custom_fields::find_many(c, &ids)?
    };
    let mut out: Vec<CustomFieldValue> = Vec::with_capacity(values.len());
    for (i, (v, (id, value))) in values.iter().zip(checked).enumerate() {
        let at = format!("{field}[{i}]");
        let def = defs
            .iter()
            .find(|d| {
                d.id == id && Some(d.company_id) == company_id && ENTITY_TYPES[0] == d.entity_type
            })
            // An id that names nothing of the owner's answers like a missing one (404), as
            // every id in a body does; a name that is not the stored one conflicts with it.
            .ok_or_else(|| {
                Error::not_found(
                    Exception::NotFound,
                    format!("{at}.id: {id} is not a contact custom field of the owner's company"),
                )
            })?;
        if let Some(name) = v.name.as_deref() {
            if name != def.name {
                return Err(Error::conflict(format!(
                    "{at}.name: {name:?} is not the name of custom field {id} ({:?})",
                    def.name
                )));
            }
        }
        if out.iter().any(|o| o.id == id) {
            return Err(Error::invalid(format!(
                "{at}.id: custom field {id} is given twice"
            )));
        }
        out.push(CustomFieldValue {
            id,
            name: def.name.clone(),
            value: value.to_string(),
        });
    }
    Ok(out)
}

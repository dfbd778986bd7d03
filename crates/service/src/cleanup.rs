//! Cleanup (2.5.3.2.5–6): basicInfo values held by several of the caller's contacts or
//! inactive import contacts, and the contacts holding one value. Values are compared by their
//! matching key (DESIGN.md "Phone numbers"), so `+49 30 1234567`, `030 1234567` and
//! `0049301234567` are one value.

use interact_domain::cleanup::ConflictList;
use interact_domain::contacts::MAX_TEXT;
use interact_errors::{Action, Error, Realm, Result, Tag};
use interact_store::{cleanup as store, import_contacts};
use serde_json::{json, Value};

use crate::auth::Principal;
use crate::numbers::{self, Region};
use crate::Ctx;

/// `GET /v2/cleanup?cmd=getDuplicates`: the normalized values held by more than one of the
/// caller's contacts or import contacts, sorted.
pub async fn duplicates(ctx: &Ctx, who: &Principal) -> Result<Vec<String>> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| store::duplicate_keys(c, user_id))
        .await
        .tag(Action::View, Realm::Cleanup)
}

/// The matching keys a value given to `getConflicts` may stand for: the value as an email,
/// website or other text (trimmed, lower-cased) and, when it looks like a phone number, its
/// normalized number.
pub fn keys_for(value: &str, region: Region) -> Vec<String> {
    let mut keys = vec![value.trim().to_lowercase()];
    if numbers::looks_like_number(value) {
        keys.push(numbers::phone_key(value, region));
    }
    keys.sort();
    keys.dedup();
    keys
}

/// `GET /v2/cleanup?cmd=getConflicts&value=…`: the caller's contacts holding the value (base
/// projection, `"active": true`), then the import contacts holding it (their stored base
/// projection with their import `id` and `"active": false`), each by id.
pub async fn conflicts(ctx: &Ctx, who: &Principal, value: Option<String>) -> Result<ConflictList> {
    let value = match value {
        Some(v) if !v.trim().is_empty() => v,
        _ => return Err(Error::missing("value").in_context(Action::View, Realm::Cleanup)),
    };
    if value.chars().count() > MAX_TEXT {
        return Err(Error::too_long("value", MAX_TEXT).in_context(Action::View, Realm::Cleanup));
    }
    let keys = keys_for(&value, ctx.config.default_region);
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            let ids = store::contact_ids_with_keys(c, user_id, &keys)?;
            let mut data = Vec::new();
            for contact in crate::contacts::load_many(c, user_id, &ids)? {
                let mut v = serde_json::to_value(&contact)?;
                if let Some(o) = v.as_object_mut() {
                    o.insert("active".into(), Value::Bool(true));
                }
                data.push(v);
            }
            let import_ids = import_contacts::ids_with_keys(c, user_id, &keys)?;
            for row in import_contacts::find_many(c, user_id, &import_ids)? {
                data.push(import_view(row.id, &row.contact));
            }
            Ok(ConflictList { data })
        })
        .await
        .tag(Action::View, Realm::Cleanup)
}

/// An import contact as cleanup answers it: the stored contact with its import id and
/// `"active": false`.
fn import_view(id: i64, stored: &str) -> Value {
    let mut v = match serde_json::from_str::<Value>(stored) {
        Ok(Value::Object(o)) => Value::Object(o),
        _ => {
            log::warn!("import contact {id} holds no JSON object; answered without its data");
            json!({})
        }
    };
    if let Some(o) = v.as_object_mut() {
        o.insert("id".into(), json!(id));
        o.insert("active".into(), Value::Bool(false));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_one_number_agree() {
        let de = Region::DE;
        for v in [
            "+49 30 1234567",
            "030 1234567",
            "0049301234567",
            "+49301234567",
        ] {
            assert!(keys_for(v, de).contains(&"+49301234567".to_string()), "{v}");
        }
        assert_eq!(
            keys_for(" Ada@Example.COM ", de),
            vec!["ada@example.com".to_string()]
        );
    }

    #[test]
    fn import_views_carry_id_and_active() {
        let v = import_view(7, r#"{"contactType":"person","firstName":"Ada","id":99}"#);
        assert_eq!(
            v,
            json!({"contactType": "person", "firstName": "Ada", "id": 7, "active": false})
        );
        assert_eq!(
            import_view(8, "not json"),
            json!({"id": 8, "active": false})
        );
    }
}

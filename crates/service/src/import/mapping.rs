//! The vocabulary tables: how the labels of Google, vCard and Google Contacts CSV map to the
//! document's basicInfo `type` and `subtype` (the tables are repeated in `docs/decisions.md`).

use interact_domain::import::{BasicInfoSubtype as Sub, BasicInfoType as Type, ImportedBasicInfo};
use sha2::{Digest, Sha256};

/// A label reduced to lower-case letters and digits, without the CSV export's primary marker
/// (`"* Work Fax"`, `"workFax"` and `"work_fax"` are all `workfax`).
pub fn label_key(label: &str) -> String {
    label
        .trim()
        .trim_start_matches('*')
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Phone labels of the People API (`type`) and of the CSV export (`Phone 1 - Type`/`Label`).
pub fn phone_label(key: &str) -> Option<(Type, Option<Sub>)> {
    Some(match key {
        "mobile" | "cell" | "cellular" | "iphone" => (Type::Mobile, None),
        "workmobile" | "workcell" => (Type::Mobile, Some(Sub::Work)),
        "homemobile" | "homecell" => (Type::Mobile, Some(Sub::Home)),
        "home" => (Type::Phone, Some(Sub::Home)),
        "work" | "business" | "office" | "company" => (Type::Phone, Some(Sub::Work)),
        "other" => (Type::Phone, Some(Sub::Other)),
        "" | "main" | "voice" | "phone" => (Type::Phone, None),
        "pager" | "googlevoice" => (Type::Phone, Some(Sub::Other)),
        "workpager" => (Type::Phone, Some(Sub::Work)),
        "fax" => (Type::Fax, None),
        "homefax" => (Type::Fax, Some(Sub::Home)),
        "workfax" | "businessfax" => (Type::Fax, Some(Sub::Work)),
        "otherfax" => (Type::Fax, Some(Sub::Other)),
        _ => return None,
    })
}

/// Email labels (People API `type`, CSV `E-mail 1 - Type`/`Label`).
pub fn email_label(key: &str) -> Option<Option<Sub>> {
    Some(match key {
        "" | "internet" | "pref" => None,
        "home" | "personal" => Some(Sub::Home),
        "work" | "business" => Some(Sub::Work),
        "other" => Some(Sub::Other),
        _ => return None,
    })
}

/// Website labels (People API `urls[].type`, CSV `Website 1 - Type`/`Label`).
pub fn website_label(key: &str) -> Option<Option<Sub>> {
    Some(match key {
        "" => None,
        "homepage" | "home" => Some(Sub::Home),
        "work" => Some(Sub::Work),
        "blog" | "profile" | "ftp" | "other" | "appinstallpage" | "reservations" => {
            Some(Sub::Other)
        }
        _ => return None,
    })
}

/// Address labels (People API `addresses[].type`, CSV `Address 1 - Type`/`Label`).
pub fn address_label(key: &str) -> Option<Sub> {
    match key {
        "home" => Some(Sub::Home),
        "work" | "business" => Some(Sub::Work),
        "other" => Some(Sub::Other),
        _ => None,
    }
}

/// A phone-like basicInfo from a source label; an unknown label becomes a `phone` without
/// subtype that keeps the label.
pub fn phone(label: &str, value: String) -> ImportedBasicInfo {
    match phone_label(&label_key(label)) {
        Some((kind, subtype)) => ImportedBasicInfo {
            kind,
            subtype,
            value,
            label: None,
        },
        None => ImportedBasicInfo {
            kind: Type::Phone,
            subtype: None,
            value,
            label: Some(label.trim().to_string()),
        },
    }
}

pub fn email(label: &str, value: String) -> ImportedBasicInfo {
    with_subtype(Type::Email, email_label(&label_key(label)), label, value)
}

pub fn website(label: &str, value: String) -> ImportedBasicInfo {
    with_subtype(
        Type::Website,
        website_label(&label_key(label)),
        label,
        value,
    )
}

fn with_subtype(
    kind: Type,
    known: Option<Option<Sub>>,
    label: &str,
    value: String,
) -> ImportedBasicInfo {
    match known {
        Some(subtype) => ImportedBasicInfo {
            kind,
            subtype,
            value,
            label: None,
        },
        None => ImportedBasicInfo {
            kind,
            subtype: None,
            value,
            label: Some(label.trim().to_string()),
        },
    }
}

/// A trimmed, non-empty copy of `s`.
/// The longest id of a record at the external system (a vCard `UID`, a Google resource name)
/// and the longest account name: both are indexed, and PostgreSQL refuses index rows past
/// ~2.7 kB.
pub const MAX_EXTERNAL_ID: usize = 255;

pub fn clean(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A full name without parts: everything before the last word is the first name.
pub fn split_full_name(full: &str) -> (Option<String>, Option<String>) {
    let full = full.trim();
    match full.rsplit_once(char::is_whitespace) {
        Some((first, last)) => (clean(first), clean(last)),
        None => (clean(full), None),
    }
}

/// An id for a record whose source has none (a vCard without UID, a CSV row): derived from
/// who the contact is (names, organization, first email or phone), not from everything it
/// holds, so that a changed phone number still matches on re-import.
pub fn derived_id(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.trim().to_lowercase().as_bytes());
        h.update([0x1f]);
    }
    let digest = h.finalize();
    hex::encode(&digest[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_keys_ignore_case_spaces_and_the_primary_marker() {
        assert_eq!(label_key("* Work Fax"), "workfax");
        assert_eq!(label_key("workFax"), "workfax");
        assert_eq!(label_key("work_fax"), "workfax");
        assert_eq!(label_key(""), "");
    }

    #[test]
    fn google_phone_types() {
        let cases = [
            ("mobile", Type::Mobile, None),
            ("work", Type::Phone, Some(Sub::Work)),
            ("home", Type::Phone, Some(Sub::Home)),
            ("other", Type::Phone, Some(Sub::Other)),
            ("main", Type::Phone, None),
            ("workFax", Type::Fax, Some(Sub::Work)),
            ("homeFax", Type::Fax, Some(Sub::Home)),
            ("otherFax", Type::Fax, Some(Sub::Other)),
            ("workMobile", Type::Mobile, Some(Sub::Work)),
            ("pager", Type::Phone, Some(Sub::Other)),
            ("workPager", Type::Phone, Some(Sub::Work)),
            ("googleVoice", Type::Phone, Some(Sub::Other)),
            ("Work Fax", Type::Fax, Some(Sub::Work)),
        ];
        for (label, kind, subtype) in cases {
            let b = phone(label, "1".into());
            assert_eq!(
                (b.kind, b.subtype, b.label),
                (kind, subtype, None),
                "{label}"
            );
        }
        let custom = phone("Boat", "1".into());
        assert_eq!(custom.kind, Type::Phone);
        assert_eq!(custom.subtype, None);
        assert_eq!(custom.label.as_deref(), Some("Boat"));
    }

    #[test]
    fn email_and_website_types() {
        assert_eq!(email("work", "a@b".into()).subtype, Some(Sub::Work));
        assert_eq!(email("* Home", "a@b".into()).subtype, Some(Sub::Home));
        assert_eq!(email("other", "a@b".into()).subtype, Some(Sub::Other));
        let custom = email("Club", "a@b".into());
        assert_eq!(
            (custom.subtype, custom.label.as_deref()),
            (None, Some("Club"))
        );
        assert_eq!(website("homePage", "u".into()).subtype, Some(Sub::Home));
        assert_eq!(website("blog", "u".into()).subtype, Some(Sub::Other));
        assert_eq!(website("work", "u".into()).kind, Type::Website);
    }

    #[test]
    fn derived_ids_are_stable_and_case_blind() {
        let a = derived_id(&["Ann", "Lee", "ann@x.org"]);
        assert_eq!(a, derived_id(&[" ann", "LEE ", "Ann@X.org"]));
        assert_ne!(a, derived_id(&["Ann", "Lee", "ann@y.org"]));
        assert_eq!(a.len(), 32);
    }
}

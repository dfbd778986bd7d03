//! The `vcard` connector: contacts from the text of a vCard file (3.0 and 4.0; 2.1 is read
//! too), each card parsed by `calcard`, each malformed card reported on its own.

use std::collections::HashSet;

use calcard::common::PartialDateTime;
use calcard::vcard::{
    VCard, VCardEntry, VCardParameterName, VCardParameterValue, VCardProperty, VCardType,
    VCardValue,
};
use calcard::Entry;
use interact_domain::import::{
    BasicInfoSubtype as Sub, BasicInfoType as Type, ImportFailure, ImportedAddress,
    ImportedBasicInfo, ImportedContact,
};
use interact_errors::Result;

use super::mapping::{self, clean, derived_id, split_full_name, MAX_EXTERNAL_ID};
use super::{invalid, Parsed};

/// Reads every card of a vCard file. A text with no `BEGIN:VCARD` line at all is a 400; a
/// card that cannot be read is reported in `failed` and the others are read.
pub fn parse(text: &str) -> Result<Parsed> {
    let starts = card_starts(text);
    if starts.is_empty() {
        return Err(invalid("content: no vCard found (BEGIN:VCARD … END:VCARD)"));
    }
    let mut parsed = Parsed {
        contacts: Vec::with_capacity(starts.len()),
        failed: Vec::new(),
    };
    let mut ids = HashSet::with_capacity(starts.len());
    for (index, &(start, line)) in starts.iter().enumerate() {
        let end = starts.get(index + 1).map_or(text.len(), |s| s.0);
        let fail = |external_id: Option<String>, reason: String| ImportFailure {
            index,
            line: Some(line),
            external_id,
            reason,
        };
        // Each card is parsed alone, so a card without END cannot swallow the next one.
        let chunk = text.get(start..end).unwrap_or_default();
        // The parser is a third party's and the text the client's: a panic in it fails
        // this card, not the import.
        let entry = std::panic::catch_unwind(|| calcard::Parser::new(chunk).strict().entry());
        let card = match entry {
            Ok(Entry::VCard(card)) => card,
            Ok(Entry::InvalidLine(l)) => {
                let l: String = l.trim().chars().take(60).collect();
                parsed
                    .failed
                    .push(fail(None, format!("invalid line in the card: {l:?}")));
                continue;
            }
            Ok(Entry::UnterminatedComponent(_)) => {
                parsed
                    .failed
                    .push(fail(None, "the card has no END:VCARD".to_string()));
                continue;
            }
            _ => {
                parsed
                    .failed
                    .push(fail(None, "the card cannot be read".to_string()));
                continue;
            }
        };
        match contact(&card) {
            Ok(mut c) => {
                if has_uid(&card) {
                    if !ids.insert(c.external_id.clone()) {
                        let reason = format!("UID {:?} appears in an earlier card", c.external_id);
                        parsed.failed.push(fail(Some(c.external_id), reason));
                        continue;
                    }
                } else {
                    // Two cards of the same person without UID: keep both, stable by order.
                    let base = c.external_id.clone();
                    let mut n = 1;
                    while !ids.insert(c.external_id.clone()) {
                        n += 1;
                        c.external_id = format!("{base}~{n}");
                    }
                }
                parsed.contacts.push(c);
            }
            Err(reason) => parsed.failed.push(fail(card.uid().and_then(clean), reason)),
        }
    }
    Ok(parsed)
}

/// Byte offset and line number (from 1) of every line that opens a card.
fn card_starts(text: &str) -> Vec<(usize, u64)> {
    let bytes = text.as_bytes();
    let mut starts = Vec::new();
    let mut pos = 0;
    let mut line = 1u64;
    while pos < bytes.len() {
        let rest = &bytes[pos..];
        let len = rest
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .unwrap_or(rest.len());
        if is_begin(&rest[..len]) {
            starts.push((pos, line));
        }
        pos += len;
        if bytes.get(pos) == Some(&b'\r') && bytes.get(pos + 1) == Some(&b'\n') {
            pos += 2;
        } else {
            pos += 1;
        }
        line += 1;
    }
    starts
}

fn is_begin(line: &[u8]) -> bool {
    let line = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line);
    line.trim_ascii_end().eq_ignore_ascii_case(b"BEGIN:VCARD")
}

fn has_uid(card: &VCard) -> bool {
    card.uid().and_then(clean).is_some()
}

fn contact(card: &VCard) -> std::result::Result<ImportedContact, String> {
    if let Some(v) = card.property(&VCardProperty::Version) {
        let text = v.values.first().and_then(VCardValue::as_text).unwrap_or("");
        if !matches!(text.trim(), "2.1" | "3.0" | "4.0") {
            return Err(format!("unsupported VERSION {:?}", text.trim()));
        }
    }
    let mut c = ImportedContact::default();
    if let Some(n) = card.property(&VCardProperty::N) {
        c.last_name = component(n, 0);
        c.first_name = component(n, 1);
        c.middle_name = component(n, 2);
        c.title = component(n, 3);
    }
    if c.first_name.is_none() && c.last_name.is_none() {
        if let Some(full) = card
            .property(&VCardProperty::Fn)
            .and_then(|e| component(e, 0))
        {
            (c.first_name, c.last_name) = split_full_name(&full);
        }
    }
    c.organization_name = card
        .property(&VCardProperty::Org)
        .and_then(|e| component(e, 0));
    c.profession = [VCardProperty::Title, VCardProperty::Role]
        .iter()
        .find_map(|p| card.property(p).and_then(|e| component(e, 0)));
    for e in &card.entries {
        match e.name {
            VCardProperty::Email => {
                if let Some(v) = component(e, 0) {
                    let t = types(e);
                    c.basic_infos.push(basic_info(Type::Email, subtype(&t), v));
                }
            }
            VCardProperty::Tel => {
                if let Some(v) = component(e, 0) {
                    let v = tel_number(&v);
                    if v.is_empty() {
                        continue;
                    }
                    let t = types(e);
                    let has = |k: &str| t.iter().any(|x| x == k);
                    let kind = if has("fax") {
                        Type::Fax
                    } else if has("cell") || has("mobile") || has("iphone") {
                        Type::Mobile
                    } else {
                        Type::Phone
                    };
                    let sub = subtype(&t).or((has("pager")).then_some(Sub::Other));
                    c.basic_infos.push(basic_info(kind, sub, v));
                }
            }
            VCardProperty::Url => {
                if let Some(v) = component(e, 0) {
                    let t = types(e);
                    c.basic_infos
                        .push(basic_info(Type::Website, subtype(&t), v));
                }
            }
            VCardProperty::Adr => {
                let mut street = parts(e, 2).into_iter();
                let first = street.next();
                let rest: Vec<String> = street.chain(component(e, 1)).collect();
                let a = ImportedAddress {
                    subtype: subtype(&types(e)),
                    addressline1: first,
                    addressline2: (!rest.is_empty()).then(|| rest.join(", ")),
                    addressline3: component(e, 0),
                    city: component(e, 3),
                    state: component(e, 4),
                    zip: component(e, 5),
                    country: component(e, 6),
                };
                if !a.is_empty() {
                    c.addresses.push(a);
                }
            }
            VCardProperty::Categories => {
                for g in e.values.iter().flat_map(texts) {
                    if !c.group_ids.contains(&g) {
                        c.group_ids.push(g);
                    }
                }
            }
            VCardProperty::Photo => {
                // Embedded pictures (base64) are not URLs and are left out.
                if let Some(url) = e.values.iter().filter_map(VCardValue::as_text).find(|u| {
                    let u = u.trim_start().to_ascii_lowercase();
                    u.starts_with("http://") || u.starts_with("https://")
                }) {
                    c.photo_urls.push(url.trim().to_string());
                }
            }
            VCardProperty::Rev => {
                c.updated = e.values.iter().find_map(|v| match v {
                    VCardValue::PartialDateTime(t) => millis(t),
                    VCardValue::Text(t) => super::parse_time(t.trim()),
                    _ => None,
                });
            }
            _ => {}
        }
    }
    if c.is_empty() {
        return Err("the card holds no name, organization, email, phone or address".to_string());
    }
    c.external_id = match card.uid().and_then(clean) {
        Some(uid) if uid.chars().count() > MAX_EXTERNAL_ID => {
            return Err(format!(
                "the card's UID is longer than {MAX_EXTERNAL_ID} characters"
            ))
        }
        Some(uid) => uid,
        None => {
            let reach = c
                .basic_infos
                .iter()
                .find(|b| b.kind == Type::Email)
                .or(c.basic_infos.first())
                .map_or("", |b| b.value.as_str());
            derived_id(&[
                c.first_name.as_deref().unwrap_or(""),
                c.middle_name.as_deref().unwrap_or(""),
                c.last_name.as_deref().unwrap_or(""),
                c.organization_name.as_deref().unwrap_or(""),
                reach,
            ])
        }
    };
    Ok(c)
}

fn basic_info(kind: Type, subtype: Option<Sub>, value: String) -> ImportedBasicInfo {
    ImportedBasicInfo {
        kind,
        subtype,
        value,
        label: None,
    }
}

/// The texts of a value: one, or several for a comma list.
fn texts(v: &VCardValue) -> Vec<String> {
    match v {
        VCardValue::Component(list) => list.iter().filter_map(|s| clean(s)).collect(),
        other => other.as_text().and_then(clean).into_iter().collect(),
    }
}

/// The comma-separated items of the `i`-th component of a structured value.
fn parts(e: &VCardEntry, i: usize) -> Vec<String> {
    e.values.get(i).map(texts).unwrap_or_default()
}

/// The `i`-th component of a structured value (its comma items joined by a space).
fn component(e: &VCardEntry, i: usize) -> Option<String> {
    let p = parts(e, i);
    (!p.is_empty()).then(|| p.join(" "))
}

/// `tel:+1-555-0100;ext=12` (vCard 4.0) → `+1-555-0100`.
fn tel_number(v: &str) -> String {
    let v = v.trim();
    let v = match v.get(..4) {
        Some(scheme) if scheme.eq_ignore_ascii_case("tel:") => &v[4..],
        _ => v,
    };
    v.split(';').next().unwrap_or("").trim().to_string()
}

/// The `TYPE` parameters of a property, as lower-case keys (`work`, `cell`, `fax`, …).
fn types(e: &VCardEntry) -> Vec<String> {
    let mut out = Vec::new();
    for p in e.parameters(&VCardParameterName::Type) {
        match p {
            VCardParameterValue::Type(t) => out.push(type_key(t).to_string()),
            VCardParameterValue::Text(s) => out.extend(
                s.split(',')
                    .map(mapping::label_key)
                    .filter(|k| !k.is_empty()),
            ),
            _ => {}
        }
    }
    out
}

fn type_key(t: &VCardType) -> &'static str {
    match t {
        VCardType::Work => "work",
        VCardType::Home => "home",
        VCardType::Cell => "cell",
        VCardType::Fax => "fax",
        VCardType::Pager => "pager",
        VCardType::Voice => "voice",
        VCardType::Text => "text",
        VCardType::Video => "video",
        VCardType::Textphone => "textphone",
        VCardType::MainNumber => "main",
        _ => "",
    }
}

fn subtype(types: &[String]) -> Option<Sub> {
    let has = |k: &str| types.iter().any(|x| x == k);
    if has("work") {
        Some(Sub::Work)
    } else if has("home") {
        Some(Sub::Home)
    } else if has("other") || has("xother") {
        Some(Sub::Other)
    } else {
        None
    }
}

/// A `REV` time in ms since the epoch (UTC when it has no offset).
fn millis(t: &PartialDateTime) -> Option<i64> {
    use jiff::{civil, tz::TimeZone};
    let dt = civil::DateTime::new(
        i16::try_from(t.year?).ok()?,
        i8::try_from(t.month?).ok()?,
        i8::try_from(t.day?).ok()?,
        i8::try_from(t.hour.unwrap_or(0)).ok()?,
        i8::try_from(t.minute.unwrap_or(0)).ok()?,
        i8::try_from(t.second.unwrap_or(0)).ok()?,
        0,
    )
    .ok()?;
    let local = TimeZone::UTC.to_timestamp(dt).ok()?.as_millisecond();
    let offset =
        (i64::from(t.tz_hour.unwrap_or(0)) * 60 + i64::from(t.tz_minute.unwrap_or(0))) * 60_000;
    Some(if t.tz_minus {
        local + offset
    } else {
        local - offset
    })
}

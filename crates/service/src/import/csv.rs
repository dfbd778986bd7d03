//! The `csv` connector: contacts from a Google Contacts CSV export, in the older column set
//! (`Given Name`, `E-mail 1 - Type`, `Group Membership`) and the newer one (`First Name`,
//! `E-mail 1 - Label`, `Labels`); each malformed row is reported on its own.

use std::collections::{BTreeMap, HashSet};

use ::csv::{ReaderBuilder, StringRecord};
use interact_domain::import::{ImportFailure, ImportedAddress, ImportedContact};
use interact_errors::Result;

use super::mapping::{self, clean, derived_id, split_full_name};
use super::{invalid, Parsed};

/// Google's separator of several values in one cell.
const MULTI: &str = " ::: ";

/// A numbered column group (`E-mail 2 - Label`, `E-mail 2 - Value`).
#[derive(Debug, Default)]
struct Numbered {
    label: Option<usize>,
    value: Option<usize>,
}

#[derive(Debug, Default)]
struct AddressColumns {
    label: Option<usize>,
    formatted: Option<usize>,
    street: Option<usize>,
    city: Option<usize>,
    po_box: Option<usize>,
    region: Option<usize>,
    postal_code: Option<usize>,
    country: Option<usize>,
    extended: Option<usize>,
}

/// Where each field is in the header.
#[derive(Debug, Default)]
struct Columns {
    name: Option<usize>,
    given: Option<usize>,
    additional: Option<usize>,
    family: Option<usize>,
    prefix: Option<usize>,
    org_name: Option<usize>,
    org_title: Option<usize>,
    groups: Option<usize>,
    photo: Option<usize>,
    emails: BTreeMap<u32, Numbered>,
    phones: BTreeMap<u32, Numbered>,
    websites: BTreeMap<u32, Numbered>,
    addresses: BTreeMap<u32, AddressColumns>,
}

impl Columns {
    fn of(header: &StringRecord) -> Columns {
        let mut c = Columns::default();
        for (i, h) in header.iter().enumerate() {
            let h = h.trim_start_matches('\u{feff}').trim().to_ascii_lowercase();
            let slot = match h.as_str() {
                "name" => &mut c.name,
                "given name" | "first name" => &mut c.given,
                "additional name" | "middle name" => &mut c.additional,
                "family name" | "last name" => &mut c.family,
                "name prefix" => &mut c.prefix,
                "organization 1 - name" | "organization name" => &mut c.org_name,
                "organization 1 - title" | "organization title" => &mut c.org_title,
                "group membership" | "labels" => &mut c.groups,
                "photo" => &mut c.photo,
                _ => {
                    c.numbered(&h, i);
                    continue;
                }
            };
            slot.get_or_insert(i);
        }
        c
    }

    /// `e-mail 1 - value` and the like.
    fn numbered(&mut self, h: &str, i: usize) {
        let Some((left, field)) = h.split_once(" - ") else {
            return;
        };
        let Some((family, n)) = left.rsplit_once(' ') else {
            return;
        };
        let Ok(n) = n.parse::<u32>() else {
            return;
        };
        let simple = match family {
            "e-mail" | "email" => Some(self.emails.entry(n).or_default()),
            "phone" => Some(self.phones.entry(n).or_default()),
            "website" => Some(self.websites.entry(n).or_default()),
            _ => None,
        };
        if let Some(slot) = simple {
            match field {
                "type" | "label" => slot.label = Some(i),
                "value" => slot.value = Some(i),
                _ => {}
            }
            return;
        }
        if family == "address" {
            let a = self.addresses.entry(n).or_default();
            let slot = match field {
                "type" | "label" => &mut a.label,
                "formatted" => &mut a.formatted,
                "street" => &mut a.street,
                "city" => &mut a.city,
                "po box" => &mut a.po_box,
                "region" => &mut a.region,
                "postal code" => &mut a.postal_code,
                "country" => &mut a.country,
                "extended address" => &mut a.extended,
                _ => return,
            };
            *slot = Some(i);
        }
    }

    fn knows_anything(&self) -> bool {
        self.name.is_some()
            || self.given.is_some()
            || self.family.is_some()
            || self.org_name.is_some()
            || self.emails.values().any(|e| e.value.is_some())
            || self.phones.values().any(|p| p.value.is_some())
    }
}

/// Reads every row of a Google Contacts CSV export. A text without a header naming any known
/// column is a 400; a row that cannot be read is reported in `failed`.
pub fn parse(text: &str) -> Result<Parsed> {
    let mut reader = ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| invalid(format!("content: the CSV header cannot be read: {e}")))?
        .clone();
    let columns = Columns::of(&header);
    if !columns.knows_anything() {
        return Err(invalid(
            "content: not a Google Contacts CSV export (the header names no name, \
             organization, e-mail or phone column)",
        ));
    }
    let mut parsed = Parsed::default();
    let mut ids = HashSet::new();
    let mut record = StringRecord::new();
    let mut index = 0;
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                parsed.failed.push(ImportFailure {
                    index,
                    line: Some(line),
                    external_id: None,
                    reason: format!("the row cannot be read: {e}"),
                });
                index += 1;
                continue;
            }
        }
        let line = record.position().map_or(line, |p| p.line());
        let fail = |reason: String| ImportFailure {
            index,
            line: Some(line),
            external_id: None,
            reason,
        };
        if record.len() != header.len() {
            parsed.failed.push(fail(format!(
                "the row has {} fields, the header {}",
                record.len(),
                header.len()
            )));
        } else {
            let mut c = row(&columns, &record);
            if c.is_empty() {
                parsed.failed.push(fail(
                    "the row holds no name, organization, email, phone or address".to_string(),
                ));
            } else {
                let base = c.external_id.clone();
                let mut n = 1;
                while !ids.insert(c.external_id.clone()) {
                    n += 1;
                    c.external_id = format!("{base}~{n}");
                }
                parsed.contacts.push(c);
            }
        }
        index += 1;
    }
    Ok(parsed)
}

fn cell(record: &StringRecord, i: Option<usize>) -> &str {
    i.and_then(|i| record.get(i)).unwrap_or("")
}

fn values(s: &str) -> Vec<String> {
    s.split(MULTI).filter_map(clean).collect()
}

fn row(columns: &Columns, r: &StringRecord) -> ImportedContact {
    let get = |i: Option<usize>| clean(cell(r, i));
    let mut c = ImportedContact {
        title: get(columns.prefix),
        first_name: get(columns.given),
        middle_name: get(columns.additional),
        last_name: get(columns.family),
        organization_name: get(columns.org_name),
        profession: get(columns.org_title),
        ..ImportedContact::default()
    };
    if c.first_name.is_none() && c.last_name.is_none() {
        (c.first_name, c.last_name) = split_full_name(cell(r, columns.name));
    }
    for n in columns.emails.values() {
        for v in values(cell(r, n.value)) {
            c.basic_infos.push(mapping::email(cell(r, n.label), v));
        }
    }
    for n in columns.phones.values() {
        for v in values(cell(r, n.value)) {
            c.basic_infos.push(mapping::phone(cell(r, n.label), v));
        }
    }
    for n in columns.websites.values() {
        for v in values(cell(r, n.value)) {
            c.basic_infos.push(mapping::website(cell(r, n.label), v));
        }
    }
    for a in columns.addresses.values() {
        address(a, r, &mut c.addresses);
    }
    c.photo_urls = values(cell(r, columns.photo))
        .into_iter()
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .collect();
    for g in cell(r, columns.groups).split(MULTI) {
        if let Some(g) = clean(g.trim().trim_start_matches('*')) {
            if !c.group_ids.contains(&g) {
                c.group_ids.push(g);
            }
        }
    }
    let reach = c
        .basic_infos
        .iter()
        .find(|b| b.kind == interact_domain::import::BasicInfoType::Email)
        .or(c.basic_infos.first())
        .map_or("", |b| b.value.as_str());
    c.external_id = derived_id(&[
        c.first_name.as_deref().unwrap_or(""),
        c.middle_name.as_deref().unwrap_or(""),
        c.last_name.as_deref().unwrap_or(""),
        c.organization_name.as_deref().unwrap_or(""),
        reach,
    ]);
    c
}

/// The addresses of one `Address N - …` group: several addresses of one label share the
/// cells, ` ::: `-separated, the k-th piece of each cell belonging to the k-th address.
fn address(a: &AddressColumns, r: &StringRecord, out: &mut Vec<ImportedAddress>) {
    let split = |i: Option<usize>| -> Vec<&str> { cell(r, i).split(MULTI).collect() };
    let [street, city, po_box, region, zip, country, extended, formatted] = [
        a.street,
        a.city,
        a.po_box,
        a.region,
        a.postal_code,
        a.country,
        a.extended,
        a.formatted,
    ]
    .map(split);
    let count = [
        &street, &city, &po_box, &region, &zip, &country, &extended, &formatted,
    ]
    .iter()
    .map(|v| v.len())
    .max()
    .unwrap_or(0);
    let subtype = mapping::address_label(&mapping::label_key(cell(r, a.label)));
    let at = |v: &Vec<&str>, k: usize| v.get(k).and_then(|s| clean(s));
    for k in 0..count {
        let mut lines = street
            .get(k)
            .map(|s| s.lines().filter_map(clean).collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter();
        let mut addr = ImportedAddress {
            subtype,
            addressline1: lines.next(),
            addressline2: None,
            addressline3: at(&po_box, k),
            city: at(&city, k),
            zip: at(&zip, k),
            state: at(&region, k),
            country: at(&country, k),
        };
        let rest: Vec<String> = lines.chain(at(&extended, k)).collect();
        addr.addressline2 = (!rest.is_empty()).then(|| rest.join(", "));
        if addr.is_empty() {
            // Only the formatted text: its first line is the street, the rest the second line.
            if let Some(f) = at(&formatted, k) {
                let mut lines = f.lines().filter_map(clean);
                addr.addressline1 = lines.next();
                let rest: Vec<String> = lines.collect();
                addr.addressline2 = (!rest.is_empty()).then(|| rest.join(", "));
            }
        }
        if !addr.is_empty() {
            out.push(addr);
        }
    }
}

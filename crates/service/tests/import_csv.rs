//! The CSV connector on both Google Contacts export formats: multi-value cells, primary
//! markers, groups, malformed rows among good ones, hostile input, and a large file.

use interact_domain::import::{BasicInfoSubtype as Sub, BasicInfoType as Type, ImportedContact};
use interact_service::import::{csv, Connector, ContactQuery, FileConnector, GroupFilter};

mod common;

/// The older export ("Google CSV"), with a quoted multi-line street.
const OLD: &str = "Name,Given Name,Additional Name,Family Name,Yomi Name,Name Prefix,Name Suffix,Nickname,Birthday,Notes,Photo,Group Membership,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,E-mail 2 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,Address 1 - Type,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address,Organization 1 - Type,Organization 1 - Name,Organization 1 - Yomi Name,Organization 1 - Title,Website 1 - Type,Website 1 - Value
Ann Lee,Ann,B.,Lee,,Dr.,,,,\"Met at the fair, 2019\",https://lh3.googleusercontent.com/a/photo,* myContacts ::: Friends ::: * starred,* Work,ann@acme.example ::: ann.lee@acme.example,Home,ann@home.example,Mobile,+49 170 1234567 ::: +49 171 7654321,Work Fax,+49 30 999,Home,\"Main St 1
Berlin\",\"Main St 1
Hinterhaus\",Berlin,PO 7,BE,10115,Germany,Floor 2,,Acme,,CTO,Profile,https://ann.example
Bob,,,,,,,,,,,* myContacts,,,,,Pager,555,,,,,,,,,,,,,,,,,
";

/// The newer export ("Google CSV" since 2023).
const NEW: &str = "\u{feff}First Name,Middle Name,Last Name,Phonetic First Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Address 1 - Label,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address,Website 1 - Label,Website 1 - Value
Carla,,Diaz,,,,,,Initech,Engineer,,,,,* myContacts ::: Clients,* Other,carla@example.com,Work,+1 555 0100,Boat,+1 555 0199,Work,,,Austin,,TX,73301,USA,,Blog,https://carla.example
";

fn infos(c: &ImportedContact) -> Vec<(Type, Option<Sub>, &str)> {
    c.basic_infos
        .iter()
        .map(|b| (b.kind, b.subtype, b.value.as_str()))
        .collect()
}

#[test]
fn reads_the_older_export() {
    let parsed = csv::parse(OLD).unwrap();
    assert!(parsed.failed.is_empty(), "{:?}", parsed.failed);
    let [ann, bob] = parsed.contacts.as_slice() else {
        panic!("{:?}", parsed.contacts)
    };
    assert_eq!(ann.title.as_deref(), Some("Dr."));
    assert_eq!(ann.first_name.as_deref(), Some("Ann"));
    assert_eq!(ann.middle_name.as_deref(), Some("B."));
    assert_eq!(ann.last_name.as_deref(), Some("Lee"));
    assert_eq!(ann.organization_name.as_deref(), Some("Acme"));
    assert_eq!(ann.profession.as_deref(), Some("CTO"));
    assert_eq!(
        infos(ann),
        [
            (Type::Email, Some(Sub::Work), "ann@acme.example"),
            (Type::Email, Some(Sub::Work), "ann.lee@acme.example"),
            (Type::Email, Some(Sub::Home), "ann@home.example"),
            (Type::Mobile, None, "+49 170 1234567"),
            (Type::Mobile, None, "+49 171 7654321"),
            (Type::Fax, Some(Sub::Work), "+49 30 999"),
            (Type::Website, Some(Sub::Other), "https://ann.example"),
        ]
    );
    let a = &ann.addresses[0];
    assert_eq!(a.subtype, Some(Sub::Home));
    assert_eq!(a.addressline1.as_deref(), Some("Main St 1"));
    assert_eq!(a.addressline2.as_deref(), Some("Hinterhaus, Floor 2"));
    assert_eq!(a.addressline3.as_deref(), Some("PO 7"));
    assert_eq!(
        (
            a.city.as_deref(),
            a.state.as_deref(),
            a.zip.as_deref(),
            a.country.as_deref()
        ),
        (Some("Berlin"), Some("BE"), Some("10115"), Some("Germany"))
    );
    assert_eq!(ann.group_ids, ["myContacts", "Friends", "starred"]);
    assert_eq!(
        ann.photo_urls,
        ["https://lh3.googleusercontent.com/a/photo"]
    );
    assert_eq!(ann.updated, None);
    // Only the full name: it is the first name.
    assert_eq!(bob.first_name.as_deref(), Some("Bob"));
    assert_eq!(bob.last_name, None);
    assert_eq!(infos(bob), [(Type::Phone, Some(Sub::Other), "555")]);
    assert_ne!(ann.external_id, bob.external_id);
    // Ids are stable across reads.
    assert_eq!(
        csv::parse(OLD).unwrap().contacts[0].external_id,
        ann.external_id
    );
}

#[test]
fn reads_the_newer_export() {
    let parsed = csv::parse(NEW).unwrap();
    assert!(parsed.failed.is_empty(), "{:?}", parsed.failed);
    let c = &parsed.contacts[0];
    assert_eq!(c.first_name.as_deref(), Some("Carla"));
    assert_eq!(c.last_name.as_deref(), Some("Diaz"));
    assert_eq!(c.organization_name.as_deref(), Some("Initech"));
    assert_eq!(c.profession.as_deref(), Some("Engineer"));
    assert_eq!(
        infos(c),
        [
            (Type::Email, Some(Sub::Other), "carla@example.com"),
            (Type::Phone, Some(Sub::Work), "+1 555 0100"),
            (Type::Phone, None, "+1 555 0199"),
            (Type::Website, Some(Sub::Other), "https://carla.example"),
        ]
    );
    assert_eq!(c.basic_infos[2].label.as_deref(), Some("Boat"));
    assert_eq!(c.addresses[0].subtype, Some(Sub::Work));
    assert_eq!(c.addresses[0].city.as_deref(), Some("Austin"));
    assert_eq!(c.addresses[0].addressline1, None);
    assert_eq!(c.group_ids, ["myContacts", "Clients"]);
}

#[test]
fn malformed_rows_are_reported_and_the_rest_imported() {
    let text = "Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value
Ann,Lee,Work,ann@x.example
too,few
,,,
Bob,Stone,Home,bob@x.example,surplus
\"Cy\",\"Unterminated,Home,cy@x.example
";
    let parsed = csv::parse(text).unwrap();
    let names: Vec<_> = parsed
        .contacts
        .iter()
        .map(|c| c.first_name.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(names, ["Ann"]);
    let failed: Vec<_> = parsed
        .failed
        .iter()
        .map(|f| (f.index, f.line, f.reason.as_str()))
        .collect();
    assert_eq!(
        failed[..3],
        [
            (1, Some(3), "the row has 2 fields, the header 4"),
            (
                2,
                Some(4),
                "the row holds no name, organization, email, phone or address"
            ),
            (3, Some(5), "the row has 5 fields, the header 4"),
        ]
    );
    // An unterminated quote runs to the end of the text: one bad row.
    assert_eq!(failed.len(), 4, "{failed:?}");
    assert_eq!(failed[3].0, 4);
}

#[test]
fn not_a_google_export() {
    for text in [
        "",
        "\n\n",
        "a,b,c\n1,2,3\n",
        "\u{0}\u{1}\u{2}\u{fffd} binary garbage",
    ] {
        let e = csv::parse(text).unwrap_err();
        assert_eq!(e.code(), 92010151112001, "{text:?}");
        assert!(e.devmsg.contains("Google Contacts CSV"), "{}", e.devmsg);
    }
    // A header only: nothing to import, nothing failed.
    let p = csv::parse("First Name,Last Name\n").unwrap();
    assert!(p.contacts.is_empty() && p.failed.is_empty());
    let huge = format!("First Name,Notes\nAnn,{}\n", "x".repeat(5_000_000));
    assert_eq!(csv::parse(&huge).unwrap().contacts.len(), 1);
}

#[actix_rt::test]
async fn the_connector_lists_labels_and_filters_by_group() {
    let c = FileConnector::csv(OLD.to_string(), String::new());
    let groups = c.contact_groups().await.unwrap();
    let g: Vec<_> = groups
        .iter()
        .map(|g| (g.external_id.as_str(), g.name.as_str(), g.member_count))
        .collect();
    assert_eq!(
        g,
        [
            ("Friends", "Friends", Some(1)),
            ("myContacts", "myContacts", Some(2)),
            ("starred", "starred", Some(1)),
        ]
    );
    let c = &c;
    let only = |groups: &'static str| async move {
        let q = ContactQuery {
            groups: GroupFilter::parse(groups),
            ..Default::default()
        };
        c.contacts(&q)
            .await
            .unwrap()
            .contacts
            .into_iter()
            .map(|c| c.first_name.unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert_eq!(only("Friends").await, ["Ann"]);
    // Everyone is in myContacts; "none" means no other group.
    assert_eq!(only("none").await, ["Bob"]);
    assert_eq!(only("Friends,none").await, ["Ann", "Bob"]);
}

#[test]
fn fifty_thousand_rows() {
    let mut text = String::from(
        "First Name,Last Name,Organization Name,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value\n",
    );
    for i in 0..50_000 {
        text.push_str(&format!(
            "First{i},Last{i},Company {i},* myContacts ::: Group{},* Work,p{i}@example.com ::: q{i}@example.com,Mobile,+49 170 {i:07},Work,+49 30 {i:07}\n",
            i % 10
        ));
    }
    common::parses_in_time("CSV rows", 50_000, &text, csv::parse);
}

/// Random mixes of CSV syntax and noise (a fixed seed, so a failure is reproducible).
#[test]
fn random_inputs_never_panic() {
    // The pieces, separated by `|`.
    const PIECES: &str = "First Name|E-mail 1 - Value|Phone 1 - Label|Address 1 - Street|,|\"|\n|\r\n| ::: |* |Work|x@y|\u{0}|\u{fffd}|Address 2 - City|Labels";
    common::never_panics(0x5eed_1234_abcd_0002, PIECES, csv::parse);
}

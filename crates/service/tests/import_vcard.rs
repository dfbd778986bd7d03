//! The vCard connector on real-world shaped files: 3.0 and 4.0, folding, escapes, TYPE
//! parameters, photos, malformed cards among good ones, hostile input, and a large file.

use interact_domain::import::{BasicInfoSubtype as Sub, BasicInfoType as Type, ImportedContact};
use interact_service::import::{vcard, Connector, ContactQuery, FileConnector, GroupFilter};

mod common;

const V3: &str = "BEGIN:VCARD\r\n\
VERSION:3.0\r\n\
UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\n\
N:Gump;Forrest;Alexander;Mr.;\r\n\
FN:Forrest Gump\r\n\
ORG:Bubba Gump Shrimp Co.\\, Inc.;Sales\r\n\
TITLE:Shrimp Man\r\n\
PHOTO;VALUE=URI;TYPE=GIF:http://www.example.com/dir_photos/my_photo.gif\r\n\
TEL;TYPE=WORK,VOICE:(111) 555-1212\r\n\
TEL;TYPE=HOME,VOICE:(404) 555-1212\r\n\
TEL;TYPE=CELL:(404) 555-1313\r\n\
TEL;TYPE=WORK,FAX:(404) 555-1414\r\n\
TEL;TYPE=PAGER:(404) 555-1515\r\n\
ADR;TYPE=WORK,PREF:;;100 Waters Edge;Baytown;LA;30314;United States of America\r\n\
ADR;TYPE=HOME:PO 12;Apt 4;42 Plantation St.;Baytown;LA;30314;United States of Am\r\n erica\r\n\
EMAIL;TYPE=PREF,INTERNET:forrestgump@example.com\r\n\
EMAIL;TYPE=INTERNET,HOME:forrest@home.example.com\r\n\
URL;TYPE=WORK:https://shrimp.example.com\r\n\
CATEGORIES:Friends,Shrimp\\, and more\r\n\
REV:2008-04-24T19:52:43Z\r\n\
END:VCARD\r\n";

const V4: &str = "BEGIN:VCARD
VERSION:4.0
UID:urn:uuid:b5d1b0f4-1b0a-4f5f-8a4e-000000000004
N:Lee;Ann;;Dr.;
FN:Dr. Ann Lee
ORG:Acme
TEL;VALUE=uri;TYPE=\"voice,cell\";PREF=1:tel:+1-555-555-5555;ext=5555
TEL;VALUE=uri;TYPE=work:tel:+1-201-555-0123
TEL;TYPE=\"fax,home\":+1 201 555 0199
EMAIL;TYPE=work:ann@acme.example
EMAIL:ann@example.org
PHOTO:https://photos.example.org/ann.jpg
NOTE:This note is folded over two lines and carries a semicolon\\; and
  a comma\\, escaped
CATEGORIES:Clients
REV:20240102T030405Z
END:VCARD
";

fn one(text: &str) -> ImportedContact {
    let parsed = vcard::parse(text).unwrap();
    assert!(parsed.failed.is_empty(), "{:?}", parsed.failed);
    assert_eq!(parsed.contacts.len(), 1);
    parsed.contacts.into_iter().next().unwrap()
}

fn infos(c: &ImportedContact) -> Vec<(Type, Option<Sub>, &str)> {
    c.basic_infos
        .iter()
        .map(|b| (b.kind, b.subtype, b.value.as_str()))
        .collect()
}

#[test]
fn reads_a_vcard_3() {
    let c = one(V3);
    assert_eq!(
        c.external_id,
        "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
    );
    assert_eq!(c.title.as_deref(), Some("Mr."));
    assert_eq!(c.first_name.as_deref(), Some("Forrest"));
    assert_eq!(c.middle_name.as_deref(), Some("Alexander"));
    assert_eq!(c.last_name.as_deref(), Some("Gump"));
    assert_eq!(
        c.organization_name.as_deref(),
        Some("Bubba Gump Shrimp Co., Inc.")
    );
    assert_eq!(c.profession.as_deref(), Some("Shrimp Man"));
    assert_eq!(
        infos(&c),
        [
            (Type::Phone, Some(Sub::Work), "(111) 555-1212"),
            (Type::Phone, Some(Sub::Home), "(404) 555-1212"),
            (Type::Mobile, None, "(404) 555-1313"),
            (Type::Fax, Some(Sub::Work), "(404) 555-1414"),
            (Type::Phone, Some(Sub::Other), "(404) 555-1515"),
            (Type::Email, None, "forrestgump@example.com"),
            (Type::Email, Some(Sub::Home), "forrest@home.example.com"),
            (Type::Website, Some(Sub::Work), "https://shrimp.example.com"),
        ]
    );
    assert_eq!(c.addresses.len(), 2);
    let work = &c.addresses[0];
    assert_eq!(work.subtype, Some(Sub::Work));
    assert_eq!(work.addressline1.as_deref(), Some("100 Waters Edge"));
    assert_eq!(work.city.as_deref(), Some("Baytown"));
    assert_eq!(work.state.as_deref(), Some("LA"));
    assert_eq!(work.zip.as_deref(), Some("30314"));
    assert_eq!(work.country.as_deref(), Some("United States of America"));
    let home = &c.addresses[1];
    assert_eq!(home.subtype, Some(Sub::Home));
    assert_eq!(home.addressline2.as_deref(), Some("Apt 4"));
    assert_eq!(home.addressline3.as_deref(), Some("PO 12"));
    // Folded line joined back.
    assert_eq!(home.country.as_deref(), Some("United States of America"));
    assert_eq!(
        c.photo_urls,
        ["http://www.example.com/dir_photos/my_photo.gif"]
    );
    assert_eq!(c.group_ids, ["Friends", "Shrimp, and more"]);
    assert_eq!(c.updated, Some(1_209_066_763_000));
    assert!(!c.deleted);
}

#[test]
fn reads_a_vcard_4() {
    let c = one(V4);
    assert_eq!(
        c.external_id,
        "urn:uuid:b5d1b0f4-1b0a-4f5f-8a4e-000000000004"
    );
    assert_eq!(c.title.as_deref(), Some("Dr."));
    assert_eq!(c.first_name.as_deref(), Some("Ann"));
    assert_eq!(c.middle_name, None);
    assert_eq!(c.last_name.as_deref(), Some("Lee"));
    assert_eq!(
        infos(&c),
        [
            (Type::Mobile, None, "+1-555-555-5555"),
            (Type::Phone, Some(Sub::Work), "+1-201-555-0123"),
            (Type::Fax, Some(Sub::Home), "+1 201 555 0199"),
            (Type::Email, Some(Sub::Work), "ann@acme.example"),
            (Type::Email, None, "ann@example.org"),
        ]
    );
    assert_eq!(c.photo_urls, ["https://photos.example.org/ann.jpg"]);
    assert_eq!(c.group_ids, ["Clients"]);
    assert_eq!(c.updated, Some(1_704_164_645_000));
}

#[test]
fn a_card_without_uid_gets_a_stable_derived_id_and_fn_fills_missing_names() {
    let card = "BEGIN:VCARD\nVERSION:3.0\nFN:Jo Ann Smith\nEMAIL:jo@example.com\nEND:VCARD\n";
    let a = one(card);
    assert_eq!(a.first_name.as_deref(), Some("Jo Ann"));
    assert_eq!(a.last_name.as_deref(), Some("Smith"));
    assert_eq!(a.external_id.len(), 32);
    let changed_phone = card.replace("END:VCARD", "TEL:123\nEND:VCARD");
    assert_eq!(one(&changed_phone).external_id, a.external_id);
    // The same person twice in one file: two ids, stable by order.
    let parsed = vcard::parse(&format!("{card}{card}")).unwrap();
    assert_eq!(parsed.contacts.len(), 2);
    assert_eq!(
        parsed.contacts[1].external_id,
        format!("{}~2", a.external_id)
    );
}

#[test]
fn embedded_photos_are_not_urls_and_apple_groups_are_read() {
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;John;;;\r\n\
PHOTO;ENCODING=b;TYPE=JPEG:iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk\r\n \
YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\r\n\
item1.EMAIL;type=INTERNET;type=WORK;type=pref:john@work.example\r\n\
item1.X-ABLabel:_$!<Work>!$_\r\n\
END:VCARD\r\n";
    let c = one(card);
    assert!(c.photo_urls.is_empty());
    assert_eq!(
        infos(&c),
        [(Type::Email, Some(Sub::Work), "john@work.example")]
    );
}

#[test]
fn malformed_cards_are_reported_and_the_rest_imported() {
    let text = format!(
        "{V3}\
BEGIN:VCARD\nVERSION:3.0\nN:Broken;Bob;;;\nthis line has no colon\nEND:VCARD\n\
BEGIN:VCARD\nVERSION:3.0\nN:Nobody;Ned;;;\n\
{V4}\
BEGIN:VCARD\nVERSION:9.9\nN:Future;Fay;;;\nEND:VCARD\n\
BEGIN:VCARD\nVERSION:3.0\nNOTE:nothing else\nEND:VCARD\n\
BEGIN:VCARD\nVERSION:3.0\nUID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\nN:Twin;Tom;;;\nEND:VCARD\n"
    );
    let parsed = vcard::parse(&text).unwrap();
    let names: Vec<_> = parsed
        .contacts
        .iter()
        .map(|c| c.last_name.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(names, ["Gump", "Lee"]);
    let failed: Vec<_> = parsed
        .failed
        .iter()
        .map(|f| (f.index, f.reason.as_str()))
        .collect();
    assert_eq!(failed.len(), 5, "{failed:?}");
    assert_eq!(failed[0].0, 1);
    assert!(failed[0].1.contains("this line has no colon"), "{failed:?}");
    assert_eq!(failed[1], (2, "the card has no END:VCARD"));
    assert_eq!(failed[2], (4, "unsupported VERSION \"9.9\""));
    assert_eq!(failed[3].0, 5);
    assert!(failed[3].1.contains("holds no name"));
    assert_eq!(failed[4].0, 6);
    assert!(failed[4].1.contains("appears in an earlier card"));
    assert_eq!(
        parsed.failed[4].external_id.as_deref(),
        Some("urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1")
    );
    // Lines are counted from 1 in the text (the V3 sample has 22 lines).
    assert_eq!(parsed.failed[0].line, Some(23));
}

#[test]
fn hostile_input_never_panics() {
    for text in [
        "",
        "   \n\n",
        "\u{0}\u{1}\u{2}binary\u{fffd}\u{7f}garbage",
        "END:VCARD\nBEGIN:VCARD",
        "BEGIN:VCARD",
        "BEGIN:VCARD\r",
        "BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nEND:VCARD",
        "BEGIN:VCARD\nN:\u{0}\u{0};\u{fffd};;;\nEMAIL;TYPE=\"unterminated:x@y\nEND:VCARD",
        "BEGIN:VCARD\nREV:99999999T999999Z\nFN:X\nEND:VCARD",
        "BEGIN:VCARD\nREV:0000-00-00\nFN:X\nEND:VCARD",
        "BEGIN:VCARD\nTEL;VALUE=uri:tel:\nFN:X\nEND:VCARD",
        "\u{feff}BEGIN:VCARD\nFN:Bom\nEND:VCARD",
    ] {
        let _ = vcard::parse(text);
    }
    let huge_line = format!(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Long\nNOTE:{}\nEMAIL:a@b.c\nEND:VCARD\n",
        "x".repeat(5_000_000)
    );
    let c = one(&huge_line);
    assert_eq!(c.first_name.as_deref(), Some("Long"));
    let many_folds = format!(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Folded\nNOTE:a{}\nEND:VCARD\n",
        "\n b".repeat(100_000)
    );
    assert_eq!(one(&many_folds).first_name.as_deref(), Some("Folded"));
    let e = vcard::parse("just some text\nwithout cards").unwrap_err();
    assert_eq!(e.code(), 92010151112001);
    assert_eq!(e.status(), 400);
    assert!(vcard::parse("").is_err());
    let bom = vcard::parse("\u{feff}BEGIN:VCARD\nFN:Bom\nEND:VCARD").unwrap();
    assert_eq!(bom.contacts[0].first_name.as_deref(), Some("Bom"));
}

#[actix_rt::test]
async fn the_connector_lists_categories_and_filters_by_group_and_time() {
    let c = FileConnector::vcard(format!("{V3}{V4}"), "cards.vcf".into());
    assert_eq!(c.account().await.unwrap(), "cards.vcf");
    let groups = c.contact_groups().await.unwrap();
    let g: Vec<_> = groups
        .iter()
        .map(|g| (g.external_id.as_str(), g.member_count))
        .collect();
    assert_eq!(
        g,
        [
            ("Clients", Some(1)),
            ("Friends", Some(1)),
            ("Shrimp, and more", Some(1))
        ]
    );
    let c = &c;
    let only = |q: ContactQuery| async move {
        let f = c.contacts(&q).await.unwrap();
        assert!(f.complete);
        f.contacts
            .into_iter()
            .map(|c| c.last_name.unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert_eq!(only(ContactQuery::default()).await, ["Gump", "Lee"]);
    let by_group = ContactQuery {
        groups: GroupFilter::parse("Clients"),
        ..Default::default()
    };
    assert_eq!(only(by_group).await, ["Lee"]);
    let since_2010 = ContactQuery {
        updated_min: Some(1_262_304_000_000),
        ..Default::default()
    };
    assert_eq!(only(since_2010).await, ["Lee"]);
}

/// 10,000 cards in one text (run with `--nocapture` to see the figure; the ceiling keeps a
/// regression to quadratic time from passing).
#[test]
fn ten_thousand_cards() {
    let mut text = String::new();
    for i in 0..10_000 {
        text.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:card-{i}\r\nN:Last{i};First{i};;;\r\n\
FN:First{i} Last{i}\r\nORG:Company {i}\r\nTITLE:Engineer\r\n\
EMAIL;TYPE=INTERNET,WORK:person{i}@example.com\r\nTEL;TYPE=CELL:+49 170 {i:07}\r\n\
TEL;TYPE=WORK,VOICE:+49 30 {i:07}\r\nADR;TYPE=HOME:;;Street {i};Berlin;;10115;Germany\r\n\
CATEGORIES:Group{}\r\nEND:VCARD\r\n",
            i % 10
        ));
    }
    common::parses_in_time("vCards", 10_000, &text, vcard::parse);
}

/// Random mixes of vCard syntax and noise (a fixed seed, so a failure is reproducible).
#[test]
fn random_inputs_never_panic() {
    // The pieces, separated by `|`.
    const PIECES: &str = "BEGIN:VCARD|END:VCARD|VERSION:3.0|VERSION:4.0|N:|FN:|TEL|EMAIL|;TYPE=|work,cell|\"|:|;|,|\\|\r\n|\n|\n |=|\u{0}|\u{fffd}|é|tel:+1|REV:2024";
    common::never_panics(0x5eed_1234_abcd_0001, PIECES, vcard::parse);
}

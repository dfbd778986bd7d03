//! Contact pictures through HTTP: upload, read, list, update, delete one or several, the raw
//! bytes (byte for byte, content type, ETag, 304), the default picture, the size limit, bad
//! input naming the field, imported pictures (9305), another user's ids answering 404, the
//! contact projections, and the journal of every mutation.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Value};

use crate::common::*;

const GIF: &str = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";
const WEBP: &str = "UklGRiQAAABXRUJQVlA4IBgAAAAwAQCdASoBAAEAAwA0JaQAA3AA/vuUAAA=";

/// A JFIF header and the end-of-image marker: what a JPEG starts and ends with.
fn jpeg() -> Vec<u8> {
    let mut b = vec![0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10];
    b.extend_from_slice(b"JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00");
    b.extend_from_slice(&[0xff, 0xd9]);
    b
}

fn bytes(b64: &str) -> Vec<u8> {
    STANDARD.decode(b64).unwrap()
}

fn b64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// A PNG of about `n` bytes (the signature, then filler).
fn big_png(n: usize) -> Vec<u8> {
    let mut b = bytes(PNG);
    b.resize(n, 7);
    b
}

async fn upload(app: &TestApp, token: &str, contact: i64, base64: &str) -> Value {
    let r = app
        .put(
            "/v2/pictures",
            token,
            json!({"contactId": contact, "base64": base64}),
        )
        .await;
    entity(&r, 201)
}

/// `isDefault` of each of the contact's pictures, by id.
async fn defaults(app: &TestApp, token: &str, contact: i64) -> Vec<(i64, bool)> {
    let r = app
        .get(&format!("/v2/contacts/{contact}/pictures"), token)
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (id_of(p), p["isDefault"].as_bool().unwrap()))
        .collect()
}

/// Inserts a picture from an external system straight into the store.
async fn imported(app: &TestApp, user_id: i64, contact: i64, url: &str) -> i64 {
    let url = url.to_string();
    app.ctx
        .db
        .write(move |c| {
            interact_store::pictures::insert(
                c,
                &interact_store::pictures::PictureInsertForm {
                    user_id,
                    contact_id: contact,
                    type_: "google",
                    is_default: false,
                    url: Some(&url),
                    content_type: None,
                    byte_size: None,
                    digest: None,
                    created: 0,
                    modified: 0,
                },
                None,
            )
        })
        .await
        .unwrap()
        .id
}

/// (pictures, picture_data) rows in the whole database.
async fn rows(app: &TestApp) -> (i64, i64) {
    app.ctx
        .db
        .read(|c| {
            use diesel::prelude::*;
            use interact_store::schema::{picture_data, pictures};
            let p: i64 = pictures::table.count().get_result(c)?;
            let d: i64 = picture_data::table.count().get_result(c)?;
            Ok((p, d))
        })
        .await
        .unwrap()
}

#[actix_rt::test]
async fn uploads_round_trip_byte_for_byte_in_four_formats() {
    let app = TestApp::start().await;
    let (_, t) = app.owner("pics@example.com").await;
    let c = id_of(&app.person(&t, Person::named("Ada")).await);
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (bytes(PNG), "image/png"),
        (jpeg(), "image/jpeg"),
        (bytes(GIF), "image/gif"),
        (bytes(WEBP), "image/webp"),
    ];
    let mut ids = Vec::new();
    for (i, (raw, content_type)) in cases.iter().enumerate() {
        let p = upload(&app, &t, c, &b64(raw)).await;
        let pid = id_of(&p);
        ids.push(pid);
        // The documented shape; the first picture of a contact becomes its default.
        assert_eq!(
            p,
            json!({"id": pid, "isDefault": i == 0, "type": "interact",
                   "url": format!("/v2/pictures/{pid}/raw")})
        );
        let r = app.get(&format!("/v2/pictures/{pid}"), &t).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.json(), p);

        let r = app.get(&format!("/v2/pictures/{pid}/raw"), &t).await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(&r.body, raw, "{content_type} bytes");
        assert_eq!(r.header("content-type").as_deref(), Some(*content_type));
        assert_eq!(
            r.header("cache-control").as_deref(),
            Some("private, no-cache")
        );
        assert_eq!(
            r.header("x-content-type-options").as_deref(),
            Some("nosniff")
        );
        let etag = r.header("etag").expect("ETag");
        assert!(etag.starts_with('"') && etag.len() == 66, "{etag}");

        // If-None-Match with the ETag: 304 without a body; another ETag: the bytes.
        let r = app
            .call_with(
                "GET",
                &format!("/v2/pictures/{pid}/raw"),
                &[("authToken", t.as_str()), ("If-None-Match", etag.as_str())],
                None,
            )
            .await;
        assert_eq!(r.status, 304);
        assert!(r.body.is_empty());
        assert_eq!(r.header("etag"), Some(etag.clone()));
        let r = app
            .call_with(
                "GET",
                &format!("/v2/pictures/{pid}/raw"),
                &[
                    ("authToken", t.as_str()),
                    ("If-None-Match", "\"other\", W/\"x\""),
                ],
                None,
            )
            .await;
        assert_eq!(r.status, 200);
        assert_eq!(&r.body, raw);

        // `<img src>` carries the token in the query.
        let r = app
            .call(
                "GET",
                &format!("/v2/pictures/{pid}/raw?authToken={t}"),
                None,
                None,
            )
            .await;
        assert_eq!(r.status, 200);
        assert_eq!(&r.body, raw);
    }
    // Without a token: 401 in the envelope.
    let r = app
        .call("GET", &format!("/v2/pictures/{}/raw", ids[0]), None, None)
        .await;
    assert_eq!(r.status, 401);

    // The contact's list, ascending, one default.
    let r = app.get(&format!("/v2/contacts/{c}/pictures"), &t).await;
    assert_eq!(r.status, 200);
    let list = r.json();
    let got: Vec<i64> = list.as_array().unwrap().iter().map(id_of).collect();
    assert_eq!(got, ids);
    assert_eq!(
        list[1],
        json!({"id": ids[1], "isDefault": false, "type": "interact",
               "url": format!("/v2/pictures/{}/raw", ids[1])})
    );
    // JSONP works on reads.
    let r = app
        .get(&format!("/v2/pictures/{}?callback=cb", ids[0]), &t)
        .await;
    assert!(r.text().starts_with("/**/cb("), "{}", r.text());
}

#[actix_rt::test]
async fn base64_is_read_with_or_without_padding_line_breaks_and_data_urls() {
    let app = TestApp::start().await;
    let (_, t) = app.owner("b64@example.com").await;
    let c = id_of(&app.person(&t, Person::named("Ada")).await);
    let png = bytes(PNG);
    let padded = b64(&png);
    let unpadded = padded.trim_end_matches('=').to_string();
    let broken: String = padded
        .as_bytes()
        .chunks(20)
        .map(|l| std::str::from_utf8(l).unwrap())
        .collect::<Vec<_>>()
        .join("\r\n");
    let data_url = format!("data:image/png;base64,{padded}");
    for text in [padded, unpadded, broken, data_url] {
        let p = upload(&app, &t, c, &text).await;
        let r = app
            .get(&format!("/v2/pictures/{}/raw", id_of(&p)), &t)
            .await;
        assert_eq!(r.body, png, "{text}");
    }
}

#[actix_rt::test]
async fn bad_input_names_the_field_and_stores_nothing() {
    let app = TestApp::start().await;
    let (_, t) = app.owner("bad@example.com").await;
    let c = id_of(&app.person(&t, Person::named("Ada")).await);
    let cases = [
        (json!({"base64": PNG}), 400, 92020121002002_u64, "contactId"),
        (json!({"contactId": c}), 400, 92020121002002, "base64"),
        (
            json!({"contactId": c, "base64": "not base64!"}),
            400,
            92010121002001,
            "base64",
        ),
        (
            json!({"contactId": c, "base64": b64(b"just some text, not an image")}),
            400,
            92010121002001,
            "base64",
        ),
        (
            json!({"contactId": c, "base64": ""}),
            400,
            92010121002001,
            "base64",
        ),
        (
            json!({"contactId": c, "base64": "data:image/png,iVBORw0K"}),
            400,
            92010121002001,
            "base64",
        ),
        (
            json!({"contactId": "x", "base64": PNG}),
            400,
            92010121002001,
            "contactId",
        ),
    ];
    for (body, status, code, field) in cases {
        let r = app.put("/v2/pictures", &t, body.clone()).await;
        let b = r.assert_error(status, code);
        assert!(
            b["devmsg"].as_str().unwrap().contains(field),
            "{body} → {b}"
        );
    }
    assert_eq!(rows(&app).await, (0, 0));

    let p = upload(&app, &t, c, PNG).await;
    let path = format!("/v2/pictures/{}", id_of(&p));
    // An update must change something; a picture stays with its contact.
    app.post(&path, &t, json!({}))
        .await
        .assert_error(400, 92020111002002);
    let other = id_of(&app.person(&t, Person::named("Bob")).await);
    app.post(&path, &t, json!({"contactId": other, "isDefault": true}))
        .await
        .assert_error(400, 92010111002001);
    app.post(&path, &t, json!({"base64": "%%%"}))
        .await
        .assert_error(400, 92010111002001);
    app.get("/v2/pictures/abc", &t)
        .await
        .assert_error(400, 92010101002005);
    app.delete("/v2/pictures?ids=1,x", &t)
        .await
        .assert_error(400, 92010141002005);
    app.delete("/v2/pictures", &t)
        .await
        .assert_error(400, 92020141002002);
    // The stored picture did not change.
    let r = app.get(&format!("{path}/raw"), &t).await;
    assert_eq!(r.body, bytes(PNG));
}

#[actix_rt::test]
async fn pictures_over_the_limit_answer_413_and_store_nothing() {
    let app = TestApp::with(|s| s.max_picture = 1000).await;
    let (_, t) = app.owner("big@example.com").await;
    let c = id_of(&app.person(&t, Person::named("Ada")).await);
    let fits = big_png(1000);
    let p = upload(&app, &t, c, &b64(&fits)).await;
    assert_eq!(rows(&app).await, (1, 1));

    // One byte more: 413 in the envelope, naming base64.
    let r = app
        .put(
            "/v2/pictures",
            &t,
            json!({"contactId": c, "base64": b64(&big_png(1001))}),
        )
        .await;
    let b = r.assert_error(413, 92010121002003);
    assert!(b["devmsg"].as_str().unwrap().contains("base64"), "{b}");
    assert!(b["devmsg"].as_str().unwrap().contains("1000"), "{b}");
    // Far more than the body may carry: the extractor's 413 says what the limit is about.
    let r = app
        .put(
            "/v2/pictures",
            &t,
            json!({"contactId": c, "base64": b64(&big_png(300 * 1024))}),
        )
        .await;
    let b = r.assert_error(413, 92010121002003);
    assert!(
        b["devmsg"]
            .as_str()
            .unwrap()
            .contains("picture of at most 1000 bytes"),
        "{b}"
    );
    // An update past the limit changes nothing.
    let path = format!("/v2/pictures/{}", id_of(&p));
    app.post(&path, &t, json!({"base64": b64(&big_png(2000))}))
        .await
        .assert_error(413, 92010111002003);
    assert_eq!(rows(&app).await, (1, 1));
    assert_eq!(app.get(&format!("{path}/raw"), &t).await.body, fits);
    let picture_entries = app
        .journal(&t)
        .await
        .into_iter()
        .filter(|e| e.1 == "picture")
        .count();
    assert_eq!(picture_entries, 1);
}

#[actix_rt::test]
async fn uploads_may_be_larger_than_the_json_body_limit() {
    // The test server's INTERACT_MAX_BODY is 64 KiB; the picture limit (5 MiB) decides.
    let app = TestApp::start().await;
    let (_, t) = app.owner("large@example.com").await;
    let c = id_of(&app.person(&t, Person::named("Ada")).await);
    let png = big_png(200 * 1024);
    let p = upload(&app, &t, c, &b64(&png)).await;
    let r = app
        .get(&format!("/v2/pictures/{}/raw", id_of(&p)), &t)
        .await;
    assert_eq!(r.body, png);
    // Other routes keep the body limit.
    let r = app
        .put(
            "/v2/notes",
            &t,
            json!({"message": "x".repeat(100 * 1024), "relatedTo": {"id": c}}),
        )
        .await;
    let b = r.assert_error(413, 92010124002003);
    assert!(!b["devmsg"].as_str().unwrap().contains("picture"), "{b}");
}

#[actix_rt::test]
async fn one_default_picture_per_contact() {
    let app = TestApp::start().await;
    let (_, t) = app.owner("default@example.com").await;
    let c = id_of(&app.person(&t, Person::named("Ada")).await);
    let a = id_of(&upload(&app, &t, c, PNG).await);
    let b = id_of(&upload(&app, &t, c, GIF).await);
    assert_eq!(defaults(&app, &t, c).await, vec![(a, true), (b, false)]);

    // Uploaded as default: the old default loses the flag.
    let r = app
        .put(
            "/v2/pictures",
            &t,
            json!({"contactId": c, "base64": WEBP, "isDefault": true}),
        )
        .await;
    let w = id_of(&entity(&r, 201));
    assert_eq!(
        defaults(&app, &t, c).await,
        vec![(a, false), (b, false), (w, true)]
    );

    // Made default by an update.
    let p = entity(
        &app.post(&format!("/v2/pictures/{b}"), &t, json!({"isDefault": true}))
            .await,
        200,
    );
    assert_eq!(
        p,
        json!({"id": b, "isDefault": true, "type": "interact", "url": format!("/v2/pictures/{b}/raw")})
    );
    assert_eq!(
        defaults(&app, &t, c).await,
        vec![(a, false), (b, true), (w, false)]
    );

    // Deleting the default makes the newest remaining picture the default.
    assert_deleted(&app.delete(&format!("/v2/pictures/{b}"), &t).await);
    assert_eq!(defaults(&app, &t, c).await, vec![(a, false), (w, true)]);

    // isDefault false clears the flag; the contact then has no default.
    entity(
        &app.post(
            &format!("/v2/pictures/{w}"),
            &t,
            json!({"isDefault": false}),
        )
        .await,
        200,
    );
    assert_eq!(defaults(&app, &t, c).await, vec![(a, false), (w, false)]);
    // The next upload becomes the default, as the contact has none.
    let n = id_of(&upload(&app, &t, c, PNG).await);
    assert_eq!(
        defaults(&app, &t, c).await,
        vec![(a, false), (w, false), (n, true)]
    );

    // Pictures of another contact are not touched.
    let other = id_of(&app.person(&t, Person::named("Bob")).await);
    let o = id_of(&upload(&app, &t, other, PNG).await);
    assert_eq!(defaults(&app, &t, other).await, vec![(o, true)]);
    assert_eq!(
        defaults(&app, &t, c).await,
        vec![(a, false), (w, false), (n, true)]
    );
}

#[actix_rt::test]
async fn an_update_replaces_the_bytes_and_the_etag() {
    let app = TestApp::start().await;
    let (_, t) = app.owner("replace@example.com").await;
    let c = id_of(&app.person(&t, Person::named("Ada")).await);
    let p = id_of(&upload(&app, &t, c, PNG).await);
    let raw = format!("/v2/pictures/{p}/raw");
    let old_etag = app.get(&raw, &t).await.header("etag").unwrap();
    let u = entity(
        &app.post(&format!("/v2/pictures/{p}"), &t, json!({"base64": GIF}))
            .await,
        200,
    );
    assert_eq!(u["isDefault"], json!(true));
    let r = app
        .call_with(
            "GET",
            &raw,
            &[
                ("authToken", t.as_str()),
                ("If-None-Match", old_etag.as_str()),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body, bytes(GIF));
    assert_eq!(r.header("content-type").as_deref(), Some("image/gif"));
    assert_ne!(r.header("etag").unwrap(), old_etag);
}

#[actix_rt::test]
async fn imported_pictures_only_change_their_default_flag() {
    let app = TestApp::start().await;
    let (uid, t) = app.owner("import@example.com").await;
    let c = id_of(&app.person(&t, Person::named("Ada")).await);
    let own = id_of(&upload(&app, &t, c, PNG).await);
    let url = "https://photos.example.com/ada.jpg";
    let g = imported(&app, uid, c, url).await;
    let r = app.get(&format!("/v2/pictures/{g}"), &t).await;
    assert_eq!(
        r.json(),
        json!({"id": g, "isDefault": false, "type": "google", "url": url})
    );

    // base64 is refused (9305), whatever it holds; isDefault may change.
    let path = format!("/v2/pictures/{g}");
    for base64 in [PNG, "%%%"] {
        let b = app
            .post(&path, &t, json!({"base64": base64, "isDefault": true}))
            .await
            .assert_error(400, 93050111007002);
        assert!(b["devmsg"].as_str().unwrap().contains("base64"), "{b}");
    }
    let p = entity(&app.post(&path, &t, json!({"isDefault": true})).await, 200);
    assert_eq!(p["isDefault"], json!(true));
    assert_eq!(defaults(&app, &t, c).await, vec![(own, false), (g, true)]);

    // It cannot be deleted, alone or among others (then nothing is deleted).
    app.delete(&path, &t)
        .await
        .assert_error(400, 93050141007002);
    app.delete(&format!("/v2/pictures?ids={own},{g}"), &t)
        .await
        .assert_error(400, 93050141007002);
    assert_eq!(defaults(&app, &t, c).await, vec![(own, false), (g, true)]);

    // Its raw url redirects to the external picture (read without following it).
    let res = awc::Client::builder()
        .disable_redirects()
        .finish()
        .get(app.url(&format!("{path}/raw")))
        .insert_header(("authToken", t.as_str()))
        .send()
        .await
        .expect("request sent");
    assert_eq!(res.status().as_u16(), 302);
    let location = res.headers().get("location").and_then(|v| v.to_str().ok());
    assert_eq!(location, Some(url));

    // Thin shows the default picture's url, base the pictures, flat their urls.
    let thin = app
        .get(&format!("/v2/contacts/{c}?projection=thin"), &t)
        .await
        .json();
    assert_eq!(thin["picture"], json!(url));
    // Deleting the contact deletes its pictures, the imported one too.
    assert_deleted(&app.delete(&format!("/v2/contacts/{c}"), &t).await);
    assert_eq!(rows(&app).await, (0, 0));
}

#[actix_rt::test]
async fn contacts_show_their_pictures_in_every_projection() {
    let app = TestApp::start().await;
    let (_, t) = app.owner("proj@example.com").await;
    let c = id_of(&app.person(&t, Person::named("Ada")).await);
    let bare = id_of(&app.person(&t, Person::named("Bob")).await);
    let a = id_of(&upload(&app, &t, c, PNG).await);
    let r = app
        .put(
            "/v2/pictures",
            &t,
            json!({"contactId": c, "base64": GIF, "isDefault": true}),
        )
        .await;
    let b = id_of(&entity(&r, 201));
    let (ua, ub) = (
        format!("/v2/pictures/{a}/raw"),
        format!("/v2/pictures/{b}/raw"),
    );

    let base = app.get(&format!("/v2/contacts/{c}"), &t).await.json();
    assert_eq!(
        base["pictures"],
        json!([
            {"id": a, "isDefault": false, "type": "interact", "url": ua},
            {"id": b, "isDefault": true, "type": "interact", "url": ub},
        ])
    );
    let flat = app
        .get(&format!("/v2/contacts/{c}?projection=flat"), &t)
        .await
        .json();
    assert_eq!(flat["pictures"], json!([ua, ub]));
    let thin = app
        .get(&format!("/v2/contacts/{c}?projection=thin"), &t)
        .await
        .json();
    assert_eq!(thin["picture"], json!(ub));

    // Lists load every contact's pictures.
    let list = app.get("/v2/contacts?projection=thin", &t).await.json();
    let pics: Vec<(i64, Value)> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["id"].as_i64().unwrap(), x["picture"].clone()))
        .collect();
    assert_eq!(pics, vec![(c, json!(ub)), (bare, Value::Null)]);
    let list = app.get("/v2/contacts?projection=flat", &t).await.json();
    assert_eq!(list["data"][0]["pictures"], json!([ua, ub]));
    assert_eq!(list["data"][1]["pictures"], json!([]));

    // Without a default, thin shows the first picture.
    entity(
        &app.post(
            &format!("/v2/pictures/{b}"),
            &t,
            json!({"isDefault": false}),
        )
        .await,
        200,
    );
    let thin = app
        .get(&format!("/v2/contacts/{c}?projection=thin"), &t)
        .await
        .json();
    assert_eq!(thin["picture"], json!(ua));
}

#[actix_rt::test]
async fn another_users_pictures_answer_404() {
    let app = TestApp::start().await;
    let (_, mine) = app.owner("mine@example.com").await;
    let (_, theirs) = app.owner("theirs@example.com").await;
    let my_contact = id_of(&app.person(&mine, Person::named("Ada")).await);
    let their_contact = id_of(&app.person(&theirs, Person::named("Eve")).await);
    let my_pic = id_of(&upload(&app, &mine, my_contact, PNG).await);
    let their_pic = id_of(&upload(&app, &theirs, their_contact, PNG).await);

    app.put(
        "/v2/pictures",
        &mine,
        json!({"contactId": their_contact, "base64": PNG}),
    )
    .await
    .assert_error(404, 91040121001001);
    app.put(
        "/v2/pictures",
        &mine,
        json!({"contactId": 999_999, "base64": PNG}),
    )
    .await
    .assert_error(404, 91040121001001);
    for p in [their_pic, 999_999] {
        app.get(&format!("/v2/pictures/{p}"), &mine)
            .await
            .assert_error(404, 91190101001001);
        app.get(&format!("/v2/pictures/{p}/raw"), &mine)
            .await
            .assert_error(404, 91190101001001);
        app.post(
            &format!("/v2/pictures/{p}"),
            &mine,
            json!({"isDefault": true}),
        )
        .await
        .assert_error(404, 91190111001001);
        app.delete(&format!("/v2/pictures/{p}"), &mine)
            .await
            .assert_error(404, 91190141001001);
    }
    app.get(&format!("/v2/contacts/{their_contact}/pictures"), &mine)
        .await
        .assert_error(404, 91040101001001);
    // All or nothing: my picture stays.
    let b = app
        .delete(&format!("/v2/pictures?ids={my_pic},{their_pic}"), &mine)
        .await
        .assert_error(404, 91190141001001);
    assert!(
        b["devmsg"]
            .as_str()
            .unwrap()
            .contains(&their_pic.to_string()),
        "{b}"
    );
    assert_eq!(
        defaults(&app, &mine, my_contact).await,
        vec![(my_pic, true)]
    );
    assert_eq!(
        defaults(&app, &theirs, their_contact).await,
        vec![(their_pic, true)]
    );
}

#[actix_rt::test]
async fn every_mutation_is_journaled() {
    let app = TestApp::start().await;
    let (_, t) = app.owner("journal@example.com").await;
    let c = id_of(&app.person(&t, Person::named("Ada")).await);
    let a = id_of(&upload(&app, &t, c, PNG).await);
    let r = app
        .put(
            "/v2/pictures",
            &t,
            json!({"contactId": c, "base64": GIF, "isDefault": true}),
        )
        .await;
    let b = id_of(&entity(&r, 201));
    entity(
        &app.post(&format!("/v2/pictures/{a}"), &t, json!({"base64": WEBP}))
            .await,
        200,
    );
    // Nothing to change: no entry.
    entity(
        &app.post(&format!("/v2/pictures/{b}"), &t, json!({"isDefault": true}))
            .await,
        200,
    );
    let n = id_of(&upload(&app, &t, c, PNG).await);
    assert_deleted(&app.delete(&format!("/v2/pictures?ids={b},{a}"), &t).await);
    assert_deleted(&app.delete(&format!("/v2/contacts/{c}"), &t).await);
    assert_eq!(
        app.journal(&t).await,
        vec![
            j("insert", "contact", c),
            j("insert", "picture", a),
            j("update", "picture", a),
            j("insert", "picture", b),
            j("update", "picture", a),
            j("insert", "picture", n),
            j("delete", "picture", b),
            j("delete", "picture", a),
            j("update", "picture", n),
            j("delete", "picture", n),
            j("delete", "contact", c),
        ]
    );
    // The states: the picture with its contact.
    let acts = app.get("/v2/activities?limit=1000", &t).await.json();
    let first = acts["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["entityType"] == json!("picture") && x["action"] == json!("insert"))
        .unwrap()
        .clone();
    assert_eq!(first["entity"]["oldState"], Value::Null);
    assert_eq!(first["entity"]["newState"]["contactId"], json!(c));
    assert_eq!(first["entity"]["newState"]["type"], json!("interact"));
    let demoted = acts["data"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|x| x["entityType"] == json!("picture") && x["action"] == json!("update"))
        .unwrap()
        .clone();
    assert_eq!(demoted["entity"]["oldState"]["isDefault"], json!(true));
    assert_eq!(demoted["entity"]["newState"]["isDefault"], json!(false));
    assert_eq!(rows(&app).await, (0, 0));
}

#[actix_rt::test]
async fn wiping_an_account_removes_its_pictures() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let (uid, t) = app.owner("wipe@example.com").await;
    let (_, other) = app.owner("keep@example.com").await;
    let c = id_of(&app.person(&t, Person::named("Ada")).await);
    upload(&app, &t, c, PNG).await;
    imported(&app, uid, c, "https://photos.example.com/a.jpg").await;
    let k = id_of(&app.person(&other, Person::named("Kim")).await);
    upload(&app, &other, k, GIF).await;
    assert_eq!(rows(&app).await, (3, 2));
    let r = app
        .post(
            &format!("/v2/admin/users/{uid}?cmd=wipeAccount"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(rows(&app).await, (1, 1));
}

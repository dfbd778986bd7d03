//! Cleanup, merge and share (2.5.3.2.5–2.5.3.2.8): duplicates and conflicts across phone
//! formats (import contacts included), merge moving what hangs off the merged contacts and
//! leaving tombstones, share giving each member a copy, and every bad input.

use std::time::Duration;

use serde_json::{json, Value};

use crate::common::*;

/// An id list in its wire form: ascending, comma-separated.
fn id_list(ids: &[i64]) -> String {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// An inactive import contact of a user (as the import would keep one), holding these
/// values; answers its id.
async fn import_contact(app: &TestApp, user_id: i64, name: &str, values: &[&str]) -> i64 {
    let region = app.ctx.config.default_region;
    let pairs: Vec<(String, String)> = values
        .iter()
        .map(|v| {
            let ty = if v.contains('@') {
                interact_domain::contacts::BasicInfoType::Email
            } else {
                interact_domain::contacts::BasicInfoType::Phone
            };
            (
                interact_service::numbers::match_key(ty, v, region),
                v.to_string(),
            )
        })
        .collect();
    let infos: Vec<Value> = values
        .iter()
        .map(|v| json!({"id": 0, "type": "phone", "subtype": null, "value": v, "excluded": false, "identifier": null}))
        .collect();
    let contact = json!({"contactType": "person", "firstName": null, "lastName": name,
                         "basicInfos": infos})
    .to_string();
    let external = format!("ext-{name}");
    app.ctx
        .db
        .write(move |c| {
            use interact_store::import::{insert_import_contact, set_import_values, Account};
            let a = Account {
                user_id,
                system: "google",
                account: "me@gmail.com",
            };
            let row = insert_import_contact(c, a, &external, &contact, 1)?;
            set_import_values(c, row.id, user_id, &pairs)?;
            Ok(row.id)
        })
        .await
        .unwrap()
}

async fn import_ids(app: &TestApp, user_id: i64, ids: Vec<i64>) -> Vec<i64> {
    app.ctx
        .db
        .read(move |c| interact_store::import_contacts::find_many(c, user_id, &ids))
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

fn conflict_ids(b: &Value) -> Vec<(i64, bool)> {
    b["data"]
        .as_array()
        .unwrap_or_else(|| panic!("{b}"))
        .iter()
        .map(|c| (id_of(c), c["active"].as_bool().unwrap()))
        .collect()
}

#[actix_rt::test]
async fn duplicates_and_conflicts_match_numbers_in_any_format() {
    let app = TestApp::start().await;
    let (uid, t) = app.owner("clean@example.com").await;
    let a = app
        .person(&t, Person::named("A").pairs(&[("phone", "+49 30 1234567")]))
        .await;
    let b = app
        .person(&t, Person::named("B").pairs(&[("mobile", "030 1234567")]))
        .await;
    let c = app
        .person(
            &t,
            Person::named("C").pairs(&[("fax", "0049301234567"), ("email", "Ada@Example.com")]),
        )
        .await;
    let d = app
        .person(
            &t,
            Person::named("D").pairs(&[("email", "ada@example.com")]),
        )
        .await;
    // One contact holding a number twice is no duplicate; neither is a lone number.
    app.person(
        &t,
        Person::named("E").pairs(&[("phone", "089 1234567"), ("mobile", "+49 89 1234567")]),
    )
    .await;
    let f = app
        .person(&t, Person::named("F").pairs(&[("phone", "040 7654321")]))
        .await;
    // A standalone basicInfo is no contact.
    let r = app
        .put(
            "/v2/basicInfos",
            &t,
            json!({"type": "phone", "value": "0891234567", "excluded": true}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    // Import contacts count: one shares F's number, one A's.
    let i1 = import_contact(&app, uid, "Imported F", &["+49 40 7654321"]).await;
    let i2 = import_contact(&app, uid, "Imported A", &["0049 30 1234567"]).await;
    // Another user's contacts and import contacts never count or show.
    let (other_id, other) = app.owner("other@example.com").await;
    app.person(
        &other,
        Person::named("tenant-b").pairs(&[("phone", "089 1234567")]),
    )
    .await;
    import_contact(&app, other_id, "tenant-b", &["+49 89 1234567"]).await;

    let r = app.get("/v2/cleanup?cmd=getDuplicates", &t).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.json(),
        json!(["+49301234567", "+49407654321", "ada@example.com"])
    );

    for v in [
        "030%201234567",
        "%2B49%2030%201234567",
        "0049301234567",
        "%2B49301234567",
    ] {
        let r = app
            .get(&format!("/v2/cleanup?cmd=getConflicts&value={v}"), &t)
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        let body = r.json();
        assert_eq!(body.as_object().unwrap().len(), 1, "{body}");
        assert_eq!(
            conflict_ids(&body),
            vec![
                (id_of(&a), true),
                (id_of(&b), true),
                (id_of(&c), true),
                (i2, false)
            ],
            "{v}"
        );
        // Contacts in the base projection, values as sent; import contacts as stored.
        let first = &body["data"][0];
        assert_eq!(first["firstName"], "A");
        assert_eq!(first["version"], 1);
        assert_eq!(first["basicInfos"][0]["value"], "+49 30 1234567");
        assert!(first["profiles"].is_object() && first["deals"].is_string());
        let imported = &body["data"][3];
        assert_eq!(imported["lastName"], "Imported A");
        assert_eq!(imported["basicInfos"][0]["value"], "0049 30 1234567");
    }
    let r = app
        .get("/v2/cleanup?cmd=getConflicts&value=ADA@example.COM", &t)
        .await;
    assert_eq!(
        conflict_ids(&r.json()),
        vec![(id_of(&c), true), (id_of(&d), true)]
    );
    let r = app
        .get("/v2/cleanup?cmd=getConflicts&value=040-7654321", &t)
        .await;
    assert_eq!(
        conflict_ids(&r.json()),
        vec![(id_of(&f), true), (i1, false)]
    );
    assert!(!r.text().contains("tenant-b"));
    let r = app
        .get("/v2/cleanup?cmd=getConflicts&value=0301111111", &t)
        .await;
    assert_eq!(r.json(), json!({"data": []}));
    // JSONP, like any read.
    let r = app
        .get("/v2/cleanup?cmd=getDuplicates&callback=cb", &t)
        .await;
    assert!(r.text().starts_with("/**/cb(["), "{}", r.text());

    // Bad input.
    app.get("/v2/cleanup?cmd=getConflicts", &t)
        .await
        .assert_error(400, 92020100902002);
    app.get("/v2/cleanup?cmd=getConflicts&value=%20", &t)
        .await
        .assert_error(400, 92020100902002);
    let long = "1".repeat(256);
    app.get(&format!("/v2/cleanup?cmd=getConflicts&value={long}"), &t)
        .await
        .assert_error(400, 92010100902003);
    let e = app
        .get("/v2/cleanup?cmd=findDuplicates", &t)
        .await
        .assert_error(400, 92010100902005);
    assert!(e["devmsg"].as_str().unwrap().contains("cmd"), "{e}");
    app.get("/v2/cleanup", &t)
        .await
        .assert_error(400, 92010100902005);
    let r = app
        .call("GET", "/v2/cleanup?cmd=getDuplicates", None, None)
        .await;
    assert_eq!(r.status, 401);
}

/// An interaction recorded by a trigger event and linked to `contact` as its person.
async fn interaction(app: &TestApp, token: &str, contact: i64, seed: u32) -> i64 {
    let r = app
        .put(
            "/v2/triggerDevices",
            token,
            json!({"deviceId": format!("imei-{seed}")}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let trig = r.json()["entity"]["triggerToken"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app
        .call_headers(
            "PUT",
            "/v2/interactions",
            None,
            Some(json!({"type": "call-incoming", "data": format!("0309999{seed:03}")})),
            &[("triggerToken".into(), trig)],
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let i = r.json()["entity"]["id"].as_i64().unwrap();
    let r = app
        .post(
            &format!("/v2/interactions/{i}"),
            token,
            json!({"personId": contact}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    i
}

#[actix_rt::test]
async fn merge_moves_related_records_and_leaves_tombstones() {
    let app = TestApp::start().await;
    let (uid, t) = app.owner("merge@example.com").await;
    let dev = device(&app, &t, 0x3c).await;
    let sync = format!("/v2/sync?deviceId={dev}");
    let org = create(
        &app,
        &t,
        json!({"contactType": "organization", "organizationName": "Acme"}),
    )
    .await;
    let target = app
        .person(
            &t,
            Person::named("Ada").pairs(&[("phone", "+49 30 1234567")]),
        )
        .await;
    let m1 = app
        .person(
            &t,
            Person::named("Ada L.").pairs(&[("mobile", "030 1234567")]),
        )
        .await;
    let r = app
        .post(
            &format!("/v2/contacts/{}", id_of(&m1)),
            &t,
            json!({"version": 1, "relatedTo": [id_of(&org)], "lastName": "Lovelace"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let m2 = app
        .person(
            &t,
            Person::named("A. Lovelace").pairs(&[("email", "ada@example.com")]),
        )
        .await;
    let d1 = app.deal(&t, "Engine", Some(id_of(&m1))).await;
    let d2 = app.deal(&t, "Notes", Some(id_of(&m2))).await;
    let d0 = app.deal(&t, "Own", Some(id_of(&target))).await;
    let n1 = app.note(&t, id_of(&m1), "first").await;
    let n2 = app.note(&t, id_of(&m1), "second").await;
    let n3 = app.note(&t, id_of(&m2), "third").await;
    let i1 = interaction(&app, &t, id_of(&m1), 1).await;
    let imp = import_contact(&app, uid, "Imported", &["+49 30 1234567"]).await;
    let r = app.get(&sync, &t).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let before = app.journal(&t).await.len();
    let m1_phone = m1["basicInfos"][0]["id"].as_i64().unwrap();
    let target_phone = target["basicInfos"][0]["id"].as_i64().unwrap();

    app.ctx.clock.advance_ms(1000);
    let r = app
        .post(
            "/v2/contacts?cmd=merge",
            &t,
            json!({
                "contactIds": [id_of(&m1), id_of(&m2), id_of(&m1)],
                "importContactIds": [imp],
                "contact": {
                    "id": id_of(&target), "version": 1, "lastName": "Lovelace",
                    "basicInfos": [
                        {"id": target_phone, "type": "phone", "value": "+49 30 1234567"},
                        {"id": m1_phone, "type": "mobile", "value": "030 1234567"},
                        {"type": "email", "value": "ada@example.com"}
                    ]
                }
            }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let b = r.json();
    assert_eq!(b["code"], 200);
    assert_eq!(b["devmsg"], "success");
    let merged = &b["entity"];
    assert_eq!(id_of(merged), id_of(&target));
    assert_eq!(merged["version"], 2);
    assert_eq!(merged["firstName"], "Ada");
    assert_eq!(merged["lastName"], "Lovelace");
    let bi_ids = fixtures::object_ids(merged, "basicInfos");
    assert_eq!(&bi_ids[..2], &[target_phone, m1_phone]);
    assert_eq!(merged["deals"], json!(id_list(&[d0, d1, d2])));
    assert_eq!(merged["notes"], json!(id_list(&[n1, n2, n3])));
    assert_eq!(merged["interactions"], json!(i1.to_string()));
    // The merged relation to the organization is contact data: the result names what it keeps.
    assert_eq!(merged["relatedTo"], json!(""));

    // The merged contacts are gone; what hung off them now hangs off the result.
    for m in [&m1, &m2] {
        app.get(&format!("/v2/contacts/{}", id_of(m)), &t)
            .await
            .assert_error(404, 91040101001001);
    }
    assert_eq!(import_ids(&app, uid, vec![imp]).await, Vec::<i64>::new());
    for d in [d1, d2] {
        let r = app.get(&format!("/v2/deals/{d}"), &t).await.json();
        assert_eq!(r["relatedTo"]["id"], id_of(&target), "{r}");
    }
    let r = app
        .get(&format!("/v2/contacts/{}/notes", id_of(&target)), &t)
        .await;
    assert_eq!(r.json().as_array().unwrap().len(), 3);
    let r = app.get(&format!("/v2/interactions/{i1}"), &t).await.json();
    assert_eq!(r["person"]["id"], id_of(&target), "{r}");
    let org_now = app
        .get(&format!("/v2/contacts/{}", id_of(&org)), &t)
        .await
        .json();
    assert_eq!(org_now["relatedTo"], json!(""));
    // Nothing is a duplicate any more.
    let r = app.get("/v2/cleanup?cmd=getDuplicates", &t).await;
    assert_eq!(r.json(), json!([]));

    // The journal: each move, the result's update, the tombstones.
    let entries = app.journal(&t).await;
    let new = &entries[before..];
    for e in [
        j("update", "deal", d1),
        j("update", "deal", d2),
        j("update", "note", n1),
        j("update", "note", n2),
        j("update", "note", n3),
        j("update", "interaction", i1),
        j("update", "contact", id_of(&target)),
        j("delete", "contact", id_of(&m1)),
        j("delete", "contact", id_of(&m2)),
        j("update", "contact", id_of(&org)),
        // The import contact taken in goes, journaled like the import journals them.
        j("delete", "importContact", imp),
    ] {
        assert!(new.contains(&e), "{e:?} not in {new:?}");
    }
    assert_eq!(new.len(), 11, "{new:?}");
    let acts = app.get("/v2/activities?limit=20", &t).await.json();
    let tomb = acts["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "delete" && a["entityId"] == id_of(&m1))
        .unwrap()
        .clone();
    // The tombstone's old state is the merged contact as it was before the merge.
    assert_eq!(
        tomb["entity"]["oldState"]["deals"],
        json!(d1.to_string()),
        "{tomb}"
    );
    assert_eq!(tomb["entity"]["newState"], Value::Null);

    // Sync: the result with its lists, the moved records, and the tombstones.
    let s = app.get(&sync, &t).await.json();
    let contact_ids: Vec<i64> = s["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect();
    assert!(contact_ids.contains(&id_of(&target)), "{s}");
    let synced = s["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| id_of(c) == id_of(&target))
        .unwrap();
    assert_eq!(synced["interactions"], json!(i1.to_string()));
    assert_eq!(s["deals"].as_array().unwrap().len(), 2, "{s}");
    assert_eq!(s["notes"].as_array().unwrap().len(), 3, "{s}");
    assert_eq!(s["interactions"].as_array().unwrap().len(), 1, "{s}");
    let mut deleted: Vec<i64> = s["deleted"].as_array().unwrap().iter().map(id_of).collect();
    deleted.sort();
    let mut want = vec![id_of(&m1), id_of(&m2)];
    want.sort();
    assert_eq!(deleted, want, "{s}");
    assert!(s["deleted"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["type"] == "contact"));
}

#[actix_rt::test]
async fn merge_into_a_new_contact_moves_tasks_and_pictures_with_one_default() {
    let app = TestApp::start().await;
    let (uid, t) = app.owner("merge-new@example.com").await;
    let a = app
        .person(
            &t,
            Person::named("Grace").pairs(&[("phone", "030 555 1234")]),
        )
        .await;
    let b = app
        .person(
            &t,
            Person::named("G. Hopper").pairs(&[("phone", "+49 30 5551234")]),
        )
        .await;
    let (ida, idb) = (id_of(&a), id_of(&b));
    let d = app.deal(&t, "Compiler", Some(idb)).await;
    let mut tasks = Vec::new();
    for contact in [ida, idb] {
        let r = app
            .put(
                "/v2/tasks",
                &t,
                json!({"title": "call", "relatedTo": {"id": contact, "type": "contact"}}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        tasks.push(r.json()["entity"]["id"].as_i64().unwrap());
    }
    // Imported pictures (they cannot be uploaded) through the store.
    let pics = app
        .ctx
        .db
        .write(move |c| {
            use diesel::prelude::*;
            use interact_store::schema::pictures;
            let mut pic_ids = Vec::new();
            for (contact, default) in [(ida, true), (ida, false), (idb, true)] {
                pic_ids.push(
                    diesel::insert_into(pictures::table)
                        .values((
                            pictures::user_id.eq(uid),
                            pictures::contact_id.eq(contact),
                            pictures::type_.eq("google"),
                            pictures::is_default.eq(default),
                            pictures::url.eq("https://example.com/p.png"),
                            pictures::created.eq(1_i64),
                            pictures::modified.eq(1_i64),
                        ))
                        .returning(pictures::id)
                        .get_result::<i64>(c)?,
                );
            }
            Ok(pic_ids)
        })
        .await
        .unwrap();

    let r = app
        .post(
            "/v2/contacts?cmd=merge",
            &t,
            json!({"contactIds": [idb, ida],
                   "contact": {"contactType": "person", "firstName": "Grace", "lastName": "Hopper",
                               "basicInfos": [{"type": "phone", "value": "030 555 1234"}]}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let merged = r.json()["entity"].clone();
    let new_id = id_of(&merged);
    assert!(new_id != ida && new_id != idb);
    assert_eq!(merged["version"], 1);
    assert_eq!(merged["deals"], json!(d.to_string()));
    for old in [ida, idb] {
        app.get(&format!("/v2/contacts/{old}"), &t)
            .await
            .assert_error(404, 91040101001001);
    }
    let entries = app.journal(&t).await;
    assert!(entries.contains(&j("insert", "contact", new_id)));
    assert!(entries.contains(&j("delete", "contact", ida)));
    // Every moved task and picture is journaled (devices sync them), and reads show the move.
    for task in &tasks {
        assert!(entries.contains(&j("update", "task", *task)), "{entries:?}");
        let r = app.get(&format!("/v2/tasks/{task}"), &t).await.json();
        assert_eq!(r["relatedTo"]["id"], new_id);
    }
    for pic in &pics {
        assert!(
            entries.contains(&j("update", "picture", *pic)),
            "{entries:?}"
        );
    }
    let shown = app
        .get(&format!("/v2/contacts/{new_id}/pictures"), &t)
        .await
        .json();
    assert_eq!(shown.as_array().unwrap().len(), 3, "{shown}");

    let (task_owners, pic_state) = app
        .ctx
        .db
        .read(move |c| {
            use diesel::prelude::*;
            use interact_store::schema::{pictures, tasks};
            let t: Vec<Option<i64>> = tasks::table
                .filter(tasks::id.eq_any(&tasks))
                .select(tasks::contact_id)
                .load(c)?;
            let p: Vec<(i64, i64, bool)> = pictures::table
                .filter(pictures::id.eq_any(&pics))
                .order(pictures::id)
                .select((pictures::id, pictures::contact_id, pictures::is_default))
                .load(c)?;
            Ok((t, p))
        })
        .await
        .unwrap();
    assert_eq!(task_owners, vec![Some(new_id), Some(new_id)]);
    // The first merged contact (contactIds order) with a default keeps it: B's.
    let defaults: Vec<bool> = pic_state.iter().map(|p| p.2).collect();
    assert!(pic_state.iter().all(|p| p.1 == new_id), "{pic_state:?}");
    assert_eq!(defaults, vec![false, false, true], "{pic_state:?}");

    // Into a contact with a default picture: the moved ones lose theirs.
    let c1 = app.person(&t, Person::named("Keeps").pairs(&[])).await;
    let c2 = app.person(&t, Person::named("Moves").pairs(&[])).await;
    let (i1, i2) = (id_of(&c1), id_of(&c2));
    let pics = app
        .ctx
        .db
        .write(move |c| {
            use diesel::prelude::*;
            use interact_store::schema::pictures;
            let mut ids = Vec::new();
            for contact in [i1, i2] {
                ids.push(
                    diesel::insert_into(pictures::table)
                        .values((
                            pictures::user_id.eq(uid),
                            pictures::contact_id.eq(contact),
                            pictures::type_.eq("google"),
                            pictures::is_default.eq(true),
                            pictures::created.eq(1_i64),
                            pictures::modified.eq(1_i64),
                        ))
                        .returning(pictures::id)
                        .get_result::<i64>(c)?,
                );
            }
            Ok(ids)
        })
        .await
        .unwrap();
    let r = app
        .post(
            "/v2/contacts?cmd=merge",
            &t,
            json!({"contactIds": [i2], "contact": {"id": i1, "version": 1}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let state = app
        .ctx
        .db
        .read(move |c| {
            use diesel::prelude::*;
            use interact_store::schema::pictures;
            Ok(pictures::table
                .filter(pictures::id.eq_any(&pics))
                .order(pictures::id)
                .select((pictures::contact_id, pictures::is_default))
                .load::<(i64, bool)>(c)?)
        })
        .await
        .unwrap();
    assert_eq!(state, vec![(i1, true), (i1, false)]);
}

/// The target among `contactIds` is already the result, and is not merged into itself (found
/// by Schemathesis: the document cannot say that an id is not in a list, so a 400 refused a
/// body it calls valid). The others are merged; with none, the merge is the target's update.
#[actix_rt::test]
async fn the_target_among_the_merged_is_not_merged_into_itself() {
    let app = TestApp::start().await;
    let (_, t) = app.owner("merge-self@example.com").await;
    let target = id_of(&app.person(&t, Person::named("Target").pairs(&[])).await);
    let m = id_of(&app.person(&t, Person::named("Merged").pairs(&[])).await);
    let r = app
        .post(
            "/v2/contacts?cmd=merge",
            &t,
            json!({"contactIds": [m, target], "contact": {"id": target, "version": 1, "hot": true}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(id_of(&r.json()["entity"]), target);
    app.get(&format!("/v2/contacts/{m}"), &t)
        .await
        .assert_error(404, 91040101001001);
    let got = app.get(&format!("/v2/contacts/{target}"), &t).await.json();
    assert_eq!(got["hot"], json!(true));
    let r = app
        .post(
            "/v2/contacts?cmd=merge",
            &t,
            json!({"contactIds": [target], "contact": {"id": target, "version": got["version"], "firstName": "Self"}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let got = app.get(&format!("/v2/contacts/{target}"), &t).await.json();
    assert_eq!(got["firstName"], json!("Self"));
}

#[actix_rt::test]
async fn merge_rejects_bad_input_and_changes_nothing() {
    let app = TestApp::start().await;
    let (uid, t) = app.owner("merge-bad@example.com").await;
    let (other_uid, other) = app.owner("merge-other@example.com").await;
    let target = id_of(&app.person(&t, Person::named("Target").pairs(&[])).await);
    let m = id_of(&app.person(&t, Person::named("Merged").pairs(&[])).await);
    let org = id_of(
        &create(
            &app,
            &t,
            json!({"contactType": "organization", "organizationName": "Org"}),
        )
        .await,
    );
    let foreign = id_of(
        &app.person(&other, Person::named("Foreign").pairs(&[]))
            .await,
    );
    let foreign_import = import_contact(&app, other_uid, "Foreign", &["0301"]).await;
    let own_import = import_contact(&app, uid, "Own", &["0302"]).await;
    let before = app.journal(&t).await.len();
    let merge = |body: Value| {
        let app = &app;
        let t = t.clone();
        async move { app.post("/v2/contacts?cmd=merge", &t, body).await }
    };
    let upd = |v: i64| json!({"id": target, "version": v});

    // Version conflict: 409 like the update, nothing deleted.
    let e = merge(json!({"contactIds": [m], "importContactIds": [own_import], "contact": upd(7)}))
        .await
        .assert_error(409, 93040131003003);
    assert_eq!(e["devmsg"], "version conflict");
    // Another user's ids answer exactly like missing ones.
    merge(json!({"contactIds": [m, foreign], "contact": upd(1)}))
        .await
        .assert_error(404, 91040131001001);
    merge(json!({"contactIds": [m, 999_999], "contact": upd(1)}))
        .await
        .assert_error(404, 91040131001001);
    merge(json!({"contactIds": [m], "contact": {"id": foreign, "version": 1}}))
        .await
        .assert_error(404, 91040131001001);
    let e =
        merge(json!({"contactIds": [m], "importContactIds": [foreign_import], "contact": upd(1)}))
            .await
            .assert_error(404, 91040131001001);
    assert!(
        e["devmsg"].as_str().unwrap().contains("importContactIds"),
        "{e}"
    );
    // Nothing to merge: both lists empty or missing.
    for body in [
        json!({"contactIds": [], "importContactIds": [], "contact": upd(1)}),
        json!({"contact": upd(1)}),
        json!({"contactIds": null, "contact": upd(1)}),
    ] {
        merge(body).await.assert_error(400, 92020131002002);
    }
    // No contact, or not an object.
    merge(json!({"contactIds": [m]}))
        .await
        .assert_error(400, 92020131002002);
    merge(json!({"contactIds": [m], "contact": [1]}))
        .await
        .assert_error(400, 92010131002001);
    // Update without version; create without contactType; a bad attribute names its path.
    merge(json!({"contactIds": [m], "contact": {"id": target}}))
        .await
        .assert_error(400, 92020131002002);
    merge(json!({"contactIds": [m], "contact": {"id": target, "version": null}}))
        .await
        .assert_error(400, 92020131002002);
    merge(json!({"contactIds": [m], "contact": {"firstName": "New"}}))
        .await
        .assert_error(400, 92020131002002);
    let e = merge(
        json!({"contactIds": [m], "contact": {"id": target, "version": 1,
                          "basicInfos": [{"type": "pager", "value": "1"}]}}),
    )
    .await
    .assert_error(400, 92010131002001);
    assert!(
        e["devmsg"]
            .as_str()
            .unwrap()
            .starts_with("contact.basicInfos[0].type"),
        "{e}"
    );
    merge(json!({"contactIds": [m], "contact": {"id": "x", "version": 1}}))
        .await
        .assert_error(400, 92010131002001);
    merge(json!({"contactIds": ["x"], "contact": upd(1)}))
        .await
        .assert_error(400, 92010131002001);
    // An organization cannot be merged into a person: a conflict with its stored type.
    merge(json!({"contactIds": [org], "contact": upd(1)}))
        .await
        .assert_error(409, 93000131003003);
    // cmd must be merge.
    for path in ["/v2/contacts?cmd=join", "/v2/contacts"] {
        let e = app
            .post(path, &t, json!({"contactIds": [m], "contact": upd(1)}))
            .await
            .assert_error(400, 92010131002005);
        assert!(e["devmsg"].as_str().unwrap().contains("cmd"), "{e}");
    }
    // A malformed body carries the merge's action too.
    app.raw(
        "POST",
        "/v2/contacts?cmd=merge",
        &[("authToken", &t), ("Content-Type", "application/json")],
        b"{",
    )
    .await
    .assert_error(400, 92010131002004);

    // Nothing changed.
    assert_eq!(app.journal(&t).await.len(), before);
    for c in [target, m, org] {
        let r = app.get(&format!("/v2/contacts/{c}"), &t).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.json()["version"], 1);
    }
    assert_eq!(
        import_ids(&app, uid, vec![own_import]).await,
        vec![own_import]
    );
    let r = app.get(&format!("/v2/contacts/{foreign}"), &other).await;
    assert_eq!(r.status, 200);

    // Only import contacts merged into a new contact.
    let r = merge(json!({"importContactIds": [own_import],
                         "contact": {"contactType": "person", "lastName": "Own"}}))
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        import_ids(&app, uid, vec![own_import]).await,
        Vec::<i64>::new()
    );
}

#[actix_rt::test]
async fn share_gives_every_member_and_the_sharer_a_shallow_copy() {
    let app = TestApp::start().await;
    let (company, _) = app.insert_company("share inc").await;
    let (other_company, _) = app.insert_company("tenant-b inc").await;
    let (g1, _) = app.insert_group(company, "sales").await;
    let (g2, _) = app.insert_group(company, "support").await;
    let (foreign_group, _) = app.insert_group(other_company, "tenant-b group").await;
    let (sharer_id, _) = app
        .insert_member("sharer@share.test", company, "user", &[])
        .await;
    let (u1, _) = app
        .insert_member("u1@share.test", company, "user", &[g1])
        .await;
    let (u2, _) = app
        .insert_member("u2@share.test", company, "user", &[g1, g2])
        .await;
    let (u3, _) = app
        .insert_member("u3@share.test", company, "user", &[g2])
        .await;
    app.insert_member("b@tenant-b.test", other_company, "user", &[foreign_group])
        .await;
    let sharer = app.login("sharer@share.test", PASSWORD).await;
    let t1 = app.login("u1@share.test", PASSWORD).await;
    let dev1 = device(&app, &t1, 0x51).await;
    let r = app.get(&format!("/v2/sync?deviceId={dev1}"), &t1).await;
    assert_eq!(r.status, 200);
    let mut socket = connect(&app, "/v2/socket", &dev1, &t1).await.unwrap();

    let org = create(
        &app,
        &sharer,
        json!({"contactType": "organization", "organizationName": "Acme"}),
    )
    .await;
    let original = create(
        &app,
        &sharer,
        json!({"contactType": "person", "firstName": "Shared", "lastName": "Person",
               "hot": true, "tags": ["vip"], "relatedTo": [id_of(&org)],
               "basicInfos": [{"type": "phone", "subtype": "work", "value": "030 1234567"}],
               "addresses": [{"city": "Berlin"}],
               "profiles": {"twitter": {"username": "shared"}}}),
    )
    .await;
    let oid = id_of(&original);
    app.deal(&sharer, "Not shared", Some(oid)).await;
    app.note(&sharer, oid, "not shared").await;

    let r = app
        .post(
            &format!("/v2/contacts/{oid}?cmd=share&groups={g1},{g2}"),
            &sharer,
            json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let b = r.json();
    assert_eq!(b["code"], 200);
    let copy = b["entity"].clone();
    assert!(id_of(&copy) != oid);
    assert_eq!(copy["version"], 1);
    for k in ["firstName", "lastName", "hot", "tags", "contactType"] {
        assert_eq!(copy[k], original[k], "{k}");
    }
    assert_eq!(copy["basicInfos"][0]["value"], "030 1234567");
    assert_eq!(copy["basicInfos"][0]["subtype"], "work");
    assert!(copy["basicInfos"][0]["id"] != original["basicInfos"][0]["id"]);
    assert_eq!(copy["addresses"][0]["city"], "Berlin");
    assert_eq!(copy["profiles"]["twitter"]["username"], "shared");
    for k in ["relatedTo", "deals", "notes", "interactions", "tasks"] {
        assert_eq!(copy[k], json!(""), "{k}");
    }
    assert_eq!(copy["pictures"], json!([]));

    // Each member has one copy (u2 is in both groups), the sharer the original and the copy.
    let mut ids = vec![id_of(&copy), oid];
    for (email, uid) in [
        ("u1@share.test", u1),
        ("u2@share.test", u2),
        ("u3@share.test", u3),
    ] {
        let token = app.login(email, PASSWORD).await;
        let list = app.get("/v2/contacts", &token).await.json();
        assert_eq!(list["totalLength"], 1, "{email}: {list}");
        let theirs = &list["data"][0];
        assert_eq!(theirs["firstName"], "Shared");
        assert_eq!(theirs["relatedTo"], json!(""));
        ids.push(id_of(theirs));
        // Journaled for its owner, by the sharer.
        let acts = app.get("/v2/activities", &token).await.json();
        assert_eq!(acts["data"][0]["action"], "insert");
        assert_eq!(acts["data"][0]["entityId"], id_of(theirs));
        assert_eq!(
            acts["data"][0]["relatedTo"]["id"], sharer_id,
            "{uid}: {acts}"
        );
    }
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "every copy has its own id");
    let list = app.get("/v2/contacts", &sharer).await.json();
    assert_eq!(list["totalLength"], 3, "{list}");
    // The original keeps its related records.
    let again = app
        .get(&format!("/v2/contacts/{oid}"), &sharer)
        .await
        .json();
    assert!(!again["deals"].as_str().unwrap().is_empty());

    // u1's device hears of it and its sync brings the copy.
    let hint = next_json(&mut socket, Duration::from_secs(5))
        .await
        .expect("sync hint");
    assert_eq!(
        hint["message"], "cloud synchronization recommended",
        "{hint}"
    );
    let s = app
        .get(&format!("/v2/sync?deviceId={dev1}"), &t1)
        .await
        .json();
    assert_eq!(s["contacts"].as_array().unwrap().len(), 1, "{s}");
    assert_eq!(s["contacts"][0]["firstName"], "Shared");

    // Another company's group: 403, nothing shared.
    let e = app
        .post(
            &format!("/v2/contacts/{oid}?cmd=share&groups={g1},{foreign_group}"),
            &sharer,
            json!({}),
        )
        .await
        .assert_error(403, 94020161007002);
    assert!(e["devmsg"].as_str().unwrap().contains("groups"), "{e}");
    app.post(
        &format!("/v2/contacts/{oid}?cmd=share&groups=999999"),
        &sharer,
        Value::Null,
    )
    .await
    .assert_error(403, 94020161007002);
    let list = app.get("/v2/contacts", &t1).await.json();
    assert_eq!(list["totalLength"], 1);
    // No groups, bad groups.
    for q in ["", "&groups=", "&groups=%20"] {
        app.post(
            &format!("/v2/contacts/{oid}?cmd=share{q}"),
            &sharer,
            json!({}),
        )
        .await
        .assert_error(400, 92020161002002);
    }
    app.post(
        &format!("/v2/contacts/{oid}?cmd=share&groups=1,x"),
        &sharer,
        json!({}),
    )
    .await
    .assert_error(400, 92010161002005);
    // Another user's contact answers like a missing one.
    app.post(
        &format!("/v2/contacts/{oid}?cmd=share&groups={g1}"),
        &t1,
        json!({}),
    )
    .await
    .assert_error(404, 91040161001001);
    // Unknown cmd.
    app.post(
        &format!("/v2/contacts/{oid}?cmd=copy&groups={g1}"),
        &sharer,
        json!({}),
    )
    .await
    .assert_error(400, 92010111002005);
    // groups without cmd=share is refused, not ignored by an update (nothing changes).
    for q in ["groups=", &format!("groups={g1}")] {
        let b = app
            .post(
                &format!("/v2/contacts/{oid}?{q}"),
                &sharer,
                json!({"version": 1, "hot": true}),
            )
            .await
            .assert_error(400, 92010111002005);
        assert!(b["devmsg"].as_str().unwrap().contains("cmd=share"), "{b}");
    }
    // Without cmd it is still the update.
    let r = app
        .post(
            &format!("/v2/contacts/{oid}"),
            &sharer,
            json!({"version": 1, "hot": false}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    // The document's Data is `{}` or `null`: both are read as a body and not looked into.
    let r = app
        .call(
            "POST",
            &format!("/v2/contacts/{oid}?cmd=share&groups={g1}"),
            Some(&sharer),
            Some(json!(null)),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(id_of(&r.json()["entity"]) != oid);
    // The body is the one operation's: what its schema refuses is refused for a share too
    // (an array is no object, a blank name breaks the pattern).
    for (body, field, code) in [
        (json!([null, null]), "expected an object", 92010161002004),
        (json!({"firstName": " "}), "firstName", 92010161002001),
        (
            json!({"customFields": [{"id": 1, "name": ""}]}),
            "customFields[0].value",
            92020161002002,
        ),
    ] {
        let b = app
            .call(
                "POST",
                &format!("/v2/contacts/{oid}?cmd=share&groups={g1}"),
                Some(&sharer),
                Some(body),
            )
            .await
            .assert_error(400, code);
        assert!(b["devmsg"].as_str().unwrap().contains(field), "{b}");
    }
    // No body at all is refused like the update's (the one operation's body is required),
    // and nothing is shared.
    let count = || async {
        app.get("/v2/contacts", &sharer).await.json()["data"]
            .as_array()
            .map(Vec::len)
    };
    let before = count().await;
    let b = app
        .call(
            "POST",
            &format!("/v2/contacts/{oid}?cmd=share&groups={g1}"),
            Some(&sharer),
            None,
        )
        .await
        .assert_error(400, 92020161002002);
    assert!(b["devmsg"].as_str().unwrap().contains("body"), "{b}");
    assert_eq!(count().await, before);
    let doc = app.get("/v2/openapi.json", "").await.json();
    assert_eq!(
        doc["paths"]["/v2/contacts/{id}"]["post"]["requestBody"]["required"],
        json!(true)
    );
}

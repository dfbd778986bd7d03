//! Tasks and task lists through HTTP: the documented shapes field by field, fuzzy due dates
//! against the test clock, the sort order and paging, every bad-input rule with its code,
//! another user's ids answering 404, one journal entry per mutation, the `tasksLists` alias,
//! and what deleting a contact, a deal, a basicInfo or a task list does to tasks.

use serde_json::{json, Value};

use crate::common::*;

const DAY: i64 = 86_400_000;

/// Asserts the error and that its devmsg names `field`.
#[track_caller]
fn assert_names(r: &Resp, status: u16, code: u64, field: &str) {
    let b = r.assert_error(status, code);
    let msg = b["devmsg"].as_str().unwrap();
    assert!(msg.contains(field), "devmsg should name {field}: {msg}");
}

/// How many journal entries the caller has.
async fn journal_len(app: &TestApp, token: &str) -> i64 {
    app.get("/v2/activities?limit=0", token).await.json()["totalLength"]
        .as_i64()
        .unwrap()
}

/// The caller's latest `n` journal entries, oldest first, as (action, entityType, entityId).
async fn latest(app: &TestApp, token: &str, n: usize) -> Vec<(String, String, i64)> {
    let acts = app
        .get(&format!("/v2/activities?limit={n}"), token)
        .await
        .json();
    acts["data"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .map(|a| {
            (
                a["action"].as_str().unwrap().to_string(),
                a["entityType"].as_str().unwrap().to_string(),
                a["entityId"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// A person with a phone, a mobile and an email; (contact id, [phone, mobile, email] ids).
async fn caller_contact(app: &TestApp, token: &str, first: &str) -> (i64, [i64; 3]) {
    let c = create(
        app,
        token,
        json!({"contactType": "person", "firstName": first, "lastName": "Remo",
               "basicInfos": [
                   {"type": "phone", "subtype": "work", "value": "+49 30 1234567"},
                   {"type": "mobile", "value": "+49 171 7654321", "excluded": true},
                   {"type": "email", "subtype": "home", "value": "remo@example.com"}]}),
    )
    .await;
    let b = &c["basicInfos"];
    (id_of(&c), [id_of(&b[0]), id_of(&b[1]), id_of(&b[2])])
}

async fn put_task(app: &TestApp, token: &str, body: Value) -> Value {
    entity(&app.put("/v2/tasks", token, body).await, 201)
}

async fn put_list(app: &TestApp, token: &str, title: &str) -> i64 {
    id_of(&entity(
        &app.put("/v2/taskLists", token, json!({ "title": title }))
            .await,
        201,
    ))
}

/// A user of a new company (with a colleague); (token, user id, colleague id).
async fn company_user(app: &TestApp, admin: &str, name: &str) -> (String, i64, i64) {
    let company = app.company(admin, &format!("{name} inc")).await;
    let email = format!("{name}@example.com");
    let me = app.user(admin, &email, Some(company), &["user"]).await;
    let colleague = app
        .user(
            admin,
            &format!("{name}.colleague@example.com"),
            Some(company),
            &["user"],
        )
        .await;
    (app.login(&email, PASSWORD).await, me, colleague)
}

#[actix_rt::test]
async fn a_task_has_the_documented_shape() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let (t, me, colleague) = company_user(&app, &admin, "shape").await;
    let (c, [phone, mobile, _email]) = caller_contact(&app, &t, "Joey").await;
    let list = put_list(&app, &t, "EMEA").await;

    // Everything the document lists, as a scheduled call.
    let r = app
        .put(
            "/v2/tasks",
            &t,
            json!({"assignedTo": {"id": colleague}, "content": "Meeting with Remo at Joeys'",
                   "created": 1360190185200_i64, "concreteDueDate": 1360190188000_i64,
                   "duration": 1800, "hot": true, "listId": list,
                   "phoneNumberIds": [mobile, phone],
                   "relatedTo": {"id": c, "type": "contact"}, "status": "open",
                   "taskType": "scheduled_call", "title": "Lunch with Remo"}),
        )
        .await;
    let task = entity(&r, 201);
    let tid = id_of(&task);
    assert_eq!(
        task,
        json!({
            "id": tid,
            "assignedTo": {"id": colleague, "displayName": "shape.colleague@example.com"},
            "concreteDueDate": 1360190188000_i64,
            "content": "Meeting with Remo at Joeys'",
            "created": 1360190185200_i64,
            "duration": 1800,
            "fuzzyDueDate": null,
            "hot": true,
            "listId": list,
            "phoneNumbers": [
                {"id": mobile, "type": "mobile", "subtype": null, "value": "+49 171 7654321",
                 "excluded": true},
                {"id": phone, "type": "phone", "subtype": "work", "value": "+49 30 1234567",
                 "excluded": false},
            ],
            "relatedTo": {"id": c, "type": "contact", "displayName": "Joey Remo"},
            "status": "open",
            "taskType": "scheduled_call",
            "title": "Lunch with Remo",
        })
    );
    // Keys in the document's order (the answer's text, since `Value` sorts them).
    let text = r.text();
    let body = &text[text.find("\"entity\"").unwrap()..];
    let mut found: Vec<(usize, String)> = task
        .as_object()
        .unwrap()
        .keys()
        .map(|k| (body.find(&format!("\"{k}\"")).unwrap(), k.clone()))
        .collect();
    found.sort();
    let keys: Vec<String> = found.into_iter().map(|(_, k)| k).collect();
    assert_eq!(
        keys,
        vec![
            "id",
            "assignedTo",
            "concreteDueDate",
            "content",
            "created",
            "duration",
            "fuzzyDueDate",
            "hot",
            "listId",
            "phoneNumbers",
            "relatedTo",
            "status",
            "taskType",
            "title"
        ]
    );
    // GET answers the same object, bare.
    let got = app.get(&format!("/v2/tasks/{tid}"), &t).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.json(), task);

    // The defaults: assigned to the caller, open, a plain task, created now.
    let before = app.ctx.clock.now_ms();
    let d = put_task(&app, &t, json!({"title": "Call Nancy"})).await;
    let created = d["created"].as_i64().unwrap();
    assert!(
        before <= created && created <= app.ctx.clock.now_ms(),
        "{d}"
    );
    assert_eq!(
        d,
        json!({"id": id_of(&d), "assignedTo": {"id": me, "displayName": "shape@example.com"},
               "concreteDueDate": null, "content": null, "created": created,
               "duration": null, "fuzzyDueDate": null, "hot": false, "listId": null,
               "phoneNumbers": [], "relatedTo": null, "status": "open", "taskType": "task",
               "title": "Call Nancy"})
    );
    // A bare id for assignedTo, the caller themself.
    let s = put_task(&app, &t, json!({"title": "self", "assignedTo": me})).await;
    assert_eq!(s["assignedTo"]["id"], json!(me));
    // A deal as relatedTo.
    let deal = id_of(&entity(
        &app.put("/v2/deals", &t, json!({"name": "Apple Deal"}))
            .await,
        201,
    ));
    let on_deal = put_task(
        &app,
        &t,
        json!({"title": "quote", "relatedTo": {"id": deal, "type": "deal"}}),
    )
    .await;
    assert_eq!(
        on_deal["relatedTo"],
        json!({"id": deal, "type": "deal", "displayName": "Apple Deal"})
    );

    // The contact lists its tasks: a string in base, an array in flat.
    let contact = app.get(&format!("/v2/contacts/{c}"), &t).await.json();
    assert_eq!(contact["tasks"], json!(format!("{tid}")));
    let flat = app
        .get(&format!("/v2/contacts/{c}?projection=flat"), &t)
        .await
        .json();
    assert_eq!(flat["tasks"], json!([tid]));
}

#[actix_rt::test]
async fn fuzzy_due_dates_follow_the_clock() {
    let app = TestApp::start().await;
    user(&app, "fuzzy@example.com").await;
    // Ten days ahead of the wall clock: the server must use its clock. (Tokens expire after
    // an hour in tests: log in after moving it.)
    app.ctx.clock.advance_ms(10 * DAY);
    let t = app.login("fuzzy@example.com", PASSWORD).await;
    for (fuzzy, days) in [
        ("tomorrow", 1),
        ("next_week", 7),
        ("in_a_month", 30),
        ("someday", 99),
    ] {
        let before = app.ctx.clock.now_ms();
        let task = put_task(&app, &t, json!({"title": fuzzy, "fuzzyDueDate": fuzzy})).await;
        let after = app.ctx.clock.now_ms();
        let due = task["concreteDueDate"].as_i64().unwrap();
        assert!(
            before + days * DAY <= due && due <= after + days * DAY,
            "{fuzzy}: {due} not in [{}, {}]",
            before + days * DAY,
            after + days * DAY
        );
        assert_eq!(task["fuzzyDueDate"], json!(fuzzy));
    }

    // An update with a fuzzy date computes it from the update's time.
    let task = put_task(
        &app,
        &t,
        json!({"title": "later", "fuzzyDueDate": "tomorrow"}),
    )
    .await;
    let tid = id_of(&task);
    app.ctx.clock.advance_ms(3 * DAY);
    let t = app.login("fuzzy@example.com", PASSWORD).await;
    let before = app.ctx.clock.now_ms();
    let u = entity(
        &app.post(
            &format!("/v2/tasks/{tid}"),
            &t,
            json!({"fuzzyDueDate": "next_week"}),
        )
        .await,
        200,
    );
    let due = u["concreteDueDate"].as_i64().unwrap();
    assert!(before + 7 * DAY <= due && due <= app.ctx.clock.now_ms() + 7 * DAY);
    assert_eq!(u["fuzzyDueDate"], json!("next_week"));

    // `dueDate` (the update example's name) sets the concrete date and drops the fuzzy one.
    let u = entity(
        &app.post(
            &format!("/v2/tasks/{tid}"),
            &t,
            json!({"dueDate": 1360190157000_i64}),
        )
        .await,
        200,
    );
    assert_eq!(u["concreteDueDate"], json!(1360190157000_i64));
    assert_eq!(u["fuzzyDueDate"], json!(null));
    // A concrete date given with a fuzzy one wins; the fuzzy one is kept as the label.
    let both = put_task(
        &app,
        &t,
        json!({"title": "both", "fuzzyDueDate": "someday", "concreteDueDate": 5000}),
    )
    .await;
    assert_eq!(both["concreteDueDate"], json!(5000));
    assert_eq!(both["fuzzyDueDate"], json!("someday"));
    // `dueDate` on create too; `dueDate` and `concreteDueDate` equal are fine.
    let alias = put_task(
        &app,
        &t,
        json!({"title": "alias", "dueDate": 7000, "concreteDueDate": 7000}),
    )
    .await;
    assert_eq!(alias["concreteDueDate"], json!(7000));
    // null clears both.
    let u = entity(
        &app.post(
            &format!("/v2/tasks/{}", id_of(&both)),
            &t,
            json!({"concreteDueDate": null}),
        )
        .await,
        200,
    );
    assert_eq!(u["concreteDueDate"], json!(null));
    assert_eq!(u["fuzzyDueDate"], json!(null));
}

#[actix_rt::test]
async fn lists_sort_by_due_date_descending_and_page() {
    let app = TestApp::start().await;
    let t = user(&app, "sort@example.com").await;
    let (c, _) = caller_contact(&app, &t, "Sorted").await;
    let mut ids = vec![];
    for due in [Some(1000), None, Some(3000), Some(2000), None] {
        let task = put_task(
            &app,
            &t,
            json!({"title": "t", "concreteDueDate": due, "relatedTo": {"id": c}}),
        )
        .await;
        ids.push(id_of(&task));
    }
    // 3000, 2000, 1000, then those without a due date, newest first.
    let want = vec![ids[2], ids[3], ids[0], ids[4], ids[1]];
    let all = app.get("/v2/tasks", &t).await;
    assert_eq!(all.status, 200);
    let got: Vec<i64> = all.json().as_array().unwrap().iter().map(id_of).collect();
    assert_eq!(got, want);
    let of_c = app.get(&format!("/v2/contacts/{c}/tasks"), &t).await;
    assert_eq!(of_c.status, 200);
    let got: Vec<i64> = of_c.json().as_array().unwrap().iter().map(id_of).collect();
    assert_eq!(got, want);
    // The contact's tasks are full task objects.
    assert_eq!(of_c.json()[0]["relatedTo"]["id"], json!(c));

    // offset/limit answer one page in the list envelope.
    let page = app.get("/v2/tasks?offset=1&limit=2", &t).await.json();
    assert_eq!(page["length"], json!(2));
    assert_eq!(page["startIndex"], json!(1));
    assert_eq!(page["totalLength"], json!(5));
    let got: Vec<i64> = page["data"].as_array().unwrap().iter().map(id_of).collect();
    assert_eq!(got, want[1..3].to_vec());
    let page = app
        .get(&format!("/v2/contacts/{c}/tasks?offset=4"), &t)
        .await
        .json();
    assert_eq!(page["totalLength"], json!(5));
    let got: Vec<i64> = page["data"].as_array().unwrap().iter().map(id_of).collect();
    assert_eq!(got, vec![want[4]]);
    app.get("/v2/tasks?limit=-1", &t)
        .await
        .assert_error(400, 92010103002005);
    app.get(&format!("/v2/contacts/{c}/tasks?offset=x"), &t)
        .await
        .assert_error(400, 92010101102005);

    // Task lists embed their tasks in the same order.
    let list = put_list(&app, &t, "sorted").await;
    for tid in [ids[0], ids[1], ids[2]] {
        let r = app
            .post(&format!("/v2/tasks/{tid}"), &t, json!({ "listId": list }))
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
    }
    let l = app.get(&format!("/v2/taskLists/{list}"), &t).await.json();
    let got: Vec<i64> = l["tasks"].as_array().unwrap().iter().map(id_of).collect();
    assert_eq!(got, vec![ids[2], ids[0], ids[1]]);
}

#[actix_rt::test]
async fn bad_input_is_refused_naming_the_field() {
    let app = TestApp::start().await;
    let t = user(&app, "bad@example.com").await;
    let (c, [phone, _mobile, email]) = caller_contact(&app, &t, "Bad").await;
    let (other_c, [other_phone, _, _]) = caller_contact(&app, &t, "Other").await;
    let before = journal_len(&app, &t).await;
    let invalid = 92010123002001;
    let missing = 92020123002002;
    let cases: Vec<(Value, u64, &str)> = vec![
        (json!({"status": "done"}), invalid, "status"),
        (json!({"status": null}), invalid, "status"),
        (json!({"taskType": "meeting"}), invalid, "taskType"),
        (json!({"fuzzyDueDate": "later"}), invalid, "fuzzyDueDate"),
        (json!({"hot": null}), invalid, "hot"),
        (json!({"duration": 60}), invalid, "duration"),
        (
            json!({"taskType": "scheduled_call", "duration": -1}),
            invalid,
            "duration",
        ),
        (
            json!({"relatedTo": {"id": c}, "phoneNumberIds": [phone]}),
            invalid,
            "phoneNumberIds",
        ),
        (json!({"concreteDueDate": -5}), invalid, "concreteDueDate"),
        (json!({"created": -5}), invalid, "created"),
        (
            json!({"dueDate": 1, "concreteDueDate": 2}),
            invalid,
            "dueDate",
        ),
        (
            json!({"relatedTo": {"id": c, "type": "company"}}),
            invalid,
            "relatedTo.type",
        ),
        (
            json!({"relatedTo": {"type": "contact"}}),
            missing,
            "relatedTo.id",
        ),
        (json!({"assignedTo": {}}), missing, "assignedTo.id"),
        (json!({"title": "x".repeat(256)}), 92010123002003, "title"),
        (
            json!({"taskType": "scheduled_call", "relatedTo": {"id": c},
                   "phoneNumberIds": [phone, phone]}),
            invalid,
            "phoneNumberIds[1]",
        ),
        (
            json!({"taskType": "scheduled_call", "relatedTo": {"id": c},
                   "phoneNumberIds": [email]}),
            invalid,
            "phoneNumberIds[0]",
        ),
        (
            json!({"taskType": "scheduled_call", "relatedTo": {"id": c},
                   "phoneNumberIds": [phone, other_phone]}),
            invalid,
            "phoneNumberIds[1]",
        ),
        (
            json!({"taskType": "scheduled_call", "phoneNumberIds": [phone]}),
            invalid,
            "phoneNumberIds",
        ),
        (
            json!({"taskType": "scheduled_call", "relatedTo": {"id": other_c},
                   "phoneNumberIds": [phone]}),
            invalid,
            "phoneNumberIds[0]",
        ),
    ];
    for (body, code, field) in &cases {
        let r = app.put("/v2/tasks", &t, body.clone()).await;
        assert_names(&r, 400, *code, field);
    }
    // A body of the wrong shape names the field.
    let r = app.put("/v2/tasks", &t, json!({"title": 5})).await;
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.json()["devmsg"].as_str().unwrap().contains("title"));
    // The same rules on update, in the update's action.
    let task = put_task(&app, &t, json!({"title": "fine"})).await;
    let path = format!("/v2/tasks/{}", id_of(&task));
    let before_updates = journal_len(&app, &t).await;
    for (body, code, field) in &cases {
        if *field == "created" {
            // Ignored on update: the creation time does not change.
            continue;
        }
        let r = app.post(&path, &t, body.clone()).await;
        // What the body leaves to the stored task (a `task` without a contact) is checked
        // against it: well formed, but in conflict with the task as stored (409).
        let against_stored = (body.get("taskType").is_none()
            && (body.get("duration").is_some() || body.get("phoneNumberIds").is_some()))
            || (body.get("relatedTo").is_none() && body.get("phoneNumberIds").is_some());
        if against_stored {
            assert_names(&r, 409, 93000113003003, field);
        } else {
            let code = code - 10_000_000;
            assert_names(&r, 400, code, field);
        }
    }
    let r = app.post(&path, &t, json!({"status": "done"})).await;
    assert_names(&r, 400, 92010113002001, "status");
    // Nothing was written.
    assert_eq!(journal_len(&app, &t).await, before_updates);
    assert_eq!(before_updates, before + 1);
    assert_eq!(app.get(&path, &t).await.json(), task);

    // Task lists need a title.
    for body in [json!({}), json!({"title": null}), json!({"title": "  "})] {
        let r = app.put("/v2/taskLists", &t, body).await;
        assert_names(&r, 400, 92020123022002, "title");
    }
    let r = app
        .put("/v2/taskLists", &t, json!({"title": "x".repeat(256)}))
        .await;
    assert_names(&r, 400, 92010123022003, "title");
    let list = put_list(&app, &t, "fine").await;
    let r = app
        .post(&format!("/v2/taskLists/{list}"), &t, json!({}))
        .await;
    assert_names(&r, 400, 92020113022002, "title");

    // ids of a delete of several.
    assert_names(
        &app.delete("/v2/tasks?ids=1,x", &t).await,
        400,
        92010143002005,
        "ids",
    );
    assert_names(
        &app.delete("/v2/tasks", &t).await,
        400,
        92020143002002,
        "ids",
    );
    app.get("/v2/tasks/abc", &t)
        .await
        .assert_error(400, 92010103002005);
}

#[actix_rt::test]
async fn another_users_ids_answer_404() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let (t, _, _) = company_user(&app, &admin, "mine").await;
    let (o, _, stranger_colleague) = company_user(&app, &admin, "theirs").await;
    let no_company = app.user(&admin, "loner@example.com", None, &["user"]).await;
    let (oc, [o_phone, _, _]) = caller_contact(&app, &o, "Theirs").await;
    let o_deal = id_of(&entity(
        &app.put("/v2/deals", &o, json!({"name": "their deal"}))
            .await,
        201,
    ));
    let o_list = put_list(&app, &o, "their list").await;
    let o_task = id_of(&put_task(&app, &o, json!({"title": "theirs", "listId": o_list})).await);
    let (c, _) = caller_contact(&app, &t, "Mine").await;
    let before = journal_len(&app, &t).await;

    let cases: Vec<(Value, u64, &str)> = vec![
        (
            json!({"relatedTo": {"id": oc}}),
            91040123001001,
            "relatedTo",
        ),
        (
            json!({"relatedTo": {"id": 999999}}),
            91040123001001,
            "relatedTo",
        ),
        (
            json!({"relatedTo": {"id": o_deal, "type": "deal"}}),
            91070123001001,
            "relatedTo",
        ),
        (json!({"listId": o_list}), 91160123001001, "listId"),
        (json!({"listId": 999999}), 91160123001001, "listId"),
        (
            json!({"assignedTo": {"id": stranger_colleague}}),
            91170123001001,
            "assignedTo",
        ),
        (
            json!({"assignedTo": no_company}),
            91170123001001,
            "assignedTo",
        ),
        (json!({"assignedTo": 999999}), 91170123001001, "assignedTo"),
        (
            json!({"taskType": "scheduled_call", "relatedTo": {"id": c},
                   "phoneNumberIds": [o_phone]}),
            91020123001001,
            "phoneNumberIds[0]",
        ),
    ];
    for (body, code, field) in &cases {
        assert_names(
            &app.put("/v2/tasks", &t, body.clone()).await,
            404,
            *code,
            field,
        );
    }
    let mine = id_of(&put_task(&app, &t, json!({"title": "mine"})).await);
    for (body, code, field) in &cases {
        let code = code - 10_000_000;
        let r = app
            .post(&format!("/v2/tasks/{mine}"), &t, body.clone())
            .await;
        assert_names(&r, 404, code, field);
    }
    // A user without a company can assign only to themself.
    let loner = app.login("loner@example.com", PASSWORD).await;
    let r = app
        .put("/v2/tasks", &loner, json!({"assignedTo": no_company}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text());

    // The task and task list themselves.
    app.get(&format!("/v2/tasks/{o_task}"), &t)
        .await
        .assert_error(404, 91150103001001);
    app.post(&format!("/v2/tasks/{o_task}"), &t, json!({"title": "x"}))
        .await
        .assert_error(404, 91150113001001);
    app.delete(&format!("/v2/tasks/{o_task}"), &t)
        .await
        .assert_error(404, 91150143001001);
    // All or nothing.
    app.delete(&format!("/v2/tasks?ids={mine},{o_task}"), &t)
        .await
        .assert_error(404, 91150143001001);
    assert_eq!(app.get(&format!("/v2/tasks/{mine}"), &t).await.status, 200);
    app.get(&format!("/v2/contacts/{oc}/tasks"), &t)
        .await
        .assert_error(404, 91040101101001);
    for base in ["/v2/taskLists", "/v2/tasksLists"] {
        app.get(&format!("{base}/{o_list}"), &t)
            .await
            .assert_error(404, 91160103021001);
        app.post(&format!("{base}/{o_list}"), &t, json!({"title": "x"}))
            .await
            .assert_error(404, 91160113021001);
        app.delete(&format!("{base}/{o_list}"), &t)
            .await
            .assert_error(404, 91160143021001);
    }
    // Only the one create above was journaled; the other's data is untouched.
    assert_eq!(journal_len(&app, &t).await, before + 1);
    assert_eq!(
        app.get("/v2/tasks", &o)
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        app.get(&format!("/v2/taskLists/{o_list}"), &o).await.json()["title"],
        json!("their list")
    );
}

#[actix_rt::test]
async fn updates_keep_what_is_left_out_and_null_clears() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let (t, me, colleague) = company_user(&app, &admin, "upd").await;
    let (c, [phone, mobile, _]) = caller_contact(&app, &t, "Upd").await;
    let (c2, [phone2, _, _]) = caller_contact(&app, &t, "Second").await;
    let list = put_list(&app, &t, "L").await;
    let task = put_task(
        &app,
        &t,
        json!({"title": "call", "content": "about the offer", "hot": true, "listId": list,
               "assignedTo": {"id": colleague}, "concreteDueDate": 1000,
               "relatedTo": {"id": c}, "taskType": "scheduled_call", "duration": 60,
               "phoneNumberIds": [phone, mobile]}),
    )
    .await;
    let tid = id_of(&task);
    let path = format!("/v2/tasks/{tid}");

    // The document's update example: fields given change, the rest stays.
    let u = entity(
        &app.post(
            &path,
            &t,
            json!({"content": "Call Nancy", "dueDate": 1360190157000_i64,
                   "relatedTo": {"id": c, "type": "contact"}, "status": "completed",
                   "title": "Birthday"}),
        )
        .await,
        200,
    );
    let mut want = task.clone();
    want["content"] = json!("Call Nancy");
    want["concreteDueDate"] = json!(1360190157000_i64);
    want["status"] = json!("completed");
    want["title"] = json!("Birthday");
    assert_eq!(u, want);
    // Sending the object back unchanged changes nothing (created is not changed by updates).
    let mut same = u.clone();
    same["created"] = json!(5);
    same["phoneNumberIds"] = json!([phone, mobile]);
    let again = entity(&app.post(&path, &t, same).await, 200);
    assert_eq!(again, u);

    // Another contact: its phone numbers replace the first one's, which go.
    let moved = entity(
        &app.post(&path, &t, json!({"relatedTo": {"id": c2}})).await,
        200,
    );
    assert_eq!(moved["phoneNumbers"], json!([]));
    let moved = entity(
        &app.post(&path, &t, json!({"phoneNumberIds": [phone2]}))
            .await,
        200,
    );
    assert_eq!(moved["phoneNumbers"][0]["id"], json!(phone2));
    // A plain task has no duration or phone numbers: switching drops them.
    let plain = entity(&app.post(&path, &t, json!({"taskType": "task"})).await, 200);
    assert_eq!(plain["duration"], json!(null));
    assert_eq!(plain["phoneNumbers"], json!([]));
    assert_eq!(plain["taskType"], json!("task"));

    // null clears the optional attributes.
    let cleared = entity(
        &app.post(
            &path,
            &t,
            json!({"content": null, "title": null, "listId": null, "relatedTo": null,
                   "assignedTo": null, "fuzzyDueDate": null}),
        )
        .await,
        200,
    );
    for key in ["content", "title", "listId", "relatedTo", "assignedTo"] {
        assert_eq!(cleared[key], json!(null), "{key}: {cleared}");
    }
    assert_eq!(cleared["concreteDueDate"], json!(1360190157000_i64));
    let back = entity(
        &app.post(&path, &t, json!({"assignedTo": {"id": me}, "hot": false}))
            .await,
        200,
    );
    assert_eq!(
        back["assignedTo"],
        json!({"id": me, "displayName": "upd@example.com"})
    );
    assert_eq!(back["hot"], json!(false));
}

#[actix_rt::test]
async fn every_mutation_journals_one_activity() {
    let app = TestApp::start().await;
    let t = user(&app, "journal@example.com").await;
    let list = put_list(&app, &t, "Journal").await;
    assert_eq!(
        latest(&app, &t, 1).await,
        vec![j("insert", "taskList", list)]
    );
    let acts = app.get("/v2/activities?limit=1", &t).await.json();
    assert_eq!(
        acts["data"][0]["entity"]["newState"],
        json!({"id": list, "title": "Journal"})
    );

    let n = journal_len(&app, &t).await;
    let task = put_task(&app, &t, json!({"title": "a", "listId": list})).await;
    let tid = id_of(&task);
    assert_eq!(journal_len(&app, &t).await, n + 1);
    assert_eq!(latest(&app, &t, 1).await, vec![j("insert", "task", tid)]);
    let acts = app.get("/v2/activities?limit=1", &t).await.json();
    assert_eq!(acts["data"][0]["entity"]["newState"], task);

    let u = entity(
        &app.post(&format!("/v2/tasks/{tid}"), &t, json!({"title": "b"}))
            .await,
        200,
    );
    assert_eq!(journal_len(&app, &t).await, n + 2);
    let acts = app.get("/v2/activities?limit=1", &t).await.json();
    assert_eq!(acts["data"][0]["entity"]["oldState"], task);
    assert_eq!(acts["data"][0]["entity"]["newState"], u);

    let r = app
        .post(
            &format!("/v2/taskLists/{list}"),
            &t,
            json!({"title": "IBM EMEA"}),
        )
        .await;
    let renamed = entity(&r, 200);
    assert_eq!(renamed["title"], json!("IBM EMEA"));
    assert_eq!(renamed["tasks"], json!([u]));
    assert_eq!(
        latest(&app, &t, 1).await,
        vec![j("update", "taskList", list)]
    );
    assert_eq!(journal_len(&app, &t).await, n + 3);

    assert_deleted(&app.delete(&format!("/v2/tasks/{tid}"), &t).await);
    assert_eq!(latest(&app, &t, 1).await, vec![j("delete", "task", tid)]);
    assert_eq!(journal_len(&app, &t).await, n + 4);
    app.get(&format!("/v2/tasks/{tid}"), &t)
        .await
        .assert_error(404, 91150103001001);

    // A delete of several: one entry per task.
    let a = id_of(&put_task(&app, &t, json!({"title": "x"})).await);
    let b = id_of(&put_task(&app, &t, json!({"title": "y"})).await);
    assert_deleted(&app.delete(&format!("/v2/tasks?ids={a},{b},{a}"), &t).await);
    assert_eq!(
        latest(&app, &t, 2).await,
        vec![j("delete", "task", a), j("delete", "task", b)]
    );
    assert_eq!(journal_len(&app, &t).await, n + 8);
    assert_eq!(app.get("/v2/tasks", &t).await.json(), json!([]));
}

#[actix_rt::test]
async fn task_lists_embed_their_tasks_and_deleting_one_unlists_them() {
    let app = TestApp::start().await;
    let t = user(&app, "lists@example.com").await;
    let created = entity(
        &app.put("/v2/taskLists", &t, json!({"title": "EMEA"})).await,
        201,
    );
    let l1 = id_of(&created);
    assert_eq!(created, json!({"id": l1, "title": "EMEA", "tasks": []}));
    let l2 = put_list(&app, &t, "APAC").await;
    let a = put_task(
        &app,
        &t,
        json!({"title": "a", "listId": l1, "concreteDueDate": 1}),
    )
    .await;
    let b = put_task(
        &app,
        &t,
        json!({"title": "b", "listId": l1, "concreteDueDate": 2}),
    )
    .await;
    let loose = put_task(&app, &t, json!({"title": "loose"})).await;

    let all = app.get("/v2/taskLists", &t).await;
    assert_eq!(all.status, 200);
    assert_eq!(
        all.json(),
        json!([{"id": l1, "title": "EMEA", "tasks": [b, a]},
               {"id": l2, "title": "APAC", "tasks": []}])
    );
    // The document's misspelled path serves the same.
    let one = app.get(&format!("/v2/taskLists/{l1}"), &t).await;
    assert_eq!(one.status, 200);
    assert_eq!(
        one.json(),
        json!({"id": l1, "title": "EMEA", "tasks": [b, a]})
    );
    assert_eq!(
        app.get(&format!("/v2/tasksLists/{l1}"), &t).await.json(),
        one.json()
    );
    let r = app
        .post(
            &format!("/v2/tasksLists/{l2}"),
            &t,
            json!({"title": "IBM APAC"}),
        )
        .await;
    assert_eq!(
        entity(&r, 200),
        json!({"id": l2, "title": "IBM APAC", "tasks": []})
    );

    // Deleting a list keeps its tasks, unlisted, each journaled.
    let n = journal_len(&app, &t).await;
    assert_deleted(&app.delete(&format!("/v2/taskLists/{l1}"), &t).await);
    assert_eq!(journal_len(&app, &t).await, n + 3);
    let mut journaled = latest(&app, &t, 3).await;
    journaled[..2].sort();
    assert_eq!(
        journaled,
        vec![
            j("update", "task", id_of(&a)),
            j("update", "task", id_of(&b)),
            j("delete", "taskList", l1)
        ]
    );
    for task in [&a, &b] {
        let now = app
            .get(&format!("/v2/tasks/{}", id_of(task)), &t)
            .await
            .json();
        assert_eq!(now["listId"], json!(null));
        assert_eq!(now["title"], task["title"]);
    }
    assert_eq!(
        app.get("/v2/tasks", &t)
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        3
    );
    app.get(&format!("/v2/taskLists/{l1}"), &t)
        .await
        .assert_error(404, 91160103021001);
    assert_deleted(&app.delete(&format!("/v2/tasksLists/{l2}"), &t).await);
    assert_eq!(app.get("/v2/taskLists", &t).await.json(), json!([]));
    assert_eq!(
        app.get(&format!("/v2/tasks/{}", id_of(&loose)), &t)
            .await
            .json(),
        loose
    );
}

#[actix_rt::test]
async fn deleting_a_contact_a_deal_or_a_phone_number_detaches_tasks() {
    let app = TestApp::start().await;
    let t = user(&app, "detach@example.com").await;
    let (c, [phone, mobile, email]) = caller_contact(&app, &t, "Detach").await;
    let call = put_task(
        &app,
        &t,
        json!({"title": "call", "relatedTo": {"id": c}, "taskType": "scheduled_call",
               "phoneNumberIds": [phone, mobile]}),
    )
    .await;
    let call_id = id_of(&call);

    // The contact drops its mobile: the task loses it, journaled as a task update.
    let contact = app.get(&format!("/v2/contacts/{c}"), &t).await.json();
    let n = journal_len(&app, &t).await;
    let r = app
        .post(
            &format!("/v2/contacts/{c}"),
            &t,
            json!({"version": contact["version"],
                   "basicInfos": [
                       {"id": phone, "type": "phone", "subtype": "work", "value": "+49 30 1234567"},
                       {"id": email, "type": "email", "subtype": "home",
                        "value": "remo@example.com"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(journal_len(&app, &t).await, n + 2);
    assert!(latest(&app, &t, 2)
        .await
        .contains(&j("update", "task", call_id)));
    let now = app.get(&format!("/v2/tasks/{call_id}"), &t).await.json();
    assert_eq!(now["phoneNumbers"].as_array().unwrap().len(), 1);
    assert_eq!(now["phoneNumbers"][0]["id"], json!(phone));

    // Deleting the contact keeps the task, unrelated and without its phone numbers.
    let n = journal_len(&app, &t).await;
    assert_deleted(&app.delete(&format!("/v2/contacts/{c}"), &t).await);
    assert_eq!(journal_len(&app, &t).await, n + 2);
    assert_eq!(
        latest(&app, &t, 2).await,
        vec![j("update", "task", call_id), j("delete", "contact", c)]
    );
    let now = app.get(&format!("/v2/tasks/{call_id}"), &t).await.json();
    assert_eq!(now["relatedTo"], json!(null));
    assert_eq!(now["phoneNumbers"], json!([]));
    assert_eq!(now["title"], json!("call"));
    assert_eq!(now["taskType"], json!("scheduled_call"));
    let acts = app.get("/v2/activities?limit=2", &t).await.json();
    assert_eq!(acts["data"][1]["entity"]["newState"], now);

    // Deleting a deal keeps its tasks, unrelated.
    let deal = id_of(&entity(
        &app.put("/v2/deals", &t, json!({"name": "D"})).await,
        201,
    ));
    let on_deal = id_of(
        &put_task(
            &app,
            &t,
            json!({"title": "quote", "relatedTo": {"id": deal, "type": "deal"}}),
        )
        .await,
    );
    assert_deleted(&app.delete(&format!("/v2/deals/{deal}"), &t).await);
    assert_eq!(
        latest(&app, &t, 2).await,
        vec![j("update", "task", on_deal), j("delete", "deal", deal)]
    );
    let now = app.get(&format!("/v2/tasks/{on_deal}"), &t).await.json();
    assert_eq!(now["relatedTo"], json!(null));
}

#[actix_rt::test]
async fn sync_answers_tasks_task_lists_and_their_tombstones() {
    let app = TestApp::start().await;
    let t = user(&app, "sync@example.com").await;
    let dev = device(&app, &t, 0x7a).await;
    let path = format!("/v2/sync?deviceId={dev}");
    let list = put_list(&app, &t, "Sync").await;
    let kept = put_task(&app, &t, json!({"title": "kept", "listId": list})).await;
    let gone = id_of(&put_task(&app, &t, json!({"title": "gone"})).await);
    let gone_list = put_list(&app, &t, "Gone").await;
    assert_deleted(&app.delete(&format!("/v2/tasks/{gone}"), &t).await);
    assert_deleted(&app.delete(&format!("/v2/taskLists/{gone_list}"), &t).await);

    let b = app.get(&path, &t).await;
    assert_eq!(b.status, 200, "{}", b.text());
    let b = b.json();
    assert_eq!(b["tasks"], json!([kept]));
    // Sync sends a list as its read answers it now (with its tasks).
    let read = app.get(&format!("/v2/taskLists/{list}"), &t).await.json();
    assert_eq!(b["taskLists"], json!([read]));
    assert_eq!(b["taskLists"][0]["title"], "Sync");
    let mut deleted = b["deleted"].as_array().unwrap().clone();
    deleted.sort_by_key(|d| d["type"].as_str().unwrap().to_string());
    assert_eq!(
        deleted,
        vec![
            json!({"id": gone, "type": "task"}),
            json!({"id": gone_list, "type": "tasklist"})
        ]
    );

    // Only what changed since.
    let r = app
        .post(
            &format!("/v2/tasks/{}", id_of(&kept)),
            &t,
            json!({"hot": true}),
        )
        .await;
    let changed = entity(&r, 200);
    let b = app.get(&path, &t).await.json();
    assert_eq!(b["tasks"], json!([changed]));
    assert_eq!(b["taskLists"], json!([]));
    assert_eq!(b["deleted"], json!([]));
}

#[actix_rt::test]
async fn wiping_an_account_removes_its_tasks_and_lists() {
    let app = TestApp::start().await;
    let admin = app.admin().await;
    let uid = app.user(&admin, "wipe@example.com", None, &["user"]).await;
    let t = app.login("wipe@example.com", PASSWORD).await;
    let (c, [phone, _, _]) = caller_contact(&app, &t, "Wiped").await;
    let list = put_list(&app, &t, "W").await;
    put_task(
        &app,
        &t,
        json!({"title": "w", "listId": list, "relatedTo": {"id": c},
               "taskType": "scheduled_call", "phoneNumberIds": [phone]}),
    )
    .await;
    let r = app
        .post(
            &format!("/v2/admin/users/{uid}?cmd=wipeAccount"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let t = app.login("wipe@example.com", PASSWORD).await;
    assert_eq!(app.get("/v2/tasks", &t).await.json(), json!([]));
    assert_eq!(app.get("/v2/taskLists", &t).await.json(), json!([]));
}

#[actix_rt::test]
async fn the_openapi_document_lists_tasks_and_task_lists() {
    let app = TestApp::start().await;
    let doc = app.get("/v2/openapi.json", "").await.json();
    let paths = doc["paths"].as_object().unwrap();
    for (path, methods) in [
        ("/v2/tasks", &["put", "get", "delete"][..]),
        ("/v2/tasks/{id}", &["get", "post", "delete"]),
        ("/v2/contacts/{id}/tasks", &["get"]),
        ("/v2/taskLists", &["put", "get"]),
        ("/v2/taskLists/{id}", &["get", "post", "delete"]),
        ("/v2/tasksLists/{id}", &["get", "post", "delete"]),
    ] {
        for m in methods {
            assert!(paths[path].get(*m).is_some(), "{m} {path}");
        }
    }
}

#[actix_rt::test]
async fn reads_answer_jsonp() {
    let app = TestApp::start().await;
    let t = user(&app, "jsonp@example.com").await;
    let task = put_task(&app, &t, json!({"title": "wrapped"})).await;
    let r = app
        .get(&format!("/v2/tasks/{}?callback=cb", id_of(&task)), &t)
        .await;
    assert_eq!(r.status, 200);
    let text = r.text();
    let inner = text
        .strip_prefix("/**/cb(")
        .and_then(|t| t.strip_suffix(");"))
        .unwrap_or_else(|| panic!("not JSONP: {text}"));
    assert_eq!(serde_json::from_str::<Value>(inner).unwrap(), task);
}

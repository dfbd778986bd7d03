//! Rules of request bodies and parameters that span more than one field, which utoipa's
//! derive cannot state: "one of these two", "this one when that one is so", the create form
//! of a request type whose update form has other required fields, and `cmd` parameters whose
//! other parameters depend on the `cmd`. Applied to the document as JSON (after utoipa has
//! built it, before `text`), each rule next to the service check it describes:
//!
//! | schema or operation | rule | server check |
//! | --- | --- | --- |
//! | `ContactCreateRequest` | `contactType` required; a person has a not blank `firstName` or `lastName`, an organization a not blank `organizationName`; `version` not read (an integer or null) | `service::contacts::check_create` |
//! | `MergeRequest` | `contact` required (a create, or an update with `id` and `version`); `contactIds` or `importContactIds` not empty | `service::merge` |
//! | `PictureUpdateRequest` | `base64` or `isDefault` not null | `service::pictures::update` |
//! | `RegisterDeviceRequest` | `deviceId` 64 hex digits with `decoded` true, else base64 of 1–255 bytes | `service::devices::canonical_device_id` |
//! | `ImportRequest` | `externalSystem` required; `google` needs a not blank `password`, `vcard`/`csv` a `content` | `service::import::Connectors::open` |
//! | `ExternalSystemInput` | `threadId` or `entityId` not blank | `service::interactions::external` |
//! | `TaskRequest` | `duration` and `phoneNumberIds` only for a `scheduled_call`; `phoneNumberIds` need a contact in `relatedTo` | `service::tasks::apply` |
//! | `TaskUpdateRequest` | the same, for what the body states (the stored type and relation decide the rest, 409) | `service::tasks::apply` |
//! | `DealRequest`, `DealUpdateRequest` | `currency` one of ISO 4217 | `service::deals::apply` |
//! | `ContactRequest` | `tags`: at most 100, each not blank and at most 64 characters; `relatedTo` at most 1,000 ids | `ContactRequest::validate_common` |
//! | `GET /v2/cleanup` | `getConflicts` needs a not blank `value` (at most 255 characters) | `service::cleanup::conflicts` |
//! | `POST /v2/contacts/{id}` | `cmd=share` needs `groups`; the body (the update's, or `null`) is required for both | `service::share::parse_groups`, `handlers::contacts::share` |

use interact_domain::records::ISO_4217;
use serde_json::{json, Value};

use super::text::NOT_BLANK;

/// `1,3,45`: positive ids separated by commas, blanks around them allowed.
fn ids(most: usize) -> String {
    format!(
        "^\\s*[1-9][0-9]{{0,17}}\\s*(,\\s*[1-9][0-9]{{0,17}}\\s*){{0,{}}}$",
        most - 1
    )
}

const UUID: &str = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";

pub fn apply(doc: &mut Value) {
    flat_contacts(doc);
    decimal_params(doc);
    let not_blank = json!({ "type": "string", "pattern": NOT_BLANK });
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        if let Some(update) = schemas.get("ContactRequest").cloned() {
            let mut create = update;
            if let Some(o) = create.as_object_mut() {
                o.insert(
                    "description".into(),
                    "`PUT /v2/contacts` body: `contactType` is required; a person needs a not \
                     blank `firstName` or `lastName`, an organization a not blank \
                     `organizationName` (`name` is read for it)."
                        .into(),
                );
                o.insert("required".into(), json!(["contactType"]));
                // A create has no version yet: one sent (or null) is not read.
                if let Some(p) = o.get_mut("properties").and_then(Value::as_object_mut) {
                    p.insert(
                        "version".into(),
                        json!({
                            "type": ["integer", "null"],
                            "format": "int64",
                            "description": "Not read on create (a new contact's version is 1).",
                        }),
                    );
                }
                o.insert(
                    "oneOf".into(),
                    json!([
                        {
                            "properties": {
                                "contactType": { "const": "person" },
                                "firstName": { "type": ["string", "null"], "pattern": NOT_BLANK },
                                "lastName": { "type": ["string", "null"], "pattern": NOT_BLANK },
                            },
                            "anyOf": [
                                { "properties": { "firstName": not_blank }, "required": ["firstName"] },
                                { "properties": { "lastName": not_blank }, "required": ["lastName"] },
                            ],
                        },
                        {
                            "properties": {
                                "contactType": { "const": "organization" },
                                "organizationName": not_blank,
                            },
                            "required": ["organizationName"],
                        },
                    ]),
                );
            }
            schemas.insert("ContactCreateRequest".into(), create);
        }
        for name in ["ContactRequest", "ContactCreateRequest"] {
            if let Some(c) = schemas
                .get_mut(name)
                .and_then(|c| c.pointer_mut("/properties"))
                .and_then(Value::as_object_mut)
            {
                c.insert(
                    "tags".into(),
                    json!({
                        "type": ["array", "null"],
                        "maxItems": 100,
                        "items": { "type": "string", "maxLength": 64, "pattern": NOT_BLANK },
                    }),
                );
            }
        }
        if let Some(m) = schemas
            .get_mut("MergeRequest")
            .and_then(Value::as_object_mut)
        {
            let ids = |most: usize| json!({ "type": "array", "minItems": 1, "maxItems": most, "items": { "type": "integer", "format": "int64" } });
            m.insert("required".into(), json!(["contact"]));
            m.insert(
                "anyOf".into(),
                json!([
                    { "properties": { "contactIds": ids(1000) }, "required": ["contactIds"] },
                    { "properties": { "importContactIds": ids(1000) }, "required": ["importContactIds"] },
                ]),
            );
            if let Some(p) = m.get_mut("properties").and_then(Value::as_object_mut) {
                p.insert(
                    "contact".into(),
                    json!({
                        "description": "The resulting contact: a create, or an update of the contact `id` (with `version`).",
                        "oneOf": [
                            { "$ref": "#/components/schemas/ContactCreateRequest", "not": { "required": ["id"] } },
                            {
                                "allOf": [{ "$ref": "#/components/schemas/ContactRequest" }],
                                "properties": {
                                    "id": { "type": "integer", "format": "int64", "minimum": 1 },
                                    "version": { "type": "integer", "format": "int64" },
                                },
                                "required": ["id", "version"],
                            },
                        ],
                    }),
                );
            }
        }
        if let Some(p) = schemas
            .get_mut("PictureUpdateRequest")
            .and_then(Value::as_object_mut)
        {
            p.insert(
                "anyOf".into(),
                json!([
                    { "properties": { "base64": { "type": "string" } }, "required": ["base64"] },
                    { "properties": { "isDefault": { "type": "boolean" } }, "required": ["isDefault"] },
                ]),
            );
        }
        if let Some(d) = schemas
            .get_mut("RegisterDeviceRequest")
            .and_then(Value::as_object_mut)
        {
            let b = "[A-Za-z0-9+/]";
            let tail = format!("({b}[AQgw](==)?|{b}{{2}}[AEIMQUYcgkosw048]=?)");
            let base64 = format!("^(({b}{{4}})+{tail}?|{tail})$");
            d.insert(
                "oneOf".into(),
                json!([
                    {
                        "properties": {
                            "decoded": { "const": true },
                            "deviceId": { "type": "string", "pattern": "^[0-9A-Fa-f]{64}$" },
                        },
                        "required": ["decoded"],
                    },
                    {
                        "properties": {
                            "decoded": { "enum": [false, null] },
                            "deviceId": { "type": "string", "pattern": base64, "maxLength": 340 },
                        },
                    },
                ]),
            );
        }
        if let Some(i) = schemas
            .get_mut("ImportRequest")
            .and_then(Value::as_object_mut)
        {
            i.insert("required".into(), json!(["externalSystem"]));
            i.insert(
                "oneOf".into(),
                json!([
                    {
                        "properties": {
                            "externalSystem": { "const": "google" },
                            "password": {
                                "type": "string",
                                "pattern": "^[\\t -~]*[!-~][\\t -~]*$",
                                "description": "an OAuth 2.0 access token: visible ASCII (it is sent in a header)",
                            },
                        },
                        "required": ["password"],
                    },
                    {
                        "properties": {
                            "externalSystem": { "const": "vcard" },
                            "content": {
                                "type": "string",
                                "pattern": "^BEGIN:VCARD(\\r?\\n[^\\u0000]*)?$",
                                "description": "vCard text: at least a BEGIN:VCARD line (cards that cannot be read are reported in `failed`)",
                            },
                        },
                        "required": ["content"],
                    },
                    {
                        "properties": {
                            "externalSystem": { "const": "csv" },
                            "content": {
                                "type": "string",
                                "pattern": "^(Name|Given Name|Family Name|Organization 1 - Name|E-mail 1 - Value|Phone 1 - Value)(,[^\\r\\n\\u0000]*)?(\\r?\\n[^\\u0000]*)?$",
                                "description": "a Google Contacts CSV export: a header naming a name, organization, e-mail or phone column, then the rows (rows that cannot be read are reported in `failed`)",
                            },
                        },
                        "required": ["content"],
                    },
                ]),
            );
            if let Some(u) = i
                .get_mut("properties")
                .and_then(|p| p.get_mut("username"))
                .and_then(Value::as_object_mut)
            {
                u.insert("maxLength".into(), json!(255));
            }
        }
        if let Some(e) = schemas
            .get_mut("ExternalSystemInput")
            .and_then(Value::as_object_mut)
        {
            e.insert(
                "anyOf".into(),
                json!([
                    { "properties": { "threadId": { "type": "string", "pattern": NOT_BLANK } }, "required": ["threadId"] },
                    { "properties": { "entityId": { "type": "string", "pattern": NOT_BLANK } }, "required": ["entityId"] },
                ]),
            );
        }
        if let Some(t) = schemas
            .get_mut("TaskRequest")
            .and_then(Value::as_object_mut)
        {
            if let Some(p) = t
                .get_mut("properties")
                .and_then(|p| p.get_mut("phoneNumberIds"))
                .and_then(Value::as_object_mut)
            {
                p.insert("uniqueItems".into(), json!(true));
            }
            t.insert(
                "allOf".into(),
                json!([
                    {
                        "if": { "properties": { "taskType": { "const": "scheduled_call" } }, "required": ["taskType"] },
                        "then": {},
                        "else": {
                            "properties": {
                                "duration": { "type": "null" },
                                "phoneNumberIds": { "type": ["array", "null"], "maxItems": 0 },
                            },
                        },
                    },
                    {
                        "if": { "properties": { "phoneNumberIds": { "type": "array", "minItems": 1 } }, "required": ["phoneNumberIds"] },
                        "then": {
                            "properties": {
                                "relatedTo": {
                                    "type": "object",
                                    "properties": { "type": { "enum": ["contact", null] } },
                                },
                            },
                            "required": ["relatedTo"],
                        },
                    },
                ]),
            );
            // An update is checked against the task as stored where the body leaves a field
            // out: the rules hold only for what the body states (a body that conflicts with
            // the stored type or relation is answered 409).
            let mut update = Value::Object(t.clone());
            update["description"] = json!(
                "`POST /v2/tasks/{id}` body: attributes left out keep their value. `duration` and \
                 `phoneNumberIds` need a `scheduled_call` (the `taskType` of the body, or the \
                 stored one: 409 if that is not one), `phoneNumberIds` a contact in `relatedTo` \
                 (the body's, or the stored one: 409 if there is none)."
            );
            update["allOf"] = json!([
                {
                    "if": { "properties": { "taskType": { "not": { "const": "scheduled_call" } } }, "required": ["taskType"] },
                    "then": {
                        "properties": {
                            "duration": { "type": "null" },
                            "phoneNumberIds": { "type": ["array", "null"], "maxItems": 0 },
                        },
                    },
                },
                {
                    "if": { "properties": { "phoneNumberIds": { "type": "array", "minItems": 1 } }, "required": ["phoneNumberIds", "relatedTo"] },
                    "then": {
                        "properties": {
                            "relatedTo": {
                                "type": "object",
                                "properties": { "type": { "enum": ["contact", null] } },
                            },
                        },
                    },
                },
            ]);
            schemas.insert("TaskUpdateRequest".into(), update);
        }
        if let Some(d) = schemas
            .get_mut("CanvassPatch")
            .and_then(|c| c.get_mut("properties"))
            .and_then(Value::as_object_mut)
        {
            // No U+0000 (refused in every string of a body, issue 13 item 4).
            let pointer = "^(|/(?!(id|meta|customerId|securityGroupId)(/|$))([^/~\\u0000]|~[01])*(/([^/~\\u0000]|~[01])*)*)$";
            let at = json!({ "type": "string", "pattern": pointer, "description": "a JSON pointer into data (`/data/…` or relative to data)" });
            d.insert(
                "data".into(),
                json!({
                    "type": "array",
                    "maxItems": 100,
                    "description": "RFC 6902 operations, at most 100",
                    "items": {
                        "oneOf": [
                            {
                                "type": "object",
                                "properties": { "op": { "enum": ["add", "replace", "test"] }, "path": at, "value": {} },
                                "required": ["op", "path", "value"],
                            },
                            {
                                "type": "object",
                                "properties": { "op": { "const": "remove" }, "path": at },
                                "required": ["op", "path"],
                            },
                            {
                                "type": "object",
                                "properties": { "op": { "enum": ["move", "copy"] }, "from": at, "path": at },
                                "required": ["op", "from", "path"],
                            },
                        ],
                    },
                }),
            );
        }
        if let Some(r) = schemas
            .get_mut("Survey")
            .and_then(|c| c.get_mut("properties"))
            .and_then(|p| p.get_mut("responses"))
            .and_then(Value::as_object_mut)
        {
            r.insert("propertyNames".into(), json!({ "pattern": UUID }));
        }
        // A list of ids: `"12,31"` (blanks around the ids, empty for none) or `[12, 31]`
        // (`contacts::parse_id_csv`).
        if let Some(l) = schemas.get_mut("IdList") {
            *l = json!({
                "description": "ids as a comma-separated string (`\"12,31\"`, `\"\"` for none) or an array",
                "oneOf": [
                    { "type": "string", "pattern": "^ *([+-]?[0-9]{1,18} *(, *[+-]?[0-9]{1,18} *)*)?$", "example": "12,31" },
                    { "type": "array", "items": { "type": "integer", "format": "int64" } },
                ],
            });
        }
        if let Some(Value::Array(alts)) = schemas
            .get_mut("Identifier")
            .and_then(|i| i.get_mut("oneOf"))
        {
            for alt in alts.iter_mut() {
                if alt["type"] == "string" {
                    alt["minLength"] = json!(1);
                    alt["maxLength"] = json!(1024);
                }
            }
        }
        // Administration: names not blank and at most 255 characters (trimmed), emails,
        // passwords of the policy (8 to 128 characters, not blank), the enums of custom
        // fields.
        let name = json!({ "type": "string", "maxLength": 255, "pattern": NOT_BLANK });
        let email = json!({ "type": "string", "format": "email", "maxLength": 255 });
        // The password policy (`service::auth::check_password_policy`).
        let password = json!({ "type": "string", "minLength": 8, "maxLength": 128, "pattern": NOT_BLANK, "description": "8 to 128 characters, not blank" });
        for (schema, fields, required) in [
            (
                "CreateUserRequest",
                vec![("email", email.clone()), ("password", password.clone())],
                vec!["email", "password"],
            ),
            (
                "UpdateUserRequest",
                vec![("email", email.clone()), ("password", password.clone())],
                vec![],
            ),
            ("CompanyRequest", vec![("name", name.clone())], vec!["name"]),
            ("GroupRequest", vec![("name", name.clone())], vec!["name"]),
            (
                "CustomFieldRequest",
                vec![
                    ("name", name.clone()),
                    ("dataType", json!({ "enum": ["varchar", null] })),
                    ("entityType", json!({ "enum": ["contact", null] })),
                ],
                vec!["name"],
            ),
        ] {
            let Some(s) = schemas.get_mut(schema).and_then(Value::as_object_mut) else {
                continue;
            };
            if let Some(p) = s.get_mut("properties").and_then(Value::as_object_mut) {
                for (field, v) in fields {
                    p.insert(field.into(), v);
                }
            }
            if !required.is_empty() {
                s.insert("required".into(), json!(required));
            }
        }
        for name in ["DealRequest", "DealUpdateRequest"] {
            if let Some(c) = schemas
                .get_mut(name)
                .and_then(|d| d.pointer_mut("/properties/currency"))
                .and_then(Value::as_object_mut)
            {
                let mut codes: Vec<Value> = ISO_4217.iter().map(|c| json!(c)).collect();
                codes.push(Value::Null);
                c.insert("enum".into(), Value::Array(codes));
            }
        }
    }
    if let Some(s) = doc
        .pointer_mut("/paths/~1v2~1contacts/put/requestBody/content/application~1json/schema/$ref")
    {
        *s = json!("#/components/schemas/ContactCreateRequest");
    }
    if let Some(s) = doc.pointer_mut(
        "/paths/~1v2~1tasks~1{id}/post/requestBody/content/application~1json/schema/$ref",
    ) {
        *s = json!("#/components/schemas/TaskUpdateRequest");
    }
    // Other query parameters are ignored (as on every route), so the objects stay open.
    {
        replace_params(
            doc,
            "/v2/cleanup",
            "get",
            &["cmd", "value"],
            json!({
                "name": "cleanup",
                "in": "query",
                "required": true,
                "style": "form",
                "explode": true,
                "description": "`cmd=getDuplicates`, or `cmd=getConflicts&value=…` (the value, e.g. +12025552846: not blank, at most 255 characters)",
                "schema": {
                    "type": "object",
                    "oneOf": [
                        {
                            "properties": { "cmd": { "const": "getDuplicates" } },
                            "required": ["cmd"],
                        },
                        {
                            "properties": {
                                "cmd": { "const": "getConflicts" },
                                "value": { "type": "string", "maxLength": 255, "pattern": NOT_BLANK },
                            },
                            "required": ["cmd", "value"],
                        },
                    ],
                },
            }),
        );
    }
    // The import's flags (`service::import::run::parse_flag`) and `updated-min`
    // (`parse_updated_min`; blank is left out).
    if let Some(Value::Array(params)) = doc.pointer_mut("/paths/~1v2~1import/post/parameters") {
        for p in params.iter_mut() {
            match p["name"].as_str() {
                Some("nameRequired" | "phoneRequired" | "emailRequired") => {
                    p["schema"] = json!({
                        "type": "string",
                        "pattern": "^(|0|1|[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy][Ee][Ss]|[Nn][Oo])$",
                    });
                }
                Some("updated-min") => {
                    p["schema"] = json!({
                        "type": "string",
                        "anyOf": [
                            { "pattern": "^(|[0-9]{1,15})$" },
                            { "format": "date-time" },
                            { "format": "date" },
                        ],
                    });
                }
                _ => {}
            }
        }
    }
    // The canvass list: `filter` a JSON object of attribute → UUID, `sort` an attribute and
    // optionally a direction.
    if let Some(Value::Array(params)) = doc.pointer_mut("/paths/~1v2~1interactions/get/parameters")
    {
        for p in params.iter_mut() {
            match p["name"].as_str() {
                Some("filter") => {
                    if let Some(o) = p.as_object_mut() {
                        o.remove("schema");
                        o.insert(
                            "content".into(),
                            json!({ "application/json": { "schema": {
                                "type": "object",
                                "propertyNames": { "enum": ["/data/campaignId", "/data/contactId", "/data/householdId", "/data/contactHouseholdId"] },
                                "additionalProperties": { "type": "string", "pattern": UUID },
                            } } }),
                        );
                    }
                }
                Some("sort") => {
                    p["schema"] = json!({
                        "type": "array",
                        "minItems": 1,
                        "maxItems": 2,
                        "prefixItems": [
                            { "enum": ["id", "/id", "/data/id", "timestamp", "/data/timestamp", "created", "/meta/created", "modified", "/meta/modified"] },
                            { "type": "string", "pattern": "^([Aa][Ss][Cc]|[Dd][Ee][Ss][Cc])$" },
                        ],
                    });
                    p["style"] = json!("form");
                    p["explode"] = json!(true);
                }
                _ => {}
            }
        }
    }
    // A `companyId` in the body that names no company the caller sees: its 404.
    for path in [
        "/v2/admin/users",
        "/v2/admin/groups",
        "/v2/admin/customFields",
        "/v2/customFields",
    ] {
        if let Some(r) = doc
            .pointer_mut(&format!("/paths/{}/put/responses", path.replace('/', "~1")))
            .and_then(Value::as_object_mut)
        {
            r.entry("404").or_insert_with(|| {
                json!({
                    "description": "companyId names no company the caller sees",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ErrorBody" } } },
                })
            });
        }
    }
    // `cmd=wipeAccount` answers `{"code":200,"devmsg":"success"}`, the update the user.
    if let Some(b) = doc.pointer_mut(
        "/paths/~1v2~1admin~1users~1{id}/post/responses/200/content/application~1json/schema",
    ) {
        let updated = b.clone();
        *b = json!({ "anyOf": [
            updated,
            {
                "type": "object",
                "properties": { "code": { "const": 200 }, "devmsg": { "type": "string" } },
                "required": ["code", "devmsg"],
            },
        ] });
    }
    // Roles are named; a group list names groups.
    if let Some(b) = doc.pointer_mut(
        "/paths/~1v2~1admin~1users~1{id}~1roles/post/requestBody/content/application~1json/schema",
    ) {
        *b = json!({
            "type": "array",
            "items": { "type": "string", "enum": ["interact_admin", "customer_admin", "user"] },
        });
    }
    // One operation, two requests: the update's body, or `null` (the share's documented
    // Data is `{}` or `null`); required for both. An update of `null` names no version (409).
    if let Some(b) = doc
        .pointer_mut("/paths/~1v2~1contacts~1{id}/post/requestBody")
        .and_then(Value::as_object_mut)
    {
        b.insert("required".into(), json!(true));
        b.insert(
            "description".into(),
            json!(
                "the contact update (null names no version: 409); with cmd=share the same \
                 body is checked but not read (the document sends {} or null)"
            ),
        );
        if let Some(schema) = b
            .get_mut("content")
            .and_then(|c| c.pointer_mut("/application~1json/schema"))
        {
            let update = schema.take();
            *schema = json!({ "oneOf": [update, { "type": "null" }] });
        }
    }
    replace_params(
        doc,
        "/v2/contacts/{id}",
        "post",
        &["cmd", "groups"],
        json!({
            "name": "share",
            "in": "query",
            "required": false,
            "style": "form",
            "explode": true,
            "description": "`cmd=share&groups=12,32`: share the contact with the groups instead of updating it",
            "schema": {
                "type": "object",
                "properties": {
                    "cmd": { "const": "share" },
                    "groups": { "type": "string", "pattern": ids(100) },
                },
                "required": ["cmd", "groups"],
            },
        }),
    );
}

/// A contact answered in the projection a request asked for (`Projected`) is one of base,
/// flat and thin; the flat one is an open object, so it is told from the others by what it
/// has (`basicInfos`) and what it has not (`profiles`, flattened into `<network>Username` …).
fn flat_contacts(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::Array(alts)) = m.get_mut("oneOf") {
                let thin = json!({ "$ref": "#/components/schemas/ThinContact" });
                if alts.contains(&thin) {
                    for alt in alts.iter_mut() {
                        if alt.get("$ref").is_none() && alt["type"] == "object" {
                            alt["required"] = json!(["basicInfos"]);
                            alt["not"] = json!({ "required": ["profiles"] });
                        }
                    }
                }
            }
            m.values_mut().for_each(flat_contacts);
        }
        Value::Array(items) => items.iter_mut().for_each(flat_contacts),
        _ => {}
    }
}

/// Replaces the named parameters of an operation by one exploded object parameter.
fn replace_params(doc: &mut Value, path: &str, method: &str, names: &[&str], param: Value) {
    let pointer = format!("/paths/{}/{method}/parameters", path.replace('/', "~1"));
    let Some(Value::Array(params)) = doc.pointer_mut(&pointer) else {
        return;
    };
    let at = params
        .iter()
        .position(|p| names.contains(&p["name"].as_str().unwrap_or("")))
        .unwrap_or(params.len());
    params.retain(|p| !names.contains(&p["name"].as_str().unwrap_or("")));
    params.insert(at.min(params.len()), param);
}

/// An integer in a path or a query is decimal digits without sign or leading zero (DESIGN.md;
/// `interact_domain::numbers::decimal`), which JSON Schema's `integer` cannot say: it admits
/// `1.0`. So every such parameter is documented as a string of digits, with a pattern that
/// admits only numbers within its bounds (one digit fewer than the maximum has, so that every
/// match is in range).
fn decimal_params(doc: &mut Value) {
    fn digits(o: &Value) -> Value {
        let min = o["minimum"].as_i64().unwrap_or(0);
        let max = o["maximum"].as_i64().unwrap_or(i64::MAX);
        let rest = max.to_string().len().saturating_sub(2);
        let number = format!("[1-9][0-9]{{0,{rest}}}");
        let pattern = if min >= 1 {
            format!("^{number}$")
        } else {
            format!("^(0|{number})$")
        };
        json!({ "type": "string", "pattern": pattern, "x-decimal": true })
    }
    let is_integer = |o: &Value| o["type"] == "integer";
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for op in item.values_mut() {
            let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
                continue;
            };
            for p in params {
                if !matches!(p["in"].as_str(), Some("path" | "query")) {
                    continue;
                }
                let Some(schema) = p.get_mut("schema") else {
                    continue;
                };
                if is_integer(schema) {
                    *schema = digits(schema);
                } else if let Some(alts) = schema.get_mut("oneOf").and_then(Value::as_array_mut) {
                    for alt in alts.iter_mut().filter(|a| is_integer(a)) {
                        *alt = digits(alt);
                    }
                }
            }
        }
    }
}

/// Whether a parameter's schema is one of [`decimal_params`]' strings of digits.
pub(super) fn is_decimal(schema: &Value) -> bool {
    schema["x-decimal"] == true
}

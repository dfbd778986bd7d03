//! The OpenAPI 3 document, built from the endpoint declarations (`routes::endpoints`): each
//! documented endpoint's `#[utoipa::path]` operation under its path and method, each alias
//! path with a copy of its own (operation id suffixed `_alias`), and guarded alternatives of
//! one method and path merged into one operation.

use std::sync::OnceLock;

use utoipa::openapi::path::{Operation, Parameter};
use utoipa::openapi::request_body::RequestBody;
use utoipa::openapi::schema::{OneOfBuilder, Schema};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{Content, Deprecated, RefOr, Required};
use utoipa::{Modify, OpenApi};

use crate::routes::{self, Schemas};

mod links;
mod rules;
mod text;

#[derive(OpenApi)]
#[openapi(
    info(title = "interact.io REST API V2", version = "2.0",
        description = "CRM and canvassing API: contacts, notes, tasks, deals, interactions, \
                       administration, sync and canvass interactions."),
    components(schemas(
        interact_domain::ErrorBody,
        interact_domain::devices::TriggerTokenAnswer,
        interact_domain::ListPage<interact_domain::admin::CustomField>,
    )),
    modifiers(&Security, &Endpoints, &Edges),
)]
struct ApiDoc;

/// The whole document.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The document as JSON, built once, with the rules across fields (`rules`), the links from
/// creates to what they created (`links`) and what it says about text (`text`) applied.
pub fn json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        let mut doc = match serde_json::to_value(document()) {
            Ok(v) => v,
            Err(e) => return format!("{e}"),
        };
        rules::apply(&mut doc);
        links::apply(&mut doc);
        text::apply(&mut doc);
        doc.to_string()
    })
}

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "authToken",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("authToken"))),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Adds the paths of every documented endpoint and the schemas they refer to.
struct Endpoints;

impl Modify for Endpoints {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let mut schemas: Schemas = Vec::new();
        for e in routes::endpoints() {
            let Some(doc) = e.doc else { continue };
            let Some(method) = routes::http_method(&e.method) else {
                continue;
            };
            (doc.schemas)(&mut schemas);
            let mut operation = (doc.operation)();
            if !e.public && operation.security.is_none() {
                operation.security = Some(token());
            }
            let tags: Vec<String> = (doc.tags)().into_iter().map(str::to_string).collect();
            if !tags.is_empty() {
                operation.tags = Some(tags);
            }
            for (i, path) in e.paths().enumerate() {
                let mut op = operation.clone();
                if i > 0 {
                    alias(&mut op, &e.path);
                }
                let item = openapi.paths.paths.entry(path.to_string()).or_default();
                let slot = match method {
                    utoipa::openapi::HttpMethod::Get => &mut item.get,
                    utoipa::openapi::HttpMethod::Put => &mut item.put,
                    utoipa::openapi::HttpMethod::Post => &mut item.post,
                    utoipa::openapi::HttpMethod::Delete => &mut item.delete,
                    utoipa::openapi::HttpMethod::Options => &mut item.options,
                    utoipa::openapi::HttpMethod::Head => &mut item.head,
                    utoipa::openapi::HttpMethod::Patch => &mut item.patch,
                    utoipa::openapi::HttpMethod::Trace => &mut item.trace,
                };
                match slot {
                    Some(existing) => merge(existing, op),
                    None => *slot = Some(op),
                }
            }
        }
        let components = openapi.components.get_or_insert_with(Default::default);
        for (name, schema) in schemas {
            components.schemas.entry(name).or_insert(schema);
        }
    }
}

/// What an endpoint that is not public takes: the `authToken` header, or a bearer token.
fn token() -> Vec<SecurityRequirement> {
    let none: [&str; 0] = [];
    vec![
        SecurityRequirement::new("authToken", none),
        SecurityRequirement::new("bearer", none),
    ]
}

/// An alias path's copy of an operation: its own operation id, and a note naming the path it
/// stands for.
fn alias(op: &mut Operation, path: &str) {
    if let Some(id) = &op.operation_id {
        op.operation_id = Some(format!("{id}_alias"));
    }
    let note = format!("Alias of `{path}` (the spelling of the document's examples).");
    op.description = Some(match op.description.take() {
        Some(d) => format!("{d}\n\n{note}"),
        None => note,
    });
    op.deprecated = Some(Deprecated::False);
}

fn one_of(a: RefOr<Schema>, b: RefOr<Schema>) -> RefOr<Schema> {
    if a == b {
        return a;
    }
    let mut items = Vec::new();
    for s in [a, b] {
        match s {
            RefOr::T(Schema::OneOf(o)) => items.extend(o.items),
            s => items.push(s),
        }
    }
    let mut builder = OneOfBuilder::new();
    for s in items {
        builder = builder.item(s);
    }
    RefOr::T(Schema::OneOf(builder.build()))
}

fn merge_content(
    into: &mut impl Extend<(String, Content)>,
    existing: impl Fn(&str) -> Option<Content>,
    other: impl IntoIterator<Item = (String, Content)>,
) {
    let mut out = Vec::new();
    for (mime, c) in other {
        match existing(&mime) {
            Some(mut e) => {
                e.schema = match (e.schema.take(), c.schema) {
                    (Some(a), Some(b)) => Some(one_of(a, b)),
                    (a, b) => a.or(b),
                };
                out.push((mime, e));
            }
            None => out.push((mime, c)),
        }
    }
    into.extend(out);
}

fn merge_body(a: Option<RequestBody>, b: Option<RequestBody>) -> Option<RequestBody> {
    match (a, b) {
        (Some(mut a), Some(b)) => {
            let both = a.required == Some(Required::True) && b.required == Some(Required::True);
            let snapshot = a.content.clone();
            merge_content(&mut a.content, |m| snapshot.get(m).cloned(), b.content);
            a.required = Some(if both {
                Required::True
            } else {
                Required::False
            });
            Some(a)
        }
        (Some(mut x), None) | (None, Some(mut x)) => {
            x.required = Some(Required::False);
            Some(x)
        }
        (None, None) => None,
    }
}

fn merge_params(a: Vec<Parameter>, b: Vec<Parameter>) -> Vec<Parameter> {
    let mut out: Vec<Parameter> = Vec::new();
    for mut p in a {
        match b
            .iter()
            .find(|q| q.name == p.name && q.parameter_in == p.parameter_in)
        {
            Some(q) => {
                p.schema = match (p.schema.take(), q.schema.clone()) {
                    (Some(x), Some(y)) => Some(one_of(x, y)),
                    (x, y) => x.or(y),
                };
                if q.required != Required::True {
                    p.required = Required::False;
                }
                if p.description != q.description {
                    p.description = match (p.description.take(), q.description.clone()) {
                        (Some(x), Some(y)) => Some(format!("{x}; or {y}")),
                        (x, y) => x.or(y),
                    };
                }
            }
            None => p.required = Required::False,
        }
        out.push(p);
    }
    for mut q in b {
        if !out
            .iter()
            .any(|p| p.name == q.name && p.parameter_in == q.parameter_in)
        {
            q.required = Required::False;
            out.push(q);
        }
    }
    out
}

/// Merges a guarded alternative into the operation of its method and path: both
/// descriptions, the union of their parameters (required only where both require), request
/// bodies and answers (different schemas of one status as `oneOf`).
fn merge(into: &mut Operation, other: Operation) {
    let text = |o: &Operation| {
        [o.summary.clone(), o.description.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    into.description = Some(format!("{}\n\n**Or:** {}", text(into), text(&other)));
    into.summary = match (into.summary.take(), other.summary.clone()) {
        (Some(a), Some(b)) => Some(format!("{a} / {b}")),
        (a, b) => a.or(b),
    };
    let a = into.parameters.take().unwrap_or_default();
    let b = other.parameters.unwrap_or_default();
    let params = merge_params(a, b);
    into.parameters = (!params.is_empty()).then_some(params);
    into.request_body = merge_body(into.request_body.take(), other.request_body);
    for (status, resp) in other.responses.responses {
        match into.responses.responses.get_mut(&status) {
            Some(RefOr::T(existing)) => {
                if let RefOr::T(resp) = resp {
                    if existing.description != resp.description {
                        existing.description =
                            format!("{}; or {}", existing.description, resp.description);
                    }
                    let snapshot = existing.content.clone();
                    merge_content(
                        &mut existing.content,
                        |m| snapshot.get(m).cloned(),
                        resp.content,
                    );
                }
            }
            Some(RefOr::Ref(_)) => {}
            None => {
                into.responses.responses.insert(status, resp);
            }
        }
    }
}

/// What every operation shares because of the layers around the handlers, stated once here
/// rather than on each handler: the JSONP wrapper of GETs (`callback`, `application/javascript`,
/// `middleware::jsonp`), the 400 of a refused parameter or body (extractors), the 401 of a
/// missing token (`Auth`), the 404 of an id that is not the caller's, and ids in paths that are
/// positive integers.
struct Edges;

impl Modify for Edges {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};

        let error = |description: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("ErrorBody")))
                            .build(),
                    )
                    .build(),
            )
        };
        let callback = ParameterBuilder::new()
            .name("callback")
            .parameter_in(ParameterIn::Query)
            .required(Required::False)
            .description(Some(
                "JSONP (2.2): answer `/**/NAME(<json>);` as application/javascript",
            ))
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some(crate::middleware::jsonp::CALLBACK_PATTERN))
                    .max_length(Some(crate::middleware::jsonp::MAX_CALLBACK))
                    .min_length(Some(1)),
            ))
            .build();
        let script = ContentBuilder::new()
            .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
            .build();

        for (path, item) in openapi.paths.paths.iter_mut() {
            let ops = [
                (true, &mut item.get),
                (false, &mut item.put),
                (false, &mut item.post),
                (false, &mut item.delete),
                (false, &mut item.patch),
            ];
            for (is_get, op) in ops {
                let Some(op) = op else { continue };
                let params = op.parameters.get_or_insert_with(Vec::new);
                for p in params.iter_mut() {
                    // Path ids are positive i64; `offset` and `limit` (`Paging`) non-negative.
                    let least = match (&p.parameter_in, p.name.as_str()) {
                        (ParameterIn::Path, "id") => 1,
                        (ParameterIn::Query, "offset" | "limit") => 0,
                        _ => continue,
                    };
                    // An integer, or the integer of a `oneOf` (a path id that may also be a
                    // canvass UUID).
                    let integers: Vec<&mut utoipa::openapi::schema::Object> = match &mut p.schema {
                        Some(RefOr::T(Schema::Object(o))) => vec![o],
                        Some(RefOr::T(Schema::OneOf(one))) => one
                            .items
                            .iter_mut()
                            .filter_map(|i| match i {
                                RefOr::T(Schema::Object(o)) => Some(o),
                                _ => None,
                            })
                            .collect(),
                        _ => continue,
                    };
                    let mut paging = false;
                    for o in integers {
                        if o.schema_type != Type::Integer.into() {
                            continue;
                        }
                        // `Paging`'s `offset`/`limit` come without bounds of their own.
                        paging = least == 0 && o.maximum.is_none();
                        // A handler's own narrower bounds stay (the canvass `limit`).
                        o.minimum.get_or_insert(utoipa::Number::Int(least));
                        o.maximum
                            .get_or_insert(utoipa::Number::Int(i64::MAX as isize));
                    }
                    // `Paging` reads an empty `offset=` or `limit=` as not given (a form
                    // serializer sends an empty field so).
                    if paging {
                        if let Some(RefOr::T(integer)) = p.schema.take() {
                            let empty = ObjectBuilder::new()
                                .schema_type(Type::String)
                                .max_length(Some(0));
                            p.schema = Some(RefOr::T(Schema::OneOf(
                                utoipa::openapi::schema::OneOfBuilder::new()
                                    .item(integer)
                                    .item(empty)
                                    .build(),
                            )));
                        }
                    }
                }
                if is_get {
                    params.retain(|p| p.name != "callback");
                    params.push(callback.clone());
                }
                let responses = &mut op.responses.responses;
                responses.entry("400".into()).or_insert_with(|| {
                    error("a parameter or the body is invalid (the devmsg names it)")
                });
                if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    responses
                        .entry("401".into())
                        .or_insert_with(|| error("no valid token"));
                }
                if path.contains('{') {
                    responses
                        .entry("404".into())
                        .or_insert_with(|| error("no such entity of the caller"));
                }
                if is_get {
                    for r in op.responses.responses.values_mut() {
                        if let RefOr::T(r) = r {
                            if r.content.contains_key("application/json") {
                                r.content
                                    .insert("application/javascript".into(), script.clone());
                            }
                        }
                    }
                }
                if op.parameters.as_ref().is_some_and(Vec::is_empty) {
                    op.parameters = None;
                }
            }
        }
    }
}

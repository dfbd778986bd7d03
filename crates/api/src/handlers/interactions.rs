//! Interact.io interactions (2.5.2.1 trigger event, 2.5.3.1.28–31); the canvass resource on
//! the same path is in `handlers::canvass` (see `canvass::dispatch`).

use actix_web::{HttpRequest, HttpResponse};
use interact_domain::interactions::{Interaction, TriggerRequest, UpdateInteractionRequest};
use interact_domain::{Created, ErrorBody, Updated};
use interact_errors::{Action, Realm};
use interact_service::interactions::{self, Triggered};
use serde_json::json;

use crate::extract::{App, Auth, Id, InteractionId, Json};
use crate::respond::{self, Reply};

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![
        crate::endpoint!(list_crm_interactions, Action::View, Realm::Interactions),
        crate::endpoint!(trigger_event, Action::Create, Realm::Interactions).public(),
        crate::endpoint!(get_crm_interaction, Action::View, Realm::Interactions)
            .guard(crate::routes::is_integer_id),
        crate::endpoint!(update_crm_interaction, Action::Edit, Realm::Interactions),
        crate::endpoint!(contact_interactions, Action::View, Realm::ContactInteractions),
    ]
}

// `GET /v2/interactions` (without canvass list parameters): the caller's interactions.
/// Read the caller's interactions, newest first (2.5.3.1.28): `GET /v2/interactions` without
/// the canvass list's `filter`, `skip`, `limit` or `sort`.
#[utoipa::path(get, path = "/v2/interactions", tag = "interactions",
    responses(
        (status = 200, body = Vec<Interaction>),
    ))]
pub async fn list_crm_interactions(ctx: App, auth: Auth) -> Reply {
    Ok(respond::ok(interactions::list(&ctx, &auth).await?))
}

// `PUT /v2/interactions` with a `triggerToken` header: a trigger device reports an event.
/// Trigger an interaction event (2.5.2.1). A match on an excluded basicInfo records nothing:
/// 200 `{"code":200,"devmsg":"excluded"}`. The same `externalSystem.entityId` again answers
/// the interaction recorded the first time.
#[utoipa::path(put, path = "/v2/interactions", tag = "interactions",
    params(("triggerToken" = String, Header, description = "the token of a registered trigger device")),
    request_body = TriggerRequest,
    responses(
        (status = 201, body = Created<Interaction>),
        (status = 200, description = "excluded: `{\"code\":200,\"devmsg\":\"excluded\"}`", body = ErrorBody),
        (status = 400, body = ErrorBody),
        (status = 401, description = "triggerToken missing or not valid", body = ErrorBody),
        (status = 403, description = "receiverId is not the trigger device owner's email", body = ErrorBody),
    ))]
pub async fn trigger_event(ctx: App, req: HttpRequest, body: Json<TriggerRequest>) -> Reply {
    let token = req
        .headers()
        .get("triggerToken")
        .and_then(|v| v.to_str().ok());
    match interactions::trigger(&ctx, token, body.0).await? {
        Triggered::Recorded(entity) => Ok(respond::created(entity)),
        Triggered::Excluded => {
            Ok(HttpResponse::Ok().json(json!({"code": 200, "devmsg": "excluded"})))
        }
    }
}

// `GET /v2/interactions/<integer>`: one interact.io interaction.
/// Read an interaction (2.5.3.1.30): integer ids; other ids are canvass interactions.
#[utoipa::path(get, path = "/v2/interactions/{id}", tag = "interactions",
    params(("id" = i64, Path, description = "interaction id")),
    responses(
        (status = 200, body = Interaction),
        (status = 404, description = "no such interaction of the caller", body = ErrorBody),
    ))]
pub async fn get_crm_interaction(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(interactions::get(&ctx, &auth, *id).await?))
}

// `POST /v2/interactions/:id`: link a contact, set duration, status, tags, external systems.
/// Update an interaction (2.5.3.1.31); `organizationId`/`personId` are aliases of
/// `organization.id`/`person.id`.
#[utoipa::path(post, path = "/v2/interactions/{id}", tag = "interactions",
    params(("id" = i64, Path, description = "interaction id")),
    request_body = UpdateInteractionRequest,
    responses(
        (status = 200, body = Updated<Interaction>),
        (status = 400, body = ErrorBody),
        (status = 404, description = "no such interaction, contact or basicInfo of the caller (a canvass interaction's UUID names none)", body = ErrorBody),
        (status = 409, description = "a person named as the organization, or an organization as the person", body = ErrorBody),
    ))]
pub async fn update_crm_interaction(
    ctx: App,
    auth: Auth,
    id: InteractionId,
    body: Json<UpdateInteractionRequest>,
) -> Reply {
    Ok(respond::updated(
        interactions::update(&ctx, &auth, id.0, body.0).await?,
    ))
}

// `GET /v2/contacts/:id/interactions`: the interactions linked to a contact.
/// Read the interactions of a contact, newest first (2.5.3.1.29).
#[utoipa::path(get, path = "/v2/contacts/{id}/interactions", tag = "interactions",
    params(
        ("id" = i64, Path, description = "contact id"),
    ),
    responses(
        (status = 200, body = Vec<Interaction>),
        (status = 400, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ))]
pub async fn contact_interactions(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(
        interactions::list_for_contact(&ctx, &auth, *id).await?,
    ))
}

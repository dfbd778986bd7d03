//! The action and realm quads of a request, read from its method and path, for errors raised
//! before a handler knows better (malformed bodies, bad parameters, unknown routes).

use actix_web::http::Method;
use interact_errors::{Action, Realm};

pub fn of(method: &Method, path: &str) -> (Action, Realm) {
    // The canvass resource creates with POST (spec/000), unlike the interact.io PUT.
    if *method == Method::POST && path.trim_end_matches('/') == "/v2/interactions" {
        return (Action::Create, Realm::Interactions);
    }
    // `POST /v2/contacts` is only the merge (2.5.3.2.7).
    if *method == Method::POST && path.trim_end_matches('/') == "/v2/contacts" {
        return (Action::Merge, Realm::Contacts);
    }
    let action = match *method {
        Method::PUT => Action::Create,
        Method::POST | Method::PATCH => Action::Edit,
        Method::DELETE => Action::Delete,
        _ => Action::View,
    };
    let mut parts = path.trim_start_matches('/').split('/');
    let first = parts.next().unwrap_or("");
    let (resource, sub) = if first == "v2" {
        let r = parts.next().unwrap_or("");
        if r == "admin" {
            (parts.next().unwrap_or("admin"), None)
        } else {
            let _id = parts.next();
            (r, parts.next())
        }
    } else {
        (first, None)
    };
    let realm = match (resource, sub) {
        ("contacts", Some("contacts")) => Realm::ContactRelations,
        ("contacts", Some("deals")) => Realm::ContactDeals,
        ("contacts", Some("interactions")) => Realm::ContactInteractions,
        ("contacts", Some("notes")) => Realm::ContactNotes,
        ("contacts", Some("profiles")) => Realm::ContactProfiles,
        ("contacts", Some("searchTerms")) => Realm::ContactSearchTerms,
        ("contacts", Some("tags")) => Realm::ContactTags,
        ("contacts", Some("tasks")) => Realm::ContactTasks,
        ("contacts", _) => Realm::Contacts,
        ("activities", _) => Realm::Activities,
        ("login", _) => return (Action::Login, Realm::Authentication),
        ("logout", _) => return (Action::Logout, Realm::Authentication),
        ("sync", _) => return (Action::PullSync, Realm::Sync),
        ("socket", _) | ("interact-server", _) => return (Action::OpenWebsocket, Realm::Websocket),
        ("cleanup", _) => Realm::Cleanup,
        ("import", _) => return (Action::Import, Realm::ContactImport),
        ("deals", _) | ("deal", _) => Realm::Deals,
        ("tasks", _) => Realm::Tasks,
        ("taskLists", _) | ("tasksLists", _) => Realm::TaskLists,
        ("notes", _) => Realm::Notes,
        ("tags", _) => Realm::Tags,
        ("devices", _) => Realm::Devices,
        ("triggerDevices", _) => Realm::TriggerDevices,
        ("companies", _) | ("company", _) => Realm::CompanyAdministration,
        ("users", _) => Realm::UserAdministration,
        ("groups", _) | ("group", _) => Realm::GroupAdministration,
        ("customFields", _) => Realm::CustomFieldAdministration,
        ("myAccount", _) => Realm::MyAccount,
        ("basicInfos", _) => Realm::BasicInfos,
        ("interactions", _) => Realm::Interactions,
        ("pictures", _) => Realm::Contacts,
        _ => Realm::General,
    };
    (action, realm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_realm_from_path() {
        assert_eq!(
            of(&Method::GET, "/v2/contacts/5/tags"),
            (Action::View, Realm::ContactTags)
        );
        assert_eq!(
            of(&Method::PUT, "/v2/admin/users"),
            (Action::Create, Realm::UserAdministration)
        );
        assert_eq!(
            of(&Method::POST, "/v2/login"),
            (Action::Login, Realm::Authentication)
        );
        assert_eq!(of(&Method::GET, "/nowhere"), (Action::View, Realm::General));
    }
}

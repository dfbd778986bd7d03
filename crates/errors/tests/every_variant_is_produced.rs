//! Every exception, action and realm of the taxonomy is produced somewhere in the server's
//! code, or listed below as reserved with the reason this server never sends it. A variant
//! that falls out of use (or a reserved one that comes into use) fails this test, so the
//! list of codes a client can receive stays the list in `docs/errors.md`.

use std::path::{Path, PathBuf};

use interact_errors::{Action, Exception, Realm};

/// Defined by the document's tables 100–102, never sent by this server.
const RESERVED: &[(&str, &str)] = &[
    (
        "Exception::General",
        "every error names a specific exception",
    ),
    ("Exception::ReportNotFound", "this API has no reports"),
    (
        "Exception::Unhandled",
        "a failure of the server's own is 9001, its cause logged",
    ),
    (
        "Exception::ProfileNotFound",
        "profiles are read as a contact's list; a missing contact is 9104",
    ),
    (
        "Exception::RoleNotFound",
        "an unknown role name is invalid data (9201), docs/errors.md",
    ),
    (
        "Exception::TagNotFound",
        "tags are only listed, never addressed one by one",
    ),
    (
        "Exception::BasicInfoVariationNotFound",
        "no endpoint addresses a basicInfo variation",
    ),
    (
        "Exception::Validation",
        "the server always tells invalid (9201) from missing (9202)",
    ),
    (
        "Action::PushSync",
        "sync is pulled (GET /v2/sync); pushes go over the websocket",
    ),
    (
        "Realm::DealNotes",
        "a deal's notes have no endpoint of their own",
    ),
    (
        "Realm::DealTasks",
        "a deal's tasks have no endpoint of their own",
    ),
    (
        "Realm::TaskNotes",
        "a task's notes have no endpoint of their own",
    ),
    (
        "Realm::Administration",
        "every administration endpoint has its own realm (701–705)",
    ),
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The server's code: every crate's `src`, without the taxonomy itself and without unit test
/// modules (by convention the end of a file, from `#[cfg(test)]`).
fn server_code() -> String {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&crates).expect("crates folder").flatten() {
        sources(&entry.path().join("src"), &mut files);
    }
    let mut code = String::new();
    for f in files {
        if f.ends_with("errors/src/taxonomy.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&f).expect("read source");
        let text = match text.find("#[cfg(test)]") {
            Some(i) => &text[..i],
            None => &text[..],
        };
        code.push_str(text);
        code.push('\n');
    }
    code
}

fn is_used(code: &str, name: &str) -> bool {
    code.match_indices(name).any(|(i, _)| {
        let next = code[i + name.len()..].chars().next();
        let prev = code[..i].chars().next_back();
        !next.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !prev.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[test]
fn every_exception_action_and_realm_is_produced_or_reserved() {
    let code = server_code();
    let mut names = Vec::new();
    names.extend(Exception::ALL.iter().map(|v| format!("Exception::{v:?}")));
    names.extend(Action::ALL.iter().map(|v| format!("Action::{v:?}")));
    names.extend(Realm::ALL.iter().map(|v| format!("Realm::{v:?}")));
    let mut unused = Vec::new();
    let mut stale = Vec::new();
    for name in &names {
        let reserved = RESERVED.iter().any(|(r, _)| r == name);
        match (is_used(&code, name), reserved) {
            (false, false) => unused.push(name.clone()),
            (true, true) => stale.push(name.clone()),
            _ => {}
        }
    }
    assert!(
        unused.is_empty(),
        "never produced: {unused:?} — use them, remove them, or list them in RESERVED with a reason"
    );
    assert!(
        stale.is_empty(),
        "listed as reserved but produced: {stale:?} — take them off RESERVED"
    );
    for (name, _) in RESERVED {
        assert!(names.contains(&name.to_string()), "no such variant: {name}");
    }
}

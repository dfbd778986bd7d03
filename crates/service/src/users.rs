//! User administration (2.5.3.1.53–57, 2.5.3.2.2, 2.5.3.2.9–10).

use interact_domain::admin::{CreateUserRequest, UpdateUserRequest, User};
use interact_domain::auth::GroupRef;
use interact_errors::{Action, Detail, Error, Exception, Realm, Result, Tag};
use interact_store::{companies, groups, password_resets, tokens, users, wipe, AnyConnection};

use crate::access::{normalize_email, unknown_company, user_not_found, AdminScope};
use crate::auth::{check_password_policy, hash_password, Principal, Role};
use crate::Ctx;

/// A user as the administration answers show it.
pub fn view(c: &mut AnyConnection, u: &users::User) -> Result<User> {
    let mut list = views(c, std::slice::from_ref(u))?;
    list.pop()
        .ok_or_else(|| Error::internal(anyhow::anyhow!("user {} has no view", u.id)))
}

/// Users as the administration answers show them, with their groups and interaction counts:
/// two statements whatever the number of users.
pub fn views(c: &mut AnyConnection, list: &[users::User]) -> Result<Vec<User>> {
    let ids: Vec<i64> = list.iter().map(|u| u.id).collect();
    let groups = users::groups_of_many(c, &ids)?;
    let counts = users::interactions_counts(c, &ids)?;
    Ok(list
        .iter()
        .map(|u| User {
            active: u.active,
            company_id: u.company_id,
            date_created: u.created,
            email: u.email.clone(),
            groups: groups
                .get(&u.id)
                .map(|gs| {
                    gs.iter()
                        .map(|g| GroupRef {
                            id: g.id,
                            name: g.name.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            id: u.id,
            interactions_count: counts.get(&u.id).copied().unwrap_or(0),
            roles: u.role_names(),
        })
        .collect())
}

fn email_taken(action: Action) -> Error {
    Error::new(
        Exception::EmailTaken,
        action,
        Realm::UserAdministration,
        Detail::Conflict,
        "a user with this email exists already",
    )
}

/// A unique violation on insert or update of a user can only be the email.
fn unique_is_email(action: Action) -> impl Fn(Error) -> Error {
    move |e| {
        if e.exception == Exception::BadRequest && e.detail == Detail::Conflict {
            email_taken(action)
        } else {
            e
        }
    }
}

/// The user with this id if the caller administers it; 404 otherwise.
fn visible(c: &mut AnyConnection, scope: AdminScope, id: i64) -> Result<users::User> {
    match users::find(c, id)? {
        Some(u) if scope.sees_company(u.company_id) => Ok(u),
        _ => Err(user_not_found(id)),
    }
}

/// A customer_admin may not change an interact_admin (that would let them take over the
/// platform) even when the interact_admin belongs to their company.
fn may_change(scope: AdminScope, target: &users::User) -> Result<()> {
    let target_is_platform_admin = target
        .role_names()
        .iter()
        .any(|r| r == Role::InteractAdmin.as_str());
    if !scope.is_all() && target_is_platform_admin {
        return Err(Error::forbidden(format!(
            "user {} is an interact_admin; only an interact_admin may change them",
            target.id
        )));
    }
    Ok(())
}

fn roles_string(roles: &[Role]) -> String {
    Role::ALL
        .iter()
        .filter(|r| roles.contains(r))
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// `PUT /v2/admin/users`.
pub async fn create(ctx: &Ctx, who: &Principal, req: CreateUserRequest) -> Result<User> {
    let tag = |e: Error| e.in_context(Action::Create, Realm::UserAdministration);
    let scope = AdminScope::of(who).map_err(tag)?;
    let email = normalize_email(req.email.as_deref(), "email").map_err(tag)?;
    let password = req
        .password
        .filter(|p| !p.is_empty())
        .ok_or_else(|| tag(Error::missing("password")))?;
    check_password_policy(&password, "password").map_err(tag)?;
    // A customer_admin's users belong to their company unless the body says otherwise.
    let company_id = match (req.company_id, scope) {
        (Some(c), _) => Some(c),
        (None, AdminScope::Company(Some(own))) => Some(own),
        (None, AdminScope::Company(None)) => return Err(tag(Error::missing("companyId"))),
        (None, AdminScope::All) => None,
    };
    let hash = hash_password(ctx, password).await?;
    let now = ctx.clock.now_ms();
    ctx.db
        .write(move |c| {
            if let Some(cid) = company_id {
                if !scope.sees_company(Some(cid)) || companies::find(c, cid)?.is_none() {
                    return Err(unknown_company(cid));
                }
            }
            if users::find_by_email(c, &email)?.is_some() {
                return Err(email_taken(Action::Create));
            }
            let uuid = uuid::Uuid::new_v4().to_string();
            let user = users::insert(
                c,
                &users::UserInsertForm {
                    uuid: &uuid,
                    email: &email,
                    password_hash: &hash,
                    active: true,
                    company_id,
                    roles: Role::User.as_str(),
                    created: now,
                },
            )
            .map_err(unique_is_email(Action::Create))?;
            view(c, &user)
        })
        .await
        .tag(Action::Create, Realm::UserAdministration)
}

/// `GET /v2/admin/users`: every user the caller administers.
pub async fn list(ctx: &Ctx, who: &Principal) -> Result<Vec<User>> {
    let scope = AdminScope::of(who).tag(Action::View, Realm::UserAdministration)?;
    ctx.db
        .read(move |c| {
            let rows = match scope.company_filter() {
                None => users::list(c, None)?,
                Some(None) => Vec::new(),
                Some(Some(own)) => users::list(c, Some(own))?,
            };
            views(c, &rows)
        })
        .await
        .tag(Action::View, Realm::UserAdministration)
}

/// `GET /v2/admin/users/:id`.
pub async fn get(ctx: &Ctx, who: &Principal, id: i64) -> Result<User> {
    let scope = AdminScope::of(who).tag(Action::View, Realm::UserAdministration)?;
    ctx.db
        .read(move |c| {
            let u = visible(c, scope, id)?;
            view(c, &u)
        })
        .await
        .tag(Action::View, Realm::UserAdministration)
}

/// `POST /v2/admin/users/:id`: email, password, active, and companyId once.
pub async fn update(ctx: &Ctx, who: &Principal, id: i64, req: UpdateUserRequest) -> Result<User> {
    let tag = |e: Error| e.in_context(Action::Edit, Realm::UserAdministration);
    let scope = AdminScope::of(who).map_err(tag)?;
    let email = match req.email.as_deref() {
        Some(e) => Some(normalize_email(Some(e), "email").map_err(tag)?),
        None => None,
    };
    let hash = match req.password {
        Some(p) => {
            check_password_policy(&p, "password").map_err(tag)?;
            Some(hash_password(ctx, p).await?)
        }
        None => None,
    };
    let caller_token = who.token_id;
    let ctx2 = ctx.clone();
    let updated = ctx
        .db
        .write(move |c| {
            let target = visible(c, scope, id)?;
            may_change(scope, &target)?;
            let mut form = users::UserUpdateForm::default();
            if let Some(email) = email.filter(|e| *e != target.email) {
                if users::find_by_email(c, &email)?.is_some() {
                    return Err(email_taken(Action::Edit));
                }
                form.email = Some(email);
            }
            if let Some(cid) = req.company_id {
                match target.company_id {
                    Some(current) if current == cid => {}
                    // A conflict with the user's state (409), not a malformed value.
                    Some(current) => {
                        return Err(Error::conflict(format!(
                                "companyId: user {id} belongs to company {current}; a company, once set, cannot be changed"
                            )).in_context(Action::Edit, Realm::UserAdministration))
                    }
                    None => {
                        if !scope.sees_company(Some(cid)) || companies::find(c, cid)?.is_none() {
                            return Err(unknown_company(cid));
                        }
                        form.company_id = Some(Some(cid));
                    }
                }
            }
            let ends_sessions = hash.is_some() || req.active == Some(false);
            form.password_hash = hash;
            form.active = req.active;
            users::update(c, id, &form).map_err(unique_is_email(Action::Edit))?;
            if ends_sessions {
                // A new password or a deactivation ends the user's sessions (but the
                // caller's own, when administrators change themselves).
                tokens::delete_for_user(c, id, Some(caller_token))?;
                password_resets::delete_for_user(c, id)?;
            }
            // Email, company, activity and password are all in the cached principal.
            crate::auth::revoke_in(c, &ctx2, &[id])?;
            let u = users::find(c, id)?.ok_or_else(|| user_not_found(id))?;
            view(c, &u)
        })
        .await
        .tag(Action::Edit, Realm::UserAdministration)?;
    crate::auth::revoked(ctx, &[id]);
    Ok(updated)
}

/// `DELETE /v2/admin/users/:id` and `DELETE /v2/admin/users?ids=`: all or nothing.
pub async fn delete(ctx: &Ctx, who: &Principal, ids: Vec<i64>) -> Result<()> {
    let scope = AdminScope::of(who).tag(Action::Delete, Realm::UserAdministration)?;
    let (ctx2, deleted) = (ctx.clone(), ids.clone());
    ctx.db
        .write(move |c| {
            for &id in &ids {
                let target = visible(c, scope, id)?;
                may_change(scope, &target)?;
            }
            crate::auth::revoke_in(c, &ctx2, &ids)?;
            for &id in &ids {
                wipe::wipe_user_data(c, id, None)?;
                password_resets::delete_for_user(c, id)?;
                groups::clear_memberships(c, id)?;
            }
            users::delete(c, &ids)?;
            Ok(())
        })
        .await
        .tag(Action::Delete, Realm::UserAdministration)?;
    crate::auth::revoked(ctx, &deleted);
    Ok(())
}

/// `POST /v2/admin/users/:id?cmd=wipeAccount`: removes all of the user's data and keeps the
/// account (and the caller's own session, when wiping themselves).
pub async fn wipe_account(ctx: &Ctx, who: &Principal, id: i64) -> Result<()> {
    let scope = AdminScope::of(who).tag(Action::Wipe, Realm::UserAdministration)?;
    let keep = (id == who.user_id).then_some(who.token_id);
    let ctx2 = ctx.clone();
    ctx.db
        .write(move |c| {
            let target = visible(c, scope, id)?;
            may_change(scope, &target)?;
            crate::auth::revoke_in(c, &ctx2, &[id])?;
            wipe::wipe_user_data(c, id, keep)
        })
        .await
        .tag(Action::Wipe, Realm::UserAdministration)?;
    crate::auth::revoked(ctx, &[id]);
    Ok(())
}

/// The `cmd` of the role and group assignment calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assign {
    Add,
    Remove,
    Set,
}

impl Assign {
    pub fn parse(cmd: Option<&str>) -> Result<Assign> {
        match cmd {
            Some("add") => Ok(Assign::Add),
            Some("remove") => Ok(Assign::Remove),
            Some("set") => Ok(Assign::Set),
            Some(other) => Err(Error::new(
                Exception::InvalidData,
                Action::Edit,
                Realm::General,
                Detail::InvalidParameter,
                format!("cmd {other:?} is not one of add, remove, set"),
            )),
            None => Err(Error::new(
                Exception::MissingData,
                Action::Edit,
                Realm::General,
                Detail::InvalidParameter,
                "cmd is required: add, remove or set",
            )),
        }
    }

    /// The new assignment; an item given twice counts once.
    fn apply<T: PartialEq + Copy>(self, current: &[T], given: &[T]) -> Vec<T> {
        let mut out = match self {
            Assign::Add => current.to_vec(),
            Assign::Remove => {
                return current
                    .iter()
                    .filter(|c| !given.contains(c))
                    .copied()
                    .collect()
            }
            Assign::Set => Vec::new(),
        };
        for g in given {
            if !out.contains(g) {
                out.push(*g);
            }
        }
        out
    }
}

/// `POST /v2/admin/users/:id/roles?cmd=add|remove|set` with an array of role names.
pub async fn assign_roles(
    ctx: &Ctx,
    who: &Principal,
    id: i64,
    cmd: Assign,
    names: Vec<String>,
) -> Result<User> {
    let tag = |e: Error| e.in_context(Action::Edit, Realm::RoleAdministration);
    let scope = AdminScope::of(who).map_err(tag)?;
    let mut given = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let role = Role::parse(name.trim()).ok_or_else(|| {
            tag(Error::invalid(format!(
                "[{i}]: {name:?} is not a role (interact_admin, customer_admin, user)"
            )))
        })?;
        if !given.contains(&role) {
            given.push(role);
        }
    }
    let ctx2 = ctx.clone();
    let updated = ctx
        .db
        .write(move |c| {
            let target = visible(c, scope, id)?;
            may_change(scope, &target)?;
            crate::auth::revoke_in(c, &ctx2, &[id])?;
            let current: Vec<Role> = target
                .role_names()
                .iter()
                .filter_map(|r| Role::parse(r))
                .collect();
            let new = cmd.apply(&current, &given);
            if !scope.is_all() && new.contains(&Role::InteractAdmin) {
                return Err(Error::forbidden(
                    "only an interact_admin may grant the interact_admin role",
                ));
            }
            users::update(
                c,
                id,
                &users::UserUpdateForm {
                    roles: Some(roles_string(&new)),
                    ..Default::default()
                },
            )?;
            let u = users::find(c, id)?.ok_or_else(|| user_not_found(id))?;
            view(c, &u)
        })
        .await
        .tag(Action::Edit, Realm::RoleAdministration)?;
    crate::auth::revoked(ctx, &[id]);
    Ok(updated)
}

/// `POST /v2/admin/users/:id/groups?cmd=add|remove|set` with an array of group ids of the
/// user's company.
pub async fn assign_groups(
    ctx: &Ctx,
    who: &Principal,
    id: i64,
    cmd: Assign,
    group_ids: Vec<i64>,
) -> Result<User> {
    let scope = AdminScope::of(who).tag(Action::Edit, Realm::GroupAdministration)?;
    let ctx2 = ctx.clone();
    let updated = ctx
        .db
        .write(move |c| {
            let target = visible(c, scope, id)?;
            may_change(scope, &target)?;
            crate::auth::revoke_in(c, &ctx2, &[id])?;
            let found = groups::find_many(c, &group_ids)?;
            for (i, gid) in group_ids.iter().enumerate() {
                let ok = found
                    .iter()
                    .any(|g| g.id == *gid && Some(g.company_id) == target.company_id);
                if !found.iter().any(|g| g.id == *gid) {
                    return Err(crate::access::group_not_found(*gid));
                }
                if !ok {
                    return Err(Error::invalid(format!(
                        "[{i}]: group {gid} is not a group of user {id}'s company"
                    )));
                }
            }
            let current: Vec<i64> = users::groups_of(c, id)?.iter().map(|g| g.id).collect();
            let new = cmd.apply(&current, &group_ids);
            for gid in current.iter().filter(|g| !new.contains(g)) {
                groups::remove_member(c, *gid, id)?;
            }
            for gid in new.iter().filter(|g| !current.contains(g)) {
                groups::add_member(c, *gid, id)?;
            }
            view(c, &target)
        })
        .await
        .tag(Action::Edit, Realm::GroupAdministration)?;
    crate::auth::revoked(ctx, &[id]);
    Ok(updated)
}

#[cfg(test)]
mod tests {
    use super::Assign;

    #[test]
    fn repeats_count_once() {
        assert_eq!(Assign::Add.apply(&[1], &[2, 2, 1]), vec![1, 2]);
        assert_eq!(Assign::Set.apply(&[1], &[3, 3, 2, 3]), vec![3, 2]);
        assert_eq!(Assign::Remove.apply(&[1, 2], &[2, 2]), vec![1]);
    }
}

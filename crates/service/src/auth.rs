//! Authentication: login, logout, resolving a token to the user behind it (with the sliding
//! expiry of 2.5.1.1), password hashing and the policy new passwords must meet.

use base64::Engine;
use interact_domain::auth::{GroupRef, LoginRequest, LoginResponse, LoginUser, Scope, TokenInfo};
use interact_errors::{Action, Detail, Error, Exception, Realm, Result, Tag};
use interact_store::{tokens, users, AnyConnection};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::bus::{Event, Topic};
use crate::sessions::Session;
use crate::throttle::{self, Keys};
use crate::Ctx;

/// The three roles of DESIGN.md ("Who sees what").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    InteractAdmin,
    CustomerAdmin,
    User,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::InteractAdmin, Role::CustomerAdmin, Role::User];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::InteractAdmin => "interact_admin",
            Role::CustomerAdmin => "customer_admin",
            Role::User => "user",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: i64,
    pub uuid: String,
    pub email: String,
    pub company_id: Option<i64>,
    pub roles: Vec<Role>,
    pub token_id: i64,
    /// The token's expiry after this call renewed it (ms since the epoch).
    pub expires: i64,
}

impl Principal {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn is_interact_admin(&self) -> bool {
        self.has_role(Role::InteractAdmin)
    }
}

/// Shortest and longest password accepted, in characters.
pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 128;

/// The password policy: 8 to 128 characters, not only whitespace (the document's schema says
/// the same: `minLength`, `maxLength` and the not-blank pattern).
pub fn check_password_policy(password: &str, field: &str) -> Result<()> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN {
        return Err(Error::invalid(format!(
            "{field} must have at least {PASSWORD_MIN} characters"
        )));
    }
    if chars > PASSWORD_MAX {
        return Err(Error::too_long(field, PASSWORD_MAX));
    }
    if password.trim().is_empty() {
        return Err(Error::invalid(format!("{field} must not be blank")));
    }
    Ok(())
}

/// bcrypt reads at most 72 bytes. A password of at most 72 bytes is given to it as it is (as
/// every password stored before the policy counted characters); a longer one as the hex of its
/// SHA-256 (64 bytes), so that all of it counts rather than its first 72 bytes. The same
/// password always gives the same input, at hashing and at login.
fn bcrypt_input(password: String) -> String {
    if password.len() <= 72 {
        password
    } else {
        hex::encode(Sha256::digest(password.as_bytes()))
    }
}

/// bcrypt is slow by design: run it off the async threads.
pub async fn hash_password(ctx: &Ctx, password: String) -> Result<String> {
    let cost = ctx.config.bcrypt_cost;
    tokio::task::spawn_blocking(move || bcrypt::hash(bcrypt_input(password), cost))
        .await
        .map_err(Error::internal)?
        .map_err(Error::internal)
}

pub async fn verify_password(password: String, hash: String) -> Result<bool> {
    tokio::task::spawn_blocking(move || {
        bcrypt::verify(bcrypt_input(password), &hash).unwrap_or(false)
    })
    .await
    .map_err(Error::internal)
}

/// A hash that matches nothing, verified when the user does not exist so that a wrong email
/// costs as long as a wrong password.
const DUMMY_HASH: &str = "$2b$10$CwTycUXWue0Thq9StjUM0uJ8.kzMGJ3IjmJGd9NXVZ6Wz1fEwZZ3e";

fn bad_credentials() -> Error {
    Error::unauthorized("wrong username or password")
}

/// SHA-256 of a token, as stored; the token itself is never stored.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// 256 random bits, URL-safe base64 without padding (43 characters).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn required<'a>(value: &'a Option<String>, field: &str) -> Result<&'a str> {
    match value.as_deref() {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(Error::missing(field)),
    }
}

/// The longest username (email) looked up: 64 characters before the `@` and 255 after, the
/// most an email that passes account validation can have.
pub const MAX_USERNAME: usize = 320;

/// `POST /v2/login`. `addr` is the client's address, for throttling.
pub async fn login(ctx: &Ctx, req: LoginRequest, addr: Option<String>) -> Result<LoginResponse> {
    let tag = |e: Error| e.in_context(Action::Login, Realm::Authentication);
    let username = required(&req.username, "username").map_err(tag)?;
    let password = required(&req.password, "password")
        .map_err(tag)?
        .to_string();
    let scope_name = required(&req.scope, "scope").map_err(tag)?;
    let scope = Scope::parse(scope_name).ok_or_else(|| {
        tag(Error::invalid(format!(
            "scope {scope_name:?} is not one of csr, device app, trigger, web portal"
        )))
    })?;
    let email = username.trim().to_lowercase();
    // No account has a longer email, and the throttle's key is indexed (PostgreSQL refuses
    // index rows past ~2.7 kB): a longer username is throttled by its first characters and
    // is a wrong username, looked up nowhere.
    let overlong = email.chars().count() > MAX_USERNAME;
    let key: String = email.chars().take(MAX_USERNAME).collect();

    let keys = Keys::new(&key, addr.as_deref());
    // The attempt is counted before the password is checked; a wrong password leaves it
    // counted, a right one releases it below.
    let (user, attempt) = {
        let (email, keys, ctx2) = (email.clone(), keys.clone(), ctx.clone());
        let now = ctx.clock.now_ms();
        ctx.db
            .write(move |c| {
                let attempt =
                    throttle::admit(c, &ctx2, &keys, now, Action::Login, Realm::Authentication)?;
                if overlong {
                    return Ok((None, attempt));
                }
                Ok((users::find_by_email(c, &email)?, attempt))
            })
            .await
            .tag(Action::Login, Realm::Authentication)?
    };
    let (hash, user) = match user {
        Some(u) => (u.password_hash.clone(), Some(u)),
        None => (DUMMY_HASH.to_string(), None),
    };
    let ok = verify_password(password, hash).await?;
    let user = match user {
        Some(u) if ok => u,
        _ => return Err(tag(bad_credentials())),
    };
    if !user.active {
        ctx.db
            .write(move |c| throttle::release(c, &attempt))
            .await
            .map_err(tag)?;
        return Err(tag(Error::unauthorized("user account is inactive")));
    }

    let token = new_token();
    let hash = token_hash(&token);
    let now = ctx.clock.now_ms();
    let expires = now + ctx.config.token_ttl_ms;
    let user_id = user.id;
    let groups = ctx
        .db
        .write(move |c| {
            tokens::insert(
                c,
                &tokens::AuthTokenInsertForm {
                    token_hash: &hash,
                    user_id,
                    scope: scope.as_str(),
                    created: now,
                    expires,
                },
            )?;
            throttle::succeeded(c, &keys, &attempt)?;
            users::groups_of(c, user_id)
        })
        .await
        .tag(Action::Login, Realm::Authentication)?;

    Ok(LoginResponse {
        user: LoginUser {
            id: user.id,
            active: user.active,
            email: user.email.clone(),
            company_id: user.company_id,
            groups: groups
                .into_iter()
                .map(|g| GroupRef {
                    id: g.id,
                    name: g.name,
                })
                .collect(),
            roles: user.role_names(),
        },
        token: TokenInfo {
            auth_token: token,
            expires,
        },
    })
}

/// `POST /v2/logout`: invalidates the token named in the body.
pub async fn logout(ctx: &Ctx, token: Option<String>) -> Result<()> {
    let token = required(&token, "authToken").tag(Action::Logout, Realm::Authentication)?;
    let hash = token_hash(token);
    let existed = {
        let (hash, ctx2) = (hash.clone(), ctx.clone());
        ctx.db
            .write(move |c| {
                let found = tokens::delete_by_hash(c, &hash)?;
                if let Some(user_id) = found {
                    revoke_in(c, &ctx2, &[user_id])?;
                }
                Ok(found.is_some())
            })
            .await
            .tag(Action::Logout, Realm::Authentication)?
    };
    ctx.sessions.revoke_token(&hash);
    if !existed {
        return Err(
            Error::unauthorized("authToken is unknown, expired or logged out")
                .in_context(Action::Logout, Realm::Authentication),
        );
    }
    Ok(())
}

/// Resolves a token to its user and slides its expiry forward.
///
/// The common case is answered from the session cache without the database. The expiry
/// slides on every call (in the cache, and in the answer's `X-Token-Expires`); the database
/// gets the new expiry only when it moved by more than a granule (a tenth of the lifetime, at
/// most a minute), and that write-back also checks the token and its user again.
pub async fn authenticate(ctx: &Ctx, token: &str) -> Result<Principal> {
    let hash = token_hash(token);
    let now = ctx.clock.now_ms();
    let ttl = ctx.config.token_ttl_ms;
    let granule = (ttl / 10).min(60_000);
    let wanted = now + ttl;
    if let Some(hit) = ctx.sessions.hit(&hash, now, wanted) {
        if wanted - hit.persisted <= granule {
            return Ok(hit.principal);
        }
    }
    let generation = ctx.sessions.generation();
    let found = {
        let hash = hash.clone();
        ctx.db
            .read(move |c| {
                let Some(t) = tokens::find_by_hash(c, &hash)? else {
                    return Ok(None);
                };
                let user = users::find(c, t.user_id)?;
                Ok(user.map(|u| (t, u)))
            })
            .await?
    };
    let unknown = || Error::unauthorized("authToken is unknown, expired or logged out");
    let Some((token_row, user)) = found else {
        ctx.sessions.forget(&hash);
        return Err(unknown());
    };
    if token_row.expires <= now {
        ctx.sessions.forget(&hash);
        return Err(unknown());
    }
    if !user.active {
        ctx.sessions.forget(&hash);
        return Err(Error::unauthorized("user account is inactive"));
    }
    let persisted = if wanted - token_row.expires > granule {
        let id = token_row.id;
        ctx.db.write(move |c| tokens::extend(c, id, wanted)).await?;
        wanted
    } else {
        token_row.expires
    };
    let principal = Principal {
        user_id: user.id,
        roles: user
            .role_names()
            .iter()
            .filter_map(|r| Role::parse(r))
            .collect(),
        uuid: user.uuid,
        email: user.email,
        company_id: user.company_id,
        token_id: token_row.id,
        expires: wanted.max(persisted),
    };
    ctx.sessions.insert(
        hash,
        Session {
            principal: principal.clone(),
            persisted,
        },
        generation,
        now,
    );
    Ok(principal)
}

/// Ends the cached sessions of these users in every other process (PostgreSQL), when the
/// calling transaction commits and only if it does. Call it inside the `Db::write` closure of
/// the change that revokes or alters them, and `revoked` (this process) after it returns.
pub fn revoke_in(conn: &mut AnyConnection, ctx: &Ctx, user_ids: &[i64]) -> Result<()> {
    for &user_id in user_ids {
        ctx.bus.notify_in(
            conn,
            Event {
                user_id,
                topic: Topic::Sessions,
                id: 0,
            },
        )?;
    }
    Ok(())
}

/// The local half of `revoke_in`: call it once the revoking transaction committed.
pub fn revoked(ctx: &Ctx, user_ids: &[i64]) {
    for &user_id in user_ids {
        ctx.sessions.revoke_user(user_id);
    }
}

/// What `ensure_admin` did.
#[derive(Debug, PartialEq, Eq)]
pub enum AdminBootstrap {
    Created(i64),
    Exists(i64),
}

/// Creates an `interact_admin` with this email unless a user with the email exists already
/// (the server's `admin create` command and `INTERACT_ADMIN_EMAIL`/`INTERACT_ADMIN_PASSWORD`).
pub async fn ensure_admin(ctx: &Ctx, email: &str, password: &str) -> Result<AdminBootstrap> {
    use validator::ValidateEmail;
    let email = email.trim().to_lowercase();
    if !email.validate_email() {
        return Err(Error::invalid(format!("{email:?} is not an email address")));
    }
    check_password_policy(password, "password")?;
    let hash = hash_password(ctx, password.to_string()).await?;
    let now = ctx.clock.now_ms();
    ctx.db
        .write(move |c| {
            if let Some(u) = users::find_by_email(c, &email)? {
                return Ok(AdminBootstrap::Exists(u.id));
            }
            let uuid = uuid::Uuid::new_v4().to_string();
            let user = users::insert(
                c,
                &users::UserInsertForm {
                    uuid: &uuid,
                    email: &email,
                    password_hash: &hash,
                    active: true,
                    company_id: None,
                    roles: Role::InteractAdmin.as_str(),
                    created: now,
                },
            )?;
            Ok(AdminBootstrap::Created(user.id))
        })
        .await
        .map_err(|e| {
            if e.exception == Exception::BadRequest && e.detail == Detail::Conflict {
                Error::new(
                    Exception::EmailTaken,
                    Action::Create,
                    Realm::UserAdministration,
                    Detail::Conflict,
                    "a user with this email exists already",
                )
            } else {
                e
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn dummy_hash_is_a_valid_bcrypt_hash() {
        assert!(!bcrypt::verify("x", DUMMY_HASH).unwrap());
    }

    #[test]
    fn password_policy() {
        assert!(check_password_policy("short", "password").is_err());
        assert!(check_password_policy("        ", "password").is_err());
        assert!(check_password_policy(&"x".repeat(129), "password").is_err());
        assert!(check_password_policy(&"x".repeat(128), "password").is_ok());
        assert!(check_password_policy(&"é".repeat(128), "password").is_ok());
        assert!(check_password_policy("long enough", "password").is_ok());
    }
}

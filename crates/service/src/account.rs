//! The caller's own account (2.5.3.2.11–12): reset a forgotten password by mail, confirm the
//! reset with the mailed token, change the password.

use interact_domain::account::AccountRequest;
use interact_errors::{Action, Error, Realm, Result};
use interact_store::{password_resets, tokens, users};

use crate::access::normalize_email;
use crate::auth::{
    check_password_policy, hash_password, new_token, token_hash, verify_password, Principal,
};
use crate::mail::{self, Mail};
use crate::throttle::{self, Keys};
use crate::Ctx;

/// At most one reset mail per account within this time, so the endpoint cannot be used to
/// flood someone's mailbox.
const RESET_MAIL_INTERVAL_MS: i64 = 60_000;

fn required(value: Option<String>, field: &str) -> Result<String> {
    value
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Error::missing(field))
}

/// `POST /v2/myAccount?cmd=resetPwd`: always succeeds for a well-formed email; when an
/// active user has it, a one-time token is mailed.
pub async fn reset_password(ctx: &Ctx, req: AccountRequest) -> Result<()> {
    let tag = |e: Error| e.in_context(Action::Wipe, Realm::MyAccount);
    let email = normalize_email(req.email.as_deref(), "email").map_err(tag)?;
    let token = new_token();
    let hash = token_hash(&token);
    let now = ctx.clock.now_ms();
    let expires = now + ctx.config.reset_ttl_ms;
    let issued = {
        let email = email.clone();
        ctx.db
            .write(move |c| {
                let Some(user) = users::find_by_email(c, &email)? else {
                    return Ok(false);
                };
                if !user.active {
                    return Ok(false);
                }
                let latest = password_resets::latest_for_user(c, user.id)?;
                if latest.is_some_and(|t| now - t < RESET_MAIL_INTERVAL_MS) {
                    return Ok(false);
                }
                // Only the newest token works.
                password_resets::delete_for_user(c, user.id)?;
                password_resets::insert(
                    c,
                    &password_resets::PasswordResetInsertForm {
                        token_hash: &hash,
                        user_id: user.id,
                        created: now,
                        expires,
                    },
                )?;
                Ok(true)
            })
            .await
            .map_err(tag)?
    };
    if issued {
        let minutes = ctx.config.reset_ttl_ms / 60_000;
        mail::send(
            ctx,
            Mail {
                to: email,
                subject: "Reset your interact password".into(),
                body: format!(
                    "Someone asked to reset the password of this interact account.\n\
                     If it was you, set a new password with this token (valid {minutes} minutes, once):\n\n\
                     Token: {token}\n\n\
                     POST /v2/myAccount?cmd=confirmResetPwd {{\"token\":\"…\",\"newPassword\":\"…\"}}\n\n\
                     If it was not you, ignore this mail; your password stays as it is.\n"
                ),
            },
        )
        .await
        .map_err(tag)?;
    }
    Ok(())
}

/// `POST /v2/myAccount?cmd=confirmResetPwd`: sets the new password with a mailed token,
/// once, before it expires; ends every session of the user.
pub async fn confirm_reset(ctx: &Ctx, req: AccountRequest) -> Result<()> {
    let tag = |e: Error| e.in_context(Action::Wipe, Realm::MyAccount);
    let token = required(req.token, "token").map_err(tag)?;
    let password = required(req.new_password, "newPassword").map_err(tag)?;
    check_password_policy(&password, "newPassword").map_err(tag)?;
    let new_hash = hash_password(ctx, password).await?;
    let hash = token_hash(&token);
    let now = ctx.clock.now_ms();
    let ctx2 = ctx.clone();
    let user_id = ctx
        .db
        .write(move |c| {
            let invalid = || Error::unauthorized("token is unknown, used or expired");
            let reset = password_resets::find_by_hash(c, &hash)?.ok_or_else(invalid)?;
            // Deleting every token of the user makes this one single-use, also against a
            // concurrent confirmation (the second finds nothing to delete).
            if password_resets::delete_for_user(c, reset.user_id)? == 0 || reset.expires <= now {
                return Err(invalid());
            }
            let user = users::find(c, reset.user_id)?.ok_or_else(invalid)?;
            users::set_password(c, user.id, &new_hash)?;
            tokens::delete_for_user(c, user.id, None)?;
            crate::auth::revoke_in(c, &ctx2, &[user.id])?;
            throttle::forget_account(c, &Keys::new(&user.email, None))?;
            Ok(user.id)
        })
        .await
        .map_err(tag)?;
    crate::auth::revoked(ctx, &[user_id]);
    Ok(())
}

/// `POST /v2/myAccount?cmd=changePwd`: checks the old password (wrong guesses count against
/// the login throttle) and ends the user's other sessions.
pub async fn change_password(
    ctx: &Ctx,
    who: &Principal,
    req: AccountRequest,
    addr: Option<String>,
) -> Result<()> {
    let tag = |e: Error| e.in_context(Action::Edit, Realm::MyAccount);
    let old = required(req.old_password, "oldPassword").map_err(tag)?;
    let new = required(req.new_password, "newPassword").map_err(tag)?;
    check_password_policy(&new, "newPassword").map_err(tag)?;
    let keys = Keys::new(&who.email, addr.as_deref());
    let now = ctx.clock.now_ms();
    let user_id = who.user_id;
    let (stored, attempt) = {
        let (ctx2, keys) = (ctx.clone(), keys.clone());
        ctx.db
            .write(move |c| {
                let attempt =
                    throttle::admit(c, &ctx2, &keys, now, Action::Edit, Realm::MyAccount)?;
                Ok((users::find(c, user_id)?.map(|u| u.password_hash), attempt))
            })
            .await
            .map_err(tag)?
    };
    let stored = stored.ok_or_else(|| tag(Error::unauthorized("user no longer exists")))?;
    // A wrong old password leaves the attempt counted.
    if !verify_password(old, stored).await? {
        return Err(tag(Error::invalid("oldPassword is wrong")));
    }
    let new_hash = hash_password(ctx, new).await?;
    let keep = who.token_id;
    let ctx2 = ctx.clone();
    ctx.db
        .write(move |c| {
            users::set_password(c, user_id, &new_hash)?;
            tokens::delete_for_user(c, user_id, Some(keep))?;
            crate::auth::revoke_in(c, &ctx2, &[user_id])?;
            password_resets::delete_for_user(c, user_id)?;
            throttle::succeeded(c, &keys, &attempt)
        })
        .await
        .map_err(tag)?;
    crate::auth::revoked(ctx, &[user_id]);
    Ok(())
}

//! Contact pictures (2.5.3.1.12–17): upload (base64 PNG, JPEG, GIF or WebP), read, list,
//! change (bytes of uploaded pictures, the default flag of any), delete one or several, and
//! serve the bytes. One default picture per contact. Pictures from external systems cannot
//! be changed or deleted (9305), only made default. Every change journaled as `picture`.

use std::collections::HashMap;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use interact_domain::pictures::{Picture, PictureRequest, PictureState, INTERACT};
use interact_errors::{Action, Detail, Error, Exception, Realm, Result, Tag};
use interact_store::contacts as contact_store;
use interact_store::pictures::{self as store, PictureInsertForm, PictureRow, Upload};
use interact_store::AnyConnection;
use sha2::{Digest, Sha256};

use crate::auth::Principal;
use crate::ids::ContactId;
use crate::journal;
use crate::Ctx;

const ENTITY: &str = "picture";
/// Pictures have no realm of their own in the document's table 102: they are the contacts'.
const REALM: Realm = Realm::Contacts;

/// Standard alphabet; padding may be there or not.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// The largest JSON body an upload of a picture of `max_picture` bytes needs: its base64, room
/// for line breaks in it (MIME encoders break every 76 characters) and for the rest of the body.
pub fn body_limit(max_picture: usize) -> usize {
    let b64 = max_picture.div_ceil(3).saturating_mul(4);
    b64.saturating_add(b64 / 16).saturating_add(64 * 1024)
}

/// The path the bytes of an uploaded picture are served from.
pub fn raw_path(id: i64) -> String {
    format!("/v2/pictures/{id}/raw")
}

fn not_found(id: i64) -> Error {
    Error::not_found(
        Exception::PictureNotFound,
        format!("picture {id} not found"),
    )
}

fn external(row: &PictureRow, what: &str) -> Error {
    Error::new(
        Exception::PictureExternal,
        Action::Edit,
        REALM,
        Detail::NotPermitted,
        format!(
            "picture {} is a {} picture from an external system: {what}",
            row.id, row.type_
        ),
    )
}

fn contact_not_found(id: i64) -> Error {
    Error::not_found(
        Exception::ContactNotFound,
        format!("contactId: contact {id} not found"),
    )
}

fn too_large(max: usize) -> Error {
    Error::new(
        Exception::InvalidData,
        Action::Create,
        REALM,
        Detail::TooLong,
        format!("base64: the picture is larger than the {max} bytes allowed"),
    )
    .with_status(413)
}

/// A decoded upload.
#[derive(Debug)]
pub struct Image {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    /// Lower-case hex SHA-256 of the bytes (the `ETag`).
    pub digest: String,
}

/// The image type by its first bytes: PNG, JPEG, GIF or WebP.
pub fn sniff(b: &[u8]) -> Option<&'static str> {
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if b.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// Reads the `base64` of a request: standard base64 with or without padding, blanks and line
/// breaks ignored, optionally a data URL (`data:image/png;base64,…`, whose declared type is
/// not trusted). The image must be at most `max` bytes (else 413) and a PNG, JPEG, GIF or
/// WebP by its magic bytes.
pub fn decode(raw: &str, max: usize) -> Result<Image> {
    let mut text = raw.trim();
    // `get`, not `[..5]`: the fifth byte may fall inside a character (a 500 before).
    if text
        .get(..5)
        .is_some_and(|h| h.eq_ignore_ascii_case("data:"))
    {
        let Some((head, rest)) = text.split_once(',') else {
            return Err(Error::invalid(
                "base64: a data URL needs a comma before the data (data:image/png;base64,…)",
            ));
        };
        if !head.to_ascii_lowercase().ends_with(";base64") {
            return Err(Error::invalid(
                "base64: a data URL must be base64-encoded (data:image/png;base64,…)",
            ));
        }
        text = rest;
    }
    let clean: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if clean.is_empty() {
        return Err(Error::invalid("base64 must not be empty"));
    }
    // Refuse what is surely too large before decoding it.
    if (clean.len() / 4 * 3).saturating_sub(2) > max {
        return Err(too_large(max));
    }
    let bytes = BASE64
        .decode(&clean)
        .map_err(|e| Error::invalid(format!("base64 is not valid base64: {e}")))?;
    if bytes.len() > max {
        return Err(too_large(max));
    }
    let content_type = sniff(&bytes).ok_or_else(|| {
        Error::invalid("base64 must hold a PNG, JPEG, GIF or WebP image (by its first bytes)")
    })?;
    let digest = hex::encode(Sha256::digest(&bytes));
    Ok(Image {
        bytes,
        content_type,
        digest,
    })
}

/// A picture's url: the raw path of an uploaded one, the external url of an imported one.
fn url_of(row: &PictureRow) -> String {
    if row.type_ == INTERACT {
        raw_path(row.id)
    } else {
        row.url.clone().unwrap_or_default()
    }
}

/// The wire picture of a row.
pub fn view(row: &PictureRow) -> Picture {
    Picture {
        id: row.id,
        is_default: row.is_default,
        type_: row.type_.clone(),
        url: url_of(row),
    }
}

fn state(row: &PictureRow) -> PictureState {
    PictureState {
        picture: view(row),
        contact_id: row.contact_id,
    }
}

/// Sets a picture's default flag, journaled.
fn set_default(
    conn: &mut AnyConnection,
    user_id: i64,
    row: &PictureRow,
    is_default: bool,
    now: i64,
) -> Result<PictureRow> {
    let new = store::set_default(conn, row.id, is_default, now)?;
    journal::updated(
        conn,
        user_id,
        (ENTITY, row.id),
        &state(row),
        &state(&new),
        now,
    )?;
    Ok(new)
}

/// Takes the default flag from the contact's current default picture (journaled), so that
/// another can get it.
fn clear_default(
    conn: &mut AnyConnection,
    user_id: i64,
    contact_id: i64,
    except: i64,
    now: i64,
) -> Result<()> {
    if let Some(old) = store::default_of(conn, contact_id)? {
        if old.id != except {
            set_default(conn, user_id, &old, false, now)?;
        }
    }
    Ok(())
}

/// After the default picture of a contact was deleted: its newest remaining picture becomes
/// the default (journaled), if it has any and none is default.
fn promote(conn: &mut AnyConnection, user_id: i64, contact_id: i64, now: i64) -> Result<()> {
    if store::default_of(conn, contact_id)?.is_some() {
        return Ok(());
    }
    if let Some(newest) = store::of_contact(conn, user_id, contact_id)?.last() {
        set_default(conn, user_id, newest, true, now)?;
    }
    Ok(())
}

/// `PUT /v2/pictures`: uploads a picture of one of the caller's contacts. The contact's first
/// picture becomes its default, and so does one sent with `isDefault: true` (the old default
/// loses the flag in the same transaction).
pub async fn create(ctx: &Ctx, who: &Principal, req: PictureRequest) -> Result<Picture> {
    let action = Action::Create;
    let contact_id = req
        .contact_id
        .ok_or_else(|| Error::missing("contactId"))
        .tag(action, REALM)?;
    let raw = req
        .base64
        .ok_or_else(|| Error::missing("base64"))
        .tag(action, REALM)?;
    let image = decode(&raw, ctx.config.max_picture).tag(action, REALM)?;
    drop(raw);
    let want_default = req.is_default == Some(true);
    let (user_id, now) = (who.user_id, ctx.clock.now_ms());
    ctx.db
        .write(move |c| {
            // First, so that a concurrent change of the same user's data (which takes the same
            // lock) is seen committed by the checks below.
            contact_store::find(c, user_id, contact_id)?
                .ok_or_else(|| contact_not_found(contact_id))?;
            let has_default = store::default_of(c, contact_id)?.is_some();
            let is_default = want_default || !has_default;
            if is_default {
                clear_default(c, user_id, contact_id, 0, now)?;
            }
            let row = store::insert(
                c,
                &PictureInsertForm {
                    user_id,
                    contact_id,
                    type_: INTERACT,
                    is_default,
                    url: None,
                    content_type: Some(image.content_type),
                    byte_size: Some(image.bytes.len() as i64),
                    digest: Some(&image.digest),
                    created: now,
                    modified: now,
                },
                Some(Upload {
                    content_type: image.content_type,
                    digest: &image.digest,
                    bytes: &image.bytes,
                }),
            )?;
            journal::inserted(c, user_id, (ENTITY, row.id), &state(&row), now)?;
            Ok(view(&row))
        })
        .await
        .tag(action, REALM)
}

/// `GET /v2/pictures/:id`.
pub async fn get(ctx: &Ctx, who: &Principal, id: i64) -> Result<Picture> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            store::find(c, user_id, id)?
                .map(|r| view(&r))
                .ok_or_else(|| not_found(id))
        })
        .await
        .tag(Action::View, REALM)
}

/// `GET /v2/contacts/:id/pictures`: ascending by id.
pub async fn of_contact(ctx: &Ctx, who: &Principal, contact_id: i64) -> Result<Vec<Picture>> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            contact_store::find(c, user_id, contact_id)?.ok_or_else(|| {
                Error::not_found(
                    Exception::ContactNotFound,
                    format!("contact {contact_id} not found"),
                )
            })?;
            Ok(store::of_contact(c, user_id, contact_id)?
                .iter()
                .map(view)
                .collect())
        })
        .await
        .tag(Action::View, REALM)
}

/// `POST /v2/pictures/:id`: new bytes (uploaded pictures only, else 9305) and/or the default
/// flag. `isDefault: true` takes the flag from the contact's old default; `false` clears it
/// (the contact then has no default until one is set).
pub async fn update(ctx: &Ctx, who: &Principal, id: i64, req: PictureRequest) -> Result<Picture> {
    let action = Action::Edit;
    if req.base64.is_none() && req.is_default.is_none() {
        return Err(Error::missing("base64 or isDefault")).tag(action, REALM);
    }
    // Decoded before the transaction; a failure is reported after the picture's type is
    // checked, so that an imported picture answers 9305 whatever its base64.
    let image = req
        .base64
        .as_deref()
        .map(|raw| decode(raw, ctx.config.max_picture));
    let contact_id = req.contact_id;
    let is_default = req.is_default;
    let (user_id, now) = (who.user_id, ctx.clock.now_ms());
    ctx.db
        .write(move |c| {
            let old = store::find(c, user_id, id)?.ok_or_else(|| not_found(id))?;
            if image.is_some() && old.type_ != INTERACT {
                return Err(external(
                    &old,
                    "base64 must not be given, only isDefault may change",
                ));
            }
            if contact_id.is_some_and(|cid| cid != old.contact_id) {
                return Err(Error::invalid(
                    "contactId: a picture stays with its contact; upload a new one instead",
                ));
            }
            let mut row = old.clone();
            let mut changed = false;
            if let Some(image) = image {
                let image = image?;
                row = store::replace_upload(
                    c,
                    id,
                    Upload {
                        content_type: image.content_type,
                        digest: &image.digest,
                        bytes: &image.bytes,
                    },
                    now,
                )?;
                changed = true;
            }
            match is_default {
                Some(true) if !row.is_default => {
                    clear_default(c, user_id, row.contact_id, id, now)?;
                    row = store::set_default(c, id, true, now)?;
                    changed = true;
                }
                Some(false) if row.is_default => {
                    row = store::set_default(c, id, false, now)?;
                    changed = true;
                }
                _ => {}
            }
            if changed {
                journal::updated(c, user_id, (ENTITY, id), &state(&old), &state(&row), now)?;
            }
            Ok(view(&row))
        })
        .await
        .tag(action, REALM)
}

/// Checks that a picture may be deleted: the caller's, and uploaded.
fn check_deletable(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<PictureRow> {
    let row = store::find(conn, user_id, id)?.ok_or_else(|| not_found(id))?;
    if row.type_ != INTERACT {
        return Err(external(&row, "it cannot be deleted"));
    }
    Ok(row)
}

/// `DELETE /v2/pictures/:id`.
pub async fn delete(ctx: &Ctx, who: &Principal, id: i64) -> Result<()> {
    delete_many(ctx, who, vec![id]).await
}

/// `DELETE /v2/pictures?ids=…`: all or nothing; an id that is not the caller's picture
/// answers its 404, an imported picture 9305, and nothing is deleted. A contact whose default
/// picture is deleted gets its newest remaining picture as default.
pub async fn delete_many(ctx: &Ctx, who: &Principal, ids: Vec<i64>) -> Result<()> {
    let (user_id, now) = (who.user_id, ctx.clock.now_ms());
    ctx.db
        .write(move |c| {
            let mut orphaned = Vec::new();
            crate::bulk::delete_all_or_nothing(
                c,
                ids,
                |c, id| check_deletable(c, user_id, id).map(drop),
                |c, id| {
                    let row = check_deletable(c, user_id, id)?;
                    store::delete(c, user_id, id)?;
                    journal::deleted(c, user_id, (ENTITY, id), &state(&row), now)?;
                    if row.is_default {
                        orphaned.push(row.contact_id);
                    }
                    Ok(())
                },
            )?;
            for contact_id in orphaned {
                promote(c, user_id, contact_id, now)?;
            }
            Ok(())
        })
        .await
        .tag(Action::Delete, REALM)
}

/// Deletes, journaled, every picture of a contact that is about to be deleted (imported
/// ones too: they go with their contact).
pub(crate) fn on_contact_delete(
    conn: &mut AnyConnection,
    user_id: i64,
    contact: ContactId,
    now: i64,
) -> Result<()> {
    for row in store::of_contact(conn, user_id, contact.0)? {
        store::delete(conn, user_id, row.id)?;
        journal::deleted(conn, user_id, (ENTITY, row.id), &state(&row), now)?;
    }
    Ok(())
}

/// Moves the pictures of the contacts `from` (merged away) to `into`, each journaled as an
/// update; `into` keeps at most one default (see `store::move_to`).
pub(crate) fn reattach(
    conn: &mut AnyConnection,
    user_id: i64,
    from: &[ContactId],
    into: ContactId,
    now: i64,
) -> Result<()> {
    let (from, into) = (&ContactId::raw(from)[..], into.0);
    let olds: HashMap<i64, PictureRow> = store::by_contact(conn, from)?
        .into_values()
        .flatten()
        .map(|r| (r.id, r))
        .collect();
    store::move_to(conn, user_id, from, into, now)?;
    let moved = store::of_contact(conn, user_id, into)?;
    for row in moved.iter().filter(|r| olds.contains_key(&r.id)) {
        let old = state(&olds[&row.id]);
        journal::updated(conn, user_id, (ENTITY, row.id), &old, &state(row), now)?;
    }
    Ok(())
}

/// What `GET /v2/pictures/:id/raw` answers.
#[derive(Debug)]
pub enum Raw {
    /// The bytes of an uploaded picture.
    Bytes {
        content_type: String,
        etag: String,
        bytes: Vec<u8>,
    },
    /// `If-None-Match` named the current `etag`.
    NotModified { etag: String },
    /// An imported picture lives at its external url.
    Redirect { url: String },
}

/// Whether an `If-None-Match` header value names `etag` (quoted; weak or strong, or `*`).
pub fn matches_etag(if_none_match: &str, etag: &str) -> bool {
    if_none_match.split(',').map(str::trim).any(|t| {
        let t = t.strip_prefix("W/").unwrap_or(t);
        t == "*" || t == etag
    })
}

/// `GET /v2/pictures/:id/raw`: the bytes of an uploaded picture (or 304 when `If-None-Match`
/// names its ETag, the quoted SHA-256 of the bytes), a redirect for an imported one.
pub async fn raw(
    ctx: &Ctx,
    who: &Principal,
    id: i64,
    if_none_match: Option<String>,
) -> Result<Raw> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            let row = store::find(c, user_id, id)?.ok_or_else(|| not_found(id))?;
            if row.type_ != INTERACT {
                return match row.url.filter(|u| !u.trim().is_empty()) {
                    Some(url) => Ok(Raw::Redirect { url }),
                    None => Err(Error::not_found(
                        Exception::PictureNotFound,
                        format!("picture {id} has no url"),
                    )),
                };
            }
            let etag = format!("\"{}\"", row.digest.as_deref().unwrap_or_default());
            if if_none_match.is_some_and(|h| matches_etag(&h, &etag)) {
                return Ok(Raw::NotModified { etag });
            }
            let bytes = store::bytes_of(c, id)?.ok_or_else(|| not_found(id))?;
            Ok(Raw::Bytes {
                content_type: row
                    .content_type
                    .unwrap_or_else(|| "application/octet-stream".into()),
                etag,
                bytes,
            })
        })
        .await
        .tag(Action::View, REALM)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn sniffs_the_four_types() {
        assert_eq!(sniff(PNG), Some("image/png"));
        assert_eq!(sniff(&[0xff, 0xd8, 0xff, 0xe0]), Some("image/jpeg"));
        assert_eq!(sniff(b"GIF89a...."), Some("image/gif"));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WAVEfmt "), None);
        assert_eq!(sniff(b"hello"), None);
    }

    #[test]
    fn decodes_padding_line_breaks_and_data_urls() {
        let b64 = BASE64.encode(PNG);
        let unpadded = b64.trim_end_matches('=').to_string();
        let broken = format!("{}\r\n{}", &b64[..8], &b64[8..]);
        let data_url = format!("data:image/jpeg;base64,{b64}");
        for s in [&b64, &unpadded, &broken, &data_url] {
            let img = decode(s, 1000).unwrap();
            assert_eq!(img.bytes, PNG);
            assert_eq!(img.content_type, "image/png");
        }
        assert!(decode("not base64!", 1000).is_err());
        assert!(decode("data:image/png,abc", 1000).is_err());
        assert_eq!(decode(&b64, 4).unwrap_err().status(), 413);
        assert_eq!(
            decode(&BASE64.encode(b"plain text"), 1000)
                .unwrap_err()
                .status(),
            400
        );
    }

    #[test]
    fn etags_match_weak_strong_and_star() {
        assert!(matches_etag("\"a\"", "\"a\""));
        assert!(matches_etag("W/\"a\", \"b\"", "\"a\""));
        assert!(matches_etag("*", "\"a\""));
        assert!(!matches_etag("\"b\"", "\"a\""));
    }

    #[test]
    fn the_body_limit_holds_the_largest_picture() {
        let max = 5 * 1024 * 1024;
        assert!(body_limit(max) > max / 3 * 4 + 100);
    }
}

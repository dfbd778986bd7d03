//! BasicInfos on their own (2.5.3.1.32, 2.5.3.1.33): a standalone one (no contact) excludes
//! an unknown number; an update may also exclude a number of a contact, which then changes
//! that contact (its version, search terms and journal).

use interact_domain::contacts::{BasicInfo, BasicInfoRequest, Invalid};
use interact_errors::{Action, Detail, Error, Exception, Realm, Result};
use interact_store::contacts::{self as store, BasicInfoForm};

use crate::auth::Principal;
use crate::contacts::{after_basic_info_change, basic_info_of, invalid, load_one};
use crate::journal;
use crate::numbers;
use crate::Ctx;

const ENTITY: &str = "basicInfo";

fn not_found(id: i64) -> Error {
    Error::new(
        Exception::BasicInfoNotFound,
        Action::Edit,
        Realm::BasicInfos,
        Detail::NotFound,
        format!("basicInfo {id} not found"),
    )
}

/// `PUT /v2/basicInfos`: a basicInfo without a contact.
pub async fn create(ctx: &Ctx, who: &Principal, req: BasicInfoRequest) -> Result<BasicInfo> {
    req.validate(true)
        .map_err(|e| invalid(e, Action::Create, Realm::BasicInfos))?;
    let (Some(type_), Some(value)) = (req.type_, req.value.clone()) else {
        return Err(invalid(
            Invalid::Missing("type and value are required".into()),
            Action::Create,
            Realm::BasicInfos,
        ));
    };
    let fields = BasicInfoForm {
        contact_id: None,
        position: 0,
        type_: type_.as_str().to_string(),
        subtype: req.subtype.flatten().map(|s| s.as_str().to_string()),
        match_key: numbers::match_key(type_, &value, ctx.config.default_region),
        value,
        excluded: req.excluded.unwrap_or(false),
        identifier: req.identifier.clone().flatten(),
    };
    let now = ctx.clock.now_ms();
    let who = who.clone();
    ctx.db
        .write(move |c| {
            let row = store::insert_basic_info(c, who.user_id, &fields)?;
            let new = basic_info_of(&row);
            journal::inserted(c, who.user_id, (ENTITY, row.id), &new, now)?;
            Ok(new)
        })
        .await
}

/// `POST /v2/basicInfos/:id`: changes the attributes given.
pub async fn update(
    ctx: &Ctx,
    who: &Principal,
    id: i64,
    req: BasicInfoRequest,
) -> Result<BasicInfo> {
    req.validate(false)
        .map_err(|e| invalid(e, Action::Edit, Realm::BasicInfos))?;
    let region = ctx.config.default_region;
    let now = ctx.clock.now_ms();
    let who = who.clone();
    ctx.db
        .write(move |c| {
            let row = store::find_basic_info(c, who.user_id, id)?.ok_or_else(|| not_found(id))?;
            let old = basic_info_of(&row);
            let contact_before = match row.contact_id {
                Some(cid) => load_one(c, who.user_id, cid)?,
                None => None,
            };
            let type_ = req.type_.unwrap_or(old.type_);
            let value = req.value.clone().unwrap_or_else(|| row.value.clone());
            let fields = BasicInfoForm {
                contact_id: row.contact_id,
                position: row.position,
                type_: type_.as_str().to_string(),
                subtype: match req.subtype {
                    Some(s) => s.map(|s| s.as_str().to_string()),
                    None => row.subtype.clone(),
                },
                match_key: numbers::match_key(type_, &value, region),
                value,
                excluded: req.excluded.unwrap_or(row.excluded),
                identifier: match &req.identifier {
                    Some(i) => i.clone(),
                    None => row.identifier.clone(),
                },
            };
            let updated = store::update_basic_info(c, id, &fields)?;
            let new = basic_info_of(&updated);
            journal::updated(c, who.user_id, (ENTITY, id), &old, &new, now)?;
            if let Some(contact) = contact_before {
                after_basic_info_change(c, &who, contact, now)?;
            }
            Ok(new)
        })
        .await
}

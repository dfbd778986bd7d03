//! The tables, in portable column types only (BigInt, Integer, Text, Bool, Binary, Double), so
//! one schema serves both backends. Times are bigint milliseconds since the epoch, UTC.

diesel::table! {
    companies (id) {
        id -> BigInt,
        uuid -> Text,
        name -> Text,
        created -> BigInt,
    }
}

diesel::table! {
    groups (id) {
        id -> BigInt,
        uuid -> Text,
        company_id -> BigInt,
        name -> Text,
        created -> BigInt,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        uuid -> Text,
        email -> Text,
        password_hash -> Text,
        active -> Bool,
        company_id -> Nullable<BigInt>,
        roles -> Text,
        created -> BigInt,
    }
}

diesel::table! {
    user_groups (user_id, group_id) {
        user_id -> BigInt,
        group_id -> BigInt,
    }
}

diesel::table! {
    auth_tokens (id) {
        id -> BigInt,
        token_hash -> Text,
        user_id -> BigInt,
        scope -> Text,
        created -> BigInt,
        expires -> BigInt,
    }
}

diesel::table! {
    activities (id) {
        id -> BigInt,
        user_id -> BigInt,
        actor_id -> BigInt,
        action -> Text,
        entity_type -> Text,
        entity_id -> BigInt,
        old_state -> Nullable<Text>,
        new_state -> Nullable<Text>,
        time -> BigInt,
    }
}

diesel::table! {
    canvass_interactions (id) {
        id -> BigInt,
        uuid -> Text,
        company_id -> BigInt,
        group_id -> BigInt,
        customer_uuid -> Text,
        group_uuid -> Text,
        campaign_id -> Text,
        contact_id -> Text,
        household_id -> Text,
        contact_household_id -> Text,
        timestamp -> BigInt,
        data -> Text,
        etag -> Text,
        created -> BigInt,
        modified -> BigInt,
        created_by -> Text,
        modified_by -> Text,
        is_deleted -> Bool,
    }
}

diesel::joinable!(groups -> companies (company_id));
diesel::joinable!(users -> companies (company_id));
diesel::joinable!(user_groups -> users (user_id));
diesel::joinable!(user_groups -> groups (group_id));
diesel::joinable!(auth_tokens -> users (user_id));

diesel::joinable!(activities -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    activities,
    auth_tokens,
    companies,
    groups,
    user_groups,
    users,
    canvass_interactions,
);

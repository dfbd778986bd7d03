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
        txid -> BigInt,
    }
}

diesel::table! {
    activity_counts (id) {
        id -> BigInt,
        user_id -> BigInt,
        n -> BigInt,
    }
}

diesel::table! {
    custom_fields (id) {
        id -> BigInt,
        company_id -> BigInt,
        name -> Text,
        data_type -> Text,
        entity_type -> Text,
        created -> BigInt,
    }
}

diesel::table! {
    devices (id) {
        id -> BigInt,
        user_id -> BigInt,
        device_id -> Text,
        name -> Text,
        active -> Bool,
        created -> BigInt,
    }
}

diesel::table! {
    trigger_devices (id) {
        id -> BigInt,
        user_id -> BigInt,
        device_id -> Text,
        trigger_token -> Text,
        created -> BigInt,
    }
}

diesel::table! {
    password_resets (id) {
        id -> BigInt,
        token_hash -> Text,
        user_id -> BigInt,
        created -> BigInt,
        expires -> BigInt,
    }
}

diesel::table! {
    login_failures (id) {
        id -> BigInt,
        key -> Text,
        time -> BigInt,
    }
}

diesel::table! {
    contacts (id) {
        id -> BigInt,
        user_id -> BigInt,
        version -> BigInt,
        contact_type -> Text,
        title -> Nullable<Text>,
        first_name -> Nullable<Text>,
        middle_name -> Nullable<Text>,
        last_name -> Nullable<Text>,
        profession -> Nullable<Text>,
        gender -> Nullable<Text>,
        hot -> Bool,
        organization_name -> Nullable<Text>,
        business -> Nullable<Text>,
        profiles -> Text,
        created -> BigInt,
        modified -> BigInt,
        children_rev -> BigInt,
    }
}

diesel::table! {
    basic_infos (id) {
        id -> BigInt,
        user_id -> BigInt,
        contact_id -> Nullable<BigInt>,
        position -> BigInt,
        #[sql_name = "type"]
        type_ -> Text,
        subtype -> Nullable<Text>,
        value -> Text,
        match_key -> Text,
        excluded -> Bool,
        identifier -> Nullable<Text>,
    }
}

diesel::table! {
    addresses (id) {
        id -> BigInt,
        contact_id -> BigInt,
        position -> BigInt,
        subtype -> Nullable<Text>,
        addressline1 -> Nullable<Text>,
        addressline2 -> Nullable<Text>,
        addressline3 -> Nullable<Text>,
        zip -> Nullable<Text>,
        city -> Nullable<Text>,
        state -> Nullable<Text>,
        country -> Nullable<Text>,
    }
}

diesel::table! {
    contact_tags (contact_id, position) {
        contact_id -> BigInt,
        position -> BigInt,
        user_id -> BigInt,
        tag -> Text,
    }
}

diesel::table! {
    contact_relations (person_id, organization_id) {
        person_id -> BigInt,
        organization_id -> BigInt,
    }
}

diesel::table! {
    search_terms (contact_id, term) {
        contact_id -> BigInt,
        term -> Text,
        user_id -> BigInt,
    }
}

diesel::table! {
    contact_buckets (user_id, bucket, slot) {
        user_id -> BigInt,
        bucket -> BigInt,
        n -> BigInt,
        slot -> BigInt,
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

diesel::table! {
    contact_custom_fields (contact_id, field_id) {
        contact_id -> BigInt,
        field_id -> BigInt,
        position -> BigInt,
        value -> Text,
    }
}

diesel::table! {
    deals (id) {
        id -> BigInt,
        user_id -> BigInt,
        contact_id -> Nullable<BigInt>,
        name -> Text,
        value -> Nullable<BigInt>,
        currency -> Nullable<Text>,
        hot -> Bool,
        source -> Nullable<Text>,
        stage -> Nullable<Text>,
        created -> BigInt,
        modified -> BigInt,
    }
}

diesel::table! {
    notes (id) {
        id -> BigInt,
        user_id -> BigInt,
        contact_id -> Nullable<BigInt>,
        deal_id -> Nullable<BigInt>,
        message -> Text,
        created -> BigInt,
        modified -> BigInt,
    }
}

diesel::table! {
    interactions (id) {
        id -> BigInt,
        user_id -> BigInt,
        person_id -> Nullable<BigInt>,
        organization_id -> Nullable<BigInt>,
        basic_info_id -> Nullable<BigInt>,
        #[sql_name = "type"]
        type_ -> Text,
        data -> Text,
        duration -> Nullable<BigInt>,
        status -> Nullable<Text>,
        custom_tags -> Nullable<Text>,
        external_systems -> Text,
        entity_key -> Nullable<Text>,
        time -> BigInt,
        created -> BigInt,
        modified -> BigInt,
    }
}

diesel::table! {
    device_syncs (device_id) {
        device_id -> BigInt,
        user_id -> BigInt,
        last_seq -> BigInt,
        last_time -> BigInt,
        last_txid -> BigInt,
        last_snapshot -> Nullable<Text>,
    }
}

diesel::table! {
    apns_outbox (id) {
        id -> BigInt,
        user_id -> BigInt,
        device_token -> Text,
        payload -> Text,
        status -> Text,
        attempts -> BigInt,
        next_attempt -> BigInt,
        last_error -> Nullable<Text>,
        created -> BigInt,
        updated -> BigInt,
    }
}

diesel::table! {
    task_lists (id) {
        id -> BigInt,
        user_id -> BigInt,
        title -> Text,
        created -> BigInt,
        modified -> BigInt,
    }
}

diesel::table! {
    tasks (id) {
        id -> BigInt,
        user_id -> BigInt,
        list_id -> Nullable<BigInt>,
        contact_id -> Nullable<BigInt>,
        deal_id -> Nullable<BigInt>,
        assigned_to -> Nullable<BigInt>,
        title -> Nullable<Text>,
        content -> Nullable<Text>,
        status -> Text,
        task_type -> Text,
        hot -> Bool,
        fuzzy_due_date -> Nullable<Text>,
        concrete_due_date -> Nullable<BigInt>,
        duration -> Nullable<BigInt>,
        created -> BigInt,
        modified -> BigInt,
    }
}

diesel::table! {
    task_phone_numbers (task_id, position) {
        task_id -> BigInt,
        position -> BigInt,
        basic_info_id -> BigInt,
    }
}

diesel::table! {
    pictures (id) {
        id -> BigInt,
        user_id -> BigInt,
        contact_id -> BigInt,
        #[sql_name = "type"]
        type_ -> Text,
        is_default -> Bool,
        url -> Nullable<Text>,
        content_type -> Nullable<Text>,
        byte_size -> Nullable<BigInt>,
        digest -> Nullable<Text>,
        created -> BigInt,
        modified -> BigInt,
    }
}

diesel::table! {
    picture_data (picture_id) {
        picture_id -> BigInt,
        bytes -> Binary,
    }
}

diesel::table! {
    contact_sources (contact_id) {
        contact_id -> BigInt,
        user_id -> BigInt,
        external_system -> Text,
        account -> Text,
        external_id -> Text,
    }
}

diesel::table! {
    import_contacts (id) {
        id -> BigInt,
        user_id -> BigInt,
        external_system -> Text,
        account -> Text,
        external_id -> Text,
        contact -> Text,
        created -> BigInt,
        modified -> BigInt,
    }
}

diesel::table! {
    import_contact_values (import_contact_id, match_key) {
        import_contact_id -> BigInt,
        match_key -> Text,
        user_id -> BigInt,
        value -> Text,
    }
}

diesel::table! {
    import_accounts (user_id, external_system, account) {
        user_id -> BigInt,
        external_system -> Text,
        account -> Text,
        last_import -> BigInt,
        sync_token -> Nullable<Text>,
    }
}

diesel::joinable!(groups -> companies (company_id));
diesel::joinable!(users -> companies (company_id));
diesel::joinable!(user_groups -> users (user_id));
diesel::joinable!(user_groups -> groups (group_id));
diesel::joinable!(auth_tokens -> users (user_id));
diesel::joinable!(activities -> users (user_id));
diesel::joinable!(custom_fields -> companies (company_id));
diesel::joinable!(devices -> users (user_id));
diesel::joinable!(trigger_devices -> users (user_id));
diesel::joinable!(password_resets -> users (user_id));
diesel::joinable!(contacts -> users (user_id));
diesel::joinable!(addresses -> contacts (contact_id));
diesel::joinable!(contact_tags -> contacts (contact_id));
diesel::joinable!(search_terms -> contacts (contact_id));
diesel::joinable!(contact_custom_fields -> contacts (contact_id));
diesel::joinable!(contact_custom_fields -> custom_fields (field_id));
diesel::joinable!(interactions -> users (user_id));

diesel::joinable!(task_phone_numbers -> tasks (task_id));
diesel::joinable!(task_phone_numbers -> basic_infos (basic_info_id));
diesel::joinable!(pictures -> contacts (contact_id));
diesel::joinable!(picture_data -> pictures (picture_id));

diesel::joinable!(contact_sources -> contacts (contact_id));
diesel::joinable!(import_contact_values -> import_contacts (import_contact_id));

diesel::allow_tables_to_appear_in_same_query!(
    activities,
    activity_counts,
    addresses,
    apns_outbox,
    auth_tokens,
    basic_infos,
    canvass_interactions,
    companies,
    contact_buckets,
    contact_custom_fields,
    contact_relations,
    contact_sources,
    contact_tags,
    contacts,
    custom_fields,
    deals,
    device_syncs,
    devices,
    groups,
    import_accounts,
    import_contact_values,
    import_contacts,
    interactions,
    login_failures,
    notes,
    password_resets,
    picture_data,
    pictures,
    search_terms,
    task_lists,
    task_phone_numbers,
    tasks,
    trigger_devices,
    user_groups,
    users,
);

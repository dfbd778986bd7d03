-- What a contact read shows besides the contact's own row (its basicInfos, addresses, tags,
-- custom field values and their names, relations, interactions, deals, notes, tasks and
-- pictures) changes only together with `contacts.children_rev`: every insert, delete and
-- update of those tables moves it on, by trigger, so that no write path can forget it
-- (cascades included). A read checks a contact's `children_rev` against the process's cache
-- of what hangs off it (interact-service `contact_cache`) and reads the children again only
-- when it moved. It is not on the wire: a contact's `version` moves only with what the
-- document says moves it.
ALTER TABLE contacts ADD COLUMN children_rev BIGINT NOT NULL DEFAULT 0;

-- One statement trigger a table and event (a multi-row insert moves each contact once), and
-- one function a table with its statements written out (so PL/pgSQL plans them once a
-- session), all made from this one template.
DO $do$
DECLARE
    t RECORD;
    new_ids TEXT;
    old_ids TEXT;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('basic_infos', ARRAY['contact_id']),
        ('addresses', ARRAY['contact_id']),
        ('contact_tags', ARRAY['contact_id']),
        ('contact_custom_fields', ARRAY['contact_id']),
        ('contact_relations', ARRAY['person_id', 'organization_id']),
        ('interactions', ARRAY['person_id', 'organization_id']),
        ('deals', ARRAY['contact_id']),
        ('notes', ARRAY['contact_id']),
        ('tasks', ARRAY['contact_id']),
        ('pictures', ARRAY['contact_id'])
    ) AS v(name, cols) LOOP
        SELECT string_agg(format('SELECT %I FROM new_rows', c), ' UNION ALL ') INTO new_ids
            FROM unnest(t.cols) AS c;
        SELECT string_agg(format('SELECT %I FROM old_rows', c), ' UNION ALL ') INTO old_ids
            FROM unnest(t.cols) AS c;
        EXECUTE format($f$
            CREATE FUNCTION %1$s_children_rev() RETURNS trigger LANGUAGE plpgsql AS $body$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (%2$s);
                ELSIF TG_OP = 'DELETE' THEN
                    UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (%3$s);
                ELSE
                    UPDATE contacts SET children_rev = children_rev + 1
                        WHERE id IN (%2$s UNION ALL %3$s);
                END IF;
                RETURN NULL;
            END $body$;
            CREATE TRIGGER %1$s_rev_insert AFTER INSERT ON %1$s
                REFERENCING NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION %1$s_children_rev();
            CREATE TRIGGER %1$s_rev_update AFTER UPDATE ON %1$s
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION %1$s_children_rev();
            CREATE TRIGGER %1$s_rev_delete AFTER DELETE ON %1$s
                REFERENCING OLD TABLE AS old_rows
                FOR EACH STATEMENT EXECUTE FUNCTION %1$s_children_rev();
        $f$, t.name, new_ids, old_ids);
    END LOOP;
END $do$;

-- A custom field's name is shown in every contact that has a value for it.
CREATE FUNCTION custom_fields_children_rev() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.name IS DISTINCT FROM OLD.name THEN
        UPDATE contacts SET children_rev = children_rev + 1
            WHERE id IN (SELECT contact_id FROM contact_custom_fields WHERE field_id = NEW.id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER custom_fields_children_rev AFTER UPDATE OF name ON custom_fields
    FOR EACH ROW EXECUTE FUNCTION custom_fields_children_rev();

-- What a contact read shows besides the contact's own row (its basicInfos, addresses, tags,
-- custom field values and their names, relations, interactions, deals, notes, tasks and
-- pictures) changes only together with `contacts.children_rev`: every insert, delete and
-- update of those tables moves it on, by trigger, so that no write path can forget it
-- (cascades included). A read checks a contact's `children_rev` against the process's cache
-- of what hangs off it (interact-service `contact_cache`) and reads the children again only
-- when it moved. It is not on the wire: a contact's `version` moves only with what the
-- document says moves it.
ALTER TABLE contacts ADD COLUMN children_rev BIGINT NOT NULL DEFAULT 0;
-- The transaction that last moved `children_rev` on (or made the contact): a transaction
-- moves a contact's `children_rev` once, however many of its children it writes, and not at
-- all for a contact it made itself (no read can have kept the children of a contact before
-- it was committed). What one transaction changes commits at once, so one move covers all
-- of it. A savepoint rolled back takes its move back with it, and the next write moves it
-- again. PostgreSQL only: SQLite's row triggers write one row in the page cache each.
ALTER TABLE contacts ADD COLUMN children_xact xid8;
ALTER TABLE contacts ALTER COLUMN children_xact SET DEFAULT pg_current_xact_id();

-- One statement trigger a table and event (a multi-row insert moves each contact once), and
-- one function a table with its statements written out (so PL/pgSQL plans them once a
-- session), all made from this one template. The ids are taken as an array (`= ANY(ARRAY(…))`),
-- which is planned as primary-key lookups whatever the plan, kept for the session, guessed
-- about the size of the transition table it was first planned for.
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
            DECLARE
                xact xid8 := pg_current_xact_id();
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    UPDATE contacts SET children_rev = children_rev + 1, children_xact = xact
                        WHERE id = ANY(ARRAY(%2$s)) AND children_xact IS DISTINCT FROM xact;
                ELSIF TG_OP = 'DELETE' THEN
                    UPDATE contacts SET children_rev = children_rev + 1, children_xact = xact
                        WHERE id = ANY(ARRAY(%3$s)) AND children_xact IS DISTINCT FROM xact;
                ELSE
                    UPDATE contacts SET children_rev = children_rev + 1, children_xact = xact
                        WHERE id = ANY(ARRAY(%2$s UNION ALL %3$s))
                        AND children_xact IS DISTINCT FROM xact;
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
        UPDATE contacts SET children_rev = children_rev + 1, children_xact = pg_current_xact_id()
            WHERE id IN (SELECT contact_id FROM contact_custom_fields WHERE field_id = NEW.id)
            AND children_xact IS DISTINCT FROM pg_current_xact_id();
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER custom_fields_children_rev AFTER UPDATE OF name ON custom_fields
    FOR EACH ROW EXECUTE FUNCTION custom_fields_children_rev();

-- What a contact read shows besides the contact's own row (its basicInfos, addresses, tags,
-- custom field values and their names, relations, interactions, deals, notes, tasks and
-- pictures) changes only together with `contacts.children_rev`: every insert, delete and
-- update of those tables that a read would show moves it on, by trigger, so that no write
-- path can forget it (cascades included). A read checks a contact's `children_rev` against
-- the process's cache of what hangs off it (interact-service `contact_cache`) and reads the
-- children again only when it moved. It is not on the wire: a contact's `version` moves only
-- with what the document says moves it.
ALTER TABLE contacts ADD COLUMN children_rev BIGINT NOT NULL DEFAULT 0;

-- One trigger a table and event: `<table>_rev_<event>`.
CREATE TRIGGER basic_infos_rev_insert AFTER INSERT ON basic_infos BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (NEW.contact_id); END;
CREATE TRIGGER basic_infos_rev_update AFTER UPDATE ON basic_infos BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (OLD.contact_id, NEW.contact_id); END;
CREATE TRIGGER basic_infos_rev_delete AFTER DELETE ON basic_infos BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (OLD.contact_id); END;
CREATE TRIGGER addresses_rev_insert AFTER INSERT ON addresses BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (NEW.contact_id); END;
CREATE TRIGGER addresses_rev_update AFTER UPDATE ON addresses BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (OLD.contact_id, NEW.contact_id); END;
CREATE TRIGGER addresses_rev_delete AFTER DELETE ON addresses BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (OLD.contact_id); END;
CREATE TRIGGER contact_tags_rev_insert AFTER INSERT ON contact_tags BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (NEW.contact_id); END;
CREATE TRIGGER contact_tags_rev_update AFTER UPDATE ON contact_tags BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (OLD.contact_id, NEW.contact_id); END;
CREATE TRIGGER contact_tags_rev_delete AFTER DELETE ON contact_tags BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (OLD.contact_id); END;
CREATE TRIGGER contact_custom_fields_rev_insert AFTER INSERT ON contact_custom_fields BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (NEW.contact_id); END;
CREATE TRIGGER contact_custom_fields_rev_update AFTER UPDATE ON contact_custom_fields BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (OLD.contact_id, NEW.contact_id); END;
CREATE TRIGGER contact_custom_fields_rev_delete AFTER DELETE ON contact_custom_fields BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (OLD.contact_id); END;
CREATE TRIGGER contact_relations_rev_insert AFTER INSERT ON contact_relations BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (NEW.person_id, NEW.organization_id); END;
CREATE TRIGGER contact_relations_rev_update AFTER UPDATE ON contact_relations BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (OLD.person_id, OLD.organization_id, NEW.person_id, NEW.organization_id); END;
CREATE TRIGGER contact_relations_rev_delete AFTER DELETE ON contact_relations BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (OLD.person_id, OLD.organization_id); END;
CREATE TRIGGER interactions_rev_insert AFTER INSERT ON interactions BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (NEW.person_id, NEW.organization_id); END;
CREATE TRIGGER interactions_rev_update AFTER UPDATE OF person_id, organization_id ON interactions BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (OLD.person_id, OLD.organization_id, NEW.person_id, NEW.organization_id); END;
CREATE TRIGGER interactions_rev_delete AFTER DELETE ON interactions BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (OLD.person_id, OLD.organization_id); END;
CREATE TRIGGER deals_rev_insert AFTER INSERT ON deals BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (NEW.contact_id); END;
CREATE TRIGGER deals_rev_update AFTER UPDATE OF contact_id ON deals BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (OLD.contact_id, NEW.contact_id); END;
CREATE TRIGGER deals_rev_delete AFTER DELETE ON deals BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (OLD.contact_id); END;
CREATE TRIGGER notes_rev_insert AFTER INSERT ON notes BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (NEW.contact_id); END;
CREATE TRIGGER notes_rev_update AFTER UPDATE OF contact_id ON notes BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (OLD.contact_id, NEW.contact_id); END;
CREATE TRIGGER notes_rev_delete AFTER DELETE ON notes BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (OLD.contact_id); END;
CREATE TRIGGER tasks_rev_insert AFTER INSERT ON tasks BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (NEW.contact_id); END;
CREATE TRIGGER tasks_rev_update AFTER UPDATE OF contact_id ON tasks BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (OLD.contact_id, NEW.contact_id); END;
CREATE TRIGGER tasks_rev_delete AFTER DELETE ON tasks BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (OLD.contact_id); END;
CREATE TRIGGER pictures_rev_insert AFTER INSERT ON pictures BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (NEW.contact_id); END;
CREATE TRIGGER pictures_rev_update AFTER UPDATE ON pictures BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (OLD.contact_id, NEW.contact_id); END;
CREATE TRIGGER pictures_rev_delete AFTER DELETE ON pictures BEGIN UPDATE contacts SET children_rev = children_rev + 1 WHERE id IN (OLD.contact_id); END;

-- A custom field's name is shown in every contact that has a value for it.
CREATE TRIGGER custom_fields_rev_update AFTER UPDATE OF name ON custom_fields
BEGIN
    UPDATE contacts SET children_rev = children_rev + 1
        WHERE id IN (SELECT contact_id FROM contact_custom_fields WHERE field_id = NEW.id);
END;

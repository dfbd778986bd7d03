-- Task lists, tasks and contact pictures (issue 4).
-- A task may sit in one of the user's task lists; deleting the list keeps the task, unlisted.
-- A task relates to a contact or a deal; deleting either detaches the task (the service
-- journals it). phoneNumbers of a scheduled call are basicInfos of the related contact.
CREATE TABLE task_lists (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    created BIGINT NOT NULL,
    modified BIGINT NOT NULL
);
CREATE INDEX task_lists_user_id ON task_lists(user_id, id);

CREATE TABLE tasks (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    list_id BIGINT REFERENCES task_lists(id) ON DELETE SET NULL,
    contact_id BIGINT REFERENCES contacts(id) ON DELETE SET NULL,
    deal_id BIGINT REFERENCES deals(id) ON DELETE SET NULL,
    assigned_to BIGINT REFERENCES users(id) ON DELETE SET NULL,
    title TEXT,
    content TEXT,
    status TEXT NOT NULL,
    task_type TEXT NOT NULL,
    hot BOOLEAN NOT NULL DEFAULT FALSE,
    fuzzy_due_date TEXT,
    concrete_due_date BIGINT,
    duration BIGINT,
    created BIGINT NOT NULL,
    modified BIGINT NOT NULL
);
CREATE INDEX tasks_user_due ON tasks(user_id, concrete_due_date, id);
CREATE INDEX tasks_list ON tasks(list_id);
CREATE INDEX tasks_contact ON tasks(contact_id);
CREATE INDEX tasks_deal ON tasks(deal_id);
CREATE INDEX tasks_assigned_to ON tasks(assigned_to);

CREATE TABLE task_phone_numbers (
    task_id BIGINT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    basic_info_id BIGINT NOT NULL REFERENCES basic_infos(id) ON DELETE CASCADE,
    PRIMARY KEY (task_id, position)
);
CREATE INDEX task_phone_numbers_basic_info ON task_phone_numbers(basic_info_id);

-- Pictures of a contact. Uploaded ones (type 'interact') keep their bytes in picture_data and
-- are served from /v2/pictures/:id/raw; imported ones (google, …) carry the external url.
-- At most one default picture per contact.
CREATE TABLE pictures (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    url TEXT,
    content_type TEXT,
    byte_size BIGINT,
    digest TEXT,
    created BIGINT NOT NULL,
    modified BIGINT NOT NULL
);
CREATE INDEX pictures_user_id ON pictures(user_id, id);
CREATE INDEX pictures_contact ON pictures(contact_id, id);
CREATE UNIQUE INDEX pictures_one_default ON pictures(contact_id) WHERE is_default;

CREATE TABLE picture_data (
    picture_id BIGINT PRIMARY KEY REFERENCES pictures(id) ON DELETE CASCADE,
    bytes BYTEA NOT NULL
);

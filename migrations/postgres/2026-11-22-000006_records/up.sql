-- Deals and notes (issue 4). A deal may relate to one contact; deleting the contact detaches
-- the deal (the service journals it). A note relates to a contact or a deal and goes with it.
CREATE TABLE deals (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    contact_id BIGINT REFERENCES contacts(id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    value BIGINT,
    currency TEXT,
    hot BOOLEAN NOT NULL DEFAULT FALSE,
    source TEXT,
    stage TEXT,
    created BIGINT NOT NULL,
    modified BIGINT NOT NULL
);
CREATE INDEX deals_user_id ON deals(user_id, id);
CREATE INDEX deals_contact ON deals(contact_id);

CREATE TABLE notes (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    contact_id BIGINT REFERENCES contacts(id) ON DELETE CASCADE,
    deal_id BIGINT REFERENCES deals(id) ON DELETE CASCADE,
    message TEXT NOT NULL,
    created BIGINT NOT NULL,
    modified BIGINT NOT NULL
);
CREATE INDEX notes_user_id ON notes(user_id, id);
CREATE INDEX notes_contact ON notes(contact_id);
CREATE INDEX notes_deal ON notes(deal_id);

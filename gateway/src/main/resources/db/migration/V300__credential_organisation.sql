-- The organisation whose e-code a credential was issued from: its operators (and only they) may act on it.
-- NULL for credentials provisioned outside issuance (e.g. the development demo data).
ALTER TABLE credential ADD COLUMN organisation_id uuid REFERENCES organisation (id);

UPDATE credential c SET organisation_id = e.organisation_id
FROM application a JOIN ecode e ON e.id = a.ecode_id
WHERE a.credential_id = c.id;

CREATE INDEX credential_organisation_idx ON credential (organisation_id);

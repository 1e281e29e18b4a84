-- "I forgot my password": a single-use link e-mailed to the account's address sets a new password. Only the token's
-- SHA-256 is kept, so the table holds nothing that could be used as a link.
CREATE TABLE password_reset (
    token_hash  text PRIMARY KEY,
    account_id  uuid NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);

CREATE INDEX password_reset_unused_by_account ON password_reset (account_id) WHERE used_at IS NULL;

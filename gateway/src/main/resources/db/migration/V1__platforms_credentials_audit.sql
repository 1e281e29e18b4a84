-- Platforms (OAuth2 clients of the CSC API), the credentials they may use, OAuth signing keys, and the audit chain.

CREATE TABLE platform_client (
    id            uuid PRIMARY KEY,
    client_id     text NOT NULL UNIQUE,
    name          text NOT NULL,
    secret_hash   text NOT NULL,            -- Argon2id PHC string; the secret itself is never stored
    scopes        text NOT NULL DEFAULT 'service',
    enabled       boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE credential (
    id                   text PRIMARY KEY,  -- the CSC credentialID
    user_id              text NOT NULL,     -- the CSC userID of the holder
    key_alias            text NOT NULL UNIQUE,
    key_algorithm        text NOT NULL,     -- signer-core KeyAlgorithm name
    status               text NOT NULL CHECK (status IN ('PENDING', 'ACTIVE', 'DISABLED', 'LOCKED')),
    phone                text NOT NULL,     -- E.164, where the one-time codes go
    pin_hash             text,              -- Argon2id; null until the holder sets the PIN
    failed_pin_attempts  integer NOT NULL DEFAULT 0,
    locked_at            timestamptz,
    multisign            integer NOT NULL DEFAULT 1000 CHECK (multisign >= 1),
    description          text NOT NULL DEFAULT '',
    certificate_chain    text NOT NULL DEFAULT '',  -- PEM, end-entity first
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credential_user_idx ON credential (user_id);

-- which platform may act for which credential (a platform sees only the users linked to it)
CREATE TABLE credential_platform (
    credential_id  text NOT NULL REFERENCES credential (id) ON DELETE CASCADE,
    platform_id    uuid NOT NULL REFERENCES platform_client (id) ON DELETE CASCADE,
    PRIMARY KEY (credential_id, platform_id)
);
CREATE INDEX credential_platform_platform_idx ON credential_platform (platform_id);

-- keys that sign access tokens; every instance loads all of them, the newest active one signs
CREATE TABLE oauth_signing_key (
    kid         text PRIMARY KEY,
    jwk         text NOT NULL,              -- private JWK (EC P-256)
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- append-only audit of every authorize and signHash; each record carries the hash of the previous one
CREATE TABLE audit_record (
    seq             bigint PRIMARY KEY,
    recorded_at     timestamptz NOT NULL,
    operation       text NOT NULL,
    platform        text NOT NULL,
    credential_id   text NOT NULL,
    user_id         text NOT NULL,
    sad_id          text NOT NULL,
    hash_algorithm  text NOT NULL,
    hashes          text NOT NULL,          -- base64 digests, comma separated, in request order
    result          text NOT NULL,
    prev_hash       text NOT NULL,
    record_hash     text NOT NULL
);

CREATE TABLE audit_chain_head (
    id         integer PRIMARY KEY CHECK (id = 1),
    last_seq   bigint NOT NULL,
    last_hash  text NOT NULL
);
INSERT INTO audit_chain_head (id, last_seq, last_hash) VALUES (1, 0, 'GENESIS');

CREATE RULE audit_record_no_update AS ON UPDATE TO audit_record DO INSTEAD NOTHING;
CREATE RULE audit_record_no_delete AS ON DELETE TO audit_record DO INSTEAD NOTHING;

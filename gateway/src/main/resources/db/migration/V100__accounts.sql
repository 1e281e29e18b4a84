-- Issuance: organisations (resellers, HR departments, platforms), their points of sale, and the people who log in.

CREATE TABLE organisation (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE point_of_sale (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organisation_id uuid NOT NULL REFERENCES organisation (id),
    name            text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organisation_id, name)
);

CREATE TABLE user_account (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email            text NOT NULL UNIQUE CHECK (email = lower(email)),
    password_hash    text NOT NULL,
    role             text NOT NULL CHECK (role IN ('ORG_ADMIN', 'OPERATOR', 'APPLICANT')),
    organisation_id  uuid REFERENCES organisation (id),
    -- an operator's own point of sale; for an applicant, the point of sale that invited them (if any)
    point_of_sale_id uuid REFERENCES point_of_sale (id),
    failed_logins    int NOT NULL DEFAULT 0,
    locked_until     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (role = 'APPLICANT' OR organisation_id IS NOT NULL),
    CHECK (role <> 'OPERATOR' OR point_of_sale_id IS NOT NULL)
);

-- an operator's invitation to apply (the Certum PPT flow); only the SHA-256 of the token is kept
CREATE TABLE account_invitation (
    token_hash       text PRIMARY KEY,
    email            text NOT NULL,
    invited_by       uuid NOT NULL REFERENCES user_account (id),
    point_of_sale_id uuid NOT NULL REFERENCES point_of_sale (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    accepted_at      timestamptz
);

-- Issuance: certificate applications (the wizard's persisted state machine), their append-only history,
-- and the Idempotency-Key records of state transitions.

CREATE SEQUENCE application_number_seq;

CREATE TABLE application (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    number                 text NOT NULL UNIQUE,
    applicant_id           uuid NOT NULL REFERENCES user_account (id),
    product_id             text NOT NULL REFERENCES product (id),
    ecode_id               bigint NOT NULL UNIQUE REFERENCES ecode (id),
    point_of_sale_id       uuid REFERENCES point_of_sale (id),
    state                  text NOT NULL,
    certificate_parameters jsonb,
    applicant_data         jsonb,
    documents_accepted_at  timestamptz,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX application_applicant ON application (applicant_id, created_at DESC);
CREATE INDEX application_point_of_sale ON application (point_of_sale_id, created_at DESC);

CREATE TABLE application_history (
    id             bigserial PRIMARY KEY,
    application_id uuid NOT NULL REFERENCES application (id),
    transition     text NOT NULL,
    from_state     text,
    to_state       text NOT NULL,
    actor_id       uuid NOT NULL REFERENCES user_account (id),
    at             timestamptz NOT NULL DEFAULT now(),
    details        jsonb
);

CREATE INDEX application_history_application ON application_history (application_id, id);

CREATE TRIGGER application_history_append_only BEFORE UPDATE OR DELETE ON application_history
    FOR EACH ROW EXECUTE FUNCTION issuance_refuse_change();

-- written in the same transaction as the transition it answers, so a retry can never transition twice
CREATE TABLE issuance_idempotency (
    account_id uuid NOT NULL,
    idem_key   text NOT NULL,
    endpoint   text NOT NULL,
    response   text,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, idem_key)
);

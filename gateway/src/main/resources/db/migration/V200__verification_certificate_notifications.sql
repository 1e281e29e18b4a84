-- Issuance II: identity verification (mobile self-identification, video call, verification transfer), webhook
-- de-duplication, refund requests, the signed statement, the issued credential, and the notification outbox.

-- null actor: the system acted on a vendor's or payment provider's authenticated webhook
ALTER TABLE application_history ALTER COLUMN actor_id DROP NOT NULL;

-- the signing platform (OAuth2 client_id) whose users this organisation's e-codes serve: issued credentials are linked
-- to it, so the platform can list and use them through the CSC API
ALTER TABLE organisation ADD COLUMN platform_client_id text;

-- one row per verification attempt; a retry after a technical or data error opens a new attempt
CREATE TABLE identity_verification (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    application_id uuid NOT NULL REFERENCES application (id),
    method         text NOT NULL CHECK (method IN ('MOBILE_SELF_ID', 'VIDEO_CALL', 'BANK_TRANSFER')),
    attempt        int NOT NULL CHECK (attempt >= 1),
    status         text NOT NULL CHECK (status IN ('PENDING', 'HELD', 'POSITIVE', 'NEGATIVE')),
    -- the vendor's session id, or the transfer title the payment must carry
    reference      text NOT NULL UNIQUE,
    link           text,
    outcome        text,
    document       jsonb,
    created_at     timestamptz NOT NULL DEFAULT now(),
    decided_at     timestamptz,
    UNIQUE (application_id, attempt)
);

-- at most one open attempt per application
CREATE UNIQUE INDEX identity_verification_open ON identity_verification (application_id)
    WHERE status IN ('PENDING', 'HELD');

-- every webhook event once: a replay (same source and event id) changes nothing
CREATE TABLE webhook_event (
    source      text NOT NULL,
    event_id    text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, event_id)
);

-- one consultant calendar: a slot start is booked at most once (the unique key settles concurrent bookings)
CREATE TABLE video_booking (
    slot_start     timestamptz PRIMARY KEY,
    application_id uuid NOT NULL UNIQUE REFERENCES application (id),
    booked_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE refund_request (
    id             bigserial PRIMARY KEY,
    application_id uuid NOT NULL UNIQUE REFERENCES application (id),
    reason         text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- the statement as the applicant signed it with the SMS code (the PDF and its digest), kept for the record
CREATE TABLE signed_statement (
    application_id uuid PRIMARY KEY REFERENCES application (id),
    pdf            bytea NOT NULL,
    sha256         text NOT NULL,
    phone          text NOT NULL,
    signed_at      timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE application ADD COLUMN credential_id text UNIQUE REFERENCES credential (id);

-- written in the transaction of the state change it reports; the dispatcher sends and retries with backoff
CREATE TABLE notification_outbox (
    id              bigserial PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('VERIFICATION_RESULT', 'CERTIFICATE_ISSUED', 'VOUCHER_EXPIRES')),
    channel         text NOT NULL CHECK (channel IN ('SMS', 'EMAIL')),
    recipient       text NOT NULL,
    body            text NOT NULL,
    application_id  uuid REFERENCES application (id),
    ecode_id        bigint REFERENCES ecode (id),
    attempts        int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE sent_at IS NULL;
-- one expiry reminder per e-code
CREATE UNIQUE INDEX notification_outbox_voucher ON notification_outbox (ecode_id) WHERE kind = 'VOUCHER_EXPIRES';

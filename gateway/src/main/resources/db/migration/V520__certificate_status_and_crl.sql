-- Revocation state of every certificate the built-in issuing CA has issued: end-entity certificates (with their
-- credential), the time-stamping unit's, the QTSP seal's and the OCSP responder's. This table is the one owner of
-- "is it revoked": the OCSP responder and the CRL read it, and a credential's status as the signing path sees it is
-- joined from it.
CREATE TABLE certificate_status (
    serial         text PRIMARY KEY,          -- lower-case hex, no leading zeros (BigInteger.toString(16))
    issuer         text NOT NULL,             -- RFC 2253 DN of the issuing CA
    subject        text NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('END_ENTITY', 'TIMESTAMPING', 'SEAL', 'OCSP')),
    credential_id  text UNIQUE REFERENCES credential (id) ON DELETE CASCADE,
    not_after      timestamptz NOT NULL,
    status         text NOT NULL DEFAULT 'GOOD' CHECK (status IN ('GOOD', 'REVOKED', 'SUSPENDED')),
    reason         smallint CHECK (reason BETWEEN 0 AND 10 AND reason <> 7),  -- RFC 5280 CRLReason
    revoked_at     timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'GOOD') = (revoked_at IS NULL)),
    CHECK (status <> 'SUSPENDED' OR reason = 6)
);
CREATE INDEX certificate_status_listed_idx ON certificate_status (not_after) WHERE status <> 'GOOD';

-- The current CRL of each CA key (the issuing CA's; the root's where its key is here): one row whose crl_number is its
-- version. An instance publishes number n + 1 only with UPDATE ... WHERE crl_number = n, so CRL numbers grow by one
-- across all instances and never repeat. A CA re-keyed under the same name starts a sequence (and a row) of its own.
CREATE TABLE crl (
    issuer         text NOT NULL,             -- RFC 2253 DN of the CA
    issuer_key_id  text NOT NULL,             -- hex SHA-1 of its public key (RFC 5280 key identifier, method 1)
    crl_number     bigint NOT NULL CHECK (crl_number >= 0),
    this_update    timestamptz,
    next_update    timestamptz,
    der            bytea,
    PRIMARY KEY (issuer, issuer_key_id)
);

-- the holder hears of a revocation, suspension or release of their certificate
ALTER TABLE notification_outbox DROP CONSTRAINT notification_outbox_kind_check;
ALTER TABLE notification_outbox ADD CONSTRAINT notification_outbox_kind_check
    CHECK (kind IN ('VERIFICATION_RESULT', 'CERTIFICATE_ISSUED', 'VOUCHER_EXPIRES', 'CERTIFICATE_REVOKED',
                    'CERTIFICATE_SUSPENDED', 'CERTIFICATE_RELEASED'));

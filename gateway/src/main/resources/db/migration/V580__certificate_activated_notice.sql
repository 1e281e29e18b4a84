-- The applicant is told by e-mail when the PIN is set and the certificate can sign (or, if it was not them, to act).
ALTER TABLE notification_outbox DROP CONSTRAINT notification_outbox_kind_check;
ALTER TABLE notification_outbox ADD CONSTRAINT notification_outbox_kind_check
    CHECK (kind IN ('VERIFICATION_RESULT', 'CERTIFICATE_ISSUED', 'VOUCHER_EXPIRES', 'CERTIFICATE_REVOKED',
                    'CERTIFICATE_SUSPENDED', 'CERTIFICATE_RELEASED', 'VIDEO_CALL_BOOKED', 'CERTIFICATE_ACTIVATED'));

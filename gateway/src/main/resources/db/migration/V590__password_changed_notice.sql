-- An account's address is told by e-mail that its password was changed (by a reset link, or signed in), the notice
-- written in the transaction of the change and sent by the dispatcher, with its retries.
ALTER TABLE notification_outbox DROP CONSTRAINT notification_outbox_kind_check;
ALTER TABLE notification_outbox ADD CONSTRAINT notification_outbox_kind_check
    CHECK (kind IN ('VERIFICATION_RESULT', 'CERTIFICATE_ISSUED', 'VOUCHER_EXPIRES', 'CERTIFICATE_REVOKED',
                    'CERTIFICATE_SUSPENDED', 'CERTIFICATE_RELEASED', 'VIDEO_CALL_BOOKED', 'CERTIFICATE_ACTIVATED',
                    'PASSWORD_CHANGED'));

-- Mobile self-identification: the vendor's link is also sent by SMS to the applicant's phone (Certum's instructions:
-- "na ten numer system Certum wyśle link potrzebny do uruchomienia drugiego etapu weryfikacji").
ALTER TABLE notification_outbox DROP CONSTRAINT notification_outbox_kind_check;
ALTER TABLE notification_outbox ADD CONSTRAINT notification_outbox_kind_check
    CHECK (kind IN ('VERIFICATION_RESULT', 'CERTIFICATE_ISSUED', 'VOUCHER_EXPIRES', 'CERTIFICATE_REVOKED',
                    'CERTIFICATE_SUSPENDED', 'CERTIFICATE_RELEASED', 'VIDEO_CALL_BOOKED', 'CERTIFICATE_ACTIVATED',
                    'PASSWORD_CHANGED', 'VERIFICATION_LINK'));

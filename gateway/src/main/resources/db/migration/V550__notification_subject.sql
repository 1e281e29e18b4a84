-- An e-mail carries a subject in its recipient's language (one without reads as spam); an SMS has none. Rows written
-- before have none: the dispatcher sends those with a generic subject.
ALTER TABLE notification_outbox ADD COLUMN subject text;
ALTER TABLE notification_outbox ADD CONSTRAINT notification_outbox_subject_check CHECK (channel = 'EMAIL' OR subject IS NULL);

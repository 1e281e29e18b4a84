-- The language the holder chose when applying: the SMS codes for signing with the credential, and for revoking its
-- certificate, speak it. Credentials made before (and outside issuance) speak Polish, the QTSP's own language.
ALTER TABLE credential ADD COLUMN language text NOT NULL DEFAULT 'pl' CHECK (language IN ('pl', 'en'));

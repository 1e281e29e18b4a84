-- The verification transfer proves a Polish account in the applicant's name, not that the applicant holds the document
-- the certificate will name: after it, the applicant identifies remotely with the document and a selfie (Certum:
-- "Po poprawnym wykonaniu przelewu weryfikacyjnego i identyfikacji zdalnej przejdziesz do podpisania Oświadczenia").
-- An attempt of the transfer method records when its transfer was accepted; the document's reading decides it then.
ALTER TABLE identity_verification ADD COLUMN transfer_accepted_at timestamptz;

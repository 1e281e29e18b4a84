-- the SHA-256 (hex) of the body a key was first used with: a reuse with another body is refused, not replayed
ALTER TABLE issuance_idempotency ADD COLUMN body_sha256 text;

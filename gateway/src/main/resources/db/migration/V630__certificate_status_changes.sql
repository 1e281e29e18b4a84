-- The last revocation, suspension or release, found without reading every certificate: the CRL check compares it with
-- the current CRL's thisUpdate, so that a change whose own publication never happened (the gateway stopped between the
-- change's commit and its CRL, or the publication failed) is on the next CRL within a check, not at the next due date.
-- A registration writes created_at = updated_at (one transaction's now()); every change of state a later updated_at.
CREATE INDEX certificate_status_changed_idx ON certificate_status (updated_at) WHERE updated_at > created_at;

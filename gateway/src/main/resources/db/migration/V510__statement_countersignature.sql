-- the statement is kept as a sealed PDF (PAdES, the QTSP's seal at the SMS step); the operator's countersignature is a
-- second seal in the same file, its digest replacing the first
ALTER TABLE signed_statement ADD COLUMN countersigned_by uuid REFERENCES user_account (id);
ALTER TABLE signed_statement ADD COLUMN countersigned_at timestamptz;

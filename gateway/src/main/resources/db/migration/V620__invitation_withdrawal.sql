-- The operators of a point of sale list its invitations and may withdraw one that has not opened an application: it can
-- then be neither accepted nor drawn. An invitation is named by its own id in URLs, never by its token's hash.
ALTER TABLE account_invitation ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE account_invitation ADD CONSTRAINT account_invitation_id_key UNIQUE (id);
ALTER TABLE account_invitation ADD COLUMN withdrawn_at timestamptz;
CREATE INDEX account_invitation_point_of_sale ON account_invitation (point_of_sale_id, created_at DESC);

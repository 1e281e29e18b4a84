-- An operator's invitation may name the product the person applies for, paid from the organisation's stock ("kod z
-- puli", the pool's code of the vendors' point-of-sale journey): the person then needs no e-code. One invitation opens one
-- application so; pool_drawn_at marks the one it opened.
ALTER TABLE account_invitation ADD COLUMN product_id text REFERENCES product (id);
ALTER TABLE account_invitation ADD COLUMN pool_drawn_at timestamptz;
CREATE INDEX account_invitation_pool ON account_invitation (email) WHERE product_id IS NOT NULL AND pool_drawn_at IS NULL;

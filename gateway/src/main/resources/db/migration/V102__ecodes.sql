-- Issuance: e-codes (vouchers) generated from stock, and the append-only history of operations on them.

CREATE TABLE ecode (
    id              bigserial PRIMARY KEY,
    code            text NOT NULL UNIQUE CHECK (length(code) = 16),
    organisation_id uuid NOT NULL REFERENCES organisation (id),
    product_id      text NOT NULL REFERENCES product (id),
    status          text NOT NULL CHECK (status IN ('ACTIVE', 'USED', 'EXPIRED', 'DISPOSED')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      uuid NOT NULL REFERENCES user_account (id),
    expires_at      timestamptz NOT NULL,
    handed_out_at   timestamptz,
    used_at         timestamptz,
    used_by         uuid REFERENCES user_account (id),
    disposed_at     timestamptz
);

-- the list is paged by id, newest first, within one organisation and one status tab
CREATE INDEX ecode_tab ON ecode (organisation_id, status, id DESC);
CREATE INDEX ecode_expiring ON ecode (organisation_id, expires_at) WHERE status = 'ACTIVE';

CREATE TABLE ecode_operation (
    id              bigserial PRIMARY KEY,
    organisation_id uuid NOT NULL REFERENCES organisation (id),
    operation       text NOT NULL CHECK (operation IN ('STOCK_ADDED', 'GENERATED', 'HANDED_OUT', 'REDEEMED', 'DISPOSED', 'EXPIRED')),
    product_id      text NOT NULL REFERENCES product (id),
    quantity        int NOT NULL CHECK (quantity > 0),
    ecode_id        bigint REFERENCES ecode (id),
    -- null when the system acted (expiry noticed on read)
    actor_id        uuid REFERENCES user_account (id),
    at              timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ecode_operation_org ON ecode_operation (organisation_id, id DESC);

CREATE FUNCTION issuance_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;

CREATE TRIGGER ecode_operation_append_only BEFORE UPDATE OR DELETE ON ecode_operation
    FOR EACH ROW EXECUTE FUNCTION issuance_refuse_change();

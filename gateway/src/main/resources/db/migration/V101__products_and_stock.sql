-- Issuance: the product catalogue and each organisation's stock ("warehouse") of purchased products.

CREATE TABLE product (
    id                   text PRIMARY KEY,
    name                 text NOT NULL,
    validity_months      int NOT NULL CHECK (validity_months > 0),
    verification_methods text[] NOT NULL CHECK (cardinality(verification_methods) > 0),
    operator_countersign boolean NOT NULL
);

INSERT INTO product (id, name, validity_months, verification_methods, operator_countersign) VALUES
    ('CQS-1Y', 'Cloud qualified signature 1 year', 12, ARRAY ['MOBILE_SELF_ID', 'VIDEO_CALL', 'BANK_TRANSFER'], false),
    ('CQS-2Y', 'Cloud qualified signature 2 years', 24, ARRAY ['MOBILE_SELF_ID', 'VIDEO_CALL', 'BANK_TRANSFER'], false),
    ('CQS-3Y', 'Cloud qualified signature 3 years', 36, ARRAY ['MOBILE_SELF_ID', 'VIDEO_CALL', 'BANK_TRANSFER'], false),
    ('CQS-2Y-PPT', 'Cloud qualified signature 2 years, at a point of sale', 24, ARRAY ['VIDEO_CALL', 'BANK_TRANSFER'], true);

CREATE TABLE product_stock (
    organisation_id uuid NOT NULL REFERENCES organisation (id),
    product_id      text NOT NULL REFERENCES product (id),
    quantity        int NOT NULL CHECK (quantity >= 0),
    PRIMARY KEY (organisation_id, product_id)
);

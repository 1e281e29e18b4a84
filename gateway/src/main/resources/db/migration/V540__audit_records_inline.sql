-- An audit record of a batch keeps its hash list in its own row. A signHash of 100 hashes writes a record of ~4.7 kB,
-- past the 2 kB at which PostgreSQL would otherwise try to compress the list (Base64 of digests: it never gains the
-- 25 % asked for) and then move it to the TOAST table, a second heap insert and a second index insert per record.
-- With the target at its maximum, records up to a page (~8 kB, ~180 hashes) stay inline as written; longer ones are
-- still moved out as before.
ALTER TABLE audit_record SET (toast_tuple_target = 8160);

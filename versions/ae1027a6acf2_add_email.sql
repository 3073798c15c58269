-- revision: ae1027a6acf2
-- down_revision: 1975ea83b712
-- message: add email to account
-- create_date: 2026-11-22 10:05:00

-- revgraph:upgrade
ALTER TABLE account ADD COLUMN email text;
UPDATE account SET email = lower(name) || '@example.com';
ALTER TABLE account ALTER COLUMN email SET NOT NULL;

-- revgraph:downgrade
ALTER TABLE account DROP COLUMN email;

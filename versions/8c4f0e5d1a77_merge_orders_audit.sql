-- revision: 8c4f0e5d1a77
-- down_revision: 3d7a1c2b9e01, 55af2cb1c267
-- message: merge orders and audit branches
-- create_date: 2026-11-22 10:20:00

-- revgraph:upgrade
INSERT INTO account (name, email) VALUES ('demo', 'demo@example.com');

-- revgraph:downgrade
DELETE FROM account WHERE name = 'demo';

-- revision: 27c6a30d7c24
-- down_revision: ae1027a6acf2
-- message: orders (branch one)
-- create_date: 2026-11-22 10:10:00

-- revgraph:upgrade
CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    account_id int NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    total numeric(12, 2) NOT NULL
);

-- revgraph:downgrade
DROP TABLE orders;

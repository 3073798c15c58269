-- revision: 1975ea83b712
-- down_revision: None
-- branch_labels: core
-- message: create account table
-- create_date: 2026-11-22 10:00:00

-- revgraph:upgrade
CREATE TABLE account (
    id serial PRIMARY KEY,
    name varchar(50) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- revgraph:downgrade
DROP TABLE account;

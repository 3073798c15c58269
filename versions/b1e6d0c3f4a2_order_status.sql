-- revision: b1e6d0c3f4a2
-- down_revision: 8c4f0e5d1a77
-- message: order status enum
-- create_date: 2026-11-22 10:25:00

-- revgraph:upgrade
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');
ALTER TABLE orders ADD COLUMN status order_status NOT NULL DEFAULT 'new';

-- revgraph:downgrade
ALTER TABLE orders DROP COLUMN status;
DROP TYPE order_status;

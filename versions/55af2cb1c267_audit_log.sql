-- revision: 55af2cb1c267
-- down_revision: ae1027a6acf2
-- branch_labels: audit
-- message: audit log (branch two)
-- create_date: 2026-11-22 10:15:00

-- revgraph:upgrade
CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    account_id int REFERENCES account(id) ON DELETE SET NULL,
    action text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE FUNCTION audit_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (account_id, action) VALUES (NEW.id, TG_OP);
    RETURN NEW;
END;
$$;
CREATE TRIGGER account_audit AFTER INSERT OR UPDATE ON account
    FOR EACH ROW EXECUTE FUNCTION audit_account();

-- revgraph:downgrade
DROP TRIGGER account_audit ON account;
DROP FUNCTION audit_account();
DROP TABLE audit_log;

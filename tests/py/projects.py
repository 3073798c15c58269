"""Realistic Alembic projects for tests/py/test_py.py and scripts/bench_py.sh.

Each writer function creates a complete project in a directory: alembic.ini,
migrations/env.py (Alembic's default template, with
transaction_per_migration=True and the URL from $TEST_DB_URL), and
versions/*.py (plus *.sql for the mixed project).  The same directory is
run by Alembic and by revgraph.
"""
import os
import textwrap

ENV_PY = '''\
import os

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
url = os.environ.get("TEST_DB_URL") or config.get_main_option("sqlalchemy.url")


def run_migrations_offline():
    context.configure(
        url=url,
        target_metadata=None,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connectable = engine_from_config(
        {"sqlalchemy.url": url}, prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=None,
            transaction_per_migration=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''

INI = """\
[alembic]
script_location = %(here)s/migrations
version_locations = %(here)s/versions
prepend_sys_path = {prepend}
sqlalchemy.url = postgresql://postgres@/unused
"""


def _w(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(textwrap.dedent(text).lstrip("\n"))


def _skeleton(d, prepend="."):
    _w(os.path.join(d, "alembic.ini"), INI.format(prepend=prepend))
    _w(os.path.join(d, "migrations", "env.py"), ENV_PY)
    _w(os.path.join(d, "migrations", "script.py.mako"), "")
    os.makedirs(os.path.join(d, "versions"), exist_ok=True)


_REV = textwrap.dedent('''\
    """{msg}

    Revision ID: {rev}
    Revises: {down}
    """
    from alembic import op
    import sqlalchemy as sa
    from sqlalchemy.dialects import postgresql
    {extra_head}

    # revision identifiers, used by Alembic.
    revision = {rev!r}
    down_revision = {down_s}
    branch_labels = {labels!r}
    depends_on = {depends!r}


    def upgrade():
    {up}


    def downgrade():
    {dn}
    ''')


def _body(text):
    text = textwrap.dedent(text).strip("\n")
    return textwrap.indent(text, "    ") if text.strip() else "    pass"


def _rev(d, rev, down, body_up, body_down, msg="", extra_head="",
         labels=None, depends=None):
    name = "%s_%s.py" % (rev, msg.replace(" ", "_") or "rev")
    text = _REV.format(
        msg=msg, rev=rev, down=down, down_s=repr(down),
        extra_head=extra_head, labels=labels, depends=depends,
        up=_body(body_up), dn=_body(body_down))
    os.makedirs(os.path.join(d, "versions"), exist_ok=True)
    with open(os.path.join(d, "versions", name), "w") as f:
        f.write(text)


# ---------------------------------------------------------------------------
# The "shop" project: every feature issue 4 lists.

SHOP = [
    ("a1000000c001", None, "create customer and orders", '''
        op.execute("CREATE EXTENSION IF NOT EXISTS pgcrypto")
        order_status = postgresql.ENUM("pending", "paid", name="order_status")
        op.create_table(
            "customer",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("email", sa.String(200), nullable=False, unique=True),
            sa.Column("public_id", postgresql.UUID(as_uuid=True),
                      server_default=sa.text("gen_random_uuid()"),
                      nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True),
                      server_default=sa.func.now(), nullable=False),
        )
        op.create_table(
            "orders",
            sa.Column("id", sa.BigInteger, primary_key=True),
            sa.Column("customer_id", sa.Integer,
                      sa.ForeignKey("customer.id", ondelete="CASCADE"),
                      nullable=False),
            sa.Column("status", order_status, nullable=False,
                      server_default="pending"),
            sa.Column("meta", postgresql.JSONB, nullable=False,
                      server_default=sa.text("'{}'::jsonb")),
            sa.Column("total", sa.Numeric(10, 2)),
            sa.Column("placed_on", sa.Date),
        )
        op.create_index("ix_orders_customer", "orders", ["customer_id"])
    ''', '''
        op.drop_index("ix_orders_customer", table_name="orders")
        op.drop_table("orders")
        op.drop_table("customer")
        postgresql.ENUM(name="order_status").drop(op.get_bind())
    '''),
    ("b2000000c002", "a1000000c001", "active flag and partial unique", '''
        op.add_column("customer", sa.Column("active", sa.Boolean(),
                      nullable=False, server_default=sa.true()))
        op.add_column("customer", sa.Column("tier", sa.String(10),
                      nullable=False, server_default="basic"))
        op.create_index("uq_orders_one_pending", "orders", ["customer_id"],
                        unique=True,
                        postgresql_where=sa.text("status = 'pending'"))
        op.create_index("ix_orders_meta", "orders", ["meta"],
                        postgresql_using="gin")
        op.create_check_constraint("ck_total_positive", "orders",
                                   "total >= 0")
    ''', '''
        op.drop_constraint("ck_total_positive", "orders", type_="check")
        op.drop_index("ix_orders_meta", table_name="orders")
        op.drop_index("uq_orders_one_pending", table_name="orders")
        op.drop_column("customer", "tier")
        op.drop_column("customer", "active")
    '''),
    ("c3000000c003", "b2000000c002", "enum value outside a transaction", '''
        with op.get_context().autocommit_block():
            op.execute("ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'shipped'")
            op.execute("ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'void'")
        op.create_table("order_note",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("order_id", sa.BigInteger,
                      sa.ForeignKey("orders.id", ondelete="CASCADE")),
            sa.Column("body", sa.Text))
    ''', '''
        op.drop_table("order_note")
        # enum values cannot be dropped; Alembic projects leave them
    '''),
    ("d4000000c004", "c3000000c003", "seed data with bulk_insert", '''
        import datetime, decimal, uuid
        customer = sa.table("customer", sa.column("id", sa.Integer),
            sa.column("email", sa.String),
            sa.column("public_id", postgresql.UUID(as_uuid=True)),
            sa.column("created_at", sa.DateTime(timezone=True)),
            sa.column("tier", sa.String))
        op.bulk_insert(customer, [
            {"id": 1, "email": "ann@example.com",
             "public_id": uuid.UUID("0c8b1f0e-2c44-4d7c-9a3e-31f0a1d2b3c4"),
             "created_at": datetime.datetime(2021, 3, 4, 5, 6, 7,
                 tzinfo=datetime.timezone.utc), "tier": "gold"},
            {"id": 2, "email": "bob.o'neil@example.org",
             "public_id": uuid.UUID("1d9c2f1f-3d55-4e8d-8b4f-42f1b2e3c4d5"),
             "created_at": datetime.datetime(2022, 1, 1, 0, 0, 0,
                 tzinfo=datetime.timezone(datetime.timedelta(hours=5, minutes=30))),
             "tier": "basic"},
            {"id": 3, "email": "zoë@example.net",
             "public_id": uuid.UUID("2eaf3a2a-4e66-4f9e-9c5a-53a2c3f4d5e6"),
             "created_at": datetime.datetime(2023, 12, 31, 23, 59, 59, 999999,
                 tzinfo=datetime.timezone.utc), "tier": "basic"},
        ])
        orders = sa.table("orders", sa.column("id", sa.BigInteger),
            sa.column("customer_id", sa.Integer),
            sa.column("status", sa.String),
            sa.column("meta", postgresql.JSONB),
            sa.column("total", sa.Numeric),
            sa.column("placed_on", sa.Date))
        op.bulk_insert(orders, [
            {"id": i, "customer_id": 1 + i % 3,
             "status": ["paid", "shipped", "void"][i % 3],
             "meta": {"n": i, "tags": ["a", "b\\\\c", "d'e"], "ok": i % 2 == 0,
                      "nested": {"pct": "50%"}},
             "total": decimal.Decimal("%d.%02d" % (i * 3, i)),
             "placed_on": datetime.date(2024, 1 + i % 12, 1 + i % 28)}
            for i in range(1, 41)
        ])
        op.execute("SELECT setval('customer_id_seq', 3)")
        op.execute("SELECT setval('orders_id_seq', 40)")
    ''', '''
        op.execute("DELETE FROM customer")
    '''),
    ("e5000000c005", "d4000000c004", "batched email domain backfill", '''
        op.add_column("customer", sa.Column("email_domain", sa.String(100)))
        bind = op.get_bind()
        insp = sa.inspect(bind)
        cols = [c["name"] for c in insp.get_columns("customer")]
        assert "email_domain" in cols, cols
        fks = insp.get_foreign_keys("orders")
        assert fks and fks[0]["options"].get("ondelete") == "CASCADE", fks
        idx = {i["name"]: i for i in insp.get_indexes("orders")}
        assert "uq_orders_one_pending" in idx, idx
        customer = sa.table("customer", sa.column("id", sa.Integer),
                            sa.column("email", sa.String),
                            sa.column("email_domain", sa.String))
        while True:
            batch = bind.execute(
                sa.select(customer.c.id, customer.c.email)
                .where(customer.c.email_domain.is_(None))
                .order_by(customer.c.id).limit(2)).fetchall()
            if not batch:
                break
            for cid, email in batch:
                bind.execute(customer.update()
                             .where(customer.c.id == cid)
                             .values(email_domain=email.split("@", 1)[1]))
        res = bind.execute(sa.text(
            "UPDATE orders SET meta = meta || CAST(:extra AS jsonb) "
            "WHERE status = :st"),
            {"extra": '{"migrated": true, "note": "100% done"}', "st": "paid"})
        assert res.rowcount == 13, res.rowcount
        op.alter_column("customer", "email_domain", nullable=False)
    ''', '''
        op.drop_column("customer", "email_domain")
        op.execute("UPDATE orders SET meta = meta - 'migrated' - 'note'")
    '''),
    ("f6000000c006", "e5000000c005", "audit via helper module", '''
        shop_helpers.create_audit("orders")
        op.execute("UPDATE orders SET total = total + 1 WHERE id <= 5")
    ''', '''
        shop_helpers.drop_audit("orders")
        op.execute("UPDATE orders SET total = total - 1 WHERE id <= 5")
    ''', "import shop_helpers"),
    ("a7000000c007", "f6000000c006", "x arguments and typed round trip", '''
        from alembic import context
        x = context.get_x_argument(as_dictionary=True)
        n = int(x.get("seed_rows", "0"))
        op.create_table("seeded",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("label", sa.Text), sa.Column("typed", sa.Text))
        bind = op.get_bind()
        for i in range(n):
            bind.execute(sa.text("INSERT INTO seeded (id, label) VALUES (:i, :l)"),
                         {"i": i, "l": "row %d of %s" % (i, x.get("tag"))})
        row = bind.execute(sa.text(
            "SELECT 1::int2, 2::int8, 3.25::float8, 'NaN'::float8, 4.5::numeric, "
            "true, 'x'::char, 'abc'::varchar, '\\\\x00ff'::bytea, "
            "'2020-02-29'::date, '2020-02-29 12:34:56.5'::timestamp, "
            "'2020-02-29 12:34:56+05:30'::timestamptz, '12:00'::time, "
            "'1 day 02:03:04.5'::interval, '-3 days'::interval, "
            "'1 year 2 mons'::interval, '{\\"a\\": [1, null]}'::json, "
            "'[1, \\"two\\"]'::jsonb, "
            "'0c8b1f0e-2c44-4d7c-9a3e-31f0a1d2b3c4'::uuid, "
            "ARRAY['a', NULL, 'b c', 'd\\"e']::text[], ARRAY[[1,2],[3,4]], "
            "ARRAY['2020-01-01'::date], '{}'::int[], NULL::int, "
            "'pending'::order_status, '10.0.0.1'::inet, "
            "'infinity'::timestamp, 'infinity'::date, "
            "ARRAY['0c8b1f0e-2c44-4d7c-9a3e-31f0a1d2b3c4'::uuid]"
        )).fetchone()
        params = bind.execute(sa.text(
            "SELECT :s || '|' || :p, :n + 1, :b, CAST(:d AS date), :u, :arr"),
            {"s": "it's \\\\ back", "p": "50% %(x)s", "n": 41, "b": None,
             "d": "2021-06-01", "u": "x", "arr": [1, 2, 3]}).fetchone()
        row = tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
        bind.execute(sa.text("INSERT INTO seeded (id, label, typed) VALUES (-1, 'types', :t)"),
                     {"t": repr(row) + repr(tuple(params))})
    ''', '''
        op.drop_table("seeded")
    '''),
]

HELPERS = '''
"""Application helpers imported by a revision (via prepend_sys_path)."""
from alembic import op


def create_audit(table):
    op.execute("""
        CREATE TABLE %(t)s_audit (
            id bigserial PRIMARY KEY,
            row_id bigint NOT NULL,
            changed_at timestamptz NOT NULL DEFAULT now(),
            old jsonb
        )""" % {"t": table})
    op.execute("""
        CREATE FUNCTION %(t)s_audit_fn() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO %(t)s_audit (row_id, old, changed_at)
            VALUES (OLD.id, to_jsonb(OLD) - 'meta', '2000-01-01');
            RETURN NEW;
        END
        $$""" % {"t": table})
    op.execute("CREATE TRIGGER %(t)s_audit_tr AFTER UPDATE ON %(t)s "
               "FOR EACH ROW EXECUTE FUNCTION %(t)s_audit_fn()" % {"t": table})


def drop_audit(table):
    op.execute("DROP TRIGGER %(t)s_audit_tr ON %(t)s" % {"t": table})
    op.execute("DROP FUNCTION %(t)s_audit_fn()" % {"t": table})
    op.execute("DROP TABLE %(t)s_audit" % {"t": table})
'''


def write_shop(d):
    _skeleton(d)
    _w(os.path.join(d, "shop_helpers.py"), HELPERS)
    for item in SHOP:
        rev, down, msg, up, dn = item[:5]
        extra = item[5] if len(item) > 5 else ""
        _rev(d, rev, down, up, dn, msg, extra)


# ---------------------------------------------------------------------------
# The "mixed" project: .sql and .py revisions in one graph, with a branch,
# a merge and a depends_on across kinds.  write_mixed(d, as_py=True) writes
# the same project with every .sql revision as an equivalent .py revision
# (op.execute of the same statements), for Alembic.

MIXED = [
    # (rev, down, kind, labels, depends, up, down)
    ("m1000000aaa1", None, "sql", None, None,
     ["CREATE TABLE team (id serial PRIMARY KEY, name text NOT NULL UNIQUE)",
      "INSERT INTO team (name) VALUES ('core'), ('web')"],
     ["DROP TABLE team"]),
    ("m2000000aaa2", "m1000000aaa1", "py", None, None, '''
        op.create_table("member",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("team_id", sa.Integer,
                      sa.ForeignKey("team.id", ondelete="CASCADE")),
            sa.Column("login", sa.String(40), nullable=False))
        op.bulk_insert(sa.table("member", sa.column("team_id", sa.Integer),
                              sa.column("login", sa.String)),
            [{"team_id": 1, "login": "ann"}, {"team_id": 2, "login": "bob"}])
    ''', '''
        op.drop_table("member")
    '''),
    ("m3000000aaa3", "m2000000aaa2", "sql", ["feature"], None,
     ["ALTER TABLE member ADD COLUMN email text",
      "UPDATE member SET email = login || '@example.com'"],
     ["ALTER TABLE member DROP COLUMN email"]),
    ("m4000000aaa4", "m2000000aaa2", "py", None, ["m3000000aaa3"], '''
        bind = op.get_bind()
        emails = [r[0] for r in bind.execute(sa.text(
            "SELECT email FROM member ORDER BY id"))]
        op.create_table("mail_log", sa.Column("addr", sa.Text))
        op.bulk_insert(sa.table("mail_log", sa.column("addr")),
                       [{"addr": e} for e in emails])
    ''', '''
        op.drop_table("mail_log")
    '''),
    ("m5000000aaa5", ("m3000000aaa3", "m4000000aaa4"), "sql", None, None,
     ["CREATE INDEX member_login ON member (login)"],
     ["DROP INDEX member_login"]),
    ("m6000000aaa6", "m5000000aaa5", "py", None, None, '''
        op.alter_column("member", "login", new_column_name="handle")
        op.execute("UPDATE member SET handle = upper(handle)")
    ''', '''
        op.execute("UPDATE member SET handle = lower(handle)")
        op.alter_column("member", "handle", new_column_name="login")
    '''),
]


def _sql_rev(d, rev, down, labels, depends, up, dn):
    downs = down if isinstance(down, tuple) else ((down,) if down else ())
    head = ["-- revision: %s" % rev,
            "-- down_revision: %s" % ", ".join(downs)]
    if labels:
        head.append("-- branch_labels: %s" % ", ".join(labels))
    if depends:
        head.append("-- depends_on: %s" % ", ".join(depends))
    head.append("-- message: sql step")
    text = "\n".join(head) + "\n\n-- revgraph:upgrade\n"
    text += "".join(s + ";\n" for s in up)
    text += "\n-- revgraph:downgrade\n" + "".join(s + ";\n" for s in dn)
    with open(os.path.join(d, "versions", "%s_sql_step.sql" % rev), "w") as f:
        f.write(text)


def write_mixed(d, as_py=False):
    _skeleton(d)
    for rev, down, kind, labels, depends, up, dn in MIXED:
        if kind == "sql" and not as_py:
            _sql_rev(d, rev, down, labels, depends, up, dn)
            continue
        if kind == "sql":
            up = "\n".join("op.execute(%r)" % s for s in up)
            dn = "\n".join("op.execute(%r)" % s for s in dn)
        _rev(d, rev, down, up, dn, "step", labels=labels, depends=depends)


# ---------------------------------------------------------------------------
# Failure cases.

def write_failing(d):
    """r1 ok, r2 fails halfway in Python (after real DDL), r3 never runs."""
    _skeleton(d)
    _rev(d, "f1000000bad1", None, '''
        op.create_table("t1", sa.Column("id", sa.Integer, primary_key=True))
    ''', 'op.drop_table("t1")', "ok")
    _rev(d, "f2000000bad2", "f1000000bad1", '''
        op.create_table("t2", sa.Column("id", sa.Integer, primary_key=True))
        helper(0)
    ''', 'op.drop_table("t2")', "boom",
         extra_head="\n\ndef helper(n):\n    return 1 / n\n")


def write_autocommit_fail(d):
    """r2 commits an index in an autocommit_block(), then fails."""
    _skeleton(d)
    _rev(d, "a1000000bad1", None, '''
        op.create_table("t1", sa.Column("id", sa.Integer, primary_key=True))
    ''', 'op.drop_table("t1")', "ok")
    _rev(d, "a2000000bad2", "a1000000bad1", '''
        with op.get_context().autocommit_block():
            op.execute("CREATE INDEX CONCURRENTLY ix_t1 ON t1 (id)")
        op.create_table("t2", sa.Column("id", sa.Integer, primary_key=True))
        helper(0)
    ''', 'op.drop_table("t2")', "boom",
         extra_head="\n\ndef helper(n):\n    return 1 / n\n")


def write_copy(d):
    """COPY through the DBAPI connection: copy_from, copy_expert (in and
    out, text and bytes files, CSV), copy_to; what came out is stored."""
    _skeleton(d)
    _rev(d, "c1000000c0b1", None, '''
        op.create_table("people",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("name", sa.Text), sa.Column("note", sa.Text))
        op.create_table("copied", sa.Column("how", sa.Text, primary_key=True),
                        sa.Column("data", sa.Text))
    ''', '''
        op.drop_table("copied")
        op.drop_table("people")
    ''', "tables")
    _rev(d, "c2000000c0b2", "c1000000c0b1", '''
        import io
        cur = op.get_bind().connection.cursor()
        cur.copy_from(io.StringIO("1\\talice\\t\\\\N\\n2\\tbob\\tx y\\n"),
                      "people", columns=("id", "name", "note"))
        cur.copy_expert("COPY people FROM STDIN WITH (FORMAT csv)",
                        io.BytesIO(b'3,"carol, c",\\n4,dave,"q""uote"\\n'))
        cur.copy_from(io.StringIO("5|eve|\\n"), "people", sep="|", null="")
        out = io.StringIO()
        cur.copy_to(out, "people", columns=["id", "name"])
        raw = io.BytesIO()
        cur.copy_expert("COPY (SELECT id, note FROM people ORDER BY id) "
                        "TO STDOUT WITH (FORMAT csv, HEADER)", raw)
        op.get_bind().execute(
            sa.text("INSERT INTO copied VALUES ('copy_to', :a), "
                    "('copy_expert', :b)"),
            {"a": out.getvalue(), "b": raw.getvalue().decode()})
    ''', 'op.execute("DELETE FROM people"); op.execute("DELETE FROM copied")',
         "copy")


def write_cursor(d):
    """Server-side cursors: a named DBAPI cursor (fetchone, fetchmany,
    iteration in itersize batches, scroll, close) and SQLAlchemy's
    stream_results; what each saw is stored."""
    _skeleton(d)
    _rev(d, "e1000000cc01", None, '''
        op.create_table("seen", sa.Column("what", sa.Text, primary_key=True),
                        sa.Column("value", sa.Text))
    ''', 'op.drop_table("seen")', "table")
    _rev(d, "e2000000cc02", "e1000000cc01", '''
        conn = op.get_bind()
        open_cursors = sa.text("SELECT string_agg(name, ',' ORDER BY name) "
                               "FROM pg_cursors WHERE name LIKE 'big%'")
        cur = conn.connection.cursor(name="big one")
        cur.itersize = 7
        cur.execute("SELECT g, g * 2 AS h FROM generate_series(1, 50) g")
        no_desc = cur.description is None
        first = cur.fetchone()
        desc = [c.name for c in cur.description]
        declared = conn.execute(open_cursors).scalar()
        some = cur.fetchmany(10)
        cur.scroll(-3)
        again = cur.fetchone()
        rest = list(cur)
        cur.close()
        closed = conn.execute(open_cursors).scalar()
        res = conn.execution_options(stream_results=True,
                                     max_row_buffer=4).execute(
            sa.text("SELECT g, g::text AS t FROM generate_series(1, 30) g"))
        streamed = [(r.g, r.t) for r in res]
        values = {
            "no_desc": no_desc, "first": first, "desc": desc,
            "declared": declared, "some": some, "again": again,
            "rest_len": len(rest), "rest_sum": sum(r[0] for r in rest),
            "rowcount": cur.rowcount, "closed": closed,
            "streamed": sum(g for g, _ in streamed),
            "streamed_t": ",".join(t for _, t in streamed[:5]),
        }
        for k, v in sorted(values.items()):
            conn.execute(sa.text("INSERT INTO seen VALUES (:k, :v)"),
                         {"k": k, "v": repr(v)})
    ''', 'op.execute("DELETE FROM seen")', "cursors")


def write_sqlfail(d):
    """The second revision's SQL fails on the server."""
    _skeleton(d)
    _rev(d, "s1000000bad1", None, '''
        op.create_table("t1", sa.Column("id", sa.Integer, primary_key=True))
    ''', 'op.drop_table("t1")', "ok")
    _rev(d, "s2000000bad2", "s1000000bad1", '''
        op.add_column("t1", sa.Column("x", sa.Integer))
        op.execute("INSERT INTO nosuchtable VALUES (1)")
    ''', 'op.drop_column("t1", "x")', "sqlboom")


def write_bench(d, n):
    """n .py revisions in a chain: tables, columns, indexes, data."""
    _skeleton(d)
    prev = None
    for i in range(n):
        rev = "%012x" % (0xbe0000000000 + i)
        t = "bench_%d" % (i // 4)
        k = i % 4
        if k == 0:
            up = '''
                op.create_table(%r,
                    sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("name", sa.String(50), nullable=False),
                    sa.Column("data", postgresql.JSONB))
            ''' % t
            dn = 'op.drop_table(%r)' % t
        elif k == 1:
            up = '''
                op.add_column(%r, sa.Column("flag", sa.Boolean,
                              server_default=sa.false(), nullable=False))
                op.create_index("ix_%s_name", %r, ["name"])
            ''' % (t, t, t)
            dn = '''
                op.drop_index("ix_%s_name", table_name=%r)
                op.drop_column(%r, "flag")
            ''' % (t, t, t)
        elif k == 2:
            up = '''
                op.bulk_insert(sa.table(%r, sa.column("name", sa.String),
                                        sa.column("data", postgresql.JSONB)),
                    [{"name": "n%%d" %% j, "data": {"j": j}} for j in range(20)])
            ''' % t
            dn = 'op.execute("DELETE FROM %s")' % t
        else:
            up = '''
                bind = op.get_bind()
                for (i,) in bind.execute(sa.text("SELECT id FROM %s WHERE id %% 2 = 0")):
                    bind.execute(sa.text("UPDATE %s SET flag = true WHERE id = :i"), {"i": i})
            ''' % (t, t)
            dn = 'op.execute("UPDATE %s SET flag = false")' % t
        _rev(d, rev, prev, up, dn, "bench %d" % i)
        prev = rev

#!/usr/bin/python3
"""Run Alembic 1.8 commands in-process (fast: no interpreter start-up per
command), behaving like /work/shared/tools/alembic-sorted.

    import alembic_runner as ar
    ar.setup()                      # once per process, before anything else
    rc, out, err = ar.run(["-c", ini, "heads"], url=None)

rc is the CLI's exit status: 0, 255 for a command error (`FAILED: …` on
stdout), 2 for an argparse error, and 1 with the traceback in `err` when
Alembic crashes (ar.CRASH marks that case: `rc == 1 and ar.crashed(err)`).

Patches applied by setup(), both deliberate:
  * versions directories are listed in sorted order (exactly what
    alembic-sorted does, SPEC section 2 / ALEMBIC-SEMANTICS section 0.3);
  * a revision's normalized depends_on keep their declared order instead of
    Python set order, which is random per process when a revision has two or
    more dependencies (ALEMBIC-SEMANTICS section 0.3: revgraph uses declared
    order).  The set of dependencies is unchanged.
  * in a merge (unmerge) step taken while unrelated rows exist, the parents
    whose rows are DELETEd/UPDATEd (INSERTed/UPDATEd) keep their declared
    order instead of set order; the final row set is unchanged.
"""
import contextlib
import io
import os
import sys
import traceback

CRASH_MARK = "Traceback (most recent call last):"
_done = False


def setup():
    global _done
    if _done:
        return
    _done = True
    sys.dont_write_bytecode = True
    # Alembic computes its terminal width from fd 0 at import time; with a
    # terminal there, FAILED lines get indented and wrapped.
    if os.isatty(0):
        fd = os.open(os.devnull, os.O_RDONLY)
        os.dup2(fd, 0)
        os.close(fd)

    from alembic.script import base
    from alembic.script import revision

    listing = base.Script._list_py_dir.__func__

    def _sorted_listing(cls, scriptdir, path):
        return sorted(listing(cls, scriptdir, path))

    base.Script._list_py_dir = classmethod(_sorted_listing)

    orig = revision.RevisionMap._normalize_depends_on

    def _normalize_declared_order(self, revisions, map_):
        orig(self, revisions, map_)
        for r in revisions:
            norm = r._normalized_resolved_dependencies
            if len(norm) > 1:
                keep = set(norm)
                r._normalized_resolved_dependencies = tuple(
                    d for d in r._resolved_dependencies if d in keep)

    revision.RevisionMap._normalize_depends_on = _normalize_declared_order

    # Merge / unmerge steps while unrelated rows exist: Alembic builds the
    # rows to DELETE/UPDATE (INSERT/UPDATE) from a set difference, so which
    # physical row is updated is random per process (ALEMBIC-SEMANTICS 0.3,
    # 5.2).  Keep the parents' declared order instead; the resulting row set
    # is unchanged.
    from alembic.runtime import migration

    def merge_branch_idents(self, heads):
        other_heads = set(heads).difference(self.from_revisions)
        from_revisions = list(self.from_revisions)
        if other_heads:
            anc = set(r.revision for r in self.revision_map._get_ancestor_nodes(
                self.revision_map.get_revisions(other_heads), check=False))
            from_revisions = [r for r in from_revisions if r not in anc]
        return (list(from_revisions[0:-1]), from_revisions[-1],
                self.to_revisions[0])

    def _unmerge_to_revisions(self, heads):
        other_heads = set(heads).difference([self.revision.revision])
        if other_heads:
            anc = set(r.revision for r in self.revision_map._get_ancestor_nodes(
                self.revision_map.get_revisions(other_heads), check=False))
            return tuple(r for r in self.to_revisions if r not in anc)
        # Alembic 1.13.1's fix, which SPEC.md has revgraph follow: a parent
        # that is an ancestor of another parent (through depends_on) is not
        # brought back as a row of its own.
        anc = set(r.revision for t in self.to_revisions
                  for r in self.revision_map._get_ancestor_nodes(
                      self.revision_map.get_revisions(t), check=False)
                  if r.revision != t)
        return tuple(r for r in self.to_revisions if r not in anc)

    migration.RevisionStep.merge_branch_idents = merge_branch_idents
    migration.RevisionStep._unmerge_to_revisions = _unmerge_to_revisions


def crashed(rc, err):
    """Alembic itself crashed (KeyError, AssertionError...), as opposed to a
    command error (255) or a migration's SQL failing (a traceback ending in
    a sqlalchemy.exc.DBAPIError: revgraph exits 1 there too)."""
    if rc != 1 or CRASH_MARK not in err:
        return False
    return not sql_failed(rc, err)


def sql_failed(rc, err):
    if rc != 1 or CRASH_MARK not in err:
        return False
    tb = err[err.rfind(CRASH_MARK):]
    return any(ln.startswith(("sqlalchemy.exc.", "psycopg2."))
               for ln in tb.splitlines())


def run(argv, url=None):
    """Run `alembic ARGV`; return (exit status, stdout, stderr)."""
    setup()
    from alembic.config import CommandLine, Config

    out = io.StringIO()
    err = io.StringIO()
    cl = CommandLine(prog="alembic")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            options = cl.parser.parse_args(argv)
        except SystemExit as e:
            return (e.code if isinstance(e.code, int) else 2,
                    out.getvalue(), err.getvalue())
        if not hasattr(options, "cmd"):
            return 2, out.getvalue(), "too few arguments\n"
        cfg = Config(file_=options.config, ini_section=options.name,
                     cmd_opts=options, stdout=out)
        if url is not None:
            cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        rc = 0
        try:
            cl.run_cmd(cfg, options)
        except SystemExit as e:
            code = e.code
            if code is None:
                rc = 0
            elif isinstance(code, int):
                rc = code & 0xFF
            else:
                rc = 1
        except BaseException:  # an Alembic crash: the CLI exits 1
            err.write(traceback.format_exc())
            rc = 1
    return rc, out.getvalue(), err.getvalue()


if __name__ == "__main__":
    rc, o, e = run(sys.argv[1:])
    sys.stdout.write(o)
    sys.stderr.write(e)
    sys.exit(rc)

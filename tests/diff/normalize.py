#!/usr/bin/python3
"""Normalizations shared by the differential test, the shim and the goldens.

Alembic 1.8 prints some lists in Python set order, which is random per
process (ALEMBIC-SEMANTICS section 0.3); revgraph sorts them.  These
functions put Alembic's output into revgraph's order:

  sort_random_orders(text)  `Branches into:` and `Branch names:` lists, the
                            ` -> child` lines under a branch point, and the
                            label group `(l1, l2)` of a short form
  sort_lines(text)          all lines (`current`)
  drop_version_drop(text)   remove `DROP TABLE alembic_version;` + its blank
                            line (offline; revgraph follows Alembic 1.19)
  paths_to_stems(text)      `Path: /abs/dir/<stem>.py|.sql` -> `Path: <stem>`
  paths_to_placeholder(text, dirs)  absolute versions dirs -> `<versions>`
"""
import re

_MARKERS = {"head", "effective head", "current", "branchpoint", "mergepoint"}
_LABELS_RE = re.compile(r"^(\s*)(\S+) \(([^()]*)\)")
_PATH_RE = re.compile(r"^Path: (?:.*/)?([^/]*?)(?:\.py|\.sql)?$")


def _sort_label_group(s):
    m = _LABELS_RE.match(s)
    if not m or m.group(3) in _MARKERS or ", " not in m.group(3):
        return s
    labels = ", ".join(sorted(m.group(3).split(", ")))
    return "%s%s (%s)%s" % (m.group(1), m.group(2), labels, s[m.end():])


def _sort_line(line):
    for key in ("Branches into: ", "Branch names: "):
        if line.startswith(key):
            return key + ", ".join(sorted(line[len(key):].split(", ")))
    if line.startswith("    "):         # doc lines of a log entry
        stripped = line.lstrip(" ")
        if not stripped.startswith("-> "):
            return line
    if " -> " in line or line.lstrip(" ").startswith("-> "):
        # history line "<parents>[ (<deps>)] -> <short form>, doc" or a
        # branches child line "     -> <short form>": labels follow "-> "
        i = line.find("-> ")
        return line[:i + 3] + _sort_label_group(line[i + 3:])
    return _sort_label_group(line)


def sort_random_orders(text):
    lines = text.split("\n")
    lines = [_sort_line(ln) for ln in lines]
    out = []
    i = 0
    while i < len(lines):
        if re.match(r"^ +-> ", lines[i]):
            j = i
            while j < len(lines) and re.match(r"^ +-> ", lines[j]):
                j += 1
            out.extend(sorted(lines[i:j]))
            i = j
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)


def sort_lines(text):
    lines = [ln for ln in text.split("\n") if ln != ""]
    return "".join(ln + "\n" for ln in sorted(lines))


def drop_version_drop(text):
    return text.replace("DROP TABLE alembic_version;\n\n", "")


def paths_to_stems(text):
    out = []
    for ln in text.split("\n"):
        m = _PATH_RE.match(ln)
        out.append("Path: " + m.group(1) if m else ln)
    return "\n".join(out)


def paths_to_placeholder(text, dirs):
    for d in sorted(dirs, key=len, reverse=True):
        text = text.replace(d.rstrip("/") + "/", "<versions>/")
    return text


# Alembic command errors about the shape of the arguments rather than the
# revisions: revgraph may treat them as usage errors (exit 2, SPEC section 1)
# as well as exit 1.  Every other `FAILED:` must be exit 1.
USAGE_SHAPED = ("History range requires ", "Range revision not allowed",
                "downgrade with --sql requires ",
                "Stamp operation with --sql only supports ",
                "Can't use --purge with --sql mode")


def allowed_error_exits(alembic_stdout):
    """revgraph exit statuses acceptable where Alembic printed FAILED"""
    failed = [ln[8:] for ln in alembic_stdout.splitlines()
              if ln.startswith("FAILED: ")]
    if failed and failed[-1].startswith(USAGE_SHAPED):
        return (1, 2)
    return (1,)

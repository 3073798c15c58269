#!/usr/bin/env bash
# tests/golden/regen.sh - rebuild tests/projects/{LIN,BR,MRG,LAB,DEP}{,-sql}
# with Alembic (alembic-sorted init / revision --rev-id / merge; fixed
# Create Date lines) and re-record tests/golden/<project>/<n>.cmd|.out from
# Alembic's own output.  Never hand-edit the goldens; change golden.py's
# command lists and rerun this.  Takes about a minute.
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
exec /usr/bin/python3 "$here/golden.py" regen

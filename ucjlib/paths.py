"""Where the repository's own files are: one place for every path the package reads.

The package runs from a checkout (``pip install -e .``), so committed inputs
(``data/``) and generated stores (``shapefiles/``) sit beside it.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
DATA_DIR = REPO_ROOT / "data"
RULES_DIR = DATA_DIR / "rules"

"""Every path the project uses, built from one place (the repository root)."""

from __future__ import annotations

import os
import re
from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJ_ROOT / "seeds"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
FIGURES_DIR = PROJ_ROOT / "figures"
REPORTS_DIR = PROJ_ROOT / "reports"
DEFAULT_ARTICLE = SEEDS_DIR / "000_87a923203847aeeb.txt"
CACHE_DIR = Path(os.environ.get("ANALYSIS_CACHE_DIR", PROJ_ROOT / ".cache" / "analysis"))


def article_id(path: str | os.PathLike) -> str:
    """A file-system-safe id for an article: its file name without the extension."""
    stem = Path(path).stem
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") or "article"


def report_dir(path: str | os.PathLike) -> Path:
    """Where `make report ARTICLE=...` and the command line write an article's outputs."""
    return REPORTS_DIR / article_id(path)


def display_path(path: str | os.PathLike) -> str:
    """A path as shown to readers: relative to the project when inside it, else the file name."""
    resolved = Path(path).resolve()
    try:
        return str(resolved.relative_to(PROJ_ROOT))
    except ValueError:
        return resolved.name


def from_root(path: str | os.PathLike | None, default: Path) -> Path:
    """A notebook parameter as a path: relative paths count from the project root; None -> default."""
    if path is None or str(path) == "":
        return default
    path = Path(path)
    return path if path.is_absolute() else PROJ_ROOT / path

"""The offline site as one zip file: deterministic, its index.html at the root, to open from disk."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from .build import build_date
from .errors import Problem, ReferentialError

# Zip dates start in 1980; a pinned SOURCE_DATE_EPOCH gives the same bytes at every build.
_EARLIEST = (1980, 1, 1, 0, 0, 0)
# Of no use from disk: the 404 page's links are absolute (for a web server), and the search reads
# search_index.js there, not the JSON index.
LEFT_OUT = {"404.html", "search/search_index.json"}


def _timestamp() -> tuple[int, int, int, int, int, int]:
    day = build_date()
    return max((day.year, day.month, day.day, 0, 0, 0), _EARLIEST)


def write_zip(site: Path, target: Path) -> int:
    """Write every file of a built site into a zip, sorted and dated alike; return how many files it holds."""
    if not (site / "index.html").is_file():
        raise ReferentialError(
            [
                Problem(
                    str(site),
                    1,
                    "",
                    "un site construit, avec son index.html",
                    "un dossier sans index.html",
                    "construire d’abord le site hors ligne : « make offline » fait les deux étapes.",
                )
            ]
        )
    files = sorted(p for p in site.rglob("*") if p.is_file() and p.relative_to(site).as_posix() not in LEFT_OUT)
    stamp = _timestamp()
    partial = target.with_name(target.name + ".partiel")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(site).as_posix(), date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    os.replace(partial, target)
    return len(files)

"""A cache of rendered pages, so that a build whose inputs did not change skips loading and rendering."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent


def folder(project: Path) -> Path:
    """Return the cache folder of a site project (the folder of its mkdocs.yml): the pages' JSON, and pdf/."""
    return project / ".cache" / "referentiel"


def pdf_folder(project: Path) -> Path:
    """Return where a site project keeps its PDFs between builds (see pdfs.render_pdfs)."""
    return folder(project) / "pdf"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def cache_key(referential: Path, today: date, *more: Path, site_url: str = "", pdf: bool = True) -> str:
    """Digest everything the pages depend on: the YAML files, the generator's code, templates and data, the day."""
    digest = hashlib.sha256(f"{today.isoformat()}\0{site_url}\0{pdf}".encode())
    for package in ("jinja2", "pydantic", "pyyaml", "markupsafe", "openpyxl"):
        digest.update(f"{package}={_version(package)}".encode())
    inputs = [p for folder in (referential, *more) for p in sorted(folder.glob("*.y*ml"))]
    sources = inputs + sorted(
        p
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix in (".py", ".j2", ".json", ".yaml", ".css", ".js", ".ttf")
    )
    for path in sources:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def read(folder: Path, key: str) -> dict[str, Any] | None:
    """Return the cached pages (text or bytes) and navigation for this key, if any."""
    try:
        data = json.loads((folder / f"pages-{key}.json").read_text("utf-8"))
        if not (isinstance(data, dict) and {"pages", "nav"} <= data.keys()):
            return None
        data["pages"] = {
            path: base64.b64decode(value["base64"]) if isinstance(value, dict) else value
            for path, value in data["pages"].items()
        }
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return data


def write(folder: Path, key: str, data: dict[str, Any]) -> None:
    """Store pages and navigation under this key, replacing older entries; failures are harmless."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("pages-*.json"):
            old.unlink(missing_ok=True)
        handle, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        pages = {
            path: {"base64": base64.b64encode(value).decode()} if isinstance(value, bytes) else value
            for path, value in data["pages"].items()
        }
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({**data, "pages": pages}, out, ensure_ascii=False)
        os.replace(tmp, folder / f"pages-{key}.json")
    except OSError:
        pass

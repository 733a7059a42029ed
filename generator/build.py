"""Write the core's pages to a folder for any engine, safely."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from .errors import Problem, ReferentialError

MANIFEST = ".genere-par-referentiel"


def build_date() -> date:
    """Return the day the site describes: SOURCE_DATE_EPOCH if set, so that builds are reproducible, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def write_pages(pages: dict[str, str | bytes], out: Path, engine_output: tuple[str, ...] = ()) -> None:
    """Replace a folder's content by the pages, refusing a folder that holds files this tool did not write.

    Files under `engine_output` (what an engine built from an earlier project) are replaced too.
    """
    if out.exists():
        if not out.is_dir():
            raise ReferentialError(
                [Problem(str(out), 1, "", "un dossier", "un fichier", "choisir un autre chemin pour --out.")]
            )
        existing = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
        manifest = out / MANIFEST
        known = set(manifest.read_text("utf-8").split("\n")) if manifest.is_file() else set()
        foreign = sorted(
            p for p in existing - known - {MANIFEST} if not (manifest.is_file() and p.startswith(engine_output))
        )
        if foreign:
            raise ReferentialError(
                [
                    Problem(
                        str(out),
                        1,
                        "",
                        "un dossier vide ou écrit par cette commande",
                        f"{len(foreign)} fichier(s) qu’elle n’a pas écrits, dont {foreign[0]}",
                        "choisir un dossier vide : la commande remplace tout le contenu du dossier.",
                    )
                ]
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".construction-", dir=out.parent))
    try:
        for path, content in pages.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        (staging / MANIFEST).write_text("\n".join(sorted(pages)) + "\n", encoding="utf-8")
        if out.exists():
            old = out.with_name(out.name + ".ancien")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
            staging.rename(out)
            shutil.rmtree(old)
        else:
            staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)

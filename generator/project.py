"""A ready-to-build project for an engine that runs no MkDocs plugin (Zensical): configuration, pages, navigation."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, ReferentialError

# What the engine writes inside the project: replaced, not refused, when the project is written again.
ENGINE_OUTPUT = ("site/", ".cache/")
HEADER = (
    "# Écrit par « python -m generator build --project » : ne pas modifier ici.\n"
    "# Tout vient de {config} (hérité), des fichiers YAML du référentiel et de {docs}/.\n"
)


def _hand_written(docs: Path) -> dict[str, bytes]:
    if not docs.is_dir():
        return {}
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def _relative(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()


def engine_project(
    config_file: Path, out: Path, pages: dict[str, str | bytes], nav: list[Any], settings: dict[str, Any]
) -> dict[str, str | bytes]:
    """Return the files of a project that builds the site without the plugin: `zensical build -f OUT/mkdocs.yml`.

    The project's configuration inherits the repository's (INHERIT), so that its settings, site_url first,
    stay in one place; it adds the pages' folder, the theme overrides and the navigation the plugin would set.
    """
    base = config_file.parent
    docs = base / str(settings.get("docs_dir") or "docs")
    written = _hand_written(docs)
    for path in pages:
        if path in written:
            raise ReferentialError(
                [
                    Problem(
                        f"{docs.name}/{path}",
                        1,
                        "",
                        "une page écrite à la main qui ne porte pas le nom d’une page générée",
                        f"{docs.name}/{path}, page générée depuis le référentiel",
                        f"renommer ou supprimer {docs.name}/{path}.",
                    )
                ]
            )
    files: dict[str, str | bytes] = {f"docs/{p}": c for p, c in written.items()}
    files.update({f"docs/{p}": c for p, c in pages.items()})
    config: dict[str, Any] = {"INHERIT": _relative(config_file, out), "docs_dir": "docs", "site_dir": "site"}
    theme = settings.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    if custom_dir:
        config["theme"] = {"custom_dir": _relative(base / str(custom_dir), out)}
    if not settings.get("nav"):
        pages_written = sorted(p for p in written if p.endswith(".md") and p not in pages)
        config["nav"] = [*nav, *pages_written]
    header = HEADER.format(config=_relative(config_file, out), docs=_relative(docs, out))
    files["mkdocs.yml"] = header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=10_000)
    return files

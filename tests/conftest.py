"""Shared fixtures: the repository's referential, its rendered pages, a real build and a real browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator import load_referential, render_site
from generator.load import Referential

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FICHE = SHARED / "source" / "rncp-21806-fiche.txt"
TODAY = date(2026, 11, 24)
SITE_URL = "https://example.github.io/referentiel-rncp/"  # mkdocs.yml's, when SITE_URL is not set
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ENV = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "OFFLINE")}
ENV.update({"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795478400"})  # 2026-11-24


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite tests/goldens from the current output")


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(scope="session")
def referential() -> Referential:
    return load_referential(ROOT / "referential", ROOT, curricula=ROOT / "curricula")


@pytest.fixture(scope="session")
def site_files(referential: Referential) -> dict[str, str | bytes]:
    """Everything the core renders, PDFs and open data included."""
    return render_site(referential, today=TODAY, site_url=SITE_URL)


@pytest.fixture(scope="session")
def pages(site_files: dict[str, str | bytes]) -> dict[str, str]:
    """The Markdown pages the core renders."""
    return {path: content for path, content in site_files.items() if path.endswith(".md") and isinstance(content, str)}


def mkdocs_build(project: Path, site: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a real strict MkDocs build of a project folder, with extra environment variables if given."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env={**ENV, **env},
        cwd=project,
        timeout=300,
    )


def copy_project(target: Path) -> Path:
    """Copy the site's sources (config, referential, docs, theme) to a scratch folder."""
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "referential", "curricula", "docs", "overrides"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name)
        else:
            shutil.copy2(src, target / name)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the repository's site once, for real, with --strict."""
    site = tmp_path_factory.mktemp("build") / "site"
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright. A missing browser fails: `make test` installs it."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (make test does it)")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def served_site(built_site: Path) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    """The built site served under a GitHub Pages-like sub-path."""
    from tests.webserver import serve

    with serve(built_site) as served:
        yield served

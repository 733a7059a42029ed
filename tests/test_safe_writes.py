"""Safe writes: outputs never land among the sources, and a failed build leaves the previous output as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import write_pages
from tests.conftest import ENV, ROOT, copy_project


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def generator(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=project, env=ENV
    )


@pytest.mark.parametrize(
    ("out", "found"),
    [
        ("docs", "docs/ lui-même"),
        ("docs/pages", "un dossier à l’intérieur de docs/"),
        ("referential", "le dossier du référentiel lui-même"),
        (".", "un dossier qui contient docs/"),
    ],
)
def test_build_out_never_writes_among_the_sources(tmp_path: Path, out: str, found: str) -> None:
    project = copy_project(tmp_path / "project")
    before = tree(project)
    result = generator(project, "build", "--out", out)
    assert result.returncode == 1
    assert f"attendu un dossier de sortie à part, hors des sources du site, trouvé {found}." in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(project) == before


def test_a_write_that_fails_halfway_leaves_the_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    write_pages({"index.md": "# Avant\n", "blocs/index.md": "# Blocs\n"}, out)
    before = tree(out)
    with pytest.raises(OSError):
        # The second page needs a folder where the first one is a file: the write fails in the middle.
        write_pages({"a.md": "un", "a.md/b.md": "deux"}, out)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages"]  # no staging folder left behind


def make_site(project: Path) -> subprocess.CompletedProcess[str]:
    """Run the project's own `make site` in a copy, with the repository's virtual environment."""
    return subprocess.run(
        ["make", "-C", str(project), "-o", ".venv/.site", "-o", ".venv/bin/python", "site"],
        capture_output=True,
        text=True,
        env={k: v for k, v in ENV.items() if k not in ("MAKEFLAGS", "MFLAGS")},
        timeout=300,
    )


@pytest.fixture
def project_with_site(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    project = copy_project(tmp_path / "project")
    shutil.copy2(ROOT / "Makefile", project / "Makefile")
    os.symlink(ROOT / ".venv", project / ".venv")
    first = make_site(project)
    assert first.returncode == 0, first.stdout + first.stderr
    assert (project / "site" / "index.html").is_file()
    return project, tree(project / "site")


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        # Found while loading the referential, before MkDocs writes anything.
        ("referential/rncp-21806.yaml", "capacities: [C5, C6]", "capacities: [C5, C9]", "trouvé « C9 »"),
        # Found by MkDocs' --strict after it has written every page: only the staging folder saves the old site.
        ("docs/a-propos.md", "# ", "[lien cassé](page-absente.md)\n\n# ", "page-absente.md"),
    ],
)
def test_a_failed_make_site_leaves_the_previous_site_untouched(
    project_with_site: tuple[Path, dict[str, bytes]], file: str, old: str, new: str, message: str
) -> None:
    project, before = project_with_site
    target = project / file
    text = target.read_text("utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), "utf-8")
    result = make_site(project)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert tree(project / "site") == before


def test_no_build_writes_into_docs(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    shutil.copy2(ROOT / "Makefile", project / "Makefile")
    os.symlink(ROOT / ".venv", project / ".venv")
    docs = tree(project / "docs")
    listing = sorted(p.relative_to(project).as_posix() for p in (project / "docs").rglob("*"))
    assert make_site(project).returncode == 0
    assert generator(project, "build", "--out", "build/pages").returncode == 0
    assert generator(project, "links", "site", "--report", "build/liens-externes.md").returncode == 0
    assert tree(project / "docs") == docs
    assert sorted(p.relative_to(project).as_posix() for p in (project / "docs").rglob("*")) == listing

"""Reproducible builds: two builds of the same sources are byte-identical, wherever and whenever they run."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ENV, ROOT, copy_project


def build(project: Path, site: Path, **env: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env={**ENV, **env},
        cwd=project,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    """Say which files differ between two builds, with the first differing lines of each."""
    found = [f"{name} : dans une seule des deux constructions" for name in sorted(first.keys() ^ second.keys())]
    for name in sorted(first.keys() & second.keys()):
        if first[name] != second[name]:
            a = first[name].decode("utf-8", "replace").splitlines()
            b = second[name].decode("utf-8", "replace").splitlines()
            diff = [line for line in difflib.unified_diff(a, b, lineterm="", n=0) if line[:1] in "+-"][2:6]
            found.append(f"{name} : " + " | ".join(line[:160] for line in diff))
    return found


def test_two_builds_of_the_same_sources_are_byte_identical(tmp_path: Path) -> None:
    first = copy_project(tmp_path / "un")
    second = copy_project(tmp_path / "ailleurs" / "deux")
    build(first, tmp_path / "site-1", PYTHONHASHSEED="1", TZ="UTC", LC_ALL="C.UTF-8")
    build(second, tmp_path / "site-2", PYTHONHASHSEED="2", TZ="Pacific/Kiritimati", LC_ALL="C")
    build(second, tmp_path / "site-3", PYTHONHASHSEED="3", TZ="America/Adak")  # served from the page cache
    one, two, three = (tree(tmp_path / f"site-{n}") for n in (1, 2, 3))
    assert len(one) > 40
    assert not differences(one, two), "\n".join(differences(one, two))
    assert not differences(one, three), "\n".join(differences(one, three))


def test_two_page_exports_are_byte_identical(tmp_path: Path) -> None:
    outputs = []
    for n, seed in enumerate(("4", "5")):
        out = tmp_path / f"pages-{n}"
        result = subprocess.run(
            [sys.executable, "-m", "generator", "build", "--out", str(out)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**ENV, "PYTHONHASHSEED": seed},
        )
        assert result.returncode == 0, result.stderr
        outputs.append(tree(out))
    assert not differences(*outputs)


def test_the_gate_catches_a_timestamp_in_the_output(tmp_path: Path) -> None:
    """A planted defect: a hook that stamps each page with the time of the build."""
    project = copy_project(tmp_path / "project")
    (project / "horodatage.py").write_text(
        "import datetime\n\n\ndef on_page_markdown(markdown, **kwargs):\n"
        "    return markdown + '\\n\\nConstruit le ' + datetime.datetime.now().isoformat()\n",
        "utf-8",
    )
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nhooks:\n  - horodatage.py\n", "utf-8")
    build(project, tmp_path / "site-1")
    shutil.rmtree(project / ".cache", ignore_errors=True)
    build(project, tmp_path / "site-2")
    found = differences(tree(tmp_path / "site-1"), tree(tmp_path / "site-2"))
    assert "index.html" in {line.split(" : ")[0] for line in found}
    assert any("Construit le" in line for line in found), found


def test_make_dates_the_site_from_the_last_commit_unless_told_otherwise() -> None:
    show = ["make", "-s", "-C", str(ROOT), "--eval", 'date-du-site: ; @echo "$$SOURCE_DATE_EPOCH"', "date-du-site"]
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "MAKEFLAGS", "MFLAGS")}
    commit = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True, text=True)
    assert commit.returncode == 0 and commit.stdout.strip().isdigit(), "the tests run in a git checkout"
    assert subprocess.run(show, capture_output=True, text=True, env=env).stdout.strip() == commit.stdout.strip()
    told = subprocess.run(show, capture_output=True, text=True, env={**env, "SOURCE_DATE_EPOCH": "1700000000"})
    assert told.stdout.strip() == "1700000000"

"""The command line: check, build --out for other engines, schemas, the ROME extract."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import load_referential, render_site
from generator.build import MANIFEST
from tests.conftest import ENV, ROOT, SHARED, SITE_URL, TODAY


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd, env=ENV)


def test_check_accepts_the_repository_referential() -> None:
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert "referential/rncp-21806.yaml : RNCP21806, 6 capacités, 2 blocs : valide." in result.stdout
    assert "Glossaire : 23 termes : valide." in result.stdout


def test_check_reports_errors_without_a_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "referential"
    shutil.copytree(ROOT / "referential", folder)
    target = folder / "rncp-21806.yaml"
    target.write_text(target.read_text("utf-8").replace("ends_on: 2020-01-30", "ends_on: 2020-13-01"), "utf-8")
    result = run("check", "--referential", str(folder), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("referential/rncp-21806.yaml:")
    assert "registration.ends_on : attendu une date réelle au format AAAA-MM-JJ" in result.stderr
    assert "1 erreur dans le référentiel" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_build_writes_the_pages_the_core_renders(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    result = run("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    referential = load_referential(ROOT / "referential", ROOT, curricula=ROOT / "curricula")
    expected = render_site(referential, today=TODAY, site_url=SITE_URL)
    written = {
        path: (out / path).read_bytes() if isinstance(expected.get(path), bytes) else (out / path).read_bytes().decode()
        for path in (p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != MANIFEST)
    }
    assert written == expected
    assert any(path.endswith(".pdf") for path in written)
    assert (out / MANIFEST).is_file()
    again = run("build", "--out", str(out))
    assert again.returncode == 0, again.stderr


def test_build_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "notes.md").write_text("à garder", "utf-8")
    result = run("build", "--out", str(out))
    assert result.returncode == 1
    assert "un dossier vide ou écrit par cette commande" in result.stderr and "notes.md" in result.stderr
    assert (out / "notes.md").read_text("utf-8") == "à garder"
    assert sorted(p.name for p in out.iterdir()) == ["notes.md"]


def test_failed_build_leaves_previous_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    assert run("build", "--out", str(out)).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    folder = tmp_path / "referential"
    shutil.copytree(ROOT / "referential", folder)
    (folder / "rncp-21806.yaml").write_text("identity: [", "utf-8")
    result = run("build", "--out", str(out), "--referential", str(folder))
    assert result.returncode == 1 and "attendu du YAML bien formé" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_shipped_schemas_are_up_to_date() -> None:
    result = run("schema", "--check")
    assert result.returncode == 0, result.stderr


def test_rome_extract_is_reproducible_from_the_open_data(tmp_path: Path) -> None:
    csv = SHARED / "samples" / "rome-4.0"
    if not csv.is_dir():
        pytest.fail(f"{csv} is missing: ../shared must sit beside the checkout")
    output = tmp_path / "rome.json"
    result = run("rome-extract", str(csv), "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert output.read_text("utf-8") == (ROOT / "generator" / "data" / "rome-4.0.json").read_text("utf-8")
    data = json.loads(output.read_text("utf-8"))
    assert data["codes"]["H1203"]["label"] == "Dessinateur-projeteur / Dessinatrice-projeteuse en mécanique"
    assert sorted(data["details"]) == ["H1203", "H1235", "H1238"]
    assert not any("''" in line for d in data["details"].values() for line in d["definition"])

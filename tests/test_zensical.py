"""The way forward after Material for MkDocs: build --project, then a real `zensical build`, gives the same pages."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ENV, ROOT

ZENSICAL = Path(sys.executable).parent / "zensical"


def article_text(path: Path) -> str:
    soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article is not None, path
    for anchor in article.select(".headerlink"):
        anchor.decompose()
    return " ".join(article.get_text(" ").split())


def generator(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, env=ENV, cwd=cwd)


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not ZENSICAL.exists():
        pytest.fail(f"{ZENSICAL} is missing: make test installs zensical (requirements-test.txt)")
    out = tmp_path_factory.mktemp("zensical") / "projet"
    result = generator("build", "--project", "--out", str(out))
    assert result.returncode == 0, result.stderr
    built = subprocess.run(
        [str(ZENSICAL), "build", "-f", str(out / "mkdocs.yml")], capture_output=True, text=True, env=ENV, timeout=300
    )
    assert built.returncode == 0, built.stdout + built.stderr
    return out / "site"


def test_zensical_builds_the_same_pages_with_the_same_text(
    zensical_site: Path, built_site: Path, pages: dict[str, str]
) -> None:
    ours = sorted(p.relative_to(zensical_site).as_posix() for p in zensical_site.rglob("index.html"))
    theirs = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("index.html"))
    assert ours == theirs and len(ours) == len(pages) + len(list((ROOT / "docs").rglob("*.md")))
    for path in ours:
        assert article_text(zensical_site / path) == article_text(built_site / path), path


def test_zensical_publishes_the_same_files_and_structured_data(
    zensical_site: Path, built_site: Path, site_files: dict[str, str | bytes]
) -> None:
    files = sorted(
        p.relative_to(built_site) for p in (built_site / "donnees").rglob("*") if p.suffix in (".json", ".csv")
    )
    assert len(files) == len([p for p in site_files if p.startswith("donnees/") and p.endswith((".json", ".csv"))])
    for path in files:
        assert (zensical_site / path).read_bytes() == (built_site / path).read_bytes(), path
    for page in ("index.html", "blocs/rncp21806bc01/index.html"):
        ours = BeautifulSoup((zensical_site / page).read_text("utf-8"), "html.parser")
        theirs = BeautifulSoup((built_site / page).read_text("utf-8"), "html.parser")
        (a,) = ours.find_all("script", type="application/ld+json")
        (b,) = theirs.find_all("script", type="application/ld+json")
        assert json.loads(a.string) == json.loads(b.string)
    assert "Accueil" in (zensical_site / "index.html").read_text("utf-8")  # the navigation the plugin would set


def test_zensical_escapes_the_structured_data_too(tmp_path: Path) -> None:
    folder = tmp_path / "referential"
    shutil.copytree(ROOT / "referential", folder)
    yaml_file = folder / "rncp-21806.yaml"
    payload = "</script><script>alert(1)</script>"
    yaml_file.write_text(
        yaml_file.read_text("utf-8").replace(
            "    label: Rechercher des solutions techniques répondant au besoin fonctionnel.", f"    label: '{payload}'"
        ),
        "utf-8",
    )
    out = tmp_path / "projet"
    result = generator("build", "--project", "--referential", str(folder), "--out", str(out))
    assert result.returncode == 0, result.stderr
    built = subprocess.run(
        [str(ZENSICAL), "build", "-f", str(out / "mkdocs.yml")], capture_output=True, text=True, env=ENV
    )
    assert built.returncode == 0, built.stdout + built.stderr
    html = (out / "site" / "index.html").read_text("utf-8")
    assert "</script><script>alert(1)" not in html
    (data,) = [
        json.loads(s.string) for s in BeautifulSoup(html, "html.parser").find_all("script", type="application/ld+json")
    ]
    assert payload in [t["name"] for t in data["competencyRequired"]]


def test_a_hand_written_page_may_not_hide_a_generated_one_in_the_project(tmp_path: Path) -> None:
    project = tmp_path / "depot"
    project.mkdir()
    for name in ("mkdocs.yml", "referential", "docs", "overrides"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / name)  # type: ignore[operator]
    (project / "docs" / "glossaire.md").write_text("# Autre glossaire\n", "utf-8")
    result = generator("build", "--project", "--out", str(tmp_path / "projet"), cwd=project)
    assert result.returncode == 1
    assert "docs/glossaire.md" in result.stderr and "renommer ou supprimer docs/glossaire.md" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.browser
def test_the_self_assessment_grid_works_in_the_zensical_site(browser: Any, zensical_site: Path) -> None:
    from tests.webserver import serve

    with serve(zensical_site) as (base, _):
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "autoevaluation/rncp21806bc01/")
        page.wait_for_selector(".grille-outils:not([hidden])")
        answer = page.get_by_role("group", name="C1, Candidat ou candidate").get_by_role("radio", name="En autonomie")
        answer.check()
        page.reload()
        page.wait_for_selector(".grille-outils:not([hidden])")
        assert answer.is_checked()
        page.close()
    assert errors == []


def test_the_project_can_be_written_again_over_its_own_build(zensical_site: Path) -> None:
    out = zensical_site.parent
    assert (out / "site").is_dir() and (out / ".cache").is_dir()
    again = generator("build", "--project", "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert (out / "mkdocs.yml").read_text("utf-8").startswith("# Écrit par « python -m generator build --project »")

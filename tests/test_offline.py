"""The offline zip: opened from disk (file://) with no network, navigation, search and downloads work."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ENV, ROOT, mkdocs_build
from tests.test_browser import search


def build_offline(site: Path) -> None:
    result = mkdocs_build(ROOT, site, OFFLINE="true")
    assert result.returncode == 0, result.stderr


def make_zip(site: Path, target: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "zip", str(site), str(target)], capture_output=True, text=True, env=ENV
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline site as a person gets it: built, zipped, then unzipped elsewhere."""
    work = tmp_path_factory.mktemp("offline")
    build_offline(work / "site")
    make_zip(work / "site", work / "referentiel-hors-ligne.zip")
    target = work / "sur-le-portable"
    with zipfile.ZipFile(work / "referentiel-hors-ligne.zip") as archive:
        archive.extractall(target)
    return target


def test_the_zip_is_reproducible_and_opens_at_index_html(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_offline(site)
    make_zip(site, tmp_path / "a.zip")
    make_zip(site, tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        names = archive.namelist()
    assert "index.html" in names and "search/search_index.js" in names
    assert "assets/javascripts/iframe-worker.js" in names and "donnees/rncp21806-case.json" in names
    refused = subprocess.run(
        [sys.executable, "-m", "generator", "zip", str(tmp_path), str(tmp_path / "c.zip")],
        capture_output=True,
        text=True,
        env=ENV,
    )
    assert refused.returncode == 1 and "index.html" in refused.stderr and "Traceback" not in refused.stderr


def test_every_link_of_the_offline_site_reaches_a_file_on_disk(unzipped: Path, pages: dict[str, str]) -> None:
    written = sorted((ROOT / "docs").rglob("*.md"))
    html = sorted(unzipped.rglob("*.html"))
    assert len(html) == len(pages) + len(written), "one HTML file per generated or hand-written page"
    for page in html:
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for element in soup.find_all(tag):
                value = element.get(attr)
                if not value or value.startswith(("#", "mailto:", "javascript:")) or urlsplit(value).scheme:
                    assert not (tag in ("script", "link") and urlsplit(value or "").scheme in ("http", "https")) or (
                        element.get("rel") == ["canonical"]
                    ), f"{page}: <{tag} {attr}={value}>"
                    continue
                target = (page.parent / unquote(urlsplit(value).path)).resolve()
                # A link to a folder would show a file listing from disk, not a page.
                assert target.is_file(), f"{page.relative_to(unzipped)}: {value}"


@pytest.mark.browser
def test_navigation_search_and_downloads_work_from_disk(browser: Any, unzipped: Path) -> None:
    context = browser.new_context(offline=True)
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((unzipped / "index.html").as_uri())
    page.locator("article").get_by_role("link", name="2 blocs de compétences").click()
    page.wait_for_load_state()
    assert page.url.endswith("/blocs/index.html")
    page.locator("article a", has_text="Bloc 2").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/blocs/rncp21806bc02.html")
    assert "La conduite d'une étude" in page.locator("h1").inner_text()

    titles = search(page, "modélisateurs")
    assert "Concepteur modélisateur numérique de produits ou de systèmes mécaniques" in titles
    titles = search(page, "validation des acquis")
    assert "Validation des acquis de l’expérience (VAE)" in titles[:8]
    page.locator(".md-search-result__link").first.click()
    page.wait_for_load_state()
    assert page.url.startswith("file://") and ".html" in page.url

    page.goto((unzipped / "donnees" / "index.html").as_uri())
    links = page.eval_on_selector_all(
        "article a[href$='.csv'], article a[href$='.json']", "els => els.map(a => a.href)"
    )
    assert len(links) >= 10
    assert all(Path(unquote(urlsplit(u).path)).is_file() for u in links)

    # The self-assessment grid keeps its answers from one page opened from disk to the next.
    grid = (unzipped / "autoevaluation" / "rncp21806bc01.html").as_uri()
    page.goto(grid)
    page.wait_for_selector(".grille-outils:not([hidden])")
    answer = page.get_by_role("group", name="C1, Candidat ou candidate").get_by_role("radio", name="En autonomie")
    answer.check()
    page.goto((unzipped / "autoevaluation" / "index.html").as_uri())
    page.goto(grid)
    page.wait_for_selector(".grille-outils:not([hidden])")
    assert answer.is_checked()
    pdf = page.eval_on_selector("article a[href$='.pdf']", "a => a.href")
    assert Path(unquote(urlsplit(pdf).path)).read_bytes().startswith(b"%PDF")
    context.close()
    assert errors == [], errors
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:", "about:"))] == []


def test_the_paths_forms_keep_what_is_typed_from_disk(browser: Any, unzipped: Path) -> None:
    context = browser.new_context(offline=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    dossier = (unzipped / "parcours" / "candidat" / "dossier-de-preuves.html").as_uri()
    page.goto(dossier)
    page.wait_for_selector(".formulaire-outils:not([hidden])")
    page.get_by_role("textbox", name="Ce que j’ai fait (C4)").fill("Maquette numérique du bâti")
    page.goto((unzipped / "index.html").as_uri())
    page.goto(dossier)
    page.wait_for_selector(".formulaire-outils:not([hidden])")
    assert page.get_by_role("textbox", name="Ce que j’ai fait (C4)").input_value() == "Maquette numérique du bâti"
    context.close()
    assert errors == [], errors

"""Links: every internal link, anchor and asset resolves with the site served under a sub-path, like GitHub Pages;
links to other sites are listed in a report, never fetched."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.linkcheck import check_site, folder_fetch, http_fetch, site_files
from tests.conftest import ENV, ROOT, SITE_URL, copy_project, mkdocs_build
from tests.webserver import serve

SUB_PATH = urlsplit(SITE_URL).path


def test_every_internal_link_anchor_and_asset_resolves_under_the_sub_path(
    built_site: Path, served_site: tuple[str, list[tuple[str, int]]], tmp_path: Path
) -> None:
    base, log = served_site
    assert urlsplit(base).path == SUB_PATH
    report = check_site(site_files(built_site), http_fetch, base, site_url=SITE_URL)
    assert not report.broken, "\n".join(map(str, report.broken))
    assert report.checked > 500  # links, anchors, style sheets, scripts, images, sitemap, search index
    served = {path for path, _ in log}
    assert f"{SUB_PATH}search/search_index.json" in served and f"{SUB_PATH}sitemap.xml" in served
    # Links to other sites are listed, with the pages that hold them, and never fetched.
    assert "https://www.francecompetences.fr/recherche/rncp/21806/" in report.external
    assert "index.html" in report.external["https://www.francecompetences.fr/recherche/rncp/21806/"]
    assert not [url for url in report.external if url.startswith(SITE_URL)]
    listing = report.markdown()
    assert listing.startswith("# Liens vers d’autres sites")
    assert "| <https://www.francecompetences.fr/recherche/rncp/21806/> | " in listing


@pytest.mark.browser
def test_a_visitor_under_the_sub_path_meets_no_missing_file(
    browser: Any, built_site: Path, served_site: tuple[str, list[tuple[str, int]]]
) -> None:
    """What scripts load (search index, worker, language files) resolves too, not only what the HTML names."""
    base, _ = served_site
    failures: list[str] = []
    page = browser.new_page()
    page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    # ERR_ABORTED: a load cut short by going to the next page, not a missing file.
    page.on("requestfailed", lambda r: None if "ERR_ABORTED" in r.failure else failures.append(f"{r.failure} {r.url}"))
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("index.html"))
    for path in pages:
        page.goto(base + path.removesuffix("index.html"))
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("jury", delay=15)
    page.wait_for_selector(".md-search-result__item")
    page.close()
    assert len(pages) >= 16
    assert not failures, failures


# -- the gate on planted defects -----------------------------------------------------------


def planted_site(root: Path) -> Path:
    """A small built site with one defect of each kind the gate must catch."""
    site = root / "site"
    (site / "guide").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "assets" / "site.css").write_text(
        "body{background:url('fond-absent.png')} .ok{background:url(data:image/png;base64,AA==)}", "utf-8"
    )
    (site / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="assets/site.css"></head><body id="haut">'
        '<a href="guide/">bon</a> <a href="guide/#etape-2">bonne ancre</a> <a href="#haut">haut</a>'
        '<a href="guide/#etape-9">ancre absente</a> <a href="absente/">page absente</a>'
        '<a href="/guide/">hors du sous-chemin</a> <img src="assets/logo-absent.png" alt="logo">'
        '<a href="javascript:alert(1)">script</a> <a href="https://autre.example/page#x">autre site</a>'
        '<a href="mailto:contact@autre.example">courriel</a></body></html>',
        "utf-8",
    )
    (site / "guide" / "index.html").write_text(
        '<html><body><h2 id="etape-2">Étape 2</h2><a href="../">retour</a></body></html>', "utf-8"
    )
    (site / "404.html").write_text('<html><body><a href="guide/">relatif : cassé ailleurs</a></body></html>', "utf-8")
    (site / "sitemap.xml").write_text(
        "<urlset><url><loc>https://example.github.io/referentiel-rncp/disparue/</loc></url></urlset>", "utf-8"
    )
    return site


PLANTED = [
    "404.html : « guide/ » ne mène à rien (HTTP 404 pour page/introuvable/guide/)",
    "assets/site.css : « fond-absent.png » ne mène à rien (HTTP 404 pour assets/fond-absent.png)",
    "index.html : « /guide/ » sort du sous-chemin /referentiel-rncp/ où le site est publié",
    "index.html : « absente/ » ne mène à rien (HTTP 404 pour absente/)",
    "index.html : « assets/logo-absent.png » ne mène à rien (HTTP 404 pour assets/logo-absent.png)",
    "index.html : « guide/#etape-9 » vise l’ancre #etape-9, absente de guide/",
    "index.html : « javascript:alert(1) » utilise le schéma « javascript: », interdit ici",
    "sitemap.xml : « https://example.github.io/referentiel-rncp/disparue/ » ne mène à rien (HTTP 404 pour disparue/)",
]


def test_the_gate_catches_each_kind_of_broken_link_over_http(tmp_path: Path) -> None:
    site = planted_site(tmp_path)
    with serve(site) as (base, _):
        report = check_site(site_files(site), http_fetch, base, site_url=SITE_URL)
    assert [str(b) for b in report.broken] == PLANTED
    assert sorted(report.external) == ["https://autre.example/page", "mailto:contact@autre.example"]


def test_the_gate_reads_a_folder_as_github_pages_serves_it(tmp_path: Path) -> None:
    site = planted_site(tmp_path)
    report = check_site(
        site_files(site), folder_fetch(site, SUB_PATH), "http://localhost" + SUB_PATH, site_url=SITE_URL
    )
    assert [str(b) for b in report.broken] == PLANTED


def test_links_mkdocs_does_not_check_are_caught_in_a_real_build(tmp_path: Path) -> None:
    """Raw HTML in a hand-written page escapes MkDocs' own validation; the gate still finds what it breaks."""
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "a-propos.md"
    page.write_text(
        page.read_text("utf-8")
        + '\n<p><a href="/glossaire/">Glossaire</a> · <a href="../capacites/#c9">C9</a>'
        + ' · <img src="../assets/images/absente.png" alt="schéma"></p>\n',
        "utf-8",
    )
    site = tmp_path / "site"
    built = mkdocs_build(project, site)
    assert built.returncode == 0, built.stderr  # MkDocs sees nothing wrong
    result = subprocess.run(
        [sys.executable, "-m", "generator", "links", str(site), "--report", str(tmp_path / "externes.md")],
        capture_output=True,
        text=True,
        cwd=project,
        env=ENV,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "a-propos/index.html : « ../assets/images/absente.png » ne mène à rien "
        "(HTTP 404 pour assets/images/absente.png)",
        "a-propos/index.html : « ../capacites/#c9 » vise l’ancre #c9, absente de capacites/",
        "a-propos/index.html : « /glossaire/ » sort du sous-chemin /referentiel-rncp/ où le site est publié",
    ]
    assert "3 cassé(s)" in result.stdout
    assert "https://www.francecompetences.fr/recherche/rncp/21806/" in (tmp_path / "externes.md").read_text("utf-8")


def test_the_links_command_passes_on_the_built_site(built_site: Path, tmp_path: Path) -> None:
    report = tmp_path / "rapport" / "liens-externes.md"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "links", str(built_site), "--report", str(report)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=ENV,
    )
    assert result.returncode == 0, result.stderr
    assert " 0 cassé(s)" in result.stdout and f"sous {SUB_PATH}" in result.stdout
    assert "<https://squidfunk.github.io/mkdocs-material/>" in report.read_text("utf-8")

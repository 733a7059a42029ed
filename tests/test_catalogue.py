"""A site of several certifications: the catalogue, light pages, links between fiches, search with Pagefind."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from generator import load_referential, navigation, render_site
from generator.catalogue import CATALOGUE_SCRIPT
from generator.load import Referential
from generator.rncp_import import import_export
from tests.conftest import ROOT, SHARED, TODAY, copy_project, mkdocs_build

EXPORT = SHARED / "samples" / "rncp-export" / "export_fiches_RNCP_fixture.xml"
HOSTILE = "<script>alert(1)</script> [piège](javascript:alert(2)) {{ config }}"


def make_referential(folder: Path, codes: list[str] | None = None) -> Path:
    """Import sample fiches (one competence made hostile) beside RNCP 21806 and the glossary."""
    if not EXPORT.is_file():
        pytest.fail(f"{EXPORT} is missing: ../shared must sit beside the checkout")
    text = EXPORT.read_text("utf-8")
    escaped = HOSTILE.replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("* Coder  ", f"* Coder {escaped}  ", 1)
    export = folder.parent / "export.xml"
    export.write_text(text, "utf-8")
    folder.mkdir(parents=True)
    report = import_export(export, folder, wanted=codes or [])
    assert report.ok, report.text()
    for name in ("rncp-21806.yaml", "glossaire.yaml"):
        shutil.copy2(ROOT / "referential" / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Referential:
    folder = make_referential(tmp_path_factory.mktemp("catalogue") / "referential")
    return load_referential(folder, folder.parent)


@pytest.fixture(scope="module")
def pages(catalogue: Referential) -> dict[str, str]:
    return render_site(catalogue, today=TODAY)


def body(page: str) -> str:
    return page.split("---\n", 2)[2]


# -- the pure core --------------------------------------------------------------------------


def test_catalogue_lists_every_certification_with_a_working_link(pages: dict[str, str]) -> None:
    soup = BeautifulSoup(body(pages["index.md"]), "html.parser")
    rows = soup.select("table.catalogue tbody tr")
    assert len(rows) == 13
    for row in rows:
        href = row.select_one("a")["href"]
        assert f"{href}index.md" in pages, href
    titles = [r.select_one("a").get_text() for r in rows]
    assert titles == sorted(titles, key=lambda t: t.casefold().replace("é", "e"))
    cyber = next(r for r in rows if "Cybersécurité" in r.get_text())
    assert cyber["data-niveau"] == "4" and cyber["data-nsf"].split() == ["326"]
    assert cyber["data-rome"].split() == ["M1810", "M1802", "M1801"] and cyber["data-statut"] == "active"
    cqpm = next(r for r in rows if "Concepteur modélisateur" in r.get_text())
    assert cqpm["data-niveau"] == "" and cqpm["data-statut"] == "ended"


def test_catalogue_filters_offer_the_values_present(pages: dict[str, str]) -> None:
    soup = BeautifulSoup(body(pages["index.md"]), "html.parser")
    for name in ("niveau", "statut", "nsf", "rome", "certificateur"):
        select = soup.select_one(f"select#filtre-{name}")
        label = soup.select_one(f'label[for="filtre-{name}"]')
        assert select is not None and label is not None and label.get_text().strip(), name
    levels = [o["value"] for o in soup.select("#filtre-niveau option")]
    assert levels == ["", "4", "5", "6", "7"]
    assert "M1805" in [o["value"] for o in soup.select("#filtre-rome option")]
    assert "Enregistrement terminé" in soup.select_one("#filtre-statut").get_text()


def test_one_certification_alone_has_no_catalogue(referential: Referential) -> None:
    alone = render_site(referential, today=TODAY, pdf=False)
    assert "index.md" in alone and "Catalogue" not in alone["index.md"]
    assert CATALOGUE_SCRIPT not in alone and not any("pagefind" in path for path in alone)


def test_navigation_starts_with_the_catalogue_and_gives_each_certification_a_section(catalogue: Referential) -> None:
    nav = navigation(catalogue)
    assert nav[0] == {"Catalogue": "index.md"}
    sections = [item for item in nav[1:] if isinstance(item, dict) and isinstance(next(iter(item.values())), list)]
    assert len(sections) == 13


def test_successors_link_inside_the_site_and_others_to_the_official_fiche(pages: dict[str, str]) -> None:
    facts = body(pages["rncp34762/certification.md"])
    assert "[RNCP 39568](../rncp39568/index.md)" in facts
    assert "[RNCP 24998](https://www.francecompetences.fr/recherche/rncp/24998/)" in facts
    assert "[RNCP 34762](../rncp34762/index.md)" in body(pages["rncp39568/certification.md"])


def test_each_fiche_keeps_the_names_of_its_own_rubriques(pages: dict[str, str]) -> None:
    imported = body(pages["rncp37488/index.md"])
    assert "Texte officiel · fiche RNCP 37488 · Objectifs et contexte de la certification" in imported
    original = body(pages["rncp21806/index.md"])
    assert "Résumé du référentiel d'emploi ou éléments de compétence acquis" in original
    assert "Objectifs et contexte" not in original


def test_unlisted_rome_codes_are_shown_not_dropped(pages: dict[str, str]) -> None:
    jobs = body(pages["rncp40344/metiers-et-secteurs.md"])
    assert "A1500 : Soins aux animaux" in jobs.replace("\u00a0", " ")
    assert "absent du ROME 4.0" in jobs


# -- a real build ---------------------------------------------------------------------------


def build(tmp: Path, codes: list[str] | None) -> Path:
    project = copy_project(tmp / "project")
    shutil.rmtree(project / "referential")
    make_referential(project / "referential", codes)
    site = tmp / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("full"), None)


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("small"), ["RNCP37674", "RNCP37488"])


def primary_nav_links(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    return [a["href"] for a in soup.select("nav.md-nav--primary a[href]")]


def test_a_page_weighs_the_same_in_a_site_of_3_or_13_certifications(site: Path, small_site: Path) -> None:
    for path in ("rncp37674/capacites/c1/index.html", "rncp37674/index.html", "glossaire/index.html"):
        big, small = (site / path).stat().st_size, (small_site / path).stat().st_size
        assert abs(big - small) / small < 0.02, (path, small, big)
        assert primary_nav_links(site / path) == primary_nav_links(small_site / path), path


def test_the_404_page_does_not_carry_the_whole_catalogue(site: Path, small_site: Path) -> None:
    big, small = (site / "404.html").stat().st_size, (small_site / "404.html").stat().st_size
    assert abs(big - small) / small < 0.02, (small, big)
    assert not [h for h in primary_nav_links(site / "404.html") if re.search(r"rncp\d+/", h)]


def test_a_page_navigation_holds_its_own_certification_only(site: Path) -> None:
    links = primary_nav_links(site / "rncp37674" / "blocs" / "index.html")
    others = [h for h in links if re.search(r"rncp\d+/", h) and "rncp37674" not in h]
    assert not others, others
    assert any(h.endswith("rncp37674bc02/") for h in links)
    assert "../.." in links  # the catalogue
    for page in (site / "rncp37674").rglob("index.html"):
        here = "/" + page.parent.relative_to(site).as_posix() + "/"
        footer = BeautifulSoup(page.read_text("utf-8"), "html.parser").select("a.md-footer__link")
        for link in footer:
            target = posixpath.normpath(posixpath.join(here, link["href"]))
            assert target.startswith("/rncp37674"), f"{here}: the footer leads out of its certification, to {target}"


def test_search_runs_on_pagefind_and_material_index_stays_empty(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    assert index["docs"] == []
    assert (site / "pagefind" / "pagefind.js").is_file() and list((site / "pagefind" / "fragment").iterdir())
    soup = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    config = json.loads(soup.select_one("#__config").string)
    assert config["search"].endswith("assets/javascripts/workers/recherche-pagefind.js")
    assert any(s["src"].endswith("assets/javascripts/catalogue.js") for s in soup.select("script[src]"))


def test_hostile_text_from_an_export_is_shown_not_run(site: Path) -> None:
    page = BeautifulSoup((site / "rncp37488" / "capacites" / "c2" / "index.html").read_text("utf-8"), "html.parser")
    article = page.select_one("article")
    assert "<script>alert(1)</script>" in article.get_text()
    assert not article.find("script") and not page.select('a[href^="javascript"]')


def test_catalogue_links_resolve_under_a_sub_path(site: Path) -> None:
    soup = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    links = [a["href"] for a in soup.select("table.catalogue a")]
    assert len(links) == 13
    for href in links:
        assert not href.startswith("/") and (site / href / "index.html").is_file(), href


# -- in a browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    from tests.webserver import serve

    with serve(site, compress=True) as served:
        yield served


@pytest.mark.browser
def test_filters_narrow_the_list_and_survive_a_reload(browser: Any, served: tuple[str, list[Any]]) -> None:
    base, _ = served
    page = browser.new_page()
    page.goto(base)
    count = page.locator("#catalogue-compte")
    assert count.inner_text() == "13 certifications affichées sur 13."
    page.get_by_label("Niveau").select_option("5")
    assert count.inner_text() == "4 certifications affichées sur 13."
    page.get_by_label("Mot de l’intitulé ou code").fill("developpeur")
    assert count.inner_text() == "2 certifications affichées sur 13."
    visible = page.locator("#catalogue tbody tr:not([hidden]) a").all_inner_texts()
    assert visible == ["Développeur web", "Développeur web et web mobile"]
    assert "niveau=5" in page.url and "texte=developpeur" in page.url
    page.reload()
    assert page.locator("#catalogue-compte").inner_text() == "2 certifications affichées sur 13."
    page.get_by_role("button", name="Effacer les filtres").click()
    page.locator("#catalogue-compte", has_text=re.compile("^13 ")).wait_for()
    page.get_by_label("Métier (ROME)").select_option("A1500")
    assert page.locator("#catalogue tbody tr:not([hidden]) a").all_inner_texts() == [
        "Auxiliaire spécialisé vétérinaire"
    ]
    page.close()


@pytest.mark.browser
def test_the_catalogue_fits_a_phone_screen(browser: Any, served: tuple[str, list[Any]]) -> None:
    base, _ = served
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    label = page.evaluate(
        "getComputedStyle(document.querySelector('#catalogue tbody td[data-label=Niveau]'), '::before').content"
    )
    assert label == '"Niveau\u00a0: "'  # each certification reads as a card, its values labelled
    page.close()


def search(page: Any, query: str) -> list[str]:
    box = page.locator(".md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    meta = page.locator(".md-search-result__meta")
    meta.filter(has_text=re.compile("trouvé|pertinent")).wait_for(timeout=20_000)
    page.wait_for_load_state("networkidle")
    return [" ".join(t.split()) for t in page.locator(".md-search-result__item h1").all_inner_texts()]


@pytest.mark.browser
def test_search_across_all_certifications_downloads_little(browser: Any, served: tuple[str, list[Any]]) -> None:
    base, log = served
    host = urlsplit(base).netloc
    requests: list[str] = []
    errors: list[str] = []
    page = browser.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "rncp37674/")
    page.wait_for_load_state("networkidle")
    log.clear()
    titles = search(page, "vétérinaire")
    # Pagefind hands over the ten best results only: the count must not claim there are no others.
    assert page.locator(".md-search-result__meta").inner_text() == "10 documents les plus pertinents"
    assert titles and all("Auxiliaire spécialisé vétérinaire (RNCP 40344)" in t or "vétérinaire" in t for t in titles)
    payload = sum(n for path, n in log)
    assert 0 < payload < 1_000_000, payload
    assert any("/pagefind/" in path for path, _ in log)
    assert "RNCP 37488" in " ".join(search(page, "cybersecurite"))  # accents are optional
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state("networkidle")
    assert "/rncp37488/" in page.url
    foreign = sorted({u for u in requests if urlsplit(u).netloc != host and not u.startswith(("data:", "blob:"))})
    assert not foreign and not errors, (foreign, errors)
    page.close()


def test_the_catalogue_page_has_its_title_and_description(pages: dict[str, str]) -> None:
    meta = yaml.safe_load(pages["index.md"].split("---\n", 2)[1])
    assert meta["title"] == "Catalogue des certifications"
    assert meta["description"].startswith("Les 13 certifications professionnelles de ce site")

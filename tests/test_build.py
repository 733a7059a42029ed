"""A real `mkdocs build --strict` of the repository's site, and of broken copies of it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import copy_project, mkdocs_build

EXTERNAL = re.compile(r"^(?:https?:)?//", re.I)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_is_in_french(built_site: Path) -> None:
    pages = html_pages(built_site)
    assert len(pages) >= 17
    for page in pages:
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        assert soup.html["lang"] == "fr", page


def test_pages_load_nothing_from_another_host(built_site: Path) -> None:
    for page in html_pages(built_site):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            for element in soup.find_all(tag):
                value = element.get(attr)
                if tag == "link" and value and element.get("rel") in (["canonical"], ["alternate"]):
                    continue
                assert not (value and EXTERNAL.match(value)), f"{page}: <{tag} {attr}={value}>"
        assert "fonts.googleapis" not in page.read_text("utf-8") and "fonts.gstatic" not in page.read_text("utf-8")
    for sheet in built_site.rglob("*.css"):
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", sheet.read_text("utf-8"))
        assert not [u for u in urls if EXTERNAL.match(u)], sheet
        assert "@import" not in sheet.read_text("utf-8"), sheet


def test_search_uses_the_french_worker(built_site: Path) -> None:
    soup = BeautifulSoup((built_site / "index.html").read_text("utf-8"), "html.parser")
    config = json.loads(soup.select_one("#__config").string)
    assert config["search"].endswith("assets/javascripts/workers/recherche-fr.js")
    worker = (built_site / "assets/javascripts/workers/recherche-fr.js").read_text("utf-8")
    material = re.search(r'importScripts\("([^"]+)"\)', worker)
    assert material and (built_site / "assets/javascripts/workers" / material.group(1)).is_file()


def test_search_index_carries_keywords_and_codes(built_site: Path) -> None:
    index = json.loads((built_site / "search/search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == ["fr"]
    assert "keywords" in index["config"]["fields"]
    assert "trimmer" not in index["config"]["pipeline"] and "stemmer" not in index["config"]["pipeline"]
    docs = {d["location"]: d for d in index["docs"]}
    assert "CAO" in docs["capacites/c4/"]["keywords"].split()
    assert "dessin assisté par ordinateur" not in docs["capacites/c4/"].get("keywords", "")
    assert "RNCP21806BC01" in docs["blocs/rncp21806bc01/"]["keywords"]


def test_links_work_under_a_sub_path(built_site: Path) -> None:
    for page in html_pages(built_site):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for a in soup.find_all("a", href=True):
            if page.name == "404.html":  # served at any address: its links are absolute, under site_url's path
                assert EXTERNAL.match(a["href"]) or a["href"].startswith("/referentiel-rncp/"), a["href"]
            else:
                assert not a["href"].startswith("/"), f"{page}: {a['href']}"


def test_bad_referential_fails_the_build_with_the_message_and_keeps_the_old_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    yaml_file = project / "referential" / "rncp-21806.yaml"
    yaml_file.write_text(yaml_file.read_text("utf-8").replace("capacities: [C5, C6]", "capacities: [C5, C7]"), "utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("ancien site", "utf-8")
    result = mkdocs_build(project, site)
    assert result.returncode == 1
    assert "referential/rncp-21806.yaml:" in result.stderr and "blocs[1].capacities[1]" in result.stderr
    assert "trouvé « C7 » (aucune capacité de ce nom)" in result.stderr
    assert "Traceback" not in result.stderr
    assert (site / "index.html").read_text("utf-8") == "ancien site"


def test_a_hand_written_page_may_not_hide_a_generated_one(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "glossaire.md").write_text("# Autre glossaire\n", "utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "docs/glossaire.md existe, or cette page est générée depuis le référentiel" in result.stderr
    assert "Traceback" not in result.stderr


def test_hostile_text_never_runs(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    yaml_file = project / "referential" / "rncp-21806.yaml"
    payload = "<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)> {{ config }}"
    text = yaml_file.read_text("utf-8").replace(
        "    label: Rechercher des solutions techniques répondant au besoin fonctionnel.",
        f"    label: '{payload}'",
    )
    yaml_file.write_text(text, "utf-8")
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    page = BeautifulSoup((site / "capacites/c3/index.html").read_text("utf-8"), "html.parser")
    article = page.select_one("article")
    assert "<script>alert(1)</script>" in article.get_text()
    assert not article.find("script") and not article.find("img")
    assert not page.select('a[href^="javascript"]')
    assert "<script>alert" not in page.select_one("title").decode_contents()

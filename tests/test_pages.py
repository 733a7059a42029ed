"""The pure core, without MkDocs: golden pages, computed status, links both ways, escaping."""

from __future__ import annotations

from datetime import date

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from generator import render_site
from generator.load import Referential
from generator.pages import navigation, registration_status
from tests.conftest import ROOT, SITE_URL, TODAY

GOLDENS = ROOT / "tests" / "goldens" / "rncp-21806"
EXTENSIONS = ["admonition", "attr_list", "def_list", "md_in_html", "tables", "toc", "pymdownx.escapeall"]


def test_pages_match_the_goldens(site_files: dict[str, str | bytes], update_goldens: bool) -> None:
    # The Markdown pages and the open data, as text; PDFs and the grids' assets are tested elsewhere.
    pages = {
        path: content
        for path, content in site_files.items()
        if isinstance(content, str) and (path.endswith(".md") or path.startswith("donnees/"))
    }
    if update_goldens:
        for old in GOLDENS.rglob("*"):
            if old.is_file():
                old.unlink()
        for path, content in pages.items():
            (GOLDENS / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDENS / path).write_bytes(content.encode("utf-8"))
    expected = {
        p.relative_to(GOLDENS).as_posix(): p.read_bytes().decode("utf-8") for p in GOLDENS.rglob("*") if p.is_file()
    }
    assert sorted(pages) == sorted(expected), "pages added or removed: run pytest --update-goldens and review the diff"
    for path, content in pages.items():
        assert content == expected[path], f"{path} differs from its golden file: review, then pytest --update-goldens"


def test_output_is_deterministic(referential: Referential, site_files: dict[str, str | bytes]) -> None:
    assert render_site(referential, today=TODAY, site_url=SITE_URL) == site_files


def html(page: str) -> BeautifulSoup:
    body = page.split("---\n", 2)[2]
    return BeautifulSoup(markdown.markdown(body, extensions=EXTENSIONS), "html.parser")


def test_every_page_has_a_title_and_a_description(pages: dict[str, str]) -> None:
    for path, page in pages.items():
        meta = yaml.safe_load(page.split("---\n", 2)[1])
        assert meta["title"] and len(meta["description"]) > 40, path


@pytest.mark.parametrize(
    ("today", "state", "words"),
    [
        (date(2014, 6, 1), "upcoming", "prendra effet le 30\u00a0janvier\u00a02015"),
        (date(2017, 6, 1), "active", "jusqu’au 30\u00a0janvier\u00a02020"),
        (date(2020, 1, 30), "active", "jusqu’au 30\u00a0janvier\u00a02020"),
        (date(2020, 1, 31), "ended", "terminé depuis cette date"),
    ],
)
def test_status_is_computed_from_the_dates(referential: Referential, today: date, state: str, words: str) -> None:
    status = registration_status(referential.certifications[0], today)
    assert status.state == state
    assert words in status.sentence


def test_home_page_states_the_status_as_of_the_build_date(referential: Referential) -> None:
    later = render_site(referential, today=date(2031, 3, 1), pdf=False)["index.md"]
    assert "Enregistrement terminé" in later and "Situation calculée au 1er\u00a0mars\u00a02031" in later
    earlier = render_site(referential, today=date(2016, 3, 1), pdf=False)["index.md"]
    assert "Enregistrement en cours" in earlier and "Enregistrement terminé" not in earlier


def test_each_capacity_links_its_bloc_and_modes_and_back(pages: dict[str, str]) -> None:
    for n, bloc, modes in [(1, "rncp21806bc01", 4), (5, "rncp21806bc02", 4)]:
        soup = html(pages[f"capacites/c{n}.md"])
        hrefs = [a["href"] for a in soup.find_all("a")]
        assert f"../blocs/{bloc}.md" in hrefs
        assert len([h for h in hrefs if h.startswith(f"../blocs/{bloc}.md#m")]) == modes
        back = [a["href"] for a in html(pages[f"blocs/{bloc}.md"]).find_all("a")]
        assert f"../capacites/c{n}.md" in back


def test_official_text_and_guidance_are_marked_apart(pages: dict[str, str]) -> None:
    soup = html(pages["index.md"])
    official = soup.select("div.officiel")
    assert official and all(d.select_one(".officiel-source").get_text().startswith("Texte officiel") for d in official)
    guidance = soup.select("div.admonition.repere")
    assert guidance and all("non officiel" in g.select_one(".admonition-title").get_text() for g in guidance)
    assert not any(d.find_parent(class_="officiel") for d in guidance)


def test_glossary_terms_are_linked_once_per_page(pages: dict[str, str]) -> None:
    soup = html(pages["acces-et-evaluation.md"])
    links = [a for a in soup.find_all("a") if a["href"].startswith("glossaire.md#")]
    targets = [a["href"] for a in links]
    assert "glossaire.md#vae" in targets and "glossaire.md#jury-paritaire" in targets
    assert len(targets) == len(set(targets))
    assert "glossaire.md" not in "".join(pages["glossaire.md"].split("---\n", 2)[2])


def test_navigation_lists_every_generated_page(referential: Referential, pages: dict[str, str]) -> None:
    def flatten(items: list) -> list[str]:
        out: list[str] = []
        for item in items:
            if isinstance(item, str):
                out.append(item)
            else:
                for value in item.values():
                    out += flatten(value) if isinstance(value, list) else [value]
        return out

    assert sorted(flatten(navigation(referential))) == sorted(pages)


HOSTILE = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "[cliquez](javascript:alert(1))",
    "{{ config.site_name }} {% include 'x' %}",
    '**gras** _ital_ `code` {: onclick="x" } ~~barré~~ ==marqué==',
    "---\ntitle: piège\n---",
    '!!! danger "piège"',
    "1. pas une liste",
    "# pas un titre",
    "| a | b |",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_is_shown_as_plain_text(referential: Referential, payload: str) -> None:
    cert = referential.certifications[0]
    capacity = cert.capacities[0].model_copy(update={"label": payload})
    cert = cert.model_copy(update={"capacities": [capacity, *cert.capacities[1:]]})
    pages = render_site(Referential((cert,), referential.glossary), today=TODAY, pdf=False)
    soup = html(pages["capacites/c1.md"])
    flat = " ".join(payload.split())
    assert flat in " ".join(soup.get_text(" ").split()), soup.get_text()[:500]
    assert not soup.find("script") and not soup.find("img")
    assert not soup.select('[onclick], [onerror], a[href^="javascript"], del, mark, strong:-soup-contains("gras")')
    meta = yaml.safe_load(pages["capacites/c1.md"].split("---\n", 2)[1])
    assert "<" not in meta["title"] and "<" not in meta["description"]


def test_template_refuses_an_unescaped_string() -> None:
    import jinja2

    from generator.pages import environment

    template = environment().from_string("{{ value }}")
    with pytest.raises(jinja2.TemplateError, match="unescaped string"):
        template.render(value="<b>")


def test_french_typography_in_generated_text(pages: dict[str, str]) -> None:
    body = pages["index.md"].split("---\n", 2)[2]
    for bad in (" :", " ;", " ?", " !", "« ", " »"):
        assert bad not in body.replace("\\:", ":"), bad

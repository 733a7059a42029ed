"""What a visitor does, in Debian's Chromium: French search as people type, and no request to another host."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


def search(page: Any, query: str) -> list[str]:
    """Type a query in Material's search box as a person would; return the titles of the results shown."""
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").fill("")
    page.locator(".md-search__input").press_sequentially(query, delay=15)
    meta = page.locator(".md-search-result__meta")
    # Locator waits, not wait_for_function: that one evaluates a string, which the site's CSP refuses.
    meta.filter(has_not_text=re.compile("Taper pour|Initialisation")).wait_for(timeout=10_000)
    page.wait_for_timeout(300)
    return [
        " ".join(t.split())
        for t in page.locator(".md-search-result__item h1, .md-search-result__item h2").all_inner_texts()
    ]


@pytest.fixture(scope="module")
def home(browser: Any, served_site: tuple[str, list[tuple[str, int]]]) -> Any:
    base, _ = served_site
    page = browser.new_page()
    page.goto(base)
    yield page
    page.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("modelisateur", "Concepteur modélisateur numérique de produits ou de systèmes mécaniques"),
        ("modélisateurs", "Concepteur modélisateur numérique de produits ou de systèmes mécaniques"),
        ("d'apprentissage", "Conditions d'inscription à la certification"),
        ("l’analyse", "C1. Réaliser l’analyse fonctionnelle d’un produit ou d’un système mécanique"),
        ("CAO", "C4. Concevoir une solution technique d’un produit ou un système mécanique sur un logiciel de C.A.O."),
        (
            "C.A.O.",
            "C4. Concevoir une solution technique d’un produit ou un système mécanique sur un logiciel de C.A.O.",
        ),
        (
            "conception assistee par ordinateur",
            "C4. Concevoir une solution technique d’un produit ou un système mécanique sur un logiciel de C.A.O.",
        ),
        ("VAE", "Validation des acquis de l’expérience (VAE)"),
        ("validation des acquis", "Validation des acquis de l’expérience (VAE)"),
        ("DAO", "DAO"),
        ("capacites", "Activités et capacités"),
        ("jurys", "Composition du jury J1"),
        ("H1203", "Métiers et secteurs"),
        ("RNCP21806BC02", "Bloc 2 : La conduite d'une étude d'un produit ou d'un système mécanique"),
        ("evaluation reconstituee", "Evaluation à partir d’une situation professionnelle reconstituée"),
    ],
)
def test_french_search_finds_what_people_type(home: Any, query: str, expected: str) -> None:
    titles = search(home, query)
    assert expected in titles[:8], titles


def test_a_query_with_no_match_says_so(home: Any) -> None:
    assert search(home, "zzxqy") == []
    assert "Aucun document" in home.locator(".md-search-result__meta").inner_text()


def test_visiting_every_page_requests_nothing_from_another_host(
    browser: Any, built_site: Path, served_site: tuple[str, list[tuple[str, int]]]
) -> None:
    base, _ = served_site
    host = urlsplit(base).netloc
    requests: list[str] = []
    errors: list[str] = []
    page = browser.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    paths = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("index.html"))
    assert len(paths) >= 16
    for path in paths:
        page.goto(base + path.removesuffix("index.html"))
        page.wait_for_load_state("networkidle")
    search(page, "jury")
    page.close()
    foreign = sorted({u for u in requests if urlsplit(u).netloc != host and not u.startswith(("data:", "blob:"))})
    assert not foreign, foreign
    assert any(u.endswith("search/search_index.json") for u in requests)
    assert not errors, errors

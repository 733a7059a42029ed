"""Accessibility in Chromium: zero WCAG 2.1 A/AA violations found by axe-core on every page of the built site
(on a computer and on a phone, with search and menu open), and every control usable with the keyboard alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.accessibility import axe_violations, html_pages, keyboard_problems
from tests.conftest import copy_project, mkdocs_build

pytestmark = pytest.mark.browser

SIZES = {"ordinateur": {"width": 1280, "height": 800}, "téléphone": {"width": 375, "height": 740}}


@pytest.mark.parametrize("size", list(SIZES))
def test_no_wcag_violation_on_any_page(
    browser: Any, built_site: Path, served_site: tuple[str, list[tuple[str, int]]], size: str
) -> None:
    base, _ = served_site
    context = browser.new_context(viewport=SIZES[size], bypass_csp=True)  # to inject axe-core
    page = context.new_page()
    found: list[str] = []
    pages = html_pages(built_site)
    for path in pages:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        found += axe_violations(page, f"{size} /{path}")
    context.close()
    assert len(pages) >= 17
    assert not found, "\n".join(found)


@pytest.mark.parametrize("size", list(SIZES))
def test_no_wcag_violation_with_search_results_and_menu_open(
    browser: Any, served_site: tuple[str, list[tuple[str, int]]], size: str
) -> None:
    base, _ = served_site
    context = browser.new_context(viewport=SIZES[size], bypass_csp=True)
    page = context.new_page()
    page.goto(base)
    found: list[str] = []
    if size == "téléphone":
        page.locator("label.md-header__button[for='__drawer']").click()
        page.wait_for_timeout(400)
        found += axe_violations(page, f"{size} menu ouvert")
        page.keyboard.press("Escape")
        page.goto(base)
        page.locator("label.md-header__button[for='__search']").first.click()
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("évaluation", delay=15)
    page.wait_for_selector(".md-search-result__item")
    found += axe_violations(page, f"{size} résultats de recherche")
    page.locator(".md-search__input").fill("zzxqy")
    page.wait_for_timeout(300)
    found += axe_violations(page, f"{size} recherche sans résultat")
    context.close()
    assert not found, "\n".join(found)


def test_every_control_of_every_page_works_with_the_keyboard_alone(
    browser: Any, built_site: Path, served_site: tuple[str, list[tuple[str, int]]]
) -> None:
    """Applies to whatever the pages hold: the self-assessment grids, the dossier and avis forms, the filters."""
    base, _ = served_site
    page = browser.new_page(viewport=SIZES["ordinateur"])
    found: list[str] = []
    for path in html_pages(built_site):
        page.goto(base + path)
        # Each page as a first visitor finds it: answers typed on a previous page (same grid) are not there.
        if page.evaluate("(() => { const n = localStorage.length; localStorage.clear(); return n })()"):
            page.reload()
        found += keyboard_problems(page, f"/{path}")
    page.close()
    assert not found, "\n".join(found)


def test_a_visitor_finds_and_opens_a_page_with_the_keyboard_alone(
    browser: Any, served_site: tuple[str, list[tuple[str, int]]]
) -> None:
    base, _ = served_site
    page = browser.new_page(viewport=SIZES["ordinateur"])
    page.goto(base)
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('md-search__input')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("jury", delay=20)
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/acces-et-evaluation/**")
    assert page.locator("article h1").first.inner_text().startswith("Accès et évaluation")
    page.close()


# -- the gates on planted defects ------------------------------------------------------------------

FORM = """
<form class="essai">
<fieldset><legend>Capacité C1</legend>
<input type="checkbox" id="bon"> <label for="bon">Je sais le faire</label>
<input type="checkbox" id="hors-tab" tabindex="-1"> <label for="hors-tab">Je ne sais pas encore</label>
<input type="text" id="sans-focus" class="sans-focus"> <label for="sans-focus">Commentaire</label>
<input type="checkbox" class="sans-nom">
</fieldset>
<p class="pale">Texte pâle</p>
</form>
"""


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build whose hand-written page holds a form with one defect of each kind, and pale text."""
    work = tmp_path_factory.mktemp("a11y")
    project = copy_project(work / "project")
    (project / "docs" / "essai.md").write_text("# Essai\n" + FORM, "utf-8")
    css = project / "docs" / "assets" / "stylesheets" / "referentiel.css"
    css.write_text(
        css.read_text("utf-8")
        + "\n.md-typeset .sans-focus:focus-visible { outline: none !important; }\n.pale { color: #bbbbbb; }\n",
        "utf-8",
    )
    result = mkdocs_build(project, work / "site")
    assert result.returncode == 0, result.stderr
    return work / "site"


def test_the_gates_catch_planted_defects(browser: Any, planted: Path) -> None:
    from tests.webserver import serve

    with serve(planted) as (base, _):
        context = browser.new_context(viewport=SIZES["ordinateur"], bypass_csp=True)
        page = context.new_page()
        page.goto(base + "essai/")
        keyboard = keyboard_problems(page, "/essai/")
        page.goto(base + "essai/")
        axe = axe_violations(page, "/essai/")
        context.close()
    assert keyboard == [
        "/essai/ : input « Commentaire » ne montre pas qu’il a le focus (aucun changement visible)",
        "/essai/ : input « Je ne sais pas encore » n’est pas atteint avec la touche Tab",
    ]
    rules = sorted({line.split("[")[1].split("]")[0] for line in axe})
    assert rules == ["color-contrast", "label"], axe

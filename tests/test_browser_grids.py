"""The self-assessment grid in Debian's Chromium: what a candidate, a tutor or an evaluator does with it."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser

BLOC1 = "autoevaluation/rncp21806bc01/"
KEY = "autoevaluation:RNCP21806"


@pytest.fixture
def context(browser: Any) -> Any:
    ctx = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any, served_site: tuple[str, list[tuple[str, int]]]) -> Any:
    base, _ = served_site
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.goto(base + BLOC1)
    p.wait_for_selector(".grille-outils:not([hidden])")
    p.base = base  # type: ignore[attr-defined]
    yield p
    assert not errors, errors


def stored(page: Any) -> dict[str, Any]:
    raw = page.evaluate(f"localStorage.getItem('{KEY}')")
    return json.loads(raw) if raw else {}


def fill_c1(page: Any) -> None:
    page.get_by_role("group", name="C1, Candidat ou candidate").get_by_role("radio", name="En autonomie").check()
    page.get_by_role("group", name="C1, Tuteur ou tutrice").get_by_role("radio", name="Avec de l’aide").check()
    page.get_by_role("textbox", name="Éléments de preuve pour C1").fill("Analyse fonctionnelle du convoyeur, 2025")
    page.get_by_role("textbox", name="Candidat ou candidate (nom et prénom)").fill("Camille Martin")


def test_answers_survive_a_reload(page: Any) -> None:
    fill_c1(page)
    page.reload()
    page.wait_for_selector(".grille-outils:not([hidden])")
    assert (
        page.get_by_role("group", name="C1, Candidat ou candidate")
        .get_by_role("radio", name="En autonomie")
        .is_checked()
    )
    assert (
        page.get_by_role("textbox", name="Éléments de preuve pour C1").input_value()
        == "Analyse fonctionnelle du convoyeur, 2025"
    )
    assert page.get_by_role("textbox", name="Candidat ou candidate (nom et prénom)").input_value() == "Camille Martin"
    saved = stored(page)["reponses"]["C1"]
    assert saved["candidat"] == "autonome" and saved["tuteur"] == "avec-aide" and saved["referentiel"] == "2015-01-30"


def test_answers_follow_instant_navigation_and_the_other_grids(page: Any) -> None:
    fill_c1(page)
    page.get_by_role("link", name="Toute la certification").first.click()
    page.wait_for_url("**/autoevaluation/")
    page.wait_for_selector('form.grille [name="C6-candidat"]')
    group = page.get_by_role("group", name="C1, Candidat ou candidate")
    assert group.get_by_role("radio", name="En autonomie").is_checked()
    page.get_by_role("group", name="C6, Candidat ou candidate").get_by_role("radio", name="Maîtrisé").check()
    page.go_back()
    page.wait_for_url("**/" + BLOC1)
    page.wait_for_selector('form.grille [name="C4-candidat"]')
    assert page.get_by_role("textbox", name="Éléments de preuve pour C1").input_value().startswith("Analyse")
    assert stored(page)["reponses"]["C6"]["candidat"] == "maitrise"


def test_closing_the_browser_keeps_the_answers(
    browser: Any, served_site: tuple[str, list[tuple[str, int]]], tmp_path: Path
) -> None:
    base, _ = served_site
    first = browser.new_context()
    p = first.new_page()
    p.goto(base + BLOC1)
    p.wait_for_selector(".grille-outils:not([hidden])")
    fill_c1(p)
    state = first.storage_state()
    first.close()
    second = browser.new_context(storage_state=state)
    q = second.new_page()
    q.goto(base + BLOC1)
    q.wait_for_selector(".grille-outils:not([hidden])")
    assert q.get_by_role("textbox", name="Candidat ou candidate (nom et prénom)").input_value() == "Camille Martin"
    second.close()


def test_export_clear_and_import_round_trip(page: Any, tmp_path: Path) -> None:
    fill_c1(page)
    page.get_by_role("group", name="C3, Évaluateur ou évaluatrice").get_by_role("radio", name="Maîtrisé").check()
    page.get_by_role("textbox", name="Commentaires pour C3").fill("Vu en revue de projet\nsur deux dossiers « ø »")
    before = stored(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Exporter mes réponses").click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    assert exported.name.startswith("autoevaluation-rncp21806-") and exported.suffix == ".json"
    data = json.loads(exported.read_text("utf-8"))
    assert data["reponses"] == before["reponses"] and data["identite"] == before["identite"]

    page.once("dialog", lambda d: d.dismiss())
    page.get_by_role("button", name="Effacer mes réponses").click()
    assert stored(page) == before, "dismissing the confirmation must keep everything"
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Effacer mes réponses").click()
    assert stored(page) == {}
    assert (
        not page.get_by_role("group", name="C1, Candidat ou candidate")
        .get_by_role("radio", name="En autonomie")
        .is_checked()
    )

    page.locator(".grille-outils input[type=file]").set_input_files(str(exported))
    page.locator(".grille-message", has_text=re.compile("^Import réussi")).wait_for()
    after = stored(page)
    assert after["reponses"] == before["reponses"] and after["identite"] == before["identite"]
    assert (
        page.get_by_role("textbox", name="Commentaires pour C3").input_value()
        == "Vu en revue de projet\nsur deux dossiers « ø »"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{ pas du json", "JSON invalide"),
        (
            json.dumps({"format": "autoevaluation-rncp", "version": 1, "certification": "RNCP34762", "reponses": {}}),
            "RNCP34762",
        ),
        (
            json.dumps(
                {
                    "format": "autoevaluation-rncp",
                    "version": 1,
                    "certification": "RNCP21806",
                    "reponses": {"C1": {"candidat": "excellent"}},
                }
            ),
            "n’est pas un niveau de l’échelle",
        ),
        (json.dumps({"format": "autre-chose"}), "n’est pas un export de grille"),
        (json.dumps([1, 2, 3]), "n’est pas un export de grille"),
    ],
)
def test_a_broken_or_foreign_file_is_refused_and_nothing_changes(
    page: Any, tmp_path: Path, content: str, message: str
) -> None:
    fill_c1(page)
    before = stored(page)
    bad = tmp_path / "reponses.json"
    bad.write_text(content, "utf-8")
    page.locator(".grille-outils input[type=file]").set_input_files(str(bad))
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert message in alert.inner_text() and "inchangées" in alert.inner_text()
    assert stored(page) == before
    assert (
        page.get_by_role("textbox", name="Éléments de preuve pour C1").input_value()
        == "Analyse fonctionnelle du convoyeur, 2025"
    )


def test_a_new_referential_version_keeps_old_answers_visible(page: Any) -> None:
    old = {
        "format": "autoevaluation-rncp",
        "version": 1,
        "certification": "RNCP21806",
        "identite": {},
        "signatures": {},
        "reponses": {
            "C1": {
                "referentiel": "2014",
                "intitule": "Ancien intitulé de C1.",
                "candidat": "maitrise",
                "preuves": "ancienne preuve",
            },
            "C2": {
                "referentiel": "2015-01-30",
                "intitule": "Elaborer tout ou partie d’un cahier des charges fonctionnel d’un produit ou d’un système mécanique.",
                "candidat": "autonome",
            },
            "C9": {
                "referentiel": "2014",
                "intitule": "Capacité supprimée depuis.",
                "candidat": "avec-aide",
                "preuves": "dossier X",
            },
        },
    }
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(old)])
    page.reload()
    page.wait_for_selector(".grille-outils:not([hidden])")
    assert (
        page.get_by_role("group", name="C1, Candidat ou candidate").get_by_role("radio", name="Maîtrisé").is_checked()
    )
    c1 = page.locator('tr[data-capacite="C1"] .grille-alerte')
    assert "Ancien intitulé de C1." in c1.inner_text()
    assert page.locator('tr[data-capacite="C2"] .grille-alerte').count() == 0
    removed = page.locator(".grille-retirees")
    assert removed.is_visible()
    assert "C9" in removed.inner_text() and "dossier X" in removed.inner_text()
    assert "C9" in stored(page)["reponses"], "answers to removed capacities are never dropped silently"


def test_the_grid_can_be_filled_with_the_keyboard_alone(page: Any) -> None:
    page.get_by_role("textbox", name="Candidat ou candidate (nom et prénom)").focus()
    page.keyboard.type("Léa Petit")
    for _ in range(4):  # entreprise, tuteur, évaluateur, période
        page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # first rating group: C1, candidat
    page.keyboard.press("ArrowRight")  # selects "Avec de l’aide"
    page.keyboard.press("ArrowRight")  # "En autonomie"
    page.keyboard.press("Tab")  # C1, tuteur
    page.keyboard.press("Tab")  # C1, évaluateur
    page.keyboard.press("Tab")  # C1, éléments de preuve
    page.keyboard.type("Revue de conception")
    focused = page.evaluate("document.activeElement.name")
    assert focused == "C1-preuves"
    saved = stored(page)
    assert saved["identite"]["candidat"] == "Léa Petit"
    assert (
        saved["reponses"]["C1"]["candidat"] == "autonome"
        and saved["reponses"]["C1"]["preuves"] == "Revue de conception"
    )
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "keyboard focus must be visible"


def test_summary_shows_a_chart_and_its_text_equivalent(page: Any) -> None:
    fill_c1(page)
    summary = page.locator(".grille-synthese")
    assert summary.is_visible()
    chart = summary.locator("svg[role=img]")
    assert chart.count() == 1 and "tableau" in chart.locator("title").text_content()
    row = summary.locator("table tbody tr").first
    assert row.inner_text().split("\t")[:3] == ["C1", "3 · En autonomie", "2 · Avec de l’aide"]
    assert "3 · En autonomie" in chart.text_content(), "the chart itself carries the levels as text, not as colour"


def test_print_gives_clean_a4_pages_naming_the_grid(page: Any) -> None:
    fill_c1(page)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".grille-outils", ".grille-synthese"):
        assert page.locator(chrome).first.evaluate("e => getComputedStyle(e).display") == "none", chrome
    assert page.locator("form.grille").is_visible()
    assert page.locator("thead").first.evaluate("e => getComputedStyle(e).display") == "table-header-group"
    assert page.locator("tr.grille-ligne").first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    assert len(pdf.pages) >= 2
    for printed in pdf.pages:
        text = " ".join(printed.extract_text().split())
        assert "Bloc 1 : La conception d'un produit ou d'un système mécanique" in text
        assert "RNCP 21806" in text
        assert float(printed.mediabox.width) > float(printed.mediabox.height)
    everything = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Analyse fonctionnelle du convoyeur, 2025" in everything and "Camille Martin" in everything
    assert "Exporter mes réponses" not in everything and "Synthèse" not in everything


def test_without_javascript_the_page_is_a_blank_printable_grid(
    browser: Any, served_site: tuple[str, list[tuple[str, int]]]
) -> None:
    base, _ = served_site
    ctx = browser.new_context(java_script_enabled=False)
    p = ctx.new_page()
    p.goto(base + BLOC1)
    assert p.locator("form.grille input[type=radio]").count() == 4 * 3 * 4
    assert not p.locator(".grille-outils").is_visible()
    assert not p.locator(".grille-synthese").is_visible()
    assert p.get_by_role("link", name="grille en PDF").is_visible()
    ctx.close()


def test_linked_pdf_downloads_from_the_grid_page(page: Any) -> None:
    href = page.get_by_role("link", name="grille en PDF").get_attribute("href")
    response = page.request.get(urljoin(page.url, href))
    assert response.ok and response.body().startswith(b"%PDF")

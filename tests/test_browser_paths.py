"""The three paths in Debian's Chromium: from the home page, every link followed; the forms keep what is typed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest

pytestmark = pytest.mark.browser

PATHS = {
    "Vous êtes candidat ou candidate": "parcours/candidat/",
    "Vous êtes formateur ou formatrice": "parcours/formateur/",
    "Vous êtes tuteur ou tutrice en entreprise": "parcours/tuteur/",
}
DOWNLOADS = (".pdf", ".xlsx", ".csv", ".yaml", ".json")


@pytest.fixture
def context(browser: Any) -> Any:
    ctx = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    assert not errors, errors


def content_links(page: Any) -> list[str]:
    return page.eval_on_selector_all(".md-content a[href]:not(.headerlink)", "els => els.map(e => e.href)")


@pytest.mark.parametrize("card", sorted(PATHS))
def test_each_audience_reaches_its_path_in_one_click(
    page: Any, served_site: tuple[str, list[tuple[str, int]]], card: str
) -> None:
    base, _ = served_site
    page.goto(base)
    page.locator(".grid.cards li", has_text=card).get_by_role("link", name="Commencer ici").click()
    page.wait_for_url(base + PATHS[card])
    assert page.locator("h1").first.is_visible()


def test_every_link_of_the_paths_leads_somewhere(page: Any, served_site: tuple[str, list[tuple[str, int]]]) -> None:
    base, _ = served_site
    host = urlsplit(base).netloc
    todo = [base + p for p in PATHS.values()]
    seen: set[str] = set()
    checked: set[str] = set()
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        assert response is not None and response.ok, url
        for link in content_links(page):
            target, anchor = urldefrag(link)
            if urlsplit(target).netloc != host or link in checked:
                continue
            checked.add(link)
            if target.endswith(DOWNLOADS):
                got = page.request.get(target)
                assert got.ok and len(got.body()) > 500, (url, link)
                continue
            if "/parcours/" in target and target not in seen:
                todo.append(target)  # the paths' own pages are crawled in turn
            if anchor or target not in seen:
                response = page.context.request.get(target)
                assert response.ok, (url, link)
                if anchor:
                    assert f'id="{anchor}"' in response.text(), (url, link)
    assert len(seen) >= 10 and len(checked) >= 60  # candidate, dossier, trainer, curriculum, tutor, blocs, forms, memo


def test_the_dossier_keeps_what_the_candidate_types(
    page: Any, served_site: tuple[str, list[tuple[str, int]]], tmp_path: Path
) -> None:
    base, _ = served_site
    page.goto(base + "parcours/candidat/dossier-de-preuves/")
    page.wait_for_selector(".formulaire-outils:not([hidden])")
    page.get_by_role("textbox", name="Ce que j’ai fait (C4)").fill("J’ai modélisé le bâti sur CATIA.")
    page.get_by_role("textbox", name="Candidat ou candidate (nom et prénom)").fill("Camille Martin")
    page.reload()
    page.wait_for_selector(".formulaire-outils:not([hidden])")
    assert page.get_by_role("textbox", name="Ce que j’ai fait (C4)").input_value() == "J’ai modélisé le bâti sur CATIA."
    saved = json.loads(page.evaluate("localStorage.getItem('dossier-preuves:RNCP21806')"))
    assert saved["champs"]["C4-actions"] == "J’ai modélisé le bâti sur CATIA."
    with page.expect_download() as info:
        page.get_by_role("button", name="Exporter ma saisie").click()
    exported = tmp_path / "dossier.json"
    info.value.save_as(exported)
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Effacer ma saisie").click()
    assert page.get_by_role("textbox", name="Ce que j’ai fait (C4)").input_value() == ""
    page.locator(".formulaire-outils input[type=file]").set_input_files(str(exported))
    page.locator(".grille-message", has_text="Import réussi").wait_for()  # no wait_for_function: the CSP
    assert page.get_by_role("textbox", name="Ce que j’ai fait (C4)").input_value() == "J’ai modélisé le bâti sur CATIA."
    # A file from another form is refused, and nothing changes.
    other = tmp_path / "autre.json"
    other.write_text(json.dumps({**json.loads(exported.read_text("utf-8")), "formulaire": "avis-entreprise"}), "utf-8")
    page.locator(".formulaire-outils input[type=file]").set_input_files(str(other))
    page.locator(".grille-message", has_text="Rien n’a été importé").wait_for()
    assert page.get_by_role("textbox", name="Ce que j’ai fait (C4)").input_value() == "J’ai modélisé le bâti sur CATIA."


def test_the_avis_keeps_levels_and_shares_the_identity_between_blocs(
    page: Any, served_site: tuple[str, list[tuple[str, int]]]
) -> None:
    base, _ = served_site
    page.goto(base + "parcours/tuteur/avis-rncp21806bc01/")
    page.wait_for_selector(".formulaire-outils:not([hidden])")
    page.get_by_role("group", name="C2, Avis de l’entreprise").get_by_role("radio", name="En autonomie").check()
    page.get_by_role("textbox", name="Projets ou activités observés pour C2").fill("Cahier des charges du convoyeur")
    page.get_by_role("textbox", name="Entreprise").fill("Mécanique Dupont")
    page.goto(base + "parcours/tuteur/avis-rncp21806bc02/")
    page.wait_for_selector(".formulaire-outils:not([hidden])")
    assert page.get_by_role("textbox", name="Entreprise").input_value() == "Mécanique Dupont"
    page.goto(base + "parcours/tuteur/avis-rncp21806bc01/")
    page.wait_for_selector(".formulaire-outils:not([hidden])")
    group = page.get_by_role("group", name="C2, Avis de l’entreprise")
    assert group.get_by_role("radio", name="En autonomie").is_checked()
    # Printed, the page is the form alone, with the official text of the avis at its head.
    page.emulate_media(media="print")
    assert not page.locator(".formulaire-ecran").is_visible()
    assert not page.locator(".formulaire-outils").is_visible()
    assert page.locator(".formulaire-officiel").is_visible()
    assert page.locator("form.formulaire-avis").is_visible()


def test_the_avis_works_with_the_keyboard_alone(page: Any, served_site: tuple[str, list[tuple[str, int]]]) -> None:
    base, _ = served_site
    page.goto(base + "parcours/tuteur/avis-rncp21806bc02/")
    page.wait_for_selector(".formulaire-outils:not([hidden])")
    page.get_by_role("group", name="C5, Avis de l’entreprise").get_by_role("radio").first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    page.keyboard.type("Planning du projet X")
    saved = json.loads(page.evaluate("localStorage.getItem('avis-entreprise:RNCP21806')"))
    assert saved["champs"]["C5-avis"] == "avec-aide"
    assert saved["champs"]["C5-projets"] == "Planning du projet X"


# What the site saved and exported before its scripts shared their code: the same keys and format must load.
SAVED_DOSSIER = {
    "format": "formulaire-rncp",
    "version": 1,
    "formulaire": "dossier-preuves",
    "certification": "RNCP21806",
    "champs": {
        "C4-actions": "Maquette numérique du bâti",
        "identite-candidat": "Camille Martin",
        "C99-actions": "réponse à un champ retiré",
    },
    "modifie": "2026-10-01T08:00:00.000Z",
}
EXPORTED_AVIS = {
    "format": "formulaire-rncp",
    "version": 1,
    "formulaire": "avis-entreprise",
    "certification": "RNCP21806",
    "champs": {"C2-avis": "autonome", "C2-projets": "Convoyeur", "identite-entreprise": "Mécanique Dupont"},
    "modifie": "2026-10-01T08:00:00.000Z",
    "exporte": "2026-10-02T09:00:00.000Z",
}


def test_what_the_forms_saved_and_exported_before_still_loads(
    page: Any, served_site: tuple[str, list[tuple[str, int]]], tmp_path: Path
) -> None:
    base, _ = served_site
    page.goto(base + "parcours/candidat/dossier-de-preuves/")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", ["dossier-preuves:RNCP21806", json.dumps(SAVED_DOSSIER)])
    page.reload()
    page.wait_for_selector(".formulaire-outils:not([hidden])")
    assert page.get_by_role("textbox", name="Ce que j’ai fait (C4)").input_value() == "Maquette numérique du bâti"
    assert page.get_by_role("textbox", name="Candidat ou candidate (nom et prénom)").input_value() == "Camille Martin"
    page.get_by_role("textbox", name="Ce que j’ai fait (C4)").fill("Maquette numérique du bâti, revue")
    saved = json.loads(page.evaluate("localStorage.getItem('dossier-preuves:RNCP21806')"))
    assert saved["champs"]["C99-actions"] == "réponse à un champ retiré", "an answer to a removed field is kept"
    assert saved["champs"]["C4-actions"] == "Maquette numérique du bâti, revue"

    page.goto(base + "parcours/tuteur/avis-rncp21806bc01/")
    page.wait_for_selector(".formulaire-outils:not([hidden])")
    exported = tmp_path / "avis-entreprise-rncp21806-2026-10-02.json"
    exported.write_text(json.dumps(EXPORTED_AVIS, indent=2), "utf-8")
    page.locator(".formulaire-outils input[type=file]").set_input_files(str(exported))
    page.locator(".grille-message", has_text="Import réussi").wait_for()
    group = page.get_by_role("group", name="C2, Avis de l’entreprise")
    assert group.get_by_role("radio", name="En autonomie").is_checked()
    assert page.get_by_role("textbox", name="Projets ou activités observés pour C2").input_value() == "Convoyeur"
    assert page.get_by_role("textbox", name="Entreprise").input_value() == "Mécanique Dupont"

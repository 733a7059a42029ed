"""The grid model and its HTML form, shared by the web page and the PDF (no browser, no MkDocs)."""

from __future__ import annotations

from collections import Counter

from bs4 import BeautifulSoup

from generator import render_site
from generator.grids import COLUMNS, default_scale, form_html, grids_for
from generator.load import Referential
from generator.model import RatingLevel
from tests.conftest import TODAY


def test_one_grid_for_the_certification_and_one_per_bloc(referential: Referential) -> None:
    cert = referential.certifications[0]
    grids = grids_for(cert)
    assert [g.key for g in grids] == ["rncp21806", "rncp21806bc01", "rncp21806bc02"]
    assert [r.capacity.id for r in grids[0].rows] == ["C1", "C2", "C3", "C4", "C5", "C6"]
    assert [r.capacity.id for r in grids[1].rows] == ["C1", "C2", "C3", "C4"]
    assert grids[2].scope == "Bloc 2 : La conduite d'une étude d'un produit ou d'un système mécanique (RNCP21806BC02)"


def test_default_scale_has_four_plain_french_levels() -> None:
    scale = default_scale()
    assert [level.id for level in scale] == ["pas-encore", "avec-aide", "autonome", "maitrise"]
    assert all(level.label and level.description.endswith(".") for level in scale)


def test_a_referential_can_define_its_own_scale(referential: Referential) -> None:
    cert = referential.certifications[0]
    scale = (
        RatingLevel(id="non", label="Non acquis", description="Pas encore."),
        RatingLevel(id="oui", label="Acquis", description="Fait seul."),
    )
    cert = cert.model_copy(update={"guidance": cert.guidance.model_copy(update={"rating_scale": scale})})
    soup = BeautifulSoup(form_html(grids_for(cert)[1]), "html.parser")
    assert sorted({i["value"] for i in soup.select("input[type=radio]")}) == ["non", "oui"]
    assert "Non acquis" in soup.select_one(".grille-echelle").get_text()


def test_every_control_has_a_label_and_every_rating_a_fieldset(referential: Referential) -> None:
    soup = BeautifulSoup(form_html(grids_for(referential.certifications[0])[0]), "html.parser")
    radios = soup.select("input[type=radio]")
    assert len(radios) == 6 * len(COLUMNS) * 4
    for radio in radios:
        label = radio.find_parent("label")
        assert label is not None and label.get_text(strip=True), radio
        fieldset = radio.find_parent("fieldset")
        assert fieldset is not None and fieldset.legend.get_text(strip=True)
    for field in soup.select("input[type=text], textarea"):
        assert soup.select_one(f'label[for="{field["id"]}"]').get_text(strip=True), field
    legends = [f.legend.get_text(" ", strip=True) for f in soup.select("fieldset.grille-niveaux")]
    assert "C1, Candidat ou candidate" in legends and "C6, Évaluateur ou évaluatrice" in legends
    names = Counter(r["name"] for r in radios)
    assert set(names.values()) == {4} and "C3-tuteur" in names
    ids = [e["id"] for e in soup.select("[id]")]
    assert len(ids) == len(set(ids))


def test_the_form_names_bloc_and_certification_in_its_repeated_header(referential: Referential) -> None:
    soup = BeautifulSoup(form_html(grids_for(referential.certifications[0])[1]), "html.parser")
    header = soup.select_one("thead tr.grille-rappel").get_text(" ", strip=True)
    assert "RNCP 21806" in header and "Bloc 1 : La conception d'un produit ou d'un système mécanique" in header


def test_capacity_text_is_escaped_in_the_form(referential: Referential) -> None:
    cert = referential.certifications[0]
    capacity = cert.capacities[0].model_copy(update={"label": '<script>alert(1)</script>" onmouseover="x'})
    cert = cert.model_copy(update={"capacities": (capacity, *cert.capacities[1:])})
    soup = BeautifulSoup(form_html(grids_for(cert)[1]), "html.parser")
    assert not soup.find("script") and not soup.select("[onmouseover]")
    assert "<script>alert(1)</script>" in soup.select_one('tr[data-capacite="C1"] th').get_text()


def test_grid_pages_and_pdfs_are_emitted_and_linked(referential: Referential, pages: dict[str, str]) -> None:
    for path in ("autoevaluation/index.md", "autoevaluation/rncp21806bc01.md", "autoevaluation/rncp21806bc02.md"):
        assert '<form class="grille"' in pages[path]
        assert "data-search-exclude" in pages[path]
    bloc = pages["blocs/rncp21806bc01.md"]
    assert "(../autoevaluation/rncp21806bc01.md)" in bloc and "(../pdf/grille-rncp21806bc01.pdf)" in bloc
    assert "(../pdf/grille-rncp21806bc01.pdf)" in pages["autoevaluation/rncp21806bc01.md"]
    files = render_site(referential, today=TODAY, pdf=False)
    assert "assets/javascripts/autoevaluation.js" in files and "assets/stylesheets/grille.css" in files


def test_a_fiche_without_blocs_still_gets_a_grid_of_all_its_capacities(referential: Referential) -> None:
    cert = referential.certifications[0].model_copy(update={"blocs": []})
    grids = grids_for(cert)
    assert len(grids) == 1 and [r.capacity.id for r in grids[0].rows] == ["C1", "C2", "C3", "C4", "C5", "C6"]
    soup = BeautifulSoup(form_html(grids[0]), "html.parser")
    assert len(soup.select("tr.grille-ligne")) == 6 and "(bloc" not in soup.get_text()

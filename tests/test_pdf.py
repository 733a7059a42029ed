"""The grids' PDFs, read back with pypdf: fillable fields, text on every page, metadata, determinism."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from generator.grids import grids_for, render_pdf
from generator.load import Referential
from tests.conftest import TODAY

PDFS = ["pdf/grille-rncp21806.pdf", "pdf/grille-rncp21806bc01.pdf", "pdf/grille-rncp21806bc02.pdf"]


def reader(site_files: dict[str, str | bytes], path: str) -> PdfReader:
    content = site_files[path]
    assert isinstance(content, bytes)
    return PdfReader(io.BytesIO(content))


@pytest.mark.parametrize("path", PDFS)
def test_pdf_is_a_fillable_form(site_files: dict[str, str | bytes], path: str) -> None:
    pdf = reader(site_files, path)
    fields = pdf.get_fields()
    capacities = (
        ["C1", "C2", "C3", "C4"]
        if path.endswith("bc01.pdf")
        else ["C5", "C6"]
        if path.endswith("bc02.pdf")
        else [f"C{i}" for i in range(1, 7)]
    )
    for cap in capacities:
        for column in ("candidat", "tuteur", "evaluateur"):
            radio = fields[f"{cap}-{column}"]
            assert radio["/FT"] == "/Btn"
            options = radio.get("/Opt")
            assert [str(o) for o in options] == ["pas-encore", "avec-aide", "autonome", "maitrise"]
        for text in ("preuves", "commentaires"):
            assert fields[f"{cap}-{text}"]["/FT"] == "/Tx"
    for name in ("identite-candidat", "identite-entreprise", "identite-tuteur", "signature-tuteur-date"):
        assert fields[name]["/FT"] == "/Tx"
    assert not [c for c in fields if c.startswith(("C7", "C8"))]


@pytest.mark.parametrize("path", PDFS)
def test_every_page_names_the_grid_and_the_certification(site_files: dict[str, str | bytes], path: str) -> None:
    pdf = reader(site_files, path)
    scope = "Toute la certification" if path.endswith("21806.pdf") else "Bloc 1" if "bc01" in path else "Bloc 2"
    for page in pdf.pages:
        text = " ".join(page.extract_text().split())
        assert "Concepteur modélisateur numérique de produits ou de systèmes mécaniques (RNCP 21806)" in text
        assert scope in text
        assert "document non officiel" in text  # copied text reads as written: no ligature glyphs
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width > height and round(width) == 842 and round(height) == 595  # A4 landscape


@pytest.mark.parametrize("path", PDFS)
def test_pdf_metadata(site_files: dict[str, str | bytes], path: str) -> None:
    pdf = reader(site_files, path)
    meta = pdf.metadata
    assert meta.title.startswith("Grille d’autoévaluation")
    assert "RNCP 21806" in meta.title and "non officielle" in meta.subject
    assert pdf.trailer["/Root"]["/Lang"] == "fr"
    assert pdf.trailer["/Root"]["/MarkInfo"]["/Marked"]


def test_a_filled_pdf_keeps_its_values(site_files: dict[str, str | bytes]) -> None:
    writer = PdfWriter(clone_from=reader(site_files, PDFS[1]))
    writer.update_page_form_field_values(
        writer.pages[0], {"C1-preuves": "Cahier des charges d’un bâti"}, auto_regenerate=False
    )
    out = io.BytesIO()
    writer.write(out)
    assert PdfReader(io.BytesIO(out.getvalue())).get_fields()["C1-preuves"]["/V"] == "Cahier des charges d’un bâti"


def test_pdfs_are_identical_from_one_build_to_the_next(
    referential: Referential, site_files: dict[str, str | bytes]
) -> None:
    grid = grids_for(referential.certifications[0])[1]
    assert render_pdf(grid, TODAY) == site_files[PDFS[1]]

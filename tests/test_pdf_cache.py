"""PDFs are kept between builds by content: an edit re-renders only the PDFs it changes, and a site can go without.

Rendering PDFs is most of a cold build (about 0.3 s each, 9 for RNCP 21806, about 15 per certification in a catalogue).
"""

from __future__ import annotations

import difflib
import io
import os
import re
import time
from multiprocessing import get_context
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator import pdfs
from generator.load import Referential, load_referential
from generator.pages import render_site
from tests.conftest import ROOT, SITE_URL, TODAY, copy_project


def pdf_paths(pages: dict[str, str | bytes]) -> set[str]:
    return {path for path in pages if path.endswith(".pdf")}


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record each document WeasyPrint renders (in this process: no worker pool)."""
    rendered: list[str] = []
    real = pdfs.html_to_pdf

    def count(html: str) -> bytes:
        rendered.append(html)
        return real(html)

    monkeypatch.setattr(pdfs, "html_to_pdf", count)
    monkeypatch.setattr(pdfs, "POOL_MIN", 10**6)
    return rendered


def test_an_edit_re_renders_only_the_pdfs_whose_document_changed(
    tmp_path: Path, counted: list[str], site_files: dict[str, str | bytes]
) -> None:
    project = copy_project(tmp_path / "project")
    cache = tmp_path / "cache"

    def build() -> dict[str, str | bytes]:
        ref = load_referential(project / "referential", project, curricula=project / "curricula")
        return render_site(ref, today=TODAY, pdf_cache=cache)

    first = build()
    assert len(counted) == len(pdf_paths(first)) == 9  # 3 grids, 3 dossiers, 2 avis, the memo
    assert {p: first[p] for p in pdf_paths(first)} == {p: site_files[p] for p in pdf_paths(site_files)}
    assert len(list(cache.glob("*.pdf"))) == 9
    two_days_ago = time.time() - 2 * 24 * 3600
    for entry in cache.glob("*.pdf"):  # as if the last build were two days old
        os.utime(entry, (two_days_ago, two_days_ago))

    counted.clear()
    assert build() == first  # nothing changed: no PDF rendered, the same bytes
    assert counted == []

    # Edit the wording of C5 (bloc 2): bloc 1's PDFs are not rendered again.
    yaml_file = project / "referential" / "rncp-21806.yaml"
    text = yaml_file.read_text("utf-8")
    yaml_file.write_text(text.replace("Etablir un planning d’avancement", "Établir le planning d’avancement"), "utf-8")
    counted.clear()
    second = build()
    changed = {p for p in pdf_paths(second) if second[p] != first[p]}
    assert len(counted) == len(changed)
    assert "pdf/grille-rncp21806bc02.pdf" in changed and "pdf/avis-entreprise-rncp21806bc02.pdf" in changed
    assert not {p for p in changed if "bc01" in p}, changed
    grid = PdfReader(io.BytesIO(second["pdf/grille-rncp21806bc02.pdf"]))  # type: ignore[arg-type]
    assert "Établir le planning" in re.sub(r"\s+", " ", " ".join(page.extract_text() for page in grid.pages))
    # The cache keeps this site's PDFs, however old, and drops the versions no build used for a day.
    assert len(list(cache.glob("*.pdf"))) == 9
    assert {pdfs.cache_key(html) for html in counted} <= {entry.stem for entry in cache.glob("*.pdf")}


def test_a_damaged_cache_entry_is_rendered_again(
    tmp_path: Path, counted: list[str], referential: Referential, site_files: dict[str, str | bytes]
) -> None:
    cache = tmp_path / "cache"
    render_site(referential, today=TODAY, pdf_cache=cache)
    entry = sorted(cache.glob("*.pdf"))[0]
    entry.write_bytes(entry.read_bytes()[:1000])  # a disk full, a build killed in an older version
    counted.clear()
    pages = render_site(referential, today=TODAY, pdf_cache=cache)
    assert len(counted) == 1
    assert {p: pages[p] for p in pdf_paths(pages)} == {p: site_files[p] for p in pdf_paths(site_files)}


def test_two_builds_sharing_the_cache_do_not_remove_each_others_pdfs(
    tmp_path: Path, counted: list[str], referential: Referential
) -> None:
    cache = tmp_path / "cache"
    other = {"autre.pdf": "<html lang=fr><body><p>Un autre site, construit à côté</p></body></html>"}
    pdfs.render_pdfs(other, cache=cache)
    render_site(referential, today=TODAY, pdf_cache=cache)
    counted.clear()
    pdfs.render_pdfs(other, cache=cache)
    assert counted == []  # still there: the other build's PDF is young


def test_a_pdf_made_with_other_text_libraries_is_not_served(monkeypatch: pytest.MonkeyPatch) -> None:
    html = "<html lang=fr><body><p>Grille</p></body></html>"
    key = pdfs.cache_key(html)
    real = pdfs._system_libraries()
    monkeypatch.setattr(pdfs, "_system_libraries", lambda: [*real[1:], "pango=99999"])  # a newer Pango
    pdfs._engine_digest.cache_clear()
    try:
        assert pdfs.cache_key(html) != key
    finally:
        pdfs._engine_digest.cache_clear()


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_pdfs_rendered_by_worker_processes_are_those_of_one_process(
    site_files: dict[str, str | bytes], monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    """Fork under `mkdocs build`, spawn under `mkdocs serve` (threads): the same bytes either way."""
    monkeypatch.setattr(pdfs, "_context", lambda: get_context(method))
    referential = load_referential(ROOT / "referential", ROOT)
    from generator.grids import grids_for, pdf_html

    documents = {g.pdf_path: pdf_html(g, TODAY) for g in grids_for(referential.certifications[0])}
    documents["copie.pdf"] = documents["pdf/grille-rncp21806.pdf"]  # four documents: enough for the pool
    assert len(documents) >= pdfs.POOL_MIN
    pooled = pdfs.render_pdfs(documents, jobs=2)
    assert pooled == {path: pdfs.html_to_pdf(html) for path, html in documents.items()}
    assert pooled["pdf/grille-rncp21806bc01.pdf"] == site_files["pdf/grille-rncp21806bc01.pdf"]


def test_a_site_without_pdfs_points_to_the_print_version_and_links_no_pdf(
    referential: Referential, site_files: dict[str, str | bytes]
) -> None:
    pages = render_site(referential, today=TODAY, pdf=False)
    assert not pdf_paths(pages)
    linked = [
        (path, m)
        for path, text in pages.items()
        if path.endswith(".md")
        for m in re.findall(r"\]\([^)]*\.pdf\)", str(text))
    ]
    assert not linked, linked

    def text(path: str) -> str:
        return re.sub(r"[\u00a0\u202f]", " ", str(pages[path]))

    assert "imprimez-la (bouton « Imprimer la grille remplie ») : la fenêtre d’impression" in text(
        "autoevaluation/rncp21806bc01.md"
    )
    assert "imprimez-le (bouton « Imprimer le dossier rempli »)" in text("parcours/candidat/dossier-de-preuves.md")
    assert "version PDF" not in text("autoevaluation/rncp21806bc01.md")  # nor in the page's description
    assert pdf_paths(site_files) and set(pages) == set(site_files) - pdf_paths(site_files)
    # Only the sentences about PDFs change: no line is joined to the next, none is lost.
    with_links = render_site(referential, today=TODAY, pdf=False, site_url=SITE_URL)
    for path, page in with_links.items():
        if not path.endswith(".md"):
            continue
        before, after = str(site_files[path]).splitlines(), str(page).splitlines()
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
            if tag != "equal":
                assert all("PDF" in line for line in before[i1:i2]), (path, before[i1:i2], after[j1:j2])
                assert j2 - j1 <= i2 - i1, (path, before[i1:i2], after[j1:j2])

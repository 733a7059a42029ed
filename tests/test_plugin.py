"""The MkDocs adapter: it watches the referential and serves unchanged inputs from its cache."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.config import load_config

from generator.linkcheck import check_site, folder_fetch, site_files
from tests.conftest import ROOT, SITE_URL, copy_project, mkdocs_build


def test_serve_watches_the_referential_folder(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = load_config(str(project / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    assert str(project / "referential") in config.watch


def test_an_edited_referential_is_rendered_again_not_taken_from_the_cache(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    assert list((project / ".cache" / "referentiel").glob("pages-*.json"))
    cached = {p: p.stat().st_mtime_ns for p in (project / ".cache" / "referentiel" / "pdf").glob("*.pdf")}
    yaml_file = project / "referential" / "rncp-21806.yaml"
    yaml_file.write_text(yaml_file.read_text("utf-8").replace("81 titulaires", "82 titulaires"), "utf-8")
    assert mkdocs_build(project, site).returncode == 0
    assert "82 titulaires" in (site / "certification" / "index.html").read_text("utf-8")
    # The PDFs are kept apart, by content: the second build rendered none of them again (the edit is not in them).
    assert len(cached) == 9
    assert {p: p.stat().st_mtime_ns for p in (project / ".cache" / "referentiel" / "pdf").glob("*.pdf")} == cached


def test_a_site_built_without_pdfs_has_none_and_no_broken_link(tmp_path: Path) -> None:
    """The `pdf: false` option, for large catalogues: pages point to the print version instead."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "      referential: referential\n" in text
    config.write_text(
        text.replace("      referential: referential\n", "      referential: referential\n      pdf: false\n")
    )
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    assert not list(site.rglob("*.pdf"))
    assert (site / "autoevaluation" / "index.html").is_file()
    sub_path = urlsplit(SITE_URL).path
    report = check_site(
        site_files(site), folder_fetch(site, sub_path), "http://localhost" + sub_path, site_url=SITE_URL
    )
    assert not report.broken, "\n".join(map(str, report.broken))
    assert report.checked > 500


def test_a_large_catalogue_built_with_pdfs_says_how_to_go_without(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from generator import pages, plugin

    monkeypatch.setattr(plugin, "PDF_HINT", 0)  # the repository's one certification stands for a large catalogue
    monkeypatch.setattr(pages, "render_site", lambda *args, **kwargs: {})  # the message comes before any rendering
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.referentiel"):
        plugin._render(ROOT / "referential", ROOT, None, pdf=True, pdf_cache=None)
        assert "L’option « pdf: false » du greffon les retire" in caplog.text
        caplog.clear()
        plugin._render(ROOT / "referential", ROOT, None, pdf=False, pdf_cache=None)
        assert "pdf: false" not in caplog.text

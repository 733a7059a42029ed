"""The MkDocs adapter: it watches the referential and serves unchanged inputs from its cache."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config

from tests.conftest import copy_project, mkdocs_build


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
    yaml_file = project / "referential" / "rncp-21806.yaml"
    yaml_file.write_text(yaml_file.read_text("utf-8").replace("81 titulaires", "82 titulaires"), "utf-8")
    assert mkdocs_build(project, site).returncode == 0
    assert "82 titulaires" in (site / "certification" / "index.html").read_text("utf-8")

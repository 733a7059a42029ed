"""Publishing on GitHub Pages: the workflow, site_url in one place, the site, its 404 and its files under a sub-path."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import ROOT, copy_project, mkdocs_build
from tests.test_browser import search

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job["steps"])


def test_the_workflow_builds_with_the_readme_command_and_deploys_with_the_official_actions() -> None:
    workflow = yaml.load(WORKFLOW.read_text("utf-8"), Loader=yaml.BaseLoader)  # "on" stays a key, not True
    assert workflow["on"]["push"]["branches"] == ["main"] and "workflow_dispatch" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = workflow["jobs"]["construire"], workflow["jobs"]["publier"]
    uses = [s.get("uses", "").split("@")[0] for s in steps(build)]
    assert uses[:1] == ["actions/checkout"] and "actions/configure-pages" in uses
    assert uses[-1] == "actions/upload-pages-artifact" and steps(build)[-1]["with"]["path"] == "site"
    (run,) = [s for s in steps(build) if "make" in s.get("run", "")]
    assert run["run"] == "make site"
    assert run["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    pages_step = next(s for s in steps(build) if s.get("uses", "").startswith("actions/configure-pages"))
    assert pages_step["id"] == "pages"
    assert deploy["needs"] == "construire" and deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in steps(deploy)] == ["actions/deploy-pages"]
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "make site" in readme and ".github/workflows/pages.yml" in readme and "GitHub Actions" in readme


def test_site_url_is_set_in_one_place() -> None:
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert len(re.findall(r"^site_url:", config, re.M)) == 1
    assert re.search(r"^site_url: !ENV \[SITE_URL, ", config, re.M)
    for path in [*(ROOT / "generator").rglob("*"), *(ROOT / "overrides").rglob("*"), *(ROOT / "docs").rglob("*")]:
        if path.is_file() and path.suffix in (".py", ".j2", ".html", ".md", ".js"):
            assert "github.io" not in path.read_text("utf-8"), path


def test_a_fork_publishes_under_its_own_address(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    result = mkdocs_build(project, site, SITE_URL="https://org.github.io/repo/")
    assert result.returncode == 0, result.stderr
    not_found = BeautifulSoup((site / "404.html").read_text("utf-8"), "html.parser")
    assets = [t.get("href") or t.get("src") for t in not_found.select("link[rel=stylesheet], script[src]")]
    assert assets and all(a.startswith("/repo/") for a in assets), assets
    home = (site / "index.html").read_text("utf-8")
    assert '<link rel="canonical" href="https://org.github.io/repo/">' in home
    data = json.loads(BeautifulSoup(home, "html.parser").find("script", type="application/ld+json").string)
    assert data["url"] == "https://org.github.io/repo/"
    badge = json.loads((site / "donnees/open-badges/rncp21806bc01.json").read_text("utf-8"))
    assert badge["criteria"]["id"] == "https://org.github.io/repo/blocs/rncp21806bc01/"


def watch(page: Any) -> tuple[list[str], list[str]]:
    failed: list[str] = []
    errors: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return failed, errors


@pytest.mark.browser
def test_the_404_page_works_under_the_sub_path(browser: Any, served_site: tuple[str, list[tuple[str, int]]]) -> None:
    base, _ = served_site
    page = browser.new_page()
    failed, errors = watch(page)
    response = page.goto(base + "capacites/c9/")
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")
    assert failed == [f"404 {base}capacites/c9/"], failed
    assert errors == []
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    titles = search(page, "modelisateur")
    assert "Concepteur modélisateur numérique de produits ou de systèmes mécaniques" in titles
    page.locator(".md-search__input").press("Escape")
    page.locator(".md-header__button.md-logo").click()
    page.wait_for_load_state("networkidle")
    assert page.url == base
    assert page.locator("h1").first.inner_text().startswith("Concepteur modélisateur numérique")
    page.close()


@pytest.mark.browser
def test_every_download_is_served_under_the_sub_path(
    browser: Any, built_site: Path, served_site: tuple[str, list[tuple[str, int]]], site_files: dict[str, str | bytes]
) -> None:
    base, _ = served_site
    page = browser.new_page()
    page.goto(base + "donnees/")
    links = page.eval_on_selector_all("article a[href]", "els => els.map(a => a.href)")
    files = sorted({u for u in links if urlsplit(u).path.endswith((".json", ".csv"))})
    exported = [p for p in site_files if p.startswith("donnees/") and p.endswith((".json", ".csv"))]
    assert len(files) == len(exported), files
    for url in files:
        response = page.request.get(url)
        assert response.status == 200, url
        assert response.body() == (built_site / urlsplit(url).path.removeprefix(urlsplit(base).path)).read_bytes()
    home = page.request.get(base)
    assert "donnees/rncp21806-case.json" in home.text()
    page.close()


def test_the_readme_says_how_to_publish_in_three_steps() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Publier sur GitHub Pages", 1)[1].split("\n## ", 1)[0]
    assert len(re.findall(r"^\d\. ", section, re.M)) == 3
    assert "SITE_URL" in section or "site_url" in section

"""The Content-Security-Policy: only the site's own files and the theme's inline code may run, on every page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator.csp import inline_code, policy, with_policy
from tests.conftest import copy_project, mkdocs_build

THEME_PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>x</title>
<script>__md_scope=new URL(".",location)</script><style>:root{--x:1}</style>
<script src="assets/app.js"></script><script id="__config" type="application/json">{"a": 1}</script>
</head><body><article class="md-content__inner md-typeset"><p>texte</p>{content}</article>
<script src="assets/javascripts/bundle.js"></script></body></html>"""
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def test_only_the_theme_inline_code_gets_a_hash() -> None:
    page = THEME_PAGE.replace("{content}", "<script>alert(1)</script><style>body{display:none}</style>")
    found = inline_code(page)
    assert [(i.kind, i.code, i.in_content) for i in found] == [
        ("script", '__md_scope=new URL(".",location)', False),
        ("style", ":root{--x:1}", False),
        ("script", "alert(1)", True),
        ("style", "body{display:none}", True),
    ]
    value = policy([page])
    assert found[0].digest in value and found[1].digest in value
    assert found[2].digest not in value and found[3].digest not in value
    assert "'unsafe-inline'" not in value and "'unsafe-eval'" not in value


def test_the_policy_comes_before_any_script_and_replaces_an_older_one() -> None:
    page = with_policy(THEME_PAGE.replace("{content}", ""), "default-src 'self'")
    assert page.index('http-equiv="Content-Security-Policy"') < page.index("<script")
    assert with_policy(page, "default-src 'none'").count("Content-Security-Policy") == 1
    assert "default-src 'none'" in with_policy(page, "default-src 'none'")


def test_every_built_page_carries_the_same_strict_policy(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 17
    policies = set()
    for page in pages:
        html = page.read_text("utf-8")
        found = META.findall(html)
        assert len(found) == 1, page
        assert html.index("Content-Security-Policy") < html.index("<script"), page
        policies.add(found[0])
        for item in inline_code(html):
            assert not item.in_content, f"{page}: inline {item.kind} in the content"
            assert item.digest in found[0], f"{page}: inline {item.kind} without its hash"
    assert len(policies) == 1
    value = policies.pop()
    directives = dict(d.split(" ", 1) for d in value.split("; "))
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert "'unsafe-inline'" not in value and "'unsafe-eval'" not in value
    sources = {s for d in directives.values() for s in d.split()}
    assert all(s in ("'self'", "'none'", "data:") or s.startswith("'sha256-") for s in sources), sources


@pytest.fixture(scope="module")
def planted_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project whose hand-written page holds an inline script (a planted defect)."""
    project = copy_project(tmp_path_factory.mktemp("csp") / "project")
    page = project / "docs" / "a-propos.md"
    page.write_text(
        page.read_text("utf-8") + '\n<script>document.title = "SCRIPT EN LIGNE EXÉCUTÉ";</script>\n', "utf-8"
    )
    return project


def test_an_inline_script_in_a_page_fails_the_strict_build_with_the_fix(planted_script: Path, tmp_path: Path) -> None:
    result = mkdocs_build(planted_script, tmp_path / "site")
    assert result.returncode == 1
    assert "a-propos/index.html : 1 script en ligne dans le contenu de la page" in result.stderr
    assert "extra_javascript" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.browser
def test_the_browser_enforces_the_policy(browser: Any, planted_script: Path, tmp_path: Path) -> None:
    """Built without --strict, the planted script reaches the page; Chromium refuses to run it, not the theme."""
    import subprocess
    import sys

    from tests.conftest import ENV
    from tests.webserver import serve

    site = tmp_path / "site"
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(planted_script / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=planted_script,
    )
    assert built.returncode == 0, built.stderr
    refused: list[str] = []
    with serve(site) as (base, _):
        page = browser.new_page()
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(base + "a-propos/")
        page.wait_for_load_state("networkidle")
        assert page.title() != "SCRIPT EN LIGNE EXÉCUTÉ"
        assert page.evaluate("typeof __md_scope") == "object"  # the theme's own inline script ran
        page.locator(".md-search__input").click()
        page.locator(".md-search__input").press_sequentially("jury", delay=15)
        page.wait_for_selector(".md-search-result__item")  # the theme's scripts and search worker work
        page.close()
    assert any("script-src" in message for message in refused), refused


@pytest.mark.parametrize(("command", "protected"), [("build", True), ("gh-deploy", True), ("serve", False)])
def test_live_preview_keeps_its_reload_script(tmp_path: Path, command: str, protected: bool) -> None:
    """`mkdocs serve` injects an inline live-reload script: the policy is only added to real builds."""
    from types import SimpleNamespace

    from generator.plugin import ReferentialPlugin

    page = tmp_path / "index.html"
    page.write_text(THEME_PAGE.replace("{content}", ""), "utf-8")
    plugin = ReferentialPlugin()
    plugin.load_config({})
    plugin.on_startup(command=command, dirty=False)
    plugin.on_post_build(config=SimpleNamespace(site_dir=str(tmp_path)))  # type: ignore[arg-type]
    assert bool(META.search(page.read_text("utf-8"))) is protected

"""Hostile text in any field is shown as typed or refused with a located message; it never runs.

A referential with a payload in every string value (tests/hostile.py) is built for real, then visited in
Chromium twice: once with the Content-Security-Policy bypassed, so that the escaping alone is tested, and
once with it, where no payload may even be blocked (a blocked payload is a payload that reached the page).
"""

from __future__ import annotations

import contextlib
import copy
import html
import json
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data
from mkdocs.utils.yaml import yaml_load

from generator import ReferentialError, load_referential, render_site
from tests.conftest import ROOT, TODAY, copy_project, mkdocs_build
from tests.hostile import MARK, PAYLOADS, Hostile, hostile_referential
from tests.test_fuzz import CERT, DATA, FILES, GLOSSARY, ORIGINAL, fuzz_settings

BROWSER_SIZES = {"ordinateur": {"width": 1280, "height": 800}, "téléphone": {"width": 375, "height": 740}}
QUERIES = ["alert", "script", "pirate", "onerror", "javascript", "iframe", "style", "CAO"]


def squash(text: str) -> str:
    """Text without any spacing: the site may change spaces (French typography), never other characters."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Hostile, Path]:
    work = tmp_path_factory.mktemp("hostile")
    project = copy_project(work / "project")
    shutil.rmtree(project / "referential")
    placed = hostile_referential(ROOT / "referential", project / "referential")
    site = work / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return placed, site


def article(page: Path) -> BeautifulSoup:
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    return soup.select_one("article") or soup


def test_every_text_field_takes_hostile_text_and_only_codes_refuse_it(hostile: tuple[Hostile, Path]) -> None:
    placed, _ = hostile
    assert len(placed.placed[CERT]) >= 100 and len(placed.placed[GLOSSARY]) >= 70, {
        k: len(v) for k, v in placed.placed.items()
    }
    for problem in placed.refused:
        text = str(problem)
        assert re.match(r"referential/[\w.-]+\.yaml:\d+ \S", text), text
        # Only fields with a format (codes, ids, dates, addresses, numbers, choices) may refuse text.
        assert problem.expected not in ("du texte", "un texte non vide"), text
        assert "Correction : " in text


def test_hostile_text_is_shown_exactly_as_typed(hostile: tuple[Hostile, Path]) -> None:
    placed, site = hostile
    shown = squash("".join(article(p).get_text() for p in sorted(site.rglob("*.html"))))
    docs = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    index = squash(html.unescape(" ".join(doc.get("keywords", "") for doc in docs)))
    lost = []
    for file, values in placed.placed.items():
        for path, text in values.items():
            # Search variants of a glossary term are typed for the search engine only: they must reach its index.
            where = index if re.fullmatch(r"terms\[\d+\]\.search\[\d+\]", path) else shown
            if squash(text) not in where:
                lost.append(f"{file} {path}: {text[:60]!r}")
    assert not lost, "\n".join(lost)


def test_hostile_text_adds_no_element_handler_or_script_address(
    hostile: tuple[Hostile, Path], built_site: Path
) -> None:
    _, site = hostile
    pages = sorted(p.relative_to(site) for p in site.rglob("*.html"))
    assert pages == sorted(p.relative_to(built_site) for p in built_site.rglob("*.html"))
    for page in pages:
        soup = BeautifulSoup((site / page).read_text("utf-8"), "html.parser")
        for element in soup.find_all(True):
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            assert not handlers, f"{page}: <{element.name} {handlers}>"
            for name in ("href", "src", "action", "formaction", "data", "xlink:href"):
                value = str(element.get(name, "")).strip().lower()
                assert not value.startswith(("javascript:", "vbscript:", "data:text")), f"{page}: {name}={value}"
                assert MARK not in value.split("#")[0], f"{page}: {name}={value}"
        tags = {tag.name for tag in article(site / page).find_all(True)}
        expected = {tag.name for tag in article(built_site / page).find_all(True)}
        assert tags <= expected, f"{page}: new elements {sorted(tags - expected)}"
        raw_title = re.search(r"<title>(.*?)</title>", (site / page).read_text("utf-8"), re.S)
        assert raw_title and "<" not in raw_title.group(1), page


POINT_AT_TITLES = """() => { window.__pointed = null; (async () => {
    // What a pointer or the keyboard does to everything with a title: the theme may build an infobulle from it.
    const pause = ms => new Promise(r => setTimeout(r, ms));
    await pause(50);
    const targets = [...document.querySelectorAll("[title]")].map(el => el.closest("a, button") || el);
    for (const el of targets) {
        el.focus({preventScroll: true});
        el.dispatchEvent(new MouseEvent("mouseenter"));
        await pause(15);
        el.dispatchEvent(new MouseEvent("mouseleave"));
    }
    await pause(100);
    window.__pointed = targets.length;
})(); }"""


def point_at_titles(page: Any, *, csp: bool) -> int:
    """Run POINT_AT_TITLES with a time limit: a payload that runs may keep the page busy for ever."""
    page.evaluate(POINT_AT_TITLES)
    if not csp:  # wait_for_function runs a timed poll in the page (new Function: only without the CSP)
        return int(page.wait_for_function("window.__pointed", timeout=10_000).json_value())
    for _ in range(100):  # under the CSP no payload can run a loop: asking the page is safe
        done = page.evaluate("window.__pointed")
        if done is not None:
            return int(done)
        page.wait_for_timeout(50)
    raise AssertionError(f"{page.url}: the page did not finish pointing at its titles in 5 s")


def search_everything(page: Any, base: str, *, small: bool, csp: bool) -> int:
    """Search for words of the payloads, open every group of results, point at what has a title."""
    pointed = 0
    page.goto(base)
    for query in QUERIES:
        if small:
            page.locator("label.md-header__button[for='__search']").first.click()
        box = page.locator(".md-search__input")
        box.click()
        box.fill("")
        box.press_sequentially(query, delay=10)
        # A locator wait: wait_for_function evaluates a string, which the CSP refuses once it has to poll.
        page.locator(".md-search-result__meta").filter(has_not_text=re.compile("Taper pour|Initialisation")).wait_for()
        for more in page.query_selector_all(".md-search-result__more > summary"):
            if more.is_visible():
                more.click()
        pointed += point_at_titles(page, csp=csp)
        page.keyboard.press("Escape")
        if small:
            search_closed(page)
    return pointed


LABEL_ON_TOP = """() => { const label = document.querySelector("label.md-header__button[for='__search']");
    const box = label.getBoundingClientRect();
    return label.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2)); }"""


def search_closed(page: Any) -> None:
    """Wait for the phone's search panel to slide away, as a person does before touching the search button again."""
    for _ in range(100):  # asking the page, not wait_for_function: that one is refused under the CSP
        if page.evaluate(LABEL_ON_TOP):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"{page.url}: the search panel still covers the search button 5 s after Escape")


def visit_everything(page: Any, base: str, site: Path, *, small: bool, csp: bool, incidents: list[str]) -> int:
    """Open every page, open the menu on a phone, point at everything with a title, then search the payloads.

    Stops at the first incident: a payload that runs may navigate away or open dialogs in a loop.
    """
    from playwright.sync_api import Error

    pointed = 0
    for file in sorted(site.rglob("*.html")):
        path = file.relative_to(site).as_posix()
        url = base + ("page/introuvable/" if path == "404.html" else path.removesuffix("index.html"))
        try:
            page.goto(url)
            if small:
                page.locator("label.md-header__button[for='__drawer']").click()
            pointed += point_at_titles(page, csp=csp)
        except Error as error:
            incidents.append(f"{url} (now {page.url}): {str(error).splitlines()[0]}")
        if incidents:
            return pointed
    try:
        pointed += search_everything(page, base, small=small, csp=csp)
    except Error as error:
        incidents.append(f"search (now {page.url}): {str(error).splitlines()[0]}")
    return pointed


@pytest.fixture(scope="module")
def served_hostile(hostile: tuple[Hostile, Path]) -> Iterator[tuple[str, Path]]:
    from tests.webserver import serve

    with serve(hostile[1]) as (base, _):
        yield base, hostile[1]


@pytest.mark.browser
@pytest.mark.parametrize("size", list(BROWSER_SIZES))
@pytest.mark.parametrize("policy", ["sans CSP", "avec CSP"])
def test_no_payload_runs_in_a_browser(browser: Any, served_hostile: tuple[str, Path], size: str, policy: str) -> None:
    base, site = served_hostile
    context = browser.new_context(viewport=BROWSER_SIZES[size], bypass_csp=policy == "sans CSP")
    # A payload calls alert(N): report it as a request instead of a dialog, which could loop (onfocus → alert).
    context.add_init_script(
        "for (const name of ['alert', 'confirm', 'prompt', 'print'])"
        "  window[name] = m => { fetch(`/pirate-ran-${name}-${m}`).catch(() => {}); };"
    )
    requests: list[str] = []
    # Every address a payload loads or navigates to contains MARK: note it, and go nowhere.
    context.route(f"**/*{MARK}*", lambda route: (requests.append(route.request.url), route.abort()))
    page = context.new_page()
    page.set_default_timeout(10_000)
    dialogs: list[str] = []
    errors: list[str] = []
    blocked: list[str] = []

    def dialog(d: Any) -> None:
        dialogs.append(f"{page.url}: {d.type}({d.message})")
        with contextlib.suppress(Exception):
            d.dismiss()

    def console(message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            blocked.append(f"{page.url}: {message.text}")

    page.on("dialog", dialog)
    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    incidents: list[str] = []
    pointed = visit_everything(
        page, base, site, small=size == "téléphone", csp=policy == "avec CSP", incidents=incidents
    )
    context.close()
    assert not dialogs, dialogs[:10]
    assert not requests, requests[:10]
    assert not incidents, incidents
    assert not errors, errors[:10]
    assert pointed > 100  # every page was visited and its titles pointed at
    if policy == "avec CSP":
        assert not blocked, blocked[:10]


# -- the same promise for any text: a property of the pure core and of the site's Markdown ------

TOKENS = [
    *"<>&\"'`*_[](){}#!|~^=:;?$@-+.,\\/%\n\t aé1«»",
    "\u00a0",
    "<script>",
    "</script>",
    "javascript:",
    " onerror=",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "---",
    "...",
    "!!! note",
    "???",
    "{: ",
    "*[",
    "]:",
    "[^1]",
    "&lt;",
    "&#60;",
    "&amp;",
    "<!--",
    "-->",
    "http://x.example/",
    "www.x.example",
    "<https://x.example>",
    "[a](b)",
    "![a](b)",
    "<div markdown>",
    "</div>",
    "```",
    "~~~",
    "==",
    "^^",
    "++",
    ":material-x:",
    "--8<--",
    "[TOC]",
    "\\<",
    "\n\n    ",
    "\n- ",
    "\n1. ",
    "\n# ",
    "\n> ",
]
# (file, YAML path, page, whether the value also makes the page's title)
FIELDS = [
    (CERT, ("summary", 0), "index.md", False),
    (CERT, ("identity", "title"), "index.md", True),
    (CERT, ("capacities", 2, "label"), "capacites/c3.md", True),
    (CERT, ("blocs", 0, "title"), "blocs/rncp21806bc01.md", True),
    (CERT, ("access", "juries", 0, "text", 0), "acces-et-evaluation.md", False),
    (CERT, ("evaluation_modes", 0, "name"), "acces-et-evaluation.md", False),
    (CERT, ("access", "routes", 0, "label"), "acces-et-evaluation.md", False),
    (CERT, ("guidance", "audiences", 0, "text"), "index.md", False),
    (CERT, ("sources", 0, "note"), "certification.md", False),
    (GLOSSARY, ("terms", 0, "term"), "glossaire.md", False),
    (GLOSSARY, ("terms", 0, "definition"), "glossaire.md", False),
]


@lru_cache(maxsize=1)
def site_markdown() -> markdown.Markdown:
    """The site's Markdown, with the extensions and settings of mkdocs.yml."""
    with (ROOT / "mkdocs.yml").open("rb") as handle:
        config = yaml_load(handle)
    names: list[str] = []
    settings: dict[str, Any] = {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        settings[name] = options or {}
    return markdown.Markdown(extensions=names, extension_configs=settings)


def render_with(field: tuple[str, tuple[Any, ...], str, bool], value: str) -> tuple[str, dict[str, Any]] | None:
    """Put a value in one field, load and render: the page's HTML and front matter, or None if refused."""
    file, path, page, _ = field
    data = copy.deepcopy(DATA[file])
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "referential"
        folder.mkdir()
        for name in FILES:
            content = yaml.safe_dump(data, allow_unicode=True, sort_keys=False) if name == file else ORIGINAL[name]
            (folder / name).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        try:
            referential = load_referential(folder, folder.parent)
        except ReferentialError:
            return None
    body, meta = get_data(render_site(referential, today=TODAY, pdf=False)[page])  # the page, not its PDFs
    converter = site_markdown()
    converter.reset()
    return converter.convert(body), meta


def tag_names(page_html: str) -> Counter[str]:
    return Counter(tag.name for tag in BeautifulSoup(page_html, "html.parser").find_all(True))


@fuzz_settings(120)
@given(st.sampled_from(FIELDS), st.lists(st.sampled_from(TOKENS), min_size=1, max_size=30).map("".join))
def test_any_text_in_a_field_is_shown_as_typed_and_changes_no_markup(
    field: tuple[str, tuple[Any, ...], str, bool], text: str
) -> None:
    value = f"¤{text}¤"
    rendered = render_with(field, value)
    assert rendered is not None, f"refused: {value!r}"
    page_html, meta = rendered
    baseline = render_with(field, "¤x¤")
    assert baseline is not None
    assert tag_names(page_html) == tag_names(baseline[0]), page_html
    assert squash(value) in squash(BeautifulSoup(page_html, "html.parser").get_text())
    if field[3]:
        assert squash(value) in squash(html.unescape(meta["title"])), meta["title"]
    assert set(PAYLOADS)  # the browser test's payloads and these tokens cover the same syntax

"""Accessibility gates run in Chromium: axe-core (WCAG 2.1 A and AA) and the keyboard alone on every control."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@lru_cache(maxsize=1)
def axe_script() -> str:
    """axe-core as installed by `npm ci`, set to explain its findings in French."""
    source = AXE / "axe.min.js"
    if not source.is_file():
        pytest.fail(f"{source} is missing: run `npm ci` (make test does it)")
    locale = json.loads((AXE / "locales" / "fr.json").read_text("utf-8"))
    return source.read_text("utf-8") + f"\naxe.configure({{locale: {json.dumps(locale)}}});"


def axe_violations(page: Any, where: str) -> list[str]:
    """Run axe-core on the page as it is now (the context must bypass the CSP to inject it)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=axe_script())
    found = page.evaluate(
        """async tags => (await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]}))
            .violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => ({
                target: n.target.join(" "), summary: n.failureSummary}))}))""",
        WCAG_21_AA,
    )
    return [
        f"{where} [{v['id']}] {v['help']} : {node['target']} — {' '.join(node['summary'].split())}"
        for v in found
        for node in v["nodes"]
    ]


CONTROLS = """() => {
    // The controls of the page's content a person operates: form fields, buttons, ARIA widgets.
    const selector = "input:not([type=hidden]), select, textarea, button, summary, [contenteditable=''],"
        + " [contenteditable=true], [role=button], [role=checkbox], [role=radio], [role=switch], [role=slider],"
        + " [role=spinbutton], [role=combobox], [role=textbox], [role=tab], [role=menuitem], [role=option]";
    const main = document.querySelector(".md-content") || document.body;
    return [...main.querySelectorAll(selector)].filter(el => {
        const box = el.getBoundingClientRect(), style = getComputedStyle(el);
        return !el.disabled && box.width > 0 && box.height > 0 && style.visibility !== "hidden";
    }).map((el, i) => { el.dataset.controle = String(i); return {
        index: i, tag: el.tagName.toLowerCase(), type: (el.getAttribute("type") || "").toLowerCase(),
        role: el.getAttribute("role") || "", group: el.type === "radio" && el.name ? el.name : "", name: el.labels && el.labels[0] ? el.labels[0].innerText.trim()
            : (el.getAttribute("aria-label") || el.innerText || el.name || el.id || "").trim().slice(0, 40),
    }; });
}"""

STATE = """el => ({value: el.value ?? null, checked: el.checked ?? null,
    pressed: el.getAttribute("aria-pressed"), ariaChecked: el.getAttribute("aria-checked"),
    open: el.closest("details") ? el.closest("details").open : null})"""


def _focused(page: Any) -> str | None:
    value = page.evaluate("document.activeElement && document.activeElement.dataset.controle")
    return str(value) if value is not None else None


def keyboard_problems(page: Any, where: str) -> list[str]:
    """Reach every control of the page with Tab alone, see where the focus is, and operate the control by keyboard.

    Text fields take typed text, check boxes and radio buttons Space, lists the arrow keys, disclosure widgets
    Enter; every control must show where the focus is (the picture around it changes when it takes the focus).
    """
    controls = {str(c["index"]): c for c in page.evaluate(CONTROLS)}
    if not controls:
        return []
    problems: list[str] = []
    tabbable = int(
        page.evaluate(
            "document.querySelectorAll('a[href], input, select, textarea, button, summary, [tabindex]').length"
        )
    )
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Home")
    reached: list[str] = []
    previous = None
    still = 0
    for _ in range(tabbable + 10):
        page.keyboard.press("Tab")
        current = page.evaluate("document.activeElement ? document.activeElement.outerHTML.slice(0, 80) : ''")
        still = still + 1 if current == previous else 0
        if still >= 3:
            problems.append(f"{where} : le focus reste bloqué sur {current} (piège au clavier)")
            break
        previous = current
        index = _focused(page)
        if index is not None and index not in reached:
            reached.append(index)
            problems += _operate(page, controls[index], where)
            if controls[index]["group"]:
                problems += _radio_group(page, controls, controls[index], reached, where)
        if len(reached) == len(controls):
            break
    for index, control in controls.items():
        if index not in reached:
            problems.append(f"{where} : {control['tag']} « {control['name']} » n’est pas atteint avec la touche Tab")
    return problems


def _focus_shown(page: Any, element: Any, label: str) -> list[str]:
    """The picture around the focused control changes when it loses the focus; the focus comes back by keyboard."""
    problems = []
    box = element.bounding_box()
    if box:
        clip = {
            "x": max(box["x"] - 8, 0),
            "y": max(box["y"] - 8, 0),
            "width": box["width"] + 16,
            "height": box["height"] + 16,
        }
        focused = page.screenshot(clip=clip)
        page.evaluate("el => el.blur()", element.element_handle())
        unfocused = page.screenshot(clip=clip)
        element.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # back, with the keyboard, so that :focus-visible applies
        if focused == unfocused:
            problems.append(f"{label} ne montre pas qu’il a le focus (aucun changement visible)")
    return problems


def _radio_group(
    page: Any, controls: dict[str, dict[str, Any]], first: dict[str, Any], reached: list[str], where: str
) -> list[str]:
    """A group of radio buttons is one stop of the Tab key; the arrow keys choose each of its other buttons."""
    problems: list[str] = []
    group = [c for c in controls.values() if c["group"] == first["group"]]
    start = group.index(first)
    # The arrow keys go round the group from the button reached with Tab.
    others = [c for c in group[start + 1 :] + group[:start] if str(c["index"]) not in reached]
    for control in others:
        element = page.locator(f"[data-controle='{control['index']}']")
        label = f"{where} : {control['tag']} « {control['name']} »"
        before = element.evaluate(STATE)
        page.keyboard.press("ArrowDown")
        index = _focused(page)
        if index != str(control["index"]):
            problems.append(f"{label} n’est pas atteint avec les flèches dans son groupe de boutons radio")
            continue
        reached.append(index)
        if element.evaluate(STATE) == before:
            problems.append(f"{label} ne change pas quand on l’utilise au clavier")
        problems += _focus_shown(page, element, label)
    return problems


def _operate(page: Any, control: dict[str, Any], where: str) -> list[str]:
    element = page.locator(f"[data-controle='{control['index']}']")
    label = f"{where} : {control['tag']} « {control['name']} »"
    problems = _focus_shown(page, element, label)
    before = element.evaluate(STATE)
    kind = control["type"] if control["tag"] == "input" else control["role"] or control["tag"]
    if kind in ("checkbox", "radio", "switch"):
        page.keyboard.press("Space")
    elif kind in ("text", "search", "email", "tel", "url", "number", "textarea", "", "textbox", "date"):
        page.keyboard.type("1" if kind in ("number", "date") else "a")
    elif kind in ("select", "combobox", "slider", "range", "spinbutton"):
        page.keyboard.press("ArrowDown")
    elif kind == "summary":
        page.keyboard.press("Enter")
    else:
        return problems  # a button: reaching it and seeing the focus is what can be checked in general
    after = element.evaluate(STATE)
    if after == before:
        problems.append(f"{label} ne change pas quand on l’utilise au clavier")
    return problems


def html_pages(site: Path) -> list[str]:
    """The pages of a built site as their addresses under the site's root (the 404 page at a missing address)."""
    found = []
    for page in sorted(site.rglob("*.html")):
        path = page.relative_to(site).as_posix()
        found.append("page/introuvable/" if path == "404.html" else path.removesuffix("index.html"))
    return found

"""What a site with many certifications needs from MkDocs: light pages and a search index loaded in pieces.

Material renders the whole navigation into every page and ships one search index for the whole site:
both grow with the number of certifications. With several certifications, each page gets a navigation
that holds only the catalogue, its own certification and the site-wide pages, and the search runs on
Pagefind, whose index is split into fragments that a query downloads on demand.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html import escape
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Navigation, Section

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

PAGEFIND_WORKER = "assets/javascripts/workers/recherche-pagefind.js"
PAGEFIND_FOLDER = "pagefind"


def worker_script() -> str:
    """Return the search worker that answers Material's search box from the Pagefind index."""
    return resources.files("generator.assets").joinpath("recherche-pagefind.js").read_text("utf-8")


class LightNavigation:
    """Give each page a navigation with the site-wide entries and its own certification only."""

    def __init__(self, nav: Navigation, generated: set[str], prefixes: set[str]) -> None:
        self.nav = nav
        self.sections: set[int] = set()
        for item in nav.items:
            if isinstance(item, Section) and self._prefix(item, generated) in prefixes:
                self.sections.add(id(item))
        self.base = [item for item in nav.items if id(item) not in self.sections]
        first = next((i for i, item in enumerate(nav.items) if id(item) in self.sections), len(nav.items))
        self.insert_at = sum(1 for item in nav.items[:first] if id(item) not in self.sections)
        self.cache: dict[int, Navigation] = {}

    @staticmethod
    def _prefix(section: Section, generated: set[str]) -> str | None:
        for page in section.children:
            child = page
            while isinstance(child, Section) and child.children:
                child = child.children[0]
            file = getattr(child, "file", None)
            uri = str(getattr(file, "src_uri", ""))
            if uri in generated and "/" in uri:
                return uri.split("/", 1)[0]
        return None

    @staticmethod
    def _top(item: Any) -> Any:
        while item.parent is not None:
            item = item.parent
        return item

    def site_wide(self) -> Navigation:
        """Return the navigation of a page outside any certification, such as the 404 page."""
        if 0 not in self.cache:
            light = Navigation(list(self.base), self.nav.pages)
            light.homepage = self.nav.homepage
            self.cache[0] = light
        return self.cache[0]

    def for_page(self, page: Page) -> Navigation:
        """Return the navigation to render on this page; its previous and next links stay in its certification."""
        top = self._top(page)
        key = id(top) if id(top) in self.sections else 0
        if key:
            for side in ("previous_page", "next_page"):
                neighbour = getattr(page, side)
                if neighbour is not None and self._top(neighbour) is not top:
                    setattr(page, side, None)
        if key not in self.cache:
            items = list(self.base)
            if key:
                items.insert(self.insert_at, top)
            light = Navigation(items, self.nav.pages)
            light.homepage = self.nav.homepage
            self.cache = {key: light} if len(self.cache) > 64 else {**self.cache, key: light}
        return self.cache[key]


def certification_labels(pages: dict[str, str | bytes]) -> dict[str, str]:
    """Name each certification folder for search results: its title and RNCP code."""
    labels = {}
    for path, content in pages.items():
        prefix, _, rest = path.partition("/")
        if rest == "index.md" and isinstance(content, str) and content.startswith("---\n"):
            match = re.search(r"^title: (.*)$", content, re.M)
            if match:
                title = match.group(1).strip().strip("'\"")
                labels[prefix] = f"{title} (RNCP {prefix[4:]})"
    return labels


def tag_page(html: str, label: str) -> str:
    """Mark a page's certification for Pagefind, which shows it beside each result."""
    return f'{html}\n<span data-pagefind-meta="certification" hidden>{escape(label)}</span>\n'


def run_pagefind(site_dir: Path) -> None:
    """Index the built pages with Pagefind (the binary ships in the pagefind[extended] package)."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        PAGEFIND_FOLDER,
        "--root-selector",
        "article",
        "--exclude-selectors",
        ".headerlink",
        "--glob",
        "**/index.html",
        "--force-language",
        "fr",
        "--silent",
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    except OSError as exc:
        raise PluginError(f"Pagefind n’a pas pu être lancé ({exc}) : installer requirements.txt.") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise PluginError(
            "L’index de recherche Pagefind n’a pas pu être construit : "
            + " / ".join(detail)
            + ". Vérifier que le paquet pagefind[extended] de requirements.txt est installé."
        )


def empty_lunr_index(site_dir: Path, lang: str) -> None:
    """Write the index Material's page fetches with no document in it: Pagefind answers the queries."""
    path = site_dir / "search" / "search_index.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "config": {"lang": [lang], "separator": r"[\s\-]+", "pipeline": [], "fields": {}},
        "docs": [],
        "options": {"suggest": False},
    }
    path.write_text(json.dumps(data, separators=(",", ":")), "utf-8")

"""Check a built site's links as it is served under a sub-path, and list its links to other sites.

Every internal link, anchor and asset of every page, style sheet, the sitemap and the search index must
resolve; links to other sites are only listed (a build never fetches them). The pages are reached through a
``fetch`` function: a real HTTP server in the tests, the folder itself read as GitHub Pages serves it here.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

Fetch = Callable[[str], tuple[int, bytes]]

# Where each tag keeps its addresses.
_URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "form": ("action",),
    "input": ("src",),
}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
_EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "ftp"}


@dataclass(frozen=True, order=True)
class Broken:
    """A link of the site that does not lead where it says."""

    page: str
    link: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page} : « {self.link} » {self.reason}"


@dataclass
class Report:
    """What a check found: broken links, and the links to other sites with the pages that hold them."""

    broken: list[Broken] = field(default_factory=list)
    external: dict[str, set[str]] = field(default_factory=dict)
    checked: int = 0

    def markdown(self) -> str:
        """Write the list of links to other sites, for a person to check from time to time."""
        lines = [
            "# Liens vers d’autres sites",
            "",
            "Liste établie à partir du site construit, sans visiter ces adresses : les ouvrir de temps en temps "
            "pour vérifier qu’elles mènent toujours à la bonne page.",
            "",
            "| adresse | pages qui y renvoient |",
            "| --- | --- |",
        ]
        for url in sorted(self.external):
            pages = ", ".join(sorted(self.external[url]))
            lines.append(f"| <{url.replace('|', '%7C').replace('>', '%3E')}> | {pages.replace('|', '%7C')} |")
        if not self.external:
            lines.append("| (aucune) | |")
        return "\n".join(lines) + "\n"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.base: str | None = None
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in ("id", "name") if tag in ("a", "map") else ("id",):
            if values.get(name):
                self.ids.add(values[name])
        if tag == "base" and values.get("href"):
            self.base = values["href"]
        for name in _URL_ATTRIBUTES.get(tag, ()):
            if name not in values:
                continue
            if name == "srcset":
                for candidate in values[name].split(","):
                    if candidate.strip():
                        self.links.append((tag, candidate.split()[0]))
            else:
                self.links.append((tag, values[name]))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = re.search(r"url\s*=\s*(.+)", values.get("content", ""), re.I)
            if target:
                self.links.append(("meta", target.group(1).strip("'\" ")))
        if "style" in values:
            self.styles.append(values["style"])
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def _css_links(css: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in _CSS_URL.finditer(css)]


class _Checker:
    def __init__(self, fetch: Fetch, base: str, site_url: str | None) -> None:
        self.fetch = fetch
        self.base = base
        self.site_url = site_url.rstrip("/") + "/" if site_url else None
        self.report = Report()
        self.cache: dict[str, tuple[int, bytes]] = {}
        self.ids: dict[str, set[str]] = {}

    def name(self, url: str) -> str:
        return url[len(self.base) :] if url.startswith(self.base) else url

    def get(self, url: str) -> tuple[int, bytes]:
        if url not in self.cache:
            self.cache[url] = self.fetch(url)
        return self.cache[url]

    def anchors(self, url: str) -> set[str]:
        if url not in self.ids:
            parser = _Page()
            parser.feed(self.get(url)[1].decode("utf-8", "replace"))
            self.ids[url] = parser.ids
        return self.ids[url]

    def check(self, page: str, raw: str, page_url: str) -> None:
        """Follow one address found on a page (page_url is where the page is served)."""
        link = raw.strip()
        if not link or link.startswith("data:"):
            return
        url = urljoin(page_url, link)
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if self.site_url and url.startswith(self.site_url):
            url = self.base + url[len(self.site_url) :]
        elif scheme not in ("http", "https") or parts.netloc != urlsplit(self.base).netloc:
            if scheme in _EXTERNAL_SCHEMES:
                self.report.external.setdefault(urldefrag(url)[0] if scheme != "mailto" else url, set()).add(page)
            else:
                self.report.broken.append(Broken(page, link, f"utilise le schéma « {scheme}: », interdit ici"))
            return
        target, fragment = urldefrag(url)
        target = target.split("?")[0]
        self.report.checked += 1
        if not target.startswith(self.base):
            self.report.broken.append(
                Broken(page, link, f"sort du sous-chemin {urlsplit(self.base).path} où le site est publié")
            )
            return
        status, _ = self.get(target)
        if status != 200:
            self.report.broken.append(Broken(page, link, f"ne mène à rien (HTTP {status} pour {self.name(target)})"))
            return
        fragment = unquote(fragment)
        if fragment and not fragment.startswith(":~:") and fragment not in self.anchors(target):
            self.report.broken.append(Broken(page, link, f"vise l’ancre #{fragment}, absente de {self.name(target)}"))

    def html(self, page: str, page_url: str, content: bytes) -> None:
        parser = _Page()
        parser.feed(content.decode("utf-8", "replace"))
        self.ids[page_url] = parser.ids
        here = urljoin(page_url, parser.base) if parser.base else page_url
        for _, link in parser.links:
            self.check(page, link, here)
        for css in parser.styles:
            for link in _css_links(css):
                self.check(page, link, here)

    def css(self, page: str, page_url: str, content: bytes) -> None:
        for link in _css_links(content.decode("utf-8", "replace")):
            self.check(page, link, page_url)

    def sitemap(self, page: str, content: bytes) -> None:
        for loc in re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", content.decode("utf-8", "replace")):
            self.check(page, loc, self.base)

    def search_index(self, page: str, content: bytes) -> None:
        for doc in json.loads(content.decode("utf-8")).get("docs", []):
            self.check(page, doc.get("location", ""), self.base)


def check_site(
    files: Iterable[str], fetch: Fetch, base: str, *, site_url: str | None = None, not_found: str = "404.html"
) -> Report:
    """Check every page, style sheet, sitemap and search index of a built site (paths relative to its root)."""
    checker = _Checker(fetch, base.rstrip("/") + "/", site_url)
    for path in sorted(files):
        if path == not_found:
            # GitHub Pages serves it for any missing address, at any depth: check it from a deep one.
            url = checker.base + "page/introuvable/"
            status, content = fetch(url)
            if status != 404:
                checker.report.broken.append(Broken(path, url, f"est servie avec le code HTTP {status}, non 404"))
            checker.html(path, url, content)
            continue
        url = checker.base + (path.removesuffix("index.html") if path.endswith("index.html") else path)
        status, content = checker.get(url)
        if status != 200:
            checker.report.broken.append(Broken(path, url, f"n’est pas servie (HTTP {status})"))
        elif path.endswith(".html"):
            checker.html(path, url, content)
        elif path.endswith(".css"):
            checker.css(path, url, content)
        elif path.endswith("sitemap.xml"):
            checker.sitemap(path, content)
        elif path.endswith("search_index.json"):
            checker.search_index(path, content)
    checker.report.broken.sort()
    return checker.report


def site_files(site: Path) -> list[str]:
    """List what a check starts from: every page and style sheet of the built site, its sitemap and search index."""
    wanted = {".html", ".css"}
    files = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and p.suffix in wanted]
    files += [name for name in ("sitemap.xml", "search/search_index.json") if (site / name).is_file()]
    return sorted(files)


def folder_fetch(site: Path, base_path: str) -> Fetch:
    """Read a built folder the way GitHub Pages serves it under a sub-path (a folder gives its index.html)."""
    root = site.resolve()

    def fetch(url: str) -> tuple[int, bytes]:
        path = unquote(urlsplit(url).path)
        missing = (404, (root / "404.html").read_bytes() if (root / "404.html").is_file() else b"")
        if not path.startswith(base_path):
            return missing
        target = (root / path[len(base_path) :]).resolve()
        if root not in (target, *target.parents):
            return missing
        if target.is_dir():
            if not path.endswith("/"):
                return (301, b"")
            target = target / "index.html"
        return (200, target.read_bytes()) if target.is_file() else missing

    return fetch


def http_fetch(url: str) -> tuple[int, bytes]:
    """Fetch an address of a local test server, ignoring any proxy settings."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()

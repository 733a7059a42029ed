"""A Content-Security-Policy for the built site: its own files only, and the theme's inline code by hash.

GitHub Pages sends no custom header, so the policy travels in a ``<meta http-equiv>`` tag placed before any
script of each page. Every page gets the same policy, built from the inline code of the whole site, because
Material's instant navigation keeps the first page's policy while it swaps pages in.

Only the theme's inline code is trusted: a script or a style sheet inside a page's content (the ``<article>``)
gets no hash, so it cannot run; the site's own scripts belong in files (``extra_javascript``).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

META_NAME = "Content-Security-Policy"

# What the theme needs: its own files, the data: icons of its style sheets, its search worker. No third party.
BASE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "worker-src": ("'self'",),
    "manifest-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}

_INLINE = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_CONTENT_START = re.compile(r"<article\b[^>]*\bmd-content__inner\b[^>]*>", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.I)
_EXISTING = re.compile(r"\s*<meta\s+http-equiv=\"Content-Security-Policy\"[^>]*>", re.I)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


@dataclass(frozen=True)
class Inline:
    """One inline script or style sheet of a page, and whether it belongs to the theme or to the page's content."""

    kind: str
    code: str
    in_content: bool

    @property
    def digest(self) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(self.code.encode("utf-8")).digest()).decode() + "'"


def inline_code(html: str) -> list[Inline]:
    """Find the inline scripts a browser would run and the inline style sheets of a page."""
    start = _CONTENT_START.search(html)
    content = (start.end(), html.rfind("</article>")) if start else (len(html), len(html))
    found = []
    for match in _INLINE.finditer(html):
        kind, attributes, code = match.group(1).lower(), match.group(2), match.group(3)
        if kind == "script":
            kind_type = _TYPE.search(attributes)
            if _SRC.search(attributes) or (kind_type and kind_type.group(1).lower() not in _JS_TYPES):
                continue  # a file, or data such as Material's JSON configuration: nothing runs inline
        found.append(Inline(kind, code, content[0] <= match.start() < content[1]))
    return found


def policy(pages: Iterable[str]) -> str:
    """Write the policy that lets the theme's inline code of these pages run, and nothing else inline."""
    sources = {name: list(values) for name, values in BASE_POLICY.items()}
    hashes: dict[str, set[str]] = {"script": set(), "style": set()}
    for html in pages:
        for item in inline_code(html):
            if not item.in_content:
                hashes[item.kind].add(item.digest)
    sources["script-src"] += sorted(hashes["script"])
    sources["style-src"] += sorted(hashes["style"])
    return "; ".join(f"{name} {' '.join(values)}" for name, values in sources.items())


def with_policy(html: str, value: str) -> str:
    """Return the page with the policy as its first <meta> after the charset (replacing an older one)."""
    html = _EXISTING.sub("", html)
    tag = f'<meta http-equiv="{META_NAME}" content="{value}">'
    charset = _CHARSET.search(html)
    if charset:
        return html[: charset.end()] + "\n    " + tag + html[charset.end() :]
    head = re.search(r"<head\b[^>]*>", html, re.I)
    if head is None:
        return html  # not a page (an HTML fragment copied from docs/): no policy to carry
    return html[: head.end()] + tag + html[head.end() :]


def blocked_in_content(html: str) -> list[Inline]:
    """Return the inline code of a page's content, which the policy will block."""
    return [item for item in inline_code(html) if item.in_content]


def protect_site(site: Path) -> tuple[str, dict[str, list[Inline]]]:
    """Add the policy to every HTML page of a built site; return it and the inline code it blocks, by page."""
    files = sorted(site.rglob("*.html"))
    pages = {path: path.read_bytes().decode("utf-8") for path in files}
    value = policy(pages.values())
    blocked: dict[str, list[Inline]] = {}
    for path, html in pages.items():
        bad = blocked_in_content(html)
        if bad:
            blocked[path.relative_to(site).as_posix()] = bad
        updated = with_policy(html, value)
        if updated != html:
            path.write_bytes(updated.encode("utf-8"))
    return value, blocked

"""Addresses shared by the structured data and the exports: published URLs and stable identifiers."""

from __future__ import annotations

import uuid

# Never change this namespace: CASE servers and badge platforms recognise what they already imported
# by these identifiers, so that a new export updates it instead of adding a copy.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:referentiel-rncp:identifiants")


def stable_uuid(*parts: str) -> str:
    """Return the UUID of a thing named by its ids (certification code, then bloc code, capacity id…)."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def page_url(path: str) -> str:
    """Return the address of a generated file relative to the site root, as MkDocs and Zensical publish it."""
    page, _, anchor = path.partition("#")
    if page.endswith(".md"):
        stem = page[: -len(".md")]
        page = stem[: -len("index")] if stem == "index" or stem.endswith("/index") else stem + "/"
    return page + (f"#{anchor}" if anchor else "")


def absolute(site_url: str | None, path: str) -> str | None:
    """Return the published address of a generated file, or None when the site's address is unknown."""
    return site_url + page_url(path) if site_url else None

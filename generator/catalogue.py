"""The catalogue of a site with several certifications: one list, filters, and a link to each certification."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from .text import fold, slug

if TYPE_CHECKING:
    from .pages import CertContext, SiteContext

CATALOGUE_PAGE = "index.md"
CATALOGUE_SCRIPT = "assets/javascripts/catalogue.js"
STATES = {
    "active": "Enregistrement en cours",
    "upcoming": "Enregistrement à venir",
    "ended": "Enregistrement terminé",
    "inactive": "Fiche inactive",
}


@dataclass(frozen=True)
class Row:
    """One certification as the catalogue lists it, with the values its filters match."""

    code: str
    title: str
    kind: str | None
    href: str
    level: int | None
    certifiers: tuple[tuple[str, str], ...]
    nsf: tuple[tuple[str, str], ...]
    rome: tuple[tuple[str, str], ...]
    state: str


def rows(contexts: list[CertContext]) -> list[Row]:
    """List the certifications in title order, as a person looks for them."""
    out = []
    for cc in contexts:
        identity = cc.cert.identity
        rome = [(r.code, r.label) for r in cc.cert.rome] + [(r.code, r.label) for r in cc.cert.rome_unlisted or []]
        out.append(
            Row(
                code=identity.rncp,
                title=identity.title,
                kind=identity.abbreviation or identity.kind,
                href=cc.prefix,
                level=identity.level,
                certifiers=tuple(dict.fromkeys((slug(c.name)[:60], c.name) for c in identity.certifiers)),
                nsf=tuple((n.code, n.label) for n in identity.nsf or []),
                rome=tuple(rome),
                state=cc.status.state,
            )
        )
    return sorted(out, key=lambda r: (fold(r.title), r.code))


def options(pairs: list[tuple[str, str]], *, by_label: bool = False) -> list[tuple[str, str]]:
    """Merge the (value, label) pairs of every row into one list of choices, sorted by code or by label."""
    seen: dict[str, str] = {}
    for value, label in pairs:
        seen.setdefault(value, label)
    return sorted(seen.items(), key=lambda item: fold(item[1]) if by_label else item[0])


def render_catalogue(contexts: list[CertContext], site: SiteContext) -> dict[str, str]:
    """Render the catalogue page and the script of its filters."""
    from .pages import _render

    listed = rows(contexts)
    choices = {
        "niveau": options([(str(r.level), f"Niveau {r.level}") for r in listed if r.level]),
        "nsf": options([pair for r in listed for pair in r.nsf]),
        "rome": options([pair for r in listed for pair in r.rome]),
        "certificateur": options([pair for r in listed for pair in r.certifiers], by_label=True),
        "statut": [(key, label) for key, label in STATES.items() if any(r.state == key for r in listed)],
    }
    page = _render(
        "catalogue.md.j2",
        CATALOGUE_PAGE,
        site,
        title="Catalogue des certifications",
        description=f"Les {len(listed)} certifications professionnelles de ce site, à filtrer par domaine (NSF), "
        "métier (ROME), certificateur, niveau et situation de l’enregistrement.",
        link_terms=False,
        rows=listed,
        choices=choices,
        states=STATES,
    )
    script = resources.files("generator.assets").joinpath("catalogue.js").read_text("utf-8")
    return {CATALOGUE_PAGE: page, CATALOGUE_SCRIPT: script}

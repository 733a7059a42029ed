"""schema.org structured data for the pages: the credential on the home page, a fragment on each bloc page.

The theme writes it in a <script type="application/ld+json"> element through Jinja's `tojson`, which escapes
<, > and &, so that no text of the referential can close the element.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .badges import rome_url
from .links import absolute
from .text import plain

if TYPE_CHECKING:
    from .model import Bloc
    from .pages import CertContext, SiteContext

CONTEXT = "https://schema.org"


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, [], "")}


def _identifier(code: str) -> dict[str, Any]:
    return {"@type": "PropertyValue", "propertyID": "RNCP", "value": code}


def _certifiers(cc: CertContext) -> list[dict[str, Any]]:
    return [
        _compact({"@type": "Organization", "name": plain(c.name), "url": c.url}) for c in cc.cert.identity.certifiers
    ]


def _competencies(cc: CertContext, site: SiteContext, ids: list[str]) -> list[dict[str, Any]]:
    capacities = cc.capacities
    return [
        _compact(
            {
                "@type": "DefinedTerm",
                "termCode": cap_id,
                "name": plain(capacities[cap_id].label),
                "url": absolute(site.site_url, cc.capacity_path(cap_id)),
                "inDefinedTermSet": absolute(site.site_url, cc.path("capacities")),
            }
        )
        for cap_id in ids
    ]


def _node_id(site: SiteContext, path: str, name: str) -> str | None:
    url = absolute(site.site_url, path)
    return f"{url}#{name}" if url else None


def _bloc(cc: CertContext, site: SiteContext, bloc: Bloc) -> dict[str, Any]:
    validity = cc.cert.blocs_validity
    return _compact(
        {
            "@type": "EducationalOccupationalCredential",
            "@id": _node_id(site, cc.bloc_path(bloc.code), "bloc"),
            "name": plain(bloc.title),
            "identifier": _identifier(bloc.code),
            "url": absolute(site.site_url, cc.bloc_path(bloc.code)),
            "credentialCategory": {"@type": "DefinedTerm", "name": "Bloc de compétences"},
            "validFor": f"P{validity.years}Y" if validity else None,
        }
    )


def credential(cc: CertContext, site: SiteContext) -> dict[str, Any]:
    """Describe a certification as an EducationalOccupationalCredential, for the home page."""
    cert = cc.cert
    identity = cert.identity
    reg = cert.registration
    category = None
    if identity.abbreviation:
        term = next((t for t in (site.linker.terms.values()) if t.term == identity.abbreviation and t.expansion), None)
        category = {
            "@type": "DefinedTerm",
            "termCode": identity.abbreviation,
            "name": plain(term.expansion) if term and term.expansion else identity.abbreviation,
        }
    level = None
    if identity.level:
        level = {
            "@type": "DefinedTerm",
            "termCode": str(identity.level),
            "name": f"Niveau {identity.level}",
            "inDefinedTermSet": "Cadre national des certifications professionnelles",
        }
    occupations = [
        _compact(
            {
                "@type": "Occupation",
                "name": plain(r.label),
                "occupationalCategory": {
                    "@type": "CategoryCode",
                    "codeValue": r.code,
                    "name": plain(r.label),
                    "inCodeSet": {"@type": "CategoryCodeSet", "name": "ROME"},
                },
                "sameAs": rome_url(cert, r),
            }
        )
        for r in cert.rome
    ]
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "EducationalOccupationalCredential",
            "@id": _node_id(site, cc.path("home"), "certification"),
            "name": plain(identity.title),
            "alternateName": plain(identity.official_title),
            "description": " ".join(map(plain, cert.summary)),
            "url": absolute(site.site_url, cc.path("home")),
            "sameAs": identity.official_url,
            "inLanguage": "fr",
            "identifier": _identifier(identity.rncp),
            "credentialCategory": category,
            "educationalLevel": level,
            "recognizedBy": _certifiers(cc),
            "competencyRequired": _competencies(cc, site, [c.id for c in cert.capacities]),
            "hasPart": [_bloc(cc, site, b) for b in cert.blocs],
            "temporalCoverage": f"{reg.registered_on.isoformat()}/{reg.ends_on.isoformat() if reg.ends_on else '..'}",
            "about": occupations,
        }
    )


def bloc_credential(cc: CertContext, site: SiteContext, bloc: Bloc) -> dict[str, Any]:
    """Describe a bloc as a credential that is part of its certification, for the bloc's page."""
    cert = cc.cert
    parent = _compact(
        {
            "@type": "EducationalOccupationalCredential",
            "@id": _node_id(site, cc.path("home"), "certification"),
            "name": plain(cert.identity.title),
            "identifier": _identifier(cert.identity.rncp),
            "url": absolute(site.site_url, cc.path("home")),
        }
    )
    return {
        "@context": CONTEXT,
        **_bloc(cc, site, bloc),
        "inLanguage": "fr",
        "recognizedBy": _certifiers(cc),
        "competencyRequired": _competencies(cc, site, bloc.capacities),
        "isPartOf": parent,
    }

"""Open Badges 3.0 achievement definitions: one for the certification, one per bloc."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .links import absolute, stable_uuid
from .pages import RUBRIQUES
from .text import plain, slug

if TYPE_CHECKING:
    from .model import Bloc, Certification, RomeRef
    from .pages import CertContext, SiteContext

CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
RNCP_FRAMEWORK = "Répertoire national des certifications professionnelles (RNCP)"
ROME_FRAMEWORK = "Répertoire opérationnel des métiers et des emplois (ROME)"
FOLDER = "donnees/open-badges/"


def path(code: str) -> str:
    """Return where the achievement of a certification or bloc code is published."""
    return f"{FOLDER}{slug(code)}.json"


_MARKUP = re.compile(r"([\\`*_\[\]<>&#|~!])")


def markdown(text: str) -> str:
    """Escape a data string for CommonMark, which badge wallets use for the criteria narrative."""
    text = _MARKUP.sub(r"\\\1", plain(text))
    # A line must not start like a list item, a heading or a numbered list.
    return re.sub(r"^([-+=]|\d+[.)])", r"\\\1", text)


def _paragraphs(values: list[str]) -> str:
    # The fiche's paragraphs that start with a dash are list items, as on the pages.
    blocks: list[list[str]] = []
    for value in values:
        bullet = re.match(r"^\s*[–—-]\s+", value)
        if bullet and blocks and blocks[-1][0].startswith("- "):
            blocks[-1].append(f"- {markdown(value[bullet.end() :])}")
        else:
            blocks.append([f"- {markdown(value[bullet.end() :])}" if bullet else markdown(value)])
    return "\n\n".join("\n".join(b) for b in blocks)


def _official(cert: Certification) -> str:
    number = f"{cert.identity.rncp[:4]} {cert.identity.rncp[4:]}"
    where = f" : {cert.identity.official_url}" if cert.identity.official_url else "."
    return (
        f"*Texte de la fiche {number}, reproduit par un site non officiel ; seule la fiche officielle fait foi{where}*"
    )


def _bloc_narrative(cert: Certification, bloc: Bloc) -> str:
    capacities = {c.id: c for c in cert.capacities}
    modes = {m.id: m for m in cert.evaluation_modes}
    parts = [markdown(bloc.description) if bloc.description else f"**{RUBRIQUES['descriptif']}**"]
    parts.append("\n".join(f"- {c}. {markdown(capacities[c].label)}" for c in bloc.capacities))
    if bloc.evaluation or bloc.evaluation_text:
        parts.append(f"**{RUBRIQUES['modalites']}**")
    if bloc.evaluation:
        chain = " ".join(
            (f"{use.connector.lower()} " if use.connector else "") + markdown(modes[use.mode].name)
            for use in bloc.evaluation
        )
        parts.append(chain)
        for use in bloc.evaluation:
            mode = modes[use.mode]
            parts.append(f"**{markdown(mode.name)}**")
            parts.append(_paragraphs(mode.text))
    if bloc.evaluation_text:
        parts.append(_paragraphs(bloc.evaluation_text))
    if bloc.attestation:
        parts.append(f"**{RUBRIQUES['attestation']}** : {markdown(bloc.attestation)}")
    if cert.blocs_validity:
        validity = cert.blocs_validity.text or f"{cert.blocs_validity.years} ans"
        parts.append(f"**{RUBRIQUES['validite']}** : {markdown(validity)}")
    parts.append(_official(cert))
    return "\n\n".join(parts) + "\n"


def _cert_narrative(cert: Certification) -> str:
    parts = [markdown(cert.admission)] if cert.admission else []
    parts.append("\n".join(f"- {b.code} : {markdown(b.title)}" for b in cert.blocs))
    parts.append(_official(cert))
    return "\n\n".join(parts) + "\n"


def _creator(cert: Certification) -> dict[str, Any]:
    certifier = cert.identity.certifiers[0]
    profile: dict[str, Any] = {
        "id": f"urn:uuid:{stable_uuid('certificateur', plain(certifier.name))}",
        "type": ["Profile"],
        "name": plain(certifier.name),
    }
    if certifier.url:
        profile["url"] = certifier.url
    return profile


def rome_url(cert: Certification, rome: RomeRef) -> str | None:
    """Return the best address for a ROME code: a current source that names it, else the fiche's own link."""
    for source in cert.sources:
        if source.url and not source.historical and rome.code in source.url:
            return source.url
    return rome.url


def _alignment(name: str, code: str, framework: str, url: str, kind: str) -> dict[str, Any]:
    return {
        "type": ["Alignment"],
        "targetName": plain(name),
        "targetCode": code,
        "targetFramework": framework,
        "targetType": kind,
        "targetUrl": url,
    }


def _rome_alignments(cert: Certification) -> list[dict[str, Any]]:
    out = []
    for rome in cert.rome:
        url = rome_url(cert, rome)
        if url:
            out.append(_alignment(rome.label, rome.code, ROME_FRAMEWORK, url, "ext:FicheROME"))
    return out


def achievements(cc: CertContext, site: SiteContext) -> dict[str, dict[str, Any]]:
    """Return the achievement of the certification and of each bloc, keyed by the path they are published at."""
    from .case import item_uri

    cert = cc.cert
    rncp = cert.identity.rncp
    official = cert.identity.official_url
    common: dict[str, Any] = {"creator": _creator(cert), "inLanguage": "fr", "version": cert.version}
    out: dict[str, dict[str, Any]] = {}

    alignment = []
    if official:
        alignment.append(_alignment(cert.identity.official_title, rncp, RNCP_FRAMEWORK, official, "ceterms:Credential"))
        for bloc in cert.blocs:
            alignment.append(_alignment(bloc.title, bloc.code, RNCP_FRAMEWORK, official, "ext:BlocDeCompetencesRNCP"))
    alignment += _rome_alignments(cert)
    criteria: dict[str, Any] = {"narrative": _cert_narrative(cert)}
    if access := absolute(site.site_url, cc.path("access")):
        criteria["id"] = access
    out[path(rncp)] = {
        "@context": [CONTEXT],
        "id": f"urn:uuid:{stable_uuid(rncp, 'open-badges')}",
        "type": ["Achievement"],
        "achievementType": "Certification",
        "name": plain(cert.identity.title),
        "description": " ".join(map(plain, cert.summary)),
        "humanCode": rncp,
        "criteria": criteria,
        "alignment": alignment,
        **common,
    }

    capacities = {c.id: c for c in cert.capacities}
    for number, bloc in enumerate(cert.blocs, start=1):
        alignment = []
        if official:
            alignment.append(_alignment(bloc.title, bloc.code, RNCP_FRAMEWORK, official, "ext:BlocDeCompetencesRNCP"))
        alignment += _rome_alignments(cert)
        for cap_id in bloc.capacities:
            alignment.append(
                _alignment(
                    capacities[cap_id].label, cap_id, plain(cert.identity.title), item_uri(cc, site, cap_id), "CFItem"
                )
            )
        criteria = {"narrative": _bloc_narrative(cert, bloc)}
        if page := absolute(site.site_url, cc.bloc_path(bloc.code)):
            criteria["id"] = page
        out[path(bloc.code)] = {
            "@context": [CONTEXT],
            "id": f"urn:uuid:{stable_uuid(rncp, bloc.code, 'open-badges')}",
            "type": ["Achievement"],
            "achievementType": "ext:BlocDeCompetences",
            "name": f"Bloc {number} : {plain(bloc.title)}",
            "description": f"Bloc de compétences {bloc.code} de la certification « {plain(cert.identity.title)} » "
            f"({rncp[:4]} {rncp[4:]}).",
            "humanCode": bloc.code,
            "criteria": criteria,
            "alignment": alignment,
            **common,
        }
    return out

"""An IMS CASE 1.0 package (CFPackage) of a certification: activities, blocs and capacities, and their hierarchy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .links import absolute, stable_uuid
from .text import plain, slug

if TYPE_CHECKING:
    from .pages import CertContext, SiteContext

# CASE's adoption statuses, from the registration's state on the day of the build.
ADOPTION = {"active": "Adopted", "upcoming": "Draft", "ended": "Deprecated", "inactive": "Deprecated"}


def item_key(cc: CertContext, key: str) -> str:
    """Return the identifier of an item (an activity, bloc or capacity id) of a certification."""
    return stable_uuid(cc.cert.identity.rncp, key)


def item_uri(cc: CertContext, site: SiteContext, key: str) -> str:
    """Return the URI of an item: the page that shows it when the site's address is known, else its URN."""
    if key in cc.capacities:
        page = cc.capacity_path(key)
    elif any(a.id == key for a in cc.cert.activities):
        page = f"{cc.path('capacities')}#{slug(key)}"
    else:
        page = cc.bloc_path(key)
    return absolute(site.site_url, page) or f"urn:uuid:{item_key(cc, key)}"


def package(cc: CertContext, site: SiteContext) -> dict[str, Any]:
    """Return the CFPackage of one certification, with identifiers derived from its codes and ids."""
    cert = cc.cert
    rncp = cert.identity.rncp
    changed = f"{site.today.isoformat()}T00:00:00+00:00"
    doc_id = stable_uuid(rncp)
    doc_uri = absolute(site.site_url, cc.path("home")) or f"urn:uuid:{doc_id}"
    doc_link = {"title": plain(cert.identity.title), "identifier": doc_id, "uri": doc_uri}
    reg = cert.registration
    document: dict[str, Any] = {
        "identifier": doc_id,
        "uri": doc_uri,
        "creator": " ; ".join(plain(c.name) for c in cert.identity.certifiers),
        "title": plain(cert.identity.title),
        "lastChangeDateTime": changed,
        "description": " ".join(map(plain, cert.summary)),
        "language": "fr",
        "version": cert.version,
        "adoptionStatus": ADOPTION[cc.status.state],
        "statusStartDate": reg.registered_on.isoformat(),
        "statusEndDate": reg.ends_on.isoformat() if reg.ends_on else None,
        "notes": f"{plain(cert.identity.official_title)}. Export non officiel de la fiche {rncp[:4]} {rncp[4:]} : "
        "seule la fiche officielle fait foi.",
    }
    if cert.identity.official_url:
        document["officialSourceURL"] = cert.identity.official_url
    if cert.identity.nsf:
        document["subject"] = [f"NSF {n.code} : {plain(n.label)}" for n in cert.identity.nsf]

    items: list[dict[str, Any]] = []
    associations: list[dict[str, Any]] = []

    def item(key: str, statement: str, kind: str, number: int, **extra: Any) -> dict[str, Any]:
        link = {"title": plain(statement), "identifier": item_key(cc, key), "uri": item_uri(cc, site, key)}
        items.append(
            {
                "identifier": link["identifier"],
                "fullStatement": plain(statement),
                "humanCodingScheme": key,
                "listEnumeration": str(number),
                "CFItemType": kind,
                "uri": link["uri"],
                "language": "fr",
                "lastChangeDateTime": changed,
                "CFDocumentURI": doc_link,
                **{k: v for k, v in extra.items() if v},
            }
        )
        return link

    def child_of(child: dict[str, str], parent: dict[str, str], number: int, kind: str = "isChildOf") -> None:
        identifier = stable_uuid(rncp, kind, child["identifier"], parent["identifier"])
        associations.append(
            {
                "identifier": identifier,
                "associationType": kind,
                "sequenceNumber": number,
                "uri": f"urn:uuid:{identifier}",
                "originNodeURI": child,
                "destinationNodeURI": parent,
                "lastChangeDateTime": changed,
                "CFDocumentURI": doc_link,
            }
        )

    capacities = cc.capacities
    for number, activity in enumerate(cert.activities, start=1):
        child_of(item(activity.id, activity.label, "Activité", number), doc_link, number)
    offset = len(cert.activities)
    for number, bloc in enumerate(cert.blocs, start=1):
        modes = {m.id: m.name for m in cert.evaluation_modes}
        chain = " ".join(
            (f"{u.connector.lower()} " if u.connector else "") + plain(modes[u.mode]) for u in bloc.evaluation
        )
        bloc_link = item(
            bloc.code,
            bloc.title,
            "Bloc de compétences",
            number,
            alternativeLabel=plain(bloc.official_name) if bloc.official_name else None,
            notes=f"Modalités d’évaluation : {chain}." if chain else None,
        )
        child_of(bloc_link, doc_link, offset + number)
        for position, cap_id in enumerate(bloc.capacities, start=1):
            cap = capacities[cap_id]
            notes = "\n".join(
                [
                    *(f"Critère : {plain(c)}" for c in cap.criteria),
                    *(f"Condition : {plain(c)}" for c in cap.conditions),
                ]
            )
            child_of(item(cap.id, cap.label, "Capacité", position, notes=notes or None), bloc_link, position)
    from .badges import rome_url

    for number, rome in enumerate(cert.rome, start=1):
        url = rome_url(cert, rome)
        if url:
            target = {"title": f"ROME {rome.code} : {plain(rome.label)}", "identifier": rome.code, "uri": url}
            child_of(doc_link, target, number, "isRelatedTo")
    return {"CFDocument": document, "CFItems": items, "CFAssociations": associations}

"""Open data: each certification as JSON and CSV, Open Badges 3.0 achievements, an IMS CASE package."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import badges, case
from .schema import schema_files
from .text import Md, plain, slug

if TYPE_CHECKING:
    from .model import Bloc, Certification
    from .pages import CertContext, SiteContext

FOLDER = "donnees/"
GLOSSARY_JSON = FOLDER + "glossaire.json"
SCHEMA_FOLDER = FOLDER + "schemas/"


@dataclass(frozen=True)
class Download:
    """One file of the open data, as the pages list it."""

    path: str
    label: str
    format: str
    about: str


def cert_downloads(cc: CertContext) -> list[Download]:
    """List the files published for one certification, in the order the pages show them."""
    cert = cc.cert
    code = slug(cert.identity.rncp)
    number = f"{cert.identity.rncp[:4]} {cert.identity.rncp[4:]}"
    files = [
        Download(
            f"{FOLDER}{code}.json",
            f"Référentiel {number} complet",
            "JSON",
            "tout le référentiel, valide selon le schéma JSON publié avec lui",
        ),
        Download(
            f"{FOLDER}{code}-capacites.csv",
            "Capacités",
            "CSV",
            "une ligne par capacité, avec son bloc ; s’ouvre dans un tableur",
        ),
        Download(
            f"{FOLDER}{code}-blocs.csv",
            "Blocs de compétences",
            "CSV",
            "une ligne par bloc, avec ses capacités et ses modalités d’évaluation",
        ),
        Download(
            badges.path(cert.identity.rncp),
            "Badge de la certification",
            "Open Badges 3.0",
            "définition « Achievement » de la certification entière",
        ),
    ]
    for number_, bloc in enumerate(cert.blocs, start=1):
        files.append(
            Download(
                badges.path(bloc.code),
                f"Badge du bloc {number_}",
                "Open Badges 3.0",
                f"définition « Achievement » du bloc {bloc.code}",
            )
        )
    files.append(
        Download(
            f"{FOLDER}{code}-case.json",
            "Cadre de compétences",
            "IMS CASE 1.0",
            "paquet CFPackage (activités, blocs, capacités) à importer dans un serveur CASE comme OpenSALT",
        )
    )
    return files


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _cell(value: str) -> str:
    # A spreadsheet reads a cell that starts with = + - @ as a formula: an apostrophe keeps it text.
    value = plain(value) if "\n" not in value else value
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_text(rows: list[list[str]]) -> str:
    """Write rows as French spreadsheets open them: UTF-8 with a BOM, semicolons, CRLF line ends."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([[_cell(v) for v in row] for row in rows])
    return "\ufeff" + buffer.getvalue()


def evaluation_chain(cert: Certification, bloc: Bloc) -> str:
    """Write a bloc's evaluation modes joined by their connectors, as the pages do."""
    modes = {m.id: m.name for m in cert.evaluation_modes}
    parts = []
    for use in bloc.evaluation:
        parts.append((f"{use.connector.lower()} " if use.connector else "") + plain(modes[use.mode]))
    text = " ".join(parts)
    if bloc.evaluation_text:
        text = "\n".join(filter(None, [text, *map(plain, bloc.evaluation_text)]))
    return text


def capacities_csv(cert: Certification) -> str:
    """Return one row per capacity, with its bloc."""
    rows = [
        [
            "Code RNCP",
            "Code du bloc",
            "Intitulé du bloc",
            "Capacité",
            "Intitulé de la capacité",
            "Critères d’évaluation",
            "Conditions",
        ]
    ]
    for bloc in cert.blocs:
        labels = {c.id: c for c in cert.capacities}
        for cap_id in bloc.capacities:
            cap = labels[cap_id]
            rows.append(
                [
                    cert.identity.rncp,
                    bloc.code,
                    bloc.title,
                    cap.id,
                    cap.label,
                    "\n".join(map(plain, cap.criteria)),
                    "\n".join(map(plain, cap.conditions)),
                ]
            )
    return csv_text(rows)


def blocs_csv(cert: Certification) -> str:
    """Return one row per bloc, with its capacities, evaluation, attestation and validity."""
    rows = [
        [
            "Code RNCP",
            "Code du bloc",
            "Numéro",
            "Intitulé du bloc",
            "Capacités",
            "Modalités d’évaluation",
            "Attestation",
            "Validité des composantes acquises",
        ]
    ]
    validity = ""
    if cert.blocs_validity:
        validity = cert.blocs_validity.text or f"{cert.blocs_validity.years} ans"
    for number, bloc in enumerate(cert.blocs, start=1):
        rows.append(
            [
                cert.identity.rncp,
                bloc.code,
                str(number),
                bloc.title,
                ", ".join(bloc.capacities),
                evaluation_chain(cert, bloc),
                bloc.attestation or "",
                validity,
            ]
        )
    return csv_text(rows)


def size_label(content: str) -> str:
    """Give a file's size in French, as a person reads it before downloading: 12,3 ko."""
    size = len(content.encode("utf-8"))
    if size < 1000:
        return f"{size}\u00a0octets"
    return f"{size / 1000:.1f}".replace(".", ",") + "\u00a0ko"


Render = Callable[..., str]


def render_open_data(site: SiteContext, contexts: list[CertContext], render: Render) -> dict[str, str]:
    """Render every open-data file of the site and the page that lists them."""
    from .pages import OPEN_DATA_PAGE

    files: dict[str, str] = {}
    listed: list[tuple[CertContext, list[Download]]] = []
    for cc in contexts:
        cert = cc.cert
        code = slug(cert.identity.rncp)
        files[f"{FOLDER}{code}.json"] = _json(cert.model_dump(mode="json"))
        files[f"{FOLDER}{code}-capacites.csv"] = capacities_csv(cert)
        files[f"{FOLDER}{code}-blocs.csv"] = blocs_csv(cert)
        for path, achievement in badges.achievements(cc, site).items():
            files[path] = _json(achievement)
        files[f"{FOLDER}{code}-case.json"] = _json(case.package(cc, site))
        listed.append((cc, cert_downloads(cc)))
    glossary = site.referential.glossary
    if glossary is not None:
        files[GLOSSARY_JSON] = _json(glossary.model_dump(mode="json"))
    for name, content in schema_files().items():
        files[SCHEMA_FOLDER + name] = content
    # Digits and a unit only: kept as they are, with their no-break space.
    sizes = {path: Md(size_label(content)) for path, content in files.items()}
    files[OPEN_DATA_PAGE] = render(
        "open-data.md.j2",
        OPEN_DATA_PAGE,
        site,
        title="Données ouvertes",
        description="Le référentiel en fichiers réutilisables : JSON, CSV pour tableur, Open Badges 3.0, IMS CASE, "
        "et les données structurées schema.org des pages.",
        listed=listed,
        sizes=sizes,
        glossary_json=GLOSSARY_JSON if glossary is not None else None,
        schema_folder=SCHEMA_FOLDER,
    )
    return files

"""Turn fiches of France Compétences' XML export into referential files a person can read and check."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .errors import ReferentialError
from .load import check_certification, read_yaml, validate
from .model import Certification
from .rncp_xml import Node, iter_fiches
from .rome import Rome, load_rome

KNOWN_FLOWS = {"4.1"}
KNOWN_STATES = {
    "Publiée",
    "Modifications à valider",
    "Modifications à valider par le ministère",
    "Archivée",
    "Brouillon",
}
# The six access routes of a fiche, in the fiche's order: (XML element, id, label as France compétences writes it).
ROUTES = (
    ("SI_JURY_FI", "eleve-etudiant", "Après un parcours de formation sous statut d’élève ou d’étudiant"),
    ("SI_JURY_CA", "apprentissage", "En contrat d’apprentissage"),
    ("SI_JURY_FC", "formation-continue", "Après un parcours de formation continue"),
    ("SI_JURY_CQ", "professionnalisation", "En contrat de professionnalisation"),
    ("SI_JURY_CL", "candidature-individuelle", "Par candidature individuelle"),
    ("SI_JURY_VAE", "vae", "Par expérience (VAE)"),
)
TERRITORIES = (
    ("ACCESSIBLE_NOUVELLE_CALEDONIE", "Accessible en Nouvelle-Calédonie"),
    ("ACCESSIBLE_POLYNESIE_FRANCAISE", "Accessible en Polynésie française"),
)
HABILITATIONS = {
    "HABILITATION_ORGA_FORM": "habilité à organiser la formation",
    "HABILITATION_FORMER_EVALUER": "habilité à former et à organiser l’évaluation",
    "HABILITATION_EVALUER": "habilité à organiser l’évaluation",
}
BULLET = re.compile(r"^(?:[-–—•▪◦·*]|\u2022)\s*")
# A new item starts with a capital, a digit, a bullet or an opening quote; anything else continues the last one.
CONTINUATION = re.compile(r"^[a-zà-ÿœ,;:.)»\]]")


def segments(text: str) -> list[str]:
    """Cut a text whose line breaks became runs of spaces back into lines, rejoining broken sentences."""
    out: list[str] = []
    for part in re.split(r"\s*\n\s*|\s{2,}", text.strip()):
        part = part.strip()
        if not part:
            continue
        if out and CONTINUATION.match(part):
            out[-1] += " " + part
        else:
            out.append(part)
    return out


def _as_list_items(parts: list[str]) -> list[str]:
    """Drop the bullet character of list items: the text is kept, the glyph is layout."""
    return [BULLET.sub("", p, count=1).strip() or p for p in parts]


def _as_paragraphs(parts: list[str]) -> list[str]:
    """Keep list items recognisable to the page writer, which shows a paragraph starting with « - » as a list."""
    return [("- " + BULLET.sub("", p, count=1)) if BULLET.match(p) and BULLET.sub("", p, count=1) else p for p in parts]


def split_competences(text: str) -> tuple[str | None, list[str], str]:
    """Split a competence list into an introduction and items; say how it was split."""
    parts = segments(text)
    intro = None
    if len(parts) > 1 and parts[0].rstrip().endswith(":") and not BULLET.match(parts[0]):
        intro = parts.pop(0)
    if any(BULLET.match(p) for p in parts):
        how = "puces"
    elif any(re.match(r"^(?:[A-Z]{1,3}\d|[A-Z]?\.?\d+[.)\s])", p) for p in parts):
        how = "numéros"
    elif len(parts) > 1:
        how = "retours à la ligne"
    else:
        how = "aucun"
    return intro, _as_list_items(parts), how


@dataclass
class FicheResult:
    """What became of one fiche: its file, or why it could not be imported, and what to check."""

    code: str
    title: str
    line: int
    file: str | None = None
    imported: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: str | None = None


@dataclass
class ImportReport:
    """The outcome of an import, fiche by fiche, with running counts.

    Written in one go (text) or piece by piece while the import runs, so that a report on thirty
    thousand fiches does not have to be held in memory.
    """

    source: str
    flow: str | None = None
    fiches: list[FicheResult] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    read: int = 0
    written: int = 0
    refused: int = 0
    skipped: int = 0
    checks: int = 0

    @property
    def ok(self) -> bool:
        return not self.missing and not self.refused and not self.skipped

    def count(self, f: FicheResult) -> None:
        """Add a fiche's outcome to the counts."""
        self.read += 1
        self.written += bool(f.file)
        self.refused += bool(f.errors)
        self.skipped += bool(f.skipped and not f.errors)
        self.checks += len(f.checks) if f.file else 0

    def header(self) -> str:
        lines = [f"Import de {self.source} (flux {self.flow or 'inconnu'})", ""]
        lines += [f"Note : {n}" for n in self.notes]
        return "\n".join(lines) + ("\n\n" if self.notes else "\n")

    @staticmethod
    def block(f: FicheResult) -> str:
        """Write what became of one fiche."""
        lines = [f"{f.code} · {f.title} (ligne {f.line})"]
        if f.file:
            lines.append(f"  écrit : {f.file}")
        if f.skipped:
            lines.append(f"  non écrit : {f.skipped}")
        if f.imported:
            lines.append(f"  importé : {', '.join(f.imported)}")
        lines += [f"  ERREUR : {e}" for e in f.errors]
        if f.checks:
            lines.append(f"  à vérifier ({len(f.checks)}) :")
            lines += [f"  - {c}" for c in f.checks]
        elif f.file:
            lines.append("  à vérifier : rien de particulier ; relire les découpages en compétences.")
        return "\n".join(lines) + "\n\n"

    def footer(self) -> str:
        lines = [f"{code} : absente de l’export, rien n’a été écrit pour elle." for code in self.missing]
        n = self.read
        lines.append(
            f"{n} fiche{'s' if n > 1 else ''} lue{'s' if n > 1 else ''}, "
            f"{self.written} écrite{'s' if self.written > 1 else ''}, "
            f"{self.refused} refusée{'s' if self.refused > 1 else ''}, "
            f"{self.skipped} laissée{'s' if self.skipped > 1 else ''} en place, "
            f"{self.checks} point{'s' if self.checks > 1 else ''} à vérifier."
        )
        return "\n".join(lines) + "\n"

    def text(self) -> str:
        """Write the whole report in French, one block per fiche."""
        return self.header() + "".join(self.block(f) for f in self.fiches) + self.footer()


class _Fiche:
    """Convert one FICHE element into the data of a referential file, noting gaps as it goes."""

    def __init__(self, node: Node, rome: Rome) -> None:
        self.node = node
        self.rome = rome
        self.checks: list[str] = []
        self.errors: list[str] = []
        self.code = node.value("NUMERO_FICHE") or ""
        self.capacities_intro: str | None = None

    def where(self, path: str) -> str:
        found = self.node.find(path)
        return f"<{path.split('/')[-1]}> ligne {found.line if found is not None else self.node.line}"

    def date(self, path: str) -> str | None:
        raw = self.node.value(path)
        if raw is None:
            return None
        match = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", raw)
        try:
            if not match:
                raise ValueError
            return date(int(match[3]), int(match[2]), int(match[1])).isoformat()
        except ValueError:
            self.checks.append(f"{self.where(path)} : date impossible « {raw} » (attendu JJ/MM/AAAA), laissée vide")
            return None

    def yes_no(self, path: str, what: str) -> bool | None:
        raw = self.node.value(path)
        if raw == "Oui":
            return True
        if raw == "Non":
            return False
        found = "absent" if raw is None else f"« {raw} »"
        self.checks.append(f"{what} : attendu Oui ou Non, trouvé {found} ; noté « non déterminable »")
        return None

    def paragraphs(self, path: str) -> list[str] | None:
        raw = self.node.value(path)
        if raw is None:
            return None
        return _as_paragraphs(segments(raw)) or None

    def items(self, path: str) -> list[str] | None:
        raw = self.node.value(path)
        if raw is None:
            return None
        return _as_list_items(segments(raw)) or None

    def convert(self) -> dict[str, Any] | None:
        n = self.node
        code = self.code
        if not re.fullmatch(r"RNCP\d{3,6}", code):
            found = f"« {code} »" if code else "rien"
            self.errors.append(f"<NUMERO_FICHE> ligne {n.line} : attendu un code comme RNCP35809, trouvé {found}")
            return None
        title = n.value("INTITULE")
        if title is None:
            self.errors.append(f"<INTITULE> : la fiche n’a pas d’intitulé (fiche ligne {n.line})")
        certifiers = []
        for c in n.findall("CERTIFICATEURS/CERTIFICATEUR"):
            name = c.value("NOM_CERTIFICATEUR")
            if name is None:
                self.checks.append(f"<CERTIFICATEUR> ligne {c.line} : certificateur sans nom, ignoré")
                continue
            entry: dict[str, Any] = {"name": name}
            siret = c.value("SIRET_CERTIFICATEUR")
            if siret and re.fullmatch(r"\d{14}", siret):
                entry["siret"] = siret
            elif siret:
                self.checks.append(f"<SIRET_CERTIFICATEUR> ligne {c.line} : « {siret} » n’est pas un SIRET, non repris")
            state = c.value("ETAT_CERTIFICATEUR")
            if state and state != "Actif":
                self.checks.append(f"certificateur « {name} » : état « {state} » dans la fiche")
            certifiers.append(entry)
        if not certifiers:
            self.errors.append("<CERTIFICATEURS> : aucun certificateur nommé")
        registered = self.date("DATE_EFFET") or self.date("DATE_DECISION") or self.date("DATE_DE_PUBLICATION")
        if registered is None:
            self.errors.append("aucune date d’effet, de décision ni de publication : la date d’enregistrement manque")
        elif n.value("DATE_EFFET") is None:
            source = "DATE_DECISION" if n.value("DATE_DECISION") else "DATE_DE_PUBLICATION"
            self.checks.append(f"pas de <DATE_EFFET> : date d’enregistrement prise dans <{source}>")
        summary = self.paragraphs("OBJECTIFS_CONTEXTE")
        if summary is None:
            summary = self.paragraphs("ACTIVITES_VISEES") or self.paragraphs("CAPACITES_ATTESTEES")
            if summary is None:
                self.errors.append(
                    "ni <OBJECTIFS_CONTEXTE>, ni <ACTIVITES_VISEES>, ni <CAPACITES_ATTESTEES> : aucun texte"
                )
            else:
                self.checks.append("pas de <OBJECTIFS_CONTEXTE> : le résumé reprend les activités visées")
        blocs, capacities = self.blocs()
        if self.errors or title is None or registered is None or summary is None:
            return None

        data: dict[str, Any] = {"format": 1, "version": registered, "source_form": "rncp-v4"}
        data["identity"] = self.identity(title, certifiers)
        data["registration"] = self.registration(registered)
        # The latest date the fiche gives: a republished fiche gets a new version, and saved self-assessments
        # keyed on the version are not silently applied to a changed text.
        data["version"] = max(
            str(data["registration"].get(key) or "") for key in ("registered_on", "decided_on", "published_on")
        )
        data["summary"] = summary
        data["activities_text"] = self.paragraphs("ACTIVITES_VISEES")
        if blocs:
            data["capacities_text"] = self.paragraphs("CAPACITES_ATTESTEES")
        data["capacities_intro"] = self.capacities_intro
        data["capacities"] = capacities
        data["sectors"] = self.paragraphs("SECTEURS_ACTIVITE")
        jobs = self.items("TYPE_EMPLOI_ACCESSIBLES") or []
        if len(jobs) > 1 and jobs[0].endswith(":"):
            data["jobs_intro"] = jobs.pop(0)
        data["jobs"] = jobs
        data["rome"], data["rome_unlisted"] = self.rome_codes()
        data["prerequisites"] = self.paragraphs("PREREQUIS_ENTREE_FORMATION")
        data["regulations"] = self.paragraphs("REGLEMENTATIONS_ACTIVITES")
        data["blocs"] = blocs
        data["access"] = self.access()
        data["related_certifications"] = self.correspondences()
        data["predecessors"] = self.codes(
            "ANCIENNES_CERTIFICATIONS/ANCIENNE_CERTIFICATION/ID_FICHE_ANCIENNE_CERTIFICATION"
        )
        data["successors"] = self.codes(
            "NOUVELLES_CERTIFICATIONS/NOUVELLE_CERTIFICATION/ID_FICHE_NOUVELLE_CERTIFICATION"
        )
        data["statistics"] = self.statistics()
        data["information_sources"] = self.links()
        data["preparation_places"] = self.partners()
        data["sources"] = [
            {
                "title": f"Fiche {code} du Répertoire national des certifications professionnelles",
                "publisher": "France compétences (data.gouv.fr), export XML des fiches",
                "url": data["identity"]["official_url"],
                "note": "Importée par le générateur depuis les données ouvertes de France compétences (Licence "
                "Ouverte 2.0). Les textes sont recopiés mot pour mot ; leur découpage en paragraphes et en "
                "compétences est celui du générateur.",
            }
        ]
        return {k: v for k, v in data.items() if v is not None}

    def identity(self, title: str, certifiers: list[dict[str, Any]]) -> dict[str, Any]:
        n = self.node
        out: dict[str, Any] = {"rncp": self.code, "title": title, "official_title": title}
        abbreviation, kind = n.value("ABREGE/CODE"), n.value("ABREGE/LIBELLE")
        if abbreviation and re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", abbreviation):
            out["abbreviation"] = abbreviation
        elif abbreviation:
            self.checks.append(f"abrégé « {abbreviation} » : pas un sigle lisible, seul son libellé est repris")
        if kind:
            out["kind"] = kind
        level = n.value("NOMENCLATURE_EUROPE/NIVEAU")
        if level and re.fullmatch(r"NIV[1-8]", level):
            out["level"] = int(level[3])
        else:
            out["level"] = None
            label = n.value("NOMENCLATURE_EUROPE/LIBELLE")
            self.checks.append(f"niveau « {level or label or 'absent'} » : aucun niveau 1 à 8 retenu")
        out["certifiers"] = certifiers
        out["nsf"] = self.coded("CODES_NSF/NSF", r"\d{3}[a-z]?", "NSF") or None
        out["formacodes"] = self.coded("FORMACODES/FORMACODE", r"\d{5}", "Formacode") or None
        out["official_url"] = f"https://www.francecompetences.fr/recherche/rncp/{self.code[4:]}/"
        return out

    def coded(self, path: str, pattern: str, what: str) -> list[dict[str, str]]:
        out = []
        for node in self.node.findall(path):
            code, label = node.value("CODE"), node.value("LIBELLE")
            if code and re.fullmatch(pattern, code) and label:
                out.append({"code": code, "label": label})
            else:
                self.checks.append(f"{what} ligne {node.line} : « {code} {label or ''} » illisible, non repris")
        return out

    def registration(self, registered: str) -> dict[str, Any]:
        n = self.node
        out: dict[str, Any] = {"registered_on": registered}
        ends = self.date("DATE_FIN_ENREGISTREMENT")
        if ends is not None and ends <= registered:
            self.checks.append(f"fin d’enregistrement ({ends}) avant la date d’effet ({registered}) : laissée vide")
            ends = None
        out["ends_on"] = ends
        out["active"] = self.yes_no("ACTIF", "<ACTIF>")
        state = n.value("ETAT_FICHE")
        if state is None:
            self.checks.append("<ETAT_FICHE> absent : état de la fiche inconnu")
        elif state not in KNOWN_STATES:
            self.checks.append(f"<ETAT_FICHE> « {state} » : état inconnu du générateur, recopié tel quel")
        elif state != "Publiée":
            self.checks.append(f"état « {state} » : la fiche n’est peut-être pas dans sa version définitive")
        out["state"] = state
        out["kind"] = n.value("TYPE_ENREGISTREMENT")
        out["decided_on"] = self.date("DATE_DECISION")
        out["published_on"] = self.date("DATE_DE_PUBLICATION")
        out["last_award_on"] = self.date("DATE_LIMITE_DELIVRANCE")
        legal: dict[str, Any] = {}
        for key, path in (
            ("general_decree", "PUBLICATION_DECRET_GENERAL"),
            ("creation_order", "PUBLICATION_DECRET_CREATION"),
            ("other_references", "PUBLICATION_DECRET_AUTRE"),
        ):
            texts = []
            for jo in n.findall(f"{path}/PUBLICATION_JO"):
                title = jo.value("TITRE")
                if title:
                    texts.append(title)
            if texts:
                legal[key] = " ; ".join(dict.fromkeys(texts))
        if legal:
            out["legal_basis"] = legal
        return {k: v for k, v in out.items() if v is not None}

    def blocs(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        blocs: list[dict[str, Any]] = []
        capacities: list[dict[str, Any]] = []
        nodes = self.node.findall("BLOCS_COMPETENCES/BLOC_COMPETENCES")
        if not nodes:
            return [], self.unsplit_capacities()
        for i, node in enumerate(nodes):
            code = node.value("CODE") or ""
            where = f"blocs[{i}] ({code or 'sans code'}, ligne {node.line})"
            if not re.fullmatch(r"RNCP\d{3,6}BC\d{2}", code) or not code.startswith(self.code + "BC"):
                self.errors.append(f"{where} : code de bloc attendu comme {self.code}BC01, trouvé « {code} »")
                continue
            title = node.value("LIBELLE")
            if title is None:
                self.errors.append(f"{where} : bloc sans <LIBELLE>")
                continue
            competences = node.value("LISTE_COMPETENCES")
            if competences is None:
                self.errors.append(f"{where} : bloc sans <LISTE_COMPETENCES>, aucune compétence à présenter")
                continue
            intro, items, how = split_competences(competences)
            if how == "aucun":
                self.checks.append(f"{where} : liste de compétences non découpée (un seul paragraphe)")
            elif how == "retours à la ligne":
                self.checks.append(
                    f"{where} : {len(items)} compétences découpées aux retours à la ligne du texte ; "
                    "vérifier qu’aucune phrase n’a été coupée"
                )
            ids = []
            for item in items:
                cap_id = f"C{len(capacities) + 1}"
                capacities.append({"id": cap_id, "label": item})
                ids.append(cap_id)
            bloc: dict[str, Any] = {"code": code, "title": title}
            if intro:
                bloc["description"] = intro
            bloc["capacities"] = ids
            evaluation = node.value("MODALITES_EVALUATION")
            if evaluation is None:
                self.errors.append(f"{where} : bloc sans <MODALITES_EVALUATION>")
                continue
            bloc["evaluation_text"] = _as_paragraphs(segments(evaluation))
            blocs.append(bloc)
        return blocs, capacities

    def unsplit_capacities(self) -> list[dict[str, Any]]:
        """Take the competences of a fiche without blocs from its list of attested competences."""
        text = self.node.value("CAPACITES_ATTESTEES")
        if text is None:
            self.errors.append("ni <BLOCS_COMPETENCES> ni <CAPACITES_ATTESTEES> : aucune compétence à présenter")
            return []
        intro, items, how = split_competences(text)
        self.checks.append(
            "la fiche ne définit aucun bloc de compétences : les compétences viennent de <CAPACITES_ATTESTEES>"
            + (" (texte non découpé, un seul paragraphe)" if how == "aucun" else f", découpées ({how})")
        )
        self.capacities_intro = intro
        return [{"id": f"C{i + 1}", "label": item} for i, item in enumerate(items)]

    def rome_codes(self) -> tuple[list[dict[str, str]], list[dict[str, str]] | None]:
        listed, unlisted = [], []
        for node in self.node.findall("CODES_ROME/ROME"):
            code, label = node.value("CODE"), node.value("LIBELLE")
            if not code or not re.fullmatch(r"[A-N]\d{4}", code) or not label:
                self.checks.append(f"code ROME ligne {node.line} : « {code} {label or ''} » illisible, non repris")
            elif code in self.rome.codes:
                listed.append({"code": code, "label": label})
            else:
                unlisted.append({"code": code, "label": label})
                self.checks.append(f"code ROME {code} « {label} » : absent du ROME 4.0, gardé à part (rome_unlisted)")
        return listed, unlisted or None

    def access(self) -> dict[str, Any]:
        routes: list[dict[str, Any]] = []
        juries: list[dict[str, Any]] = []
        texts: dict[str, str] = {}
        for element, route_id, label in ROUTES:
            node = self.node.find(element)
            if node is None:
                self.checks.append(f"<{element}> absent : voie « {label} » non déterminable")
                routes.append({"id": route_id, "label": label, "open": None, "jury": None})
                continue
            is_open = self.yes_no(f"{element}/ACTIF", f"<{element}/ACTIF> ({label})")
            composition = node.value("COMPOSITION")
            jury = None
            if composition:
                key = " ".join(composition.split())
                if key not in texts:
                    texts[key] = f"J{len(texts) + 1}"
                    juries.append({"id": texts[key], "text": _as_paragraphs(segments(composition))})
                jury = texts[key]
            elif is_open:
                self.checks.append(f"voie « {label} » ouverte sans composition de jury")
            routes.append({"id": route_id, "label": label, "open": is_open, "jury": jury})
        territories = []
        for element, label in TERRITORIES:
            if self.node.find(element) is not None:
                territories.append({"label": label, "open": self.yes_no(element, f"<{element}>")})
        out: dict[str, Any] = {"routes": routes}
        if juries:
            out["juries"] = juries
        if territories:
            out["territories"] = territories
        return out

    def correspondences(self) -> list[str] | None:
        lines = []
        for node in self.node.findall("CORRESPONDANCES/CORRESPONDANCE"):
            sources = [c.text.strip() for c in node.findall("SOURCE/BLOC_COMPETENCES/CODE") if c.text.strip()]
            target = node.value("DESTINATION/NUMERO_FICHE")
            targets = [c.text.strip() for c in node.findall("DESTINATION/BLOC_COMPETENCES/CODE") if c.text.strip()]
            if not sources and not target:
                self.checks.append(f"<CORRESPONDANCE> ligne {node.line} : vide, ignorée")
                continue
            left = ", ".join(sources) or "la fiche"
            right = ", ".join(targets) or "toute la fiche"
            lines.append(f"Correspondance : {left} ↔ {right}" + (f" (fiche {target})" if target else ""))
        return lines or None

    def codes(self, path: str) -> list[str] | None:
        out = []
        for node in self.node.findall(path):
            code = node.text.strip()
            if re.fullmatch(r"RNCP\d{3,6}", code):
                out.append(code)
            elif code:
                self.checks.append(f"<{path.split('/')[-1]}> ligne {node.line} : « {code} » n’est pas un code RNCP")
        return list(dict.fromkeys(out)) or None

    def statistics(self) -> list[dict[str, Any]] | None:
        out = []
        for node in self.node.findall("STATISTIQUES_PROMOTIONS/STATISTIQUES_PROMOTION"):
            year = node.value("ANNEE")
            certified, by_vae = node.value("NOMBRE_CERTIFIES"), node.value("NOMBRE_CERTIFIES_VAE")
            parts = []
            if certified is not None:
                parts.append(f"{certified} certifiés" + (f", dont {by_vae} par VAE" if by_vae is not None else ""))
            for path, label in (
                ("TAUX_INSERTION_GLOBAL_6MOIS", "taux d’insertion global à 6 mois"),
                ("TAUX_INSERTION_METIER_2ANS", "taux d’insertion dans le métier à 2 ans"),
            ):
                value = node.value(path)
                if value is not None:
                    parts.append(f"{label} : {value} %")
            if year and parts:
                out.append({"text": f"Promotion {year} : " + " ; ".join(parts)})
            elif parts or year:
                self.checks.append(f"<STATISTIQUES_PROMOTION> ligne {node.line} : incomplète, non reprise")
        years = self.node.findall("ANNEES_PROMOTIONS_NIVEAU/ANNEE")
        if years:
            listed = ", ".join(y.text.strip() for y in years if y.text.strip())
            out.append({"text": f"Années de promotion au niveau : {listed}"})
        return out or None

    def links(self) -> list[dict[str, Any]] | None:
        raw = self.node.value("LIEN_URL_DESCRIPTION")
        if raw is None:
            return None
        out: list[dict[str, Any]] = []
        for token in raw.split():
            if re.fullmatch(r"https?://[^\s<>\"'`]+", token):
                out.append({"text": "Description de la certification (lien donné par la fiche)", "url": token})
            else:
                self.checks.append(
                    f"<LIEN_URL_DESCRIPTION> : « {token} » n’est pas une adresse web complète, non reprise"
                )
        return out or None

    def partners(self) -> list[dict[str, str]] | None:
        out = []
        for node in self.node.findall("PARTENAIRES/PARTENAIRE"):
            name = node.value("NOM_PARTENAIRE")
            if not name:
                continue
            what = node.value("HABILITATION_PARTENAIRE")
            state = node.value("ETAT_HABILITATION")
            details = [HABILITATIONS.get(what, what) if what else None, state.lower() if state else None]
            shown = ", ".join(d for d in details if d)
            out.append({"text": f"{name} ({shown})" if shown else name})
        if self.node.value("EXISTENCE_PARTENAIRES") == "Oui" and not out:
            self.checks.append("<EXISTENCE_PARTENAIRES> dit Oui, mais aucun partenaire n’est listé")
        return out or None


def file_name(code: str) -> str:
    """Name the referential file of a fiche, like the repository's rncp-21806.yaml."""
    return f"rncp-{code[4:]}.yaml"


class _Dumper(yaml.SafeDumper):
    """Write lists of capacity ids on one line, as a person would: [C1, C2, C3]."""

    def represent_list(self, data: Any) -> yaml.Node:  # type: ignore[override]
        if data and all(isinstance(v, str) and re.fullmatch(r"C\d+", v) for v in data):
            return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)
        return super().represent_list(data)


_Dumper.add_representer(list, _Dumper.represent_list)


def to_yaml(data: dict[str, Any], checks: list[str], source: str, line: int, flow: str | None) -> str:
    """Write a fiche's data as a commented YAML file."""
    code = data["identity"]["rncp"]
    head = [
        "# yaml-language-server: $schema=../schemas/referential.schema.json",
        "#",
        f"# {code} : « {data['identity']['title']} ».",
        "#",
        f"# Importé par « python -m generator import-rncp » depuis {source} (ligne {line}),",
        f"# export XML des fiches RNCP de France compétences (flux {flow or 'inconnu'}), Licence Ouverte 2.0.",
        "# Les textes officiels sont recopiés mot pour mot. Le générateur les a découpés en paragraphes",
        "# et en compétences là où le texte source passait à la ligne : relisez ces découpages.",
        "# Ce fichier se modifie à la main ; un nouvel import ne l’écrase qu’avec --remplacer.",
        "#",
    ]
    if checks:
        head.append("# À VÉRIFIER :")
        for check in checks:
            head.append(f"# - {check}")
    else:
        head.append("# À VÉRIFIER : rien de particulier n’a été relevé.")
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return "\n".join(head) + "\n\n" + body


def _count(n: int, singular: str, plural: str | None = None) -> str:
    """Write a count with the right French number: 0 et 1 au singulier."""
    return f"{n} {singular if n < 2 else (plural or singular + 's')}"


def _summary(data: dict[str, Any]) -> list[str]:
    identity, access = data["identity"], data["access"]
    routes = access["routes"]
    opened = sum(1 for r in routes if r["open"])
    parts = [
        f"niveau {identity['level']}" if identity.get("level") else "sans niveau",
        _count(len(identity.get("nsf") or []), "code NSF", "codes NSF"),
        _count(len(identity.get("formacodes") or []), "Formacode"),
        _count(len(data.get("rome") or []) + len(data.get("rome_unlisted") or []), "code ROME", "codes ROME"),
        _count(len(identity["certifiers"]), "certificateur"),
        _count(len(data["blocs"]), "bloc"),
        _count(len(data["capacities"]), "compétence"),
        f"{_count(opened, 'voie d’accès ouverte', 'voies d’accès ouvertes')} sur {len(routes)}",
        _count(len(access.get("juries") or []), "composition de jury", "compositions de jury"),
        _count(len(data.get("statistics") or []), "ligne de statistiques", "lignes de statistiques"),
        _count(len(data.get("preparation_places") or []), "organisme partenaire", "organismes partenaires"),
    ]
    if data.get("predecessors") or data.get("successors"):
        parts.append(
            f"remplace {', '.join(data.get('predecessors') or []) or 'aucune fiche'}, "
            f"remplacée par {', '.join(data.get('successors') or []) or 'aucune fiche'}"
        )
    return parts


def convert_fiche(
    node: Node, source: str, flow: str | None, rome: Rome | None = None
) -> tuple[FicheResult, str | None]:
    """Convert one fiche; return its result and the YAML text, checked by the loader, or None if refused."""
    fiche = _Fiche(node, rome or load_rome())
    data = fiche.convert()
    result = FicheResult(fiche.code or "(sans numéro)", node.value("INTITULE") or "(sans intitulé)", node.line)
    fiche.checks = list(dict.fromkeys(fiche.checks))
    result.checks, result.errors = fiche.checks, fiche.errors
    if data is None:
        return result, None
    text = to_yaml(data, fiche.checks, source, node.line, flow)
    display = file_name(fiche.code)
    try:
        parsed, lines = read_yaml(text, display)
        cert = validate(Certification, parsed, lines, display)
        problems = check_certification(cert, lines, display, fiche.rome)
        if problems:
            raise ReferentialError(problems)
    except ReferentialError as exc:
        result.errors += [f"le fichier produit serait invalide : {p}" for p in exc.problems]
        return result, None
    result.imported = _summary(data)
    return result, text


def import_export(
    xml: Path,
    out: Path,
    *,
    wanted: Iterable[str] = (),
    replace: bool = False,
    display: str | None = None,
    log: Callable[[str], object] | None = None,
) -> ImportReport:
    """Import the fiches of an export (all, or the wanted codes) as files in `out`; files appear only if the XML is whole.

    With `log`, the report is handed over piece by piece as the import runs and no fiche's outcome is
    kept: memory stays the same whatever the size of the export.
    """
    source = display or xml.name
    wanted_set = {w.upper() for w in wanted}
    report = ImportReport(source)
    rome = load_rome()
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=out))
    seen: set[str] = set()
    found: set[str] = set()
    started = False
    try:
        for node, flow in iter_fiches(xml, source):
            if not started:
                started = True
                report.flow = flow
                if flow is not None and flow not in KNOWN_FLOWS:
                    report.notes.append(
                        f"flux « {flow} » : le générateur connaît le flux {', '.join(sorted(KNOWN_FLOWS))} ; "
                        "relire les fichiers avec soin"
                    )
                if log:
                    log(report.header())
            code = (node.value("NUMERO_FICHE") or "").upper()
            if wanted_set and code not in wanted_set:
                continue
            found.add(code)
            result, text = convert_fiche(node, source, flow, rome)
            if text is not None:
                target = out / file_name(code)
                if code in seen:
                    result.errors.append(f"{code} figure deux fois dans l’export ; seule la première est écrite")
                elif target.exists() and not replace:
                    result.skipped = f"{target} existe déjà (relancer avec --remplacer pour l’écraser)"
                else:
                    (staging / target.name).write_text(text, encoding="utf-8")
                    result.file = target.as_posix()
                seen.add(code)
            report.count(result)
            if log:
                log(report.block(result))
            else:
                report.fiches.append(result)
        report.missing = sorted(wanted_set - found)
        for written in sorted(staging.iterdir()):
            os.replace(written, out / written.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if log:
        if not started:
            log(report.header())
        log(report.footer())
    return report

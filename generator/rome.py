"""ROME 4.0 (France Travail's job repository): the extract shipped with the package, and its extractor."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .text import fold

DATA_FILE = "rome-4.0.json"


@dataclass(frozen=True)
class RomeCode:
    code: str
    label: str
    parent: str


@dataclass(frozen=True)
class Appellation:
    label: str
    principal: bool


@dataclass(frozen=True)
class RomeDetail:
    definition: tuple[str, ...]
    access: tuple[str, ...]
    appellations: tuple[Appellation, ...]


@dataclass(frozen=True)
class Rome:
    """Every ROME 4.0 code with its label and parent, and details for the codes the site shows."""

    version: str
    source: str
    licence: str
    published: str
    codes: dict[str, RomeCode]
    details: dict[str, RomeDetail]

    @property
    def published_date(self) -> date:
        """Return the date of the copy of the ROME data the site uses."""
        return date.fromisoformat(self.published)

    def children(self, code: str) -> list[RomeCode]:
        """List the fiches split off a code (their parent is the code), in code order."""
        return sorted((c for c in self.codes.values() if c.parent == code and c.code != code), key=lambda c: c.code)

    def appellation_code(self, title: str) -> str | None:
        """Find the ROME code whose job title (appellation) is this title, ignoring case and accents."""
        wanted = fold(title)
        for code, detail in sorted(self.details.items()):
            if any(fold(a.label) == wanted for a in detail.appellations):
                return code
        return None


@lru_cache(maxsize=1)
def load_rome() -> Rome:
    """Load the ROME 4.0 extract shipped in the package."""
    raw = json.loads(resources.files("generator.data").joinpath(DATA_FILE).read_text("utf-8"))
    return Rome(
        version=raw["version"],
        source=raw["source"],
        licence=raw["licence"],
        published=raw["published"],
        codes={code: RomeCode(code, v["label"], v["parent"]) for code, v in raw["codes"].items()},
        details={
            code: RomeDetail(
                tuple(v["definition"]),
                tuple(v["access"]),
                tuple(Appellation(a["label"], a["principal"]) for a in v["appellations"]),
            )
            for code, v in raw["details"].items()
        },
    )


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        # France Travail's files double single quotes inside values ("l''amélioration").
        return [{k: v.replace("''", "'") for k, v in row.items()} for row in csv.DictReader(handle)]


def extract_rome(folder: Path, codes: list[str], version: str = "v460") -> dict[str, Any]:
    """Build the packaged extract from France Travail's CSV files: all codes, details for some."""
    rows = _rows(folder, f"unix_referentiel_code_rome_{version}_utf8.csv")
    all_codes = {r["code_rome"]: {"label": r["libelle_rome"], "parent": r["code_rome_parent"]} for r in rows}
    wanted = set(codes)
    wanted |= {c for c, v in all_codes.items() if v["parent"] in wanted}
    texts = _rows(folder, f"unix_texte_{version}_utf8.csv")
    names = _rows(folder, f"unix_referentiel_appellation_{version}_utf8.csv")
    details: dict[str, Any] = {}
    for code in sorted(wanted & set(all_codes)):

        def text(kind: str, code: str = code) -> list[str]:
            chosen = [t for t in texts if t["code_rome"] == code and t["libelle_type_texte"] == kind]
            return [t["libelle_texte"].strip() for t in sorted(chosen, key=lambda t: int(t["position_phrase"]))]

        appellations = sorted(
            (
                {"label": n["libelle_appellation_long"], "principal": n["classification"] == "PRINCIPALE"}
                for n in names
                if n["code_rome"] == code
            ),
            key=lambda a: (not a["principal"], a["label"]),
        )
        details[code] = {"definition": text("definition"), "access": text("acces_metier"), "appellations": appellations}
    return {
        "version": version,
        "source": "France Travail, ROME 4.0 (données ouvertes, version 460), republiées par le dépôt "
        "GitHub PSID-miage/guide-carriere, commit 44601dc41ffe217ffb668e5bc552975b83ec722e",
        "licence": "Licence Ouverte / Etalab 2.0",
        "published": "2026-04-15",
        "codes": dict(sorted(all_codes.items())),
        "details": details,
    }

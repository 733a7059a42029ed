"""Check the guidance of the three paths (candidate, trainer, tutor) against the certification it explains."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from pydantic import Field

from .errors import Problem, path_to_str
from .model import FileFormat, Slug, Strict, Text

if TYPE_CHECKING:
    from .load import Path_
    from .model import Certification

# Pages a guidance step or an audience card may send to, besides the ids of the referential.
PATH_KEYS = ("candidate_path", "dossier", "trainer_path", "tutor_path")


DATA_FILE = "parcours.yaml"


class DepthLevel(Strict):
    id: Text = Field(description="introduite, travaillée ou évaluée.")
    label: Text
    description: Text


class ModalityLabel(Strict):
    id: Slug
    label: Text


class DossierField(Strict):
    id: Slug = Field(description="Clé du champ (réponses enregistrées, champs du PDF).")
    label: Text
    help: Text = Field(description="Ce qu’on attend dans ce champ, en une phrase.")


class PathsData(Strict):
    """The guidance every certification shares: depths of a curriculum, modalities, fields of the dossier."""

    format: FileFormat
    depths: list[DepthLevel] = Field(min_length=3, max_length=3)
    modalities: list[ModalityLabel] = Field(min_length=1)
    dossier_fields: list[DossierField] = Field(min_length=1, max_length=8)


@lru_cache(maxsize=1)
def paths_data() -> PathsData:
    """Load the generator's shared guidance data (generator/data/parcours.yaml)."""
    from .load import read_yaml, validate

    display = f"generator/data/{DATA_FILE}"
    text = resources.files("generator.data").joinpath(DATA_FILE).read_text("utf-8")
    data, lines = read_yaml(text, display)
    return validate(PathsData, data, lines, display)


def _line(lines: dict[Path_, int], path: Path_) -> int:
    for i in range(len(path), -1, -1):
        if path[:i] in lines:
            return lines[path[:i]]
    return 1


def check_guide(cert: Certification, lines: dict[Path_, int], display: str, targets: set[str]) -> list[Problem]:
    """Check that the paths' guidance names open routes, real steps, capacities and pages of this certification."""
    problems: list[Problem] = []

    def add(path: Path_, expected: str, found: str, fix: str) -> None:
        problems.append(Problem(display, _line(lines, path), path_to_str(path), expected, found, fix))

    guidance = cert.guidance
    root: Path_ = ("guidance",)
    pathways = {p.id: p for p in cert.pathways}
    routes = {r.id: r for r in cert.access.routes}
    capacity_ids = [c.id for c in cert.capacities]
    candidate = guidance.candidate
    if candidate is not None:
        here: Path_ = (*root, "candidate")
        described: set[str] = set()
        for i, choice in enumerate(candidate.routes):
            if choice.route not in routes:
                add(
                    (*here, "routes", i, "route"),
                    f"une voie d’accès déclarée dans access.routes ({', '.join(routes)})",
                    f"« {choice.route} » (aucune voie de ce nom)",
                    "recopier l’identifiant de la voie depuis access.routes.",
                )
            elif routes[choice.route].open is not True:
                add(
                    (*here, "routes", i, "route"),
                    "une voie ouverte selon la fiche (open: true)",
                    f"« {choice.route} », qui n’est pas ouverte",
                    "ne décrire que les voies ouvertes : un candidat ne pourrait pas la suivre.",
                )
            if choice.route in described:
                add(
                    (*here, "routes", i, "route"),
                    "chaque voie décrite une seule fois",
                    f"« {choice.route} » une deuxième fois",
                    "fusionner les deux descriptions.",
                )
            described.add(choice.route)
            if choice.pathway not in pathways:
                add(
                    (*here, "routes", i, "pathway"),
                    f"un parcours déclaré dans pathways ({', '.join(pathways) or 'aucun'})",
                    f"« {choice.pathway} »",
                    "recopier l’identifiant du parcours officiel dont les étapes s’appliquent à cette voie.",
                )
        for route in cert.access.routes:
            if route.open is True and route.id not in described:
                add(
                    (*here, "routes"),
                    "une description pour chaque voie ouverte",
                    f"rien pour « {route.id} » ({route.label})",
                    f"ajouter un élément « route: {route.id} » : un candidat doit pouvoir comparer toutes les voies.",
                )
        journeys: set[str] = set()
        for j, journey in enumerate(candidate.pathways):
            path: Path_ = (*here, "pathways", j)
            official = pathways.get(journey.pathway)
            if official is None:
                add(
                    (*path, "pathway"),
                    f"un parcours déclaré dans pathways ({', '.join(pathways) or 'aucun'})",
                    f"« {journey.pathway} »",
                    "recopier l’identifiant du parcours officiel que ces étapes expliquent.",
                )
                continue
            if journey.pathway in journeys:
                add((*path, "pathway"), "chaque parcours une seule fois", f"« {journey.pathway} » en double", "")
            journeys.add(journey.pathway)
            explained: set[int] = set()
            for s, step in enumerate(journey.steps):
                if step.official_step is not None:
                    if step.official_step > len(official.steps):
                        add(
                            (*path, "steps", s, "official_step"),
                            f"un numéro d’étape de 1 à {len(official.steps)} (le parcours « {official.id} » en compte {len(official.steps)})",
                            f"« {step.official_step} »",
                            "corriger le numéro de l’étape officielle.",
                        )
                    explained.add(step.official_step)
                if step.link is not None and step.link not in targets:
                    add(
                        (*path, "steps", s, "link"),
                        "une page du site (self_assessment, dossier, access, blocs, capacities, facts…) ou un identifiant du référentiel",
                        f"« {step.link} »",
                        "choisir l’une de ces cibles.",
                    )
            for number in range(1, len(official.steps) + 1):
                if number not in explained:
                    add(
                        (*path, "steps"),
                        f"un repère pour chaque étape officielle du parcours « {official.id} »",
                        f"rien pour l’étape {number} (« {official.steps[number - 1].text[:50]}… »)",
                        f"ajouter une étape avec « official_step: {number} ».",
                    )
        for i, choice in enumerate(candidate.routes):
            if choice.pathway in pathways and choice.pathway not in journeys:
                add(
                    (*here, "routes", i, "pathway"),
                    "un parcours expliqué dans guidance.candidate.pathways",
                    f"« {choice.pathway} », qui n’y est pas",
                    f"ajouter « pathway: {choice.pathway} » et ses étapes sous guidance.candidate.pathways.",
                )
    seen: set[str] = set()
    for i, item in enumerate(guidance.capacities):
        if item.capacity not in capacity_ids:
            add(
                (*root, "capacities", i, "capacity"),
                f"un identifiant de capacité déclaré dans capacities ({', '.join(capacity_ids)})",
                f"« {item.capacity} » (aucune capacité de ce nom)",
                "corriger l’identifiant.",
            )
        if item.capacity in seen:
            add(
                (*root, "capacities", i, "capacity"),
                "chaque capacité une seule fois",
                f"« {item.capacity} » une deuxième fois",
                "fusionner les deux éléments.",
            )
        seen.add(item.capacity)
    tutor = guidance.tutor
    if tutor is not None and tutor.avis_mode not in {m.id for m in cert.evaluation_modes}:
        modes = ", ".join(m.id for m in cert.evaluation_modes) or "aucune"
        add(
            (*root, "tutor", "avis_mode"),
            f"l’identifiant de la modalité « avis de l’entreprise » dans evaluation_modes ({modes})",
            f"« {tutor.avis_mode} »",
            "corriger l’identifiant.",
        )
    return problems

"""Typed model of a professional certification and of the shared glossary."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

FORMAT = 1


@dataclass(frozen=True)
class Format:
    """Check a code's format with a message a person understands, and give editors the pattern."""

    regex: str
    expected: str

    def check(self, value: str) -> str:
        if not re.fullmatch(self.regex, value):
            raise PydanticCustomError("format", "{expected}", {"expected": self.expected})
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        out = handler(schema)
        out["pattern"] = f"^{self.regex}$"
        return out


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("format", "{expected}", {"expected": "un texte non vide"})
    return value


def _known_format(value: int) -> int:
    if value != FORMAT:
        raise PydanticCustomError(
            "format", "{expected}", {"expected": f"le format {FORMAT}, le seul que connaît cette version du générateur"}
        )
    return value


Text = Annotated[str, AfterValidator(_not_blank)]
FileFormat = Annotated[int, AfterValidator(_known_format)]
RncpCode = Annotated[str, Format(r"RNCP\d{3,6}", "un code RNCP : « RNCP » suivi du numéro de fiche, comme RNCP21806")]
BlocCode = Annotated[
    str,
    Format(
        r"RNCP\d{3,6}BC\d{2}",
        "un code de bloc : code RNCP, « BC » et deux chiffres, comme RNCP21806BC01",
    ),
]
RomeCode = Annotated[str, Format(r"[A-N]\d{4}", "un code ROME : une lettre de A à N puis quatre chiffres, comme H1203")]
NsfCode = Annotated[
    str, Format(r"\d{3}[a-z]?", "un code NSF : trois chiffres, parfois suivis d’une lettre, comme 201 ou 251n")
]
FormacodeCode = Annotated[str, Format(r"\d{5}", "un Formacode : cinq chiffres, comme 31054")]
ActivityId = Annotated[str, Format(r"A\d{1,3}", "un identifiant d’activité : A suivi d’un numéro, comme A1")]
CapacityId = Annotated[str, Format(r"C\d{1,3}", "un identifiant de capacité : C suivi d’un numéro, comme C1")]
ModeId = Annotated[str, Format(r"M\d{1,3}", "un identifiant de modalité : M suivi d’un numéro, comme M1")]
JuryId = Annotated[str, Format(r"J\d{1,3}", "un identifiant de jury : J suivi d’un numéro, comme J1")]
Slug = Annotated[
    str,
    Format(
        r"[a-z0-9]+(-[a-z0-9]+)*",
        "un identifiant en minuscules sans accents, avec des tirets, comme formation-continue",
    ),
]
Url = Annotated[str, Format(r"https?://[^\s<>\"'`]+", "une adresse web complète commençant par http:// ou https://")]
Siret = Annotated[str, Format(r"\d{14}", "un numéro SIRET : quatorze chiffres, comme 11000007200014")]
Version = Annotated[str, Format(r"[0-9A-Za-z][0-9A-Za-z.\-]{0,31}", "une version courte, comme 2015-01-30 ou 2")]
Paragraphs = Annotated[
    list[Text],
    Field(
        min_length=1,
        description="Paragraphes, dans l’ordre. Un paragraphe qui commence par « – » ou « - » est un élément de liste.",
    ),
]


class Strict(BaseModel):
    """Base of every part of the model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Certifier(Strict):
    name: Text = Field(description="Autorité responsable de la certification, telle que la fiche la nomme.")
    signatory: Text | None = Field(None, description="Qualité du ou des signataires de la certification.")
    url: Url | None = Field(None, description="Site de l’organisme, s’il est connu.")
    siret: Siret | None = Field(None, description="Numéro SIRET de l’organisme, s’il est connu.")


class Nsf(Strict):
    code: NsfCode
    label: Text


class Formacode(Strict):
    code: FormacodeCode
    label: Text | None = None


class Identity(Strict):
    rncp: RncpCode = Field(description="Code de la fiche, comme RNCP21806.")
    title: Text = Field(description="Intitulé court, sans le type de certification.")
    official_title: Text = Field(description="Intitulé exact, tel que la fiche l’écrit.")
    abbreviation: Text | None = Field(None, description="Abrégé ou type de certification, comme CQPM, BTS, TP.")
    kind: Text | None = Field(
        None, description="Type de certification en toutes lettres, comme Brevet de technicien supérieur."
    )
    level: int | None = Field(
        None, ge=1, le=8, description="Niveau du cadre national (1 à 8), ou null si la fiche n’en donne pas."
    )
    certifiers: list[Certifier] = Field(min_length=1)
    nsf: list[Nsf] | None = Field(None, description="Codes NSF ; null si la rubrique est vide dans la fiche.")
    formacodes: list[Formacode] | None = Field(None, description="Formacodes ; null si la rubrique est vide.")
    conventions: list[Text] | None = Field(None, description="Conventions collectives ; null si la rubrique est vide.")
    official_url: Url | None = Field(None, description="Adresse de la fiche officielle (France compétences).")


class LegalBasis(Strict):
    general_decree: Text | None = Field(None, description="Référence du décret général.")
    creation_order: Text | None = Field(
        None, description="Référence de l’arrêté de création ou du premier enregistrement."
    )
    vae_order: Text | None = Field(None, description="Référence du décret ou de l’arrêté VAE.")
    other_references: Text | None = Field(None, description="Références autres.")


class Registration(Strict):
    registered_on: date = Field(description="Date d’effet de l’enregistrement (AAAA-MM-JJ).")
    ends_on: date | None = Field(
        None, description="Dernier jour de l’enregistrement (AAAA-MM-JJ), ou null s’il n’a pas de fin."
    )
    active: bool | None = Field(None, description="État déclaré par la source (fiche active ou non), s’il est connu.")
    state: Text | None = Field(None, description="État de la fiche dans la source, comme Publiée.")
    kind: Text | None = Field(None, description="Type d’enregistrement, comme Enregistrement de droit.")
    decided_on: date | None = Field(None, description="Date de la décision d’enregistrement (AAAA-MM-JJ).")
    published_on: date | None = Field(None, description="Date de publication de la fiche (AAAA-MM-JJ).")
    last_award_on: date | None = Field(
        None, description="Date limite de délivrance de la certification (AAAA-MM-JJ), si la fiche en donne une."
    )
    legal_basis: LegalBasis = LegalBasis()


class Activity(Strict):
    id: ActivityId
    label: Text


class Capacity(Strict):
    id: CapacityId
    label: Text = Field(description="Intitulé exact de la capacité.")
    criteria: list[Text] = Field(default_factory=list, description="Critères d’évaluation, s’ils sont publiés.")
    conditions: list[Text] = Field(
        default_factory=list, description="Conditions de réalisation ou d’évaluation, si elles sont publiées."
    )


class Step(Strict):
    text: Text
    details: list[Text] = Field(default_factory=list)


class Pathway(Strict):
    id: Slug
    name: Text = Field(description="Nom court de la voie d’accès (repère du site).")
    intro: Text | None = None
    steps: list[Step] = Field(min_length=1)


class EvaluationMode(Strict):
    id: ModeId
    name: Text
    text: Paragraphs


class ModeUse(Strict):
    mode: ModeId
    connector: Literal["Ou", "Et"] | None = Field(
        None, description="Mot qui relie cette modalité à la précédente dans la fiche : « Ou » ou « Et »."
    )


class Bloc(Strict):
    code: BlocCode
    official_name: Text | None = Field(None, description="Nom du bloc tel que la fiche l’écrit, sans son titre.")
    title: Text
    description: Text | None = Field(None, description="Phrase qui introduit la liste des capacités du bloc.")
    capacities: list[CapacityId] = Field(min_length=1)
    evaluation: list[ModeUse] = Field(default_factory=list)
    evaluation_text: Paragraphs | None = Field(
        None, description="Modalités d’évaluation en texte libre, quand elles ne sont pas structurées."
    )
    attestation: Text | None = None


class Validity(Strict):
    years: int = Field(ge=1, le=99)
    text: Text | None = Field(None, description="La durée telle que la fiche l’écrit.")


class AccessRoute(Strict):
    id: Slug
    label: Text
    open: bool | None = Field(description="true (OUI), false (NON) ou null si la source ne permet pas de le dire.")
    jury: JuryId | None = None


class Jury(Strict):
    id: JuryId
    text: Paragraphs


class Territory(Strict):
    label: Text
    open: bool | None


class Access(Strict):
    note: Text | None = Field(None, description="Comment les valeurs OUI/NON ont été lues (repère non officiel).")
    routes: list[AccessRoute] = Field(min_length=1)
    juries: list[Jury] = Field(default_factory=list)
    territories: list[Territory] = Field(default_factory=list)


class RomeRef(Strict):
    code: RomeCode
    label: Text = Field(description="Intitulé de la fiche ROME tel que la certification le donne.")
    url: Url | None = None


class Statistic(Strict):
    text: Text
    holders_per_year: int | None = Field(None, ge=0)


class LinkedText(Strict):
    text: Text
    url: Url | None = None
    historical: bool = Field(False, description="Lien d’époque, qui peut ne plus fonctionner.")


class Source(Strict):
    title: Text
    publisher: Text | None = None
    url: Url | None = None
    historical: bool = False
    note: Text | None = None


class Audience(Strict):
    audience: Literal["candidate", "trainer", "tutor"]
    title: Text
    text: Text
    link: Text = Field(
        description="Page où mène le conseil : access, capacities, blocs, jobs, facts, glossary, self_assessment, ou un identifiant (C1, M4, code de bloc)."
    )


class RatingLevel(Strict):
    id: Slug = Field(description="Identifiant stable du niveau (clé des réponses enregistrées).")
    label: Text = Field(description="Nom court du niveau, en français courant.")
    description: Text = Field(description="Ce que le niveau veut dire, en une phrase.")


class RatingScale(Strict):
    """The levels of a self-assessment grid, from lowest to highest (guidance, not official)."""

    format: FileFormat = Field(description="Version du format de ce fichier (1).")
    levels: list[RatingLevel] = Field(min_length=2, max_length=6)


# -- Guidance for the three audiences (candidates, trainers, company tutors): never official text ----------


class RouteChoice(Strict):
    route: Slug = Field(description="Identifiant d’une voie d’accès ouverte (access.routes[].id).")
    pathway: Slug = Field(description="Identifiant du parcours officiel dont les étapes s’appliquent (pathways[].id).")
    situation: Text = Field(description="À qui cette voie convient, en une ou deux phrases.")
    text: Text = Field(description="Comment elle se déroule, en langage courant.")


class JourneyStep(Strict):
    title: Text = Field(description="Titre court de l’étape, comme « Constituer le dossier de preuves ».")
    text: Paragraphs
    official_step: int | None = Field(
        None, ge=1, description="Numéro (à partir de 1) de l’étape officielle du parcours que ce repère explique."
    )
    link: Text | None = Field(
        None,
        description="Page du site où agir : self_assessment, dossier, access, blocs, capacities, facts, ou un identifiant (C1, M4, code de bloc).",
    )
    link_label: Text | None = Field(None, description="Texte du lien, comme « Préparer mon dossier de preuves ».")


class PathwayJourney(Strict):
    pathway: Slug = Field(description="Identifiant du parcours officiel (pathways[].id).")
    steps: list[JourneyStep] = Field(min_length=1)


class CandidateGuide(Strict):
    intro: Paragraphs
    self_assessment: Paragraphs = Field(description="Comment se situer avec la grille d’autoévaluation.")
    choosing: Paragraphs = Field(description="Comment choisir sa voie d’accès.")
    routes: list[RouteChoice] = Field(min_length=1)
    pathways: list[PathwayJourney] = Field(min_length=1)
    dossier: Paragraphs = Field(description="À quoi sert le dossier de preuves et comment le remplir.")


class CapacityGuide(Strict):
    capacity: CapacityId
    observe: list[Text] = Field(min_length=1, description="Ce qu’un tuteur ou une tutrice peut observer.")
    situations: list[Text] = Field(
        min_length=1, description="Situations de travail qui permettent de montrer la capacité."
    )
    evidence: list[Text] = Field(default_factory=list, description="Exemples de preuves pour le dossier.")


class BriefingSection(Strict):
    title: Text
    items: list[Text] = Field(min_length=1, max_length=6)


class TutorGuide(Strict):
    intro: Paragraphs
    avis_mode: ModeId = Field(description="La modalité d’évaluation qui est l’avis de l’entreprise, comme M4.")
    avis_use: Paragraphs = Field(description="Comment l’avis de l’entreprise est pris en compte, d’après la fiche.")
    observing: Paragraphs = Field(description="Comment observer et noter, avant de donner l’avis.")
    briefing: list[BriefingSection] = Field(
        min_length=1, max_length=6, description="Le mémo du tuteur, à imprimer sur une page."
    )


class TrainerGuide(Strict):
    intro: Paragraphs
    reading: Paragraphs = Field(description="Comment lire la matrice de couverture et ses alertes.")
    advice: list[Text] = Field(default_factory=list)


class Guidance(Strict):
    for_whom: list[Text] = Field(default_factory=list)
    audiences: list[Audience] = Field(default_factory=list)
    rating_scale: list[RatingLevel] | None = Field(
        None,
        min_length=2,
        max_length=6,
        description="Niveaux de la grille d’autoévaluation, du plus bas au plus haut ; à défaut, l’échelle à quatre niveaux du générateur.",
    )
    candidate: CandidateGuide | None = Field(
        None, description="Parcours candidat : se situer, choisir sa voie, la suite."
    )
    trainer: TrainerGuide | None = Field(None, description="Parcours formateur : couverture des capacités.")
    tutor: TutorGuide | None = Field(None, description="Parcours tuteur : observer, donner l’avis de l’entreprise.")
    capacities: list[CapacityGuide] = Field(
        default_factory=list, description="Pour chaque capacité : ce qu’on observe, les situations, les preuves."
    )


class Certification(Strict):
    """One certification, as its official fiche describes it, plus the project's guidance."""

    format: FileFormat = Field(description="Version du format de ce fichier (1).")
    version: Version = Field(description="Version du contenu du référentiel (sert de clé aux autoévaluations).")
    source_form: Literal["rncp-v4"] | None = Field(
        None,
        description="Forme de la fiche source : null pour la fiche de 2015, rncp-v4 pour l’export XML de "
        "France compétences (le site reprend alors les intitulés de ses rubriques).",
    )
    identity: Identity
    registration: Registration
    summary: Paragraphs
    activities_intro: Text | None = None
    activities: list[Activity] = Field(default_factory=list)
    activities_text: Paragraphs | None = Field(
        None, description="Activités visées en texte libre, quand elles ne sont pas structurées."
    )
    capacities_intro: Text | None = None
    capacities_text: Paragraphs | None = Field(
        None, description="Compétences attestées en texte libre, telles que la fiche les écrit."
    )
    capacities: list[Capacity] = Field(min_length=1)
    sectors: list[Text] | None = None
    jobs_intro: Text | None = None
    jobs: list[Text] = Field(default_factory=list)
    rome: list[RomeRef] = Field(default_factory=list)
    rome_unlisted: list[RomeRef] | None = Field(
        None, description="Codes ROME donnés par la fiche qui ne figurent plus dans le ROME 4.0, recopiés tels quels."
    )
    components: list[Text] | None = Field(None, description="Descriptif des composantes de la certification.")
    pathways: list[Pathway] = Field(default_factory=list)
    admission: Text | None = Field(None, description="Règle d’obtention de la certification.")
    prerequisites: Paragraphs | None = Field(None, description="Prérequis à l’entrée en formation, en texte libre.")
    regulations: Paragraphs | None = Field(None, description="Réglementations des activités visées, en texte libre.")
    evaluation_modes: list[EvaluationMode] = Field(default_factory=list)
    blocs: list[Bloc] = Field(
        description="Blocs de compétences. Une liste vide dit que la fiche n’en définit pas (fiches anciennes) : "
        "les capacités ne sont alors rattachées à aucun bloc."
    )
    blocs_validity: Validity | None = Field(None, description="Validité des composantes acquises.")
    access: Access
    related_certifications: list[Text] | None = None
    predecessors: list[RncpCode] | None = Field(None, description="Fiches que celle-ci remplace.")
    successors: list[RncpCode] | None = Field(None, description="Fiches qui remplacent celle-ci.")
    international_agreements: list[Text] | None = None
    statistics: list[Statistic] | None = None
    information_sources: list[LinkedText] | None = None
    certification_places: list[LinkedText] | None = None
    preparation_places: list[LinkedText] | None = None
    history: list[Text] | None = None
    references_elaboration: Text | None = None
    sources: list[Source] = Field(min_length=1)
    guidance: Guidance = Guidance()


class Term(Strict):
    id: Slug
    term: Text
    expansion: Text | None = Field(None, description="Forme développée d’un sigle.")
    abbreviation: Text | None = None
    forms: list[Text] = Field(
        default_factory=list, description="Graphies reliées au glossaire là où elles apparaissent."
    )
    search: list[Text] = Field(default_factory=list, description="Autres façons de chercher ce terme.")
    definition: Text


class Glossary(Strict):
    """The glossary shared by every certification of the site."""

    format: FileFormat = Field(description="Version du format de ce fichier (1).")
    terms: list[Term] = Field(min_length=1)

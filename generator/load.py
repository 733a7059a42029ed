"""Read referential files: YAML with line numbers, validation, cross-references."""

from __future__ import annotations

import difflib
import re
import typing
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import Problem, ReferentialError, path_to_str, show
from .guide import PATH_KEYS, check_guide
from .model import Certification, Glossary
from .rome import Rome, load_rome

if TYPE_CHECKING:
    from .curriculum import CurriculumFile

GLOSSARY_FILE = "glossaire.yaml"
MAX_BYTES = 5_000_000
MAX_NODES = 200_000
MAX_DEPTH = 40

Path_ = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Referential:
    """Every certification of a referential folder, with the shared glossary."""

    certifications: tuple[Certification, ...]
    glossary: Glossary | None = None
    files: dict[str, str] = field(default_factory=dict, compare=False)
    curricula: tuple[CurriculumFile, ...] = ()
    warnings: tuple[Problem, ...] = ()


class _PyLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    yaml.resolver.BaseResolver,
):
    """A composer whose only implicit type is null: every other scalar stays a string.

    This avoids YAML 1.1 surprises (``no`` read as false, ``0123`` as octal); the model
    converts strings to numbers, dates and booleans where it expects them.
    """

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.resolver.BaseResolver.__init__(self)


if yaml.__with_libyaml__:  # the same composer in C (libyaml), several times faster
    from yaml._yaml import CParser

    class _CLoader(CParser, yaml.resolver.BaseResolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.resolver.BaseResolver.__init__(self)

    _Loader: Any = _CLoader
else:
    _Loader = _PyLoader


for _loader in (_PyLoader, _Loader):
    _loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:timestamp",
}


# Characters YAML refuses in a file, and those we refuse in a value even when written as an escape ("\x1b"):
# controls, and the invisible marks that reverse or hide text (they can make a code read as another).
_YAML_FORBIDDEN = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]")


def _invisible(value: str) -> str | None:
    found = _INVISIBLE.search(value)
    if found is None:
        return None
    return f"le caractère invisible U+{ord(found.group()):04X} (position {found.start() + 1} du texte)"


class _Stop(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


class _Builder:
    """Turn composed YAML nodes into plain data, remembering the line of every path."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.active: set[int] = set()

    def problem(self, node: yaml.Node, path: Path_, expected: str, found: str, fix: str) -> Problem:
        return Problem(self.display, node.start_mark.line + 1, path_to_str(path), expected, found, fix)

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Stop(
                self.problem(
                    node,
                    path,
                    f"au plus {MAX_NODES} valeurs",
                    "davantage (alias YAML démultipliés ?)",
                    "écrire les valeurs sans alias imbriqués.",
                )
            )
        if len(path) > MAX_DEPTH:
            raise _Stop(
                self.problem(
                    node,
                    path,
                    f"au plus {MAX_DEPTH} niveaux d’imbrication",
                    "davantage",
                    "aplatir la structure : le format n’a pas besoin de tant de niveaux.",
                )
            )
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == "tag:yaml.org,2002:null":
                return None
            if node.tag not in _SCALAR_TAGS:
                raise _Stop(
                    self.problem(
                        node,
                        path,
                        "une valeur YAML simple",
                        f"l’étiquette YAML « {node.tag} »",
                        "retirer l’étiquette (le mot qui commence par « ! ») devant la valeur.",
                    )
                )
            invisible = _invisible(node.value)
            if invisible:
                self.problems.append(
                    self.problem(
                        node,
                        path,
                        "du texte sans caractère de contrôle ni marque invisible",
                        invisible,
                        "supprimer ce caractère, souvent collé depuis un PDF ou un traitement de texte.",
                    )
                )
            return node.value
        if id(node) in self.active:
            raise _Stop(
                self.problem(
                    node,
                    path,
                    "une valeur finie",
                    "un alias YAML qui se contient lui-même",
                    "remplacer l’alias (*nom) par la valeur écrite en entier.",
                )
            )
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                if node.tag != "tag:yaml.org,2002:seq":
                    raise _Stop(
                        self.problem(
                            node,
                            path,
                            "une liste YAML",
                            f"l’étiquette YAML « {node.tag} »",
                            "retirer l’étiquette (le mot qui commence par « ! ») devant la liste.",
                        )
                    )
                return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
            if node.tag != "tag:yaml.org,2002:map":
                raise _Stop(
                    self.problem(
                        node,
                        path,
                        "une table YAML",
                        f"l’étiquette YAML « {node.tag} »",
                        "retirer l’étiquette (le mot qui commence par « ! ») devant la table.",
                    )
                )
            assert isinstance(node, yaml.MappingNode)
            return self._mapping(node, path)
        finally:
            self.active.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:null":
                raise _Stop(
                    self.problem(
                        key_node,
                        path,
                        "un nom de champ",
                        "une clé qui n’est pas un simple mot",
                        "écrire la clé comme un mot suivi de « : ».",
                    )
                )
            key = key_node.value
            invisible = _invisible(key)
            if invisible:
                raise _Stop(
                    self.problem(
                        key_node,
                        path,
                        "un nom de champ sans caractère de contrôle ni marque invisible",
                        invisible,
                        "réécrire le nom du champ au clavier.",
                    )
                )
            if key in seen:
                self.problems.append(
                    Problem(
                        self.display,
                        key_line,
                        path_to_str((*path, key)),
                        "chaque champ une seule fois",
                        f"le champ « {key} » une deuxième fois (déjà ligne {seen[key]})",
                        "garder une seule des deux valeurs et supprimer l’autre.",
                    )
                )
                continue
            seen[key] = key_line
            self.lines.setdefault((*path, key), key_line)
            out[key] = self.build(value_node, (*path, key))
        return out


def read_yaml(text: str, display: str) -> tuple[Any, dict[Path_, int]]:
    """Parse YAML text into plain data and the line of every path; raise ReferentialError if malformed."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or "une erreur de syntaxe"
        if exc.context:
            what = f"{what} ({exc.context})"
        raise ReferentialError(
            [
                Problem(
                    display,
                    line,
                    "",
                    "du YAML bien formé",
                    f"« {what} »",
                    "vérifier l’indentation (espaces, pas de tabulations) et les « : » ; mettre entre "
                    "guillemets un texte qui contient « : », « # » ou commence par un caractère spécial.",
                )
            ]
        ) from None
    except yaml.reader.ReaderError:
        bad = _YAML_FORBIDDEN.search(text)
        at = bad.start() if bad else 0
        raise ReferentialError(
            [
                Problem(
                    display,
                    text.count("\n", 0, at) + 1,
                    "",
                    "du texte sans caractère de contrôle",
                    f"le caractère U+{ord(bad.group()):04X}" if bad else "un caractère que YAML refuse",
                    "supprimer ce caractère invisible, souvent collé depuis un PDF ou un traitement de texte.",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise ReferentialError(
            [
                Problem(
                    display,
                    1,
                    "",
                    "du YAML lisible",
                    f"« {exc} »",
                    "enregistrer le fichier en UTF-8, sans caractère de contrôle.",
                )
            ]
        ) from None
    except RecursionError:
        raise ReferentialError(
            [
                Problem(
                    display,
                    1,
                    "",
                    f"au plus {MAX_DEPTH} niveaux d’imbrication",
                    "une structure bien plus profonde",
                    "aplatir la structure.",
                )
            ]
        ) from None
    finally:
        loader.dispose()
    if node is None:
        raise ReferentialError(
            [
                Problem(
                    display,
                    1,
                    "",
                    "un document YAML",
                    "un fichier vide",
                    "reprendre un fichier existant comme modèle.",
                )
            ]
        )
    builder = _Builder(display)
    try:
        data = builder.build(node, ())
    except _Stop as stop:
        raise ReferentialError([*builder.problems, stop.problem]) from None
    if builder.problems:
        raise ReferentialError(builder.problems)
    return data, builder.lines


def read_text(path: Path, display: str) -> str:
    """Read a UTF-8 input file, or raise ReferentialError saying why it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReferentialError(
            [
                Problem(
                    display,
                    1,
                    "",
                    "un fichier lisible",
                    f"« {exc.strerror} »",
                    "vérifier le chemin et les droits du fichier.",
                )
            ]
        ) from None
    if len(raw) > MAX_BYTES:
        raise ReferentialError(
            [
                Problem(
                    display,
                    1,
                    "",
                    f"au plus {MAX_BYTES // 1_000_000} Mo",
                    f"{len(raw) // 1_000_000} Mo",
                    "découper le contenu : un référentiel tient en quelques dizaines de kilo-octets.",
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ReferentialError(
            [
                Problem(
                    display,
                    line,
                    "",
                    "du texte encodé en UTF-8",
                    f"l’octet {raw[exc.start]:#04x}, qui n’est pas de l’UTF-8",
                    "enregistrer le fichier en UTF-8 depuis l’éditeur.",
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


# -- validation against the model ---------------------------------------------------------

_EXPECTED = {
    "string_type": "du texte",
    "int_type": "un nombre entier",
    "int_parsing": "un nombre entier",
    "int_from_float": "un nombre entier",
    "bool_type": "true ou false",
    "bool_parsing": "true ou false",
    "date_type": "une date réelle au format AAAA-MM-JJ, comme 2015-01-30",
    "date_parsing": "une date réelle au format AAAA-MM-JJ, comme 2015-01-30",
    "date_from_datetime_parsing": "une date réelle au format AAAA-MM-JJ, comme 2015-01-30",
    "date_from_datetime_inexact": "une date sans heure, au format AAAA-MM-JJ",
    "list_type": "une liste (une ligne par élément, commençant par « - »)",
    "model_type": "une table de champs (« nom: valeur », un par ligne)",
    "model_attributes_type": "une table de champs (« nom: valeur », un par ligne)",
    "dict_type": "une table de champs (« nom: valeur », un par ligne)",
    "float_type": "un nombre, comme 35 ou 3.5",
    "float_parsing": "un nombre, comme 35 ou 3.5 (avec un point, pas une virgule)",
}


_FIX = {
    "date_parsing": "vérifier l’année, le mois et le jour (un 30 février n’existe pas).",
    "date_from_datetime_parsing": "vérifier l’année, le mois et le jour (un 30 février n’existe pas).",
    "list_type": "écrire chaque élément sur sa ligne, précédé de « - ».",
    "model_type": "écrire les champs attendus, un par ligne, sous cette clé.",
    "dict_type": "écrire les champs attendus, un par ligne, sous cette clé.",
    "bool_parsing": "écrire true, false, ou null si la source ne permet pas de le dire.",
    "string_type": "écrire le texte, entre guillemets droits s’il contient des caractères spéciaux.",
}


def _unwrap(annotation: Any) -> Any:
    """Find the model class inside an annotation such as list[Bloc] | None."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _unwrap(arg)
        if found is not None:
            return found
    return None


def _model_at(model: type[BaseModel], loc: Iterable[str | int]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current


def _locate(loc: tuple[str | int, ...], data: Any, lines: dict[Path_, int]) -> tuple[Path_, int, bool]:
    """Follow a pydantic location through the data: the real path, its line, and whether it exists."""
    path: Path_ = ()
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:  # noqa: SIM114 (two branches narrow types for mypy)
            node = node[part]
            path = (*path, part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path = (*path, part)
        elif isinstance(node, dict) and isinstance(part, str):
            return (*path, part), lines.get(path, 1), False
        # anything else is a pydantic tag such as "function-after[...]": not part of the YAML
    return path, lines.get(path, 1), True


def _explain(model: type[BaseModel], err: Any, path: Path_, exists: bool) -> tuple[str, str, str]:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    name = path[-1] if path else ""
    if kind == "missing":
        parent = path_to_str(path[:-1]) or "la racine du fichier"
        target = _model_at(model, path[:-1])
        info = target.model_fields.get(str(name)) if target else None
        hint = f" ({info.description})" if info is not None and info.description else ""
        return (
            f"le champ obligatoire « {name} »{hint}",
            "rien : le champ manque",
            f"ajouter « {name}: … » sous {parent}.",
        )
    if kind == "extra_forbidden":
        target = _model_at(model, path[:-1])
        known = sorted(target.model_fields) if target else []
        close = difflib.get_close_matches(str(name), known, n=1)
        fix = f"vouliez-vous écrire « {close[0]} » ?" if close else "supprimer ce champ ou corriger son nom."
        return (f"l’un des champs connus ici : {', '.join(known)}", f"le champ inconnu « {name} »", fix)
    if kind == "format":
        return (str(ctx.get("expected")), show(value), "corriger la valeur.")
    if kind == "literal_error":
        choices = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return (f"l’une des valeurs : {choices}", show(value), "choisir l’une de ces valeurs, écrite à l’identique.")
    if kind in ("greater_than_equal", "greater_than"):
        return (f"un nombre au moins égal à {ctx.get('ge', ctx.get('gt'))}", show(value), "corriger le nombre.")
    if kind in ("less_than_equal", "less_than"):
        return (f"un nombre au plus égal à {ctx.get('le', ctx.get('lt'))}", show(value), "corriger le nombre.")
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return (f"au moins {n} élément{'s' if n > 1 else ''}", show(value), "compléter la liste.")
    if kind in _EXPECTED:
        return (_EXPECTED[kind], show(value), _FIX.get(kind, "corriger la valeur."))
    return (str(err.get("msg", "une valeur valide")), show(value), "corriger la valeur.")


def validate(model: type[M], data: Any, lines: dict[Path_, int], display: str) -> M:
    """Check plain data against a model class; raise ReferentialError with located problems."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            path, line, exists = _locate(tuple(err["loc"]), data, lines)
            expected, found, fix = _explain(model, err, path, exists)
            problems.append(Problem(display, line, path_to_str(path), expected, found, fix))
        raise ReferentialError(problems) from None


# -- cross-references ---------------------------------------------------------------------

PAGE_KEYS = ("access", "capacities", "blocs", "jobs", "glossary", "facts", "self_assessment", *PATH_KEYS)


class _Checker:
    def __init__(self, display: str, lines: dict[Path_, int]) -> None:
        self.display = display
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, path: Path_, expected: str, found: str, fix: str) -> None:
        line = 1
        for i in range(len(path), -1, -1):
            if path[:i] in self.lines:
                line = self.lines[path[:i]]
                break
        self.problems.append(Problem(self.display, line, path_to_str(path), expected, found, fix))

    def unique(self, values: list[str], path: Path_, key: str, what: str) -> None:
        counts = Counter(values)
        for i, value in enumerate(values):
            if counts[value] > 1 and values.index(value) != i:
                self.add(
                    (*path, i, key),
                    f"un {what} unique",
                    f"« {value} » déjà utilisé plus haut",
                    f"donner à cet élément un {what} qui n’est pas encore pris.",
                )


def _id_list(ids: list[str]) -> str:
    return ", ".join(ids) if len(ids) <= 8 else ", ".join(ids[:8]) + "…"


def check_certification(cert: Certification, lines: dict[Path_, int], display: str, rome: Rome) -> list[Problem]:
    """Check what the model alone cannot: references, uniqueness, dates, codes that exist."""
    c = _Checker(display, lines)
    capacity_ids = [cap.id for cap in cert.capacities]
    mode_ids = [m.id for m in cert.evaluation_modes]
    jury_ids = [j.id for j in cert.access.juries]
    c.unique([a.id for a in cert.activities], ("activities",), "id", "identifiant")
    c.unique(capacity_ids, ("capacities",), "id", "identifiant")
    c.unique(mode_ids, ("evaluation_modes",), "id", "identifiant")
    c.unique(jury_ids, ("access", "juries"), "id", "identifiant")
    c.unique([r.id for r in cert.access.routes], ("access", "routes"), "id", "identifiant")
    c.unique([p.id for p in cert.pathways], ("pathways",), "id", "identifiant")
    c.unique([b.code for b in cert.blocs], ("blocs",), "code", "code de bloc")

    owners: dict[str, list[str]] = {}
    for b, bloc in enumerate(cert.blocs):
        if not bloc.code.startswith(cert.identity.rncp + "BC"):
            c.add(
                ("blocs", b, "code"),
                f"un code qui commence par {cert.identity.rncp}BC (le code de la fiche)",
                f"« {bloc.code} »",
                f"écrire {cert.identity.rncp}BC suivi du numéro du bloc sur deux chiffres.",
            )
        for i, cap in enumerate(bloc.capacities):
            if cap not in capacity_ids:
                c.add(
                    ("blocs", b, "capacities", i),
                    f"un identifiant de capacité déclaré dans capacities ({_id_list(capacity_ids)})",
                    f"« {cap} » (aucune capacité de ce nom)",
                    f"corriger l’identifiant ou déclarer {cap} dans capacities.",
                )
            owners.setdefault(cap, []).append(bloc.code)
        for i, use in enumerate(bloc.evaluation):
            if use.mode not in mode_ids:
                c.add(
                    ("blocs", b, "evaluation", i, "mode"),
                    f"un identifiant de modalité déclaré dans evaluation_modes ({_id_list(mode_ids) or 'aucune'})",
                    f"« {use.mode} » (aucune modalité de ce nom)",
                    f"corriger l’identifiant ou déclarer {use.mode} dans evaluation_modes.",
                )
            if i == 0 and use.connector is not None:
                c.add(
                    ("blocs", b, "evaluation", i, "connector"),
                    "pas de mot de liaison devant la première modalité",
                    f"« {use.connector} »",
                    "supprimer « connector » de la première modalité.",
                )
            if i > 0 and use.connector is None:
                c.add(
                    ("blocs", b, "evaluation", i),
                    "un mot de liaison « connector: Ou » ou « connector: Et »",
                    "rien",
                    "recopier le mot qui relie cette modalité à la précédente dans la fiche.",
                )
        if not bloc.evaluation and not bloc.evaluation_text:
            c.add(
                ("blocs", b),
                "des modalités d’évaluation (evaluation ou evaluation_text)",
                "aucune",
                "recopier les modalités d’évaluation du bloc depuis la fiche.",
            )
    for i, capacity in enumerate(cert.capacities):
        blocs = owners.get(capacity.id, [])
        if not blocs and cert.blocs:
            c.add(
                ("capacities", i, "id"),
                "une capacité rattachée à un bloc",
                f"{capacity.id}, rattachée à aucun bloc",
                f"ajouter {capacity.id} à la liste capacities du bloc qui la valide.",
            )
        elif len(blocs) > 1:
            c.add(
                ("capacities", i, "id"),
                "une capacité rattachée à un seul bloc",
                f"{capacity.id}, rattachée à {len(blocs)} blocs ({', '.join(blocs)})",
                f"ne garder {capacity.id} que dans le bloc qui la valide.",
            )
    for r, route in enumerate(cert.access.routes):
        if route.jury is not None and route.jury not in jury_ids:
            c.add(
                ("access", "routes", r, "jury"),
                f"un identifiant de jury déclaré dans access.juries ({_id_list(jury_ids) or 'aucun'})",
                f"« {route.jury} » (aucun jury de ce nom)",
                f"corriger l’identifiant ou déclarer {route.jury} dans access.juries.",
            )
    reg = cert.registration
    if reg.ends_on is not None and reg.ends_on <= reg.registered_on:
        c.add(
            ("registration", "ends_on"),
            f"une date postérieure à registered_on ({reg.registered_on.isoformat()})",
            f"« {reg.ends_on.isoformat()} »",
            "vérifier les deux dates dans la base légale de la fiche.",
        )
    for i, ref in enumerate(cert.rome):
        if ref.code not in rome.codes:
            close = difflib.get_close_matches(ref.code, list(rome.codes), n=1, cutoff=0.75)
            hint = f" (vouliez-vous écrire {close[0]}, « {rome.codes[close[0]].label} » ?)" if close else ""
            c.add(
                ("rome", i, "code"),
                f"un code du ROME 4.0 ({rome.version})",
                f"« {ref.code} », qui n’y figure pas",
                f"corriger le code{hint}.",
            )
    targets = set(PAGE_KEYS) | set(capacity_ids) | set(mode_ids) | {b.code for b in cert.blocs}
    for i, aud in enumerate(cert.guidance.audiences):
        if aud.link not in targets:
            c.add(
                ("guidance", "audiences", i, "link"),
                f"une page ({', '.join(PAGE_KEYS)}) ou un identifiant du référentiel (C1, M1, code de bloc)",
                f"« {aud.link} »",
                "choisir l’une de ces cibles.",
            )
    c.problems.extend(check_guide(cert, lines, display, targets))
    return c.problems


def check_glossary(glossary: Glossary, lines: dict[Path_, int], display: str) -> list[Problem]:
    """Check that glossary ids and linked forms are unique."""
    c = _Checker(display, lines)
    c.unique([t.id for t in glossary.terms], ("terms",), "id", "identifiant")
    owner: dict[str, str] = {}
    for t, term in enumerate(glossary.terms):
        for f, form in enumerate(term.forms):
            if form.casefold() in owner and owner[form.casefold()] != term.id:
                c.add(
                    ("terms", t, "forms", f),
                    "une graphie propre à ce terme",
                    f"« {form} », déjà reliée à « {owner[form.casefold()]} »",
                    "retirer la graphie de l’un des deux termes.",
                )
            owner[form.casefold()] = term.id
    return c.problems


def load_certification(path: Path, display: str, rome: Rome | None = None) -> Certification:
    """Load and validate one certification file."""
    data, lines = read_yaml(read_text(path, display), display)
    cert = validate(Certification, data, lines, display)
    problems = check_certification(cert, lines, display, rome or load_rome())
    if problems:
        raise ReferentialError(problems)
    return cert


def load_glossary(path: Path, display: str) -> Glossary:
    """Load and validate the glossary file."""
    data, lines = read_yaml(read_text(path, display), display)
    glossary = validate(Glossary, data, lines, display)
    problems = check_glossary(glossary, lines, display)
    if problems:
        raise ReferentialError(problems)
    return glossary


def load_referential(folder: Path, display_root: Path | None = None, *, curricula: Path | None = None) -> Referential:
    """Load every certification of a folder and its glossary, then the curricula, gathering all problems before failing."""
    root = display_root or folder.parent

    def display(p: Path) -> str:
        try:
            return p.relative_to(root).as_posix()
        except ValueError:
            return p.as_posix()

    if not folder.is_dir():
        raise ReferentialError(
            [
                Problem(
                    display(folder),
                    1,
                    "",
                    "un dossier de référentiels",
                    "rien à cet endroit",
                    "créer le dossier ou corriger l’option « referential » du greffon.",
                )
            ]
        )
    problems: list[Problem] = []
    loaded: list[tuple[Certification, str]] = []
    glossary: Glossary | None = None
    rome = load_rome()
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    for path in paths:
        try:
            if path.name == GLOSSARY_FILE:
                glossary = load_glossary(path, display(path))
            else:
                loaded.append((load_certification(path, display(path), rome), display(path)))
        except ReferentialError as exc:
            problems.extend(exc.problems)
    if not loaded and not problems:
        problems.append(
            Problem(
                display(folder),
                1,
                "",
                "au moins un fichier de certification (.yaml)",
                "aucun",
                "ajouter un fichier, par exemple en copiant referential/rncp-21806.yaml.",
            )
        )
    files: dict[str, str] = {}
    for cert, name in loaded:
        code = cert.identity.rncp
        if code in files:
            problems.append(
                Problem(
                    name,
                    1,
                    "identity.rncp",
                    "une fiche RNCP par fichier",
                    f"{code}, déjà décrite dans {files[code]}",
                    "supprimer l’un des deux fichiers.",
                )
            )
        files.setdefault(code, name)
    if problems:
        raise ReferentialError(problems)
    certifications = [cert for cert, _ in loaded]
    certifications.sort(key=lambda cert: cert.identity.rncp)
    referential = Referential(tuple(certifications), glossary, files)
    if curricula is not None:
        from .curriculum import load_curricula

        referential = load_curricula(curricula, referential, display)
    return referential

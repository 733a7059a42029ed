"""Problems found in input files, worded so that a person can fix them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One defect of an input file: where it is, what was expected, what was found, how to fix it."""

    file: str
    line: int
    path: str
    expected: str
    found: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        if self.path:
            where += f" {self.path}"
        text = f"{where} : attendu {self.expected}, trouvé {self.found}."
        if self.fix:
            text += f" Correction : {self.fix}"
        return text


class ReferentialError(Exception):
    """Raised when input files hold errors; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def summary(self) -> str:
        """Say how many errors were found, in French."""
        n = len(self.problems)
        return f"{n} erreur{'s' if n > 1 else ''} dans le référentiel : le site n’a pas été construit."


def path_to_str(path: tuple[str | int, ...]) -> str:
    """Write a YAML path the way the messages show it, such as blocs[1].capacities[0]."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def show(value: object, limit: int = 80) -> str:
    """Quote a found value for a message, shortened if it is long."""
    if value is None:
        return "rien (valeur vide)"
    if isinstance(value, dict):
        return "une table de clés (mapping)"
    if isinstance(value, list):
        return f"une liste de {len(value)} élément{'s' if len(value) > 1 else ''}"
    text = str(value).replace("\n", " ")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"« {text} »"

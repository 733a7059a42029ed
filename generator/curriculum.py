"""Training curricula: their file format, how they cover a certification's capacities, and the matrix exports."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from .errors import Problem, ReferentialError, path_to_str
from .guide import paths_data
from .load import Path_, read_text, read_yaml, validate
from .model import Bloc, Capacity, CapacityId, Certification, FileFormat, Format, RncpCode, Strict, Text

if TYPE_CHECKING:
    from .load import Referential

FOLDER = "curricula"
DEPTHS: tuple[str, ...] = ("introduite", "travaillée", "évaluée")
Depth = Literal["introduite", "travaillée", "évaluée"]
Modality = Literal["centre", "distance", "entreprise"]
ModuleId = Annotated[
    str,
    Format(
        r"[A-Za-z0-9][A-Za-z0-9_-]{0,11}",
        "un code de module court (lettres, chiffres, tirets ; 12 signes au plus), comme F1",
    ),
]
Hours = Annotated[float, Field(gt=0, le=10_000)]
_FILE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class Covers(Strict):
    capacity: CapacityId = Field(description="Identifiant d’une capacité de la certification, comme C1.")
    depth: Depth = Field(
        description="introduite (présentée), travaillée (mise en pratique) ou évaluée (une évaluation de la formation vérifie qu’elle est acquise)."
    )
    hours: Hours | None = Field(
        None,
        description="Heures du module consacrées à cette capacité ; à défaut, les heures du module sont réparties à parts égales.",
    )


class Module(Strict):
    id: ModuleId = Field(description="Code court du module, repris en tête de colonne de la matrice, comme F1.")
    title: Text = Field(description="Intitulé du module.")
    hours: Hours = Field(description="Durée du module en heures, comme 35 ou 17.5.")
    modality: Modality = Field(
        description="centre (en centre de formation), distance (à distance) ou entreprise (en entreprise)."
    )
    description: Text | None = Field(None, description="Contenu du module, en une ou deux phrases.")
    covers: list[Covers] = Field(
        default_factory=list, description="Capacités que le module couvre ; vide pour un module hors capacités."
    )


class Curriculum(Strict):
    """A training programme that prepares for one certification: a trainer's file, never official text."""

    format: FileFormat = Field(description="Version du format de ce fichier (1).")
    certification: RncpCode = Field(description="Code RNCP de la certification préparée, comme RNCP21806.")
    title: Text = Field(description="Intitulé du programme.")
    organisation: Text = Field(description="Organisme de formation qui le propose.")
    example: bool = Field(
        False, description="true pour un programme d’exemple, fictif : le site l’affiche comme tel partout."
    )
    description: Text | None = Field(None, description="Public, prérequis, organisation générale.")
    modules: list[Module] = Field(min_length=1, description="Les modules du programme, dans l’ordre.")


@dataclass(frozen=True)
class CurriculumFile:
    """A curriculum as read from its file: its id (the file name), where it comes from, and its source text."""

    id: str
    display: str
    curriculum: Curriculum
    lines: dict[Path_, int] = field(compare=False, repr=False)
    source: str = field(compare=False, repr=False)

    def line(self, path: Path_) -> int:
        for i in range(len(path), -1, -1):
            if path[:i] in self.lines:
                return self.lines[path[:i]]
        return 1


def check_curriculum(
    cur: Curriculum, lines: dict[Path_, int], display: str, certs: dict[str, Certification]
) -> list[Problem]:
    """Check what the model alone cannot: the certification exists, capacities are its own, hours add up."""
    problems: list[Problem] = []

    def add(path: Path_, expected: str, found: str, fix: str) -> None:
        line = next((lines[path[:i]] for i in range(len(path), -1, -1) if path[:i] in lines), 1)
        problems.append(Problem(display, line, path_to_str(path), expected, found, fix))

    cert = certs.get(cur.certification)
    if cert is None:
        add(
            ("certification",),
            f"le code RNCP d’une certification du référentiel ({', '.join(sorted(certs))})",
            f"« {cur.certification} » (aucune certification de ce code)",
            "corriger le code, ou ajouter la certification dans referential/.",
        )
    ids = Counter(m.id for m in cur.modules)
    seen: set[str] = set()
    for m, module in enumerate(cur.modules):
        if ids[module.id] > 1 and module.id in seen:
            add(
                ("modules", m, "id"),
                "un code de module unique",
                f"« {module.id} » déjà utilisé plus haut",
                "donner à ce module un code qui n’est pas encore pris.",
            )
        seen.add(module.id)
        capacity_ids = [c.id for c in cert.capacities] if cert else []
        covered: set[str] = set()
        explicit = Fraction(0)
        for i, cov in enumerate(module.covers):
            if cert is not None and cov.capacity not in capacity_ids:
                add(
                    ("modules", m, "covers", i, "capacity"),
                    f"un identifiant de capacité de {cert.identity.rncp} ({', '.join(capacity_ids)})",
                    f"« {cov.capacity} » (aucune capacité de ce nom)",
                    "corriger l’identifiant : la liste des capacités est sur la page « Activités et capacités ».",
                )
            if cov.capacity in covered:
                add(
                    ("modules", m, "covers", i, "capacity"),
                    "chaque capacité une seule fois par module",
                    f"« {cov.capacity} » une deuxième fois",
                    "garder une seule ligne pour cette capacité, avec le degré le plus avancé.",
                )
            covered.add(cov.capacity)
            if cov.hours is not None:
                explicit += Fraction(str(cov.hours))
        if explicit > Fraction(str(module.hours)):
            add(
                ("modules", m, "covers"),
                f"des heures par capacité dont la somme ne dépasse pas la durée du module ({hours_text(Fraction(str(module.hours)))} h)",
                f"{hours_text(explicit)} h au total",
                "corriger les heures des capacités ou la durée du module.",
            )
    return problems


def load_curriculum(path: Path, display: str, certs: dict[str, Certification]) -> CurriculumFile:
    """Load and validate one curriculum file against the certifications of the referential."""
    text = read_text(path, display)
    data, lines = read_yaml(text, display)
    cur = validate(Curriculum, data, lines, display)
    problems = check_curriculum(cur, lines, display, certs)
    if not _FILE_ID.fullmatch(path.stem):
        problems.append(
            Problem(
                display,
                1,
                "",
                "un nom de fichier en minuscules sans accents, avec des tirets (il sert d’adresse à la page du programme)",
                f"« {path.name} »",
                "renommer le fichier, par exemple « mon-programme.yaml ».",
            )
        )
    if problems:
        raise ReferentialError(problems)
    return CurriculumFile(path.stem, display, cur, lines, text)


def load_curricula(folder: Path, referential: Referential, display: Callable[[Path], str]) -> Referential:
    """Add a folder's curricula, and the warnings of their coverage, to a loaded referential."""
    if not folder.is_dir():
        raise ReferentialError(
            [
                Problem(
                    display(folder),
                    1,
                    "",
                    "un dossier de programmes de formation",
                    "rien à cet endroit",
                    "créer le dossier ou corriger l’option « curricula » du greffon (ou --curricula).",
                )
            ]
        )
    certs = {c.identity.rncp: c for c in referential.certifications}
    problems: list[Problem] = []
    loaded: list[CurriculumFile] = []
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()):
        try:
            loaded.append(load_curriculum(path, display(path), certs))
        except ReferentialError as exc:
            problems.extend(exc.problems)
    owners: dict[str, str] = {}
    for cf in loaded:
        if cf.id in owners:
            problems.append(
                Problem(
                    cf.display,
                    1,
                    "",
                    "un nom de fichier propre à chaque programme",
                    f"« {cf.id} », déjà pris par {owners[cf.id]}",
                    "renommer l’un des deux fichiers.",
                )
            )
        owners.setdefault(cf.id, cf.display)
    if problems:
        raise ReferentialError(problems)
    warnings = [w for cf in loaded for w in coverage_warnings(coverage(cf, certs[cf.curriculum.certification]))]
    return replace(referential, curricula=tuple(loaded), warnings=(*referential.warnings, *warnings))


# -- coverage -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapacityRow:
    capacity: Capacity
    bloc: Bloc
    bloc_number: int
    depths: tuple[str | None, ...]
    hours: Fraction

    @property
    def best(self) -> str | None:
        """Return the most advanced depth at which a module covers the capacity."""
        found = [DEPTHS.index(d) for d in self.depths if d is not None]
        return DEPTHS[max(found)] if found else None


@dataclass(frozen=True)
class BlocHours:
    bloc: Bloc
    number: int
    hours: Fraction
    modules: tuple[str, ...]


@dataclass(frozen=True)
class Coverage:
    """How one curriculum covers the capacities of its certification: the matrix, the hours, the gaps."""

    file: CurriculumFile
    cert: Certification
    rows: tuple[CapacityRow, ...]
    blocs: tuple[BlocHours, ...]
    outside: Fraction
    modalities: tuple[tuple[str, Fraction], ...]

    @property
    def curriculum(self) -> Curriculum:
        return self.file.curriculum

    @property
    def modules(self) -> list[Module]:
        return self.file.curriculum.modules

    @property
    def total(self) -> Fraction:
        return sum((Fraction(str(m.hours)) for m in self.modules), Fraction(0))

    @property
    def uncovered(self) -> tuple[CapacityRow, ...]:
        return tuple(r for r in self.rows if r.best is None)

    @property
    def not_evaluated(self) -> tuple[CapacityRow, ...]:
        return tuple(r for r in self.rows if r.best is not None and r.best != "évaluée")


def _shares(module: Module) -> dict[str, Fraction]:
    """Split a module's hours between its capacities: the stated hours, the rest in equal parts."""
    total = Fraction(str(module.hours))
    stated = {c.capacity: Fraction(str(c.hours)) for c in module.covers if c.hours is not None}
    rest = [c.capacity for c in module.covers if c.hours is None]
    left = total - sum(stated.values(), Fraction(0))
    shares = dict(stated)
    for cap in rest:
        shares[cap] = left / len(rest)
    return shares


def coverage(file: CurriculumFile, cert: Certification) -> Coverage:
    """Compute the coverage matrix, the hours per bloc and per modality of a curriculum."""
    modules = file.curriculum.modules
    depth_of = [{c.capacity: c.depth for c in m.covers} for m in modules]
    shares = [_shares(m) for m in modules]
    rows: list[CapacityRow] = []
    caps = {c.id: c for c in cert.capacities}
    for number, bloc in enumerate(cert.blocs, start=1):
        for cap_id in bloc.capacities:
            hours = sum((s.get(cap_id, Fraction(0)) for s in shares), Fraction(0))
            rows.append(CapacityRow(caps[cap_id], bloc, number, tuple(d.get(cap_id) for d in depth_of), hours))
    blocs = []
    for number, bloc in enumerate(cert.blocs, start=1):
        hours = sum((r.hours for r in rows if r.bloc is bloc), Fraction(0))
        touching = tuple(m.id for m in modules if any(c.capacity in bloc.capacities for c in m.covers))
        blocs.append(BlocHours(bloc, number, hours, touching))
    assigned = sum((sum(s.values(), Fraction(0)) for s in shares), Fraction(0))
    total = sum((Fraction(str(m.hours)) for m in modules), Fraction(0))
    by_modality: dict[str, Fraction] = {}
    for m in modules:
        by_modality[m.modality] = by_modality.get(m.modality, Fraction(0)) + Fraction(str(m.hours))
    order = [mod.id for mod in paths_data().modalities]
    modalities = tuple((key, by_modality[key]) for key in order if key in by_modality)
    return Coverage(file, cert, tuple(rows), tuple(blocs), total - assigned, modalities)


def coverage_warnings(cov: Coverage) -> list[Problem]:
    """Warn about capacities that no module covers, or that no module evaluates."""
    display, line = cov.file.display, cov.file.line(("modules",))
    rncp = cov.cert.identity.rncp
    out: list[Problem] = []
    for row in cov.uncovered:
        out.append(
            Problem(
                display,
                line,
                "modules",
                f"chaque capacité de {rncp} couverte par au moins un module",
                f"{row.capacity.id} (bloc {row.bloc_number}) couverte par aucun module",
                f"ajouter « - capacity: {row.capacity.id} » aux covers du module qui la traite.",
            )
        )
    for row in cov.not_evaluated:
        out.append(
            Problem(
                display,
                line,
                "modules",
                f"chaque capacité de {rncp} évaluée dans au moins un module",
                f"{row.capacity.id} (bloc {row.bloc_number}) au plus « {row.best} », évaluée dans aucun module",
                f"mettre « depth: évaluée » pour {row.capacity.id} dans le module qui l’évalue.",
            )
        )
    return out


def hours_text(hours: Fraction) -> str:
    """Write hours the French way, to a tenth: 35, 11,7."""
    tenths = round(hours * 10)
    whole, rest = divmod(tenths, 10)
    return f"{whole},{rest}" if rest else str(whole)


def summary(cov: Coverage) -> dict[str, Any]:
    """Return the coverage as plain data: what the golden files of the coverage tests hold."""
    return {
        "curriculum": cov.file.id,
        "certification": cov.cert.identity.rncp,
        "modules": [m.id for m in cov.modules],
        "matrix": {r.capacity.id: [d or "" for d in r.depths] for r in cov.rows},
        "best": {r.capacity.id: r.best for r in cov.rows},
        "hours": {
            "per_capacity": {r.capacity.id: hours_text(r.hours) for r in cov.rows},
            "per_bloc": {b.bloc.code: hours_text(b.hours) for b in cov.blocs},
            "outside_blocs": hours_text(cov.outside),
            "per_modality": {k: hours_text(v) for k, v in cov.modalities},
            "total": hours_text(cov.total),
        },
        "uncovered": [r.capacity.id for r in cov.uncovered],
        "not_evaluated": [r.capacity.id for r in cov.not_evaluated],
    }


# -- exports --------------------------------------------------------------------------------


def module_heading(module: Module) -> str:
    return f"{module.id} · {module.title}"


def matrix_rows(cov: Coverage) -> list[list[str]]:
    """Return the coverage matrix as the table the page, the CSV and the spreadsheet show."""
    header = [
        "Bloc",
        "Capacité",
        "Intitulé de la capacité",
        *(module_heading(m) for m in cov.modules),
        "Au plus",
        "Heures",
    ]
    rows = [header]
    for r in cov.rows:
        rows.append(
            [
                f"Bloc {r.bloc_number} ({r.bloc.code})",
                r.capacity.id,
                r.capacity.label,
                *(d or "" for d in r.depths),
                r.best or "non couverte",
                hours_text(r.hours),
            ]
        )
    return rows


def _spreadsheet_text(value: str) -> str:
    # A cell starting with = + - @ would be read as a formula by a spreadsheet: shown as text instead.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def matrix_csv(cov: Coverage) -> bytes:
    """Write the matrix as CSV for French spreadsheets: UTF-8 with BOM, semicolons, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in matrix_rows(cov):
        writer.writerow([_spreadsheet_text(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class _FixedZip(zipfile.ZipFile):
    """A zip archive whose entries carry a fixed date, so that the same workbook gives the same bytes."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(str(zinfo_or_arcname), date_time=_ZIP_TIME)
            info.compress_type = self.compression
            info.external_attr = 0o644 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: Any = None, compresslevel: Any = None) -> None:
        # openpyxl writes worksheets through temporary files, whose time of day zipfile would copy.
        with open(filename, "rb") as handle:
            self.writestr(str(arcname or filename), handle.read(), compress_type, compresslevel)


def matrix_xlsx(cov: Coverage, today: date) -> bytes:
    """Write the coverage as a workbook for a quality file: matrix, hours per bloc, modules, warnings, about."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties
    from openpyxl.worksheet.worksheet import Worksheet
    from openpyxl.writer.excel import ExcelWriter

    cur = cov.curriculum
    labels = {d.id: d.label for d in paths_data().modalities}
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def sheet(ws: Worksheet, rows: list[list[Any]], widths: list[int]) -> None:
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                cell.alignment = wrap
                if r == 1:
                    cell.font = bold
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_title_rows = "1:1"

    wb = Workbook()
    matrix = wb.active
    assert matrix is not None
    matrix.title = "Matrice"
    rows: list[list[Any]] = [list(r) for r in matrix_rows(cov)]
    for row in rows[1:]:
        row[-1] = round(float(sum(r.hours for r in cov.rows if r.capacity.id == row[1])), 2)
    sheet(matrix, rows, [22, 10, 50, *(16 for _ in cov.modules), 14, 10])
    matrix.freeze_panes = "D2"
    matrix.auto_filter.ref = f"A1:{get_column_letter(len(rows[0]))}{len(rows)}"

    hours: list[list[Any]] = [["Bloc", "Code", "Intitulé", "Heures (réparties)", "Modules"]]
    for b in cov.blocs:
        hours.append([f"Bloc {b.number}", b.bloc.code, b.bloc.title, round(float(b.hours), 2), ", ".join(b.modules)])
    hours.append(["Hors blocs", "", "Modules ou heures sans capacité", round(float(cov.outside), 2), ""])
    hours.append(["Total", "", "", round(float(cov.total), 2), ""])
    sheet(wb.create_sheet("Heures par bloc"), hours, [14, 18, 50, 18, 30])

    modules: list[list[Any]] = [["Code", "Intitulé", "Durée (h)", "Modalité", "Capacités couvertes"]]
    for m in cov.modules:
        covers = ", ".join(f"{c.capacity} ({c.depth})" for c in m.covers) or "aucune"
        modules.append([m.id, m.title, m.hours, labels[m.modality], covers])
    sheet(wb.create_sheet("Modules"), modules, [10, 50, 12, 24, 50])

    warnings = coverage_warnings(cov)
    alerts: list[list[Any]] = [["Alerte", "Correction"]]
    alerts += [[f"{w.found[0].upper()}{w.found[1:]}.", w.fix] for w in warnings] or [["Aucune alerte.", ""]]
    sheet(wb.create_sheet("Alertes"), alerts, [70, 70])

    ident = cov.cert.identity
    about: list[list[Any]] = [
        ["Programme", cur.title],
        ["Organisme", cur.organisation],
        ["Certification", f"{ident.title} ({ident.rncp})"],
        [
            "Nature",
            "EXEMPLE FICTIF, fourni pour montrer le format" if cur.example else "Programme déclaré par l’organisme",
        ],
        ["Source", f"{cov.file.display}, fiche RNCP de la certification"],
        ["Généré le", today.isoformat()],
        [
            "Avertissement",
            "Document non officiel. Les intitulés des capacités sont ceux de la fiche RNCP ; la matrice, "
            "les heures et les alertes sont calculées à partir du programme.",
        ],
        [
            "Heures",
            "Les heures d’un module sont réparties entre les capacités qu’il couvre : heures indiquées par "
            "capacité, sinon parts égales ; un module sans capacité compte « hors blocs ».",
        ],
    ]
    sheet(wb.create_sheet("À propos"), about, [18, 90])
    about_sheet = wb["À propos"]
    about_sheet.freeze_panes = None
    for cell in about_sheet["A"]:
        cell.font = bold

    moment = datetime(today.year, today.month, today.day)
    wb.properties.created = moment
    wb.properties.modified = moment
    wb.properties.creator = "referentiel-rncp"
    wb.properties.lastModifiedBy = "referentiel-rncp"
    wb.properties.title = f"{'Exemple – ' if cur.example else ''}Couverture des capacités : {cur.title}"
    wb.properties.subject = f"Matrice de couverture, {ident.rncp} (document non officiel)"
    wb.properties.language = "fr-FR"
    buffer = io.BytesIO()
    archive = _FixedZip(buffer, "w", zipfile.ZIP_DEFLATED)
    # ExcelWriter.save closes the archive; openpyxl's own save_workbook would stamp the time of day.
    ExcelWriter(wb, archive).save()
    return buffer.getvalue()

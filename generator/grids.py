"""Self-assessment grids: one model per bloc and per certification, rendered as a web page and as a PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

import jinja2

from .load import read_yaml, validate
from .model import Bloc, Capacity, Certification, RatingLevel, RatingScale
from .text import slug

SCALE_FILE = "echelle.yaml"
ASSETS = {
    "assets/stylesheets/grille.css": "grille.css",
    "assets/javascripts/autoevaluation.js": "autoevaluation.js",
    # Shared by the grids and the paths' forms; listed before both in extra_javascript.
    "assets/javascripts/saisie-locale.js": "saisie-locale.js",
}


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    role: str


# The three people who rate each capacity; the keys are those of the saved answers and of the PDF fields.
COLUMNS = (
    Column("candidat", "Candidat ou candidate", "autoévaluation"),
    Column("tuteur", "Tuteur ou tutrice", "avis de l’entreprise"),
    Column("evaluateur", "Évaluateur ou évaluatrice", "évaluation"),
)
TEXTS = (("preuves", "Éléments de preuve"), ("commentaires", "Commentaires"))
IDENTITY = (
    ("candidat", "Candidat ou candidate (nom et prénom)"),
    ("entreprise", "Entreprise"),
    ("tuteur", "Tuteur ou tutrice en entreprise"),
    ("evaluateur", "Évaluateur ou évaluatrice"),
    ("periode", "Date ou période de l’évaluation"),
)


@dataclass(frozen=True)
class Row:
    capacity: Capacity
    bloc: Bloc | None  # None: a fiche without blocs (old fiches), its capacities stand alone
    bloc_number: int


@dataclass(frozen=True)
class Grid:
    """The rows, scale and names of one grid: a bloc's capacities, or every capacity of a certification."""

    key: str
    cert: Certification
    bloc: Bloc | None
    rows: tuple[Row, ...]
    scale: tuple[RatingLevel, ...]

    @property
    def scope(self) -> str:
        """Name what the grid covers, as printed on every page."""
        if self.bloc is None:
            return "Toute la certification"
        return f"Bloc {self.rows[0].bloc_number} : {self.bloc.title} ({self.bloc.code})"

    @property
    def certification(self) -> str:
        ident = self.cert.identity
        name = f"{ident.abbreviation} {ident.title}" if ident.abbreviation else ident.title
        return f"{name} (RNCP {ident.rncp[4:]})"

    @property
    def pdf_path(self) -> str:
        return f"pdf/grille-{self.key}.pdf"


@lru_cache(maxsize=1)
def default_scale() -> tuple[RatingLevel, ...]:
    """Load the generator's default rating scale (four levels, guidance) from its data file."""
    text = resources.files("generator.data").joinpath(SCALE_FILE).read_text("utf-8")
    data, lines = read_yaml(text, f"generator/data/{SCALE_FILE}")
    return tuple(validate(RatingScale, data, lines, f"generator/data/{SCALE_FILE}").levels)


def grids_for(cert: Certification) -> list[Grid]:
    """Return the grid of the whole certification, then one grid per bloc."""
    scale = tuple(cert.guidance.rating_scale or default_scale())
    caps = {c.id: c for c in cert.capacities}
    rows = [
        Row(caps[cap_id], bloc, number) for number, bloc in enumerate(cert.blocs, start=1) for cap_id in bloc.capacities
    ]
    in_blocs = {row.capacity.id for row in rows}
    rows += [Row(cap, None, 0) for cap in cert.capacities if cap.id not in in_blocs]
    whole = Grid(slug(cert.identity.rncp), cert, None, tuple(rows), scale)
    per_bloc = [
        Grid(slug(bloc.code), cert, bloc, tuple(r for r in rows if r.bloc is bloc), scale) for bloc in cert.blocs
    ]
    return [whole, *per_bloc]


@lru_cache(maxsize=1)
def html_environment() -> jinja2.Environment:
    """Build the HTML environment of the grid templates (HTML autoescaping: these are HTML, not Markdown)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        keep_trailing_newline=True,
    )


def form_html(grid: Grid, *, for_pdf: bool = False) -> str:
    """Render the grid's form, shared by the web page and the PDF."""
    template = html_environment().get_template("grid_form.html.j2")
    return template.render(grid=grid, columns=COLUMNS, texts=TEXTS, identity=IDENTITY, for_pdf=for_pdf)


def asset(name: str) -> str:
    """Return the text of a file of generator/assets (the grid's stylesheet and script)."""
    return resources.files("generator").joinpath("assets", name).read_text("utf-8")


def pdf_html(grid: Grid, today: date) -> str:
    """Render the standalone HTML document that WeasyPrint turns into the grid's PDF."""
    template = html_environment().get_template("grid_pdf.html.j2")
    return template.render(
        grid=grid, form=form_html(grid, for_pdf=True), today=today.isoformat(), css=asset("grille.css")
    )


def render_pdf(grid: Grid, today: date) -> bytes:
    """Turn a grid into a fillable, tagged PDF, identical from one build to the next."""
    from .pdfs import html_to_pdf

    return html_to_pdf(pdf_html(grid, today))

"""The paths' printable forms: the dossier de preuves, the avis de l'entreprise and the tutor's memo, as HTML and PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .grids import Grid, asset, html_environment
from .guide import paths_data
from .model import CapacityGuide, Certification, EvaluationMode, TutorGuide
from .text import slug

FORM_ASSETS = {
    "assets/stylesheets/formulaires.css": "formulaires.css",
    "assets/javascripts/formulaires.js": "formulaires.js",
}
# Identity fields of each form; the keys are those of the saved answers and of the PDF fields.
DOSSIER_IDENTITY = (
    ("candidat", "Candidat ou candidate (nom et prénom)"),
    ("voie", "Voie d’accès (VAE, formation continue, contrat de professionnalisation)"),
    ("date", "Date"),
)
AVIS_IDENTITY = (
    ("candidat", "Candidat ou candidate (nom et prénom)"),
    ("entreprise", "Entreprise"),
    ("tuteur", "Tuteur ou tutrice (nom et prénom)"),
    ("fonction", "Fonction du tuteur ou de la tutrice"),
    ("periode", "Période d’observation"),
)


@dataclass(frozen=True)
class Form:
    """One printable form: which document, for which grid scope (whole certification or a bloc)."""

    kind: str  # "dossier-preuves" or "avis-entreprise"
    grid: Grid
    hints: dict[str, CapacityGuide]
    mode: EvaluationMode | None = None

    @property
    def title(self) -> str:
        return "Dossier de preuves" if self.kind == "dossier-preuves" else "Avis de l’entreprise"

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.grid.key}"

    @property
    def pdf_path(self) -> str:
        return f"pdf/{self.key}.pdf"

    @property
    def cert(self) -> Certification:
        return self.grid.cert


def hints(cert: Certification) -> dict[str, CapacityGuide]:
    """Return the guidance of each capacity (what to observe, situations, evidence), by capacity id."""
    return {item.capacity: item for item in cert.guidance.capacities}


def dossier_forms(grids: list[Grid]) -> list[Form]:
    """Return the dossier de preuves of the whole certification, then one per bloc."""
    return [Form("dossier-preuves", grid, hints(grid.cert)) for grid in grids]


def avis_mode(cert: Certification) -> EvaluationMode | None:
    """Return the evaluation mode that is the avis de l'entreprise, as the tutor guidance names it."""
    tutor = cert.guidance.tutor
    if tutor is None:
        return None
    return next((m for m in cert.evaluation_modes if m.id == tutor.avis_mode), None)


def avis_forms(grids: list[Grid]) -> list[Form]:
    """Return the avis de l'entreprise form of each bloc."""
    return [Form("avis-entreprise", g, hints(g.cert), avis_mode(g.cert)) for g in grids if g.bloc is not None]


def form_html(form: Form, *, for_pdf: bool = False) -> str:
    """Render a form's HTML, shared by its web page and its PDF."""
    template = html_environment().get_template(f"{form.kind.replace('-', '_')}.html.j2")
    return template.render(
        form=form,
        grid=form.grid,
        fields=paths_data().dossier_fields,
        identity=DOSSIER_IDENTITY if form.kind == "dossier-preuves" else AVIS_IDENTITY,
        for_pdf=for_pdf,
        slug=slug,
    )


def _css() -> str:
    return asset("grille.css") + "\n" + asset("formulaires.css")


def pdf_html(form: Form, today: date) -> str:
    """Render the standalone HTML document that WeasyPrint turns into the form's PDF."""
    template = html_environment().get_template("form_pdf.html.j2")
    return template.render(form=form, body=form_html(form, for_pdf=True), today=today.isoformat(), css=_css())


def memo_html(cert: Certification, tutor: TutorGuide, grid: Grid, today: date) -> str:
    """Render the one-page tutor memo as a standalone HTML document."""
    template = html_environment().get_template("memo_pdf.html.j2")
    return template.render(
        cert=cert, tutor=tutor, grid=grid, hints=hints(cert), today=today.isoformat(), css=_css(), slug=slug
    )


def render_form_pdf(form: Form, today: date) -> bytes:
    """Turn a form into a fillable, tagged PDF."""
    from .pdfs import html_to_pdf

    return html_to_pdf(pdf_html(form, today))


def memo_pdf_path(cert: Certification) -> str:
    return f"pdf/memo-tuteur-{slug(cert.identity.rncp)}.pdf"

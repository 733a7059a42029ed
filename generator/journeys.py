"""The three paths of the site: candidates, trainers and company tutors, each from the home page in one click."""

from __future__ import annotations

from typing import Any

from .curriculum import Coverage, CurriculumFile, coverage, coverage_warnings, hours_text, matrix_csv, matrix_xlsx
from .forms import (
    FORM_ASSETS,
    Form,
    avis_forms,
    avis_mode,
    dossier_forms,
    form_html,
    memo_html,
    memo_pdf_path,
)
from .forms import (
    pdf_html as form_pdf_html,  # grids.pdf_html has the same name
)
from .grids import asset
from .guide import paths_data
from .model import Bloc
from .pages import CertContext, NavItem, SiteContext, _render
from .schema import schema_files
from .text import Md, md, slug

# Where the paths' pages live, relative to the certification's folder (their keys are in pages.PAGES).
MEMO = "parcours/tuteur/memo.md"
SCHEMA_FILE = "curriculum.schema.json"


def tutor_bloc_path(cc: CertContext, bloc: Bloc) -> str:
    return f"{cc.prefix}parcours/tuteur/{slug(bloc.code)}.md"


def avis_path(cc: CertContext, bloc: Bloc) -> str:
    return f"{cc.prefix}parcours/tuteur/avis-{slug(bloc.code)}.md"


def curriculum_path(cc: CertContext, cf: CurriculumFile) -> str:
    return f"{cc.prefix}parcours/formateur/{cf.id}.md"


def download_path(cc: CertContext, cf: CurriculumFile, ext: str) -> str:
    return f"{cc.prefix}parcours/formateur/{cf.id}-couverture.{ext}"


def source_path(cc: CertContext, cf: CurriculumFile) -> str:
    return f"{cc.prefix}parcours/formateur/{cf.id}.yaml"


def schema_path(cc: CertContext) -> str:
    return f"{cc.prefix}parcours/formateur/{SCHEMA_FILE}"


class Paths:
    """The lookups the paths' templates need, for one certification."""

    def __init__(self, cc: CertContext, site: SiteContext) -> None:
        self.cc = cc
        cert = cc.cert
        self.dossiers = dossier_forms(cc.grids)
        self.avis = avis_forms(cc.grids)
        self.mode = avis_mode(cert)
        self.hints = {item.capacity: item for item in cert.guidance.capacities}
        self.data = paths_data()
        self.depths = {d.id: d for d in self.data.depths}
        self.modalities = {m.id: m.label for m in self.data.modalities}
        curricula = [cf for cf in site.referential.curricula if cf.curriculum.certification == cert.identity.rncp]
        self.coverages = [coverage(cf, cert) for cf in curricula]
        self.memo = cc.prefix + MEMO if cert.guidance.tutor else None

    def dossier_path(self) -> str:
        return self.cc.path("dossier")

    def pdf(self, form: Form) -> str:
        return self.cc.prefix + form.pdf_path

    def avis_of(self, bloc: Bloc) -> Form:
        return next(f for f in self.avis if f.grid.bloc is bloc)

    def dossier_of(self, bloc: Bloc | None) -> Form:
        return next(f for f in self.dossiers if f.grid.bloc is bloc)

    def tutor_bloc(self, bloc: Bloc) -> str:
        return tutor_bloc_path(self.cc, bloc)

    def avis_page(self, bloc: Bloc) -> str:
        return avis_path(self.cc, bloc)

    def memo_pdf(self) -> str:
        return self.cc.prefix + memo_pdf_path(self.cc.cert)

    def curriculum(self, cov: Coverage) -> str:
        return curriculum_path(self.cc, cov.file)

    def download(self, cov: Coverage, ext: str) -> str:
        return download_path(self.cc, cov.file, ext)

    def source(self, cov: Coverage) -> str:
        return source_path(self.cc, cov.file)

    def schema(self) -> str:
        return schema_path(self.cc)

    def warnings(self, cov: Coverage) -> list[str]:
        return [f"{w.found[0].upper()}{w.found[1:]}. Correction : {w.fix}" for w in coverage_warnings(cov)]

    def code(self, value: str) -> Md:
        """Write a file name or a field name as inline code; Markdown shows a code span as it is."""
        if "`" in value or "\n" in value:
            return md(value)
        return Md(f"`{value}`")

    def hours(self, value: Any) -> Md:
        return Md(f"{hours_text(value)}\u00a0h")


def _fields() -> list[tuple[str, str, str]]:
    """Describe the curriculum format from its model: each field, whether it is required, what it means."""
    from .curriculum import Covers, Curriculum, Module

    out = []
    for prefix, model in (("", Curriculum), ("modules[].", Module), ("modules[].covers[].", Covers)):
        for name, info in model.model_fields.items():
            out.append((prefix + name, "oui" if info.is_required() else "non", info.description or ""))
    return out


def render_journeys(cc: CertContext, site: SiteContext) -> dict[str, str | bytes]:
    """Render the pages, forms and downloads of the three paths of one certification (the PDFs: journey_pdfs)."""
    cert = cc.cert
    paths = Paths(cc, site)
    name = cert.identity.title
    short = f"{cert.identity.abbreviation} {name}" if cert.identity.abbreviation else name
    common: dict[str, Any] = {"cc": cc, "cert": cert, "paths": paths}
    out: dict[str, str | bytes] = {}
    out[cc.path("candidate_path")] = _render(
        "candidate.md.j2",
        cc.path("candidate_path"),
        site,
        title="Parcours candidat",
        description=f"Se situer, choisir sa voie (formation ou VAE) et savoir ce qui suit, étape par étape, pour le {short}.",
        **common,
    )
    whole = paths.dossier_of(None)
    out[cc.path("dossier")] = _render(
        "dossier.md.j2",
        cc.path("dossier"),
        site,
        title="Dossier de preuves",
        description=f"Modèle de dossier de preuves du {short} : une fiche par capacité, à remplir en ligne {'ou en PDF' if site.pdf else 'et à imprimer'}.",
        meta={"hide": ["navigation", "toc"]},
        link_terms=False,
        form=whole,
        html=Md(form_html(whole)),
        **common,
    )
    out[cc.path("trainer_path")] = _render(
        "trainer.md.j2",
        cc.path("trainer_path"),
        site,
        title="Parcours formateur",
        description=f"Vérifier qu’un programme de formation couvre chaque capacité du {short} : matrice, heures par bloc, alertes.",
        fields=_fields(),
        **common,
    )
    out[schema_path(cc)] = schema_files()[SCHEMA_FILE]
    for cov in paths.coverages:
        out[paths.curriculum(cov)] = _render(
            "curriculum.md.j2",
            paths.curriculum(cov),
            site,
            title=f"{'Exemple : ' if cov.curriculum.example else ''}{cov.curriculum.title}",
            description=f"Couverture des capacités du {short} par le programme « {cov.curriculum.title} » "
            f"({cov.curriculum.organisation}) : matrice, heures par bloc, alertes.",
            cov=cov,
            **common,
        )
        out[paths.download(cov, "csv")] = matrix_csv(cov)
        out[paths.download(cov, "xlsx")] = matrix_xlsx(cov, site.today)
        out[paths.source(cov)] = cov.file.source
    out[cc.path("tutor_path")] = _render(
        "tutor.md.j2",
        cc.path("tutor_path"),
        site,
        title="Parcours tuteur",
        description=f"Tuteurs et tutrices en entreprise : quoi observer, dans quelles situations, et l’avis de l’entreprise à signer, pour le {short}.",
        **common,
    )
    for number, bloc in enumerate(cert.blocs, start=1):
        out[paths.tutor_bloc(bloc)] = _render(
            "tutor_bloc.md.j2",
            paths.tutor_bloc(bloc),
            site,
            title=f"Repères du tuteur : bloc {number}",
            description=f"Ce que le tuteur observe pour le bloc {number} du {short}, les situations de travail et l’avis de l’entreprise.",
            extra_keywords=[bloc.code, *bloc.capacities],
            bloc=bloc,
            number=number,
            **common,
        )
        form = paths.avis_of(bloc)
        out[paths.avis_page(bloc)] = _render(
            "avis.md.j2",
            paths.avis_page(bloc),
            site,
            title=f"Avis de l’entreprise : bloc {number}",
            description=f"Avis de l’entreprise pour le bloc {number} du {short} : à remplir en ligne, à imprimer{' ou en PDF' if site.pdf else ''}, à signer.",
            meta={"hide": ["navigation", "toc"]},
            link_terms=False,
            bloc=bloc,
            number=number,
            form=form,
            html=Md(form_html(form)),
            **common,
        )
    tutor = cert.guidance.tutor
    if tutor is not None and paths.memo is not None:
        out[paths.memo] = _render(
            "memo.md.j2",
            paths.memo,
            site,
            title="Mémo du tuteur",
            description=f"Le mémo d’une page du tuteur ou de la tutrice en entreprise, à imprimer, pour le {short}.",
            tutor=tutor,
            **common,
        )
    return out


def journey_pdfs(cc: CertContext, site: SiteContext) -> dict[str, str]:
    """Return the standalone HTML documents of the paths' PDFs (dossiers, avis, memo), keyed by their path."""
    forms = (*dossier_forms(cc.grids), *avis_forms(cc.grids))
    out = {cc.prefix + form.pdf_path: form_pdf_html(form, site.today) for form in forms}
    tutor = cc.cert.guidance.tutor
    if tutor is not None:
        out[cc.prefix + memo_pdf_path(cc.cert)] = memo_html(cc.cert, tutor, cc.grids[0], site.today)
    return out


def journey_assets() -> dict[str, str | bytes]:
    """Return the stylesheet and script of the paths' forms, keyed by their path in the site."""
    return {path: asset(name) for path, name in FORM_ASSETS.items()}


def journey_navigation(cc: CertContext, site: SiteContext) -> list[NavItem]:
    """Return the navigation of the three paths of one certification."""
    paths = Paths(cc, site)
    tutor: list[NavItem] = [cc.path("tutor_path")]
    for bloc in cc.cert.blocs:
        tutor += [paths.tutor_bloc(bloc), paths.avis_page(bloc)]
    if paths.memo:
        tutor.append(paths.memo)
    return [
        {
            "Votre parcours": [
                {"Candidat ou candidate": [cc.path("candidate_path"), cc.path("dossier")]},
                {"Formateur ou formatrice": [cc.path("trainer_path"), *(paths.curriculum(c) for c in paths.coverages)]},
                {"Tuteur ou tutrice": tutor},
            ]
        }
    ]

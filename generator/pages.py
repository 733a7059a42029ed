"""The pure core: a referential in, the site's pages out, as {relative path: content}."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import jinja2
import yaml
from markupsafe import Markup

from .grids import ASSETS, Grid, asset, form_html, grids_for, pdf_html
from .load import Referential
from .model import Bloc, Capacity, Certification, EvaluationMode, Glossary, Term
from .rome import Rome, load_rome
from .text import Md, attr, fold, french_date, md, slug, strip_final_period, typo

# Where each page of a certification lives, relative to the certification's folder.
PAGES = {
    "home": "index.md",
    "capacities": "capacites/index.md",
    "blocs": "blocs/index.md",
    "access": "acces-et-evaluation.md",
    "jobs": "metiers-et-secteurs.md",
    "facts": "certification.md",
    "candidate_path": "parcours/candidat/index.md",
    "dossier": "parcours/candidat/dossier-de-preuves.md",
    "trainer_path": "parcours/formateur/index.md",
    "tutor_path": "parcours/tuteur/index.md",
}
GLOSSARY_PAGE = "glossaire.md"
OPEN_DATA_PAGE = "donnees/index.md"

# The headings of the RNCP fiche (2015 form), reproduced as the fiche writes them.
RUBRIQUES = {
    "intitule": "Intitulé",
    "autorite": "Autorité responsable de la certification",
    "signataire": "Qualité du(es) signataire(s) de la certification",
    "niveau": "Niveau et/ou domaine d'activité",
    "conventions": "Convention(s)",
    "nsf": "Code(s) NSF",
    "formacodes": "Formacode(s)",
    "resume": "Résumé du référentiel d'emploi ou éléments de compétence acquis",
    "secteurs": "Secteurs d'activité ou types d'emplois accessibles par le détenteur de ce diplôme, ce titre ou ce certificat",
    "rome": "Codes des fiches ROME les plus proches",
    "acces": "Modalités d'accès à cette certification",
    "composantes": "Descriptif des composantes de la certification",
    "bloc": "Bloc de compétence",
    "descriptif": "Descriptif",
    "modalites": "Modalités d’évaluation",
    "attestation": "Attestation",
    "validite": "Validité des composantes acquises",
    "inscription": "Conditions d'inscription à la certification",
    "jurys": "Composition des jurys",
    "liens": "Liens avec d'autres certifications",
    "accords": "Accords européens ou internationaux",
    "base_legale": "Base légale",
    "decret_general": "Référence du décret général",
    "arrete_creation": "Référence arrêté création (ou date 1er arrêté enregistrement)",
    "arrete_vae": "Référence du décret et/ou arrêté VAE",
    "references_autres": "Références autres",
    "informations": "Pour plus d'informations",
    "statistiques": "Statistiques",
    "sources": "Autres sources d'information",
    "lieux_certification": "Lieu(x) de certification",
    "lieux_preparation": "Lieu(x) de préparation à la certification déclarés par l'organisme certificateur",
    "historique": "Historique de la certification",
    "elaboration": "Modalité d'élaboration des références",
    # Rubriques that the 2015 fiche shares with another one, named apart for the other forms of fiche.
    "capacites": "Résumé du référentiel d'emploi ou éléments de compétence acquis",
    "emplois": "Secteurs d'activité ou types d'emplois accessibles par le détenteur de ce diplôme, ce titre ou ce certificat",
    "rome_rubrique": "Secteurs d'activité ou types d'emplois accessibles par le détenteur de ce diplôme, ce titre ou ce certificat",
    "activites": "Activités visées",
    "competences": "Compétences attestées",
    "prerequis": "Prérequis à l'entrée en formation",
    "reglementations": "Réglementation d'activités",
    "anciennes": "Anciennes certifications",
    "nouvelles": "Nouvelles certifications",
}

# The rubriques of today's fiche, as France compétences' export (flux 4.1) names its elements.
RUBRIQUES_V4 = {
    **RUBRIQUES,
    "autorite": "Certificateur(s)",
    "niveau": "Niveau et nomenclatures",
    "resume": "Objectifs et contexte de la certification",
    "capacites": "Liste de compétences des blocs",
    "secteurs": "Secteurs d'activités",
    "emplois": "Type d'emplois accessibles",
    "rome_rubrique": "Code(s) ROME",
    "rome": "Code(s) ROME",
    "bloc": "Bloc de compétences",
    "descriptif": "Liste de compétences",
    "inscription": "Voies d'accès",
    "acces": "Voies d'accès : composition des jurys",
    "liens": "Liens avec d'autres certifications professionnelles, certifications ou habilitations",
    "base_legale": "Références juridiques",
    "decret_general": "Publication au Journal officiel : décret général",
    "arrete_creation": "Publication au Journal officiel : décret ou arrêté de création",
    "references_autres": "Publication au Journal officiel : autres références",
    "informations": "Pour plus d'informations",
    "sources": "Lien vers le descriptif de la certification",
    "lieux_preparation": "Organismes partenaires",
}

NavItem = dict[str, Any] | str


@dataclass(frozen=True)
class Status:
    """Where a registration stands on a given day."""

    state: Literal["upcoming", "active", "ended", "inactive"]
    label: str
    sentence: str


def registration_status(cert: Certification, today: date) -> Status:
    """Compute the registration status from the dates, as of `today`."""
    reg = cert.registration
    start = french_date(reg.registered_on)
    if today < reg.registered_on:
        return Status("upcoming", "Enregistrement à venir", f"L’enregistrement prendra effet le {start}.")
    if reg.ends_on is not None and today > reg.ends_on:
        end = french_date(reg.ends_on)
        return Status(
            "ended",
            "Enregistrement terminé",
            f"Enregistrée au RNCP le {start}, la certification l’a été jusqu’au {end} : "
            f"son enregistrement est terminé depuis cette date.",
        )
    if reg.active is False:
        return Status(
            "inactive", "Fiche inactive", f"Enregistrée le {start}, la fiche est déclarée inactive par sa source."
        )
    if reg.ends_on is None:
        return Status(
            "active", "Enregistrement en cours", f"Enregistrée au RNCP depuis le {start}, sans date de fin connue."
        )
    return Status(
        "active",
        "Enregistrement en cours",
        f"Enregistrée au RNCP depuis le {start}, jusqu’au {french_date(reg.ends_on)}.",
    )


class Linker:
    """Link glossary terms where they first appear on a page, and find which terms a text mentions."""

    def __init__(self, glossary: Glossary | None) -> None:
        self.terms: dict[str, Term] = {t.id: t for t in glossary.terms} if glossary else {}
        forms: list[tuple[str, str]] = []
        for term in self.terms.values():
            for form in term.forms:
                forms.append((form, term.id))
        forms.sort(key=lambda f: -len(f[0]))
        self.owner = {form: term_id for form, term_id in forms}
        self.owner_folded = {fold(form): term_id for form, term_id in forms}
        parts = []
        for form, _ in forms:
            escaped = re.escape(form)
            sensitive = form.upper() == form or "." in form
            parts.append(escaped if sensitive else f"(?i:{escaped})")
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)") if parts else None
        variants: dict[str, str] = {}
        for term in self.terms.values():
            for variant in [term.term, *term.forms, *term.search, *([term.expansion] if term.expansion else [])]:
                variants.setdefault(fold(variant), term.id)
        self.variants = variants
        ordered = sorted(variants, key=len, reverse=True)
        self.variant_pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)") if ordered else None
        )

    def term_of(self, found: str) -> Term:
        return self.terms[self.owner.get(found) or self.owner_folded[fold(found)]]

    def mentioned(self, text: str) -> set[str]:
        """Return the ids of the glossary terms a plain text mentions, by any form or search variant."""
        if self.variant_pattern is None:
            return set()
        return {self.variants[m.group(0)] for m in self.variant_pattern.finditer(fold(text))}


class PageWriter:
    """Helpers a template uses to write one page: relative links, escaped text, glossary links."""

    def __init__(self, path: str, site: SiteContext, *, link_terms: bool = True) -> None:
        self.path = path
        self.site = site
        self.link_terms = link_terms and site.linker.pattern is not None
        self.linked: set[str] = set()
        self.plain: list[str] = []

    def url(self, target: str) -> str:
        """Return the relative link from this page to a page path, with an optional #anchor."""
        page, _, anchor = target.partition("#")
        rel = posixpath.relpath(page, posixpath.dirname(self.path) or ".") if page else ""
        return rel + (f"#{anchor}" if anchor else "")

    def link(self, target: str, label: str | Md, title: str | None = None) -> Md:
        """Write a Markdown link to a page of the site."""
        title_part = f' "{attr(title)}"' if title else ""
        return Md(f"[{md(label)}]({self.url(target)}{title_part})")

    def ext(self, url: str, label: str | None = None) -> Md:
        """Write a Markdown link to another site; the model only admits http(s) addresses."""
        href = url.replace("(", "%28").replace(")", "%29")
        return Md(f"[{md(label or url)}]({href})")

    def text(self, value: str) -> Md:
        """Escape a data string, linking the first mention of each glossary term on the page."""
        value = value.strip()
        self.plain.append(value)
        if not self.link_terms or self.site.linker.pattern is None:
            return md(value)
        out: list[str] = []
        pos = 0
        for match in self.site.linker.pattern.finditer(value):
            term = self.site.linker.term_of(match.group(0))
            if term.id in self.linked:
                continue
            self.linked.add(term.id)
            out.append(md(value[pos : match.start()]) if pos < match.start() else "")
            title = f"{term.term} : {term.expansion}" if term.expansion else term.term
            out.append(self.link(f"{self.site.glossary_path}#{term.id}", match.group(0), title))
            pos = match.end()
        out.append(md(value[pos:]) if pos < len(value) else "")
        return Md("".join(out)) if out else md(value)

    def raw(self, value: str) -> Md:
        """Escape a data string without glossary links (for headings and table cells)."""
        self.plain.append(value)
        return md(value)

    def paras(self, values: Iterable[str], indent: int = 0) -> Md:
        """Write paragraphs; those starting with a dash become a bulleted list, as in the fiche."""
        pad = " " * indent
        blocks: list[str] = []
        items: list[str] = []
        for value in values:
            bullet = re.match(r"^\s*[–—-]\s+", value)
            if bullet:
                items.append(f"{pad}- {self.text(value[bullet.end() :])}")
                continue
            if items:
                blocks.append("\n".join(items))
                items = []
            blocks.append(pad + self.text(value))
        if items:
            blocks.append("\n".join(items))
        return Md("\n\n".join(blocks))


@dataclass
class CertContext:
    """A certification with the lookups its pages need."""

    cert: Certification
    prefix: str
    status: Status
    rome: Rome
    grids: list[Grid]

    def path(self, key: str) -> str:
        return self.prefix + PAGES[key]

    def capacity_path(self, cap_id: str) -> str:
        return f"{self.prefix}capacites/{slug(cap_id)}.md"

    def bloc_path(self, code: str) -> str:
        return f"{self.prefix}blocs/{slug(code)}.md"

    @property
    def capacities(self) -> dict[str, Capacity]:
        return {c.id: c for c in self.cert.capacities}

    @property
    def modes(self) -> dict[str, EvaluationMode]:
        return {m.id: m for m in self.cert.evaluation_modes}

    def bloc_of(self, cap_id: str) -> Bloc | None:
        return next((b for b in self.cert.blocs if cap_id in b.capacities), None)

    def bloc_number(self, bloc: Bloc) -> int:
        return self.cert.blocs.index(bloc) + 1

    def jury_text(self, jury_id: str) -> list[str]:
        return next(j.text for j in self.cert.access.juries if j.id == jury_id)

    def target(self, key: str) -> str:
        """Resolve a guidance link: a page key, a capacity, an evaluation mode or a bloc code."""
        if key in PAGES:
            return self.path(key)
        if key == "glossary":
            return GLOSSARY_PAGE
        if key == "open-data":
            return OPEN_DATA_PAGE
        if key == "self_assessment":
            return self.grid_path(self.grids[0])
        if key in self.capacities:
            return self.capacity_path(key)
        if key in self.modes:
            return self.mode_target(key)
        return self.bloc_path(key)

    def grid_path(self, grid: Grid) -> str:
        return f"{self.prefix}autoevaluation/{'index' if grid.bloc is None else grid.key}.md"

    def pdf_path(self, grid: Grid) -> str:
        return self.prefix + grid.pdf_path

    def grid_of(self, bloc: Bloc) -> Grid:
        return next(g for g in self.grids if g.bloc is bloc)

    def mode_target(self, mode_id: str) -> str:
        return f"{self.path('access')}#{slug(mode_id)}"

    @property
    def rubriques(self) -> dict[str, Md]:
        """Name the fiche's rubriques as the form of fiche the certification comes from names them."""
        names = RUBRIQUES_V4 if self.cert.source_form == "rncp-v4" else RUBRIQUES
        return {key: md(label) for key, label in names.items()}

    def official_caption(self, rubrique: str | None = None) -> Md:
        caption = md(f"Texte officiel · fiche {self.cert.identity.rncp[:4]} {self.cert.identity.rncp[4:]}")
        return Md(f"{caption} · {rubrique}") if rubrique else caption


@dataclass
class SiteContext:
    """Everything shared by the pages of one site."""

    referential: Referential
    today: date
    rome: Rome
    linker: Linker
    glossary_path: str = GLOSSARY_PAGE
    site_url: str | None = None
    homes: dict[str, str] = field(default_factory=dict)
    pdf: bool = True
    """Whether the site offers the grids and forms as PDFs; without them, pages point to the print version."""

    def cert_home(self, code: str) -> str | None:
        """Return the home page of another certification of the site, if the site has it."""
        return self.homes.get(code)


def _finalize(value: object) -> object:
    # Autoescape would HTML-escape a forgotten string, which does not make it safe in Markdown:
    # every string must come through a filter (Md) or be template output (Markup).
    if isinstance(value, str) and not isinstance(value, Markup):
        raise jinja2.TemplateError(
            f"unescaped string in a template: {value[:60]!r}; pass it through a filter such as md"
        )
    return value


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Build the Jinja2 environment of the page templates, once."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=True,
        auto_reload=False,
        finalize=_finalize,
        extensions=["jinja2.ext.do"],
        # Markdown headings end with {#anchor}: Jinja comments get other delimiters.
        comment_start_string="{%#",
        comment_end_string="#%}",
    )
    env.filters.update(md=md, attr=attr, date=lambda d: Md(french_date(d)), heading=lambda s: md(strip_final_period(s)))
    env.globals.update(
        slug=lambda s: Md(slug(s)),
        plural=lambda n: Md("s" if n > 1 else ""),
        R={key: md(label) for key, label in RUBRIQUES.items()},
    )
    return env


def _front_matter(title: str, description: str, keywords: list[str], extra: dict[str, Any] | None = None) -> str:
    meta: dict[str, Any] = {"title": typo(str(attr(title))), "description": typo(str(attr(description)))}
    if keywords:
        meta["search_keywords"] = " ".join(keywords)
    meta.update(extra or {})
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"


def _keywords(writer: PageWriter, linker: Linker, extra: Iterable[str] = ()) -> list[str]:
    plain = " ".join(writer.plain)
    found: list[str] = list(extra)
    for term_id in sorted(linker.mentioned(plain)):
        term = linker.terms[term_id]
        found += [term.term, *term.forms, *term.search]
        if term.expansion:
            found.append(term.expansion)
        if term.abbreviation:
            found.append(term.abbreviation)
    folded_page = fold(plain)
    out: dict[str, str] = {}
    for word in found:
        key = fold(word)
        if key not in folded_page and key not in out:
            out[key] = word
    return list(out.values())


def _render(
    template: str,
    path: str,
    site: SiteContext,
    *,
    title: str,
    description: str,
    extra_keywords: Iterable[str] = (),
    meta: dict[str, Any] | None = None,
    link_terms: bool = True,
    **context: Any,
) -> str:
    writer = PageWriter(path, site, link_terms=link_terms)
    body = environment().get_template(template).render(page=writer, site=site, **context)
    keywords = _keywords(writer, site.linker, extra_keywords)
    # French spacing everywhere: it changes spaces only, never the words of the official text.
    body = typo(re.sub(r"\n{3,}", "\n\n", body).strip()) + "\n"
    return _front_matter(title, description, keywords, meta) + body


def _code_variants(cert: Certification) -> list[str]:
    number = cert.identity.rncp[4:]
    return [cert.identity.rncp, f"RNCP {number}", number]


def render_certification(cc: CertContext, site: SiteContext) -> dict[str, str]:
    """Render every page of one certification."""
    from . import jsonld
    from .exports import cert_downloads

    cert = cc.cert
    name = cert.identity.title
    short = f"{cert.identity.abbreviation} {name}" if cert.identity.abbreviation else name
    common: dict[str, Any] = {"cc": cc, "cert": cert, "R": cc.rubriques}
    pages: dict[str, str] = {}
    pages[cc.path("home")] = _render(
        "home.md.j2",
        cc.path("home"),
        site,
        title=name,
        description=f"{short} ({cert.identity.rncp[:4]} {cert.identity.rncp[4:]}) : ce que la certification atteste, "
        "comment l’obtenir, les métiers visés et l’état de son enregistrement.",
        extra_keywords=_code_variants(cert),
        meta={"jsonld": jsonld.credential(cc, site)},
        downloads=cert_downloads(cc),
        **common,
    )
    pages[cc.path("capacities")] = _render(
        "capacities.md.j2",
        cc.path("capacities"),
        site,
        title="Activités et capacités",
        description=f"Les activités visées et les capacités attestées par le {short}.",
        **common,
    )
    for cap in cert.capacities:
        path = cc.capacity_path(cap.id)
        bloc = cc.bloc_of(cap.id)
        pages[path] = _render(
            "capacity.md.j2",
            path,
            site,
            title=f"{cap.id}. {strip_final_period(cap.label)}",
            description=f"Capacité {cap.id} du {short} : {cap.label}",
            extra_keywords=[cap.id, bloc.code] if bloc else [cap.id],
            capacity=cap,
            bloc=bloc,
            **common,
        )
    pages[cc.path("blocs")] = _render(
        "blocs.md.j2",
        cc.path("blocs"),
        site,
        title="Blocs de compétences",
        description=f"Les blocs de compétences du {short}, leurs capacités et leurs modalités d’évaluation.",
        extra_keywords=[b.code for b in cert.blocs],
        **common,
    )
    for bloc in cert.blocs:
        path = cc.bloc_path(bloc.code)
        number = cc.bloc_number(bloc)
        pages[path] = _render(
            "bloc.md.j2",
            path,
            site,
            title=f"Bloc {number} : {bloc.title}",
            description=f"{bloc.code} : {bloc.title}. Capacités, modalités d’évaluation, attestation et validité.",
            extra_keywords=[bloc.code, *bloc.capacities],
            meta={"jsonld": jsonld.bloc_credential(cc, site, bloc)},
            bloc=bloc,
            number=number,
            **common,
        )
    pages[cc.path("access")] = _render(
        "access.md.j2",
        cc.path("access"),
        site,
        title="Accès et évaluation",
        description=f"Comment obtenir le {short} : parcours de formation, VAE, évaluation, jury et voies d’accès.",
        **common,
    )
    pages[cc.path("jobs")] = _render(
        "jobs.md.j2",
        cc.path("jobs"),
        site,
        title="Métiers et secteurs",
        description=f"Les métiers, les secteurs et les fiches ROME du {short}, et ce que dit le ROME 4.0 aujourd’hui.",
        extra_keywords=[r.code for r in cert.rome],
        rome=site.rome,
        **common,
    )
    for grid in cc.grids:
        path = cc.grid_path(grid)
        pages[path] = _render(
            "grid.md.j2",
            path,
            site,
            title=f"Grille d’autoévaluation du bloc {grid.rows[0].bloc_number}"
            if grid.bloc
            else "Grille d’autoévaluation",
            description=f"Grille d’autoévaluation du {short}, {grid.scope.lower()} : à remplir en ligne, "
            f"à exporter ou à imprimer{', avec sa version PDF' if site.pdf else ''}.",
            meta={"hide": ["navigation", "toc"]},
            link_terms=False,
            grid=grid,
            others=[g for g in cc.grids if g is not grid],
            form=Md(form_html(grid)),
            **common,
        )
    pages[cc.path("facts")] = _render(
        "facts.md.j2",
        cc.path("facts"),
        site,
        title="Fiche d’identité",
        description=f"Certificateur, codes NSF, base légale, statistiques, lieux et sources du {short}.",
        extra_keywords=_code_variants(cert),
        **common,
    )
    return pages


def site_context(
    referential: Referential, today: date, site_url: str | None = None, *, pdf: bool = True
) -> SiteContext:
    """Gather what every page of a site shares."""
    base = site_url.rstrip("/") + "/" if site_url else None
    site = SiteContext(referential, today, load_rome(), Linker(referential.glossary), site_url=base, pdf=pdf)
    site.homes = {cc.cert.identity.rncp: cc.path("home") for cc in cert_contexts(site)}
    return site


def cert_prefix(cert: Certification, single: bool) -> str:
    """Return the folder of a certification's pages: the site root when it is the only one."""
    return "" if single else f"{slug(cert.identity.rncp)}/"


def cert_contexts(site: SiteContext) -> list[CertContext]:
    """Give each certification its folder: the site root when there is only one."""
    certs = site.referential.certifications
    single = len(certs) == 1
    return [
        CertContext(
            cert,
            cert_prefix(cert, single),
            registration_status(cert, site.today),
            site.rome,
            grids_for(cert),
        )
        for cert in certs
    ]


def render_site(
    referential: Referential,
    *,
    today: date,
    pdf: bool = True,
    site_url: str | None = None,
    pdf_cache: Path | None = None,
) -> dict[str, str | bytes]:
    """Render the whole site: every page, the PDFs and assets, the glossary, the catalogue and the open data.

    `site_url` (the published address, as in mkdocs.yml) makes the structured data's links absolute.
    Without `pdf`, the site offers no PDF and its pages point to the print version of each grid and form.
    `pdf_cache` is a folder where PDFs are kept between builds and reused while their document is unchanged.
    """
    from .exports import render_open_data
    from .journeys import journey_assets, journey_pdfs, render_journeys

    site = site_context(referential, today, site_url, pdf=pdf)
    pages: dict[str, str | bytes] = {path: asset(name) for path, name in ASSETS.items()}
    pages.update(journey_assets())
    contexts = cert_contexts(site)
    documents: dict[str, str] = {}  # the PDFs' HTML, rendered together at the end
    for cc in contexts:
        pages.update(render_certification(cc, site))
        pages.update(render_journeys(cc, site))
        if pdf:
            documents.update((cc.pdf_path(grid), pdf_html(grid, today)) for grid in cc.grids)
            documents.update(journey_pdfs(cc, site))
    if len(contexts) > 1:
        from .catalogue import render_catalogue

        pages.update(render_catalogue(contexts, site))
    pages.update(render_open_data(site, contexts, _render))
    if referential.glossary is not None:
        pages[GLOSSARY_PAGE] = _render(
            "glossary.md.j2",
            GLOSSARY_PAGE,
            site,
            title="Glossaire",
            description="Les sigles et les termes des certifications professionnelles, expliqués simplement.",
            link_terms=False,
            glossary=referential.glossary,
        )
    if documents:
        from .pdfs import render_pdfs

        pages.update(render_pdfs(documents, cache=pdf_cache))
    return dict(sorted(pages.items()))


def navigation(referential: Referential) -> list[NavItem]:
    """Return the MkDocs navigation of the generated pages."""
    from .journeys import journey_navigation

    site = site_context(referential, date.today())
    nav: list[NavItem] = []
    contexts = cert_contexts(site)
    if len(contexts) > 1:
        from .catalogue import CATALOGUE_PAGE

        nav.append({"Catalogue": CATALOGUE_PAGE})
    for cc in contexts:
        cert = cc.cert
        items: list[NavItem] = [
            {"Accueil": cc.path("home")},
            *journey_navigation(cc, site),
            {"Activités et capacités": [cc.path("capacities"), *(cc.capacity_path(c.id) for c in cert.capacities)]},
            {"Blocs de compétences": [cc.path("blocs"), *(cc.bloc_path(b.code) for b in cert.blocs)]},
            {"Accès et évaluation": cc.path("access")},
            {"Métiers et secteurs": cc.path("jobs")},
            {"Fiche d’identité": cc.path("facts")},
            {"Autoévaluation": [cc.grid_path(g) for g in cc.grids]},
        ]
        if cc.prefix:
            nav.append({cert.identity.title: items})
        else:
            nav.extend(items)
    if referential.glossary is not None:
        nav.append({"Glossaire": GLOSSARY_PAGE})
    nav.append({"Données ouvertes": OPEN_DATA_PAGE})
    return nav

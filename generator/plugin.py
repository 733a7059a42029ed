"""The MkDocs adapter: adds the core's pages to the build and watches the referential."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from . import cache
from .build import build_date

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from .scale import LightNavigation

log = logging.getLogger("mkdocs.plugins.referentiel")

KEYWORDS_FIELD = "keywords"
PDF_HINT = 50  # from this many certifications, a build with PDFs says how to go without them


class PluginConfig(Config):
    referential = c.Type(str, default="referential")
    """Folder of the certification files and the glossary, relative to mkdocs.yml."""
    cache = c.Type(bool, default=True)
    """Keep the rendered pages in .cache/referentiel/ and reuse them while no input changes."""
    curricula = c.Optional(c.Type(str))
    """Folder of the training curricula, relative to mkdocs.yml (default: curricula, if it exists)."""
    pdf = c.Type(bool, default=True)
    """Offer the grids and forms as fillable PDFs (kept in .cache/referentiel/pdf/ between builds). Without them,
    pages point to the print version: for catalogues of hundreds of certifications, where PDFs dominate time and size."""
    content_security_policy = c.Type(bool, default=True)
    """Give every built page a Content-Security-Policy that lets only the site's own code run (not under serve)."""


def _render(
    folder: Path, base: Path, site_url: str | None, curricula: Path | None = None, *, pdf: bool, pdf_cache: Path | None
) -> dict[str, Any]:
    # Imported here: a build served from the cache needs neither the model nor the templates.
    from .errors import ReferentialError
    from .load import load_referential
    from .pages import navigation, render_site

    try:
        referential = load_referential(folder, base, curricula=curricula)
    except ReferentialError as exc:
        raise PluginError(f"{exc.summary}\n{exc}") from None
    count = len(referential.certifications)
    if pdf and count > PDF_HINT:
        log.info(
            f"{count} certifications : leurs PDF (une quinzaine chacune) font l’essentiel du temps de construction "
            "et du poids du site. L’option « pdf: false » du greffon les retire (voir le README)."
        )
    return {
        "pages": render_site(referential, today=build_date(), site_url=site_url, pdf=pdf, pdf_cache=pdf_cache),
        "nav": navigation(referential),
        "warnings": [str(w) for w in referential.warnings],
    }


class ReferentialPlugin(BasePlugin[PluginConfig]):
    """Generate the pages of the referential site from the YAML files."""

    pages: dict[str, str | bytes]
    nav: list[Any]
    catalogue: bool = False
    light_nav: LightNavigation | None = None
    labels: dict[str, str]
    serving = False
    offline = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve` injects its live-reload script inline: a policy would block it.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Everything that can fail happens here, before MkDocs empties the site directory.
        self.offline = _offline(config)
        base = Path(config.config_file_path).parent
        folder = base / self.config.referential
        store = cache.folder(base)
        wanted = base / (self.config.curricula or "curricula")
        curricula = wanted if self.config.curricula is not None or wanted.is_dir() else None
        extra = [curricula] if curricula else []
        key = cache.cache_key(folder, build_date(), *extra, site_url=config.site_url or "", pdf=self.config.pdf)
        data = cache.read(store, key) if self.config.cache else None
        if data is None:
            pdf_cache = cache.pdf_folder(base) if self.config.cache else None
            data = _render(folder, base, config.site_url, curricula, pdf=self.config.pdf, pdf_cache=pdf_cache)
            if self.config.cache:
                cache.write(store, key, data)
        self.pages, self.nav = data["pages"], data["nav"]
        # Coverage gaps of the curricula: warnings, which `mkdocs build --strict` turns into a failure.
        for warning in data.get("warnings", []):
            log.warning(warning)
        docs = Path(config.docs_dir)
        for path in self.pages:
            if (docs / path).exists():
                raise PluginError(
                    f"{docs.name}/{path} existe, or cette page est générée depuis le référentiel : "
                    f"renommer ou supprimer {docs.name}/{path}."
                )
        config.watch.append(str(folder))
        if curricula is not None:
            config.watch.append(str(curricula))
        self._catalogue(config)
        search = config.plugins.get("material/search") or config.plugins.get("search")
        fields = getattr(getattr(search, "config", None), "fields", None)
        if isinstance(fields, dict):
            fields.setdefault(KEYWORDS_FIELD, {"boost": 10})
        return config

    def _catalogue(self, config: MkDocsConfig) -> None:
        # Several certifications: light pages and a search index in pieces (see scale.py).
        from .catalogue import CATALOGUE_SCRIPT

        self.catalogue = CATALOGUE_SCRIPT in self.pages
        if not self.catalogue:
            return
        from .scale import PAGEFIND_WORKER, certification_labels, worker_script

        self.labels = certification_labels(self.pages)
        self.pages = {**self.pages, PAGEFIND_WORKER: worker_script()}
        if CATALOGUE_SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(CATALOGUE_SCRIPT)
        config.extra["recherche"] = "pagefind"

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for path, content in self.pages.items():
            files.append(File.generated(config, path, content=content))
        if not config.nav:
            written = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in self.pages)
            config.nav = [*self.nav, *written]
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.catalogue:  # Pagefind indexes the built pages: Material's whole-site index is left empty
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        label = self.labels.get(page.file.src_uri.split("/", 1)[0]) if self.catalogue else None
        if label:
            from .scale import tag_page

            return tag_page(html, label)
        return html

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.light_nav = None
        if self.catalogue:
            from .scale import LightNavigation

            prefixes = {path.split("/", 1)[0] for path in self.pages if "/" in path and path.startswith("rncp")}
            self.light_nav = LightNavigation(nav, set(self.pages), prefixes)
        return nav

    @event_priority(-100)
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if self.light_nav is not None:  # a catalogue: this page's own navigation, and Pagefind for search
            context["nav"] = self.light_nav.for_page(page)
            return context
        keywords = page.meta.get("search_keywords")
        search = config.plugins.get("material/search") or config.plugins.get("search")
        index = getattr(search, "search_index", None)
        if keywords and index is not None:
            for entry in reversed(index.entries):
                if entry.get("location") == page.url:
                    entry[KEYWORDS_FIELD] = str(keywords)
                    break
        return context

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        if self.light_nav is not None:  # the 404 page and other theme pages: no certification's navigation
            context["nav"] = self.light_nav.site_wide()
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        if self.catalogue:
            from .scale import empty_lunr_index, run_pagefind

            empty_lunr_index(site, config.theme.get("language", "fr"))
            run_pagefind(site)
        if not self.config.content_security_policy or self.serving or self.offline:
            # Opened from disk (file://), Material's search runs in an iframe-worker whose inline code names the
            # worker's address on this disk: no policy written at build time can allow it, so none is written.
            return
        from .csp import protect_site

        _, blocked = protect_site(site)
        for page, items in blocked.items():
            kinds = sorted({"script" if item.kind == "script" else "feuille de style" for item in items})
            log.warning(
                f"{page} : {len(items)} {' et '.join(kinds)} en ligne dans le contenu de la page, que la politique "
                "de sécurité (CSP) du site bloquera. Correction : placer le code dans un fichier de docs/assets/ "
                "et le déclarer dans extra_javascript ou extra_css de mkdocs.yml."
            )


def _offline(config: MkDocsConfig) -> bool:
    """Whether Material's offline plugin is on (``make offline``): a site to open from disk."""
    for name in ("material/offline", "offline"):
        plugin = config.plugins.get(name)
        if plugin is not None:
            return bool(getattr(plugin, "config", {}).get("enabled", False))
    return False

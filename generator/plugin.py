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

log = logging.getLogger("mkdocs.plugins.referentiel")

KEYWORDS_FIELD = "keywords"


class PluginConfig(Config):
    referential = c.Type(str, default="referential")
    """Folder of the certification files and the glossary, relative to mkdocs.yml."""
    cache = c.Type(bool, default=True)
    """Keep the rendered pages in .cache/referentiel/ and reuse them while no input changes."""
    content_security_policy = c.Type(bool, default=True)
    """Give every built page a Content-Security-Policy that lets only the site's own code run (not under serve)."""


def _render(folder: Path, base: Path) -> dict[str, Any]:
    # Imported here: a build served from the cache needs neither the model nor the templates.
    from .errors import ReferentialError
    from .load import load_referential
    from .pages import navigation, render_site

    try:
        referential = load_referential(folder, base)
    except ReferentialError as exc:
        raise PluginError(f"{exc.summary}\n{exc}") from None
    return {"pages": render_site(referential, today=build_date()), "nav": navigation(referential)}


class ReferentialPlugin(BasePlugin[PluginConfig]):
    """Generate the pages of the referential site from the YAML files."""

    pages: dict[str, str]
    nav: list[Any]
    serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve` injects its live-reload script inline: a policy would block it.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Everything that can fail happens here, before MkDocs empties the site directory.
        base = Path(config.config_file_path).parent
        folder = base / self.config.referential
        store = base / ".cache" / "referentiel"
        key = cache.cache_key(folder, build_date())
        data = cache.read(store, key) if self.config.cache else None
        if data is None:
            data = _render(folder, base)
            if self.config.cache:
                cache.write(store, key, data)
        self.pages, self.nav = data["pages"], data["nav"]
        docs = Path(config.docs_dir)
        for path in self.pages:
            if (docs / path).exists():
                raise PluginError(
                    f"{docs.name}/{path} existe, or cette page est générée depuis le référentiel : "
                    f"renommer ou supprimer {docs.name}/{path}."
                )
        config.watch.append(str(folder))
        search = config.plugins.get("material/search") or config.plugins.get("search")
        fields = getattr(getattr(search, "config", None), "fields", None)
        if isinstance(fields, dict):
            fields.setdefault(KEYWORDS_FIELD, {"boost": 10})
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for path, content in self.pages.items():
            files.append(File.generated(config, path, content=content))
        if not config.nav:
            written = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in self.pages)
            config.nav = [*self.nav, *written]
        return files

    @event_priority(-100)
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        keywords = page.meta.get("search_keywords")
        search = config.plugins.get("material/search") or config.plugins.get("search")
        index = getattr(search, "search_index", None)
        if keywords and index is not None:
            for entry in reversed(index.entries):
                if entry.get("location") == page.url:
                    entry[KEYWORDS_FIELD] = str(keywords)
                    break
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.content_security_policy or self.serving:
            return
        from .csp import protect_site

        _, blocked = protect_site(Path(config.site_dir))
        for page, items in blocked.items():
            kinds = sorted({"script" if item.kind == "script" else "feuille de style" for item in items})
            log.warning(
                f"{page} : {len(items)} {' et '.join(kinds)} en ligne dans le contenu de la page, que la politique "
                "de sécurité (CSP) du site bloquera. Correction : placer le code dans un fichier de docs/assets/ "
                "et le déclarer dans extra_javascript ou extra_css de mkdocs.yml."
            )

"""Turn the description of a French professional certification into a searchable site."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import Problem, ReferentialError
    from .load import Referential, load_referential
    from .pages import navigation, render_site

__all__ = ["Problem", "Referential", "ReferentialError", "load_referential", "navigation", "render_site"]

_HOMES = {
    "Problem": "errors",
    "ReferentialError": "errors",
    "Referential": "load",
    "load_referential": "load",
    "navigation": "pages",
    "render_site": "pages",
}


def __getattr__(name: str) -> Any:
    # Lazy: the MkDocs plugin imports this package, and a build served from its cache never needs the model.
    if name in _HOMES:
        from importlib import import_module

        return getattr(import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(name)

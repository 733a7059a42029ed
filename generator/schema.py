"""JSON Schemas generated from the model, so that editors check the YAML while someone types."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from .curriculum import Curriculum
from .model import Certification, Glossary

SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "referential.schema.json": (Certification, "Référentiel d’une certification professionnelle (RNCP)"),
    "glossary.schema.json": (Glossary, "Glossaire du site"),
    "curriculum.schema.json": (
        Curriculum,
        "Programme de formation préparant à une certification (repère non officiel)",
    ),
}


def json_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    """Return the JSON Schema of a model, as editors read it."""
    schema = model.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_files() -> dict[str, str]:
    """Return every schema file the repository ships, keyed by file name."""
    return {
        name: json.dumps(json_schema(model, title), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        for name, (model, title) in SCHEMAS.items()
    }

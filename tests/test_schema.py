"""The JSON Schema shipped for editors accepts the referential and flags what the model refuses."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml

from tests.conftest import ROOT


class EditorLoader(yaml.SafeLoader):
    """Read YAML as an editor's YAML 1.2 language server does: dates stay strings."""


EditorLoader.yaml_implicit_resolvers = {
    key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def schema(name: str) -> dict:
    return json.loads((ROOT / "schemas" / name).read_text("utf-8"))


def test_referential_file_points_editors_to_the_schema() -> None:
    first = (ROOT / "referential" / "rncp-21806.yaml").read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/referential.schema.json"
    assert (ROOT / "referential" / re.sub(r".*\$schema=", "", first)).resolve().is_file()


@pytest.mark.parametrize(
    ("data", "name"), [("rncp-21806.yaml", "referential.schema.json"), ("glossaire.yaml", "glossary.schema.json")]
)
def test_repository_files_validate(data: str, name: str) -> None:
    document = yaml.load((ROOT / "referential" / data).read_text("utf-8"), Loader=EditorLoader)
    jsonschema.Draft202012Validator(schema(name), format_checker=jsonschema.FormatChecker()).validate(document)


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("code: H1203", "code: H12034", "pattern"),
        ("  title: Concepteur", "  titel: Concepteur", "additional"),
        ("registered_on: 2015-01-30", "registered_on: 30/01/2015", "date"),
    ],
)
def test_schema_flags_mistakes_while_typing(old: str, new: str, where: str) -> None:
    text = (ROOT / "referential" / "rncp-21806.yaml").read_text("utf-8").replace(old, new, 1)
    document = yaml.load(text, Loader=EditorLoader)
    validator = jsonschema.Draft202012Validator(
        schema("referential.schema.json"), format_checker=jsonschema.FormatChecker()
    )
    errors = list(validator.iter_errors(document))
    assert errors and any(where in e.message.lower() or where in str(e.validator).lower() for e in errors), errors

"""The open data the core writes: each file valid against its published schema, and useful to its reader."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource

from generator import render_site
from generator.exports import csv_text
from generator.load import Referential
from generator.model import Certification, Glossary
from tests.conftest import ROOT, SHARED, SITE_URL, TODAY

SCHEMAS = SHARED / "samples" / "schemas"
OB_SCHEMA = json.loads((SCHEMAS / "ob_v3p0_achievementcredential_schema.json").read_text("utf-8"))
OB_CONTEXT = json.loads((SCHEMAS / "ob_v3p0_context-3.0.3.json").read_text("utf-8"))["@context"]
CASE_SCHEMA = json.loads((SCHEMAS / "case-v1p0-cfpackage-schema.json").read_text("utf-8"))
BADGES = ["donnees/open-badges/rncp21806.json", *(f"donnees/open-badges/rncp21806bc0{n}.json" for n in (1, 2))]
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def validator(cls: Any, schema: dict[str, Any], registry: Registry | None = None) -> Any:
    """A validator that checks formats too (uri, date-time): the checkers must really be installed."""
    checker = cls.FORMAT_CHECKER
    assert {"uri", "date-time", "date"} <= set(checker.checkers), "install rfc3986-validator and rfc3339-validator"
    if registry is None:
        return cls(schema, format_checker=checker)
    return cls(schema, format_checker=checker, registry=registry)


def ob_achievement_validator() -> Any:
    # The schema as 1EdTech publishes it, under its own $id, resolved locally: no network.
    registry = Registry().with_resource(OB_SCHEMA["$id"], Resource.from_contents(OB_SCHEMA))
    return validator(
        jsonschema.Draft201909Validator, {"$ref": f"{OB_SCHEMA['$id']}#/$defs/Achievement"}, registry=registry
    )


@pytest.fixture(scope="module")
def files(site_files: dict[str, str | bytes]) -> dict[str, str]:
    """The text files the core renders: pages and open data."""
    return {path: content for path, content in site_files.items() if isinstance(content, str)}


def load(files: dict[str, str], path: str) -> Any:
    return json.loads(files[path])


def test_the_referential_json_validates_against_the_shipped_schema_and_loses_nothing(
    files: dict[str, str], referential: Referential
) -> None:
    data = load(files, "donnees/rncp21806.json")
    shipped = json.loads((ROOT / "schemas" / "referential.schema.json").read_text("utf-8"))
    validator(jsonschema.Draft202012Validator, shipped).validate(data)
    assert files["donnees/schemas/referential.schema.json"] == (ROOT / "schemas/referential.schema.json").read_text()
    assert Certification.model_validate(data) == referential.certifications[0]
    glossary = load(files, "donnees/glossaire.json")
    validator(
        jsonschema.Draft202012Validator, json.loads((ROOT / "schemas" / "glossary.schema.json").read_text("utf-8"))
    ).validate(glossary)
    assert Glossary.model_validate(glossary) == referential.glossary


def read_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff"), "a BOM, so that Excel reads UTF-8"
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=";"))


def test_capacities_csv_opens_in_a_french_spreadsheet(files: dict[str, str], referential: Referential) -> None:
    rows = read_csv(files["donnees/rncp21806-capacites.csv"])
    cert = referential.certifications[0]
    assert [r["Capacité"] for r in rows] == ["C1", "C2", "C3", "C4", "C5", "C6"]
    assert rows[3]["Intitulé de la capacité"] == " ".join(cert.capacities[3].label.split())
    assert rows[3]["Code du bloc"] == "RNCP21806BC01" and rows[4]["Code du bloc"] == "RNCP21806BC02"
    assert rows[0]["Intitulé du bloc"] == "La conception d'un produit ou d'un système mécanique"


def test_blocs_csv_gives_capacities_evaluation_and_validity(files: dict[str, str]) -> None:
    rows = read_csv(files["donnees/rncp21806-blocs.csv"])
    assert [r["Code du bloc"] for r in rows] == ["RNCP21806BC01", "RNCP21806BC02"]
    assert rows[0]["Capacités"] == "C1, C2, C3, C4" and rows[1]["Capacités"] == "C5, C6"
    assert rows[1]["Modalités d’évaluation"] == (
        "Evaluation en situation professionnelle réelle ou Présentation des projets ou activités réalisés en milieu "
        "professionnel ou Evaluation à partir d’une situation professionnelle reconstituée et Avis de l’entreprise"
    )
    assert rows[0]["Validité des composantes acquises"] == "5 an(s)"


def test_a_cell_that_looks_like_a_formula_stays_text() -> None:
    text = csv_text([["a", "b"], ['=HYPERLINK("http://x")', "-1+2"], ["@SUM(A1)", "– tiret"]])
    rows = list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))
    assert rows[1] == ['\'=HYPERLINK("http://x")', "'-1+2"]
    assert rows[2] == ["'@SUM(A1)", "– tiret"]


def defined_terms(obj: Any, scoped: dict[str, Any]) -> list[str]:
    """Return the keys of an object (and its children) that the published OB 3.0 context does not define."""
    missing: list[str] = []
    if isinstance(obj, list):
        for item in obj:
            missing += defined_terms(item, scoped)
        return missing
    if not isinstance(obj, dict):
        return missing
    types = obj.get("type", [])
    local = dict(scoped)
    for t in [types] if isinstance(types, str) else types:
        definition = OB_CONTEXT.get(t)
        assert definition is not None, f"type {t} is not in the OB 3.0 context"
        local.update(definition.get("@context", {}) if isinstance(definition, dict) else {})
    for key, value in obj.items():
        if key.startswith("@"):
            continue
        if key not in local:
            missing.append(key)
        missing += defined_terms(value, local)
    return missing


@pytest.mark.parametrize("path", BADGES)
def test_open_badges_achievements_validate_against_the_published_schema(files: dict[str, str], path: str) -> None:
    achievement = load(files, path)
    ob_achievement_validator().validate(achievement)
    # What the schema leaves open but the specification requires, and every term known to the JSON-LD context.
    assert "Achievement" in achievement["type"]
    assert all("Alignment" in a["type"] for a in achievement["alignment"])
    assert "Profile" in achievement["creator"]["type"]
    assert achievement["@context"] == ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert defined_terms(achievement, {k: v for k, v in OB_CONTEXT.items() if k[0].islower() or k == "id"}) == []


def test_a_bloc_badge_carries_criteria_alignments_and_creator(files: dict[str, str]) -> None:
    badge = load(files, "donnees/open-badges/rncp21806bc02.json")
    assert badge["name"] == "Bloc 2 : La conduite d'une étude d'un produit ou d'un système mécanique"
    assert badge["humanCode"] == "RNCP21806BC02"
    narrative = badge["criteria"]["narrative"]
    assert "Evaluation en situation professionnelle réelle ou Présentation des projets" in narrative
    assert "- une observation en situation de travail ;" in narrative  # the fiche's dashes become a list
    assert "**Avis de l’entreprise**" in narrative and "seule la fiche officielle fait foi" in narrative
    assert badge["criteria"]["id"] == SITE_URL + "blocs/rncp21806bc02/"
    codes = {(a["targetCode"], a["targetType"]) for a in badge["alignment"]}
    assert {("RNCP21806BC02", "ext:BlocDeCompetencesRNCP"), ("H1203", "ext:FicheROME"), ("C5", "CFItem")} <= codes
    rome = next(a for a in badge["alignment"] if a["targetCode"] == "H1203")
    assert rome["targetUrl"] == "https://candidat.francetravail.fr/metierscope/fiche-metier/H1203"
    assert badge["creator"]["name"].startswith("Commission paritaire nationale de l’emploi (CPNE) de la métallurgie")
    whole = load(files, "donnees/open-badges/rncp21806.json")
    assert whole["achievementType"] == "Certification"
    assert {a["targetCode"] for a in whole["alignment"]} >= {"RNCP21806", "RNCP21806BC01", "RNCP21806BC02", "H1203"}


def test_the_case_package_validates_against_the_published_schema(files: dict[str, str]) -> None:
    package = load(files, "donnees/rncp21806-case.json")
    validator(jsonschema.Draft202012Validator, CASE_SCHEMA).validate(package)
    items = {i["humanCodingScheme"]: i for i in package["CFItems"]}
    assert sorted(items) == ["A1", "A2", "C1", "C2", "C3", "C4", "C5", "C6", "RNCP21806BC01", "RNCP21806BC02"]
    assert {items[k]["CFItemType"] for k in ("A1", "RNCP21806BC01", "C1")} == {
        "Activité",
        "Bloc de compétences",
        "Capacité",
    }
    doc = package["CFDocument"]
    assert doc["adoptionStatus"] == "Deprecated" and doc["statusEndDate"] == "2020-01-30"  # registration ended
    by_id = {i["identifier"]: k for k, i in items.items()} | {doc["identifier"]: "document"}
    children = {
        (by_id[a["originNodeURI"]["identifier"]], by_id[a["destinationNodeURI"]["identifier"]])
        for a in package["CFAssociations"]
        if a["associationType"] == "isChildOf"
    }
    assert ("RNCP21806BC01", "document") in children and ("A2", "document") in children
    assert ("C4", "RNCP21806BC01") in children and ("C5", "RNCP21806BC02") in children
    assert len(children) == 10
    identifiers = [doc["identifier"], *by_id, *(a["identifier"] for a in package["CFAssociations"])]
    assert all(UUID.match(i) for i in identifiers if i != "document")
    assert len(set(identifiers)) == len(identifiers) - 1  # the document is counted twice above


def test_case_identifiers_survive_an_edit_so_a_reimport_updates(referential: Referential) -> None:
    cert = referential.certifications[0]
    edited = cert.model_copy(
        update={
            "version": "2026-01-01",
            "capacities": [cert.capacities[0].model_copy(update={"label": "Nouvel intitulé."}), *cert.capacities[1:]],
        }
    )
    before = json.loads(render_site(referential, today=TODAY, site_url=SITE_URL)["donnees/rncp21806-case.json"])
    after = json.loads(
        render_site(Referential((edited,), referential.glossary), today=TODAY, site_url=SITE_URL)[
            "donnees/rncp21806-case.json"
        ]
    )
    ids = lambda p: [p["CFDocument"]["identifier"], *(i["identifier"] for i in p["CFItems"])]  # noqa: E731
    assert ids(before) == ids(after)
    assert [a["identifier"] for a in before["CFAssociations"]] == [a["identifier"] for a in after["CFAssociations"]]
    changed = next(i for i in after["CFItems"] if i["humanCodingScheme"] == "C1")
    assert changed["fullStatement"] == "Nouvel intitulé." and after["CFDocument"]["version"] == "2026-01-01"


def test_without_a_site_address_the_exports_stay_valid(referential: Referential) -> None:
    files = render_site(referential, today=TODAY)
    package = json.loads(files["donnees/rncp21806-case.json"])
    validator(jsonschema.Draft202012Validator, CASE_SCHEMA).validate(package)
    assert package["CFDocument"]["uri"].startswith("urn:uuid:")
    for path in BADGES:
        ob_achievement_validator().validate(json.loads(files[path]))


def test_hostile_text_in_exports_is_data_not_markup(referential: Referential) -> None:
    cert = referential.certifications[0]
    payload = "<script>alert(1)</script> **gras** [x](javascript:alert(2)) =1+1"
    edited = cert.model_copy(
        update={"capacities": [cert.capacities[0].model_copy(update={"label": payload}), *cert.capacities[1:]]}
    )
    files = render_site(Referential((edited,), referential.glossary), today=TODAY, site_url=SITE_URL)
    narrative = json.loads(files["donnees/open-badges/rncp21806bc01.json"])["criteria"]["narrative"]
    assert r"\<script\>alert(1)\</script\> \*\*gras\*\* \[x\](javascript:alert(2))" in narrative
    rows = read_csv(files["donnees/rncp21806-capacites.csv"])
    assert rows[0]["Intitulé de la capacité"] == payload  # starts with "<": no formula, kept as typed


def test_open_data_page_links_every_file_with_its_size(files: dict[str, str]) -> None:
    page = files["donnees/index.md"]
    exported = [p for p in files if p.startswith("donnees/") and not p.endswith(".md")]
    for path in exported:
        assert f"]({path.removeprefix('donnees/')})" in page, path
    assert re.search(r"\(IMS CASE 1\.0, [\d,]+\u00a0ko\)", page)
    home = files["index.md"]
    assert "[Données ouvertes](donnees/index.md)" in home
    assert "(donnees/rncp21806-case.json)" in home and "(donnees/open-badges/rncp21806bc01.json)" in home

"""schema.org JSON-LD in the built pages, read back the way a search engine's structured-data parser reads it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from tests.conftest import SITE_URL, copy_project, mkdocs_build

SCHEMA = Namespace("https://schema.org/")


def json_ld(html: str) -> list[dict[str, Any]]:
    soup = BeautifulSoup(html, "html.parser")
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def graph(data: dict[str, Any]) -> Graph:
    # schema.org's context, whose @vocab is all these terms need, given locally: the tests reach no network.
    document = {**data, "@context": {"@vocab": str(SCHEMA)}}
    return Graph().parse(data=json.dumps(document), format="json-ld")


def vocabulary_misses(data: Any) -> list[str]:
    """Return the types and properties that schema.org (rdflib's copy of the vocabulary) does not define."""
    from rdflib.namespace import SDO as VOCABULARY  # here: pytest's collection would probe the class for attributes

    missing: list[str] = []
    if isinstance(data, list):
        for item in data:
            missing += vocabulary_misses(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key == "@type":
                missing += [t for t in ([value] if isinstance(value, str) else value) if t not in VOCABULARY]
            elif not key.startswith("@") and key not in VOCABULARY:
                missing.append(key)
            missing += vocabulary_misses(value)
    return missing


def test_the_home_page_describes_the_credential(built_site: Path) -> None:
    (data,) = json_ld((built_site / "index.html").read_text("utf-8"))
    assert data["@context"] == "https://schema.org" and vocabulary_misses(data) == []
    g = graph(data)
    credential = URIRef(SITE_URL + "#certification")
    assert (credential, RDF.type, SCHEMA.EducationalOccupationalCredential) in g
    assert g.value(credential, SCHEMA.name) == Literal(
        "Concepteur modélisateur numérique de produits ou de systèmes mécaniques"
    )
    category = g.value(credential, SCHEMA.credentialCategory)
    assert g.value(category, SCHEMA.termCode) == Literal("CQPM")
    certifier = g.value(credential, SCHEMA.recognizedBy)
    assert str(g.value(certifier, SCHEMA.name)).startswith("Commission paritaire nationale de l’emploi (CPNE)")
    codes = {str(g.value(t, SCHEMA.termCode)) for t in g.objects(credential, SCHEMA.competencyRequired)}
    assert codes == {"C1", "C2", "C3", "C4", "C5", "C6"}
    occupation = g.value(credential, SCHEMA.about)
    assert (occupation, RDF.type, SCHEMA.Occupation) in g
    assert g.value(g.value(occupation, SCHEMA.occupationalCategory), SCHEMA.codeValue) == Literal("H1203")
    blocs = list(g.objects(credential, SCHEMA.hasPart))
    assert {str(g.value(g.value(b, SCHEMA.identifier), SCHEMA.value)) for b in blocs} == {
        "RNCP21806BC01",
        "RNCP21806BC02",
    }
    assert all(g.value(b, SCHEMA.validFor) == Literal("P5Y") for b in blocs)
    assert g.value(credential, SCHEMA.temporalCoverage) == Literal("2015-01-30/2020-01-30")


def test_each_bloc_page_carries_its_fragment(built_site: Path) -> None:
    for number, capacities in ((1, {"C1", "C2", "C3", "C4"}), (2, {"C5", "C6"})):
        (data,) = json_ld((built_site / f"blocs/rncp21806bc0{number}/index.html").read_text("utf-8"))
        assert vocabulary_misses(data) == []
        g = graph(data)
        (bloc,) = set(g.subjects(SCHEMA.isPartOf, None))
        assert (bloc, RDF.type, SCHEMA.EducationalOccupationalCredential) in g
        assert g.value(g.value(bloc, SCHEMA.identifier), SCHEMA.value) == Literal(f"RNCP21806BC0{number}")
        assert {str(g.value(t, SCHEMA.termCode)) for t in g.objects(bloc, SCHEMA.competencyRequired)} == capacities
        parent = g.value(bloc, SCHEMA.isPartOf)
        assert str(parent) == SITE_URL + "#certification"
        assert g.value(bloc, SCHEMA.validFor) == Literal("P5Y")


def test_other_pages_carry_no_structured_data(built_site: Path) -> None:
    for path in ("capacites/c1/index.html", "glossaire/index.html", "donnees/index.html"):
        assert json_ld((built_site / path).read_text("utf-8")) == [], path


def test_text_from_the_yaml_cannot_close_the_script_element(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    yaml_file = project / "referential" / "rncp-21806.yaml"
    payload = "</script><script>alert(1)</script><!-- & -->"
    yaml_file.write_text(
        yaml_file.read_text("utf-8").replace(
            "    label: Rechercher des solutions techniques répondant au besoin fonctionnel.",
            f"    label: '{payload}'",
        ),
        "utf-8",
    )
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    html = (site / "index.html").read_text("utf-8")
    assert "</script><script>alert(1)" not in html and "<!-- &" not in html
    (data,) = json_ld(html)
    assert payload in [t["name"] for t in data["competencyRequired"]]
    scripts = BeautifulSoup(html, "html.parser").find_all("script")
    assert not [s for s in scripts if "alert(1)" in (s.string or "") and s.get("type") != "application/ld+json"]

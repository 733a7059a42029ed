"""Curricula: the coverage computation (goldens), the XLSX and CSV exports, and errors a trainer can act on."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from generator.curriculum import coverage, load_curriculum, matrix_csv, matrix_rows, matrix_xlsx, summary
from generator.errors import ReferentialError
from generator.load import Referential, load_referential
from tests.conftest import ENV, ROOT, TODAY, copy_project, mkdocs_build

GOLDENS = ROOT / "tests" / "goldens" / "coverage"
EXAMPLE = ROOT / "curricula" / "exemple-concepteur-modelisateur.yaml"
CASES = {"exemple": EXAMPLE, "lacunes": GOLDENS / "lacunes.yaml"}
EXTENSIONS = ["admonition", "attr_list", "def_list", "md_in_html", "tables", "toc", "pymdownx.escapeall"]


def certs(referential: Referential) -> dict[str, object]:
    return {c.identity.rncp: c for c in referential.certifications}


def load_case(referential: Referential, path: Path):  # type: ignore[no-untyped-def]
    cf = load_curriculum(path, path.name, certs(referential))  # type: ignore[arg-type]
    return coverage(cf, referential.certifications[0])


@pytest.mark.parametrize("case", sorted(CASES))
def test_coverage_matches_its_golden(referential: Referential, case: str, update_goldens: bool) -> None:
    got = json.dumps(summary(load_case(referential, CASES[case])), ensure_ascii=False, indent=1) + "\n"
    golden = GOLDENS / f"{case}.json"
    if update_goldens:
        golden.write_text(got, "utf-8")
    assert got == golden.read_text("utf-8"), "coverage changed: review, then pytest --update-goldens"


def test_gaps_are_found_and_hours_add_up(referential: Referential) -> None:
    cov = load_case(referential, CASES["lacunes"])
    assert [r.capacity.id for r in cov.uncovered] == ["C5"]
    assert [r.capacity.id for r in cov.not_evaluated] == ["C3", "C6"]
    # F2: 20 h stated for C1, the other 15 h split between C2 and C3; F4: 6 of 10 h stated, 4 h outside.
    hours = {r.capacity.id: r.hours for r in cov.rows}
    assert hours["C1"] == 20 and hours["C3"] == 7.5 and hours["C2"] == 7.5 + 8.75
    assert cov.outside == 7 + 4
    assert sum(b.hours for b in cov.blocs) + cov.outside == cov.total == 69.5


def page_matrix(page: str) -> list[list[str]]:
    body = page.split("---\n", 2)[2]
    soup = BeautifulSoup(markdown.markdown(body, extensions=EXTENSIONS), "html.parser")
    table = soup.find(id="matrice").find_next("table")
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in table.find_all("tr")]


def test_xlsx_reads_back_as_the_matrix_the_page_shows(
    referential: Referential, site_files: dict[str, str | bytes], pages: dict[str, str]
) -> None:
    base = "parcours/formateur/exemple-concepteur-modelisateur"
    content = site_files[f"{base}-couverture.xlsx"]
    assert isinstance(content, bytes)
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["Matrice", "Heures par bloc", "Modules", "Alertes", "À propos"]
    cells = [[("" if v is None else v) for v in row] for row in wb["Matrice"].iter_rows(values_only=True)]
    cov = load_case(referential, EXAMPLE)
    expected = matrix_rows(cov)
    assert [row[:-1] for row in cells] == [row[:-1] for row in expected]
    assert [row[-1] for row in cells[1:]] == [float(r.hours) for r in cov.rows]
    # The same depths, cell by cell, as the matrix on the curriculum's page.
    shown = page_matrix(pages[f"{base}.md"])
    assert shown[0][1:-2] == [m.id for m in cov.modules]
    for row, line in zip(cells[1:], shown[1:], strict=True):
        assert line[0].startswith(row[1])
        assert line[1:-2] == row[3:-2]
    hours = {row[0]: row[3] for row in wb["Heures par bloc"].iter_rows(min_row=2, values_only=True)}
    assert hours == {"Bloc 1": 392, "Bloc 2": 126, "Hors blocs": 14, "Total": 532}
    about = {row[0]: row[1] for row in wb["À propos"].iter_rows(values_only=True)}
    assert about["Nature"].startswith("EXEMPLE FICTIF") and "non officiel" in about["Avertissement"]
    assert wb.properties.title.startswith("Exemple")


def test_xlsx_is_identical_from_one_build_to_the_next(referential: Referential) -> None:
    cov = load_case(referential, EXAMPLE)
    first, second = matrix_xlsx(cov, TODAY), matrix_xlsx(cov, TODAY)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = load_workbook(io.BytesIO(first)).properties
    assert props.created.date() == TODAY and props.modified.date() == TODAY


def test_csv_is_for_french_spreadsheets(referential: Referential) -> None:
    cov = load_case(referential, EXAMPLE)
    raw = matrix_csv(cov)
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows == matrix_rows(cov)
    assert rows[1][:4] == [
        "Bloc 1 (RNCP21806BC01)",
        "C1",
        "Réaliser l’analyse fonctionnelle d’un produit ou d’un système mécanique.",
        "",
    ]


def test_formula_like_text_stays_text(referential: Referential, tmp_path: Path) -> None:
    text = EXAMPLE.read_text("utf-8").replace(
        "title: Accueil, positionnement et méthodes de travail", 'title: "=HYPERLINK(\\"http://x\\",\\"clic\\")"'
    )
    path = tmp_path / "formule.yaml"
    path.write_text(text, "utf-8")
    cov = load_case(referential, path)
    header = next(csv.reader(io.StringIO(matrix_csv(cov).decode("utf-8-sig")), delimiter=";"))
    assert header[3].startswith("F1 · =HYPERLINK")  # not at the start of the cell: harmless
    ws = load_workbook(io.BytesIO(matrix_xlsx(cov, TODAY)))["Modules"]
    cell = ws.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


# -- errors a trainer can act on --------------------------------------------------------------------


def broken(tmp_path: Path, old: str, new: str, name: str = "mon-programme.yaml") -> ReferentialError:
    folder = tmp_path / "curricula"
    folder.mkdir()
    text = EXAMPLE.read_text("utf-8")
    assert old in text
    (folder / name).write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(ReferentialError) as info:
        load_referential(ROOT / "referential", tmp_path, curricula=folder)
    return info.value


def line_of(text: str, needle: str) -> int:
    return text[: text.rindex(needle)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "located", "words"),
    [
        (
            "capacity: C5\n        depth: travaillée",
            "capacity: C9\n        depth: travaillée",
            "modules[6].covers[0].capacity",
            "attendu un identifiant de capacité de RNCP21806 (C1, C2, C3, C4, C5, C6), trouvé « C9 » (aucune capacité de ce nom)",
        ),
        (
            "certification: RNCP21806",
            "certification: RNCP99999",
            "certification",
            "attendu le code RNCP d’une certification du référentiel (RNCP21806), trouvé « RNCP99999 »",
        ),
        (
            "capacity: C3\n        depth: travaillée",
            "capacity: C3\n        depth: approfondie",
            "modules[3].covers[0].depth",
            "attendu l’une des valeurs : introduite, travaillée, évaluée, trouvé « approfondie »",
        ),
        ("hours: 49", "hours: 49,5", "modules[3].hours", "trouvé « 49,5 »"),
        ("id: F4", "id: F3", "modules[3].id", "attendu un code de module unique, trouvé « F3 » déjà utilisé plus haut"),
        ("hours: 10\n", "hours: 30\n", "modules[1].covers", "ne dépasse pas la durée du module (35 h), trouvé 55 h"),
        ("modality: distance", "modality: visio", "modules[5].modality", "centre, distance, entreprise"),
    ],
)
def test_a_bad_curriculum_gets_a_located_error(tmp_path: Path, old: str, new: str, located: str, words: str) -> None:
    error = broken(tmp_path, old, new)
    message = str(error)
    assert "curricula/mon-programme.yaml:" in message and located in message and words in message, message
    assert "Correction :" in message
    text = (tmp_path / "curricula" / "mon-programme.yaml").read_text("utf-8")
    problem = error.problems[0]
    # The line of the value at fault (the last one written), or of the list it belongs to.
    expected_line = text[: text.index("covers:")].count("\n") + 1 if located == "modules[1].covers" else None
    changed = next(line.strip() for line in new.split("\n") if line.strip() not in old)
    assert problem.line == (expected_line or line_of(text, changed))


def test_a_file_name_that_cannot_be_an_address_is_refused(tmp_path: Path) -> None:
    message = str(broken(tmp_path, "format: 1", "format: 1", name="Mon Programme.yaml"))
    assert "« Mon Programme.yaml »" in message and "renommer le fichier" in message


def test_the_cli_reports_errors_and_warnings(tmp_path: Path) -> None:
    folder = tmp_path / "curricula"
    folder.mkdir()
    shutil.copy(GOLDENS / "lacunes.yaml", folder / "lacunes.yaml")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "generator", "check", "--curricula", str(folder), *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=ENV,
        )

    ok = run()
    assert ok.returncode == 0, ok.stderr
    assert "Avertissement" in ok.stderr and "C5 (bloc 2) couverte par aucun module" in ok.stderr
    assert "C3 (bloc 1) au plus « introduite », évaluée dans aucun module" in ok.stderr
    strict = run("--strict")
    assert strict.returncode == 1 and "échec en mode strict" in strict.stderr
    (folder / "lacunes.yaml").write_text("format: 1\nmodules: [", "utf-8")
    bad = run()
    assert bad.returncode == 1 and "lacunes.yaml:3" in bad.stderr and "Traceback" not in bad.stderr


def test_a_strict_build_fails_on_coverage_gaps_and_a_plain_one_shows_them(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "projet")
    shutil.copy(GOLDENS / "lacunes.yaml", project / "curricula" / "lacunes.yaml")
    strict = mkdocs_build(project, tmp_path / "site")
    assert strict.returncode != 0
    assert "C5 (bloc 2) couverte par aucun module" in strict.stderr and "lacunes.yaml" in strict.stderr
    plain = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "s2")],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=project,
        timeout=300,
    )
    assert plain.returncode == 0, plain.stderr
    html = (tmp_path / "s2" / "parcours" / "formateur" / "lacunes" / "index.html").read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    alert = soup.select_one(".admonition.warning")
    assert alert is not None and "3 alertes" in alert.get_text()
    assert "C5 (bloc 2) couverte par aucun module" in alert.get_text()
    assert "non couverte" in soup.find(id="matrice").find_next("table").get_text()

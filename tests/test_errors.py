"""Every kind of bad input ends in one located, actionable message: file, line, field, expected, found."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import ReferentialError, load_referential
from tests.conftest import ROOT

CERT = "referential/rncp-21806.yaml"


def broken(tmp_path: Path, old: str, new: str, name: str = "rncp-21806.yaml") -> tuple[Path, int]:
    """Copy the referential with one edit; return the folder and the line where the edit starts."""
    folder = tmp_path / "referential"
    shutil.copytree(ROOT / "referential", folder)
    target = folder / name
    text = target.read_text("utf-8")
    assert text.count(old) >= 1, old
    index = text.index(old)
    target.write_text(text.replace(old, new, 1), "utf-8")
    return folder, text[:index].count("\n") + 1


def messages(folder: Path) -> list[str]:
    with pytest.raises(ReferentialError) as caught:
        load_referential(folder, folder.parent)
    return [str(p) for p in caught.value.problems]


def test_unknown_capacity_in_a_bloc(tmp_path: Path) -> None:
    folder, line = broken(tmp_path, "capacities: [C1, C2, C3, C4]", "capacities: [C1, C2, C3, C9]")
    msgs = messages(folder)
    assert any(
        m.startswith(f"{CERT}:{line} blocs[0].capacities[3] : attendu un identifiant de capacité déclaré")
        and "trouvé « C9 » (aucune capacité de ce nom)" in m
        and "Correction : " in m
        for m in msgs
    ), msgs
    # C4 now belongs to no bloc: that is reported too, at C4's own line.
    assert any("capacities[3].id" in m and "C4, rattachée à aucun bloc" in m for m in msgs), msgs


def test_capacity_in_two_blocs(tmp_path: Path) -> None:
    folder, _ = broken(tmp_path, "capacities: [C5, C6]", "capacities: [C4, C5, C6]")
    msgs = messages(folder)
    assert any("capacities[3].id" in m and "rattachée à 2 blocs (RNCP21806BC01, RNCP21806BC02)" in m for m in msgs), (
        msgs
    )


@pytest.mark.parametrize(
    ("old", "new", "path", "expected", "found"),
    [
        (
            "code: H1203",
            "code: H12O3",
            "rome[0].code",
            "un code ROME : une lettre de A à N puis quatre chiffres",
            "« H12O3 »",
        ),
        ("code: H1203", "code: H9999", "rome[0].code", "un code du ROME 4.0 (v460)", "« H9999 », qui n’y figure pas"),
        (
            "registered_on: 2015-01-30",
            "registered_on: 2015-02-30",
            "registration.registered_on",
            "une date réelle au format AAAA-MM-JJ",
            "« 2015-02-30 »",
        ),
        (
            "ends_on: 2020-01-30",
            "ends_on: 2010-01-30",
            "registration.ends_on",
            "une date postérieure à registered_on (2015-01-30)",
            "« 2010-01-30 »",
        ),
        ('code: "201"', 'code: "2010"', "identity.nsf[0].code", "un code NSF", "« 2010 »"),
        (
            "formacodes: null",
            "formacodes: [{code: '3105'}]",
            "identity.formacodes[0].code",
            "un Formacode : cinq chiffres",
            "« 3105 »",
        ),
        ("rncp: RNCP21806", "rncp: 21806", "identity.rncp", "un code RNCP", "« 21806 »"),
        (
            "code: RNCP21806BC02",
            "code: RNCP21807BC02",
            "blocs[1].code",
            "un code qui commence par RNCP21806BC",
            "« RNCP21807BC02 »",
        ),
        (
            "      jury: J1\n    - id: professionnalisation",
            "      jury: J2\n    - id: professionnalisation",
            "access.routes[2].jury",
            "un identifiant de jury déclaré dans access.juries (J1)",
            "« J2 » (aucun jury de ce nom)",
        ),
        (
            "      - connector: Ou\n        mode: M2",
            "      - connector: Ou\n        mode: M7",
            "blocs[0].evaluation[1].mode",
            "un identifiant de modalité déclaré dans evaluation_modes",
            "« M7 »",
        ),
        (
            "      - connector: Et\n        mode: M4",
            "      - connector: Puis\n        mode: M4",
            "blocs[0].evaluation[3].connector",
            "l’une des valeurs : Ou, Et",
            "« Puis »",
        ),
        (
            "holders_per_year: 81",
            "holders_per_year: quatre-vingt-un",
            "statistics[0].holders_per_year",
            "un nombre entier",
            "« quatre-vingt-un »",
        ),
        (
            "      open: false\n      jury: null\n    - id: apprentissage",
            "      open: peut-être\n      jury: null\n    - id: apprentissage",
            "access.routes[0].open",
            "true ou false",
            "« peut-être »",
        ),
        ("  - id: A2", "  - id: A1", "activities[1].id", "un identifiant unique", "« A1 » déjà utilisé plus haut"),
        (
            "url: https://www.francecompetences.fr/recherche/rncp/21806/",
            "url: javascript:alert(1)",
            "identity.official_url",
            "une adresse web complète commençant par http:// ou https://",
            "« javascript:alert(1) »",
        ),
        (
            "  title: Concepteur modélisateur",
            "  titre: Concepteur modélisateur",
            "identity.titre",
            "l’un des champs connus ici",
            "le champ inconnu « titre »",
        ),
        ("summary:\n  - >-", "summary: 12\nsummary_: \n  - >-", "summary", "une liste", "« 12 »"),
    ],
)
def test_bad_value(tmp_path: Path, old: str, new: str, path: str, expected: str, found: str) -> None:
    folder, line = broken(tmp_path, old, new)
    msgs = messages(folder)
    assert any(
        m.startswith(f"{CERT}:") and f" {path} : attendu {expected}" in m and f"trouvé {found}" in m for m in msgs
    ), msgs
    located = next(m for m in msgs if f" {path} : " in m)
    reported = int(located.split(":")[1].split()[0])
    assert line <= reported <= line + 2, (line, located)


def test_typo_in_field_name_suggests_the_right_one(tmp_path: Path) -> None:
    folder, line = broken(tmp_path, "capacities_intro:", "capacites_intro:")
    msgs = messages(folder)
    assert any(
        f"{CERT}:{line} capacites_intro" in m and "vouliez-vous écrire « capacities_intro » ?" in m for m in msgs
    ), msgs


def test_missing_field_names_its_parent(tmp_path: Path) -> None:
    folder, _line = broken(tmp_path, "  official_title: >-\n", "  official_titl: >-\n")
    msgs = messages(folder)
    assert any(
        "identity.official_title : attendu le champ obligatoire « official_title »" in m
        and "ajouter « official_title: … » sous identity" in m
        for m in msgs
    ), msgs


def test_malformed_yaml(tmp_path: Path) -> None:
    folder, line = broken(tmp_path, "  abbreviation: CQPM", "  abbreviation: CQPM: encore")
    msgs = messages(folder)
    assert len(msgs) == 1
    assert msgs[0].startswith(f"{CERT}:{line} : attendu du YAML bien formé, trouvé « mapping values are not allowed")
    assert "mettre entre guillemets" in msgs[0]


def test_duplicate_key(tmp_path: Path) -> None:
    folder, line = broken(tmp_path, "  abbreviation: CQPM\n", "  abbreviation: CQPM\n  abbreviation: CQP\n")
    msgs = messages(folder)
    assert msgs == [
        f"{CERT}:{line + 1} identity.abbreviation : attendu chaque champ une seule fois, trouvé le champ « abbreviation » "
        f"une deuxième fois (déjà ligne {line}). Correction : garder une seule des deux valeurs et supprimer l’autre."
    ]


def test_yaml_tags_are_refused(tmp_path: Path) -> None:
    folder, line = broken(tmp_path, "  abbreviation: CQPM", "  abbreviation: !!python/object:os.system echo")
    msgs = messages(folder)
    assert any(f"{CERT}:{line} identity.abbreviation : attendu une valeur YAML simple" in m for m in msgs), msgs


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n"
        for i in range(1, 9)
    )
    folder, _ = broken(tmp_path, "format: 1\n", "format: 1\n" + bomb)
    msgs = messages(folder)
    assert any("alias YAML démultipliés" in m for m in msgs), msgs


def test_not_utf8(tmp_path: Path) -> None:
    folder, line = broken(tmp_path, "  abbreviation: CQPM", "  abbreviation: CQPM")
    target = folder / "rncp-21806.yaml"
    raw = target.read_bytes().replace(b"abbreviation: CQPM", "abbreviation: CQPM é".encode("latin-1"))
    target.write_bytes(raw)
    msgs = messages(folder)
    assert msgs == [
        f"{CERT}:{line} : attendu du texte encodé en UTF-8, trouvé l’octet 0xe9, qui n’est pas de l’UTF-8. "
        "Correction : enregistrer le fichier en UTF-8 depuis l’éditeur."
    ]


def test_empty_file(tmp_path: Path) -> None:
    folder = tmp_path / "referential"
    shutil.copytree(ROOT / "referential", folder)
    (folder / "rncp-21806.yaml").write_text("# rien\n", "utf-8")
    assert messages(folder) == [
        f"{CERT}:1 : attendu un document YAML, trouvé un fichier vide. Correction : reprendre un fichier existant comme modèle."
    ]


def test_errors_of_several_files_are_all_reported(tmp_path: Path) -> None:
    folder, _ = broken(tmp_path, "code: H1203", "code: H9999")
    glossary = folder / "glossaire.yaml"
    glossary.write_text(glossary.read_text("utf-8").replace("  - id: cao\n", "  - id: CAO\n"), "utf-8")
    msgs = messages(folder)
    assert any(m.startswith("referential/glossaire.yaml:") and "terms[5].id" in m for m in msgs), msgs
    assert any(m.startswith(f"{CERT}:") and "rome[0].code" in m for m in msgs), msgs


def test_same_certification_twice(tmp_path: Path) -> None:
    folder = tmp_path / "referential"
    shutil.copytree(ROOT / "referential", folder)
    shutil.copy(folder / "rncp-21806.yaml", folder / "copie.yaml")
    msgs = messages(folder)
    assert any("identity.rncp" in m and "RNCP21806, déjà décrite dans" in m for m in msgs), msgs

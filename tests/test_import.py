"""The importer on France Compétences' real XML export: golden files, nothing dropped, clear errors, flat memory."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path
from xml.etree import ElementTree

import pytest

from generator import load_referential
from generator.rncp_import import import_export, segments
from generator.rncp_xml import iter_fiches
from tests.conftest import ENV, ROOT, SHARED

EXPORT = SHARED / "samples" / "rncp-export" / "export_fiches_RNCP_fixture.xml"
GOLDENS = ROOT / "tests" / "goldens" / "import"
CODES = [
    "RNCP34762",
    "RNCP35419",
    "RNCP35625",
    "RNCP35809",
    "RNCP35959",
    "RNCP36490",
    "RNCP36612",
    "RNCP37488",
    "RNCP37674",
    "RNCP37873",
    "RNCP39568",
    "RNCP40344",
]


def sample() -> str:
    if not EXPORT.is_file():
        pytest.fail(f"{EXPORT} is missing: ../shared must sit beside the checkout")
    return EXPORT.read_text("utf-8")


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd, env=ENV)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Import the 12 sample fiches with the command line, into a folder beside a copy of the glossary."""
    folder = tmp_path_factory.mktemp("import") / "referential"
    folder.mkdir()
    shutil.copy2(ROOT / "referential" / "glossaire.yaml", folder)
    result = run("import-rncp", str(sample() and EXPORT), "--out", str(folder))
    return folder, result


def test_every_sample_fiche_becomes_a_file(imported: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    folder, result = imported
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.glob("rncp-*.yaml")) == [f"rncp-{c[4:]}.yaml" for c in CODES]
    assert "12 fiches lues, 12 écrites, 0 refusée" in result.stdout
    assert not list(folder.glob(".import-*")), "the staging folder must not be left behind"


def test_imported_files_match_the_goldens(
    imported: tuple[Path, subprocess.CompletedProcess[str]], update_goldens: bool
) -> None:
    folder, result = imported
    report = result.stdout.replace(str(folder) + "/", "referential/")
    if update_goldens:
        shutil.rmtree(GOLDENS, ignore_errors=True)
        GOLDENS.mkdir(parents=True)
        for path in folder.glob("rncp-*.yaml"):
            shutil.copy2(path, GOLDENS / path.name)
        (GOLDENS / "rapport.txt").write_text(report, "utf-8")
    for path in sorted(folder.glob("rncp-*.yaml")):
        expected = (GOLDENS / path.name).read_text("utf-8")
        assert path.read_text("utf-8") == expected, f"{path.name} differs: review, then pytest --update-goldens"
    assert report == (GOLDENS / "rapport.txt").read_text("utf-8")


def test_imported_files_pass_the_loader(imported: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    folder, _ = imported
    result = run("check", "--referential", str(folder), cwd=folder.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": valide.") == 13
    ref = load_referential(folder, folder.parent)
    assert [c.identity.rncp for c in ref.certifications] == CODES


def words(text: str) -> list[str]:
    """The words of a text, ignoring layout: spacing and bullet glyphs."""
    return re.sub(r"(?:^|\s)[-–—•*]+(?=\s)", " ", text).split()


def test_nothing_of_the_fiche_text_is_dropped(imported: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    """Every word of each competence list, evaluation text and jury composition is in the imported file, in order."""
    folder, _ = imported
    ref = load_referential(folder, folder.parent)
    certs = {c.identity.rncp: c for c in ref.certifications}
    root = ElementTree.fromstring(sample())
    for fiche in root.iter("FICHE"):
        cert = certs[fiche.findtext("NUMERO_FICHE", "")]
        labels = {c.id: c.label for c in cert.capacities}
        for node, bloc in zip(fiche.findall("BLOCS_COMPETENCES/BLOC_COMPETENCES"), cert.blocs, strict=True):
            assert bloc.code == node.findtext("CODE")
            listed = ([bloc.description] if bloc.description else []) + [labels[c] for c in bloc.capacities]
            assert words(" ".join(listed)) == words(node.findtext("LISTE_COMPETENCES", "")), bloc.code
            assert words(" ".join(bloc.evaluation_text or [])) == words(node.findtext("MODALITES_EVALUATION", ""))
        for element in ("OBJECTIFS_CONTEXTE", "ACTIVITES_VISEES", "TYPE_EMPLOI_ACCESSIBLES"):
            text = fiche.findtext(element, "").strip()
            field = {"OBJECTIFS_CONTEXTE": cert.summary, "ACTIVITES_VISEES": cert.activities_text}.get(
                element, [cert.jobs_intro or "", *cert.jobs]
            )
            if text:
                assert words(" ".join(field or [])) == words(text), (cert.identity.rncp, element)
        juries = " ".join(" ".join(j.text) for j in cert.access.juries)
        for route in fiche:
            if route.tag.startswith("SI_JURY_") and route.findtext("COMPOSITION"):
                assert " ".join(words(route.findtext("COMPOSITION", ""))) in " ".join(words(juries))


def test_structured_fields_follow_the_fiche(imported: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    folder, _ = imported
    certs = {c.identity.rncp: c for c in load_referential(folder, folder.parent).certifications}
    old, new = certs["RNCP34762"], certs["RNCP39568"]
    assert old.successors == ["RNCP39568"] and new.predecessors == ["RNCP34762"]
    assert old.registration.active is False and new.registration.active is True
    assert old.identity.level == 7 and [n.code for n in old.identity.nsf or []] == ["313", "310", "315p"]
    bts = certs["RNCP35809"]
    assert bts.identity.abbreviation == "BTS" and bts.identity.kind == "Brevet de technicien supérieur"
    assert bts.registration.kind == "Enregistrement de droit"
    assert str(bts.registration.registered_on) == "2021-09-01" and str(bts.registration.ends_on) == "2026-08-31"
    assert [c.label for c in bts.capacities[:2]] == [
        "Analyser le dossier de l'affaire",
        "Proposer une ou plusieurs solutions esthétiques et techniques répondant aux attentes",
    ]
    vet = certs["RNCP40344"]
    assert vet.registration.state == "Modifications à valider"
    assert [r.code for r in vet.rome_unlisted or []] == ["A1500"]  # not in ROME 4.0: kept apart, not dropped
    assert any("RNCP37507" in line for line in vet.related_certifications or [])
    web = certs["RNCP37674"]
    assert [r.open for r in web.access.routes] == [False, True, True, True, False, True]
    assert len(web.preparation_places or []) == 471


def test_the_report_says_what_to_check_and_the_file_repeats_it(
    imported: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    folder, result = imported
    assert "RNCP40344 · Auxiliaire spécialisé vétérinaire" in result.stdout
    assert "code ROME A1500 « Soins aux animaux » : absent du ROME 4.0" in result.stdout
    text = (folder / "rncp-40344.yaml").read_text("utf-8")
    assert "# À VÉRIFIER :" in text and "# - code ROME A1500" in text


def test_segments_rejoin_sentences_cut_by_spacing() -> None:
    assert segments("- Valider une solution   technique  - Renseigner la maquette") == [
        "- Valider une solution technique",
        "- Renseigner la maquette",
    ]
    assert segments("Intro :    A1C1. Évaluer    A1C2. Apprécier") == ["Intro :", "A1C1. Évaluer", "A1C2. Apprécier"]


# -- bad input ------------------------------------------------------------------------------


def edited(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = sample()
    assert old in text, old
    path = tmp_path / "export.xml"
    path.write_text(text.replace(old, new, count), "utf-8")
    return path


def test_malformed_xml_writes_nothing_and_names_the_line(tmp_path: Path) -> None:
    text = sample()
    cut = text.index("<NUMERO_FICHE>RNCP37674</NUMERO_FICHE>")
    export = tmp_path / "export.xml"
    export.write_text(text[:cut] + "<NUMERO_FICHE>RNCP37674</NUMERO_FICH>" + text[cut:], "utf-8")
    line = text[:cut].count("\n") + 1
    out = tmp_path / "referential"
    result = run("import-rncp", str(export), "--out", str(out))
    assert result.returncode == 1
    assert result.stderr.startswith(f"export.xml:{line} colonne ")
    assert "attendu du XML bien formé, trouvé une balise fermante qui ne correspond pas à la balise ouverte" in (
        result.stderr
    )
    assert "Correction :" in result.stderr and "aucun fichier n’a été écrit" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(out.glob("*.yaml")), "fiches read before the error must not be written either"


def test_a_file_that_is_not_an_export_is_refused(tmp_path: Path) -> None:
    export = tmp_path / "autre.xml"
    export.write_text("<?xml version='1.0'?><rss><channel/></rss>", "utf-8")
    result = run("import-rncp", str(export), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "attendu un export des fiches RNCP (élément racine <FICHES>), trouvé l’élément racine <rss>" in result.stderr


def test_entity_declarations_are_refused(tmp_path: Path) -> None:
    export = tmp_path / "bombe.xml"
    export.write_text(
        '<?xml version="1.0"?><!DOCTYPE FICHES [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<FICHES><FICHE><INTITULE>&b;</INTITULE></FICHE></FICHES>",
        "utf-8",
    )
    result = run("import-rncp", str(export), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "sans déclaration d’entité XML" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_fiche_missing_an_element_is_refused_by_name_and_the_others_are_written(tmp_path: Path) -> None:
    export = edited(
        tmp_path,
        "<INTITULE>Cybersécurité</INTITULE>",
        "",
    )
    out = tmp_path / "referential"
    result = run("import-rncp", str(export), "--out", str(out))
    assert result.returncode == 1
    assert "RNCP37488 · (sans intitulé)" in result.stdout
    assert "ERREUR : <INTITULE> : la fiche n’a pas d’intitulé" in result.stdout
    assert "12 fiches lues, 11 écrites, 1 refusée" in result.stdout
    assert not (out / "rncp-37488.yaml").exists() and (out / "rncp-37674.yaml").exists()


def test_a_bloc_without_competences_is_an_error_not_an_empty_certification(tmp_path: Path) -> None:
    text = sample()
    start = text.index("<LISTE_COMPETENCES>", text.index("<CODE>RNCP37488BC01</CODE>"))
    end = text.index("</LISTE_COMPETENCES>", start) + len("</LISTE_COMPETENCES>")
    export = tmp_path / "export.xml"
    export.write_text(text[:start] + text[end:], "utf-8")
    result = run("import-rncp", str(export), "--fiche", "RNCP37488", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "blocs[0] (RNCP37488BC01" in result.stdout and "bloc sans <LISTE_COMPETENCES>" in result.stdout
    assert not (tmp_path / "out" / "rncp-37488.yaml").exists()


def test_a_fiche_without_blocs_takes_its_competences_from_the_attested_list(tmp_path: Path) -> None:
    text = sample()
    at = text.index("<NUMERO_FICHE>RNCP37488</NUMERO_FICHE>")
    start = text.index("<BLOCS_COMPETENCES>", at)
    end = text.index("</BLOCS_COMPETENCES>", start) + len("</BLOCS_COMPETENCES>")
    export = tmp_path / "export.xml"
    export.write_text(text[:start] + text[end:], "utf-8")
    out = tmp_path / "referential"
    result = run("import-rncp", str(export), "--fiche", "RNCP37488", "--out", str(out))
    assert result.returncode == 0, result.stdout
    assert "la fiche ne définit aucun bloc de compétences : les compétences viennent de <CAPACITES_ATTESTEES>" in (
        result.stdout
    )
    shutil.copy2(ROOT / "referential" / "glossaire.yaml", out)
    ref = load_referential(out, tmp_path)
    cert = ref.certifications[0]
    assert cert.blocs == [] and len(cert.capacities) == 2
    assert words(" ".join(c.label for c in cert.capacities)) == words(
        text[at:].split("<CAPACITES_ATTESTEES>", 1)[1].split("</CAPACITES_ATTESTEES>", 1)[0]
    )
    from generator import render_site
    from tests.conftest import TODAY

    pages = render_site(ref, today=TODAY)
    assert "La fiche ne définit pas de blocs de compétences" in pages["blocs/index.md"]
    assert "aucun\u00a0: la fiche ne découpe pas cette certification" in pages["capacites/c1.md"]


def test_an_unknown_state_and_an_impossible_date_are_reported_gaps(tmp_path: Path) -> None:
    text = sample()
    at = text.index("<NUMERO_FICHE>RNCP37488</NUMERO_FICHE>")
    head, tail = text[:at], text[at:]
    tail = tail.replace("<ETAT_FICHE>Publiée</ETAT_FICHE>", "<ETAT_FICHE>Suspendue</ETAT_FICHE>", 1)
    tail = tail.replace("<DATE_FIN_ENREGISTREMENT>31/08/2028", "<DATE_FIN_ENREGISTREMENT>31/02/2028", 1)
    export = tmp_path / "export.xml"
    export.write_text(head + tail, "utf-8")
    out = tmp_path / "referential"
    result = run("import-rncp", str(export), "--fiche", "RNCP37488", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "<ETAT_FICHE> « Suspendue » : état inconnu du générateur, recopié tel quel" in result.stdout
    assert "date impossible « 31/02/2028 » (attendu JJ/MM/AAAA), laissée vide" in result.stdout
    written = (out / "rncp-37488.yaml").read_text("utf-8")
    assert "state: Suspendue" in written and "ends_on" not in written
    assert "# - <ETAT_FICHE> « Suspendue »" in written


def test_selected_fiches_only_and_absent_ones_are_named(tmp_path: Path) -> None:
    out = tmp_path / "referential"
    saved = tmp_path / "rapport.txt"
    result = run(
        "import-rncp", str(EXPORT), "--fiche", "RNCP35809", "RNCP99999", "--out", str(out), "--rapport", str(saved)
    )
    assert result.returncode == 1
    assert saved.read_text("utf-8") == result.stdout
    assert sorted(p.name for p in out.glob("*.yaml")) == ["rncp-35809.yaml"]
    assert "RNCP99999 : absente de l’export, rien n’a été écrit pour elle." in result.stdout


def test_a_file_someone_edited_is_not_overwritten_without_asking(tmp_path: Path) -> None:
    out = tmp_path / "referential"
    out.mkdir()
    (out / "rncp-35809.yaml").write_text("# mes corrections\n", "utf-8")
    result = run("import-rncp", str(EXPORT), "--fiche", "RNCP35809", "--out", str(out))
    assert result.returncode == 1
    assert "existe déjà (relancer avec --remplacer pour l’écraser)" in result.stdout
    assert (out / "rncp-35809.yaml").read_text("utf-8") == "# mes corrections\n"
    again = run("import-rncp", str(EXPORT), "--fiche", "RNCP35809", "--out", str(out), "--remplacer")
    assert again.returncode == 0, again.stdout
    assert (out / "rncp-35809.yaml").read_text("utf-8").startswith("# yaml-language-server")


# -- memory -------------------------------------------------------------------------------


def big_export(path: Path, copies: int) -> Path:
    """Write an export holding the sample's fiches `copies` times over, renumbered, like a larger daily file."""
    text = sample()
    start, end = text.index("<FICHE>"), text.rindex("</FICHE>") + len("</FICHE>")
    body = text[start:end]
    with path.open("w", encoding="utf-8") as out:
        out.write(text[:start])
        for i in range(copies):
            out.write(re.sub(r"RNCP(\d+)", lambda m, i=i: f"RNCP{int(m.group(1)) + 100_000 * (i % 9) + i // 9}", body))
        out.write(text[end:])
    return path


def peak_while_parsing(path: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        count = 0
        for node, _ in iter_fiches(path, path.name):
            count += len(node.children) > 0
        return tracemalloc.get_traced_memory()[1], count
    finally:
        tracemalloc.stop()


def test_parsing_memory_stays_flat_as_the_export_grows(tmp_path: Path) -> None:
    small = big_export(tmp_path / "small.xml", 4)
    large = big_export(tmp_path / "large.xml", 40)
    assert large.stat().st_size > 28_000_000
    small_peak, small_count = peak_while_parsing(small)
    large_peak, large_count = peak_while_parsing(large)
    assert (small_count, large_count) == (48, 480)
    # Ten times the file, not ten times the memory: the largest fiche (471 partners) sets the peak.
    assert large_peak < 1.3 * small_peak, (small_peak, large_peak)
    assert large_peak < large.stat().st_size / 10


def test_importing_stays_within_memory_of_one_fiche(tmp_path: Path) -> None:
    export = big_export(tmp_path / "export.xml", 6)
    out = tmp_path / "referential"
    tracemalloc.start()
    try:
        report = import_export(export, out)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.ok and len(list(out.glob("*.yaml"))) == 72
    assert peak < 40_000_000, peak

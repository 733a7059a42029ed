"""The three paths in the core: home cards, candidate steps, tutor pages, guidance marked, guidance errors, PDFs."""

from __future__ import annotations

import io
import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from generator import render_site
from generator.errors import ReferentialError
from generator.forms import avis_forms, dossier_forms, render_form_pdf
from generator.grids import grids_for
from generator.load import Referential, load_referential
from generator.model import Guidance
from tests.conftest import ROOT, TODAY

EXTENSIONS = ["admonition", "attr_list", "def_list", "md_in_html", "tables", "toc", "pymdownx.escapeall"]
CERT_FILE = ROOT / "referential" / "rncp-21806.yaml"


def html(page: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(page.split("---\n", 2)[2], extensions=EXTENSIONS), "html.parser")


def hrefs(page: str) -> list[str]:
    return [a["href"] for a in html(page).find_all("a")]


def test_home_sends_each_audience_to_its_path_in_one_click(pages: dict[str, str]) -> None:
    links = hrefs(pages["index.md"])
    for target in ("parcours/candidat/index.md", "parcours/formateur/index.md", "parcours/tuteur/index.md"):
        assert target in links


def test_candidate_path_explains_every_official_step_and_links_the_fiche(pages: dict[str, str]) -> None:
    page = pages["parcours/candidat/index.md"]
    soup = html(page)
    text = soup.get_text(" ")
    for route in (
        "Après un parcours de formation continue",
        "En contrat de professionnalisation",
        "Par expérience dispositif VAE prévu en 2007",
    ):
        assert soup.find("h3", string=route), route
    assert "contrat d'apprentissage" in text  # closed routes are named, not hidden
    for words in ("(étape 1 de la fiche)", "(étape 2 de la fiche)", "(étape 3 de la fiche)"):
        assert text.count(words) >= 2, words
    links = hrefs(page)
    assert "../../acces-et-evaluation.md#formation" in links and "../../acces-et-evaluation.md#vae" in links
    assert "dossier-de-preuves.md" in links and "../../autoevaluation/index.md" in links
    assert "../../acces-et-evaluation.md#jury-j1" in links
    # The registration ended in 2020: the candidate is told before anything else.
    first = soup.find("div", class_="admonition")
    assert "Enregistrement terminé" in first.get_text() and "warning" in first["class"]


def test_guidance_is_always_marked_as_not_official(pages: dict[str, str]) -> None:
    for path, page in pages.items():
        if not path.startswith("parcours/"):
            continue
        for box in html(page).select("div.admonition.repere"):
            assert "non officiel" in box.find(class_="admonition-title").get_text(), (path, box)


def test_tutor_pages_cover_every_capacity_of_their_bloc_and_link_the_form(pages: dict[str, str]) -> None:
    for bloc, caps in (("rncp21806bc01", ["C1", "C2", "C3", "C4"]), ("rncp21806bc02", ["C5", "C6"])):
        page = pages[f"parcours/tuteur/{bloc}.md"]
        soup = html(page)
        for cap in caps:
            section = soup.find(id=cap.lower())
            assert section is not None and section.name == "h3"
            box = section.find_next("div", class_="repere")
            assert "Situations de travail" in box.get_text()
        links = hrefs(page)
        assert f"avis-{bloc}.md" in links and f"../../pdf/avis-entreprise-{bloc}.pdf" in links
        assert f"../../blocs/{bloc}.md#m4" in links  # the official text of the avis, not a copy


def test_forms_escape_what_the_referential_says(referential: Referential) -> None:
    cert = referential.certifications[0]
    evil = '<script>alert(1)</script>" onfocus="x'
    capacity = cert.capacities[0].model_copy(update={"label": evil})
    cert = cert.model_copy(update={"capacities": (capacity, *cert.capacities[1:])})
    from generator.forms import form_html

    for form in (dossier_forms(grids_for(cert))[0], avis_forms(grids_for(cert))[0]):
        soup = BeautifulSoup(form_html(form), "html.parser")
        assert not soup.find("script") and not soup.select("[onfocus]")
        assert "<script>" in soup.get_text()


def test_a_certification_without_guidance_still_gets_its_paths(referential: Referential) -> None:
    cert = referential.certifications[0].model_copy(update={"guidance": Guidance()})
    pages = render_site(Referential((cert,), referential.glossary), today=TODAY, pdf=False)
    for path in ("parcours/candidat/index.md", "parcours/tuteur/rncp21806bc01.md", "parcours/formateur/index.md"):
        assert "repere" not in pages[path]
    assert "parcours/tuteur/memo.md" not in pages  # no memo without its guidance
    assert "Aucun programme" in str(pages["parcours/formateur/index.md"])


def broken(tmp_path: Path, old: str, new: str) -> str:
    folder = tmp_path / "referential"
    folder.mkdir()
    text = CERT_FILE.read_text("utf-8")
    assert old in text
    (folder / "rncp-21806.yaml").write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(ReferentialError) as info:
        load_referential(folder, tmp_path)
    return str(info.value)


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (
            "      - route: formation-continue\n",
            "      - route: apprentissage\n",
            "attendu une voie ouverte selon la fiche (open: true), trouvé « apprentissage »",
        ),
        (
            "      - route: formation-continue\n",
            "      - route: formation-continu\n",
            "« formation-continu » (aucune voie de ce nom)",
        ),
        ("            official_step: 3\n", "            official_step: 4\n", "attendu un numéro d’étape de 1 à 3"),
        (
            "    - capacity: C6\n",
            "    - capacity: C7\n",
            "guidance.capacities[5].capacity : attendu un identifiant de capacité",
        ),
        (
            "    avis_mode: M4\n",
            "    avis_mode: M9\n",
            "guidance.tutor.avis_mode : attendu l’identifiant de la modalité",
        ),
        ("      link: tutor_path\n", "      link: tuteurs\n", "guidance.audiences[2].link"),
        ("            link: dossier\n", "            link: dosier\n", "guidance.candidate.pathways[1].steps[1].link"),
    ],
)
def test_guidance_errors_are_located(tmp_path: Path, old: str, new: str, words: str) -> None:
    message = broken(tmp_path, old, new)
    assert "rncp-21806.yaml:" in message and words in message, message
    assert re.search(r"rncp-21806\.yaml:\d+ guidance\.", message)


def test_an_official_step_left_unexplained_is_an_error(tmp_path: Path) -> None:
    message = broken(
        tmp_path,
        "            official_step: 1\n            text:\n              - >-\n                Avant tout",
        "            text:\n              - >-\n                Avant tout",
    )
    assert "rien pour l’étape 1" in message and "official_step: 1" in message


# -- PDFs ------------------------------------------------------------------------------------------


def reader(site_files: dict[str, str | bytes], path: str) -> PdfReader:
    content = site_files[path]
    assert isinstance(content, bytes)
    return PdfReader(io.BytesIO(content))


@pytest.mark.parametrize(
    ("path", "caps"), [("pdf/dossier-preuves-rncp21806.pdf", 6), ("pdf/dossier-preuves-rncp21806bc02.pdf", 2)]
)
def test_dossier_pdf_has_one_fillable_sheet_per_capacity(
    site_files: dict[str, str | bytes], path: str, caps: int
) -> None:
    pdf = reader(site_files, path)
    fields = pdf.get_fields()
    ids = [f"C{i}" for i in range(1, 7)][-caps:] if caps == 2 else [f"C{i}" for i in range(1, 7)]
    for cap in ids:
        for field in ("situation", "contexte", "actions", "resultat", "preuves"):
            assert fields[f"{cap}-{field}"]["/FT"] == "/Tx"
    assert fields["identite-candidat"]["/FT"] == "/Tx"
    assert len(pdf.pages) == 1 + caps  # a cover, then one page per capacity
    for n, cap in enumerate(ids, start=1):
        text = " ".join(pdf.pages[n].extract_text().split())
        assert f"{cap}." in text and "Ce que j’ai fait" in text and "Modèle non officiel" in text
    assert pdf.trailer["/Root"]["/Lang"] == "fr" and pdf.metadata.title.startswith("Dossier de preuves")


@pytest.mark.parametrize("bloc", ["rncp21806bc01", "rncp21806bc02"])
def test_avis_pdf_is_a_form_to_sign(site_files: dict[str, str | bytes], bloc: str) -> None:
    pdf = reader(site_files, f"pdf/avis-entreprise-{bloc}.pdf")
    fields = pdf.get_fields()
    caps = ["C1", "C2", "C3", "C4"] if bloc.endswith("1") else ["C5", "C6"]
    for cap in caps:
        assert [str(o) for o in fields[f"{cap}-avis"]["/Opt"]] == ["pas-encore", "avec-aide", "autonome", "maitrise"]
        assert fields[f"{cap}-projets"]["/FT"] == "/Tx" and fields[f"{cap}-commentaire"]["/FT"] == "/Tx"
    assert fields[f"{bloc}-signataire"]["/FT"] == "/Tx" and fields[f"{bloc}-date"]["/FT"] == "/Tx"
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "L’entreprise (tuteur, responsable fonctionnel ou hiérarchique...) donne un avis" in text  # official M4
    assert "Signature" in text and "Cachet" in text and "Modèle non officiel" in text
    for page in pdf.pages:
        assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape, like the grids


def test_tutor_memo_is_one_page(site_files: dict[str, str | bytes]) -> None:
    pdf = reader(site_files, "pdf/memo-tuteur-rncp21806.pdf")
    assert len(pdf.pages) == 1
    text = " ".join(pdf.pages[0].extract_text().split())
    for words in (
        "Votre rôle",
        "Pour l’avis",
        "C1 Réaliser l’analyse fonctionnelle",
        "C6 Mener tout ou partie",
        "non officiel",
    ):
        assert words in text, words


def test_form_pdfs_are_identical_from_one_build_to_the_next(
    referential: Referential, site_files: dict[str, str | bytes]
) -> None:
    form = avis_forms(grids_for(referential.certifications[0]))[1]
    assert render_form_pdf(form, TODAY) == site_files["pdf/avis-entreprise-rncp21806bc02.pdf"]


@pytest.mark.parametrize("kind", ["dossier", "avis"])
def test_every_form_control_has_a_label(referential: Referential, kind: str) -> None:
    from generator.forms import form_html

    grids = grids_for(referential.certifications[0])
    form = dossier_forms(grids)[0] if kind == "dossier" else avis_forms(grids)[0]
    soup = BeautifulSoup(form_html(form), "html.parser")
    for field in soup.select("input[type=text], textarea"):
        label = soup.select_one(f'label[for="{field["id"]}"]')
        assert label is not None and label.get_text(strip=True), field
    for radio in soup.select("input[type=radio]"):
        assert radio.find_parent("label").get_text(strip=True)
        assert radio.find_parent("fieldset").legend.get_text(strip=True)
    ids = [e["id"] for e in soup.select("[id]")]
    assert len(ids) == len(set(ids))
    if kind == "dossier":
        described = soup.select("textarea[aria-describedby]")
        assert len(described) == 6 * 5 and all(soup.find(id=t["aria-describedby"]) for t in described)


def test_with_several_certifications_each_has_its_paths_and_curricula_stay_with_theirs(
    referential: Referential,
) -> None:
    cert = referential.certifications[0]
    other = cert.model_copy(
        update={
            "identity": cert.identity.model_copy(update={"rncp": "RNCP99999"}),
            "blocs": tuple(b.model_copy(update={"code": b.code.replace("21806", "99999")}) for b in cert.blocs),
        }
    )
    both = Referential((cert, other), referential.glossary, {}, referential.curricula)
    pages = render_site(both, today=TODAY, pdf=False)
    page = pages["rncp99999/parcours/candidat/index.md"]
    assert isinstance(page, str) and "../../acces-et-evaluation.md#vae" in hrefs(page)
    assert "rncp21806/parcours/formateur/exemple-concepteur-modelisateur.md" in pages
    assert not any(p.startswith("rncp99999/parcours/formateur/exemple") for p in pages)

"""Every word of the official fiche appears in the built site, in order, cut only where the fiche cuts a line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import FICHE

# Column headers that the text copy of the PDF glued on one line: split back into the fiche's headings.
GLUED = {
    "AUTORITÉ RESPONSABLE DE LA CERTIFICATION QUALITÉ DU(ES) SIGNATAIRE(S) DE\nLA CERTIFICATION": "AUTORITÉ RESPONSABLE DE LA CERTIFICATION\nQUALITÉ DU(ES) SIGNATAIRE(S) DE LA CERTIFICATION",
    "CONDITIONS D'INSCRIPTION À LA\nCERTIFICATION OUINON COMPOSITION DES JURYS": "CONDITIONS D'INSCRIPTION À LA CERTIFICATION\nOUI NON\nCOMPOSITION DES JURYS",
    "LIENS AVEC D'AUTRES CERTIFICATIONS ACCORDS EUROPÉENS OU INTERNATIONAUX": "LIENS AVEC D'AUTRES CERTIFICATIONS\nACCORDS EUROPÉENS OU INTERNATIONAUX",
}
# The PDF's layout, not statements: the OUI/NON columns whose ticks the copy lost (../shared/source/README.md)
# and the two column headers of the blocs table.
LAYOUT_LINES = {"X", "OUI NON", "INTITULÉ DESCRIPTIF ET MODALITÉS D'ÉVALUATION"}
# Punctuation the site may drop where it turns "Label : value" into a heading or a term and its definition,
# and the dashes of list items, which become bullets.
DROPPABLE = {":", "–", "-"}
BLOCKS = ["p", "li", "dt", "dd", "td", "th", "h1", "h2", "h3", "h4", "div", "br", "table", "ul", "ol", "dl"]


def normal(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").replace("¶", " ").split())


def fiche_words() -> list[tuple[str, bool, bool]]:
    """The fiche as (word, starts a line, line in capitals), without the PDF's layout."""
    text = FICHE.read_text("utf-8")
    for glued, split in GLUED.items():
        assert glued in text, glued
        text = text.replace(glued, split)
    words = []
    for raw in text.split("\n"):
        line = re.sub(r"^X\s+|\s+X$", "", raw.strip())
        if not line or line in LAYOUT_LINES:
            continue
        for i, word in enumerate(normal(line).split(" ")):
            words.append((word, i == 0, line.isupper()))
    return words


@pytest.fixture(scope="module")
def site(built_site: Path) -> tuple[str, set[str]]:
    texts, hrefs = [], set()
    for page in sorted(built_site.rglob("*.html")):
        article = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one("article.md-content__inner")
        if article is not None:
            for block in article.find_all(BLOCKS):
                block.insert_after(" ")
                block.insert_before(" ")
            texts.append(normal(article.get_text("")))
            hrefs |= {a["href"] for a in article.find_all("a", href=True)}
    return "\n".join(f" {t} " for t in texts), hrefs


def coverage(words: list[tuple[str, bool, bool]], text: str, hrefs: set[str]) -> tuple[list[str], list[str]]:
    """Cover the fiche with the longest runs of words found in the site; report missing words and mid-line cuts."""
    lower = text.lower()
    missing, cuts = [], []
    i = 0
    while i < len(words):
        word, _, _ = words[i]
        if word in DROPPABLE or (word.startswith("http") and word in hrefs):
            i += 1
            continue
        j = i
        while j < len(words):
            run = " " + " ".join(w for w, _, _ in words[i : j + 1]) + " "
            capitals = any(caps for _, _, caps in words[i : j + 1])
            if (run.lower() in lower) if capitals else (run in text):
                j += 1
            else:
                break
        if j == i:
            context = " ".join(w for w, _, _ in words[max(0, i - 6) : i + 6])
            missing.append(f"« {word} » in: {context}")
            i += 1
            continue

        def boundary(k: int) -> bool:
            return k == len(words) or words[k][1] or words[k][0] in DROPPABLE

        if not boundary(j):
            # The run went on into the next lines: cut it back at the last line boundary it crossed.
            back = next((k for k in range(j - 1, i, -1) if boundary(k)), None)
            if back is None:
                cuts.append(" ".join(w for w, _, _ in words[i : j + 3]))
            else:
                j = back
        i = j
    return missing, cuts


def test_the_fiche_has_the_expected_words() -> None:
    words = [w for w, _, _ in fiche_words()]
    assert len(words) > 1500
    assert " ".join(words).count("Jury paritaire : 50% de représentants") == 3
    assert "X" not in words and "OUINON" not in words


def test_every_word_of_the_fiche_is_in_the_site_in_order(site: tuple[str, set[str]]) -> None:
    missing, cuts = coverage(fiche_words(), *site)
    assert not missing, "absent from the site:\n" + "\n".join(missing)
    assert not cuts, "the site breaks these lines of the fiche:\n" + "\n".join(cuts)


def test_a_changed_word_is_detected(site: tuple[str, set[str]]) -> None:
    words = fiche_words()
    index = next(i for i, (w, _, _) in enumerate(words) if w == "prépondérante.")
    altered = [*words[:index], ("décisive.", False, False), *words[index + 1 :]]
    missing, _ = coverage(altered, *site)
    assert any("décisive." in m for m in missing)

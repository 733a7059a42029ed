"""Stream France Compétences' XML export one fiche at a time, with the line of every element."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from .errors import Problem, ReferentialError

CHUNK = 1 << 16
# Expat's messages, in French, for the faults a damaged or truncated export shows.
_FAULTS = {
    expat.errors.XML_ERROR_SYNTAX: "une erreur de syntaxe",
    expat.errors.XML_ERROR_INVALID_TOKEN: "un caractère ou une balise invalide",
    expat.errors.XML_ERROR_UNCLOSED_TOKEN: "une balise qui n’est pas refermée",
    expat.errors.XML_ERROR_PARTIAL_CHAR: "un caractère coupé",
    expat.errors.XML_ERROR_TAG_MISMATCH: "une balise fermante qui ne correspond pas à la balise ouverte",
    expat.errors.XML_ERROR_NO_ELEMENTS: "un document sans élément (fichier tronqué ?)",
    expat.errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT: "du texte après la fin du document",
    expat.errors.XML_ERROR_UNDEFINED_ENTITY: "une entité XML inconnue",
    expat.errors.XML_ERROR_BAD_CHAR_REF: "une référence de caractère invalide",
    expat.errors.XML_ERROR_UNCLOSED_CDATA_SECTION: "une section CDATA qui n’est pas refermée",
    expat.errors.XML_ERROR_INCORRECT_ENCODING: "un encodage qui ne correspond pas à la déclaration",
}
ROOT = "FICHES"
FICHE = "FICHE"


@dataclass
class Node:
    """One XML element: its tag, the line it starts on, its text and its children."""

    tag: str
    line: int
    parts: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def find(self, path: str) -> Node | None:
        """Return the first element at a slash-separated path below this one."""
        node: Node | None = self
        for tag in path.split("/"):
            if node is None:
                return None
            node = next((c for c in node.children if c.tag == tag), None)
        return node

    def findall(self, path: str) -> list[Node]:
        """Return every element at a slash-separated path below this one."""
        head, _, rest = path.partition("/")
        found = [c for c in self.children if c.tag == head]
        if not rest:
            return found
        return [n for c in found for n in c.findall(rest)]

    def value(self, path: str) -> str | None:
        """Return the stripped text at a path, or None when the element is absent or empty."""
        node = self.find(path)
        if node is None:
            return None
        text = node.text.strip()
        return text or None


class _Stream:
    """Build Node trees for each FICHE, keeping nothing of the fiches already handed out."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.parser = expat.ParserCreate()
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.data
        self.parser.EntityDeclHandler = self.entity
        self.stack: list[Node] = []
        self.ready: list[Node] = []
        self.version: str | None = None
        self.root_seen = False

    def entity(self, name: str, *_: object) -> None:
        raise ReferentialError(
            [
                Problem(
                    self.display,
                    self.parser.CurrentLineNumber,
                    "",
                    "un export sans déclaration d’entité XML",
                    f"l’entité « {name} »",
                    "utiliser le fichier publié par France compétences, qui n’en déclare aucune.",
                )
            ]
        )

    def start(self, tag: str, _attrs: dict[str, str]) -> None:
        line = self.parser.CurrentLineNumber
        if not self.root_seen:
            self.root_seen = True
            if tag != ROOT:
                raise ReferentialError(
                    [
                        Problem(
                            self.display,
                            line,
                            "",
                            f"un export des fiches RNCP (élément racine <{ROOT}>)",
                            f"l’élément racine <{tag}>",
                            "choisir le fichier export_fiches_RNCP_V4_1_AAAA-MM-JJ.xml de France compétences.",
                        )
                    ]
                )
            return
        if self.stack or tag in (FICHE, "VERSION_FLUX"):
            node = Node(tag, line)
            if self.stack:
                self.stack[-1].children.append(node)
            self.stack.append(node)

    def end(self, tag: str) -> None:
        if not self.stack:
            return
        node = self.stack.pop()
        if self.stack:
            return
        if node.tag == FICHE:
            self.ready.append(node)
        elif node.tag == "VERSION_FLUX":
            self.version = node.text.strip()

    def data(self, text: str) -> None:
        if self.stack:
            self.stack[-1].parts.append(text)

    def feed(self, chunk: bytes, final: bool = False) -> list[Node]:
        try:
            self.parser.Parse(chunk, final)
        except expat.ExpatError as exc:
            raise ReferentialError(
                [
                    Problem(
                        self.display,
                        exc.lineno,
                        f"colonne {exc.offset + 1}",
                        "du XML bien formé",
                        _FAULTS.get(expat.ErrorString(exc.code), f"« {expat.ErrorString(exc.code)} »"),
                        "le fichier est tronqué ou abîmé : le télécharger de nouveau depuis data.gouv.fr "
                        "(les fiches lues avant cette ligne n’ont pas été écrites).",
                    )
                ]
            ) from None
        out, self.ready = self.ready, []
        return out


def iter_fiches(path: Path, display: str) -> Iterator[tuple[Node, str | None]]:
    """Yield each FICHE of an export with the flow version, reading the file in small chunks."""
    stream = _Stream(display)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ReferentialError(
            [Problem(display, 1, "", "un fichier XML lisible", f"« {exc.strerror} »", "vérifier le chemin du fichier.")]
        ) from None
    with handle:
        while chunk := handle.read(CHUNK):
            for node in stream.feed(chunk):
                yield node, stream.version
        for node in stream.feed(b"", final=True):
            yield node, stream.version
    if not stream.root_seen:
        raise ReferentialError(
            [Problem(display, 1, "", "un export XML des fiches RNCP", "un fichier vide", "vérifier le fichier.")]
        )

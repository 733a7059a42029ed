"""Text helpers: Markdown escaping, French typography and dates, accent folding."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from markupsafe import Markup

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

NBSP = "\u00a0"
NNBSP = "\u202f"


class Md(Markup):
    """A string that is safe to place in Markdown as it is: escaped data or generated markup."""

    __slots__ = ()


# Characters that Markdown or the enabled extensions could read as syntax inside a line.
_INLINE = re.compile(r"([\\`*_\[\]{}()#+!|~^=:$@-])")
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
# The combining marks that NFD splits off Latin letters (accents, cedilla, diaeresis).
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def _html(text: str) -> str:
    return text.translate(_HTML)


def md(value: object) -> Md:
    """Escape a data string so that Markdown shows it as literal text on one line."""
    if isinstance(value, Md):
        return value
    text = _html(re.sub(r"\s+", " ", str(value)))
    text = _INLINE.sub(r"\\\1", text)
    # A line must not start like a list item, a heading or a numbered list.
    text = re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    return Md(text)


def plain(text: str) -> str:
    """Join a data string's lines and spaces into one line, as files for machines carry it."""
    return " ".join(text.split())


def attr(value: object) -> Md:
    """Escape a data string for HTML text or an attribute between double quotes (the theme does not escape titles)."""
    return Md(_html(" ".join(str(value).split())))


def french_date(day: date) -> str:
    """Write a date the French way: 1er janvier 2020, 30 janvier 2015."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number}{NBSP}{MONTHS[day.month - 1]}{NBSP}{day.year}"


def typo(text: str) -> str:
    """Apply French spacing: narrow no-break space before ; ! ?, no-break space before : and inside « »."""
    text = re.sub(r" (\\?[;!?])", NNBSP + r"\1", text)
    text = re.sub(r" (\\?:)", NBSP + r"\1", text)
    text = re.sub(r"« ", "«" + NBSP, text)
    return re.sub(r" »", NBSP + "»", text)


def fold(text: str) -> str:
    """Lower-case text and strip its accents, for comparisons and search."""
    text = unicodedata.normalize("NFD", text.casefold().replace("’", "'"))
    return " ".join(_MARKS.sub("", text).split())


def slug(text: str) -> str:
    """Make a lower-case ASCII anchor or file name from an id or a title."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def strip_final_period(text: str) -> str:
    """Drop the final period of a sentence used as a title, but keep the dot of an abbreviation like C.A.O."""
    if text.endswith(".") and not re.search(r"(?:\b\w\.){2,}$", text):
        return text[:-1]
    return text

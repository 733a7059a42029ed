"""Fuzzing (Hypothesis): random damage to the real referential never ends in a traceback, a hang or a partial
site, and every error names its file, a line of that file and what to fix.

The examples are derived from a fixed seed (derandomize), so CI runs the same ones every time. For a deeper
local run: FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import copy
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import ReferentialError, load_referential, render_site
from generator.build import MANIFEST
from generator.load import read_yaml
from tests.conftest import ENV, ROOT, TODAY, copy_project, mkdocs_build

CERT = "rncp-21806.yaml"
GLOSSARY = "glossaire.yaml"
FILES = (CERT, GLOSSARY)
ORIGINAL = {name: (ROOT / "referential" / name).read_bytes() for name in FILES}
DATA = {name: read_yaml(ORIGINAL[name].decode("utf-8"), name)[0] for name in FILES}

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
SECONDS = 20  # far above the ~30 ms an example takes: reaching it means a hang


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail an example that runs for longer than `seconds` (a hang), instead of blocking CI."""

    def stop(signum: int, frame: Any) -> None:
        raise Hang(f"no answer after {seconds} s: the loader or the renderer hangs on this input")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- what damage looks like ---------------------------------------------------------------

ODD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\u202eevil\u202c",  # right-to-left override
        "zero\u200bwidth",
        "\ufeffbom",
        "e\u0301\u0301\u0301",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀",
        "ligne\u2028séparée\u2029",
        "nul\x00",
        "\x1b[31mrouge",
        "İıǄß",
        "tab\tulé",
        "\r\n",
        "~",
        "null",
        "NULL",
        "no",
        "0o17",
        "1e400",
        ".inf",
        "<script>alert(1)</script>",
        "{{ config }}",
        "---",
    ]
)
CODES = st.sampled_from(
    [
        "C1",
        "C9",
        "C01",
        "M1",
        "M7",
        "J1",
        "J2",
        "A1",
        "A3",
        "RNCP21806",
        "RNCP21806BC01",
        "RNCP21806BC03",
        "RNCP99999BC01",
        "H1203",
        "H9999",
        "2015-01-30",
        "2015-02-30",
        "2020-01-30",
        "1900-01-01",
        "9999-12-31",
        "true",
        "false",
        "peut-être",
        "Ou",
        "Et",
        "1",
        "2",
        "-1",
        "99999999999999999999",
        "https://www.francecompetences.fr/",
        "javascript:alert(1)",
        "formation-continue",
        "access",
        "glossary",
    ]
)
HUGE = st.sampled_from([10_000, 300_000, 6_000_000]).map(lambda n: "é" * n)
SCALARS = st.one_of(
    st.none(),
    st.text(st.characters(codec="utf-8"), max_size=30),
    ODD_TEXT,
    CODES,
    HUGE,
)
VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=3),
    st.dictionaries(st.sampled_from(["id", "text", "label", "code", "inconnu", "x"]), SCALARS, max_size=3),
)

YAML_ODDITIES = [
    "&ancre",
    "*ancre",
    "*inconnue",
    "!!python/object/apply:os.system ['echo pirate']",
    "!perso valeur",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "<<: *ancre",
    "---",
    "...",
    "%YAML 1.1",
    "%TAG ! tag:pirate.example,2000:",
    "\tindentée: par une tabulation",
    "? clé: complexe",
    "[",
    "{",
    "'",
    '"',
    "clé: [1, 2",
    "boucle: &b [*b]",
    "@",
    "`",
    "|",
    ">",
    "- - - -",
    "a: b: c",
    "*ancre : 1",
    "clé: &x {x: *x}",
    "vide:",
    "- ",
]


def data_paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from data_paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from data_paths(value, (*prefix, i))


def at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


@st.composite
def damaged_data(draw: st.DrawFn, name: str) -> bytes:
    """Damage the parsed file: wrong types, missing or unknown keys, broken references, odd or huge text."""
    data = copy.deepcopy(DATA[name])
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in data_paths(data) if p]
        path = draw(st.sampled_from(paths))
        parent, key = at(data, path[:-1]), path[-1]
        op = draw(st.sampled_from(["replace", "replace", "delete", "unknown key", "duplicate", "swap", "wrap"]))
        if op == "replace":
            parent[key] = draw(VALUES)
        elif op == "delete":
            del parent[key]
        elif op == "unknown key" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["inconnu", "titre", "Title", "id ", "", "42"]))] = draw(SCALARS)
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        elif op == "swap" and isinstance(parent, list):
            other = draw(st.integers(0, len(parent) - 1))
            parent[key], parent[other] = parent[other], parent[key]
        elif op == "wrap":
            parent[key] = draw(st.sampled_from([[parent[key]], {"valeur": parent[key]}]))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100).encode("utf-8")


@st.composite
def damaged_text(draw: st.DrawFn, name: str) -> bytes:
    """Damage the file as text: YAML oddities (anchors, tags, duplicate keys, directives), bad bytes, nesting."""
    lines = ORIGINAL[name].split(b"\n")
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        indent = line[: len(line) - len(line.lstrip())]
        op = draw(
            st.sampled_from(["oddity", "oddity", "value", "duplicate", "delete", "bytes", "nesting", "bomb", "indent"])
        )
        if op == "oddity":
            odd = draw(st.sampled_from(YAML_ODDITIES)).encode()
            lines.insert(i, indent + odd) if draw(st.booleans()) else lines.__setitem__(i, line + b" " + odd)
        elif op == "value" and b": " in line:
            key = line.split(b": ", 1)[0]
            lines[i] = key + b": " + draw(st.sampled_from(YAML_ODDITIES)).encode()
        elif op == "duplicate":
            lines.insert(i, line)
        elif op == "delete":
            del lines[i]
        elif op == "bytes":
            junk = draw(st.sampled_from([b"\xff", b"\xe9", b"\x00", b"\xef\xbb\xbf", b"\xc3", b"\x1b", b"\r", b"\x85"]))
            cut = draw(st.integers(0, len(line)))
            lines[i] = line[:cut] + junk + line[cut:]
        elif op == "nesting":
            depth = draw(st.sampled_from([50, 1_000, 100_000]))
            lines.insert(i, indent + b"profond: " + b"[" * depth + b"]" * depth)
        elif op == "bomb":
            bomb = [b"b0: &b0 [x, x, x, x, x, x, x, x, x, x]"]
            bomb += [f"b{k}: &b{k} [{', '.join([f'*b{k - 1}'] * 10)}]".encode() for k in range(1, 9)]
            lines[i:i] = bomb
        elif op == "indent":
            lines[i] = b" " * draw(st.integers(1, 3)) + line
    return b"\n".join(lines)


def damaged_referential() -> st.SearchStrategy[tuple[str, bytes]]:
    return st.sampled_from(FILES).flatmap(
        lambda name: st.tuples(st.just(name), st.one_of(damaged_data(name), damaged_text(name)))
    )


# -- what must hold -----------------------------------------------------------------------


def write_referential(folder: Path, name: str, content: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for other in FILES:
        (folder / other).write_bytes(content if other == name else ORIGINAL[other])


def assert_actionable(error: ReferentialError, files: dict[str, bytes]) -> None:
    """Each problem names an input file, a line that exists in it, what was expected and found, and a fix."""
    assert error.problems
    for problem in error.problems:
        text = str(problem)
        name = problem.file.removeprefix("referential/")
        assert name in files, text
        lines = files[name].count(b"\n") + 1
        assert 1 <= problem.line <= lines, (problem.line, lines, text)
        assert text.startswith(f"referential/{name}:{problem.line} "), text
        assert problem.expected.strip() and problem.found.strip() and problem.fix.strip(), text
        assert len(text) < 2_000, f"a message of {len(text)} characters quotes too much: {text[:300]}…"
        assert "Traceback" not in text and "object at 0x" not in text, text
    assert "le site n’a pas été construit" in error.summary


def load_and_render(folder: Path, files: dict[str, bytes]) -> dict[str, str] | None:
    """Load a damaged referential: either located problems, or a complete site."""
    try:
        referential = load_referential(folder, folder.parent)
    except ReferentialError as error:
        assert_actionable(error, files)
        return None
    pages = render_site(referential, today=TODAY)
    assert "index.md" in pages and "glossaire.md" in pages
    for path, page in pages.items():
        if path.endswith(".md"):  # pages; the rest are the site's files (PDF, JSON, CSV, scripts)
            assert isinstance(page, str) and page.startswith("---\n") and page.count("\n---\n") >= 1, path
    return pages


@fuzz_settings(EXAMPLES)
@given(damaged_referential())
def test_damaged_referential_gives_located_errors_or_a_whole_site(
    tmp_path_factory: pytest.TempPathFactory, damage: tuple[str, bytes]
) -> None:
    name, content = damage
    folder = tmp_path_factory.mktemp("fuzz") / "referential"
    write_referential(folder, name, content)
    files = {other: content if other == name else ORIGINAL[other] for other in FILES}
    with time_limit(SECONDS):
        load_and_render(folder, files)


def test_the_fuzzer_damages_enough_to_matter(tmp_path: Path) -> None:
    """Most damaged referentials are refused: the fuzzer does not only produce harmless edits."""
    refused = 0
    total = 0

    @fuzz_settings(60)
    @given(damaged_referential())
    def count(damage: tuple[str, bytes]) -> None:
        nonlocal refused, total
        name, content = damage
        folder = tmp_path / f"f{total}" / "referential"
        write_referential(folder, name, content)
        total += 1
        try:
            load_referential(folder, folder.parent)
        except ReferentialError:
            refused += 1

    count()
    assert total >= 50 and refused >= total // 2, (refused, total)


# -- the whole build, in a separate process, as people run it --------------------------------


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=ENV, timeout=120)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@fuzz_settings(int(os.environ.get("FUZZ_BUILDS", "12")))
@given(damaged_referential())
def test_damaged_referential_never_leaves_a_partial_site(
    tmp_path_factory: pytest.TempPathFactory, damage: tuple[str, bytes]
) -> None:
    name, content = damage
    work = tmp_path_factory.mktemp("build")
    project = copy_project(work / "project")
    out = work / "pages"
    first = run([sys.executable, "-m", "generator", "build", "--out", str(out)], project)
    assert first.returncode == 0, first.stderr
    site = work / "site"
    assert mkdocs_build(project, site).returncode == 0
    before_pages, before_site = tree(out), tree(site)
    write_referential(project / "referential", name, content)

    result = run([sys.executable, "-m", "generator", "build", "--out", str(out)], project)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr and "Erreur interne" not in result.stderr, result.stderr
    if result.returncode == 1:
        assert result.stderr.startswith("referential/"), result.stderr[:500]
        assert tree(out) == before_pages
    else:
        written = tree(out)
        listed = written[MANIFEST].decode("utf-8").split()
        assert sorted(listed) == sorted(p for p in written if p != MANIFEST)

    built = mkdocs_build(project, site)
    assert "Traceback" not in built.stderr, built.stderr[-3000:]
    if built.returncode != 0:
        assert "erreur" in built.stderr and "referential/" in built.stderr, built.stderr[-3000:]
        assert tree(site) == before_site
    else:
        assert (site / "index.html").is_file() and (site / "glossaire" / "index.html").is_file()
    shutil.rmtree(work)


# -- what the fuzzer found, kept as plain examples -------------------------------------------


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ('"CQPM\\x1b[31m"', "le caractère invisible U+001B (position 5 du texte)"),
        ('"CQ\\u202ePM"', "le caractère invisible U+202E (position 3 du texte)"),
        ('"CQPM\\0"', "le caractère invisible U+0000 (position 5 du texte)"),
    ],
)
def test_escaped_control_characters_are_refused_where_they_are(tmp_path: Path, value: str, found: str) -> None:
    folder = tmp_path / "referential"
    text = ORIGINAL[CERT].decode("utf-8")
    line = text[: text.index("  abbreviation: CQPM")].count("\n") + 1
    write_referential(folder, CERT, text.replace("  abbreviation: CQPM", f"  abbreviation: {value}").encode())
    with pytest.raises(ReferentialError) as caught:
        load_referential(folder, folder.parent)
    assert [str(p) for p in caught.value.problems] == [
        f"referential/{CERT}:{line} identity.abbreviation : attendu du texte sans caractère de contrôle ni marque "
        f"invisible, trouvé {found}. Correction : supprimer ce caractère, souvent collé depuis un PDF ou un "
        "traitement de texte."
    ]


def test_a_raw_control_character_is_located_and_explained_in_french(tmp_path: Path) -> None:
    folder = tmp_path / "referential"
    text = ORIGINAL[CERT].decode("utf-8")
    line = text[: text.index("  abbreviation: CQPM")].count("\n") + 1
    write_referential(folder, CERT, text.replace("  abbreviation: CQPM", "  abbreviation: CQ\x07PM").encode())
    with pytest.raises(ReferentialError) as caught:
        load_referential(folder, folder.parent)
    assert [str(p) for p in caught.value.problems] == [
        f"referential/{CERT}:{line} : attendu du texte sans caractère de contrôle, trouvé le caractère U+0007. "
        "Correction : supprimer ce caractère invisible, souvent collé depuis un PDF ou un traitement de texte."
    ]

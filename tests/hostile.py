"""Hostile text for every field of the referential: markup, scripts, template and extension syntax.

Each payload that would do something if it were interpreted calls alert(N) or loads an address containing
"pirate", so a browser test can tell: a dialog or such a request means a payload ran.
"""

from __future__ import annotations

import copy
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator import ReferentialError, load_referential
from generator.errors import Problem, path_to_str
from generator.load import read_yaml

MARK = "pirate"

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src="/pirate-2.png" onerror="alert(2)">',
    "<svg onload=alert(3)><circle r=1></svg>",
    "[cliquer ici](javascript:alert(4))",
    "<javascript:alert(5)>",
    "[référence][p6]\n\n[p6]: javascript:alert(6)",
    "{{ config.site_name }} {% include 'base.html' %} {# commentaire #} ${alert(7)}",
    "---\ntitle: pirate-8\n---",
    '!!! danger "pirate-9"\n    contenu',
    '{: onclick="alert(10)" } {#ancre .classe onmouseover=alert(10)}',
    '<div markdown="1" onmouseover="alert(11)">*gras*</div>',
    "*[HTML]: Hyper Text pirate-12",
    '[TOC] --8<-- "/etc/passwd" :material-alert: [^1] ==marque== ~~barré~~ $$x$$',
    "&lt;script&gt;alert(14)&lt;/script&gt; &amp; &#60;b&#62; &copy;",
    '"><script>alert(15)</script><a title="',
    "' onmouseover='alert(16)' data-x='",
    "</textarea></title></style><script>alert(17)</script>",
    "<!-- commentaire --> <![CDATA[ x ]]>",
    "| a | b |\n|---|---|\n| <b>1</b> | 2 |",
    "# Titre pirate-20\n1. liste\n- puce\n> citation",
    "<a href=\"javascript:alert(21)\">lien</a> <a href='data:text/html,<script>alert(21)</script>'>d</a>",
    '<iframe src="/pirate-22.html"></iframe><object data="/pirate-22.swf"></object>',
    "<style>@import '/pirate-23.css'; body{display:none}</style>",
    '![image](/pirate-24.png "titre") ![x](x" onerror="alert(24))',
    "\\<script\\>alert(25)\\</script\\> \\\\ \\* \\`",
    "`<script>alert(26)</script>` ```js\nalert(26)\n```",
    "<details open ontoggle=alert(27)><summary>x</summary></details>",
    '<a href="/pirate-28" target="_blank">x</a> <base href="/pirate-28/">',
    '<math><mi xlink:href="javascript:alert(29)">x</mi></math>',
    '<input autofocus onfocus="alert(30)"> <button formaction="javascript:alert(30)">b</button>',
    "<<script>alert(31)//<</script>",
    "<scr<script>ipt>alert(32)</script>",
    '<meta http-equiv="refresh" content="0;url=/pirate-33">',
    "<link rel=stylesheet href=/pirate-34.css>",
    "https://pirate.example/35 www.pirate.example <https://pirate.example/35>",
    "pirate-36 : « guillemets » ; point-virgule ! exclamation ? question",
]


@dataclass
class Hostile:
    """A referential folder with a payload in every field that accepts text, and what the others said."""

    folder: Path
    placed: dict[str, dict[str, str]] = field(default_factory=dict)  # file → YAML path → the text placed
    refused: list[Problem] = field(default_factory=list)


def _leaves(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [leaf for key, value in node.items() for leaf in _leaves(value, (*prefix, key))]
    if isinstance(node, list):
        return [leaf for i, value in enumerate(node) for leaf in _leaves(value, (*prefix, i))]
    return [prefix] if isinstance(node, str) else []


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def hostile_referential(source: Path, folder: Path) -> Hostile:
    """Copy a referential folder, putting a numbered payload in every string value; restore the values refused."""
    shutil.copytree(source, folder)
    result = Hostile(folder)
    originals: dict[str, Any] = {}
    data: dict[str, Any] = {}
    paths: dict[str, dict[str, tuple[Any, ...]]] = {}
    n = 0
    for file in sorted(folder.glob("*.yaml")):
        original = read_yaml(file.read_text("utf-8"), file.name)[0]
        originals[file.name] = original
        data[file.name] = copy.deepcopy(original)
        paths[file.name] = {}
        result.placed[file.name] = {}
        for leaf in _leaves(original):
            if "forms" in leaf:
                continue  # the forms stay, so that the texts (which keep their words) link the glossary
            n += 1
            text = f"{PAYLOADS[n % len(PAYLOADS)]} ¶{n} {_get(original, leaf)}"
            _set(data[file.name], leaf, text)
            paths[file.name][path_to_str(leaf)] = leaf
            result.placed[file.name][path_to_str(leaf)] = text
    for _ in range(10):
        for name, content in data.items():
            (folder / name).write_text(
                yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
            )
        try:
            load_referential(folder, folder.parent)
            return result
        except ReferentialError as error:
            restored = 0
            for problem in error.problems:
                name = Path(problem.file).name
                leaf = _refused_leaf(paths[name], problem.path)
                if leaf is not None and path_to_str(leaf) in result.placed[name]:
                    _set(data[name], leaf, _get(originals[name], leaf))
                    del result.placed[name][path_to_str(leaf)]
                    result.refused.append(problem)
                    restored += 1
            if not restored:
                raise
    raise AssertionError("payloads still refused after 10 rounds")


def _refused_leaf(paths: dict[str, tuple[Any, ...]], where: str) -> tuple[Any, ...] | None:
    """The payloaded value a problem points at: itself, or the value under it (a reference's id)."""
    if where in paths:
        return paths[where]
    below = [p for key, p in paths.items() if key.startswith(where + ".") or key.startswith(where + "[")]
    return below[0] if len(below) == 1 else None

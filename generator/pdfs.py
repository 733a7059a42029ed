"""PDFs from standalone HTML documents: one WeasyPrint call, a cache keyed by content, and a process pool.

A PDF depends on its HTML document (the stylesheet is inlined), the fonts of generator/assets/fonts, this
module's WeasyPrint options, and the libraries that lay out and write it (Python packages, and Pango,
HarfBuzz, fontconfig and FreeType on the system). Its cache key digests all of that, so a build renders only
the PDFs whose document changed (editing one certification of a catalogue re-renders that certification's
PDFs), and a cached PDF is byte for byte the one a fresh render would give.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache
from importlib import metadata, resources
from multiprocessing import get_context
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

# The Python packages that turn HTML into PDF bytes: a new version may change the bytes.
ENGINE = ("weasyprint", "pydyf", "fonttools", "tinycss2", "tinyhtml5", "cssselect2", "pyphen", "pillow")
# The system libraries WeasyPrint loads for text: their files are part of the key (Linux).
SYSTEM_LIBRARIES = re.compile(r"/lib(pango|harfbuzz|fontconfig|freetype)[^/]*\.so[^/]*$")
# Below this many PDFs to render, starting worker processes costs more than it saves.
POOL_MIN = 4
# A cached PDF older than this (since it was written) is removed by a build that does not use it.
KEEP_UNUSED = 24 * 3600
_rendered_here = False  # whether this process has laid out a PDF itself (then it no longer forks: see _context)


def html_to_pdf(html: str) -> bytes:
    """Turn a standalone HTML document into a tagged PDF with form fields, identical from one build to the next."""
    from weasyprint import HTML  # heavy: imported only when PDFs are rendered

    global _rendered_here
    _rendered_here = True
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    with resources.as_file(resources.files("generator").joinpath("assets")) as folder:
        # The base URL lets the stylesheets find the small fonts shipped in generator/assets/fonts.
        document: Any = HTML(string=html, base_url=folder.as_uri() + "/")
        return bytes(document.write_pdf(pdf_forms=True, pdf_tags=True, pdf_identifier=identifier))


def _system_libraries() -> list[str]:
    """Name the text libraries WeasyPrint loaded, with their Pango version and, on Linux, their files' identity."""
    from weasyprint.text.ffi import pango  # loads the libraries, lays nothing out

    found = [f"pango={pango.pango_version()}"]
    try:
        maps = Path("/proc/self/maps").read_text("utf-8", errors="replace")
    except OSError:  # not Linux: the Pango version stands for the rest
        return found
    for path in sorted({line.split(maxsplit=5)[-1] for line in maps.splitlines() if SYSTEM_LIBRARIES.search(line)}):
        try:
            stat = os.stat(path)
        except OSError:
            continue
        found.append(f"{os.path.realpath(path)}:{stat.st_size}:{stat.st_mtime_ns}")
    return found


@lru_cache(maxsize=1)
def _engine_digest() -> bytes:
    digest = hashlib.sha256()
    for package in ENGINE:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "?"
        digest.update(f"{package}={version}\0".encode())
    for library in _system_libraries():
        digest.update(library.encode() + b"\0")
    digest.update(Path(__file__).read_bytes())  # the WeasyPrint options of html_to_pdf
    fonts = resources.files("generator").joinpath("assets", "fonts")
    with resources.as_file(fonts) as folder:
        for path in sorted(p for p in Path(folder).iterdir() if p.is_file()):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def cache_key(html: str) -> str:
    """Digest what a PDF's bytes depend on: its document, the fonts, this module, the libraries' versions."""
    return hashlib.sha256(_engine_digest() + html.encode()).hexdigest()


def _read(folder: Path, key: str) -> bytes | None:
    try:
        data = (folder / f"{key}.pdf").read_bytes()
    except OSError:
        return None
    return data if data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF") else None


def _write(folder: Path, key: str, data: bytes) -> None:
    # Atomic: a build running beside this one reads a whole PDF or none. Failures only cost a later re-render.
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(tmp, folder / f"{key}.pdf")
    except OSError:
        pass


def _prune(folder: Path, keep: set[str]) -> None:
    """Remove the cached PDFs this build does not use, once a day old: the cache follows the site, not its past.

    Entries another build is writing or has just written are young, so two builds sharing the folder keep theirs.
    """
    limit = time.time() - KEEP_UNUSED
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for path in entries:
        if path.suffix not in (".pdf", ".tmp") or path.stem in keep:
            continue
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:  # gone already, or open elsewhere (Windows)
            continue


def workers() -> int:
    """Return the number of processes for rendering: the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _context() -> BaseContext:
    # Forked on Linux while this process runs one thread and has laid out no PDF itself (mkdocs build): no
    # re-import, and a script calling the generator needs no `if __name__ == "__main__"` guard. Spawned otherwise:
    # a fork copies the locks that other threads hold (mkdocs serve runs threads; Pango may have some of its own).
    if sys.platform == "linux" and threading.active_count() == 1 and not _rendered_here:
        return get_context("fork")
    return get_context("spawn")


def _render(documents: Mapping[str, str], paths: list[str], jobs: int) -> Iterator[tuple[str, bytes]]:
    """Yield each path with its PDF as soon as it is made, in worker processes when there are enough."""
    count = min(jobs, len(paths))
    done = 0
    if count > 1 and len(paths) >= POOL_MIN:
        chunk = max(1, min(8, len(paths) // (count * 4)))
        pool = ProcessPoolExecutor(count, mp_context=_context())
        try:
            rendered = pool.map(html_to_pdf, [documents[p] for p in paths], chunksize=chunk)
            for path, pdf in zip(paths, rendered, strict=True):
                yield path, pdf
                done += 1
        except BrokenProcessPool:
            pass  # a worker was killed (out of memory, a signal): what remains is made in this process
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    for path in paths[done:]:
        yield path, html_to_pdf(documents[path])


def render_pdfs(
    documents: Mapping[str, str], *, cache: Path | None = None, jobs: int | None = None
) -> dict[str, bytes]:
    """Render each standalone HTML document (keyed by its path in the site) to PDF.

    With `cache`, a document already rendered comes from that folder, and each new PDF goes there as soon as it
    is made (a build stopped halfway keeps what it made). The others render in `jobs` processes (default: one
    per core).
    """
    keys = {path: cache_key(html) for path, html in documents.items()}
    out: dict[str, bytes] = {}
    if cache is not None:
        for path, key in keys.items():
            hit = _read(cache, key)
            if hit is not None:
                out[path] = hit
    missing = [path for path in documents if path not in out]
    for path, pdf in _render(documents, missing, jobs or workers()):
        out[path] = pdf
        if cache is not None:
            _write(cache, keys[path], pdf)
    if cache is not None:
        _prune(cache, set(keys.values()))
    return {path: out[path] for path in documents}

"""PDFs from standalone HTML documents: one WeasyPrint call, a cache keyed by content, and a process pool.

A PDF depends only on its HTML document (the stylesheet is inlined), the fonts of generator/assets and
the versions of the PDF libraries. Its cache key digests exactly that, so a build renders only the PDFs
whose document changed: editing one certification of a catalogue re-renders that certification's PDFs.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from importlib import metadata, resources
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

# The libraries that turn HTML into PDF bytes: a new version may change the bytes.
ENGINE = ("weasyprint", "pydyf", "fonttools", "tinycss2", "tinyhtml5", "cssselect2", "pyphen", "pillow")
# Below this many PDFs to render, starting worker processes costs more than it saves.
POOL_MIN = 4


def html_to_pdf(html: str) -> bytes:
    """Turn a standalone HTML document into a tagged PDF with form fields, identical from one build to the next."""
    from weasyprint import HTML  # heavy: imported only when PDFs are rendered

    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    with resources.as_file(resources.files("generator").joinpath("assets")) as folder:
        # The base URL lets the stylesheets find the small fonts shipped in generator/assets/fonts.
        document: Any = HTML(string=html, base_url=folder.as_uri() + "/")
        return bytes(document.write_pdf(pdf_forms=True, pdf_tags=True, pdf_identifier=identifier))


@lru_cache(maxsize=1)
def _engine_digest() -> bytes:
    digest = hashlib.sha256()
    for package in ENGINE:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "?"
        digest.update(f"{package}={version}\0".encode())
    assets = resources.files("generator").joinpath("assets")
    with resources.as_file(assets) as folder:
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def cache_key(html: str) -> str:
    """Digest what a PDF's bytes depend on: its document, the fonts and stylesheets, the PDF libraries' versions."""
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
    """Remove the cached PDFs this build did not use, so that the cache holds one site's PDFs, not every past one."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for path in entries:
        if path.suffix in (".pdf", ".tmp") and path.stem not in keep:
            path.unlink(missing_ok=True)


def workers() -> int:
    """Return the number of processes for rendering: the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _context() -> BaseContext:
    # Forked when this process runs one thread (mkdocs build): no re-import, and a script calling the generator
    # needs no `if __name__ == "__main__"` guard. Spawned otherwise (mkdocs serve runs threads, and a fork would
    # copy locks they hold).
    if threading.active_count() == 1 and "fork" in get_all_start_methods():
        return get_context("fork")
    return get_context("spawn")


def render_pdfs(
    documents: Mapping[str, str], *, cache: Path | None = None, jobs: int | None = None
) -> dict[str, bytes]:
    """Render each standalone HTML document (keyed by its path in the site) to PDF.

    With `cache`, a document already rendered comes from that folder, and the folder keeps only this call's
    PDFs afterwards. The others render in `jobs` processes (default: one per core).
    """
    keys = {path: cache_key(html) for path, html in documents.items()}
    out: dict[str, bytes] = {}
    if cache is not None:
        for path, key in keys.items():
            hit = _read(cache, key)
            if hit is not None:
                out[path] = hit
    missing = [path for path in documents if path not in out]
    count = min(jobs or workers(), len(missing))
    if count > 1 and len(missing) >= POOL_MIN:
        with ProcessPoolExecutor(count, mp_context=_context()) as pool:
            chunk = max(1, min(8, len(missing) // (count * 4)))
            rendered = pool.map(html_to_pdf, [documents[p] for p in missing], chunksize=chunk)
            out.update(zip(missing, rendered, strict=True))
    else:
        out.update((path, html_to_pdf(documents[path])) for path in missing)
    if cache is not None:
        for path in missing:
            _write(cache, keys[path], out[path])
        _prune(cache, set(keys.values()))
    return {path: out[path] for path in documents}

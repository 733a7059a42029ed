"""Benchmarks, run on demand (make bench): build time against a plain MkDocs build, a first visit's weight,
and the time to render each self-assessment PDF.

Prints figures; asserts nothing. Targets: build time ratio <= 1.15; first visit of the home page <= 250 KB
transferred (gzip, as GitHub Pages serves it) with zero requests to another host; each PDF in under 1 s.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import load_referential, navigation  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.webserver import serve  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def plain_project(work: Path) -> Path:
    """The same pages as plain Markdown files, built by MkDocs without the generator's plugin."""
    docs = work / "docs"
    subprocess.run(
        [sys.executable, "-m", "generator", "build", "--out", str(docs)],
        check=True,
        cwd=ROOT,
        env=ENV,
        capture_output=True,
    )
    for item in (ROOT / "docs").iterdir():
        target = docs / item.name
        shutil.copytree(item, target, dirs_exist_ok=True) if item.is_dir() else shutil.copy2(item, target)
    from mkdocs.utils.yaml import yaml_load  # mkdocs.yml uses !ENV

    with (ROOT / "mkdocs.yml").open("rb") as handle:
        config = yaml_load(handle)
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "referentiel" in p)]
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    written = sorted(str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md"))
    referential = load_referential(ROOT / "referential", ROOT, curricula=ROOT / "curricula")
    config["nav"] = [*navigation(referential), *written]
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return work / "mkdocs.yml"


def build_seconds(config: Path, site: Path, *, cold: bool = False) -> float:
    if cold:  # forget the rendered pages: the plugin loads, validates and renders everything again
        shutil.rmtree(config.parent / ".cache" / "referentiel", ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)],
        check=True,
        env=ENV,
        capture_output=True,
    )
    return time.perf_counter() - start


def bench_build(work: Path) -> Path:
    plain = plain_project(work / "plain")
    warm, cold, plain_times = [], [], []
    for _ in range(RUNS):  # alternate, so that all three see the same machine load
        cold.append(build_seconds(ROOT / "mkdocs.yml", work / "site", cold=True))
        warm.append(build_seconds(ROOT / "mkdocs.yml", work / "site"))
        plain_times.append(build_seconds(plain, work / "plain-site"))

    def line(label: str, times: list[float]) -> None:
        ratio = statistics.median(a / b for a, b in zip(times, plain_times, strict=True))
        print(
            f"  {label:<44} median {statistics.median(times):.3f} s (min {min(times):.3f}, "
            f"max {max(times):.3f})   ratio {ratio:.3f}"
        )

    print(f"Build ({RUNS} runs each, alternated; whole `mkdocs build --strict` process; ratio = median of run pairs):")
    line("plain MkDocs, same pages written by build --out", plain_times)
    line("plugin, inputs unchanged (page cache hit)", warm)
    line("plugin, first build (load, validate, render)", cold)
    print("  target: ratio <= 1.15")
    return work / "site"


def bench_first_visit(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    with serve(site, compress=True) as (base, log), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        urls: list[str] = []
        page.on("request", lambda r: urls.append(r.url))
        page.goto(base)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        browser.close()
    host = urlsplit(base).netloc
    foreign = [u for u in urls if urlsplit(u).netloc != host and not u.startswith(("data:", "blob:"))]
    total = sum(n for _, n in log)
    print("First visit of the home page (empty cache, gzip like GitHub Pages, phone viewport):")
    for path, n in sorted(log, key=lambda x: -x[1]):
        print(f"  {n / 1000:8.1f} kB  {path}")
    print(
        f"  total {total / 1000:.1f} kB in {len(log)} responses (bodies; headers add ~0.2 kB each)   (target <= 250 kB)"
    )
    print(f"  requests to another host: {len(foreign)}   (target 0){'  ' + str(foreign) if foreign else ''}")


def bench_pdfs() -> None:
    from datetime import date

    from generator.grids import grids_for, render_pdf

    cert = load_referential(ROOT / "referential", ROOT).certifications[0]
    start = time.perf_counter()
    import weasyprint  # noqa: F401

    print(f"Grid PDFs (WeasyPrint; import once: {time.perf_counter() - start:.2f} s; {RUNS} renders each):")
    for grid in grids_for(cert):
        times, size = [], 0
        for _ in range(RUNS):
            start = time.perf_counter()
            size = len(render_pdf(grid, date(2026, 11, 24)))
            times.append(time.perf_counter() - start)
        print(
            f"  {grid.pdf_path:<32} median {statistics.median(times):.3f} s (max {max(times):.3f})"
            f"  {size / 1000:.0f} kB   (target < 1 s)"
        )


def bench_offline(work: Path) -> None:
    """Size of the offline zip (make offline), which people copy to a USB stick or download once."""
    import zipfile

    site, target = work / "hors-ligne", work / "referentiel-hors-ligne.zip"
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
        check=True,
        env={**ENV, "OFFLINE": "true"},
        capture_output=True,
    )
    subprocess.run([sys.executable, "-m", "generator", "zip", str(site), str(target)], check=True, capture_output=True)
    seconds = time.perf_counter() - start
    with zipfile.ZipFile(target) as archive:
        infos = archive.infolist()
    unpacked = sum(i.file_size for i in infos)
    print("Offline zip (make offline):")
    print(
        f"  {target.stat().st_size / 1000:.1f} kB zipped, {unpacked / 1000:.1f} kB unpacked, {len(infos)} files, "
        f"built and zipped in {seconds:.2f} s"
    )


def bench_paths() -> None:
    from datetime import date

    from generator.curriculum import coverage, matrix_csv, matrix_xlsx
    from generator.forms import avis_forms, dossier_forms, memo_html, memo_pdf_path, render_form_pdf
    from generator.grids import grids_for
    from generator.pdfs import html_to_pdf

    referential = load_referential(ROOT / "referential", ROOT, curricula=ROOT / "curricula")
    cert = referential.certifications[0]
    today = date(2026, 11, 24)
    grids = grids_for(cert)
    jobs = [(f.pdf_path, lambda f=f: render_form_pdf(f, today)) for f in (*dossier_forms(grids), *avis_forms(grids))]
    if cert.guidance.tutor is not None:
        tutor = cert.guidance.tutor
        jobs.append((memo_pdf_path(cert), lambda: html_to_pdf(memo_html(cert, tutor, grids[0], today))))
    for cf in referential.curricula:
        cov = coverage(cf, cert)
        jobs.append((f"{cf.id}-couverture.xlsx", lambda cov=cov: matrix_xlsx(cov, today)))
        jobs.append((f"{cf.id}-couverture.csv", lambda cov=cov: matrix_csv(cov)))
    print(f"Paths' files (forms' PDFs, memo, coverage exports; {RUNS} renders each):")
    for name, job in jobs:
        times, size = [], 0
        for _ in range(RUNS):
            start = time.perf_counter()
            size = len(job())
            times.append(time.perf_counter() - start)
        print(
            f"  {name:<48} median {statistics.median(times):.3f} s (max {max(times):.3f})"
            f"  {size / 1000:.0f} kB   (target < 1 s)"
        )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = bench_build(Path(tmp))
        bench_first_visit(site)
        bench_offline(Path(tmp))
    bench_pdfs()
    bench_paths()


if __name__ == "__main__":
    main()

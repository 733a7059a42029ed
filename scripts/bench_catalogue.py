"""Benchmark of catalogues (make bench-catalogue): N = 10, 100, 1,000 certifications, plugin against plain MkDocs.

For each N and each source of certifications (imported: the 12 real sample fiches of France Compétences'
export, renumbered and run through import-rncp; synthetic: RNCP 21806 renumbered), it builds the site with
the plugin (option `pdf: false`, as a large catalogue is configured) and a plain MkDocs Material build of the
same pages, and prints: build time, output size, median and largest page, and the search payload a visitor
downloads for one typed query (real Chromium, gzip as GitHub Pages serves). Up to BENCH_PDF_MAX certifications
it also builds with the PDFs (about 15 per certification): cold, with an empty PDF cache, then again after
editing one fiche, as a maintainer does. Then the importer: time and peak memory on exports of growing size.

Prints figures; asserts nothing. Targets (issue 6): build time linear in N and at most 1.2x the plain build;
median page at N = 1,000 no larger than at N = 10; search payload per query under 1 MB at N = 1,000; memory
of the import flat as the export grows.
Settings: BENCH_SIZES (default 10,100,1000), BENCH_SOURCES (imported,synthetic), BENCH_PLAIN_TIMEOUT (s,
default 1800), BENCH_PLAIN_MAX_GB (skip a plain build projected larger than this, default 30),
BENCH_IMPORT_MB (export sizes for the importer, default 60,300), BENCH_PDF_MAX (largest N built with PDFs,
default 100).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import load_referential, navigation  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, SHARED  # noqa: E402
from tests.webserver import serve  # noqa: E402

EXPORT = SHARED / "samples" / "rncp-export" / "export_fiches_RNCP_fixture.xml"
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "10,100,1000").split(",")]
SOURCES = os.environ.get("BENCH_SOURCES", "imported,synthetic").split(",")
PLAIN_TIMEOUT = int(os.environ.get("BENCH_PLAIN_TIMEOUT", "1800"))
PLAIN_MAX = float(os.environ.get("BENCH_PLAIN_MAX_GB", "30")) * 1e9
IMPORT_MB = [int(n) for n in os.environ.get("BENCH_IMPORT_MB", "60,300").split(",")]
PDF_MAX = int(os.environ.get("BENCH_PDF_MAX", "100"))
QUERY = "évaluation"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795478400"}


def renumbered_export(path: Path, count: int) -> Path:
    """Write an export of `count` fiches: the sample's 12, repeated with new RNCP numbers."""
    text = EXPORT.read_text("utf-8")
    start, end = text.index("<FICHE>"), text.rindex("</FICHE>") + len("</FICHE>")
    fiches = re.findall(r"<FICHE>.*?</FICHE>", text[start:end], re.S)
    numbers: dict[tuple[int, str], int] = {}  # (copy, original number) -> a new number, one to one

    def renumber(match: re.Match[str], copy: int) -> str:
        key = (copy, match.group(1))
        return f"RNCP{numbers.setdefault(key, 100_000 + len(numbers))}"

    with path.open("w", encoding="utf-8") as out:
        out.write(text[:start])
        for i in range(count):
            copy = i // len(fiches)
            out.write(re.sub(r"RNCP(\d+)", lambda m, c=copy: renumber(m, c), fiches[i % len(fiches)]))
        out.write(text[end:])
    return path


def imported(folder: Path, n: int, work: Path) -> None:
    from generator.rncp_import import import_export

    report = import_export(renumbered_export(work / f"export-{n}.xml", n), folder)
    assert report.ok, report.text()[-2000:]


def synthetic(folder: Path, n: int, work: Path) -> None:
    text = (ROOT / "referential" / "rncp-21806.yaml").read_text("utf-8")
    for i in range(n):
        number = 700_000 + i
        (folder / f"rncp-{number}.yaml").write_text(
            text.replace("RNCP21806", f"RNCP{number}")
            .replace("21806", str(number))
            .replace(
                "title: Concepteur modélisateur numérique de produits ou de systèmes mécaniques",
                f"title: Concepteur modélisateur numérique de produits ou de systèmes mécaniques, variante {i + 1}",
            ),
            "utf-8",
        )


def project(work: Path, referential: Path, *, plain: bool, pdf: bool = False) -> Path:
    """A site project: the repository's configuration, theme and docs, with this referential."""
    work.mkdir(parents=True)
    shutil.copytree(ROOT / "overrides", work / "overrides")
    from mkdocs.utils.yaml import yaml_load  # mkdocs.yml uses !ENV

    with (ROOT / "mkdocs.yml").open("rb") as handle:
        config = yaml_load(handle)
    if plain:  # the same pages as Markdown files, MkDocs Material alone
        docs = work / "docs"
        no_curricula = work / "sans-programme"  # the repository's example curriculum names RNCP 21806
        no_curricula.mkdir()
        command = [sys.executable, "-m", "generator", "build", "--out", str(docs), "--referential", str(referential)]
        command.append("--pdf" if pdf else "--no-pdf")
        subprocess.run(
            [*command, "--curricula", str(no_curricula)],
            check=True,
            cwd=ROOT,
            env=ENV,
            capture_output=True,
        )
        for item in (ROOT / "docs").iterdir():
            target = docs / item.name
            shutil.copytree(item, target, dirs_exist_ok=True) if item.is_dir() else shutil.copy2(item, target)
        config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "referentiel" in p)]
        written = sorted(str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md"))
        config["nav"] = [*navigation(load_referential(referential, referential.parent)), *written]
    else:
        shutil.copytree(ROOT / "docs", work / "docs")
        for plugin in config["plugins"]:
            if isinstance(plugin, dict) and "referentiel" in plugin:
                plugin["referentiel"]["referential"] = str(referential)
                plugin["referentiel"]["pdf"] = pdf
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return work / "mkdocs.yml"


# `mkdocs build`, reporting its peak memory (RSS) on stderr when it exits.
# Peak memory of this process since exec (VmHWM): ru_maxrss would count the parent's memory at fork.
HWM = "(lambda: int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0]))"
MKDOCS = (
    f"import atexit, sys; HWM = {HWM};"
    "atexit.register(lambda: print('RSS', HWM(), file=sys.stderr));"
    "sys.argv[0] = 'mkdocs'; from mkdocs.__main__ import cli; cli()"
)
RSS: dict[Path, int] = {}


def build(config: Path, site: Path, timeout: float | None = None) -> float | None:
    start = time.perf_counter()
    try:
        result = subprocess.run(
            [sys.executable, "-c", MKDOCS, "build", "--strict", "-q", "-f", str(config), "-d", str(site)],
            env=ENV,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return None
    if result.returncode != 0:
        raise SystemExit(f"build failed: {config}\n{result.stderr[-3000:]}")
    found = re.findall(r"^RSS (\d+)$", result.stderr, re.M)
    RSS[site] = int(found[-1]) * 1000 if found else 0
    return time.perf_counter() - start


def measure(site: Path) -> dict[str, float]:
    sizes = [p.stat().st_size for p in site.rglob("*.html")]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {
        "pages": len(sizes),
        "output": total,
        "median": statistics.median(sizes),
        "largest": max(sizes),
    }


def search_payload(site: Path, page: str) -> int:
    """Bytes a visitor downloads for search: from opening a page to the results of one typed query."""
    from playwright.sync_api import sync_playwright

    with serve(site, compress=True) as (base, log), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page()
        tab.goto(base + page)
        tab.wait_for_load_state("networkidle")
        tab.locator(".md-search__input").click()
        tab.locator(".md-search__input").press_sequentially(QUERY, delay=60)
        meta = tab.locator(".md-search-result__meta")
        tab.wait_for_function(
            "el => !/Taper pour|Initialisation/.test(el.textContent)", arg=meta.element_handle(), timeout=120_000
        )
        tab.wait_for_load_state("networkidle")
        found = meta.inner_text()
        browser.close()
    payload = sum(n for path, n in log if re.search(r"search|pagefind|workers|lunr", path))
    print(f"      query « {QUERY} » on /{page}: {found.strip()}")
    return payload


def kb(n: float) -> str:
    return f"{n / 1000:,.1f} kB".replace(",", " ")


def mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB".replace(",", " ")


def edit_one_fiche(referential: Path) -> None:
    """Change the title of one certification, as a maintainer fixing a typo does."""
    first = sorted(referential.glob("rncp-*.yaml"))[0]
    text = first.read_text("utf-8")
    line = re.search(r"^  title: (.+)$", text, re.M)
    assert line, first
    first.write_text(text[: line.end()] + " (édition)" + text[line.end() :], "utf-8")


def bench_pdfs(base: Path, referential: Path, n: int, plain_s: float | None) -> dict[str, Any]:
    """Build with the PDFs: cold (empty PDF cache), then after editing one fiche (the PDF cache kept)."""
    ours = base / "site-pdf"
    config = project(base / "ours-pdf", referential, plain=False, pdf=True)
    cold = build(config, ours)
    assert cold is not None
    files = measure(ours)
    pdfs = list(ours.rglob("*.pdf"))
    edit_one_fiche(referential)
    edited = build(config, ours)
    assert edited is not None
    row = {"cold": cold, "edited": edited, "pdfs": len(pdfs), "output": files["output"], "plain_s": plain_s}
    print(f"   plugin with PDFs: cold {cold:.1f} s ({len(pdfs)} PDFs), one fiche edited {edited:.1f} s", flush=True)
    shutil.rmtree(base / "ours-pdf", ignore_errors=True)
    shutil.rmtree(ours, ignore_errors=True)
    return row


def bench_sites(work: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    entry_bytes: float | None = None  # what one navigation entry costs a plain page, measured at the first N
    for source in SOURCES:
        for n in SIZES:
            print(f"\n== {source}, N = {n}", flush=True)
            base = work / f"{source}-{n}"
            referential = base / "referential"
            referential.mkdir(parents=True)
            shutil.copy2(ROOT / "referential" / "glossaire.yaml", referential)
            start = time.perf_counter()
            (imported if source == "imported" else synthetic)(referential, n, base)
            print(f"   referential written in {time.perf_counter() - start:.1f} s", flush=True)
            ours = base / "site"
            seconds = build(project(base / "ours", referential, plain=False), ours)
            row: dict[str, Any] = {"source": source, "n": n, "ours": measure(ours), "ours_s": seconds}
            row["ours"]["rss"] = RSS.get(ours, 0)
            first = next(p for p in sorted(ours.glob("rncp*/capacites/index.html")))
            # The same page of the same certification at every N: its weight must not depend on N.
            row["ours"]["same"] = (first.parent / "c1" / "index.html").stat().st_size
            row["ours_search"] = search_payload(ours, first.parent.relative_to(ours).as_posix() + "/")
            pages = row["ours"]["pages"]
            print(f"   plugin: {seconds:.1f} s, {pages} pages, {mb(row['ours']['output'])}", flush=True)
            shutil.rmtree(base / "ours", ignore_errors=True)
            shutil.rmtree(ours, ignore_errors=True)
            projected = pages * pages * entry_bytes if entry_bytes else 0
            if projected > PLAIN_MAX:
                row["plain_note"] = f"not run: projected output {projected / 1e9:,.0f} GB"
                print(f"   plain: {row['plain_note']}", flush=True)
            else:
                plain = base / "plain-site"
                plain_s = build(project(base / "plain", referential, plain=True), plain, PLAIN_TIMEOUT)
                if plain_s is None:
                    row["plain_note"] = f"stopped after {PLAIN_TIMEOUT} s"
                    print(f"   plain: {row['plain_note']}", flush=True)
                else:
                    row["plain"], row["plain_s"] = measure(plain), plain_s
                    row["plain"]["rss"] = RSS.get(plain, 0)
                    same = plain / first.relative_to(ours).parent / "c1" / "index.html"
                    row["plain"]["same"] = same.stat().st_size
                    row["plain_search"] = search_payload(plain, first.parent.relative_to(ours).as_posix() + "/")
                    per_entry = (row["plain"]["median"] - row["ours"]["median"]) / max(pages, 1)
                    entry_bytes = max(entry_bytes or 0, per_entry)
                    print(f"   plain: {plain_s:.1f} s, {mb(row['plain']['output'])}", flush=True)
                shutil.rmtree(base / "plain", ignore_errors=True)
                shutil.rmtree(plain, ignore_errors=True)
            if n <= PDF_MAX:
                row["pdf"] = bench_pdfs(base, referential, n, row.get("plain_s"))
            shutil.rmtree(base, ignore_errors=True)
            rows.append(row)
    return rows


def print_sites(rows: list[dict[str, Any]]) -> None:
    print(
        "\nCatalogue builds (whole `mkdocs build --strict` process, cold cache; plugin with `pdf: false`;"
        " plain = the same pages, no plugin):"
    )
    head = (
        f"{'source':<10}{'N':>6}{'pages':>8}  {'build plugin':>12}{'plain':>10}{'ratio':>7}{'s/cert':>8}  "
        f"{'output':>10}{'plain':>11}  {'median page':>12}{'plain':>11}  {'same page':>10}{'plain':>11}  "
        f"{'largest':>10}{'plain':>11}  "
        f"{'search/query':>13}{'plain':>11}  {'peak RSS':>9}{'plain':>10}"
    )
    print(head)
    for r in rows:
        o, p = r["ours"], r.get("plain")
        ratio = f"{r['ours_s'] / r['plain_s']:.2f}" if p else "—"
        print(
            f"{r['source']:<10}{r['n']:>6}{o['pages']:>8}  {r['ours_s']:>10.1f} s"
            f"{(str(round(r['plain_s'], 1)) + ' s') if p else '—':>10}{ratio:>7}{r['ours_s'] / r['n']:>8.3f}  "
            f"{mb(o['output']):>10}{mb(p['output']) if p else '—':>11}  {kb(o['median']):>12}"
            f"{kb(p['median']) if p else '—':>11}  {kb(o['same']):>10}{kb(p['same']) if p else '—':>11}  "
            f"{kb(o['largest']):>10}{kb(p['largest']) if p else '—':>11}  "
            f"{kb(r['ours_search']):>13}{kb(r['plain_search']) if p else '—':>11}  "
            f"{mb(o['rss']):>9}{mb(p['rss']) if p else '—':>10}"
        )
        if not p:
            print(f"{'':<16}plain: {r.get('plain_note')}")
    print(
        "  targets: ratio <= 1.2 at each N; s/cert flat (linear build); median page at the largest N <= at the"
        " smallest; search/query < 1 MB at N = 1,000 (gzip bytes of search files, from page load to results)\n"
        "  same page = capacites/c1/ of the first certification, the same in every catalogue; from N = 100 on,"
        " the largest page is the catalogue itself (one row per certification)"
    )
    with_pdfs = [r for r in rows if "pdf" in r]
    if not with_pdfs:
        return
    print(
        "\nThe same catalogues with their PDFs (plugin default `pdf: true`; the PDF cache in .cache/referentiel/pdf):"
    )
    print(
        f"{'source':<10}{'N':>6}{'PDFs':>7}  {'cold':>9}{'s/PDF':>7}{'vs plain':>9}  {'1 fiche edited':>14}"
        f"{'vs plain':>9}  {'output':>10}"
    )
    for r in with_pdfs:
        d = r["pdf"]
        plain = d["plain_s"]
        cold_ratio = f"{d['cold'] / plain:.2f}" if plain else "—"
        edited_ratio = f"{d['edited'] / plain:.2f}" if plain else "—"
        print(
            f"{r['source']:<10}{r['n']:>6}{d['pdfs']:>7}  {d['cold']:>7.1f} s{d['cold'] / d['pdfs']:>7.2f}"
            f"{cold_ratio:>9}  {d['edited']:>12.1f} s{edited_ratio:>9}  {mb(d['output']):>10}"
        )
    print(
        "  cold: empty caches, every PDF rendered (one process per core); 1 fiche edited: one certification's title"
        " changed, its PDFs rendered again, the others read from the cache; vs plain: against the plain build of the"
        " pages, which has no PDF to make"
    )


IMPORT = (
    f"import sys; from generator.cli import main; HWM = {HWM};"
    "rc = main(['import-rncp', sys.argv[1], '--out', sys.argv[2]]);"
    "print('RSS', HWM(), file=sys.stderr); sys.exit(rc)"
)


def bench_import(work: Path) -> None:
    print("\nImporter (python -m generator import-rncp, one process each; peak RSS = VmHWM of that process):")
    per_mb = len(re.findall("<FICHE>", EXPORT.read_text("utf-8"))) / (EXPORT.stat().st_size / 1e6)
    code = (
        f"import sys, time; from pathlib import Path; from generator.rncp_xml import iter_fiches; HWM = {HWM};"
        "t = time.perf_counter(); n = sum(1 for _ in iter_fiches(Path(sys.argv[1]), 'x'));"
        "print(n, round(time.perf_counter() - t, 1), HWM())"
    )
    for size in IMPORT_MB:
        count = max(12, int(size * per_mb))
        export = renumbered_export(work / f"export-{size}.xml", count)
        actual = export.stat().st_size
        parsed = subprocess.run(
            [sys.executable, "-c", code, str(export)], capture_output=True, text=True, cwd=ROOT, check=True
        )
        fiches, parse_s, parse_rss = parsed.stdout.split()
        out = work / f"import-{size}"
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", IMPORT, str(export), str(out)], capture_output=True, text=True, cwd=ROOT
        )
        seconds = time.perf_counter() - start
        rss = int(result.stderr.strip().splitlines()[-1].split()[-1])
        print(
            f"  export {mb(actual)}, {fiches} fiches: parse only {parse_s} s, peak RSS {int(parse_rss) / 1000:.0f} MB;"
            f" full import {seconds:.1f} s ({seconds / int(fiches) * 1000:.1f} ms/fiche), peak RSS "
            f"{rss / 1000:.0f} MB (exit {result.returncode}, {len(list(out.glob('*.yaml')))} files)"
        )
        shutil.rmtree(out, ignore_errors=True)
        export.unlink()
    print("  target: peak memory flat as the export grows (the RSS of the largest export ~ that of the smallest)")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-catalogue-") as tmp:
        work = Path(tmp)
        if os.environ.get("BENCH_SKIP_SITES") != "1":
            print_sites(bench_sites(work))
        if os.environ.get("BENCH_SKIP_IMPORT") != "1":
            bench_import(work)


if __name__ == "__main__":
    main()

"""Command line: check the referential, write its pages for any engine, regenerate schemas and data."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any

import yaml

from .build import build_date, write_pages
from .errors import Problem, ReferentialError
from .load import load_referential
from .pages import render_site
from .rome import extract_rome
from .schema import schema_files

ROOT = Path.cwd()


def _referential_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--referential", type=Path, default=Path("referential"), help="dossier des référentiels (défaut : referential)"
    )


def _check(args: argparse.Namespace) -> int:
    ref = load_referential(args.referential, ROOT)
    for cert in ref.certifications:
        print(
            f"{ref.files[cert.identity.rncp]} : {cert.identity.rncp}, {len(cert.capacities)} capacités, "
            f"{len(cert.blocs)} blocs : valide."
        )
    if ref.glossary is not None:
        print(f"Glossaire : {len(ref.glossary.terms)} termes : valide.")
    return 0


def _outside_sources(out: Path, referential: Path) -> None:
    """Refuse an output folder among the site's sources: nothing is ever written into docs/ or the referential."""
    config = _config(Path("mkdocs.yml"))
    docs = str(config.get("docs_dir") or "docs")
    target = out.resolve()
    for name, source in ((f"{docs}/", Path(docs)), ("le dossier du référentiel", referential)):
        source = source.resolve()
        if target == source or source in target.parents or target in source.parents:
            raise ReferentialError(
                [
                    Problem(
                        str(out),
                        1,
                        "",
                        "un dossier de sortie à part, hors des sources du site",
                        f"{name} lui-même"
                        if target == source
                        else f"un dossier à l’intérieur de {name}"
                        if source in target.parents
                        else f"un dossier qui contient {name}",
                        "choisir par exemple build/pages : la commande remplace tout le contenu du dossier.",
                    )
                ]
            )


def _build(args: argparse.Namespace) -> int:
    _outside_sources(args.out, args.referential)
    ref = load_referential(args.referential, ROOT)
    pages = render_site(ref, today=build_date())
    write_pages(dict(pages), args.out)
    print(f"{len(pages)} pages écrites dans {args.out}.")
    return 0


def _schema(args: argparse.Namespace) -> int:
    stale = []
    for name, content in schema_files().items():
        target = args.dir / name
        if args.check:
            if not target.is_file() or target.read_text("utf-8") != content:
                stale.append(name)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
            print(f"{target} écrit.")
    if stale:
        print(f"Schémas à régénérer ({', '.join(stale)}) : lancer « python -m generator schema ».", file=sys.stderr)
        return 1
    return 0


def _rome(args: argparse.Namespace) -> int:
    ref = load_referential(args.referential, ROOT)
    codes = sorted({r.code for cert in ref.certifications for r in cert.rome})
    data = extract_rome(args.csv, codes)
    args.output.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{args.output} : {len(data['codes'])} codes, détail de {', '.join(data['details'])}.")
    return 0


def _links(args: argparse.Namespace) -> int:
    from urllib.parse import urlsplit

    from .linkcheck import check_site, folder_fetch, site_files

    site_url = args.site_url or _site_url(args.config)
    base_path = urlsplit(site_url).path if site_url else "/"
    base_path = base_path if base_path.endswith("/") else base_path + "/"
    if not (args.site / "index.html").is_file():
        print(f"{args.site}/index.html manque : construire d’abord le site (make site).", file=sys.stderr)
        return 1
    report = check_site(
        site_files(args.site), folder_fetch(args.site, base_path), "http://localhost" + base_path, site_url=site_url
    )
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(report.markdown(), encoding="utf-8")
    for broken in report.broken:
        print(broken, file=sys.stderr)
    where = f" ; liste des liens externes : {args.report}" if args.report else ""
    print(
        f"{report.checked} liens internes vérifiés sous {base_path}, {len(report.broken)} cassé(s), "
        f"{len(report.external)} adresse(s) externe(s) non visitée(s){where}."
    )
    return 1 if report.broken else 0


def _config(config: Path) -> dict[str, Any]:
    class Tolerant(yaml.SafeLoader):
        pass

    Tolerant.add_multi_constructor("!", lambda loader, suffix, node: None)
    try:
        data = yaml.load(config.read_text("utf-8"), Loader=Tolerant)  # a SafeLoader that ignores tags
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _site_url(config: Path) -> str | None:
    value = _config(config).get("site_url")
    return value if isinstance(value, str) else None


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m generator", description="Générateur de sites de référentiels RNCP."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="commande")

    p = sub.add_parser("check", help="vérifier les fichiers du référentiel")
    _referential_arg(p)
    p.set_defaults(run=_check)

    p = sub.add_parser("build", help="écrire les pages générées dans un dossier, pour n’importe quel moteur")
    _referential_arg(p)
    p.add_argument("--out", type=Path, required=True, help="dossier de sortie (vide, ou déjà écrit par cette commande)")
    p.set_defaults(run=_build)

    p = sub.add_parser("schema", help="régénérer les schémas JSON du dossier schemas/")
    p.add_argument("--dir", type=Path, default=Path("schemas"))
    p.add_argument("--check", action="store_true", help="vérifier seulement que les schémas sont à jour")
    p.set_defaults(run=_schema)

    p = sub.add_parser("rome-extract", help="régénérer l’extrait du ROME 4.0 à partir des CSV de France Travail")
    _referential_arg(p)
    p.add_argument("csv", type=Path, help="dossier des fichiers unix_*_v460_utf8.csv")
    p.add_argument("--output", type=Path, default=Path(__file__).parent / "data" / "rome-4.0.json")
    p.set_defaults(run=_rome)

    p = sub.add_parser("links", help="vérifier les liens d’un site construit, servi sous le sous-chemin de site_url")
    p.add_argument("site", type=Path, nargs="?", default=Path("site"), help="dossier du site construit (défaut : site)")
    p.add_argument("--site-url", help="adresse de publication (défaut : site_url de mkdocs.yml)")
    p.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help=argparse.SUPPRESS)
    p.add_argument("--report", type=Path, help="fichier Markdown où lister les liens vers d’autres sites")
    p.set_defaults(run=_links)

    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except ReferentialError as exc:
        print(exc, file=sys.stderr)
        print(exc.summary, file=sys.stderr)
        return 1
    except Exception as exc:  # a bug, not bad input: say so briefly, the trace on demand
        if os.environ.get("GENERATOR_DEBUG"):
            traceback.print_exc()
        print(
            f"Erreur interne du générateur ({type(exc).__name__} : {exc}). "
            "Relancer avec GENERATOR_DEBUG=1 pour la trace, et signaler le problème.",
            file=sys.stderr,
        )
        return 2

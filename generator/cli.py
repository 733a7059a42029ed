"""Command line: check the referential, write its pages for any engine, regenerate schemas and data."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any

from . import cache
from .build import build_date, write_pages
from .errors import Problem, ReferentialError
from .load import Referential, load_referential
from .pages import render_site
from .rome import extract_rome
from .schema import schema_files

ROOT = Path.cwd()


def _referential_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--referential", type=Path, default=Path("referential"), help="dossier des référentiels (défaut : referential)"
    )


def _curricula_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--curricula",
        type=Path,
        default=None,
        help="dossier des programmes de formation (défaut : curricula, s’il existe)",
    )


def _load(args: argparse.Namespace) -> Referential:
    curricula = args.curricula
    if curricula is None and Path("curricula").is_dir():
        curricula = Path("curricula")
    return load_referential(args.referential, ROOT, curricula=curricula)


def _warn(ref: Referential) -> None:
    for warning in ref.warnings:
        print(f"Avertissement : {warning}", file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
    ref = _load(args)
    for cert in ref.certifications:
        print(
            f"{ref.files[cert.identity.rncp]} : {cert.identity.rncp}, {len(cert.capacities)} capacités, "
            f"{len(cert.blocs)} blocs : valide."
        )
    if ref.glossary is not None:
        print(f"Glossaire : {len(ref.glossary.terms)} termes : valide.")
    for cf in ref.curricula:
        cur = cf.curriculum
        print(
            f"{cf.display} : programme{' d’exemple' if cur.example else ''} pour {cur.certification}, "
            f"{len(cur.modules)} modules : valide."
        )
    _warn(ref)
    if ref.warnings and args.strict:
        n = len(ref.warnings)
        print(f"{n} avertissement{'s' if n > 1 else ''} : échec en mode strict.", file=sys.stderr)
        return 1
    return 0


def _settings(config: Path) -> dict[str, Any]:
    """Read the engine's configuration as MkDocs does (with !ENV), or nothing when there is none or it is unreadable."""
    if not config.is_file():
        return {}
    from mkdocs.utils.yaml import yaml_load

    try:
        with config.open("rb") as handle:
            data = yaml_load(handle)
    except Exception:  # a broken mkdocs.yml is MkDocs' to report; here it only gives defaults
        return {}
    return data if isinstance(data, dict) else {}


def _plugin_setting(settings: dict[str, Any], name: str) -> Any:
    """Return an option of the referentiel plugin as mkdocs.yml sets it, or None."""
    for plugin in settings.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("referentiel"), dict):
            return plugin["referentiel"].get(name)
    return None


def _outside_sources(out: Path, referential: Path) -> None:
    """Refuse an output folder among the site's sources: nothing is ever written into docs/ or the referential."""
    config = _settings(Path("mkdocs.yml"))
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
    settings = _settings(args.config)
    site_url = args.site_url if args.site_url is not None else settings.get("site_url")
    ref = _load(args)
    _warn(ref)
    # The plugin's options in mkdocs.yml apply here too, so that both give the same pages.
    pdf = args.pdf if args.pdf is not None else _plugin_setting(settings, "pdf") is not False
    cached = _plugin_setting(settings, "cache") is not False
    store = cache.pdf_folder(args.config.resolve().parent)
    pages = render_site(
        ref,
        today=build_date(),
        site_url=str(site_url) if site_url else None,
        pdf=pdf,
        pdf_cache=store if cached else None,
    )
    if args.project:
        if not args.config.is_file():
            raise ReferentialError(
                [
                    Problem(
                        str(args.config),
                        1,
                        "",
                        "la configuration du site (mkdocs.yml), dont le projet hérite",
                        "aucun fichier",
                        "lancer la commande depuis le dossier du dépôt, ou indiquer --config CHEMIN.",
                    )
                ]
            )
        from .pages import navigation
        from .project import ENGINE_OUTPUT, engine_project

        files = engine_project(args.config, args.out, pages, navigation(ref), settings)
        write_pages(files, args.out, ENGINE_OUTPUT)
        print(
            f"Projet écrit dans {args.out} ({len(pages)} fichiers générés). "
            f"Construire le site : zensical build -f {args.out / 'mkdocs.yml'}"
        )
        return 0
    write_pages(dict(pages), args.out)
    print(f"{len(pages)} fichiers écrits dans {args.out}.")
    return 0


def _zip(args: argparse.Namespace) -> int:
    from .offline import write_zip

    count = write_zip(args.site, args.output)
    print(f"{args.output} : {count} fichiers ; ouvrir index.html après décompression.")
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


def _import(args: argparse.Namespace) -> int:
    from .rncp_import import import_export

    saved = args.rapport.open("w", encoding="utf-8") if args.rapport else None

    def log(text: str) -> None:  # the report goes out as the import runs, fiche by fiche
        print(text, end="", flush=True)
        if saved:
            saved.write(text)

    try:
        report = import_export(args.export, args.out, wanted=args.fiche, replace=args.remplacer, log=log)
    except ReferentialError as exc:
        print(exc, file=sys.stderr)
        print("L’export n’a pas pu être lu : aucun fichier n’a été écrit.", file=sys.stderr)
        return 1
    finally:
        if saved:
            saved.close()
    if not report.ok:
        print(
            "Des fiches n’ont pas été écrites (voir ERREUR, « non écrit » ou « absente » ci-dessus).",
            file=sys.stderr,
        )
        return 1
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


def _site_url(config: Path) -> str | None:
    value = _settings(config).get("site_url")
    return value if isinstance(value, str) else None


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m generator", description="Générateur de sites de référentiels RNCP."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="commande")

    p = sub.add_parser("check", help="vérifier les fichiers du référentiel et les programmes de formation")
    _referential_arg(p)
    _curricula_arg(p)
    p.add_argument("--strict", action="store_true", help="échouer aussi sur les avertissements (couverture)")
    p.set_defaults(run=_check)

    p = sub.add_parser("build", help="écrire les pages générées dans un dossier, pour n’importe quel moteur")
    _referential_arg(p)
    _curricula_arg(p)
    p.add_argument("--out", type=Path, required=True, help="dossier de sortie (vide, ou déjà écrit par cette commande)")
    p.add_argument(
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        help="configuration du site, pour site_url (défaut : mkdocs.yml)",
    )
    p.add_argument("--site-url", help="adresse publiée du site, à la place de site_url de la configuration")
    p.add_argument(
        "--project",
        action="store_true",
        help="écrire un projet complet (configuration héritée, pages, navigation) pour Zensical",
    )
    p.add_argument(
        "--pdf",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="produire (--pdf) ou non (--no-pdf) les PDF des grilles et formulaires (défaut : option pdf du greffon, sinon oui)",
    )
    p.set_defaults(run=_build)

    p = sub.add_parser("zip", help="mettre un site construit dans un zip à ouvrir hors ligne")
    p.add_argument("site", type=Path, help="dossier du site construit (make offline le construit)")
    p.add_argument("output", type=Path, help="fichier zip à écrire")
    p.set_defaults(run=_zip)

    p = sub.add_parser("schema", help="régénérer les schémas JSON du dossier schemas/")
    p.add_argument("--dir", type=Path, default=Path("schemas"))
    p.add_argument("--check", action="store_true", help="vérifier seulement que les schémas sont à jour")
    p.set_defaults(run=_schema)

    p = sub.add_parser("rome-extract", help="régénérer l’extrait du ROME 4.0 à partir des CSV de France Travail")
    _referential_arg(p)
    p.add_argument("csv", type=Path, help="dossier des fichiers unix_*_v460_utf8.csv")
    p.add_argument("--output", type=Path, default=Path(__file__).parent / "data" / "rome-4.0.json")
    p.set_defaults(run=_rome)

    p = sub.add_parser(
        "import-rncp", help="convertir des fiches de l’export XML de France compétences en fichiers du référentiel"
    )
    p.add_argument("export", type=Path, help="fichier export_fiches_RNCP_V4_1_AAAA-MM-JJ.xml")
    p.add_argument("--fiche", nargs="+", default=[], metavar="RNCP…", help="n’importer que ces fiches")
    p.add_argument("--out", type=Path, default=Path("referential"), help="dossier des fichiers écrits")
    p.add_argument("--remplacer", action="store_true", help="écraser les fichiers qui existent déjà")
    p.add_argument("--rapport", type=Path, help="écrire aussi le rapport dans ce fichier")
    p.set_defaults(run=_import)

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

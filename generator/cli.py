"""Command line: check the referential, write its pages for any engine, regenerate schemas and data."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path

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


def _settings(config: Path) -> dict[str, object]:
    """Read the engine's configuration as MkDocs does (with !ENV), or nothing when there is none."""
    if not config.is_file():
        return {}
    from mkdocs.utils.yaml import yaml_load

    with config.open("rb") as handle:
        return yaml_load(handle)


def _build(args: argparse.Namespace) -> int:
    settings = _settings(args.config)
    site_url = args.site_url if args.site_url is not None else settings.get("site_url")
    ref = _load(args)
    _warn(ref)
    pages = render_site(ref, today=build_date(), site_url=str(site_url) if site_url else None)
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

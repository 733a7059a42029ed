# Deux commandes suffisent sur une machine neuve (Python 3.11 ou plus) :
#   make site   crée .venv, installe les dépendances figées et construit site/ (--strict)
#   make test   installe en plus les outils de test et Chromium (Debian), puis lance tous les tests
# Et : make serve (aperçu en direct), make check, make bench,
#   make offline    le site dans referentiel-hors-ligne.zip, à ouvrir sans réseau (index.html)
#   make zensical   le même site construit par Zensical, dans build/zensical/site

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
# Deux constructions d'un même commit sont identiques : les dates du site sont celles du dernier commit,
# sauf si SOURCE_DATE_EPOCH est donné (SOURCE_DATE_EPOCH=$$(date +%s) make site pour la date du jour).
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site serve test check lint bench bench-catalogue schema clean chromium offline zensical links

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 ou plus est requis (PYTHON=python3.11 make …)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.site: $(BIN)/python requirements.txt pyproject.toml
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.test: $(VENV)/.site requirements-test.txt
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	@touch $@

# Construit dans un dossier à part, puis remplace site/ : un échec laisse l'ancien site intact.
site: $(VENV)/.site
	rm -rf .site-construction
	$(BIN)/mkdocs build --strict --site-dir .site-construction
	rm -rf site && mv .site-construction site
	@echo "Site construit dans site/ : ouvrir site/index.html via « make serve »."

# Site hors ligne : liens en .html, recherche sans serveur, puis un zip reproductible.
OFFLINE_ZIP ?= referentiel-hors-ligne.zip
offline: $(VENV)/.site
	rm -rf .site-hors-ligne
	OFFLINE=true $(BIN)/mkdocs build --strict --site-dir .site-hors-ligne
	$(BIN)/python -m generator zip .site-hors-ligne $(OFFLINE_ZIP)
	rm -rf .site-hors-ligne

# Zensical n'exécute pas les greffons MkDocs : le générateur écrit un projet complet qu'il construit.
zensical: $(VENV)/.test
	$(BIN)/python -m generator build --project --out build/zensical
	$(BIN)/zensical build -f build/zensical/mkdocs.yml
	@echo "Site Zensical dans build/zensical/site/"

serve: $(VENV)/.site
	$(BIN)/mkdocs serve

check: $(VENV)/.site
	$(BIN)/python -m generator check

# axe-core (accessibilité) vient du registre npm, à la version figée par package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }
	npm ci --no-audit --no-fund --loglevel=error

chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@command -v chromium >/dev/null || { echo "Chromium n'a pas pu être installé (paquet Debian chromium)"; exit 1; }

lint: $(VENV)/.test
	$(BIN)/ruff check generator tests scripts
	$(BIN)/ruff format --check generator tests scripts
	$(BIN)/mypy

test: $(VENV)/.test node_modules/.package-lock.json chromium lint
	$(BIN)/python -m pytest

bench: $(VENV)/.test chromium
	$(BIN)/python scripts/bench.py

# Catalogues de 10, 100 et 1 000 certifications, greffon contre MkDocs seul (long : voir l'en-tête du script).
bench-catalogue: $(VENV)/.test chromium
	$(BIN)/python scripts/bench_catalogue.py

schema: $(VENV)/.site
	$(BIN)/python -m generator schema

# Liens du site construit, servi sous le sous-chemin de site_url ; les liens externes sont listés, non visités.
links: site
	$(BIN)/python -m generator links site --report build/liens-externes.md

clean:
	rm -rf site .site-construction .site-hors-ligne build .pytest_cache .mypy_cache .ruff_cache .hypothesis

# The two commands: `make run` and `make test`. Only Python 3.11+ is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export XDG_RUNTIME_DIR := $(CURDIR)/var/run

.PHONY: run test lint mutate security audit install install-dev browser pdf-deps office css clean-var requirements bench

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed (found %s)." % sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The requirement files pin every package with its hashes, so pip installs in hash-checking
# mode (--require-hashes): nothing unpinned or altered gets in. `pip check` proves the set whole.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	$(BIN)/pip check
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	$(BIN)/pip check
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: the portal with demo data on embedded PostgreSQL and Redis (web + worker + beat)
run: install
	@mkdir -p var/run && chmod 700 var/run
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "  The portal is starting at http://127.0.0.1:$(PORT)/  (Ctrl-C stops everything)"
	@echo ""
	WEB_PORT=$(PORT) $(BIN)/honcho start -f Procfile

## make test: the whole suite (unit, integration, browser) on embedded PostgreSQL
test: install-dev browser pdf-deps office
	@mkdir -p var/run && chmod 700 var/run
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest $(PYTEST_ARGS)

## make browser: find Chromium for the browser tests, or say what to install
browser: install-dev
	@$(BIN)/python scripts/find_chromium.py

## make office: check LibreOffice (board-pack DOCX/XLSX papers), or say what to install
office:
	@$(BIN)/python scripts/find_libreoffice.py

## make pdf-deps: check WeasyPrint's system libraries and fonts, or say what to install
pdf-deps: install-dev
	@$(BIN)/python scripts/find_weasyprint_deps.py

## make requirements: regenerate the hashed lock files from requirements.in / requirements-dev.in
requirements:
	$(PYTHON) -m venv var/pip-tools
	var/pip-tools/bin/pip install --quiet pip-tools
	var/pip-tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links -o requirements.txt requirements.in
	var/pip-tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links -o requirements-dev.txt requirements-dev.in

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/mypy .

## make mutate: mutation testing of the core rule modules ([tool.mutmut] in pyproject.toml).
## Slow (about 80 minutes on two idle cores), so not in CI. Prints the kill ratio per module.
## MUTATE_CHILDREN: mutants tested at once (one per idle core).
MUTATE_CHILDREN ?= 2
mutate: install-dev
	@mkdir -p var/run && chmod 700 var/run
	rm -rf mutants
	-CSP_VAR_DIR=$(CURDIR)/var DJANGO_SETTINGS_MODULE=config.settings.test \
		$(BIN)/mutmut run --max-children $(MUTATE_CHILDREN)
	$(BIN)/python scripts/mutation_report.py
## make bench: every bench/ script against the big dataset (generate_load 40 × 5, made once in
## the embedded PostgreSQL's csp_bench database); writes bench/results.md. Slow: minutes.
bench: install-dev
	@mkdir -p var/run && chmod 700 var/run
	$(BIN)/python bench/run_all.py $(BENCH_ARGS)

## make security: bandit (no medium or high), Django's deploy checks with production settings,
## and the production tests (collectstatic with the manifest storage, sign-in over HTTPS, CSS urls)
security: install-dev
	$(BIN)/bandit -q -r config partnership priorities actionplans funding reviews --severity-level medium
	SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(64))") \
		ALLOWED_HOSTS=portal.example.org DATABASE_URL=postgres://check@localhost/check \
		REDIS_URL=redis://localhost:6379/0 DJANGO_SETTINGS_MODULE=config.settings.production \
		$(BIN)/python manage.py check --deploy --fail-level WARNING
	@mkdir -p var/run && chmod 700 var/run
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest tests/deploy -q -p no:cacheprovider

## make audit: known vulnerabilities in our pinned packages (pip-audit; needs PyPI/OSV on the
## network, so it is not part of CI here). --strict: a package it could not check is a failure.
audit: install-dev
	$(BIN)/pip-audit --strict --progress-spinner off -r requirements.txt

## make css: rebuild static/css/app.css from frontend/ (needs Node and npm; output committed)
css:
	cd frontend && npm install --no-audit --no-fund && npm run build

clean-var:
	rm -rf var

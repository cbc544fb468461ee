# Run `make help` for the targets. Everything installs into .venv.
PORT ?= 8000
PYTHON3 ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium
# `make run` is for development: debug on unless the environment says otherwise.
RUN_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-true}
TEST_ENV := DJANGO_SETTINGS_MODULE=minusma.settings.test CHROMIUM=$(CHROMIUM)
# `make serve` is production: debug off whatever .env says; secrets and hosts come from the environment or .env.
SERVE_ENV := DJANGO_DEBUG=false
# The deployment checklist, for production settings behind an HTTPS proxy, ignoring any .env.
DEPLOY_ENV := DJANGO_SETTINGS_MODULE=minusma.settings.base DJANGO_ENV_FILE=/dev/null DJANGO_DEBUG=false \
	DJANGO_BEHIND_PROXY=true DJANGO_HTTPS=true DJANGO_ALLOWED_HOSTS=briefings.example.org \
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')

.DEFAULT_GOAL := help
.PHONY: help install install-dev browser java run test lint format serve check-deploy test-postgres test-cluster backup
.PHONY: validate-html lighthouse screenshots

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON3) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed ## Create .venv and install the pinned requirements (quick when nothing changed)

install-dev: $(VENV)/.installed-dev ## Install what the tests need too

browser: ## Make sure Chromium is there for the browser tests (installs Debian's package as root)
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "Chromium is missing: install Debian's 'chromium' package (sudo apt-get install chromium) or set CHROMIUM=/path/to/chromium." >&2; \
	    exit 1; \
	  fi; }
	@test -x $(CHROMIUM) || { echo "No Chromium at $(CHROMIUM): the browser tests cannot run." >&2; exit 1; }

java: ## Make sure Java is there for the HTML checker (installs Debian's default-jre-headless as root)
	@.ci/need java=default-jre-headless

# npm installs the page checks only (no front-end build): the HTML checker for `make test`, and
# Lighthouse too for `make lighthouse`. `npm ci` starts from an empty node_modules, hence the stamps.
node_modules/.vnu: package.json package-lock.json
	npm ci --omit=dev --no-audit --no-fund
	touch $@

node_modules/.lighthouse: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch node_modules/.vnu $@

run: install ## Migrate, load the demo content and serve on http://127.0.0.1:$(PORT), with the background worker
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py load_demo
	$(RUN_ENV) PYTHON=$(PY) scripts/with-worker $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install-dev ## Check style and formatting with ruff, and the apps' layers with import-linter
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install-dev ## Fix what ruff can fix and format the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint browser java node_modules/.vnu check-deploy ## Lint, run Django's checks (deployment too) and the whole test suite, browser tests included
	$(TEST_ENV) $(PY) manage.py check --fail-level WARNING
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(VENV)/bin/pytest

validate-html: install-dev java node_modules/.vnu ## Run the W3C Nu HTML Checker over every public page, English and French (make test does too)
	$(TEST_ENV) $(VENV)/bin/pytest tests/test_html_validity.py

lighthouse: install-dev browser node_modules/.lighthouse ## Lighthouse's mobile audit of the briefing page: every score must be 100
	CHROME_PATH=$(CHROMIUM) $(PY) scripts/lighthouse.py

screenshots: install-dev browser ## Screenshots of every public page at 390x844 and 1366x900 into screenshots/
	CHROMIUM=$(CHROMIUM) $(PY) scripts/screenshots.py

check-deploy: install ## Django's deployment checklist with production settings behind an HTTPS proxy
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

test-postgres: install-dev browser java node_modules/.vnu ## Run Django's checks and the whole suite against a throwaway PostgreSQL (installed as root when missing)
	.ci/with-postgres sh -c '$(TEST_ENV) $(PY) manage.py check --fail-level WARNING && $(TEST_ENV) $(VENV)/bin/pytest'

test-cluster: install ## Two app servers behind nginx on PostgreSQL, Redis and s3rver, checked under load (installs what is missing as root)
	.ci/need redis-server nginx wrk node=nodejs npm
	.ci/with-postgres $(PY) scripts/cluster/run.py

serve: install ## Production stack on http://127.0.0.1:$(PORT): collectstatic, migrate, gunicorn + WhiteNoise + the worker (needs DJANGO_SECRET_KEY)
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) PORT=$(PORT) PYTHON=$(PY) scripts/with-worker $(VENV)/bin/gunicorn -c gunicorn.conf.py minusma.wsgi

backup: install ## Copy the database and media into backups/<timestamp>/ (the README says how to restore)
	$(PY) manage.py backup

.PHONY: bench bench-import
bench: install ## Serve a scratch site under load (cached, uncached, static ceiling) and time the imports (installs wrk as root)
	@.ci/need wrk
	$(PY) scripts/bench.py


bench-import: install ## Time both UN data imports (first and unchanged) on a scratch database: rows per second
	DJANGO_SETTINGS_MODULE=minusma.settings.test $(PY) scripts/bench_import.py

# Two commands matter: `make run` (portal with demo data on SQLite) and `make test` (whole suite).
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: run test install install-test system-check migrate demo lint format messages clean serve \
	loadtest backup restore bench

$(BIN)/python:
	@PY=$$(scripts/find-python) && echo "Using $$PY" && "$$PY" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-test.txt
	@touch $@

install: system-check $(VENV)/.installed

install-test: system-check $(VENV)/.installed-test

system-check:
	@scripts/check-system-packages

migrate: install
	DEBUG=1 $(BIN)/python manage.py migrate --no-input

demo: migrate
	DEBUG=1 $(BIN)/python manage.py create_demo_certificate
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/python manage.py rebuild_search_index

## Sets up and serves the portal with demo data on http://127.0.0.1:8000 (SQLite, DEBUG on).
run: demo
	@echo "Portal: http://$(HOST):$(PORT)/  Admin: http://$(HOST):$(PORT)/admin/"
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Serves the portal as in production (README "Production"): DEBUG off, the deploy checks, the
## migrations and collectstatic, then gunicorn (config/gunicorn.conf.py) with whitenoise. Needs
## DATABASE_URL (PostgreSQL), SECRET_KEY, ALLOWED_HOSTS and EMAIL_HOST in the environment.
serve: install
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make serve: set DATABASE_URL to a PostgreSQL database, e.g. postgres://user@127.0.0.1:5432/medborgarloften (README, Production)"; exit 1;; esac
	DEBUG= $(BIN)/python manage.py check --deploy --fail-level WARNING
	DEBUG= $(BIN)/python manage.py migrate --no-input
	DEBUG= $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	DEBUG= GUNICORN_BIND=$${GUNICORN_BIND:-$(HOST):$(PORT)} $(BIN)/gunicorn --config config/gunicorn.conf.py config.wsgi

## Backs up the database and the stored files into BACKUP_DIR (README "Backup and restore").
backup: install
	@test -n "$(BACKUP_DIR)" || { echo "make backup BACKUP_DIR=/path/to/a/new/folder"; exit 1; }
	$(BIN)/python manage.py backup "$(BACKUP_DIR)"

## Restores BACKUP_DIR into the new, empty database of DATABASE_URL and an empty MEDIA_ROOT.
restore: install
	@test -n "$(BACKUP_DIR)" || { echo "make restore BACKUP_DIR=/path/to/the/backup"; exit 1; }
	$(BIN)/python manage.py restore "$(BACKUP_DIR)"

## A bounded load test on loopback (benchmarks/loadtest.py): gunicorn in production settings on
## a throw-away copy of the demo data, readers for DURATION seconds while an editor publishes
## follow-ups; fails on any failed request. PostgreSQL when DATABASE_URL names one.
DURATION ?= 30
CLIENTS ?= 8
loadtest: install
	$(BIN)/python benchmarks/loadtest.py --duration $(DURATION) --clients $(CLIENTS)

## The benchmark (README "Benchmark"): the generated national data (BENCH_YEARS years) in the
## bench's own PostgreSQL database (BENCH_DATABASE_URL, created when missing), served by gunicorn
## in production settings beside a bare view; wrk (or Python clients) for BENCH_DURATION seconds
## per page, on a cache miss and cached; search p95; PDF render and signing. Writes the table
## to benchmarks/results/latest.md.
BENCH_YEARS ?= 5
BENCH_DURATION ?= 5
BENCH_CONNECTIONS ?= 4
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/medborgarloften_bench
bench: install
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python benchmarks/bench.py --years $(BENCH_YEARS) \
		--duration $(BENCH_DURATION) --connections $(BENCH_CONNECTIONS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/bandit --quiet --configfile pyproject.toml --recursive $(APPS) manage.py

APPS := config portal followup loften municipalities

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## The whole suite: lint (ruff, the import layers), migrations in sync, tests (on PostgreSQL when DATABASE_URL says so).
test: lint
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

## Updates the .po files from the code (Swedish is the source language: sv's msgstr = msgid,
## or Django's own Swedish for a msgid of Django's: scripts/source-catalogue),
## then compiles them. Translate new English entries in locale/en before committing.
messages: install-test
	DEBUG=1 $(BIN)/python manage.py makemessages -l sv -l en $(MESSAGES_IGNORE)
	DEBUG=1 $(BIN)/python scripts/source-catalogue locale/sv/LC_MESSAGES/django.po
	msgattrib --no-obsolete -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv

MESSAGES_IGNORE := --ignore=.venv --ignore=staticfiles --ignore=media --ignore=var --ignore=benchmarks

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles

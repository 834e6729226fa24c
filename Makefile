# The two everyday commands: `make run` (set up and serve the demo site) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist: one test process per core (about 9 minutes on 2 cores, twice that in one process).
PYTEST_ARGS ?= -n auto

.PHONY: run dev test messages-update lint format migrations-check messages demo setup clean-db benchmark

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-runtime

setup: $(VENV)/.installed-runtime

# Compiled catalogues are committed; recompile when gettext's msgfmt is here and a .po changed.
messages:
	@if command -v msgfmt >/dev/null 2>&1; then \
		for po in $$(find locale -name '*.po'); do \
			mo=$${po%.po}.mo; \
			if [ ! -f $$mo ] || [ $$po -nt $$mo ]; then msgfmt --check -o $$mo $$po && echo "compiled $$po"; fi; \
		done; \
	else echo "gettext (msgfmt) not installed: using the committed .mo files"; fi

# Secrets for the local demo, made once per checkout and kept with the embedded database in var/.
var/local.env: | $(VENV)/.installed-runtime
	mkdir -p var
	$(BIN)/python -c "import secrets; from cryptography.fernet import Fernet; \
	print(f'SECRET_KEY={secrets.token_urlsafe(50)}'); \
	print(f'FIELD_ENCRYPTION_KEY={Fernet.generate_key().decode()}'); \
	print(f'FIELD_HASH_KEY={secrets.token_urlsafe(40)}')" > $@

# The demo runs as production does (DEBUG off, gunicorn, static files by WhiteNoise), over plain
# http on this machine only. `make dev` runs Django's development server with DEBUG on instead.
# The demo logins have no authenticator: two-factor login is off unless `make run OTP_REQUIRED=true`.
OTP_REQUIRED ?= false
LOCAL_PROD := DEBUG=false ALLOWED_HOSTS=127.0.0.1,localhost CSRF_TRUSTED_ORIGINS=http://127.0.0.1:$(PORT),http://localhost:$(PORT) \
	SECURE_COOKIES=false SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 OTP_REQUIRED=$(OTP_REQUIRED)

# gunicorn (README "Deployment"): threaded workers so that one slow request holds a thread, not a
# whole worker; a request over 30 s is cut off; workers are recycled now and then.
GUNICORN_LIMITS := --workers 2 --worker-class gthread --threads 4 --timeout 30 --graceful-timeout 30 \
	--max-requests 1000 --max-requests-jitter 100 --limit-request-line 8190 --limit-request-fields 100

# Refresh the English catalogue from the code (then translate new or fuzzy entries, `make messages`).
# --no-location keeps the catalogue's diffs to the strings themselves.
messages-update: $(VENV)/.installed-runtime
	$(BIN)/python manage.py makemessages -l en --no-location --ignore=.venv --ignore=var --ignore=node_modules

run: $(VENV)/.installed-runtime var/local.env messages
	set -a && . ./var/local.env && set +a && export $(LOCAL_PROD) && \
	$(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py seed_demo && \
	$(BIN)/python manage.py schedule_reminders && \
	$(BIN)/python manage.py collectstatic --noinput -v0 && \
	echo "Serving http://$(HOST):$(PORT)/  (demo logins in README.md, password shegong-demo-2022)" && \
	{ $(BIN)/python manage.py db_worker --no-reload -v0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	  $(BIN)/gunicorn stationsite.wsgi --bind $(HOST):$(PORT) $(GUNICORN_LIMITS) --access-logfile -; }

dev: $(VENV)/.installed-runtime messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py schedule_reminders
	$(BIN)/python manage.py db_worker -v0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev messages
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || \
		echo "NOTE: Chromium is not installed: the browser tests will be skipped (apt-get install chromium fonts-noto-cjk)."
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: $(VENV)/.installed-runtime
	$(BIN)/python manage.py makemigrations --check --dry-run

demo: $(VENV)/.installed-runtime
	$(BIN)/python manage.py seed_demo

# Page times against their targets on the demo data, or on a generated tier (TIER=S|M|L|XL, in a
# database of its own: the rows stay), with a bounded concurrency run (ARGS="--concurrency 20").
TIER ?=
benchmark: $(VENV)/.installed-dev
	$(BIN)/python scripts/benchmark.py $(if $(TIER),--tier $(TIER)) $(ARGS)

# Ledger import time and peak memory (README, "Importing a station's ledgers"), rolled back:
# make benchmark-import ARGS="--kind service_records --rows 10000 100000 500000"
.PHONY: benchmark-import
benchmark-import: $(VENV)/.installed-runtime
	$(BIN)/python scripts/benchmark_import.py $(ARGS)

clean-db:
	rm -rf var/pgdata

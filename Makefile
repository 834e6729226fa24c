# The two everyday commands: `make run` (set up and serve the demo site) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format migrations-check messages demo setup clean-db benchmark

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

run: $(VENV)/.installed-runtime messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Serving http://$(HOST):$(PORT)/  (demo logins in README.md, password shegong-demo-2022)"
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

clean-db:
	rm -rf var/pgdata

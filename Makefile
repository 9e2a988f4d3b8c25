# Newsdesk: `make run` to try it, `make test` to check it. Both set themselves up on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test bootstrap migrate demo lint format check bench worker clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

bootstrap: $(VENV)/.installed

migrate: bootstrap
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py loaddemo

run: demo
	@echo "Newsdesk is at http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: migrate
	NEWSDESK_TASKS=database $(PY) manage.py db_worker

test: bootstrap
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: bootstrap
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: bootstrap
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: lint test

bench: bootstrap
	$(PY) bench/quality.py
	$(PY) bench/speed.py
	$(PY) bench/workspace.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

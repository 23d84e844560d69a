# Cổng — run `make help` for the list of targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_ARTICLES ?= 3000


.DEFAULT_GOAL := help

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed ## Create .venv and install the project with its test tools

migrate: install ## Apply database migrations (SQLite in var/ unless DATABASE_URL is set)
	$(MANAGE) migrate --noinput

demo: install ## Build the demo network (units, portals, articles) and serve it
	bash scripts/demo.sh

test: install ## Run every test (SQLite, or PostgreSQL when DATABASE_URL is set)
	bash scripts/ensure-browser.sh
	$(PY) -m pytest

lint: install ## ruff lint and format check
	$(VENV)/bin/ruff check cong bench
	$(VENV)/bin/ruff format --check cong bench

format: install ## Format the code with ruff
	$(VENV)/bin/ruff format cong bench
	$(VENV)/bin/ruff check --fix cong bench

bench: install ## Page-rendering benchmark (see bench/README.md)
	$(PY) bench/pages.py

clean: ## Remove the demo database, media and caches (keeps .venv)
	rm -rf var media staticfiles .pytest_cache

.PHONY: help install migrate demo test lint format bench clean

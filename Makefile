# Every target bootstraps .venv from pinned versions (requirements.txt) on first use.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test site offline generate check audit validate lint bench diagrams clean help

help:
	@echo "make serve     generate, then serve both languages on http://127.0.0.1:8000"
	@echo "make test      the whole test suite (unit, content, examples, built site, browser)"
	@echo "make site      strict build of both languages into site/"
	@echo "make offline   offline build, zipped into dist/"
	@echo "make generate  regenerate pages from curriculum/*.yaml"
	@echo "make audit     content report against STYLE.md's bar"
	@echo "make lint      Chinese style, English spelling and Python lints (lint.py --fix applies fixes)"
	@echo "make bench     build time, reload time, page weight, search index size, Lighthouse"
	@echo "make diagrams  draw changed mermaid diagrams to SVG (needs Chromium), drop unused ones"

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

generate: $(STAMP)
	$(BIN)/handbook generate

check: $(STAMP)
	$(BIN)/handbook generate --check
	$(BIN)/handbook validate

validate: check

serve: generate
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

site: generate
	$(BIN)/mkdocs build --strict --site-dir site

offline: generate
	rm -rf build/offline && OFFLINE=true $(BIN)/mkdocs build --strict --site-dir build/offline
	$(BIN)/python scripts/zip_offline.py build/offline dist/llm-handbook-offline.zip

audit: $(STAMP)
	$(BIN)/handbook audit

lint: $(STAMP)
	$(BIN)/python scripts/lint.py

diagrams: generate
	$(BIN)/python scripts/diagrams.py

bench: generate
	$(BIN)/python scripts/bench.py

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf site build dist .pytest_cache

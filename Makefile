# Two commands are enough: `make serve` and `make test`. Both create .venv when needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Reproducible builds: fixed dates in the sitemap, no end-of-life banner noise.
export SOURCE_DATE_EPOCH ?= 1642723200
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build test clean help

help:
	@echo "make serve   set up .venv if needed and serve the book at http://127.0.0.1:8000"
	@echo "make test    set up .venv if needed and run every check (unit tests, doctests, snippets, strict build)"
	@echo "make build   strict build of both languages into site/"
	@echo "make clean   remove site/ and caches (keeps .venv)"

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed, found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

setup: $(STAMP)

serve: setup
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# Build into a scratch folder and swap it in only on success: a failed build never leaves a
# half-written site/ behind.
build: setup
	rm -rf .site.tmp
	$(BIN)/mkdocs build --strict --site-dir .site.tmp
	rm -rf site && mv .site.tmp site

test: setup
	$(BIN)/python -m pytest

clean:
	rm -rf site .site.tmp .cache .pytest_cache

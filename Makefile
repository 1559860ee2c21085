# Two commands are enough: `make serve` and `make test`. Both create .venv when needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
AXE    := tests/browser/node_modules/axe-core/axe.min.js

# Reproducible builds: fixed dates in the sitemap, no end-of-life banner noise.
export SOURCE_DATE_EPOCH ?= 1642723200
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build check test screenshots bench bench-build clean help

help:
	@echo "make serve        set up .venv if needed and serve the book at http://127.0.0.1:8000"
	@echo "make check        the edit loop: the library's tests, doctests, snippets and the book's claims;"
	@echo "                  no site build, no browser"
	@echo "make test         set up .venv if needed and run every check (make check, then the strict build,"
	@echo "                  the site checks, the labs in a fresh kernel, and the browser suite)"
	@echo "make build        strict build of both languages into site/"
	@echo "make screenshots  PNGs of every page, both languages, phone and desktop, light and dark, in screenshots/"
	@echo "make bench-build  time cold, warm, prose-edit and gradflow-edit builds; slowest pages; page weights"
	@echo "make bench        gradflow next to PyTorch (CPU): MLP step, LSTM/GRU, activations; what the clear"
	@echo "                  forms cost; every layer, loss and update rule against PyTorch in float64"
	@echo "                  (installs .venv-bench)"
	@echo "make clean        remove site/, the store of results (.cache/) and other caches (keeps .venv)"

# uv (pinned in requirements.txt) installs the pinned toolchain in seconds where pip takes half a
# minute; where uv cannot be had or fails, pip installs the same pins.
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
UV  := $(BIN)/uv pip install --python $(BIN)/python --quiet

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed, found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(PIP) "$$(grep '^uv==' requirements.txt)" || echo "uv could not be installed: pip installs the toolchain (slower)"
	@if [ -x $(BIN)/uv ] && $(UV) -r requirements.txt && $(UV) --no-deps -e .; then echo "installed requirements.txt with uv"; \
	else echo "installing requirements.txt with pip"; $(PIP) -r requirements.txt && $(PIP) --no-deps -e .; fi
	@touch $(STAMP)

# axe-core for the accessibility checks; skipped quietly where there is no npm (the browser
# suite then says it was skipped, or fails under CI=true).
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/browser --no-audit --no-fund --silent; \
	else echo "npm not found: the accessibility checks will be skipped"; fi

setup: $(STAMP)

serve: setup
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# Build into a scratch folder and swap it in only on success: a failed build never leaves a
# half-written site/ behind.
build: setup
	rm -rf .site.tmp
	$(BIN)/mkdocs build --strict --site-dir .site.tmp
	rm -rf site && mv .site.tmp site

# The edit loop: everything but the tests marked site and browser (see conftest.py).
check: setup
	$(BIN)/python -m pytest -m "not site and not browser"

test: setup $(AXE)
	$(BIN)/python -m pytest

screenshots: build
	$(BIN)/python tests/browser/screenshots.py site screenshots

# Benchmarks print numbers; they are not tests. PyTorch lives in its own environment, so it is
# never a dependency of the book, of gradflow or of the tests.
BENCH_VENV  := .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed

$(BENCH_STAMP): pyproject.toml requirements.txt
	@test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check "$$(grep '^numpy==' requirements.txt)"
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e ".[bench]"
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BENCH_VENV)/bin/python bench/gradflow_vs_torch.py --threads 2
	$(BENCH_VENV)/bin/python bench/clarity.py
	$(BENCH_VENV)/bin/python bench/torch_agreement.py

bench-build: setup
	$(BIN)/python bench/build.py

clean:
	rm -rf site .site.tmp .cache .pytest_cache screenshots
	rm -f docs/labs/*.ipynb

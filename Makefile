# Registre: `make serve` to build and preview the example archive, `make test` to run the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: serve build check test test-tools clean example bench

serve: $(VENV)/.runtime
	$(PY) build.py serve --port $(PORT)

build: $(VENV)/.runtime
	$(PY) build.py build

check: $(VENV)/.runtime
	$(PY) build.py check

test: test-tools $(VENV)/.test node_modules/.installed
	$(PY) -m pytest -n 2

# Chromium, Java and npm: installed when root (or sudo) can, else one line naming them.
test-tools:
	@tools/test-tools.sh

# Registre against Hugo, Pelican and a bare Python pipeline, at 1,000 and 10,000 acts (SIZES="100000" on request).
SIZES ?= 1000 10000
bench: test-tools $(VENV)/.test node_modules/.installed
	bench/setup.sh
	$(PY) bench/run.py $(SIZES)

# Rewrite the example acts around the seed (deterministic: the result is committed).
example: $(VENV)/.runtime
	$(PY) tools/example_archive.py content

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test: requirements.txt requirements-test.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $(VENV)/.runtime $@

# axe-core for the accessibility tests, from the npm registry, as package-lock.json pins it.
node_modules/.installed: package.json package-lock.json | test-tools
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf output .registre-build-* .registre-old-* .pytest_cache

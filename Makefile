# Registre: `make serve` to build and preview the example archive, `make test` to run the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: serve build check test clean example

serve: $(VENV)/.runtime
	$(PY) build.py serve --port $(PORT)

build: $(VENV)/.runtime
	$(PY) build.py build

check: $(VENV)/.runtime
	$(PY) build.py check

test: $(VENV)/.test
	$(PY) -m pytest -n 2

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

clean:
	rm -rf output .registre-build-* .registre-old-* .pytest_cache

# make build: set up .venv and build every register in registers/ into build/
# make test:  the same set-up plus the tests' tools (Chromium among them), then the whole test suite
# BUILD_FLAGS adds options to the build, e.g. make build BUILD_FLAGS=--no-history
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TESTED := $(VENV)/.installed-test

.PHONY: build test validate bench clean

build: $(STAMP)
	$(BIN)/policy-gen build registers --out build $(BUILD_FLAGS)

test: $(TESTED)
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/policy-gen validate registers

bench: $(STAMP)
	$(BIN)/python bench/bench.py

$(STAMP): pyproject.toml scripts/system-packages.sh
	sh scripts/system-packages.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

# the tests' own tools: pytest, pikepdf, playwright with axe-core, poppler and Chromium
$(TESTED): $(STAMP)
	sh scripts/system-packages.sh --test
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(TESTED)

clean:
	rm -rf build $(VENV) .pytest_cache

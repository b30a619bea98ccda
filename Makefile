# make build: set up .venv and build every register in registers/ into build/
# make test:  the same set-up, then the whole test suite
# BUILD_FLAGS adds options to the build, e.g. make build BUILD_FLAGS=--no-history
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build test validate bench clean

build: $(STAMP)
	$(BIN)/policy-gen build registers --out build $(BUILD_FLAGS)

test: $(STAMP)
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/policy-gen validate registers

bench: $(STAMP)
	$(BIN)/python bench/bench.py

$(STAMP): pyproject.toml scripts/system-packages.sh
	sh scripts/system-packages.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf build $(VENV) .pytest_cache

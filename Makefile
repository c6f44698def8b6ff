# Two commands on a fresh machine:  `make site` builds the site, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test serve validate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)        ## check the content and build the site into site-build/
	$(BIN)/strategies build --strict

test: $(STAMP)        ## run every test
	$(BIN)/pytest

serve: $(STAMP)       ## preview at http://127.0.0.1:8000, rebuilding on every change
	$(BIN)/strategies serve

validate: $(STAMP)    ## check the content only, reporting every problem
	$(BIN)/strategies validate

clean:
	rm -rf site-build $(VENV)

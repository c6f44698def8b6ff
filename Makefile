# On a fresh machine:  `make site` builds the site, `make check` is the everyday check (under a
# minute), `make test` runs every test (before a pull request, and in CI).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

# Debian packages the browser tests need (tests/browser): only those missing are installed.
# Playwright never downloads a browser here: it drives Debian's /usr/bin/chromium.
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
# LibreOffice (headless) checks that every data download opens (tests/pages/test_downloads.py).
APT_MISSING := $(strip $(if $(wildcard $(CHROMIUM)),,chromium) \
                       $(if $(shell command -v java),,default-jre-headless) \
                       $(if $(shell command -v npm),,npm) \
                       $(if $(shell command -v soffice),,libreoffice-calc-nogui))

# Debian packages WeasyPrint needs to typeset each strategy's PDF (strategies/mkdocs_adapter/pdf.py):
# Pango draws its text, and the fonts stand in for Material's Helvetica and Arial. Without them
# the site is built without PDFs, and the PDF tests skip (and fail when CI is set).
PDF_MISSING := $(strip $(if $(wildcard /usr/lib/*/libpango-1.0.so.0),,libpango-1.0-0) \
                       $(if $(wildcard /usr/lib/*/libpangoft2-1.0.so.0),,libpangoft2-1.0-0) \
                       $(if $(wildcard /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf),,fonts-liberation) \
                       $(if $(wildcard /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf),,fonts-dejavu-core))

.PHONY: site check lint typecheck test test-serial golden serve validate clean browser-tools pdf-tools lock

# Installed at the versions in requirements-lock.txt, so every machine builds with what CI tested.
$(STAMP): pyproject.toml requirements-lock.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]' -c requirements-lock.txt
	touch $(STAMP)

lock:                 ## write requirements-lock.txt anew: the newest versions pyproject.toml allows
	@folder=$$(mktemp -d) && trap 'rm -rf "$$folder"' EXIT && \
	$(PYTHON) -m venv "$$folder" && \
	"$$folder/bin/python" -m pip install --quiet '.[test]' && \
	{ sed -n '1,3p' requirements-lock.txt; "$$folder/bin/python" -m pip freeze --exclude strategies; } > "$$folder/lock.txt" && \
	mv "$$folder/lock.txt" requirements-lock.txt && echo "requirements-lock.txt written: review its diff, then make test."

# axe-core and the Nu HTML Checker jar, at the versions in package-lock.json.
# --ignore-scripts: vnu-jar's postinstall would download a Java runtime; we use Debian's.
$(NODE_STAMP): package.json package-lock.json | browser-tools
	@if command -v npm >/dev/null; then \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else \
	  echo "*** npm is missing, so axe-core and vnu-jar are not installed: the browser tests will skip (and fail under CI)."; \
	fi

# $(call apt_install,PACKAGES,WHAT NEEDS THEM,UNTIL THEN): installs missing Debian packages as
# root, or with sudo where it needs no password (GitHub's hosted runners: a normal user with
# sudo); otherwise says which are missing, how to install them, and what happens until then.
define apt_install
	@if [ "$$(id -u)" = 0 ]; then as_root=""; \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then as_root="sudo -n"; \
	else as_root=none; fi; \
	if [ "$$as_root" != none ]; then \
	  echo "Installing Debian packages for $(2): $(1)"; \
	  $$as_root apt-get update && $$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y $(1); \
	else \
	  echo "*** Debian packages that $(2) need are missing: $(1)"; \
	  echo "*** Install them as root:  apt-get update && apt-get install -y $(1)"; \
	  echo "*** Until then $(3)."; \
	fi
endef
BROWSER_TOOLS_UNTIL := the browser tests are skipped (and fail when CI is set)
PDF_TOOLS_UNTIL := the site is built without PDFs, and the PDF tests are skipped (and fail when CI is set)

browser-tools:        ## Debian's chromium, Java, npm and LibreOffice for the browser and download tests, if missing
	$(if $(APT_MISSING),$(call apt_install,$(APT_MISSING),the browser tests,$(BROWSER_TOOLS_UNTIL)),@:)

pdf-tools:            ## Debian's Pango and fonts for the PDFs, if missing
	$(if $(PDF_MISSING),$(call apt_install,$(PDF_MISSING),the PDFs,$(PDF_TOOLS_UNTIL)),@:)

site: $(STAMP) pdf-tools   ## check the content and build the site into site-build/
	$(BIN)/strategies build --strict

# pytest may keep its compiled test modules (assertions rewritten) in __pycache__ even where the
# environment says not to write bytecode: that takes seconds off every run.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest

# The everyday check, in under a minute on two cores: lint, format, types, and every test that
# builds no site, opens no browser and is not marked slow (tests/conftest.py says what each
# marker means, and fails a test that builds without saying so). `make test` runs the rest.
# (`make -k check` runs the tests even when the lint or type check fails.)
check: lint typecheck   ## lint, format and type checks, and the fast tests: run it often
	$(PYTEST) -m "not build and not browser and not slow"

lint: $(STAMP)        ## ruff's lint rules and formatting (ruff format fixes the formatting)
	$(BIN)/ruff check strategies tests benchmarks
	$(BIN)/ruff format --check strategies tests benchmarks

typecheck: $(STAMP)   ## mypy, as configured in pyproject.toml
	$(BIN)/mypy

# Every test, after the lint and type checks: what CI runs, and what to run before a pull request. Each fixture site is built
# once a session and the session's builds share one chart and one PDF cache (tests/conftest.py).
# Two sessions run side by side: the browser tests (tests/browser), where Chromium keeps about
# one and a half cores busy, and the rest, mostly one Python process; on two cores that takes
# about 13.5 minutes where one session after the other takes 17. The browser tests' report
# follows the others', whole, whatever finished first, and the run fails if either fails.
# (make test-serial runs everything in one session.)
# Failures are printed in full; --force-short-summary keeps the closing summary to one line per
# test under CI too (the browser tests' failure messages list every problem on every page).
test: $(STAMP) $(NODE_STAMP) browser-tools pdf-tools lint typecheck   ## lint, types, then every test, browser tests included
	@browser_log=$$(mktemp); status=0; \
	$(PYTEST) --force-short-summary -m browser >"$$browser_log" 2>&1 & browser=$$!; \
	$(PYTEST) --force-short-summary -m "not browser" || status=$$?; \
	wait $$browser || status=$$?; \
	echo; echo "=== the browser tests (tests/browser), run alongside ==="; \
	cat "$$browser_log"; rm -f "$$browser_log"; exit $$status

test-serial: $(STAMP) $(NODE_STAMP) browser-tools pdf-tools   ## every test in one session, one after another
	$(PYTEST) --force-short-summary

# After a deliberate change to what pages say: write tests/golden/complete/ anew, review the
# diff, and commit it with the change (tests/pages/test_golden.py).
golden: $(STAMP) pdf-tools   ## rewrite the golden snapshot of tests/fixtures/complete's pages
	UPDATE_GOLDEN=1 $(PYTEST) tests/pages/test_golden.py

serve: $(STAMP) pdf-tools   ## preview at http://127.0.0.1:8000, rebuilding on every change
	$(BIN)/strategies serve

validate: $(STAMP)    ## check the content, reporting every problem (FORMAT=github for annotations; PATHS=... for only those files' warnings)
	$(BIN)/strategies validate --format $(or $(FORMAT),text) $(PATHS)

clean:
	rm -rf site-build $(VENV)

# Build benchmarks on generated synthetic projects (benchmarks/): SIZES=small,medium by default;
# large only when asked: make bench SIZES=large BENCH_FLAGS=--no-bare (the bare MkDocs build of
# as many pages would take hours).
# Then Lighthouse's mobile audit of the shipped site, served uncompressed and gzipped
# (benchmarks/lighthouse.py: fails below performance 98 or accessibility 100).
.PHONY: bench lighthouse
bench: $(STAMP)       ## time the build on synthetic projects beside a bare MkDocs build; then Lighthouse
	$(BIN)/python benchmarks/run.py $(if $(SIZES),--sizes $(SIZES)) $(BENCH_FLAGS)
	$(MAKE) lighthouse

lighthouse: $(STAMP) $(NODE_STAMP) browser-tools   ## Lighthouse's mobile scores for four kinds of page of the built site
	$(BIN)/strategies build --strict
	$(BIN)/python benchmarks/lighthouse.py

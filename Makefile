# Two commands on a fresh machine:  `make site` builds the site, `make test` runs every test.
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

.PHONY: site test serve validate clean browser-tools pdf-tools

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# axe-core and the Nu HTML Checker jar, at the versions in package-lock.json.
# --ignore-scripts: vnu-jar's postinstall would download a Java runtime; we use Debian's.
$(NODE_STAMP): package.json package-lock.json | browser-tools
	@if command -v npm >/dev/null; then \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else \
	  echo "*** npm is missing, so axe-core and vnu-jar are not installed: the browser tests will skip (and fail under CI)."; \
	fi

# $(call apt_install,PACKAGES,WHAT NEEDS THEM,UNTIL THEN): installs missing Debian packages as
# root; otherwise says which are missing, how to install them, and what happens until then.
define apt_install
	@if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian packages for $(2): $(1)"; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(1); \
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

# Failures are printed in full; --force-short-summary keeps the closing summary to one line per
# test under CI too (the browser tests' failure messages list every problem on every page).
test: $(STAMP) $(NODE_STAMP) browser-tools pdf-tools   ## run every test, browser tests included
	$(BIN)/pytest --force-short-summary

serve: $(STAMP) pdf-tools   ## preview at http://127.0.0.1:8000, rebuilding on every change
	$(BIN)/strategies serve

validate: $(STAMP)    ## check the content only, reporting every problem (FORMAT=github for annotations)
	$(BIN)/strategies validate --format $(or $(FORMAT),text)

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

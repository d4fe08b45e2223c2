# `make run` and `make test` each set themselves up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test bench chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

run: $(VENV)/.runtime
	$(BIN)/tandem serve

# Browser tests drive a system Chromium through Playwright: Playwright's own browser download
# needs network access we cannot assume, and Debian's build works headless. Installed here when
# running as root on Debian/Ubuntu (CI); elsewhere this says how.
chromium:
	@if [ -n "$$TANDEM_CHROMIUM" ] && [ -x "$$TANDEM_CHROMIUM" ] || [ -x /usr/lib/chromium/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Chromium for the browser tests (apt-get install chromium)..."; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null; \
	else echo "The browser tests need Chromium: sudo apt-get install chromium, or set TANDEM_CHROMIUM." >&2; exit 1; fi

# Mozilla's web-ext lints the Firefox side of the manifest.
tests/lint/node_modules/.bin/web-ext: tests/lint/package.json tests/lint/package-lock.json
	@command -v npm >/dev/null || { echo "The extension lint needs Node.js and npm." >&2; exit 1; }
	npm ci --prefix tests/lint --no-audit --no-fund --silent
	touch $@

test: $(VENV)/.test chromium tests/lint/node_modules/.bin/web-ext
	$(BIN)/pytest

bench: $(VENV)/.test
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
# Each installs what is missing first (virtual environment, the package with its dev extras,
# Chromium through apt when running as root and no browser is found), and is quick after that.

VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench browser clean example realsites

demo: $(STAMP) browser
	$(VENV)/bin/frictionaudit demo $(ARGS)

# Two worker processes (pytest-xdist), each taking the costliest test left (tests that share a
# costly module fixture together; tests/conftest.py); PYTEST_ARGS= runs the suite in one process.
# Measured on a quiet machine (2026-11-30, 16:33-16:50): -n 3 took 476 s, -n 2 481 s, and the
# third worker raised the load to 17, where timing-sensitive tests falter; so two.
PYTEST_ARGS ?= -n 2 --dist loadscope

test: $(STAMP) browser
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# Benchmarks (bench/README.md). Lighthouse and pa11y, the yardsticks of bench_journeys.py, are
# installed under bench/node_modules with npm, using the system Chromium; without npm those
# comparisons are skipped with a message.
bench: $(STAMP) browser
	@if command -v npm > /dev/null; then PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix bench \
		--no-audit --no-fund --loglevel=error; else echo "npm not found: the Lighthouse and \
		pa11y comparisons will be skipped"; fi
	$(PY) bench/bench_demo.py
	$(PY) bench/bench_journeys.py
	$(PY) bench/profile_journey.py

# Real open-source shops and signups (realsites/README.md): install into a cache outside the
# checkout, audit, compare with the ground truth, print a table. ARGS="--apps allauth --langs en".
realsites: $(STAMP) browser
	$(PY) -m pytest -q realsites/test_bed.py
	$(PY) realsites/run.py $(ARGS)

# reports/example: the demo shop's report as a reader opens it (HTML with its screenshots
# inline, Markdown, JSON), regenerated from a fresh demo audit; a test keeps it current.
example: $(STAMP) browser
	rm -rf .example-tmp && $(VENV)/bin/frictionaudit demo --variant both --out .example-tmp \
		--format json,html,md > /dev/null
	for v in rough smooth; do rm -rf reports/example/$$v && mkdir -p reports/example/$$v && \
		cp .example-tmp/$$v/report.json .example-tmp/$$v/report.html .example-tmp/$$v/report.md \
		reports/example/$$v/; done
	rm -rf .example-tmp

browser:
	@sh scripts/ensure-browser.sh

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

clean:
	rm -rf $(VENV) build dist *.egg-info

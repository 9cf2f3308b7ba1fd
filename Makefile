# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
# Each installs what is missing first (virtual environment, the package with its dev extras,
# Chromium through apt when running as root and no browser is found), and is quick after that.

VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench browser clean example realsites

demo: $(STAMP) browser
	$(VENV)/bin/frictionaudit demo $(ARGS)

# Three worker processes (pytest-xdist), each taking the costliest test left (tests that share a
# costly module fixture together; tests/conftest.py); PYTEST_ARGS= runs the suite in one process.
# Three on two cores: the suite waits for pages and deadlines about half its time (-n 2 left the
# cores 56% idle: 405 CPU s in 457 s). Measured only beside other work (load 2-21, 15:31-16:23):
# -n 3 took 570, 588 and 706 s, -n 2 706 s; to be confirmed on a quiet machine.
PYTEST_ARGS ?= -n 3 --dist loadscope

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

#!/bin/sh
# Make sure a Chromium is there for the audits and tests. Finds one the way the tool does
# (FRICTIONAUDIT_BROWSER, a Playwright-managed build, a system Chromium/Chrome); when there is
# none and we are root with apt, installs Debian's chromium. Otherwise says what to do.
set -eu
venv_py="${VENV:-.venv}/bin/python"
if "$venv_py" -c "from frictionaudit.browser import find_browser; from playwright.sync_api import sync_playwright
with sync_playwright() as p: find_browser(None, p)" 2>/dev/null; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "No Chromium found: installing Debian's chromium with apt-get (one time)."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
    exit 0
fi
echo "No Chromium found. Install one (apt-get install chromium, or 'playwright install chromium'" >&2
echo "where downloads are allowed), or set FRICTIONAUDIT_BROWSER to a Chromium/Chrome path." >&2
exit 1

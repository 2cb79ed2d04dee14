#!/usr/bin/env bash
# Looks at report.html the way a reader does: renders it in a real headless browser, offline, and
# saves a screenshot of the whole page to look at.
#
# Usage (from the repository's root, after `mvn -B -q package -DskipTests`):
#   examples/scripts/check-report.sh [REPORT_HTML] [SCREENSHOT_PNG]
# With no REPORT_HTML it first runs a small simulation (5 prosumers, 3 days of the embedded data,
# admm) into a temporary directory. SCREENSHOT_PNG defaults to report-screenshot.png beside the report.
#
# Needs Debian's chromium (`apt-get install -y chromium`); CI has no browser, so the test suite checks
# the page's structure instead (SimulationTest). The browser runs with networking features off and a
# throw-away profile: the page must show everything without any network.
#
# What to look for in the screenshot: the four charts are visible (not broken-image icons), the
# summary cards and tables are readable, nothing overflows the page width.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
jar="$root/examples/target/tem.jar"
report=${1:-}
if [[ -z "$report" ]]; then
  [[ -f "$jar" ]] || { echo "check-report: $jar missing: run 'mvn -B -q package -DskipTests' first" >&2; exit 2; }
  out=$(mktemp -d)
  java -jar "$jar" simulate --prosumers 5 --days 3 --plain --out "$out" >&2
  report="$out/report.html"
fi
[[ -f "$report" ]] || { echo "check-report: no such file: $report" >&2; exit 2; }
report=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
shot=${2:-$(dirname "$report")/report-screenshot.png}
command -v chromium >/dev/null || { echo "check-report: chromium not found (apt-get install -y chromium)" >&2; exit 2; }

# The page must not reference anything outside itself.
if grep -Eo '(src|href)="[^"]*"' "$report" | grep -v '="data:' ; then
  echo "check-report: the page references something outside itself (above)" >&2
  exit 1
fi
images=$(grep -o 'data:image/png;base64,' "$report" | wc -l)
echo "check-report: $images embedded images" >&2

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$profile" --hide-scrollbars \
  --screenshot="$shot" --window-size=1280,${HEIGHT:-4200} "file://$report" 2>/dev/null
[[ -s "$shot" ]] || { echo "check-report: chromium wrote no screenshot" >&2; exit 1; }
echo "check-report: screenshot of $report in $shot" >&2
echo "$shot"

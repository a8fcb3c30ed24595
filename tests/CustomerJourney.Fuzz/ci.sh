#!/usr/bin/env bash
# The short fuzz run for CI: every target for CJ_FUZZ_SECONDS (default 25) seconds, about 2 minutes in all with the
# build and instrumentation. Exits 1 when a target found a crash or a hang (the findings' paths are printed).
set -euo pipefail
exec bash "$(dirname "$0")/fuzz.sh" "${CJ_FUZZ_SECONDS:-25}" definition paths storespec events

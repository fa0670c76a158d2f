#!/usr/bin/env bash
# Runs every Outdial test. On a fresh Debian 12 machine it first installs, as root with apt-get,
# the packages the tests need and that are missing (Chromium for the browser journeys,
# PostgreSQL 15 for the second database, SIPp and baresip as real SIP peers). Tests start their own services on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/lib/postgresql/15/bin/initdb ]] || missing+=(postgresql-15)
command -v sipp >/dev/null || missing+=(sip-tester)
command -v baresip >/dev/null || missing+=(baresip)

if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "The tests need these Debian packages: ${missing[*]}. Install them (sudo apt-get install ${missing[*]}) or run this script as root." >&2
    exit 1
  fi
  echo "Installing ${missing[*]} ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test --solution Outdial.slnx "$@" 2>&1 | tee "$log" || status=$?

# One closing line that any reader understands, summed over the test projects.
passed=$(grep -E '^\s+succeeded: [0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
failed=$(grep -E '^\s+failed: [0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
echo "${passed} passed, ${failed} failed"
if [[ $status -eq 0 && $passed -eq 0 ]]; then
  echo "No test ran." >&2
  exit 1
fi
exit "$status"

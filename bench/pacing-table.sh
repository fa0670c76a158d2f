#!/usr/bin/env bash
# Regenerates the pacing comparison of docs/benchmarks.md (issues 7 and 11): the scenario grid of
# benchmarks.md §1 and its shifts with progressive / fixed / vicidial / adaptive / oracle, 30 seeds
# per cell, then each policy's talk fraction at the 3 % abandon frontier. Both use every core.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
dotnet build -c Release bench/Outdial.Bench.Pacing > /dev/null
dotnet run -c Release --no-build --project bench/Outdial.Bench.Pacing -- table --seeds "${SEEDS:-30}" --out bench/results/pacing-table.md "$@"
dotnet run -c Release --no-build --project bench/Outdial.Bench.Pacing -- frontier --seeds "${SEEDS:-30}" --out bench/results/pacing-frontier.md

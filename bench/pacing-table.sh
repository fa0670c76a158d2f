#!/usr/bin/env bash
# Regenerates the pacing comparison table of docs/benchmarks.md (issue 7): the scenario grid of
# benchmarks.md §1 and its shifts, progressive / fixed / vicidial / oracle, 30 seeds per cell.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
dotnet run -c Release --project bench/Outdial.Bench.Pacing -- table --seeds "${SEEDS:-30}" --out bench/results/pacing-table.md "$@"

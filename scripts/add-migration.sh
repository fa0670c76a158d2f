#!/usr/bin/env bash
# Adds a migration with the same name for every database provider.
# Usage: scripts/add-migration.sh NAME
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh NAME}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite PostgreSql; do
  dotnet ef migrations add "$name" \
    --context "${provider}OutdialDbContext" \
    --output-dir "Migrations/$provider" \
    --namespace "Outdial.Persistence.Migrations.$provider" \
    --project src/Outdial.Persistence --startup-project src/Outdial.Persistence
done
# dotnet-ef places the model snapshot by namespace; keep it beside its migrations.
for provider in Sqlite PostgreSql; do
  snapshot=src/Outdial.Persistence/Outdial/Persistence/Migrations/$provider/${provider}OutdialDbContextModelSnapshot.cs
  if [[ -f $snapshot ]]; then mv "$snapshot" "src/Outdial.Persistence/Migrations/$provider/"; fi
done
rm -rf src/Outdial.Persistence/Outdial src/Outdial.Persistence/design.db

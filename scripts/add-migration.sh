#!/usr/bin/env bash
# Adds a migration to every set (SQLite, SQL Server, PostgreSQL): scripts/add-migration.sh <Name>
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh <MigrationName>}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet ef migrations add "$name" --project Infrastructure --startup-project Infrastructure \
  --context SqliteZhujiDbContext --output-dir Migrations/Sqlite
dotnet ef migrations add "$name" --project Infrastructure --startup-project Infrastructure \
  --context SqlServerZhujiDbContext --output-dir Migrations/SqlServer
dotnet ef migrations add "$name" --project Infrastructure --startup-project Infrastructure \
  --context PostgreSqlZhujiDbContext --output-dir Migrations/PostgreSql

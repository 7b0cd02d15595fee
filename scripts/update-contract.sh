#!/usr/bin/env bash
# Refreshes miniprogram-contract/openapi.json from the running API's document, then the TypeScript types, the labels
# (src/labels.ts) and the generated reference documents (docs/api.md, docs/configuration.md).
set -euo pipefail
cd "$(dirname "$0")/.."
# The back office is not built here: it is typed by this very contract, which may be what is being refreshed.
ZHUJI_UPDATE_CONTRACT=1 dotnet test Tests/Zhuji.Tests -p:SkipBackOffice=true --filter "FullyQualifiedName~ContractDriftTests|FullyQualifiedName~ReferenceDocsTests" --nologo -v q
cd miniprogram-contract
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent generate
echo "Updated miniprogram-contract/openapi.json and src/api-types.ts: review and commit them."

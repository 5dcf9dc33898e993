#!/usr/bin/env bash
# Rebuilds static/vendor/govuk-frontend from the npm package pinned in package.json.
# The output is committed, so `make run` needs no Node.js; run this after
# changing static/scss/ or upgrading govuk-frontend.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
out=static/vendor/govuk-frontend
rm -rf "$out" && mkdir -p "$out/js" "$out/assets"
npx sass --load-path=node_modules --style=compressed --no-source-map --quiet-deps --silence-deprecation=import \
  static/scss/portal.scss "$out/css/portal.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$out/js/"
cp -r node_modules/govuk-frontend/dist/govuk/assets/images "$out/assets/"
version=$(node -p "require('govuk-frontend/package.json').version")
printf 'govuk-frontend %s, from the npm registry. MIT licence, Copyright (c) 2016 Crown Copyright (Government Digital Service).\nBuilt by scripts/build_frontend.sh; do not edit by hand.\n' "$version" > "$out/VERSION.txt"
echo "built $out from govuk-frontend $version"

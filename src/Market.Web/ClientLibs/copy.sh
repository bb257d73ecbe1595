#!/usr/bin/env bash
# Installs the pinned browser libraries from npm and copies the files the pages load into wwwroot/lib.
# The copies are committed, so building and testing need no network; run this only to change a version.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
npm install --no-audit --no-fund --ignore-scripts
target=../wwwroot/lib/signalr
mkdir -p "$target"
cp node_modules/@microsoft/signalr/dist/browser/signalr.min.js "$target/"
version=$(node -p "require('@microsoft/signalr/package.json').version")
printf '@microsoft/signalr %s — MIT License, Copyright (c) .NET Foundation and Contributors.\nCopied from npm by src/Market.Web/ClientLibs/copy.sh.\n' "$version" > "$target/NOTICE.txt"
echo "copied @microsoft/signalr $(node -p "require('@microsoft/signalr/package.json').version") to $target"

#!/usr/bin/env bash
# Renders the HTML reference of every generated API (generated/*/docs/index.html), of the
# emitter's test fixtures (with the seed models of apiscrape-test-support) and of the shared ASP.NET conformance site in headless Chromium, writes screenshots at desktop and phone widths
# to target/docs-screenshots/, and fails on any console error, uncaught exception, failed or
# external request, broken search filter, broken in-page anchor or copy button, operation
# without its sample panel, or a page that scrolls sideways on a phone.
#
# Chromium is driven over the DevTools protocol by screenshot.js (node built-ins only), which
# sees every console message, exception and network request as a structured event; grepping
# `--enable-logging` output would miss failures Chromium does not log and match noise it does.
#
# Run by `cargo xtask ci` (step `browser`). Usage: xtask/ci/screenshot.sh (from anywhere). Needs
# node and Chromium (`chromium` on PATH or $CHROMIUM); `.ci/run` installs Debian's chromium.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

missing=()
if [ -z "${CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then missing+=(chromium); fi
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs); fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "screenshot.sh: ${missing[*]} not installed; install with apt-get install ${missing[*]} (.ci/run does)" >&2
  exit 1
fi

out="target/docs-screenshots"
rm -rf "$out"
mkdir -p "$out"
pages=()
for fixture in crates/apiscrape-test-support/fixtures/models/*.json crates/apiscrape-emit-docs/tests/fixtures/*.json; do
  name="$(basename "$fixture" .json)"
  dir="target/docs-fixtures/$name"
  rm -rf "$dir"
  cargo run -q -p apiscrape-emit-docs --example render-docs -- "$fixture" "$dir"
  pages+=("fixture-$name=$dir/index.html")
done
# A large real site (365 operations), when the shared conformance pages are beside the checkout.
conformance="../shared/conformance/aspnet-html"
if [ -d "$conformance" ]; then
  dir="target/docs-fixtures/conformance-aspnet"
  rm -rf "$dir"
  cargo run -q -p apiscrape -- -q docs "$conformance" -o "$dir"
  pages+=("conformance-aspnet=$dir/index.html")
fi
found_generated=0
for index in generated/*/docs/index.html; do
  [ -e "$index" ] || continue
  api="$(basename "$(dirname "$(dirname "$index")")")"
  pages+=("$api=$index")
  found_generated=1
done
if [ "$found_generated" = 0 ]; then
  echo "warning: no generated/*/docs/index.html yet (run cargo xtask codegen); fixtures only" >&2
fi

node "$here/screenshot.js" "$out" "${pages[@]}"
echo "==> screenshots in $out"

#!/usr/bin/env bash
# Validates every OpenAPI document apiscrape emits with three independent validators:
#   openapi-spec-validator (PyPI), @redocly/cli (`recommended` rules), @stoplight/spectral-cli
#   (`spectral:oas` rules).
# Documents checked: generated/*/openapi.yaml as committed, plus 3.1 and 3.0 renderings of every
# generated/*/model.json and of every test fixture (crates/apiscrape-emit-openapi/tests/fixtures),
# written to target/openapi-validate/docs/.
# Tools are installed at pinned versions into target/openapi-validate/ (never globally).
# Exits non-zero when any validator reports an error; warnings are printed, not fatal.
# Run by `cargo xtask ci` (step `openapi`); needs python3 (venv) and npm.
set -euo pipefail

OPENAPI_SPEC_VALIDATOR_VERSION=0.9.0
REDOCLY_CLI_VERSION=2.77.0
SPECTRAL_CLI_VERSION=6.16.3

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
fixtures="$root/crates/apiscrape-emit-openapi/tests/fixtures"
out="$root/target/openapi-validate"
mkdir -p "$out/docs"
cd "$root"

# --- tools -------------------------------------------------------------------------------
stamp="$out/.tools-$OPENAPI_SPEC_VALIDATOR_VERSION-$REDOCLY_CLI_VERSION-$SPECTRAL_CLI_VERSION"
if [[ ! -f "$stamp" ]]; then
    echo "openapi-validate.sh: installing validators into $out"
    python3 -m venv "$out/venv"
    "$out/venv/bin/pip" install --quiet --disable-pip-version-check \
        "openapi-spec-validator==$OPENAPI_SPEC_VALIDATOR_VERSION"
    npm install --silent --no-audit --no-fund --prefix "$out/npm" \
        "@redocly/cli@$REDOCLY_CLI_VERSION" "@stoplight/spectral-cli@$SPECTRAL_CLI_VERSION"
    touch "$stamp"
fi
osv="$out/venv/bin/openapi-spec-validator"
redocly="$out/npm/node_modules/.bin/redocly"
spectral="$out/npm/node_modules/.bin/spectral"

# --- documents ---------------------------------------------------------------------------
rm -f "$out/docs/"*
cargo build --quiet -p apiscrape-emit-openapi --example render-openapi
render="$root/target/debug/examples/render-openapi"
docs=()
shopt -s nullglob
for doc in generated/*/openapi.yaml; do
    docs+=("$doc")
done
for model in generated/*/model.json "$fixtures"/*.json; do
    if [[ "$model" == generated/* ]]; then
        name="$(basename "$(dirname "$model")")"
    else
        name="fixture-$(basename "$model" .json)"
    fi
    for version in 3.1 3.0; do
        target="$out/docs/$name-$version.yaml"
        "$render" "$model" "$version" > "$target"
        docs+=("${target#"$root/"}")
    done
done
if [[ ${#docs[@]} -eq 0 ]]; then
    echo "openapi-validate.sh: no documents to validate" >&2
    exit 1
fi
echo "openapi-validate.sh: ${#docs[@]} documents"

# --- validators --------------------------------------------------------------------------
status=0
echo "== openapi-spec-validator $OPENAPI_SPEC_VALIDATOR_VERSION"
"$osv" "${docs[@]}" || status=1

echo "== redocly lint $REDOCLY_CLI_VERSION (recommended)"
"$redocly" lint --config "$here/redocly.yaml" "${docs[@]}" || status=1

echo "== spectral lint $SPECTRAL_CLI_VERSION (spectral:oas)"
"$spectral" lint --ruleset "$here/spectral.yaml" --fail-severity error "${docs[@]}" || status=1

if [[ $status -ne 0 ]]; then
    echo "openapi-validate.sh: errors found" >&2
else
    echo "openapi-validate.sh: no errors"
fi
exit $status

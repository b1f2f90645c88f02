#!/usr/bin/env bash
# Validates every OpenAPI document apiscrape emits with three independent validators:
#   openapi-spec-validator (PyPI), @redocly/cli (`recommended` rules), @stoplight/spectral-cli
#   (`spectral:oas` rules).
# Documents checked: generated/*/openapi.yaml as committed, plus 3.1 and 3.0 renderings of every
# generated/*/model.json, of every test fixture (the seed models in
# crates/apiscrape-test-support/fixtures/models, crates/apiscrape-openapi/tests/fixtures) and,
# when present, of the third-party conformance pages in ../shared/conformance/aspnet-html (each page
# alone and all together) and of every page fixture of the parser (each page alone), written to
# target/openapi-validate/docs/.
# Every rendering is also read back with PyYAML (a YAML 1.1 reader) and compared with the JSON
# rendering of the same model: a scalar a 1.1 reader takes for a bool, date or number fails.
# Tools are installed at pinned versions into target/openapi-validate/ (never globally).
# Exits non-zero when any validator reports an error; warnings are printed, not fatal.
# Run by `cargo xtask ci` (step `openapi`); needs python3 (venv) and npm.
# OPENAPI_VALIDATORS=spec runs only openapi-spec-validator and the PyYAML read-back (no npm).
set -euo pipefail
only_spec=false
[[ "${OPENAPI_VALIDATORS:-all}" == spec ]] && only_spec=true

OPENAPI_SPEC_VALIDATOR_VERSION=0.9.0
REDOCLY_CLI_VERSION=2.77.0
SPECTRAL_CLI_VERSION=6.16.3

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
fixtures="$root/crates/apiscrape-openapi/tests/fixtures"
seeds="$root/crates/apiscrape-test-support/fixtures/models"
out="$root/target/openapi-validate"
mkdir -p "$out/docs"
cd "$root"

# --- tools -------------------------------------------------------------------------------
stamp="$out/.tools-$OPENAPI_SPEC_VALIDATOR_VERSION-$REDOCLY_CLI_VERSION-$SPECTRAL_CLI_VERSION"
if $only_spec; then
    if [[ ! -x "$out/venv/bin/openapi-spec-validator" ]]; then
        python3 -m venv "$out/venv"
        "$out/venv/bin/pip" install --quiet --disable-pip-version-check \
            "openapi-spec-validator==$OPENAPI_SPEC_VALIDATOR_VERSION"
    fi
elif [[ ! -f "$stamp" ]]; then
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
cargo build --quiet -p apiscrape-openapi --example render-openapi
cargo build --quiet -p apiscrape
render="$root/target/debug/examples/render-openapi"
apiscrape="$root/target/debug/apiscrape"
docs=()
shopt -s nullglob
for doc in generated/*/openapi.yaml; do
    docs+=("$doc")
done
models=(generated/*/model.json "$seeds"/*.json "$fixtures"/*.json)
conformance="${APISCRAPE_CONFORMANCE:-$root/../shared/conformance/aspnet-html}"
if [[ -d "$conformance" ]]; then
    # Parse errors in third-party pages are reported by the parser, not fatal here.
    for page in "$conformance"/*.htm*; do
        model="$out/docs/conformance-$(basename "${page%.*}").model.json"
        "$apiscrape" parse "$page" -o "$model" 2>/dev/null || true
        [[ -f "$model" ]] && models+=("$model")
    done
    model="$out/docs/conformance-all.model.json"
    "$apiscrape" parse "$conformance" -o "$model" 2>/dev/null || true
    [[ -f "$model" ]] && models+=("$model")
fi
# Every page fixture of the parser: each file alone (a fixture may hold several renderings of
# one site, which read together would clash) and each fixture folder of one rendering.
parse_fixtures="$root/crates/apiscrape-parse/tests/fixtures"
for page in "$parse_fixtures"/rambase/*.txt "$parse_fixtures"/rambase/*.html \
    "$parse_fixtures"/aspnet/*/*.txt "$parse_fixtures"/aspnet/*/*.html "$parse_fixtures"/aspnet/*/*.md \
    "$parse_fixtures"/aspnet/*/*/*.txt "$parse_fixtures"/aspnet/*/*/*.html "$parse_fixtures"/aspnet/*/*/*.md; do
    rel="${page#"$parse_fixtures"/}"
    model="$out/docs/page-$(echo "${rel%.*}" | tr '/' '-').model.json"
    # A page the parser refuses (input errors) writes no model; that is the parser's test.
    "$apiscrape" parse "$page" -o "$model" 2>/dev/null || true
    [[ -f "$model" ]] && models+=("$model")
done
pairs=()
for model in "${models[@]}"; do
    if [[ "$model" == generated/* ]]; then
        name="$(basename "$(dirname "$model")")"
    elif [[ "$model" == *.model.json ]]; then
        name="$(basename "$model" .model.json)"
    else
        name="fixture-$(basename "$model" .json)"
    fi
    for version in 3.1 3.0; do
        target="$out/docs/$name-$version.yaml"
        "$render" "$model" "$version" > "$target"
        "$render" "$model" "$version" json > "${target%.yaml}.json"
        docs+=("${target#"$root/"}")
        pairs+=("$target")
    done
done
if [[ ${#docs[@]} -eq 0 ]]; then
    echo "openapi-validate.sh: no documents to validate" >&2
    exit 1
fi
echo "openapi-validate.sh: ${#docs[@]} documents"

# --- validators --------------------------------------------------------------------------
status=0
echo "== YAML 1.1 read-back (PyYAML) of ${#pairs[@]} renderings against their JSON"
"$out/venv/bin/python" - "${pairs[@]}" <<'PY' || status=1
import json, sys, yaml
bad = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        from_yaml = yaml.safe_load(f)
    with open(path[: -len(".yaml")] + ".json", encoding="utf-8") as f:
        from_json = json.load(f)
    if from_yaml != from_json:
        bad += 1
        print(f"{path}: PyYAML reads something else than the JSON rendering says")
print(f"PyYAML read-back: {len(sys.argv) - 1 - bad} of {len(sys.argv) - 1} documents agree")
sys.exit(1 if bad else 0)
PY

echo "== openapi-spec-validator $OPENAPI_SPEC_VALIDATOR_VERSION"
"$osv" "${docs[@]}" || status=1

if ! $only_spec; then
    echo "== redocly lint $REDOCLY_CLI_VERSION (recommended)"
    "$redocly" lint --config "$here/redocly.yaml" "${docs[@]}" || status=1

    echo "== spectral lint $SPECTRAL_CLI_VERSION (spectral:oas)"
    "$spectral" lint --ruleset "$here/spectral.yaml" --fail-severity error "${docs[@]}" || status=1
fi

if [[ $status -ne 0 ]]; then
    echo "openapi-validate.sh: errors found" >&2
else
    echo "openapi-validate.sh: no errors"
fi
exit $status
